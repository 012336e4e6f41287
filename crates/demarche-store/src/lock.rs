//! The corpus writer lock: one writer at a time (an ingest, an index run, the background
//! annotation of `demarche serve`), any number of readers beside it.
//!
//! The lock is an advisory lock (`flock` on Unix, `LockFileEx` on Windows) on the file
//! `writer.lock` in the corpus directory, held as long as the [`WriterLock`] lives: the
//! operating system releases it when the process ends, however it ends, so a killed writer
//! never leaves the corpus locked. The file names its holder (process id and command), for
//! the message of a writer that waits. Readers never take it: SQLite in WAL mode and the
//! index readers see what the writer has committed.

use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use fs4::fs_std::FileExt;

use crate::{Error, Result};

/// Name of the lock file in the corpus directory.
pub const LOCK_FILE: &str = "writer.lock";

/// How often a waiting writer tries again.
const POLL: Duration = Duration::from_millis(200);

/// The corpus writer lock, held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
    path: PathBuf,
}

impl WriterLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn open(dir: &Path) -> Result<(File, PathBuf)> {
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|err| Error::Io {
            path: path.clone(),
            err,
        })?;
    Ok((file, path))
}

/// Takes the lock when no other writer holds it; `Ok(None)` when one does. `holder` (a
/// command, e.g. `ingest`) is written into the lock file for the messages of others.
pub fn try_lock(dir: &Path, holder: &str) -> Result<Option<WriterLock>> {
    let (mut file, path) = open(dir)?;
    let io = |err| Error::Io {
        path: path.clone(),
        err,
    };
    if !FileExt::try_lock_exclusive(&file).map_err(io)? {
        return Ok(None);
    }
    // who holds it, for the others' messages (best effort: the lock is what counts)
    let _ = file
        .set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| writeln!(file, "{} {holder}", std::process::id()));
    Ok(Some(WriterLock { _file: file, path }))
}

/// Who holds the lock, as its file says (`pid command`), if anyone wrote it.
pub fn holder(dir: &Path) -> Option<String> {
    let s = std::fs::read_to_string(dir.join(LOCK_FILE)).ok()?;
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Takes the lock, waiting for the writer that holds it unless `wait` is false (then
/// [`Error::Busy`]). `waiting` is called once, when the lock is found taken.
pub fn lock(
    dir: &Path,
    holder_name: &str,
    wait: bool,
    waiting: &mut dyn FnMut(Option<String>),
) -> Result<WriterLock> {
    let mut told = false;
    loop {
        if let Some(l) = try_lock(dir, holder_name)? {
            return Ok(l);
        }
        if !wait {
            return Err(Error::Busy {
                path: dir.to_path_buf(),
                holder: holder(dir),
            });
        }
        if !told {
            waiting(holder(dir));
            told = true;
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_writer_at_a_time() {
        let dir = std::env::temp_dir().join(format!("demarche-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = try_lock(&dir, "ingest").unwrap().expect("free");
        assert!(try_lock(&dir, "index").unwrap().is_none());
        assert!(holder(&dir).unwrap().ends_with("ingest"));
        let e = lock(&dir, "index", false, &mut |_| {}).unwrap_err();
        assert!(e.to_string().contains("another demarche writer"), "{e}");
        drop(first);
        assert!(try_lock(&dir, "index").unwrap().is_some());
        std::fs::remove_dir_all(&dir).ok();
    }
}
