//! Annotation in the background: `demarche serve` starts at once on what the corpus has
//! committed, and annotates and indexes the documents that wait (left by an ingest with
//! `--no-index`, an interrupted one, or one still running) whenever no other writer holds
//! the corpus. Their number is shown on the search and corpus pages until none is left.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use demarche_annotate::pipeline::Pipeline;
use demarche_query::indexer::{self, Options};
use demarche_store::{lock, Store};

use crate::App;

/// How often the corpus is looked at for waiting documents.
const POLL: Duration = Duration::from_secs(1);

/// Counts the waiting documents now, then watches for them on a thread of its own.
pub fn start(app: Arc<App>, pipeline: Pipeline) {
    let store = match Store::open_existing(&app.corpus) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("demarche serve: no background annotation: {e}");
            return;
        }
    };
    count(&app, &store);
    let spawned = std::thread::Builder::new()
        .name("demarche-annotate".into())
        .spawn(move || watch(&app, store, &pipeline));
    if let Err(e) = spawned {
        eprintln!("demarche serve: no background annotation: {e}");
    }
}

fn count(app: &App, store: &Store) -> u64 {
    match store.count_pending(indexer::VERSION) {
        Ok(n) => {
            app.pending.store(n, Ordering::Relaxed);
            n
        }
        Err(e) => {
            eprintln!("demarche serve: cannot count the documents to annotate: {e}");
            0
        }
    }
}

fn watch(app: &App, mut store: Store, pipeline: &Pipeline) {
    // a smaller indexing budget than `demarche index`: the server's readers share the machine
    let opts = Options {
        commit_every: 2_000,
        heap: 64 << 20,
        ..Options::default()
    };
    loop {
        if count(app, &store) > 0 {
            match lock::try_lock(&app.corpus, "serve (background annotation)") {
                Ok(Some(_lock)) => {
                    let index = app.searcher.index();
                    let r =
                        indexer::update(&mut store, index, pipeline, &opts, &mut |done, total| {
                            app.pending
                                .store(total.saturating_sub(done), Ordering::Relaxed)
                        });
                    match r {
                        Ok(s) if s.documents > 0 => eprintln!(
                            "demarche serve: annotated and indexed {} waiting documents",
                            s.documents
                        ),
                        Ok(_) => {}
                        Err(e) => {
                            eprintln!("demarche serve: background annotation failed: {e}");
                            std::thread::sleep(POLL * 30); // not again every second
                        }
                    }
                    count(app, &store);
                }
                Ok(None) => {} // another writer is at work; it indexes what it adds
                Err(e) => eprintln!("demarche serve: background annotation: {e}"),
            }
        }
        std::thread::sleep(POLL);
    }
}
