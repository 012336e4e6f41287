//! "Who said what" in the users' own material: `../shared/eval/statements` (Russian Telegram
//! posts, English Kremlin and Ukrainian presidency releases, every attribution read by hand).
//!
//! The metric is the set's README's. The annotator runs on each text with its date, outlet and
//! title; predicted attributions are matched to gold ones one to one by overlap of the content
//! spans, gold in text order, each taking the unmatched prediction that overlaps it most.
//! - **found**: precision, recall and F1 of that matching;
//! - **right speaker**: of the found, the share whose speaker is the gold one: the prediction's
//!   resolved speaker (a KB entity, with all its names in every script, or the resolved name of
//!   an unlinked person or body) names the same person (for Russian, any case form of the
//!   surname) or institution; a gold `anonymous` is right when no named speaker is given; a
//!   speaker left unresolved (a pronoun, a role word) is wrong;
//! - **right of gold**: right speakers as a share of all gold attributions;
//! - **false**: predictions that overlap no gold attribution, as a share of predictions;
//!
//! all of them overall and per gold `form` (a prediction's form is its own, for `false`).
//!
//! **Parts.** The visible dev files are split once, by a hash of the document id, into a
//! *fit* part (read while writing rules and fitting weights) and a *check* part (scored, never
//! read); [`part_of`] is the split. Figures are reported for both.

use std::collections::BTreeMap;
use std::path::Path;

use demarche_annotate::pipeline::Pipeline;
use demarche_kb::{EntityType, Kb};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One gold attribution (code-point offsets into the text).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldAttr {
    /// What was said.
    pub content: String,
    /// Start of the content.
    pub content_start: usize,
    /// End of the content (exclusive).
    pub content_end: usize,
    /// The cue, if any.
    #[serde(default)]
    pub cue: Option<String>,
    /// The source as written, if any.
    #[serde(default)]
    pub source: Option<String>,
    /// Canonical speaker: a person's full name, an institution's name, `anonymous`, or several
    /// joined by "; ".
    pub speaker: String,
    /// The English form of the speaker (Russian set).
    #[serde(default)]
    pub speaker_en: Option<String>,
    /// `person`, `persons`, `organisation`, `anonymous`.
    pub speaker_kind: String,
    /// `direct`, `indirect`, `mixed`, `turn`, `trailing`.
    pub form: String,
}

/// One gold document.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Date (ISO).
    #[serde(default)]
    pub date: Option<String>,
    /// Telegram channel (Russian set).
    #[serde(default)]
    pub channel: Option<String>,
    /// Outlet (English set).
    #[serde(default)]
    pub outlet: Option<String>,
    /// Title, where known.
    #[serde(default)]
    pub title: Option<String>,
    /// Gold attributions.
    pub attributions: Vec<GoldAttr>,
}

/// The two parts of a visible dev file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// Read while writing rules and fitting weights.
    Fit,
    /// Scored only, never read.
    Check,
}

impl Part {
    /// The part's name.
    pub fn name(&self) -> &'static str {
        match self {
            Part::Fit => "fit",
            Part::Check => "check",
        }
    }
}

