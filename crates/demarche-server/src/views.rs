//! What each page shows, assembled from the store and the KB; the HTML pages and the JSON
//! API serve the same structures.

use demarche_store::annot::{MonthCount, QuoteHit};
use demarche_store::{DocRow, ProblemRow};
use serde::Serialize;
use serde_json::Value;

use crate::{App, Error};

/// Most quotations listed on one speaker or entity page.
pub const MAX_QUOTES: usize = 500;

/// A document with its annotations and duplicates.
#[derive(Serialize)]
pub struct DocView {
    /// Id.
    pub id: String,
    /// Metadata (title, outlet, date, language, URL, dateline...).
    pub meta: demarche_model::Metadata,
    /// Where it came from.
    pub provenance: demarche_model::Provenance,
    /// Clean text.
    pub text: String,
    /// Annotation layers (byte offsets into `text`), if annotated.
    pub layers: Option<Value>,
    /// Near-duplicate cluster number.
    pub cluster: Option<i64>,
    /// The other members of its near-duplicate cluster, earliest first.
    pub duplicates: Vec<DocRow>,
    /// Pieces removed in cleaning.
    pub removed: usize,
}

/// A document id (or prefix) as the store writes them: hex digits, nothing else reaches the
/// store.
pub fn checked_id(id: &str) -> Result<&str, Error> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::NotFound(format!("no document {id:?}")));
    }
    Ok(id)
}

impl DocView {
    /// Loads document `id` (or a unique prefix).
    pub fn load(app: &App, id: &str) -> Result<DocView, Error> {
        app.pool.with(|s| {
            let doc = s.get(checked_id(id)?)?;
            let seq = s.seq_of(&doc.id)?;
            let layers = s
                .layers(seq)?
                .map(|b| serde_json::from_slice::<Value>(&b))
                .transpose()
                .map_err(|e| Error::Internal(format!("annotations of {}: {e}", doc.id)))?;
            let cluster = s.cluster_of(&doc.id)?;
            let duplicates = match cluster {
                Some(c) => s
                    .list(Some(&c.to_string()), None, Some(200))?
                    .into_iter()
                    .filter(|r| r.id != doc.id)
                    .collect(),
                None => Vec::new(),
            };
            Ok(DocView {
                id: doc.id,
                meta: doc.meta,
                provenance: doc.provenance,
                text: doc.text,
                layers,
                cluster,
                duplicates,
                removed: doc.removed.len(),
            })
        })
    }
}

/// An entity named with its KB name.
#[derive(Serialize)]
pub struct Named {
    /// KB id.
    pub id: String,
    /// KB name (the id when the KB does not know it).
    pub name: String,
    /// Documents.
    pub docs: u64,
}

/// An entity: mentions over time, co-mentioned entities, quotations by and about it.
#[derive(Serialize)]
pub struct EntityView {
    /// KB id.
    pub id: String,
    /// KB name.
    pub name: String,
    /// `state`, `organisation`, `person`, `place`...
    pub kind: Option<String>,
    /// Documents that mention it.
    pub docs: u64,
    /// Mentions.
    pub mentions: u64,
    /// Documents and mentions per month.
    pub timeline: Vec<MonthCount>,
    /// Entities mentioned in the same documents.
    pub co_mentioned: Vec<Named>,
    /// Quotations it is the speaker of.
    pub quotes_by: Vec<QuoteHit>,
    /// Quotations that mention it.
    pub quotes_about: Vec<QuoteHit>,
}

