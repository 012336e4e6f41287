//! The embedded corpus: one directory holding `demarche.db`, an SQLite database in WAL mode
//! with documents, compressed raw originals, metadata, provenance, rejected inputs, ingest
//! runs, near-duplicate clusters and per-outlet line statistics.
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("demarche-doc-{}", std::process::id()));
//! let store = demarche_store::Store::open(&dir).unwrap();
//! assert_eq!(store.count_documents().unwrap(), 0);
//! # std::fs::remove_dir_all(&dir).ok();
//! ```
//!
//! Every write goes through a [`Batch`], one SQLite transaction: a crash or a kill loses at
//! most the batch in flight and never leaves half a document. Document ids come from the
//! source and the raw record, so inserting a document that is already there does nothing.
#![deny(missing_docs)]

pub mod annot;
pub mod lock;
pub mod near;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use demarche_model::{Document, Metadata, Provenance, Removed};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// Store errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("store error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The corpus directory could not be created or read.
    #[error("store error: {path}: {err}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What happened.
        err: std::io::Error,
    },
    /// Stored data could not be decoded.
    #[error("store error: corrupt {0}")]
    Corrupt(String),
    /// No such document.
    #[error("no document with id {0:?}")]
    NotFound(String),
    /// The directory holds no corpus (a read command never creates one).
    #[error("no corpus at {} (ingest something first, or pass --corpus)", .0.display())]
    NoCorpus(PathBuf),
    /// Another writer holds the corpus and the caller would not wait.
    #[error(
        "another demarche writer{} is working on {} (an ingest, an index run or the background \
         annotation of serve); try again when it is done, or leave out --no-wait to wait for it",
        holder.as_deref().map(|h| format!(" (process {h})")).unwrap_or_default(),
        path.display()
    )]
    Busy {
        /// The corpus directory.
        path: PathBuf,
        /// Who holds the lock (`pid command`), when known.
        holder: Option<String>,
    },
}

/// Result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS raws(
  id TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS documents(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  fingerprint TEXT NOT NULL,
  raw_id TEXT NOT NULL REFERENCES raws(id),
  title TEXT, outlet TEXT, lang TEXT, date_iso TEXT, date_sort TEXT,
  format TEXT NOT NULL, path TEXT NOT NULL,
  text TEXT NOT NULL,
  meta TEXT NOT NULL, provenance TEXT NOT NULL, alignment BLOB NOT NULL, removed TEXT NOT NULL,
  cluster INTEGER, minhash BLOB,
  run INTEGER, ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_fp ON documents(fingerprint);
CREATE INDEX IF NOT EXISTS documents_cluster ON documents(cluster);
CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet);
CREATE TABLE IF NOT EXISTS lsh(
  key INTEGER NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY(key, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS problems(
  id INTEGER PRIMARY KEY,
  run INTEGER, kind TEXT NOT NULL, path TEXT NOT NULL, locator TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL, at TEXT NOT NULL,
  UNIQUE(kind, path, locator, reason)
);
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, args TEXT,
  new_docs INTEGER DEFAULT 0, existing INTEGER DEFAULT 0, rejected INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0
);
CREATE TABLE IF NOT EXISTS line_stats(
  outlet TEXT NOT NULL, hash INTEGER NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY(outlet, hash)
) WITHOUT ROWID;
"#;

/// The corpus.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    /// Jaccard similarity at or above which two documents are near-duplicates.
    pub near_threshold: f64,
}

/// A document as listed.
#[derive(Clone, Debug, Serialize)]
pub struct DocRow {
    /// Id.
    pub id: String,
    /// Publication date (ISO, possibly partial).
    pub date: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Format read.
    pub format: String,
    /// Near-duplicate cluster (the `seq` of its first member).
    pub cluster: Option<i64>,
    /// Size of the cluster.
    pub cluster_size: i64,
    /// Input path.
    pub path: String,
}

impl DocRow {
    /// The query that [`DocRow::from_row`] reads (documents aliased `d`).
    pub(crate) const SELECT: &'static str =
        "SELECT d.id, d.date_iso, d.outlet, d.lang, d.title, d.format, d.cluster, \
         (SELECT count(*) FROM documents c WHERE c.cluster = d.cluster), d.path FROM documents d";

    pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocRow> {
        Ok(DocRow {
            id: r.get(0)?,
            date: r.get(1)?,
            outlet: r.get(2)?,
            lang: r.get(3)?,
            title: r.get(4)?,
            format: r.get(5)?,
            cluster: r.get(6)?,
            cluster_size: r.get(7)?,
            path: r.get(8)?,
        })
    }
}

/// A rejected or skipped input.
#[derive(Clone, Debug, Serialize)]
pub struct ProblemRow {
    /// `rejected` or `skipped`.
    pub kind: String,
    /// Input path.
    pub path: String,
    /// Record or position.
    pub locator: Option<String>,
    /// Reason.
    pub reason: String,
    /// When it was recorded.
    pub at: String,
    /// The ingest run.
    pub run: Option<i64>,
}

/// Outcome of inserting a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// A new document, in this cluster.
    New {
        /// Cluster id.
        cluster: i64,
        /// Whether it joined an existing cluster (it is a duplicate of something).
        duplicate: bool,
    },
    /// The id was already in the corpus.
    Existing,
}

fn now() -> String {
    // seconds since the epoch in ISO form, without a time-zone dependency
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Store {
    /// Opens (creating if needed) the corpus in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|err| Error::Io {
            path: dir.to_path_buf(),
            err,
        })?;
        let conn = Connection::open(dir.join("demarche.db"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -32_000)?; // 32 MB page cache
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(annot::SCHEMA)?;
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
            near_threshold: 0.8,
        })
    }

    /// Opens the corpus in `dir`, which must exist: the read commands never create one, so
    /// that a mistyped path is an error instead of an empty corpus.
    ///
    /// # Errors
    /// [`Error::NoCorpus`] when `dir` holds no `demarche.db`.
    pub fn open_existing(dir: &Path) -> Result<Store> {
        if !dir.join("demarche.db").is_file() {
            return Err(Error::NoCorpus(dir.to_path_buf()));
        }
        Store::open(dir)
    }

    /// The corpus directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts an ingest run and returns its id.
    pub fn begin_run(&self, args: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO runs(started, args) VALUES(?1, ?2)",
            params![now(), args],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Closes an ingest run with its counts.
    pub fn finish_run(
        &self,
        run: i64,
        new_docs: u64,
        existing: u64,
        rejected: u64,
        skipped: u64,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE runs SET finished=?2, new_docs=?3, existing=?4, rejected=?5, skipped=?6 WHERE id=?1",
            params![run, now(), new_docs as i64, existing as i64, rejected as i64, skipped as i64],
        )?;
        Ok(())
    }

    /// Starts a write transaction.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        let threshold = self.near_threshold;
        let tx = self.conn.transaction()?;
        Ok(Batch { tx, threshold })
    }

    /// Whether a document id is in the corpus.
    pub fn contains(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM documents WHERE id=?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Number of documents.
    pub fn count_documents(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Lists documents, optionally one cluster's members (earliest-dated first) or one
    /// outlet's.
    pub fn list(
        &self,
        cluster: Option<&str>,
        outlet: Option<&str>,
        limit: Option<u64>,
    ) -> Result<Vec<DocRow>> {
        let mut sql = String::from(DocRow::SELECT);
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(c) = cluster {
            // a cluster is named by its number or by the id of any member
            let cid: Option<i64> = match c.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => self
                    .conn
                    .query_row(
                        "SELECT cluster FROM documents WHERE id=?1 OR id LIKE ?2 || '%' LIMIT 1",
                        params![c, c],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten(),
            };
            sql.push_str(" WHERE d.cluster = ? ORDER BY (d.date_sort IS NULL), d.date_sort, d.seq");
            args.push(cid.unwrap_or(-1).into());
        } else if let Some(o) = outlet {
            sql.push_str(" WHERE d.outlet = ? ORDER BY d.seq");
            args.push(o.to_string().into());
        } else {
            sql.push_str(" ORDER BY d.seq");
        }
        if let Some(l) = limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), DocRow::from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Finds a document by id or unique id prefix.
    pub fn resolve_id(&self, id: &str) -> Result<String> {
        let mut st = self
            .conn
            .prepare("SELECT id FROM documents WHERE id LIKE ?1 || '%' LIMIT 2")?;
        let ids: Vec<String> = st
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        match ids.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(Error::NotFound(id.to_string())),
        }
    }

    /// Loads a whole document.
    pub fn get(&self, id: &str) -> Result<Document> {
        let id = self.resolve_id(id)?;
        self.get_exact(&id)
    }

    /// Loads a whole document by its full id.
    pub fn get_exact(&self, id: &str) -> Result<Document> {
        let row = self.conn.query_row(
            "SELECT id, fingerprint, text, alignment, meta, provenance, removed, raw_id FROM documents WHERE id=?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            },
        )?;
        let (id, fingerprint, text, al, meta, prov, removed, raw_id) = row;
        // decoded as it is decompressed: the JSON of a text of millions of lines is large
        let al =
            zstd::Decoder::new(&al[..]).map_err(|e| Error::Corrupt(format!("alignment: {e}")))?;
        let alignment = serde_json::from_reader(std::io::BufReader::with_capacity(1 << 16, al))
            .map_err(|e| Error::Corrupt(format!("alignment: {e}")))?;
        Ok(Document {
            id,
            fingerprint,
            text,
            alignment,
            meta: serde_json::from_str::<Metadata>(&meta)
                .map_err(|e| Error::Corrupt(format!("metadata: {e}")))?,
            provenance: serde_json::from_str::<Provenance>(&prov)
                .map_err(|e| Error::Corrupt(format!("provenance: {e}")))?,
            removed: serde_json::from_str::<Vec<Removed>>(&removed)
                .map_err(|e| Error::Corrupt(format!("removed: {e}")))?,
            raw_id,
        })
    }

    /// The raw original of a document.
    pub fn raw(&self, raw_id: &str) -> Result<Vec<u8>> {
        let data: Vec<u8> =
            self.conn
                .query_row("SELECT data FROM raws WHERE id=?1", [raw_id], |r| r.get(0))?;
        zstd::decode_all(&data[..]).map_err(|e| Error::Corrupt(format!("raw original: {e}")))
    }

    /// The near-duplicate cluster of a document.
    pub fn cluster_of(&self, id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT cluster FROM documents WHERE id=?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// Rejected inputs (and skipped records when `all`).
    pub fn problems(&self, all: bool) -> Result<Vec<ProblemRow>> {
        let sql = if all {
            "SELECT kind, path, locator, reason, at, run FROM problems ORDER BY id"
        } else {
            "SELECT kind, path, locator, reason, at, run FROM problems WHERE kind='rejected' ORDER BY id"
        };
        let mut st = self.conn.prepare(sql)?;
        let rows = st.query_map([], |r| {
            let loc: String = r.get(2)?;
            Ok(ProblemRow {
                kind: r.get(0)?,
                path: r.get(1)?,
                locator: (!loc.is_empty()).then_some(loc),
                reason: r.get(3)?,
                at: r.get(4)?,
                run: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Counts grouped by `column` (`outlet`, `lang`, `format`, or `month`).
    pub fn counts_by(&self, column: &str) -> Result<Vec<(String, u64)>> {
        let expr = match column {
            "outlet" => "coalesce(outlet, '(unknown)')",
            "lang" => "coalesce(lang, '(unknown)')",
            "format" => "format",
            "month" => "CASE WHEN date_iso IS NULL THEN '(no date)' WHEN date_iso LIKE '--%' THEN '(no year)' ELSE substr(date_iso, 1, 7) END",
            other => return Err(Error::Corrupt(format!("no such grouping {other}"))),
        };
        let sql = format!(
            "SELECT {expr} AS k, count(*) FROM documents GROUP BY k ORDER BY count(*) DESC, k"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Number of clusters with more than one member, and documents in them.
    pub fn duplicate_clusters(&self) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) n FROM documents GROUP BY cluster HAVING n > 1)",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    }

    /// Number of rejected and skipped entries.
    pub fn problem_counts(&self) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(kind='rejected'), 0), coalesce(sum(kind='skipped'), 0) FROM problems",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    }

    /// Loads the outlet line statistics (corpus evidence for boilerplate).
    pub fn load_line_stats(&self) -> Result<OutletLines> {
        let mut st = self
            .conn
            .prepare("SELECT outlet, hash, count FROM line_stats")?;
        let mut map = HashMap::new();
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u32,
            ))
        })?;
        for row in rows {
            let (o, h, c) = row?;
            map.insert((o, h), c);
        }
        Ok(OutletLines {
            map: Mutex::new(map),
            dirty: Mutex::new(Vec::new()),
        })
    }
}

/// Per-outlet counts of short lines, shared by the ingest workers and flushed by the writer.
pub struct OutletLines {
    map: Mutex<HashMap<(String, u64), u32>>,
    dirty: Mutex<Vec<(String, u64)>>,
}

impl OutletLines {
    /// How many documents of `outlet` had the line.
    pub fn count(&self, outlet: &str, line: u64) -> u32 {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&(outlet.to_string(), line)).copied().unwrap_or(0)
    }

    /// Records one more document of `outlet` with these lines.
    pub fn add(&self, outlet: &str, lines: &[u64]) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let mut dirty = self.dirty.lock().unwrap_or_else(|e| e.into_inner());
        for &l in lines {
            *map.entry((outlet.to_string(), l)).or_default() += 1;
            dirty.push((outlet.to_string(), l));
        }
    }

    fn take_dirty(&self) -> Vec<((String, u64), u32)> {
        let mut dirty = self.dirty.lock().unwrap_or_else(|e| e.into_inner());
        let keys = std::mem::take(&mut *dirty);
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        keys.into_iter()
            .filter_map(|k| map.get(&k).map(|&c| (k, c)))
            .collect()
    }
}

