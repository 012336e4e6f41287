//! The annotation pipeline and its JSON Lines contract (`demarche annotate`).
//!
//! Input, one JSON object per line: `text` (required) and optionally `id`, `title`, `date`
//! (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO date-time), `outlet`, `lang`; other fields are
//! passed through unchanged. Output: the same object plus `layers`, whose spans are
//! **character offsets** (Unicode scalar values, end exclusive) into `text`:
//!
//! ```json
//! {"id": "d1", "text": "...", "layers": {
//!   "sentences": [{"start": 0, "end": 57}],
//!   "entities": [{"start": 0, "end": 14, "text": "Sergey Lavrov", "type": "person",
//!                 "kb": "person:sergey-lavrov", "name": "Sergey Lavrov", "how": "name",
//!                 "cluster": 0, "antecedent": null, "role": "foreign-minister"}]},
//!  "annotator": {"name": "demarche", "version": "0.1.0"}}
//! ```
//!
//! `how` is one of `name`, `acronym`, `adjective`, `surname`, `role`, `pronoun`, `pattern`;
//! `cluster` groups the mentions of one entity in the document; `antecedent` is the index (in
//! `entities`) of the previous mention of the same entity.
//!
//! `quotes`: one object per attribution: `content`, `cue` and `source`, each
//! `{start, end, text}` (`cue`/`source` may be null); `form` (`direct`: a quotation in marks,
//! `mixed`, `indirect`: reported speech, `turn`: a transcript or post turn "Name: …");
//! `speaker` (KB id), `speaker_name`, `speaker_mention` (index in `entities`, resolved
//! through coreference: "she", "the diplomat"), `cluster`, and `parent`: the index of the
//! attribution this one is reported in ("TASS quoted Zakharova as saying that Lavrov…").
//!
//! `dates`: `type` (`date`, `range`, `time`, `vague`), `value` (ISO 8601 style, `X` for the
//! unknown: `2023-11-09`, `2023-W45`, `2023-11`, `2023`, `199X`, `2020/2022`, `XXXX-02-15`,
//! `T10:30`), `from`/`to` (first and last day covered, when resolved), `precision` (`day`,
//! `week`, `month`, `year`, `decade`), `relative` (depends on the document date, given as
//! `date` or found as a dateline in the first lines), `modifier` (`early`, `mid`, `late`,
//! `since`, `until`, `by`, `before`, `after`).
//!
//! `quantities`: `value` (scale applied; the low end of a range), `high`, `unit` (ISO 4217
//! for money, `percent`, `pp`, `t`, `km`, `m3`, `bcm`, `year`…; null for a count), `approx`
//! (`about`, `almost`, `more-than`, `less-than`, `at-least`, `at-most`), `counted`
//! (`{start, end, text}`: what the figure counts), `claim` (`{quote, source, speaker,
//! speaker_name}`: the attribution whose quotation or sentence holds the figure).

use demarche_kb::{Day, Kb};
use demarche_model::record::{self, Role};
use demarche_model::Span;
use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};

use crate::dates::{self, Timex};
use crate::entities::{DocInfo, EntityAnnotator, Mention};
use crate::quantities::{self, Quantity};
use crate::quotes::{Quote, QuoteAnnotator};
use crate::sentences;
use crate::span_index::Innermost;

/// Sentences and entities for one document.
#[derive(Debug, Clone)]
pub struct Layers {
    /// Sentence spans (bytes).
    pub sentences: Vec<Span>,
    /// Entity mentions (bytes).
    pub entities: Vec<Mention>,
    /// Attributions (bytes).
    pub quotes: Vec<Quote>,
    /// Time expressions (bytes).
    pub dates: Vec<Timex>,
    /// Figures (bytes), each with the attribution that claims it.
    pub quantities: Vec<Quantity>,
}

/// Time spent in each stage of the pipeline, summed over the documents run.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    /// Sentence splitting.
    pub sentences: std::time::Duration,
    /// Entity mentions, linking and coreference.
    pub entities: std::time::Duration,
    /// Attributions.
    pub quotes: std::time::Duration,
    /// Tokenising for dates and figures, and time expressions (the tokens are shared).
    pub dates: std::time::Duration,
    /// Figures and their claimants.
    pub quantities: std::time::Duration,
    /// The NER tagger, and joining its names to the entity layer.
    pub ner: std::time::Duration,
}

