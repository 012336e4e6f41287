//! A document's clean text with its annotations as nested-free highlighted segments: every
//! boundary of every span cuts the text, each piece carries the classes of the layers that
//! cover it, so overlapping layers (a date inside a quotation inside a sentence) all show and
//! each can be hidden by its own toggle.

use maud::{html, Markup, PreEscaped};
use serde_json::Value;

/// The layers a page can toggle: (class, label).
pub const LAYERS: [(&str, &str); 6] = [
    ("quote", "quotations"),
    ("src", "speakers"),
    ("ent", "entities"),
    ("date", "dates"),
    ("qty", "figures"),
    ("sent", "sentences"),
];

struct Mark {
    start: usize,
    end: usize,
    class: &'static str,
    title: String,
    link: Option<String>,
    anchor: Option<String>,
}

fn span(v: &Value) -> Option<(usize, usize)> {
    Some((
        v.get("start")?.as_u64()? as usize,
        v.get("end")?.as_u64()? as usize,
    ))
}

fn marks(text: &str, layers: &Value) -> Vec<Mark> {
    let mut out = Vec::new();
    let arr = |k: &str| {
        layers
            .get(k)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    };
    for (i, s) in arr("sentences").iter().enumerate() {
        let (Some(a), Some(b)) = (
            s.get(0).and_then(Value::as_u64),
            s.get(1).and_then(Value::as_u64),
        ) else {
            continue;
        };
        if i % 2 == 1 {
            out.push(Mark {
                start: a as usize,
                end: b as usize,
                class: "sent",
                title: String::new(),
                link: None,
                anchor: None,
            });
        }
    }
    for e in arr("entities") {
        let Some((a, b)) = span(&e) else { continue };
        let kb = e.get("kb").and_then(Value::as_str);
        let name = e.get("name").and_then(Value::as_str).unwrap_or("");
        let kind = e.get("type").and_then(Value::as_str).unwrap_or("");
        out.push(Mark {
            start: a,
            end: b,
            class: "ent",
            title: match kb {
                Some(id) => format!("{name} ({kind}, {id})"),
                None => format!("{kind} (not in the KB)"),
            },
            link: kb.map(|id| format!("/entity/{}", encode(id))),
            anchor: None,
        });
    }
    for (i, q) in arr("quotes").iter().enumerate() {
        let who = q
            .get("speaker_name")
            .and_then(Value::as_str)
            .or_else(|| {
                q.get("source")
                    .and_then(|s| s.get("text"))
                    .and_then(Value::as_str)
            })
            .unwrap_or("unknown speaker");
        let form = q.get("form").and_then(Value::as_str).unwrap_or("");
        if let Some((a, b)) = q.get("content").and_then(span) {
            out.push(Mark {
                start: a,
                end: b,
                class: "quote",
                title: format!("{form} quotation, speaker: {who}"),
                link: None,
                anchor: Some(format!("q{i}")),
            });
        }
        if let Some((a, b)) = q.get("source").and_then(span) {
            out.push(Mark {
                start: a,
                end: b,
                class: "src",
                title: format!("speaker of quotation {}", i + 1),
                link: None,
                anchor: None,
            });
        }
    }
    for d in arr("dates") {
        let Some((a, b)) = span(&d) else { continue };
        let v = d.get("value").and_then(Value::as_str).unwrap_or("?");
        out.push(Mark {
            start: a,
            end: b,
            class: "date",
            title: format!("date: {v}"),
            link: None,
            anchor: None,
        });
    }
    for q in arr("quantities") {
        let Some((a, b)) = span(&q) else { continue };
        let unit = q.get("unit").and_then(Value::as_str).unwrap_or("");
        let value = q.get("value").map(|v| v.to_string()).unwrap_or_default();
        out.push(Mark {
            start: a,
            end: b,
            class: "qty",
            title: format!("figure: {value} {unit}"),
            link: None,
            anchor: None,
        });
    }
    // spans from the store are on char boundaries; keep only those that are, whatever
    // the store holds
    out.retain(|m| {
        m.start < m.end
            && m.end <= text.len()
            && text.is_char_boundary(m.start)
            && text.is_char_boundary(m.end)
    });
    out
}

/// Percent-encodes a path segment.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text with highlights.
pub fn annotated(text: &str, layers: Option<&Value>) -> Markup {
    let Some(layers) = layers else {
        return html! { (text) };
    };
    let marks = marks(text, layers);
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in &marks {
        cuts.push(m.start);
        cuts.push(m.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    // marks sorted by start; the active ones are scanned per piece
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| marks[i].start);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut html = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&i| marks[i].end > a);
        while next < order.len() && marks[order[next]].start <= a {
            if marks[order[next]].end > a {
                active.push(order[next]);
            }
            next += 1;
        }
        for &i in &active {
            if let (Some(id), true) = (&marks[i].anchor, marks[i].start == a) {
                html.push_str(&html! { span.anchor id=(id) {} }.into_string());
            }
        }
        let piece = &text[a..b];
        if active.is_empty() {
            html.push_str(&html! { (piece) }.into_string());
            continue;
        }
        let mut classes: Vec<&str> = active.iter().map(|&i| marks[i].class).collect();
        classes.sort_unstable();
        classes.dedup();
        let title: Vec<&str> = active
            .iter()
            .map(|&i| marks[i].title.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        let link = active.iter().find_map(|&i| marks[i].link.clone());
        let inner = match &link {
            Some(href) => html! { a href=(href) { (piece) } },
            None => html! { (piece) },
        };
        html.push_str(
            &html! { span class=(classes.join(" ")) title=(title.join(" · ")) { (inner) } }
                .into_string(),
        );
    }
    PreEscaped(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn overlapping_layers_and_hostile_text() {
        let text = "<script>alert(1)</script> Lavrov said: \"Talks on May 5.\"";
        let start = text.find("Talks").unwrap();
        let layers = json!({
            "sentences": [[0, text.len()]],
            "entities": [{"start": 26, "end": 32, "type": "person", "kb": "person:x\"><script>", "name": "<b>"}],
            "quotes": [{"content": {"start": start, "end": text.len() - 1}, "form": "direct",
                        "speaker_name": "<img src=x onerror=alert(1)>"}],
            "dates": [{"start": start + 9, "end": start + 14, "value": "2024-05-05"}],
            "quantities": [{"start": 0, "end": 9999}],
        });
        let html = annotated(text, Some(&layers)).into_string();
        assert!(
            !html.contains("<script>") && !html.contains("<img"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("class=\"date quote\""), "{html}");
        assert!(
            html.contains("href=\"/entity/person:x%22%3E%3Cscript%3E\""),
            "{html}"
        );
        assert!(html.contains("id=\"q0\""));
    }
}