/// A document made ready for the store off the writer's thread: serialised, compressed,
/// signed. The writer then only runs SQL.
pub struct Prepared {
    raw_z: Vec<u8>,
    raw_len: usize,
    alignment_z: Vec<u8>,
    meta: String,
    provenance: String,
    removed: String,
    sig: Vec<u32>,
    keys: Vec<i64>,
}

/// Prepares a document and its raw original for [`Batch::insert`].
pub fn prepare(doc: &Document, raw: &[u8]) -> Result<Prepared> {
    let ser = |e: serde_json::Error| Error::Corrupt(e.to_string());
    let comp = |e: std::io::Error| Error::Corrupt(format!("compress: {e}"));
    // the alignment's JSON goes straight into the compressor: for a text of millions of
    // short lines it is hundreds of megabytes, compressed a few
    let alignment_z = {
        let enc = zstd::Encoder::new(Vec::new(), 1).map_err(comp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, enc);
        serde_json::to_writer(&mut w, &doc.alignment).map_err(ser)?;
        w.into_inner()
            .map_err(|e| comp(e.into_error()))?
            .finish()
            .map_err(comp)?
    };
    let sig = near::signature(&doc.text);
    Ok(Prepared {
        raw_z: zstd::encode_all(raw, 1).map_err(comp)?,
        raw_len: raw.len(),
        alignment_z,
        meta: serde_json::to_string(&doc.meta).map_err(ser)?,
        provenance: serde_json::to_string(&doc.provenance).map_err(ser)?,
        removed: serde_json::to_string(&doc.removed).map_err(ser)?,
        keys: near::band_keys(&sig),
        sig,
    })
}