/// The pipeline: sentence splitter, then entities.
#[derive(Debug)]
pub struct Pipeline {
    entities: EntityAnnotator,
    bodies: crate::bodies::Bodies,
    quotes: QuoteAnnotator,
}

/// Parses a document date (`2023`, `2023-12`, `2023-12-01`, `2023-12-01T10:00:00Z`).
pub fn parse_date(s: &str) -> Option<Day> {
    let s = s.trim();
    let head = s.get(..10.min(s.len())).unwrap_or(s);
    Day::parse(head).or_else(|| Day::parse(s.split('T').next().unwrap_or(s)))
}

impl Pipeline {
    /// A pipeline over `kb`.
    pub fn new(kb: Kb) -> Pipeline {
        Pipeline {
            bodies: crate::bodies::Bodies::new(&kb),
            entities: EntityAnnotator::new(kb),
            quotes: QuoteAnnotator::new(),
        }
    }

    /// The KB behind it.
    pub fn kb(&self) -> &Kb {
        self.entities.kb()
    }

    /// Annotates one text.
    pub fn run(&self, text: &str, info: &DocInfo) -> Layers {
        self.run_timed(text, info, &mut StageTimes::default())
    }

    /// Annotates one text, adding the time each stage took to `times`.
    pub fn run_timed(&self, text: &str, info: &DocInfo, times: &mut StageTimes) -> Layers {
        let mut clock = std::time::Instant::now();
        let mut lap = |slot: &mut std::time::Duration| {
            let now = std::time::Instant::now();
            *slot += now - clock;
            clock = now;
        };
        // channel Markdown is read as spaces, at the same offsets
        let masked = crate::markup::mask(text);
        let text = masked.as_deref().unwrap_or(text);
        let sentences = sentences::split(text);
        lap(&mut times.sentences);
        let entities = self.entities.annotate(text, &sentences, info);
        lap(&mut times.entities);
        let tagged = crate::ner::Tagger::builtin().tag(text, &sentences, info.lang.as_deref());
        lap(&mut times.ner);
        let lexed = crate::lex::lex(text);
        let dates = dates::annotate_lexed(text, &lexed, info.date);
        lap(&mut times.dates);
        let skip: Vec<Span> = dates
            .iter()
            .filter(|t| t.kind != dates::TimeKind::Vague)
            .map(|t| t.span)
            .collect();
        let entities = crate::tagged::merge(text, self.entities.kb(), entities, &tagged, &skip);
        lap(&mut times.ner);
        let entities = self.bodies.compose(text, self.entities.kb(), entities);
        lap(&mut times.entities);
        let title_masked = info.title.as_deref().map(|t| {
            let t = crate::markup::mask(t).unwrap_or_else(|| t.to_string());
            let ms = self.entities.annotate(&t, &sentences::split(&t), info);
            (t, ms)
        });
        lap(&mut times.entities);
        let doc = self.speaker_context(text, &sentences, &entities, info, &title_masked);
        let quotes = self.quotes.annotate(text, &sentences, &entities, &doc);
        lap(&mut times.quotes);
        let mut quantities = quantities::annotate_lexed(text, &lexed, &skip);
        claims(&mut quantities, &sentences, &quotes);
        lap(&mut times.quantities);
        Layers {
            sentences,
            entities,
            quotes,
            dates,
            quantities,
        }
    }

