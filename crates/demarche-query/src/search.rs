//! Running a query: compilation of the query language to tantivy queries, top hits by
//! relevance or date, facet counts, a monthly histogram and highlighted snippets.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;
use std::time::Instant;

use demarche_kb::Kb;
use demarche_store::Store;
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field as TField, IndexRecordOption};
use tantivy::{DocAddress, Order, Term};

use crate::analysis::{pair_terms, terms, PAIR_SEP};
use crate::index::Index;
use crate::snippet::Snipper;
pub use crate::snippet::Snippet;
use crate::syntax::{parse, DateRange, Expr, Field};
use crate::{Error, Result};

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 500;
/// Deepest offset one request may ask for.
pub const MAX_OFFSET: usize = 10_000;

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first.
    Oldest,
}

impl Sort {
    /// Parses `relevance`, `date` (newest first) or `oldest`.
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "relevance" | "score" => Some(Sort::Relevance),
            "date" | "newest" => Some(Sort::Date),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }
}

/// A search request.
#[derive(Clone, Debug)]
pub struct Request {
    /// The query.
    pub q: String,
    /// Hits wanted.
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Order.
    pub sort: Sort,
    /// Count facets and the monthly histogram.
    pub facets: bool,
    /// Longest snippet, in characters (0: none).
    pub snippet_chars: usize,
}

impl Request {
    /// A request for the first `limit` hits by relevance, with facets and snippets.
    pub fn new(q: impl Into<String>, limit: usize) -> Request {
        Request {
            q: q.into(),
            limit,
            offset: 0,
            sort: Sort::Relevance,
            facets: true,
            snippet_chars: 220,
        }
    }
}

/// One hit.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// Date (ISO, possibly partial).
    pub date: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Best passage.
    pub snippet: Snippet,
}

/// Results.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Results {
    /// Matching documents.
    pub total: u64,
    /// The hits asked for.
    pub hits: Vec<Hit>,
    /// Facet counts: facet name → (value, documents), most frequent first.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
    /// Matching documents per month (`YYYY-MM`), in order.
    pub histogram: Vec<(String, u64)>,
    /// Notes on how the query was understood (an entity the KB does not know...).
    pub notes: Vec<String>,
    /// Milliseconds taken.
    pub took_ms: f64,
}

/// Facet fields and how many values each shows.
pub const FACETS: [(&str, usize); 6] = [
    ("outlet", 15),
    ("lang", 10),
    ("format", 10),
    ("entity", 15),
    ("speaker", 15),
    ("cluster", 10),
];

/// Searches an index (cheap to clone; share it between threads).
#[derive(Clone)]
pub struct Searcher {
    index: Index,
    kb: Option<Arc<Kb>>,
}

impl Searcher {
    /// A searcher; with a KB, `entity:` and `speaker:` also accept any name or alias it knows.
    pub fn new(index: Index, kb: Option<Arc<Kb>>) -> Searcher {
        Searcher { index, kb }
    }

    /// The index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Compiles a parsed query; notes say how filters were resolved and which terms held no
    /// searchable word (an emoji, punctuation, a control character: they are left out). A
    /// query that had terms but keeps none matches nothing, and says so; only the empty
    /// query matches every document.
    pub fn compile(&self, e: &Expr, notes: &mut Vec<String>) -> Box<dyn Query> {
        match prune(e, notes) {
            Some(kept) => self
                .node(&kept, notes)
                .unwrap_or_else(|| Box::new(AllQuery)),
            None if *e == Expr::All => Box::new(AllQuery),
            None => {
                notes.push(
                    "the query has no searchable words (only symbols, punctuation or control \
                     characters): it matches nothing; an empty query lists every document"
                        .into(),
                );
                Box::new(EmptyQuery)
            }
        }
    }