/// One write transaction.
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    threshold: f64,
}

impl Batch<'_> {
    /// Inserts a document with its raw original (both made ready by [`prepare`]); assigns
    /// its near-duplicate cluster.
    pub fn insert(&mut self, doc: &Document, p: &Prepared, run: i64) -> Result<Inserted> {
        let exists = self
            .tx
            .query_row("SELECT 1 FROM documents WHERE id=?1", [&doc.id], |_| Ok(()))
            .optional()?
            .is_some();
        if exists {
            return Ok(Inserted::Existing);
        }
        let has_raw = self
            .tx
            .query_row("SELECT 1 FROM raws WHERE id=?1", [&doc.raw_id], |_| Ok(()))
            .optional()?
            .is_some();
        if !has_raw {
            self.tx.execute(
                "INSERT INTO raws(id, size, data) VALUES(?1, ?2, ?3)",
                params![doc.raw_id, p.raw_len as i64, p.raw_z],
            )?;
        }
        let sig = &p.sig;
        let m = &doc.meta;
        self.tx.execute(
            "INSERT INTO documents(id, fingerprint, raw_id, title, outlet, lang, date_iso, date_sort, format, path, text, \
             meta, provenance, alignment, removed, minhash, run, ingested_at) \
             VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
            params![
                doc.id,
                doc.fingerprint,
                doc.raw_id,
                m.title,
                m.outlet,
                m.lang,
                m.date.as_ref().map(|d| d.iso()),
                m.date.as_ref().map(|d| d.sort_key()),
                doc.provenance.format.name(),
                doc.provenance.path,
                doc.text,
                p.meta,
                p.provenance,
                p.alignment_z,
                p.removed,
                near::to_bytes(sig),
                run,
                now(),
            ],
        )?;
        let seq = self.tx.last_insert_rowid();
        // exact duplicates share the fingerprint
        let exact: Option<i64> = self
            .tx
            .query_row(
                "SELECT cluster FROM documents WHERE fingerprint=?1 AND seq<>?2 LIMIT 1",
                params![doc.fingerprint, seq],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let (cluster, duplicate) = if let Some(c) = exact {
            (c, true)
        } else {
            let keys = &p.keys;
            let mut clusters: Vec<i64> = Vec::new();
            {
                let mut find = self.tx.prepare_cached("SELECT l.seq, d.minhash, d.cluster FROM lsh l JOIN documents d ON d.seq = l.seq WHERE l.key=?1 LIMIT 32")?;
                let mut seen = std::collections::HashSet::new();
                for k in keys {
                    let rows = find.query_map([k], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, Vec<u8>>(1)?,
                            r.get::<_, Option<i64>>(2)?,
                        ))
                    })?;
                    for row in rows {
                        let (other, mh, cl) = row?;
                        // one match per cluster is enough: its members are alike
                        if !seen.insert(other) || cl.is_some_and(|c| clusters.contains(&c)) {
                            continue;
                        }
                        if near::similarity(sig, &near::from_bytes(&mh)) >= self.threshold {
                            if let Some(c) = cl {
                                if !clusters.contains(&c) {
                                    clusters.push(c);
                                }
                            }
                        }
                    }
                }
                let mut ins = self
                    .tx
                    .prepare_cached("INSERT INTO lsh(key, seq) VALUES(?1, ?2)")?;
                for k in keys {
                    ins.execute(params![k, seq])?;
                }
            }
            clusters.sort_unstable();
            match clusters.split_first() {
                Some((&first, rest)) => {
                    for &c in rest {
                        self.tx.execute(
                            "UPDATE documents SET cluster=?1 WHERE cluster=?2",
                            params![first, c],
                        )?;
                    }
                    (first, true)
                }
                None => (seq, false),
            }
        };
        self.tx.execute(
            "UPDATE documents SET cluster=?1 WHERE seq=?2",
            params![cluster, seq],
        )?;
        Ok(Inserted::New { cluster, duplicate })
    }

    /// Records in a document's provenance how many identical records its input held
    /// (`copies`); false when there is no such document.
    pub fn set_copies(&mut self, id: &str, copies: u64) -> Result<bool> {
        let n = self.tx.execute(
            "UPDATE documents SET provenance = json_set(provenance, '$.copies', ?2) WHERE id = ?1",
            params![id, copies as i64],
        )?;
        Ok(n > 0)
    }

    /// Records a rejected input (`kind = "rejected"`) or a skipped record (`"skipped"`).
    pub fn problem(
        &mut self,
        run: i64,
        kind: &str,
        path: &str,
        locator: Option<&str>,
        reason: &str,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO problems(run, kind, path, locator, reason, at) VALUES(?1,?2,?3,?4,?5,?6) \
             ON CONFLICT(kind, path, locator, reason) DO UPDATE SET run=excluded.run, at=excluded.at",
            params![run, kind, path, locator.unwrap_or(""), reason, now()],
        )?;
        Ok(())
    }

    /// Writes the line statistics that changed.
    pub fn flush_lines(&mut self, lines: &OutletLines) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO line_stats(outlet, hash, count) VALUES(?1,?2,?3) ON CONFLICT(outlet, hash) DO UPDATE SET count=excluded.count",
        )?;
        for ((o, h), c) in lines.take_dirty() {
            st.execute(params![o, h as i64, c as i64])?;
        }
        Ok(())
    }

    /// Commits the transaction.
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_render() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_358), (2023, 1, 1));
        assert!(now().ends_with('Z'));
    }
}
