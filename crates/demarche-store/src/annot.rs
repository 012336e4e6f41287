//! Annotations kept with the corpus: each document's layers (as the JSON the annotation
//! pipeline writes, byte offsets into the clean text) and the tables that the analyst's views
//! aggregate: entity mentions, attributions by speaker, attributions about an entity.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::{Error, Result, Store};
use demarche_model::Document;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS annotated(
  seq INTEGER PRIMARY KEY REFERENCES documents(seq),
  version TEXT NOT NULL,
  layers BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions(
  entity TEXT NOT NULL, seq INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY(entity, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_seq ON mentions(seq);
CREATE TABLE IF NOT EXISTS attributions(
  seq INTEGER NOT NULL, idx INTEGER NOT NULL,
  speaker TEXT NOT NULL, name TEXT NOT NULL, linked INTEGER NOT NULL,
  form TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, content TEXT NOT NULL,
  PRIMARY KEY(seq, idx)
);
CREATE INDEX IF NOT EXISTS attributions_speaker ON attributions(speaker);
CREATE TABLE IF NOT EXISTS abouts(
  entity TEXT NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
  PRIMARY KEY(entity, seq, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS abouts_seq ON abouts(seq);
"#;

/// One attribution as kept for the views.
#[derive(Clone, Debug, Serialize)]
pub struct AttributionRow {
    /// Index in the document's `quotes` layer.
    pub idx: u32,
    /// Speaker key: a KB id when linked, else the folded words naming the source.
    pub speaker: String,
    /// Speaker as shown: the KB name or the source words.
    pub name: String,
    /// Whether the speaker is a KB entity.
    pub linked: bool,
    /// `direct`, `indirect`, `mixed`, `turn`...
    pub form: String,
    /// Content span, byte offsets into the clean text.
    pub start: u32,
    /// End of the content span.
    pub end: u32,
    /// The content words (one line).
    pub content: String,
    /// KB ids of the entities mentioned inside the content.
    pub about: Vec<String>,
}

/// What the annotation of one document leaves in the corpus.
#[derive(Clone, Debug)]
pub struct Annotated {
    /// The document's `seq`.
    pub seq: i64,
    /// The pipeline version that made it.
    pub version: String,
    /// The layers as JSON, zstd-compressed ([`Annotated::compress`]).
    pub layers: Vec<u8>,
    /// Mentions per KB entity.
    pub mentions: Vec<(String, u32)>,
    /// Attributions.
    pub attributions: Vec<AttributionRow>,
}

impl Annotated {
    /// Compresses layers JSON for [`Annotated::layers`] (done by the caller, in parallel).
    pub fn compress(json: &[u8]) -> Vec<u8> {
        zstd::encode_all(json, 3).unwrap_or_default()
    }
}

/// A document waiting for annotation.
pub struct Pending {
    /// Its `seq`.
    pub seq: i64,
    /// Its near-duplicate cluster.
    pub cluster: Option<i64>,
    /// The document.
    pub doc: Document,
}

/// An annotated document with the entities it mentions and the speakers it quotes.
pub struct Indexable {
    /// The document.
    pub doc: Pending,
    /// KB ids of the entities mentioned.
    pub entities: Vec<String>,
    /// Speakers quoted: key and name.
    pub speakers: Vec<(String, String)>,
}

/// An attribution with its document, for speaker and entity pages.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteHit {
    /// Document id.
    pub doc: String,
    /// Document date.
    pub date: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// The attribution.
    #[serde(flatten)]
    pub row: AttributionRow,
}

/// Count per month (`YYYY-MM`), documents and mentions.
#[derive(Clone, Debug, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Documents.
    pub docs: u64,
    /// Mentions.
    pub mentions: u64,
}

impl Store {
    /// Documents not yet annotated by `version`, in `seq` order after `after`, at most `limit`.
    pub fn pending(&self, version: &str, after: i64, limit: usize) -> Result<Vec<Pending>> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.seq, d.id, d.cluster FROM documents d LEFT JOIN annotated a ON a.seq = d.seq \
             WHERE d.seq > ?1 AND (a.seq IS NULL OR a.version <> ?2) ORDER BY d.seq LIMIT ?3",
        )?;
        let rows: Vec<(i64, String, Option<i64>)> = st
            .query_map(params![after, version, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(seq, id, cluster)| {
                Ok(Pending {
                    seq,
                    cluster,
                    doc: self.get_exact(&id)?,
                })
            })
            .collect()
    }

    /// Documents already annotated by `version`, after `after` in `seq` order, with what
    /// the index needs of their annotations (rebuilding an index needs no new annotation).
    pub fn annotated(&self, version: &str, after: i64, limit: usize) -> Result<Vec<Indexable>> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.seq, d.id, d.cluster FROM documents d JOIN annotated a ON a.seq = d.seq \
             WHERE d.seq > ?1 AND a.version = ?2 ORDER BY d.seq LIMIT ?3",
        )?;
        let rows: Vec<(i64, String, Option<i64>)> = st
            .query_map(params![after, version, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut ents = self
            .conn
            .prepare_cached("SELECT entity FROM mentions WHERE seq = ?1 ORDER BY entity")?;
        let mut spk = self.conn.prepare_cached(
            "SELECT DISTINCT speaker, name FROM attributions WHERE seq = ?1 ORDER BY speaker, name",
        )?;
        rows.into_iter()
            .map(|(seq, id, cluster)| {
                Ok(Indexable {
                    entities: ents
                        .query_map([seq], |r| r.get(0))?
                        .collect::<Result<_, _>>()?,
                    speakers: spk
                        .query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<_, _>>()?,
                    doc: Pending {
                        seq,
                        cluster,
                        doc: self.get_exact(&id)?,
                    },
                })
            })
            .collect()
    }

    /// Number of documents annotated by `version`.
    pub fn count_annotated(&self, version: &str) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM annotated WHERE version = ?1",
            [version],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Number of documents not yet annotated by `version`.
    pub fn count_pending(&self, version: &str) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM documents d LEFT JOIN annotated a ON a.seq = d.seq \
             WHERE a.seq IS NULL OR a.version <> ?1",
            [version],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Saves annotations, replacing what the same documents had, in one transaction.
    pub fn save_annotated(&mut self, rows: &[Annotated]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut del_a = tx.prepare_cached("DELETE FROM annotated WHERE seq=?1")?;
            let mut del_m = tx.prepare_cached("DELETE FROM mentions WHERE seq=?1")?;
            let mut del_q = tx.prepare_cached("DELETE FROM attributions WHERE seq=?1")?;
            let mut del_b = tx.prepare_cached("DELETE FROM abouts WHERE seq=?1")?;
            let mut ins_a = tx
                .prepare_cached("INSERT INTO annotated(seq, version, layers) VALUES(?1, ?2, ?3)")?;
            let mut ins_m =
                tx.prepare_cached("INSERT INTO mentions(entity, seq, n) VALUES(?1, ?2, ?3)")?;
            let mut ins_q = tx.prepare_cached(
                "INSERT INTO attributions(seq, idx, speaker, name, linked, form, start, end, content) \
                 VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut ins_b = tx.prepare_cached(
                "INSERT OR IGNORE INTO abouts(entity, seq, idx) VALUES(?1, ?2, ?3)",
            )?;
            for a in rows {
                del_a.execute([a.seq])?;
                del_m.execute([a.seq])?;
                del_q.execute([a.seq])?;
                del_b.execute([a.seq])?;
                ins_a.execute(params![a.seq, a.version, a.layers])?;
                for (e, n) in &a.mentions {
                    ins_m.execute(params![e, a.seq, n])?;
                }
                for q in &a.attributions {
                    ins_q.execute(params![
                        a.seq, q.idx, q.speaker, q.name, q.linked, q.form, q.start, q.end,
                        q.content
                    ])?;
                    for e in &q.about {
                        ins_b.execute(params![e, a.seq, q.idx])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The `seq` of a document id.
    pub fn seq_of(&self, id: &str) -> Result<i64> {
        self.conn
            .query_row("SELECT seq FROM documents WHERE id=?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound(id.to_string()))
    }

    /// A document's stored layers (JSON), if it was annotated.
    pub fn layers(&self, seq: i64) -> Result<Option<Vec<u8>>> {
        let z: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT layers FROM annotated WHERE seq=?1", [seq], |r| {
                r.get(0)
            })
            .optional()?;
        z.map(|z| zstd::decode_all(&z[..]).map_err(|e| Error::Corrupt(format!("annotations: {e}"))))
            .transpose()
    }

    /// Clean text, id, title, date and outlet of a document by `seq`.
    pub fn text_by_seq(&self, seq: i64) -> Result<String> {
        self.conn
            .query_row("SELECT text FROM documents WHERE seq=?1", [seq], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("#{seq}")))
    }

    fn quote_hits(&self, sql: &str, key: &str, limit: usize) -> Result<Vec<QuoteHit>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![key, limit as i64], |r| {
            Ok(QuoteHit {
                doc: r.get(0)?,
                date: r.get(1)?,
                outlet: r.get(2)?,
                title: r.get(3)?,
                row: AttributionRow {
                    idx: r.get(4)?,
                    speaker: r.get(5)?,
                    name: r.get(6)?,
                    linked: r.get(7)?,
                    form: r.get(8)?,
                    start: r.get(9)?,
                    end: r.get(10)?,
                    content: r.get(11)?,
                    about: Vec::new(),
                },
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Attributions to a speaker (KB id or folded source words), newest first.
    pub fn quotes_by(&self, speaker: &str, limit: usize) -> Result<Vec<QuoteHit>> {
        self.quote_hits(
            "SELECT d.id, d.date_iso, d.outlet, d.title, q.idx, q.speaker, q.name, q.linked, q.form, \
             q.start, q.end, q.content FROM attributions q JOIN documents d ON d.seq = q.seq \
             WHERE q.speaker = ?1 ORDER BY d.date_sort DESC, q.seq, q.idx LIMIT ?2",
            speaker,
            limit,
        )
    }

    /// Attributions whose content mentions an entity, newest first.
    pub fn quotes_about(&self, entity: &str, limit: usize) -> Result<Vec<QuoteHit>> {
        self.quote_hits(
            "SELECT d.id, d.date_iso, d.outlet, d.title, q.idx, q.speaker, q.name, q.linked, q.form, \
             q.start, q.end, q.content FROM abouts b JOIN attributions q ON q.seq = b.seq AND q.idx = b.idx \
             JOIN documents d ON d.seq = q.seq \
             WHERE b.entity = ?1 ORDER BY d.date_sort DESC, q.seq, q.idx LIMIT ?2",
            entity,
            limit,
        )
    }

    /// The speaker's display name, if the corpus has attributions to it.
    pub fn speaker_name(&self, speaker: &str) -> Result<Option<(String, bool)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, linked FROM attributions WHERE speaker=?1 LIMIT 1",
                [speaker],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Attributions per month for a speaker.
    pub fn speaker_timeline(&self, speaker: &str) -> Result<Vec<MonthCount>> {
        self.months(
            "SELECT substr(d.date_iso, 1, 7) m, count(DISTINCT d.seq), count(*) FROM attributions q \
             JOIN documents d ON d.seq = q.seq WHERE q.speaker = ?1 AND d.date_iso GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' \
             GROUP BY m ORDER BY m",
            speaker,
        )
    }

    /// Documents and mentions per month for an entity.
    pub fn entity_timeline(&self, entity: &str) -> Result<Vec<MonthCount>> {
        self.months(
            "SELECT substr(d.date_iso, 1, 7) m, count(*), sum(x.n) FROM mentions x \
             JOIN documents d ON d.seq = x.seq WHERE x.entity = ?1 AND d.date_iso GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' \
             GROUP BY m ORDER BY m",
            entity,
        )
    }

    fn months(&self, sql: &str, key: &str) -> Result<Vec<MonthCount>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map([key], |r| {
            Ok(MonthCount {
                month: r.get(0)?,
                docs: r.get::<_, i64>(1)? as u64,
                mentions: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Total documents and mentions for an entity.
    pub fn entity_totals(&self, entity: &str) -> Result<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT count(*), coalesce(sum(n), 0) FROM mentions WHERE entity=?1",
            [entity],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    }

    /// Entities mentioned in the same documents as `entity`, by number of shared documents.
    pub fn co_mentions(&self, entity: &str, limit: usize) -> Result<Vec<(String, u64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT b.entity, count(*) c FROM mentions a JOIN mentions b ON b.seq = a.seq \
             WHERE a.entity = ?1 AND b.entity <> ?1 GROUP BY b.entity ORDER BY c DESC, b.entity LIMIT ?2",
        )?;
        let rows = st.query_map(params![entity, limit as i64], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The most mentioned entities: (KB id, documents, mentions).
    pub fn top_entities(&self, limit: usize) -> Result<Vec<(String, u64, u64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT entity, count(*) c, sum(n) FROM mentions GROUP BY entity ORDER BY c DESC, entity LIMIT ?1",
        )?;
        let rows = st.query_map([limit as i64], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
            ))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The speakers with most attributions: (key, name, attributions).
    pub fn top_speakers(&self, limit: usize) -> Result<Vec<(String, String, u64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT speaker, min(name), count(*) c FROM attributions GROUP BY speaker \
             ORDER BY c DESC, speaker LIMIT ?1",
        )?;
        let rows = st.query_map([limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Documents per outlet per month: (outlet, `YYYY-MM`, documents).
    pub fn outlet_months(&self) -> Result<Vec<(String, String, u64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT coalesce(outlet, '(unknown)') o, substr(date_iso, 1, 7) m, count(*) FROM documents \
             WHERE date_iso GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY o, m ORDER BY o, m",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

impl Store {
    /// Marks every annotation stale (the index was reset: all documents are indexed again).
    pub fn forget_annotations(&self) -> Result<()> {
        self.conn
            .execute("UPDATE annotated SET version = '' WHERE version <> ''", [])?;
        Ok(())
    }
}

impl Store {
    /// The listing row of a document by `seq`.
    pub fn row_by_seq(&self, seq: i64) -> Result<crate::DocRow> {
        self.conn
            .prepare_cached(&format!("{} WHERE d.seq = ?1", crate::DocRow::SELECT))?
            .query_row([seq], crate::DocRow::from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("#{seq}")))
    }
}