    fn text(&self, fields: &[(TField, f32)], words: &str) -> Option<Box<dyn Query>> {
        let ts = terms(words);
        if ts.is_empty() {
            return None;
        }
        let per_field = fields
            .iter()
            .map(|&(f, boost)| {
                let q: Box<dyn Query> = if ts.len() == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f, &ts[0]),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new(
                        ts.iter().map(|t| Term::from_field_text(f, t)).collect(),
                    ))
                };
                let q: Box<dyn Query> = if boost != 1.0 {
                    Box::new(BoostQuery::new(q, boost))
                } else {
                    q
                };
                (Occur::Should, q)
            })
            .collect::<Vec<_>>();
        Some(if per_field.len() == 1 {
            per_field.into_iter().next().map(|(_, q)| q)?
        } else {
            Box::new(BooleanQuery::new(per_field))
        })
    }

    /// Words of the title or text: one word is one term, two adjacent words one pair term,
    /// more words their pairs and, among the documents that have them all, the phrase.
    fn words(&self, words: &str) -> Option<Box<dyn Query>> {
        let f = &self.index.fields;
        let ts = terms(words);
        Some(match ts.len() {
            0 => return None,
            1 => Box::new(TermQuery::new(
                Term::from_field_text(f.text, &ts[0]),
                IndexRecordOption::WithFreqs,
            )),
            _ => {
                let ps = pair_terms(&ts);
                let pair = |p: &String| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.pairs, p),
                            IndexRecordOption::WithFreqs,
                        )),
                    )
                };
                if ps.len() == 1 {
                    pair(&ps[0]).1
                } else {
                    // the pairs, far rarer than their words, choose the candidates; the
                    // positions of the words are checked on those alone
                    let mut qs: Vec<(Occur, Box<dyn Query>)> = ps.iter().map(pair).collect();
                    qs.push((
                        Occur::Must,
                        Box::new(PhraseQuery::new(
                            ts.iter()
                                .map(|t| Term::from_field_text(f.text, t))
                                .collect(),
                        )),
                    ));
                    Box::new(BooleanQuery::new(qs))
                }
            }
        })
    }

    fn keyword(&self, f: TField, values: &[String]) -> Box<dyn Query> {
        let mut qs: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|v| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(f, &v.to_lowercase()),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        match qs.len() {
            0 => Box::new(EmptyQuery),
            1 => qs
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(EmptyQuery)),
            _ => Box::new(BooleanQuery::new(qs)),
        }
    }

    /// KB ids that `v` names: an id itself, or any name or alias.
    fn kb_ids(&self, v: &str) -> Vec<String> {
        let Some(kb) = &self.kb else {
            return if v.contains(':') {
                vec![v.to_string()]
            } else {
                Vec::new()
            };
        };
        if let Some(e) = kb.get(v) {
            return vec![e.id.clone()];
        }
        // an id from a KB file the corpus was indexed with, which this KB lacks
        let id_like = v.split_once(':').is_some_and(|(t, rest)| {
            matches!(t, "person" | "org" | "state" | "place")
                && !rest.is_empty()
                && !rest.contains(char::is_whitespace)
        });
        if id_like {
            return vec![v.to_string()];
        }
        let mut ids: Vec<String> = kb
            .lookup(v, None)
            .into_iter()
            .map(|e| e.id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn node(&self, e: &Expr, notes: &mut Vec<String>) -> Option<Box<dyn Query>> {
        let f = &self.index.fields;
        match e {
            Expr::All => None,
            Expr::Word(w) | Expr::Phrase(w) => self.words(w),
            Expr::Filter(field, v) => Some(match field {
                Field::Outlet => self.keyword(f.outlet_key, std::slice::from_ref(v)),
                Field::Lang => self.keyword(f.lang, std::slice::from_ref(v)),
                Field::Format => self.keyword(f.format, std::slice::from_ref(v)),
                Field::Title => self
                    .text(&[(f.title, 1.0)], v)
                    .unwrap_or_else(|| Box::new(EmptyQuery)),
                Field::Cluster => match v.parse::<u64>() {
                    Ok(n) => Box::new(TermQuery::new(
                        Term::from_field_u64(f.cluster, n),
                        IndexRecordOption::Basic,
                    )),
                    Err(_) => Box::new(EmptyQuery),
                },
                Field::Entity => {
                    let ids = self.kb_ids(v);
                    if ids.is_empty() {
                        notes.push(format!(
                            "entity:{v}: not in the knowledge base; matched against the names of linked entities"
                        ));
                        self.text(&[(f.entity_text, 1.0)], v)
                            .unwrap_or_else(|| Box::new(EmptyQuery))
                    } else {
                        if ids.len() > 1 {
                            notes.push(format!("entity:{v} is any of {}", ids.join(", ")));
                        }
                        self.keyword(f.entity, &ids)
                    }
                }
                Field::Speaker => {
                    let ids = self.kb_ids(v);
                    let by_id = self.keyword(f.speaker, &ids);
                    match self.text(&[(f.speaker_text, 1.0)], v) {
                        Some(by_name) if !v.contains(':') => Box::new(BooleanQuery::new(vec![
                            (Occur::Should, by_id),
                            (Occur::Should, by_name),
                        ])),
                        _ => by_id,
                    }
                }
                Field::Date => Box::new(EmptyQuery), // dates are parsed as Expr::Date
            }),
            Expr::Date(DateRange { from, to }) => {
                let lo = from.map_or(Bound::Unbounded, |d| {
                    Bound::Included(Term::from_field_u64(f.date, d))
                });
                let hi = to.map_or(Bound::Unbounded, |d| {
                    Bound::Included(Term::from_field_u64(f.date, d))
                });
                Some(Box::new(RangeQuery::new(lo, hi)))
            }
            Expr::And(parts) => {
                let mut qs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for p in parts {
                    match p {
                        Expr::Not(inner) => {
                            if let Some(q) = self.node(inner, notes) {
                                qs.push((Occur::MustNot, q));
                            }
                        }
                        _ => {
                            if let Some(q) = self.node(p, notes) {
                                qs.push((Occur::Must, q));
                            }
                        }
                    }
                }
                if qs.is_empty() {
                    return None;
                }
                if qs.iter().all(|(o, _)| *o == Occur::MustNot) {
                    qs.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(qs)))
            }
            Expr::Or(parts) => {
                let mut qs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for p in parts {
                    match self.node(p, notes) {
                        Some(q) => qs.push((Occur::Should, q)),
                        None => return None, // "x OR <everything>" is everything
                    }
                }
                Some(Box::new(BooleanQuery::new(qs)))
            }
            Expr::Not(inner) => {
                let q = self.node(inner, notes)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, q),
                ])))
            }
        }
    }

    /// Runs a request; `store` gives titles, dates and the text for snippets.
    pub fn search(&self, store: &Store, r: &Request) -> Result<Results> {
        let t = Instant::now();
        if r.limit > MAX_LIMIT {
            return Err(Error::Query(format!(
                "limit {} is above the maximum {MAX_LIMIT}",
                r.limit
            )));
        }
        if r.offset > MAX_OFFSET {
            return Err(Error::Query(format!(
                "offset {} is above the maximum {MAX_OFFSET}",
                r.offset
            )));
        }
        let expr = parse(&r.q)?;
        let mut notes = Vec::new();
        let query = self.compile(&expr, &mut notes);
        let searcher = self.index.reader.searcher();
        let want = r.limit.max(1);
        let (total, addrs): (usize, Vec<(f32, DocAddress)>) = match r.sort {
            Sort::Relevance => {
                // two passes: the top hits alone let tantivy skip blocks that cannot enter
                // them (block-max WAND), and counting alone needs no scores (a single term
                // is counted from its document frequency)
                let top = searcher.search(
                    &query,
                    &TopDocs::with_limit(want)
                        .and_offset(r.offset)
                        .order_by_score(),
                )?;
                (searcher.search(&query, &Count)?, top)
            }
            Sort::Date | Sort::Oldest => {
                let order = if r.sort == Sort::Date {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (n, top) = searcher.search(
                    &query,
                    &(
                        Count,
                        TopDocs::with_limit(want)
                            .and_offset(r.offset)
                            .order_by_fast_field::<u64>("when", order),
                    ),
                )?;
                (n, top.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        };
        let mut results = Results {
            total: total as u64,
            notes,
            ..Results::default()
        };
        if r.facets && total > 0 {
            let (facets, histogram) = self.facets(&searcher, &query)?;
            results.facets = facets;
            results.histogram = histogram;
        }
        let snippets = if r.snippet_chars > 0 && !addrs.is_empty() {
            Some(self.snipper(&searcher, &*query, r.snippet_chars)?)
        } else {
            None
        };
        for (score, addr) in addrs.into_iter().take(r.limit) {
            // the join key from its column, without decompressing a stored-document block
            let Some(seq) = searcher
                .segment_reader(addr.segment_ord)
                .fast_fields()
                .u64("seq")?
                .first(addr.doc_id)
            else {
                continue;
            };
            let row = match store.row_by_seq(seq as i64) {
                Ok(row) => row,
                // indexed but gone from the store (an index from an older corpus): skip it
                Err(demarche_store::Error::NotFound(_)) => continue,
                Err(e) => return Err(e.into()),
            };
            let snippet = match &snippets {
                Some(g) => {
                    let text = store.text_by_seq(seq as i64)?;
                    g.snippet(&text).unwrap_or_else(|| Snippet {
                        text: lead(&text, r.snippet_chars),
                        highlights: Vec::new(),
                    })
                }
                None => Snippet::default(),
            };
            results.hits.push(Hit {
                id: row.id,
                score,
                date: row.date,
                outlet: row.outlet,
                lang: row.lang,
                title: row.title,
                snippet,
            });
        }
        results.took_ms = t.elapsed().as_secs_f64() * 1000.0;
        Ok(results)
    }

    /// A snipper for the query's words (the words of its pairs too), rarer words weighing
    /// more.
    fn snipper(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        max_chars: usize,
    ) -> Result<Snipper> {
        let f = &self.index.fields;
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |t, _| {
            if t.field() == f.text {
                terms.push(t.clone());
            } else if t.field() == f.pairs {
                // a pair's words are highlighted one by one
                if let Some(p) = t.value().as_str() {
                    terms.extend(p.split(PAIR_SEP).map(|w| Term::from_field_text(f.text, w)));
                }
            }
        });
        terms.sort();
        terms.dedup();
        let mut weighted = Vec::new();
        for t in terms {
            let Some(text) = t.value().as_str().map(str::to_string) else {
                continue;
            };
            let df = searcher.doc_freq(&t)?;
            if df > 0 {
                weighted.push((text, 1.0 / (1.0 + df as f32)));
            }
        }
        Ok(Snipper::new(weighted, max_chars))
    }

    #[allow(clippy::type_complexity)]
    fn facets(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
    ) -> Result<(BTreeMap<String, Vec<(String, u64)>>, Vec<(String, u64)>)> {
        let mut req = serde_json::Map::new();
        for (name, size) in FACETS {
            req.insert(
                name.to_string(),
                serde_json::json!({"terms": {"field": name, "size": size * 2}}),
            );
        }
        req.insert(
            "month".into(),
            serde_json::json!({"terms": {"field": "month", "size": 2400, "order": {"_key": "asc"}}}),
        );
        let aggs: Aggregations = serde_json::from_value(serde_json::Value::Object(req))
            .map_err(|e| Error::Query(format!("aggregation request: {e}")))?;
        let collector = AggregationCollector::from_aggs(aggs, AggContextParams::default());
        let res = searcher.search(query, &collector)?;
        let v = serde_json::to_value(&res)
            .map_err(|e| Error::Query(format!("aggregation result: {e}")))?;
        let buckets = |name: &str| -> Vec<(String, u64)> {
            v.get(name)
                .and_then(|a| a.get("buckets"))
                .and_then(|b| b.as_array())
                .map(|b| {
                    b.iter()
                        .filter_map(|e| {
                            let key = match e.get("key")? {
                                serde_json::Value::String(s) => s.clone(),
                                serde_json::Value::Number(n) => {
                                    n.as_f64().map(|x| format!("{}", x as u64))?
                                }
                                _ => return None,
                            };
                            Some((key, e.get("doc_count")?.as_u64()?))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut facets = BTreeMap::new();
        for (name, size) in FACETS {
            let mut b = buckets(name);
            if name == "cluster" {
                b.retain(|(_, n)| *n > 1); // a cluster facet is worth showing when it groups
            }
            b.truncate(size);
            facets.insert(name.to_string(), b);
        }
        let histogram = buckets("month")
            .into_iter()
            .filter_map(|(k, n)| {
                let k: u64 = k.parse().ok()?;
                Some((format!("{:04}-{:02}", k / 100, k % 100), n))
            })
            .collect();
        Ok((facets, histogram))
    }
}

/// The query without its terms that hold no searchable word, each noted; `None` when nothing
/// is left (or the query was empty).
fn prune(e: &Expr, notes: &mut Vec<String>) -> Option<Expr> {
    let many = |parts: &[Expr], notes: &mut Vec<String>| -> Vec<Expr> {
        parts.iter().filter_map(|p| prune(p, notes)).collect()
    };
    match e {
        Expr::All => None,
        Expr::Word(w) | Expr::Phrase(w) => {
            if terms(w).is_empty() {
                notes.push(format!(
                    "{w:?} has no searchable words (letters or digits): it was left out"
                ));
                None
            } else {
                Some(e.clone())
            }
        }
        Expr::And(parts) => {
            let mut kept = many(parts, notes);
            match kept.len() {
                0 => None,
                1 => kept.pop(),
                _ => Some(Expr::And(kept)),
            }
        }
        Expr::Or(parts) => {
            let mut kept = many(parts, notes);
            match kept.len() {
                0 => None,
                1 => kept.pop(),
                _ => Some(Expr::Or(kept)),
            }
        }
        Expr::Not(inner) => prune(inner, notes).map(|i| Expr::Not(Box::new(i))),
        Expr::Filter(..) | Expr::Date(_) => Some(e.clone()),
    }
}

/// The first `max` characters of `text`, cut at a word boundary.
fn lead(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::TantivyDocument;

    /// An in-memory index of (title, text) documents, as the indexer adds them.
    fn index(docs: &[(&str, &str)]) -> Index {
        let index = Index::in_memory().unwrap();
        let f = index.fields;
        let mut w: tantivy::IndexWriter<TantivyDocument> = index.index.writer(20 << 20).unwrap();
        for (i, (title, text)) in docs.iter().enumerate() {
            let mut d = TantivyDocument::new();
            d.add_u64(f.seq, i as u64);
            for v in [title, text].into_iter().filter(|v| !v.is_empty()) {
                d.add_text(f.text, v);
                d.add_text(f.pairs, v);
            }
            if !title.is_empty() {
                d.add_text(f.title, title);
            }
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        index.reader.reload().unwrap();
        index
    }

    fn matching(s: &Searcher, q: &str) -> Vec<u64> {
        let query = s.compile(&parse(q).unwrap(), &mut Vec::new());
        let searcher = s.index().reader.searcher();
        let mut seqs: Vec<u64> = searcher
            .search(&query, &tantivy::collector::DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| {
                searcher
                    .segment_reader(a.segment_ord)
                    .fast_fields()
                    .u64("seq")
                    .unwrap()
                    .first(a.doc_id)
                    .unwrap()
            })
            .collect();
        seqs.sort_unstable();
        seqs
    }

    #[test]
    fn phrases_match_adjacent_words_only() {
        let s = Searcher::new(
            index(&[
                ("Security talks", "The Security Council met in Geneva."),
                ("", "Council security is a matter; the council met."),
                ("Geneva", "Security. Councils' members met in Geneva."),
                ("The security", "Council meets"),
                ("", "The security of the Council met the press."),
            ]),
            None,
        );
        assert_eq!(matching(&s, "security council"), vec![0, 1, 2, 3, 4]);
        // two words: one pair; punctuation does not separate words, a title and the text do
        assert_eq!(matching(&s, "\"security councils\""), vec![0, 2]);
        assert_eq!(matching(&s, "\"council met\""), vec![0, 1, 4]);
        // more: every pair, in order, adjacent
        assert_eq!(matching(&s, "\"the security council met\""), vec![0]);
        assert_eq!(matching(&s, "\"security council met\""), vec![0]);
        assert_eq!(matching(&s, "\"council met the\""), vec![4]);
        assert!(matching(&s, "\"met council security\"").is_empty());
        // a one-word phrase is the word
        assert_eq!(matching(&s, "\"geneva\""), matching(&s, "geneva"));
        assert_eq!(matching(&s, "title:\"security talks\""), vec![0]);
    }

    // https://example.invalid/demarche/issues/27 (failure 7)
    #[test]
    fn r27_queries_without_words_match_nothing_and_say_so() {
        let s = Searcher::new(
            index(&[("Talks", "The talks went on."), ("", "Grain deal.")]),
            None,
        );
        for q in ["\u{0}", "🙂", "-🙂", "!!! ...", "\"«»\"", "🙂 OR ?"] {
            let mut notes = Vec::new();
            let query = s.compile(&parse(q).unwrap(), &mut notes);
            let n = s.index().reader.searcher().search(&query, &Count).unwrap();
            assert_eq!(n, 0, "{q:?}");
            assert!(
                notes.iter().any(|n| n.contains("no searchable words")),
                "{q:?}: {notes:?}"
            );
        }
        // what has words still searches, without the rest
        assert_eq!(matching(&s, "talks 🙂"), vec![0]);
        assert_eq!(matching(&s, "talks OR 🙂"), vec![0]);
        assert_eq!(matching(&s, "-🙂 grain"), vec![1]);
        assert_eq!(matching(&s, ""), vec![0, 1]);
    }
}