    /// What speaker resolution needs to know of a document: its date, the state it speaks
    /// for (its outlet's), the principal of an outlet that is a leader's office (the
    /// Kremlin's president as of the date), its title and the title's mentions.
    fn speaker_context<'a>(
        &'a self,
        text: &'a str,
        sentences: &'a [Span],
        entities: &'a [Mention],
        info: &'a DocInfo,
        title: &'a Option<(String, Vec<Mention>)>,
    ) -> crate::speakers::Context<'a> {
        let kb = self.kb();
        let outlet = info
            .outlet
            .as_deref()
            .and_then(|o| kb.lookup(o, None).into_iter().next());
        let home = outlet.and_then(|e| e.country.clone());
        let principal = match (outlet, &home, info.date) {
            (Some(e), Some(st), Some(day)) if e.subtype.as_deref() == Some("office") => kb
                .holders("head-of-state", st, day)
                .first()
                .and_then(|p| kb.index_of(&p.id))
                .map(|i| i as u32),
            _ => None,
        };
        crate::speakers::Context {
            text,
            sentences,
            mentions: entities,
            kb,
            date: info.date,
            home,
            principal,
            title: title.as_ref().map(|(t, ms)| (t.as_str(), ms.as_slice())),
            outlet: info.outlet.as_deref(),
            clusters: crate::speakers::Clusters::new(text, entities),
            cyrillic: std::cell::OnceCell::new(),
        }
    }

    /// Entity mentions as JSON objects with offsets converted by `off`.
    pub fn entities_json(
        &self,
        text: &str,
        layers: &Layers,
        off: &dyn Fn(u32) -> usize,
    ) -> Vec<Value> {
        let kb = self.kb();
        layers
            .entities
            .iter()
            .map(|m| {
                let e = m.kb.map(|k| &kb.entities()[k as usize]);
                json!({
                    "start": off(m.span.start), "end": off(m.span.end),
                    "text": &text[m.span.range()],
                    "type": m.kind.name(),
                    "kb": e.map(|e| e.id.as_str()),
                    "name": e.map(|e| e.name.as_str()),
                    "how": m.how.name(),
                    "cluster": m.cluster,
                    "antecedent": m.antecedent,
                    "role": m.role,
                })
            })
            .collect()
    }

    /// Attributions as JSON objects with offsets converted by `off`.
    pub fn quotes_json(
        &self,
        text: &str,
        layers: &Layers,
        off: &dyn Fn(u32) -> usize,
    ) -> Vec<Value> {
        let kb = self.kb();
        let sp = |s: Option<Span>| {
            s.map(|s| json!({"start": off(s.start), "end": off(s.end), "text": &text[s.range()]}))
        };
        layers
            .quotes
            .iter()
            .map(|q| {
                let e = q.speaker.map(|k| &kb.entities()[k as usize]);
                json!({
                    "content": sp(Some(q.content)),
                    "cue": sp(q.cue),
                    "source": sp(q.source),
                    "form": q.form.name(),
                    "speaker": e.map(|e| e.id.as_str()),
                    "speaker_name": e.map(|e| e.name.as_str()),
                    "speaker_mention": q.mention,
                    "speakers": q.speakers.iter().map(|s| s.to_json(kb)).collect::<Vec<_>>(),
                    "cluster": q.cluster,
                    "parent": q.parent,
                })
            })
            .collect()
    }

    /// Figures as JSON objects with offsets converted by `off`.
    pub fn quantities_json(
        &self,
        text: &str,
        layers: &Layers,
        off: &dyn Fn(u32) -> usize,
    ) -> Vec<Value> {
        let kb = self.kb();
        layers
            .quantities
            .iter()
            .map(|q| {
                let claim = q.claim.map(|i| {
                    let a = &layers.quotes[i];
                    let e = a.speaker.map(|k| &kb.entities()[k as usize]);
                    json!({
                        "quote": i,
                        "source": a.source.map(|s| &text[s.range()]),
                        "speaker": e.map(|e| e.id.as_str()),
                        "speaker_name": e.map(|e| e.name.as_str()),
                    })
                });
                json!({
                    "start": off(q.span.start), "end": off(q.span.end),
                    "text": &text[q.span.range()],
                    "value": q.value,
                    "high": q.high,
                    "unit": q.unit,
                    "approx": q.approx,
                    "counted": q.counted.map(|s| json!({
                        "start": off(s.start), "end": off(s.end), "text": &text[s.range()],
                    })),
                    "claim": claim,
                })
            })
            .collect()
    }

    /// Time expressions as JSON objects with offsets converted by `off`.
    pub fn dates_json(text: &str, layers: &Layers, off: &dyn Fn(u32) -> usize) -> Vec<Value> {
        layers
            .dates
            .iter()
            .map(|t| {
                json!({
                    "start": off(t.span.start), "end": off(t.span.end),
                    "text": &text[t.span.range()],
                    "type": t.kind.name(),
                    "value": t.value,
                    "from": t.from.map(|d| d.to_string()),
                    "to": t.to.map(|d| d.to_string()),
                    "precision": t.precision.map(|p| p.name()),
                    "relative": t.relative,
                    "modifier": t.modifier,
                })
            })
            .collect()
    }

    /// Annotates one input line of the JSON Lines contract and returns the output object.
    pub fn annotate_line(&self, line: &str) -> Result<Value, String> {
        let mut obj: Map<String, Value> = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(_) => return Err("not a JSON object".into()),
            Err(e) => return Err(format!("invalid JSON: {e}")),
        };
        // the record validator `demarche ingest` uses: the same records pass and fail
        let text = match obj.get("text") {
            Some(v) => record::text_field(v)?.to_string(),
            None => return Err("no \"text\" field".into()),
        };
        let get = |role: Role| match obj.get(role.name()) {
            Some(v) => record::field_text(role, role.name(), v),
            None => Ok(None),
        };
        // checked; passed through as they are
        get(Role::Id)?;
        let info = DocInfo {
            date: get(Role::Date)?.as_deref().and_then(parse_date),
            outlet: get(Role::Outlet)?,
            lang: get(Role::Lang)?,
            title: get(Role::Title)?,
        };
        let layers = self.run(&text, &info);
        let index = CharIndex::new(&text);
        let off = |b: u32| index.char_offset(b as usize);
        let sents: Vec<Value> = layers
            .sentences
            .iter()
            .map(|s| json!({"start": off(s.start), "end": off(s.end)}))
            .collect();
        let ents = self.entities_json(&text, &layers, &off);
        obj.insert(
            "layers".into(),
            json!({
                "sentences": sents,
                "entities": ents,
                "quotes": self.quotes_json(&text, &layers, &off),
                "dates": Self::dates_json(&text, &layers, &off),
                "quantities": self.quantities_json(&text, &layers, &off),
            }),
        );
        obj.insert(
            "annotator".into(),
            json!({"name": "demarche", "version": env!("CARGO_PKG_VERSION")}),
        );
        Ok(Value::Object(obj))
    }
}