/// The part a document belongs to: two fifths of the documents, chosen by an FNV-1a hash of
/// `demarche-check-<id>`, are the check part.
pub fn part_of(id: &str) -> Part {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in "demarche-check-".bytes().chain(id.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    if h % 5 < 2 {
        Part::Check
    } else {
        Part::Fit
    }
}

/// Reads a statements file (JSON Lines).
pub fn load(path: &Path) -> Result<Vec<GoldDoc>, String> {
    let body = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    body.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// A speaker as predicted.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PredSpeaker {
    /// `person`, `organisation`, `anonymous`, or `unresolved` (a pronoun or role word that
    /// names no one).
    pub kind: String,
    /// Every name the speaker is known by: the KB entity's names in all scripts, or the name
    /// as resolved in the text.
    pub names: Vec<String>,
}

/// One predicted attribution (code-point offsets).
#[derive(Clone, Debug, Default, Serialize)]
pub struct PredAttr {
    /// Content start.
    pub start: usize,
    /// Content end.
    pub end: usize,
    /// The content's text.
    pub content: String,
    /// Form.
    pub form: String,
    /// Source as written.
    pub source: Option<String>,
    /// Resolved speakers (several for a joint statement; none when unresolved).
    pub speakers: Vec<PredSpeaker>,
}

/// The annotator's input line for a gold document.
pub fn input_line(d: &GoldDoc) -> String {
    let mut o = serde_json::Map::new();
    o.insert("id".into(), Value::String(d.id.clone()));
    o.insert("text".into(), Value::String(d.text.clone()));
    if let Some(x) = &d.date {
        o.insert("date".into(), Value::String(x.clone()));
    }
    if let Some(x) = d.outlet.as_ref().or(d.channel.as_ref()) {
        o.insert("outlet".into(), Value::String(x.clone()));
    }
    if let Some(x) = &d.title {
        o.insert("title".into(), Value::String(x.clone()));
    }
    Value::Object(o).to_string()
}

/// Names of a KB entity, in every script.
fn kb_names(kb: &Kb, id: &str) -> Option<(EntityType, Vec<String>)> {
    let e = kb.get(id)?;
    let mut names = vec![e.name.clone()];
    names.extend(e.all_names().map(|n| n.text().to_string()));
    Some((e.kind, names))
}

fn kind_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "person",
        _ => "organisation",
    }
}

/// The speakers of one output attribution: its `speakers` list when the annotator gives one,
/// else its KB speaker, else the fullest name in the speaker mention's cluster.
fn pred_speakers(kb: &Kb, q: &Value, entities: &[Value]) -> Vec<PredSpeaker> {
    if let Some(list) = q.get("speakers").and_then(Value::as_array) {
        return list
            .iter()
            .map(|s| {
                let kind = s
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or("unresolved");
                let mut names = Vec::new();
                let mut kind = kind.to_string();
                if let Some((t, n)) = s
                    .get("kb")
                    .and_then(Value::as_str)
                    .and_then(|id| kb_names(kb, id))
                {
                    names = n;
                    kind = kind_name(t).to_string();
                }
                if let Some(n) = s.get("name").and_then(Value::as_str) {
                    names.push(n.to_string());
                }
                PredSpeaker { kind, names }
            })
            .collect();
    }
    if let Some((t, names)) = q
        .get("speaker")
        .and_then(Value::as_str)
        .and_then(|id| kb_names(kb, id))
    {
        return vec![PredSpeaker {
            kind: kind_name(t).into(),
            names,
        }];
    }
    let Some(m) = q.get("speaker_mention").and_then(Value::as_u64) else {
        return Vec::new();
    };
    let Some(me) = entities.get(m as usize) else {
        return Vec::new();
    };
    let cluster = me.get("cluster").and_then(Value::as_u64);
    let named = |e: &Value| {
        matches!(
            e.get("how").and_then(Value::as_str),
            Some("name" | "pattern" | "acronym" | "surname")
        )
    };
    let best = entities
        .iter()
        .filter(|e| cluster.is_some() && e.get("cluster").and_then(Value::as_u64) == cluster)
        .filter(|e| named(e))
        .max_by_key(|e| e.get("text").and_then(Value::as_str).map_or(0, str::len));
    match best {
        Some(e) => vec![PredSpeaker {
            kind: match e.get("type").and_then(Value::as_str) {
                Some("person") => "person".into(),
                _ => "organisation".into(),
            },
            names: vec![e
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()],
        }],
        None => vec![PredSpeaker {
            kind: "unresolved".into(),
            names: Vec::new(),
        }],
    }
}

