//! The index schema and its directory.

use std::path::Path;

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{IndexReader, ReloadPolicy};

use crate::analysis::{analyzer, keyword, pairs, ANALYZER, KEYWORD, PAIRS};
use crate::Result;

/// Schema version: an index made with another is rebuilt.
pub const SCHEMA_VERSION: u32 = 3;

/// The fields.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The document's `seq` in the store (the join key; stored).
    pub seq: Field,
    /// Title, analysed.
    pub title: Field,
    /// Title and clean text, analysed, with frequencies (words and filters match here).
    pub text: Field,
    /// Adjacent word pairs of title and clean text, with positions (phrases match here).
    pub pairs: Field,
    /// Outlet as written (facet).
    pub outlet: Field,
    /// Outlet lowercased (filter).
    pub outlet_key: Field,
    /// Language code.
    pub lang: Field,
    /// Input format.
    pub format: Field,
    /// KB ids of the entities mentioned.
    pub entity: Field,
    /// Names of those entities, analysed.
    pub entity_text: Field,
    /// Speaker keys (KB id, or `name:` and the folded words naming an unlinked source).
    pub speaker: Field,
    /// Speaker names and source words, analysed.
    pub speaker_text: Field,
    /// Near-duplicate cluster.
    pub cluster: Field,
    /// Date as `yyyymmdd` (`dd` = 00 for a month, `mm` = 00 for a year).
    pub date: Field,
    /// Month as `yyyymm` (the histogram's key).
    pub month: Field,
    /// Date and time as `yyyymmddhhmmss` (the sort key).
    pub when: Field,
}

fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let facet = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_fast("raw");
    let fast_only = TextOptions::default().set_fast("raw");
    let num = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        seq: b.add_u64_field("seq", num.clone().set_stored()),
        title: b.add_text_field("title", text.clone()),
        text: b.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ANALYZER)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        pairs: b.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PAIRS)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        outlet: b.add_text_field("outlet", fast_only),
        outlet_key: b.add_text_field(
            "outlet_key",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(KEYWORD)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        lang: b.add_text_field("lang", facet.clone()),
        format: b.add_text_field("format", facet.clone()),
        entity: b.add_text_field("entity", facet.clone()),
        entity_text: b.add_text_field("entity_text", text.clone()),
        speaker: b.add_text_field("speaker", facet),
        speaker_text: b.add_text_field("speaker_text", text),
        cluster: b.add_u64_field("cluster", num.clone()),
        date: b.add_u64_field("date", num.clone()),
        month: b.add_u64_field("month", num.clone()),
        when: b.add_u64_field("when", num),
    };
    (b.build(), fields)
}

/// An open index.
#[derive(Clone)]
pub struct Index {
    /// The tantivy index.
    pub index: tantivy::Index,
    /// Its fields.
    pub fields: Fields,
    /// A reader that follows commits.
    pub reader: IndexReader,
}

impl Index {
    /// Opens the index of the corpus in `corpus` (creating it, or recreating it when its
    /// schema version differs; the store then re-indexes every document).
    pub fn open(corpus: &Path) -> Result<Index> {
        let dir = corpus.join("index");
        let (schema, fields) = build();
        let stamp = dir.join("demarche-schema");
        let current = std::fs::read_to_string(&stamp)
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok());
        if dir.exists() && current != Some(SCHEMA_VERSION) {
            std::fs::remove_dir_all(&dir).map_err(|e| {
                crate::Error::Query(format!("cannot reset index {}: {e}", dir.display()))
            })?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            crate::Error::Query(format!("cannot create index {}: {e}", dir.display()))
        })?;
        let mmap = tantivy::directory::MmapDirectory::open(&dir).map_err(|e| {
            crate::Error::Query(format!("cannot open index {}: {e}", dir.display()))
        })?;
        let index = tantivy::Index::open_or_create(mmap, schema)?;
        if current != Some(SCHEMA_VERSION) {
            // written once, atomically: a reader in another process never sees it half-done
            let tmp = dir.join(format!("demarche-schema.{}", std::process::id()));
            std::fs::write(&tmp, SCHEMA_VERSION.to_string())
                .and_then(|_| std::fs::rename(&tmp, &stamp))
                .map_err(|e| {
                    crate::Error::Query(format!("cannot write {}: {e}", stamp.display()))
                })?;
        }
        Index::ready(index, fields)
    }

    /// An index in memory (tests).
    pub fn in_memory() -> Result<Index> {
        let (schema, fields) = build();
        Index::ready(tantivy::Index::create_in_ram(schema), fields)
    }

    fn ready(index: tantivy::Index, fields: Fields) -> Result<Index> {
        index.tokenizers().register(ANALYZER, analyzer());
        index.tokenizers().register(KEYWORD, keyword());
        index.tokenizers().register(PAIRS, pairs());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Index {
            index,
            fields,
            reader,
        })
    }

    /// Whether the store's annotation version must be forgotten because the index was reset
    /// (an empty index beside annotated documents).
    pub fn is_empty(&self) -> bool {
        self.reader.searcher().num_docs() == 0
    }
}