/// Each figure's claim: the innermost attribution whose content holds it (the first of the
/// shortest), else the first attribution whose cue is in the figure's sentence. One sweep in
/// text order, not a scan of every attribution per figure.
fn claims(quantities: &mut [quantities::Quantity], sentences: &[Span], quotes: &[Quote]) {
    let mut contents = Innermost::new(
        quotes
            .iter()
            .map(|q| (q.content.start as usize, q.content.end as usize)),
    );
    // the first attribution with its cue in each sentence
    let mut cued: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, q) in quotes.iter().enumerate() {
        let Some(c) = q.cue else { continue };
        let si = sentences.partition_point(|s| s.end <= c.start);
        if sentences
            .get(si)
            .is_some_and(|s| s.start <= c.start && c.end <= s.end)
        {
            cued.entry(si).or_insert(i);
        }
    }
    let mut order: Vec<usize> = (0..quantities.len()).collect();
    order.sort_by_key(|&i| quantities[i].span.start);
    for i in order {
        let span = quantities[i].span;
        quantities[i].claim = contents
            .at(span.start as usize, span.end as usize)
            .or_else(|| {
                let si = sentences.partition_point(|s| s.end <= span.start);
                sentences.get(si)?;
                cued.get(&si).copied()
            });
    }
}

/// Byte offset → character offset, for texts with non-ASCII characters.
pub struct CharIndex {
    /// Byte offsets of every non-ASCII character's start, with the number of extra bytes
    /// before it.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        let mut extra = 0;
        for (i, c) in text.char_indices() {
            let l = c.len_utf8();
            if l > 1 {
                extra += l - 1;
                marks.push((i + l, extra));
            }
        }
        CharIndex { marks }
    }

    /// The character offset of byte offset `b` (a char boundary).
    pub fn char_offset(&self, b: usize) -> usize {
        let n = self.marks.partition_point(|m| m.0 <= b);
        b - if n == 0 { 0 } else { self.marks[n - 1].1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets() {
        let t = "Zakharova said «да» ok";
        let ix = CharIndex::new(t);
        let b = t.find("ok").unwrap();
        assert_eq!(ix.char_offset(b), t.chars().count() - 2);
        assert_eq!(ix.char_offset(0), 0);
    }
}