/// Runs the annotator on every document and reads its attributions.
pub fn predict(docs: &[GoldDoc], pipeline: &Pipeline) -> Vec<Vec<PredAttr>> {
    let kb = pipeline.kb();
    docs.iter()
        .map(|d| {
            let Ok(out) = pipeline.annotate_line(&input_line(d)) else {
                return Vec::new();
            };
            let layers = &out["layers"];
            let entities = layers["entities"].as_array().cloned().unwrap_or_default();
            let chars: Vec<char> = d.text.chars().collect();
            layers["quotes"]
                .as_array()
                .map(|qs| {
                    qs.iter()
                        .filter_map(|q| {
                            let c = &q["content"];
                            let start = c["start"].as_u64()? as usize;
                            let end = c["end"].as_u64()? as usize;
                            Some(PredAttr {
                                start,
                                end,
                                content: chars[start.min(chars.len())..end.min(chars.len())]
                                    .iter()
                                    .collect(),
                                form: q["form"].as_str().unwrap_or("").to_string(),
                                source: q["source"]["text"].as_str().map(str::to_string),
                                speakers: pred_speakers(kb, q, &entities),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Lowercase, `ё` as `е`, letters and digits only, words separated by one space.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars().flat_map(char::to_lowercase) {
            out.push(if c == 'ё' { 'е' } else { c });
        }
    }
    out
}

/// Russian inflectional endings, longest first, stripped from a word's end to compare case
/// forms ("Пескова", "Песковым" → "песков").
const ENDINGS: &[&str] = &[
    "ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ым", "им", "ом", "ем", "ую", "юю", "ая",
    "яя", "ий", "ый", "ых", "их", "ам", "ям", "ах", "ях", "а", "я", "у", "ю", "е", "ы", "и", "о",
];

fn stem(w: &str) -> String {
    let n = w.chars().count();
    for e in ENDINGS {
        if w.ends_with(e) && n >= e.chars().count() + 3 {
            return w[..w.len() - e.len()].to_string();
        }
    }
    w.to_string()
}

/// Do two person names name the same person? Their last words (surnames) agree in some case
/// form.
fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    let (Some(x), Some(y)) = (a.split(' ').next_back(), b.split(' ').next_back()) else {
        return false;
    };
    if x.is_empty() || y.is_empty() {
        return false;
    }
    x == y || stem(x) == stem(y)
}

/// Words that only qualify an institution by its state ("of Russia", «РФ»).
fn qualifier(w: &str) -> bool {
    matches!(
        w,
        "россии"
            | "рф"
            | "российской"
            | "федерации"
            | "of"
            | "the"
            | "russia"
            | "russian"
            | "federation"
    )
}

/// Do two institution names name the same body? Equal word stems, state qualifiers aside.
fn same_body(a: &str, b: &str) -> bool {
    let key = |s: &str, drop_qualifiers: bool| -> Vec<String> {
        norm(s)
            .split(' ')
            .filter(|w| !(w.is_empty() || drop_qualifiers && qualifier(w)))
            .map(stem)
            .collect()
    };
    let (x, y) = (key(a, true), key(b, true));
    if x.is_empty() || y.is_empty() {
        // a name that is all qualifier is the state itself: "Russia" is "Russia"
        let (x, y) = (key(a, false), key(b, false));
        return !x.is_empty() && x == y;
    }
    x == y
}

/// Is the predicted speaker list right for this gold attribution?
pub fn right_speaker(g: &GoldAttr, pred: &[PredSpeaker]) -> bool {
    let named: Vec<&PredSpeaker> = pred
        .iter()
        .filter(|p| p.kind == "person" || p.kind == "organisation")
        .collect();
    if g.speaker_kind == "anonymous" || g.speaker == "anonymous" {
        return named.is_empty();
    }
    let golds: Vec<&str> = g.speaker.split("; ").collect();
    let golds_en: Vec<&str> = g
        .speaker_en
        .as_deref()
        .map(|s| s.split("; ").collect())
        .unwrap_or_default();
    if named.len() != golds.len() {
        return false;
    }
    let person = g.speaker_kind.starts_with("person");
    golds.iter().enumerate().all(|(i, gs)| {
        let forms: Vec<&str> = std::iter::once(*gs)
            .chain(golds_en.get(i).copied())
            .collect();
        named.iter().any(|p| {
            p.names.iter().any(|n| {
                forms.iter().any(|f| {
                    if person && p.kind == "person" {
                        same_person(f, n) || norm(f) == norm(n)
                    } else {
                        same_body(f, n)
                    }
                })
            })
        })
    })
}

/// Counts for one slice of the figures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    /// Gold attributions.
    pub gold: usize,
    /// Predicted attributions.
    pub predicted: usize,
    /// Gold attributions matched by a prediction.
    pub found: usize,
    /// Of the found, with the right speaker.
    pub right: usize,
    /// Predictions matched to a gold attribution (counted by the prediction's form).
    pub matched: usize,
    /// Predictions overlapping no gold attribution.
    pub false_: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.found += o.found;
        self.right += o.right;
        self.matched += o.matched;
        self.false_ += o.false_;
    }

    /// Precision of the matching (predictions of this form that were matched).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    /// Predictions not matched one to one, of all predictions (1 - precision).
    pub fn unmatched_share(&self) -> f64 {
        1.0 - self.precision()
    }
    /// Recall of the matching.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
    /// F1 of the matching.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if self.predicted == 0 {
            return 0.0;
        }
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Right speakers of the found.
    pub fn right_of_found(&self) -> f64 {
        ratio(self.right, self.found)
    }
    /// Right speakers of all gold.
    pub fn right_of_gold(&self) -> f64 {
        ratio(self.right, self.gold)
    }
    /// False predictions of all predictions.
    pub fn false_share(&self) -> f64 {
        ratio(self.false_, self.predicted)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// One gold attribution's outcome, for error listings.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// Document id.
    pub doc: String,
    /// The gold attribution.
    pub gold: Option<GoldAttr>,
    /// The prediction matched to it (or a false one).
    pub pred: Option<PredAttr>,
    /// Speaker right.
    pub right: bool,
}

/// Figures of one part: overall and per form.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// All forms.
    pub all: Counts,
    /// Per gold form (per predicted form for `predicted` and `false_`).
    pub by_form: BTreeMap<String, Counts>,
    /// Every gold attribution and every false prediction.
    pub outcomes: Vec<Outcome>,
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Scores one document's predictions against its gold, adding to `report`.
pub fn score_doc(report: &mut Report, doc: &GoldDoc, pred: &[PredAttr]) {
    report.documents += 1;
    let mut gold: Vec<&GoldAttr> = doc.attributions.iter().collect();
    gold.sort_by_key(|g| (g.content_start, g.content_end));
    let mut used = vec![false; pred.len()];
    for g in gold {
        let gs = (g.content_start, g.content_end);
        let best = pred
            .iter()
            .enumerate()
            .filter(|(i, p)| !used[*i] && overlap(gs, (p.start, p.end)) > 0)
            .max_by_key(|(i, p)| (overlap(gs, (p.start, p.end)), usize::MAX - i))
            .map(|(i, _)| i);
        let c = report.by_form.entry(g.form.clone()).or_default();
        c.gold += 1;
        report.all.gold += 1;
        let mut right = false;
        if let Some(i) = best {
            used[i] = true;
            c.found += 1;
            report.all.found += 1;
            right = right_speaker(g, &pred[i].speakers);
            if right {
                c.right += 1;
                report.all.right += 1;
            }
        }
        report.outcomes.push(Outcome {
            doc: doc.id.clone(),
            gold: Some(g.clone()),
            pred: best.map(|i| pred[i].clone()),
            right,
        });
    }
    for (i, p) in pred.iter().enumerate() {
        let c = report.by_form.entry(p.form.clone()).or_default();
        c.predicted += 1;
        report.all.predicted += 1;
        if used[i] {
            c.matched += 1;
            report.all.matched += 1;
        }
        let hit = doc
            .attributions
            .iter()
            .any(|g| overlap((g.content_start, g.content_end), (p.start, p.end)) > 0);
        if !hit {
            c.false_ += 1;
            report.all.false_ += 1;
            report.outcomes.push(Outcome {
                doc: doc.id.clone(),
                gold: None,
                pred: Some(p.clone()),
                right: false,
            });
        }
    }
}

/// Reports per part (fit, check) and for the whole file.
pub fn score(docs: &[GoldDoc], pred: &[Vec<PredAttr>]) -> BTreeMap<String, Report> {
    let mut out: BTreeMap<String, Report> = BTreeMap::new();
    for (d, p) in docs.iter().zip(pred) {
        let part = part_of(&d.id);
        score_doc(out.entry(part.name().into()).or_default(), d, p);
    }
    let mut all = Report::default();
    for r in out.values() {
        all.documents += r.documents;
        all.all.add(&r.all);
        for (f, c) in &r.by_form {
            all.by_form.entry(f.clone()).or_default().add(c);
        }
        all.outcomes.extend(r.outcomes.iter().cloned());
    }
    out.insert("all".into(), all);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(speaker: &str, en: Option<&str>, kind: &str) -> GoldAttr {
        GoldAttr {
            content: String::new(),
            content_start: 0,
            content_end: 5,
            cue: None,
            source: None,
            speaker: speaker.into(),
            speaker_en: en.map(str::to_string),
            speaker_kind: kind.into(),
            form: "indirect".into(),
        }
    }

    fn sp(kind: &str, names: &[&str]) -> PredSpeaker {
        PredSpeaker {
            kind: kind.into(),
            names: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn persons_match_in_any_case_form_and_script() {
        let g = gold("Ирина Малышева", Some("Irina Malysheva"), "person");
        assert!(right_speaker(&g, &[sp("person", &["Малышевой"])]));
        assert!(right_speaker(&g, &[sp("person", &["I. Malysheva"])]));
        assert!(!right_speaker(&g, &[sp("person", &["Малинин"])]));
        assert!(!right_speaker(&g, &[sp("unresolved", &[])]));
        assert!(!right_speaker(&g, &[]));
    }

    #[test]
    fn bodies_match_without_state_qualifiers() {
        let g = gold(
            "Министерство транспорта России",
            Some("Ministry of Transport of Russia"),
            "organisation",
        );
        assert!(right_speaker(
            &g,
            &[sp("organisation", &["Министерство транспорта РФ"])]
        ));
        assert!(right_speaker(
            &g,
            &[sp("organisation", &["Ministry of Transport"])]
        ));
        assert!(!right_speaker(
            &g,
            &[sp("organisation", &["Министерство финансов"])]
        ));
    }

    #[test]
    fn a_state_is_the_same_body_as_itself_and_no_other() {
        let g = gold("Russia", Some("Russia"), "organisation");
        assert!(right_speaker(&g, &[sp("organisation", &["Russia"])]));
        assert!(!right_speaker(&g, &[sp("organisation", &["Ukraine"])]));
        let g = gold("Министерство обороны России", None, "organisation");
        assert!(!right_speaker(&g, &[sp("organisation", &["Russia"])]));
    }

    #[test]
    fn anonymous_is_right_only_without_a_named_speaker() {
        let g = gold("anonymous", Some("anonymous"), "anonymous");
        assert!(right_speaker(&g, &[]));
        assert!(right_speaker(&g, &[sp("anonymous", &[])]));
        assert!(!right_speaker(&g, &[sp("person", &["Someone Else"])]));
    }

    #[test]
    fn joint_statements_need_every_speaker() {
        let g = gold("Anna Berg; Tomas Lind", None, "persons");
        let both = [sp("person", &["Anna Berg"]), sp("person", &["Tomas Lind"])];
        assert!(right_speaker(&g, &both));
        assert!(!right_speaker(&g, &both[..1]));
    }

    #[test]
    fn matching_is_one_to_one_by_largest_overlap() {
        let mut a = gold("Anna Berg", None, "person");
        a.content_start = 0;
        a.content_end = 10;
        let mut b = a.clone();
        b.content_start = 20;
        b.content_end = 30;
        let doc = GoldDoc {
            id: "x".into(),
            text: String::new(),
            date: None,
            channel: None,
            outlet: None,
            title: None,
            attributions: vec![a, b],
        };
        let p = |s, e, name: &str| PredAttr {
            start: s,
            end: e,
            form: "indirect".into(),
            speakers: vec![sp("person", &[name])],
            ..Default::default()
        };
        let preds = [p(8, 25, "Anna Berg"), p(2, 9, "Anna Berg"), p(40, 45, "X")];
        let mut r = Report::default();
        score_doc(&mut r, &doc, &preds);
        // gold a takes the prediction overlapping it most (2..9), gold b the other (8..25)
        assert_eq!((r.all.gold, r.all.found, r.all.right), (2, 2, 2));
        assert_eq!((r.all.predicted, r.all.matched, r.all.false_), (3, 2, 1));
        assert!((r.all.f1() - 0.8).abs() < 1e-9);
    }
}