fn kb_name(app: &App, id: &str) -> String {
    app.kb
        .get(id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

impl EntityView {
    /// Loads entity `id`.
    pub fn load(app: &App, id: &str) -> Result<EntityView, Error> {
        let e = app.kb.get(id);
        app.pool.with(|s| {
            let (docs, mentions) = s.entity_totals(id)?;
            if e.is_none() && docs == 0 {
                return Err(Error::NotFound(format!("no entity {id:?}")));
            }
            Ok(EntityView {
                id: id.to_string(),
                name: kb_name(app, id),
                kind: e.map(|e| e.kind.name().to_string()),
                docs,
                mentions,
                timeline: s.entity_timeline(id)?,
                co_mentioned: s
                    .co_mentions(id, 25)?
                    .into_iter()
                    .map(|(id, docs)| Named {
                        name: kb_name(app, &id),
                        id,
                        docs,
                    })
                    .collect(),
                quotes_by: s.quotes_by(id, MAX_QUOTES)?,
                quotes_about: s.quotes_about(id, MAX_QUOTES)?,
            })
        })
    }
}

/// A speaker: quotations over time.
#[derive(Serialize)]
pub struct SpeakerView {
    /// Key: a KB id, or `name:` and the folded words of an unlinked source.
    pub key: String,
    /// Name.
    pub name: String,
    /// Whether the speaker is a KB entity (its entity page exists).
    pub linked: bool,
    /// Quotations and documents per month (`mentions` counts quotations).
    pub timeline: Vec<MonthCount>,
    /// Quotations, newest first.
    pub quotes: Vec<QuoteHit>,
}

impl SpeakerView {
    /// Loads speaker `key`.
    pub fn load(app: &App, key: &str) -> Result<SpeakerView, Error> {
        app.pool.with(|s| {
            let Some((name, linked)) = s.speaker_name(key)? else {
                return Err(Error::NotFound(format!("no quotations by {key:?}")));
            };
            Ok(SpeakerView {
                key: key.to_string(),
                name,
                linked,
                timeline: s.speaker_timeline(key)?,
                quotes: s.quotes_by(key, MAX_QUOTES)?,
            })
        })
    }
}

/// Counts of one outlet per month.
#[derive(Serialize)]
pub struct OutletMonths {
    /// Outlet.
    pub outlet: String,
    /// Documents.
    pub docs: u64,
    /// (`YYYY-MM`, documents).
    pub months: Vec<(String, u64)>,
}

/// The corpus at a glance.
#[derive(Serialize)]
pub struct Overview {
    /// Documents.
    pub documents: u64,
    /// Near-duplicate clusters with more than one member, and the documents in them.
    pub duplicate_clusters: (u64, u64),
    /// Documents per outlet per month.
    pub outlets: Vec<OutletMonths>,
    /// Documents per language.
    pub languages: Vec<(String, u64)>,
    /// Documents per format.
    pub formats: Vec<(String, u64)>,
    /// Rejected and skipped inputs.
    pub problem_counts: (u64, u64),
    /// Rejected inputs (the first 500).
    pub rejected: Vec<ProblemRow>,
    /// Most mentioned entities.
    pub entities: Vec<Named>,
    /// Speakers with most quotations: (key, name, quotations).
    pub speakers: Vec<(String, String, u64)>,
    /// Documents not annotated and indexed yet.
    pub pending: u64,
}

impl Overview {
    /// Loads the overview.
    pub fn load(app: &App) -> Result<Overview, Error> {
        app.pool.with(|s| {
            let mut outlets: Vec<OutletMonths> = Vec::new();
            for (o, m, n) in s.outlet_months()? {
                match outlets.last_mut() {
                    Some(last) if last.outlet == o => {
                        last.docs += n;
                        last.months.push((m, n));
                    }
                    _ => outlets.push(OutletMonths {
                        outlet: o,
                        docs: n,
                        months: vec![(m, n)],
                    }),
                }
            }
            outlets.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.outlet.cmp(&b.outlet)));
            let mut rejected = s.problems(false)?;
            rejected.truncate(500);
            Ok(Overview {
                documents: s.count_documents()?,
                duplicate_clusters: s.duplicate_clusters()?,
                outlets,
                languages: s.counts_by("lang")?,
                formats: s.counts_by("format")?,
                problem_counts: s.problem_counts()?,
                rejected,
                entities: s
                    .top_entities(30)?
                    .into_iter()
                    .map(|(id, docs, _)| Named {
                        name: kb_name(app, &id),
                        id,
                        docs,
                    })
                    .collect(),
                speakers: s.top_speakers(30)?,
                pending: s.count_pending(demarche_query::indexer::VERSION)?,
            })
        })
    }
}
