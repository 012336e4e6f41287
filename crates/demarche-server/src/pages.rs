//! The HTML pages (maud escapes every interpolated value).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use demarche_query::search::Snippet;
use demarche_query::{Request, Results, Sort};
use demarche_store::annot::QuoteHit;
use maud::{html, Markup, DOCTYPE};

use crate::chart;
use crate::render::{self, encode, LAYERS};
use crate::views::{DocView, EntityView, Overview, SpeakerView};
use crate::{App, Error};

const CSS: &str = include_str!("../assets/app.css");
/// Hits per page.
const PAGE: usize = 20;

fn layout(title: &str, q: &str, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · demarche" }
                    link rel="stylesheet" href="/static/app.css";
                }
                body {
                    header.top {
                        a.brand href="/" { "demarche" }
                        form.q action="/" method="get" role="search" {
                            input type="search" name="q" value=(q) placeholder="words, \"phrases\", outlet:TASS date:2022-01..2022-03 speaker:lavrov" aria-label="query";
                            button type="submit" { "Search" }
                        }
                        nav { a href="/overview" { "Corpus" } }
                    }
                    main { (body) }
                }
            }
        }
        .into_string(),
    )
}

/// An error page.
pub fn error_page(status: StatusCode, message: &str) -> Html<String> {
    layout(
        status.canonical_reason().unwrap_or("Error"),
        "",
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
            p.error { (message) }
        },
    )
}

/// `/static/app.css`
pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// Text from a document, isolated from the direction of what surrounds it (a title that
/// opens with a right-to-left override must not reorder the page around it).
fn iso(s: &str) -> Markup {
    html! { bdi { (s) } }
}

fn qlink(q: &str) -> String {
    format!("/?q={}", encode(q))
}

fn snippet(s: &Snippet) -> Markup {
    let mut out = String::new();
    let mut at = 0;
    let ok = |i: usize| s.text.is_char_boundary(i);
    for &(a, b) in &s.highlights {
        if a >= at && a <= b && b <= s.text.len() && ok(a) && ok(b) {
            out.push_str(&html! { (&s.text[at..a]) mark { (&s.text[a..b]) } }.into_string());
            at = b;
        }
    }
    out.push_str(&html! { (&s.text[at..]) }.into_string());
    maud::PreEscaped(out)
}

/// How a facet value is shown.
fn facet_label(app: &App, facet: &str, v: &str) -> String {
    match facet {
        "entity" | "speaker" => match app.kb.get(v) {
            Some(e) => e.name.clone(),
            None => v.strip_prefix("name:").unwrap_or(v).to_string(),
        },
        "cluster" => format!("cluster {v}"),
        _ => v.to_string(),
    }
}

/// The filter that selects a facet value.
fn facet_filter(facet: &str, v: &str) -> String {
    if v.contains(char::is_whitespace) || v.contains('"') {
        format!("{facet}:\"{}\"", v.replace('"', ""))
    } else {
        format!("{facet}:{v}")
    }
}

/// `/?q=…&sort=…&page=…`: the search page.
pub async fn search(
    State(app): State<Arc<App>>,
    Query(p): Query<HashMap<String, String>>,
) -> Result<Response, Error> {
    let q = p.get("q").cloned().unwrap_or_default();
    let sort_s = p.get("sort").cloned().unwrap_or_else(|| "relevance".into());
    let Some(sort) = Sort::parse(&sort_s) else {
        return Err(Error::bad(format!(
            "unknown sort {sort_s:?} (relevance, date, oldest)"
        )));
    };
    let page = crate::num_param(&p, "page", 1)?.max(1);
    if (page - 1) * PAGE > demarche_query::search::MAX_OFFSET {
        return Err(Error::bad("page is too deep"));
    }
    let req = Request {
        q: q.clone(),
        limit: PAGE,
        offset: (page - 1) * PAGE,
        sort,
        facets: true,
        snippet_chars: 260,
    };
    let q2 = q.clone();
    let res = app
        .run(move |app| Ok(app.pool.with(|s| app.searcher.search(s, &req))))
        .await?;
    let mut res = match res {
        Ok(r) => r,
        Err(demarche_query::Error::Syntax(e)) => {
            let body = html! {
                h1 { "Query error" }
                p.error { (e.message) }
                pre.caret { (q2) "\n" (" ".repeat(e.position)) "^" }
            };
            return Ok((StatusCode::BAD_REQUEST, layout("Query error", &q2, body)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    res.notes.extend(app.pending_note());
    Ok(layout(
        if q.is_empty() { "Search" } else { &q },
        &q,
        results(&app, &q, sort, page, &res),
    )
    .into_response())
}

fn results(app: &App, q: &str, sort: Sort, page: usize, res: &Results) -> Markup {
    let sort_link = |s: &str| format!("/?q={}&sort={s}", encode(q));
    html! {
        div.searchpage {
            aside.facets {
                @for (name, values) in &res.facets {
                    @if !values.is_empty() {
                        h3 { (name) }
                        ul {
                            @for (v, n) in values {
                                li {
                                    a href=(qlink(format!("{} {}", q, facet_filter(name, v)).trim())) { (iso(&facet_label(app, name, v))) }
                                    " " span.count { (n) }
                                }
                            }
                        }
                    }
                }
            }
            section.results {
                @for n in &res.notes { p.note { (n) } }
                p.summary {
                    strong { (res.total) } " matching documents · " (format!("{:.1}", res.took_ms)) " ms · sort: "
                    @for (s, label) in [(Sort::Relevance, "relevance"), (Sort::Date, "newest"), (Sort::Oldest, "oldest")] {
                        @if s == sort { b { (label) } } @else { a href=(sort_link(match s { Sort::Relevance => "relevance", Sort::Date => "date", Sort::Oldest => "oldest" })) { (label) } }
                        " "
                    }
                }
                @if !res.histogram.is_empty() {
                    figure { (chart::months(&res.histogram, "matching documents", "hist")) figcaption { "Matching documents per month" } }
                }
                ol.hits start=(((page - 1) * PAGE + 1)) {
                    @for h in &res.hits {
                        li.hit {
                            a.title href=(format!("/doc/{}", h.id)) { (iso(h.title.as_deref().unwrap_or("(no title)"))) }
                            div.meta {
                                span { (iso(h.date.as_deref().unwrap_or("undated"))) } " · "
                                span { (iso(h.outlet.as_deref().unwrap_or("unknown outlet"))) } " · "
                                span { (iso(h.lang.as_deref().unwrap_or("?"))) } " · "
                                code { (h.id) }
                            }
                            p.snippet { (snippet(&h.snippet)) }
                        }
                    }
                }
                nav.pages {
                    @if page > 1 { a href=(format!("{}&sort={}&page={}", qlink(q), sort_name(sort), page - 1)) { "← previous" } " " }
                    @if (page * PAGE) < res.total as usize { a href=(format!("{}&sort={}&page={}", qlink(q), sort_name(sort), page + 1)) { "next →" } }
                }
            }
        }
    }
}

fn sort_name(s: Sort) -> &'static str {
    match s {
        Sort::Relevance => "relevance",
        Sort::Date => "date",
        Sort::Oldest => "oldest",
    }
}

fn speaker_href(key: &str) -> String {
    format!("/speaker/{}", encode(key))
}

/// `/doc/{id}`: text with layers, metadata, provenance, duplicates.
pub async fn document(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let d = app.run(move |app| DocView::load(app, &id)).await?;
    let m = &d.meta;
    let p = &d.provenance;
    let quotes: Vec<serde_json::Value> = d
        .layers
        .as_ref()
        .and_then(|l| l.get("quotes"))
        .and_then(|q| q.as_array())
        .cloned()
        .unwrap_or_default();
    let title = m.title.clone().unwrap_or_else(|| "(no title)".into());
    let body = html! {
        article.doc {
            h1 { (iso(&title)) }
            dl.meta {
                dt { "date" } dd { (m.date.as_ref().map(|x| x.iso()).unwrap_or_else(|| "undated".into())) }
                dt { "outlet" } dd { (iso(m.outlet.as_deref().unwrap_or("unknown"))) }
                dt { "language" } dd { (iso(m.lang.as_deref().unwrap_or("?"))) }
                @if let Some(a) = &m.author { dt { "author" } dd { (iso(a)) } }
                @if let Some(dl) = &m.dateline { dt { "dateline" } dd { (iso(&dl.text)) } }
                @if let Some(f) = &m.forwarded_from { dt { "forwarded from" } dd { (iso(f)) } }
                // a document's URL is shown, never followed from here: it is untrusted
                @if let Some(u) = &m.url { dt { "url" } dd { code { (iso(u)) } } }
                dt { "source" } dd {
                    code { (iso(&p.path)) } " (" (p.format.name())
                    @if let Some(c) = &p.compression { ", " (c) }
                    @if let Some(l) = &p.locator { ", " (iso(l)) }
                    ", " (p.encoding) ")"
                    @if let Some(n) = p.copies { " · " (n) " identical records in the input" }
                    " · "
                    a href=(format!("/doc/{}/raw", d.id)) { "raw original" }
                    " · " (d.removed) " pieces removed in cleaning"
                }
                dt { "id" } dd { code { (d.id) } }
            }
            @if d.layers.is_none() {
                p.note { "Not annotated yet: run " code { "demarche index" } "." }
            }
            div.layers {
                @for (class, label) in LAYERS {
                    input type="checkbox" id=(format!("l-{class}")) checked[class != "sent"];
                    label for=(format!("l-{class}")) class=(format!("key {class}")) { (label) }
                }
                div.text lang=(m.lang.as_deref().unwrap_or("")) dir="auto" {
                    (render::annotated(&d.text, d.layers.as_ref()))
                }
            }
            @if !quotes.is_empty() {
                h2 { "Quotations (" (quotes.len()) ")" }
                table.quotes {
                    thead { tr { th { "#" } th { "speaker" } th { "form" } th { "what was said" } } }
                    tbody {
                        @for (i, q) in quotes.iter().enumerate() {
                            @let name = q.get("speaker_name").and_then(|v| v.as_str()).map(str::to_string)
                                .or_else(|| q.get("source").and_then(|s| s.get("text")).and_then(|v| v.as_str())
                                    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")));
                            @let key = q.get("speaker").and_then(|v| v.as_str()).map(str::to_string)
                                .or_else(|| name.as_deref()
                                    .filter(|n| demarche_query::indexer::names_someone(n))
                                    .map(demarche_query::indexer::unlinked_speaker_key));
                            tr {
                                td { a href=(format!("#q{i}")) { (i + 1) } }
                                td {
                                    @match (&name, &key) {
                                        (Some(n), Some(k)) => a.speaker href=(speaker_href(k)) { (iso(n)) },
                                        // a pronoun or a clause: no speaker page gathers it
                                        (Some(n), None) => span { (iso(n)) },
                                        _ => span.muted { "unknown" },
                                    }
                                }
                                td { (q.get("form").and_then(|v| v.as_str()).unwrap_or("")) }
                                td { (iso(q.get("content").and_then(|c| c.get("text")).and_then(|v| v.as_str()).unwrap_or(""))) }
                            }
                        }
                    }
                }
            }
            @if !d.duplicates.is_empty() {
                h2 { "Near-duplicates (cluster " (d.cluster.unwrap_or(0)) ")" }
                ul {
                    @for r in &d.duplicates {
                        li {
                            a href=(format!("/doc/{}", r.id)) { (iso(r.title.as_deref().unwrap_or("(no title)"))) }
                            " · " (iso(r.date.as_deref().unwrap_or("undated"))) " · " (iso(r.outlet.as_deref().unwrap_or("unknown outlet")))
                        }
                    }
                }
            }
        }
    };
    Ok(layout(&title, "", body))
}

/// `/doc/{id}/raw`: the raw original, as plain text that no browser renders.
pub async fn raw(State(app): State<Arc<App>>, Path(id): Path<String>) -> Result<Response, Error> {
    let bytes = app
        .run(move |app| {
            app.pool.with(|s| {
                let d = s.get(crate::views::checked_id(&id)?)?;
                Ok(s.raw(&d.raw_id)?)
            })
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, crate::RAW_CSP),
        ],
        bytes,
    )
        .into_response())
}

fn quote_rows(hits: &[QuoteHit], with_speaker: bool) -> Markup {
    html! {
        table.quotes {
            thead { tr { th { "date" } th { "outlet" } @if with_speaker { th { "speaker" } } th { "what was said" } th { "document" } } }
            tbody {
                @for h in hits {
                    tr {
                        td.nowrap { (iso(h.date.as_deref().unwrap_or("undated"))) }
                        td { (iso(h.outlet.as_deref().unwrap_or(""))) }
                        @if with_speaker { td { a href=(speaker_href(&h.row.speaker)) { (iso(&h.row.name)) } } }
                        td { (iso(&h.row.content)) " " span.muted { "(" (h.row.form) ")" } }
                        td { a href=(format!("/doc/{}#q{}", h.doc, h.row.idx)) { (iso(h.title.as_deref().unwrap_or("(no title)"))) } }
                    }
                }
            }
        }
    }
}

/// `/entity/{id}`
pub async fn entity(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let e = app.run(move |app| EntityView::load(app, &id)).await?;
    let months: Vec<(String, u64)> = e
        .timeline
        .iter()
        .map(|m| (m.month.clone(), m.mentions))
        .collect();
    let body = html! {
        h1 { (e.name) }
        p.meta {
            (e.kind.as_deref().unwrap_or("entity")) " · " code { (e.id) } " · "
            (e.docs) " documents, " (e.mentions) " mentions · "
            a href=(qlink(&format!("entity:{}", e.id))) { "search its documents" }
        }
        h2 { "Mentions over time" }
        (chart::months(&months, "mentions", "timeline"))
        @if !e.co_mentioned.is_empty() {
            h2 { "Mentioned with" }
            ul.inline {
                @for c in &e.co_mentioned {
                    li { a href=(format!("/entity/{}", encode(&c.id))) { (c.name) } " " span.count { (c.docs) } }
                }
            }
        }
        @if !e.quotes_by.is_empty() {
            h2 { "Quotations by " (e.name) " (" (e.quotes_by.len()) ")" }
            p { a href=(speaker_href(&e.id)) { "speaker page" } }
            (quote_rows(&e.quotes_by, false))
        }
        h2 { "Quotations about " (e.name) " (" (e.quotes_about.len()) ")" }
        @if e.quotes_about.is_empty() { p.muted { "None." } } @else { (quote_rows(&e.quotes_about, true)) }
    };
    Ok(layout(&e.name, "", body))
}

/// `/speaker/{key}`
pub async fn speaker(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
) -> Result<Html<String>, Error> {
    let s = app.run(move |app| SpeakerView::load(app, &key)).await?;
    let months: Vec<(String, u64)> = s
        .timeline
        .iter()
        .map(|m| (m.month.clone(), m.mentions))
        .collect();
    let body = html! {
        h1 { (iso(&s.name)) }
        p.meta {
            @if s.linked { a href=(format!("/entity/{}", encode(&s.key))) { "entity page" } " · " }
            (s.quotes.len()) " quotations · "
            a href=(qlink(&facet_filter("speaker", &s.key))) { "search documents quoting " (s.name) }
        }
        h2 { "Quotations over time" }
        (chart::months(&months, "quotations", "timeline"))
        h2 { "Quotations" }
        (quote_rows(&s.quotes, false))
    };
    Ok(layout(&s.name, "", body))
}

/// `/overview`
pub async fn overview(State(app): State<Arc<App>>) -> Result<Html<String>, Error> {
    let o = app.run(Overview::load).await?;
    let body = html! {
        h1 { "Corpus" }
        p.meta {
            (o.documents) " documents · "
            @if o.pending > 0 { strong { (o.pending) " not annotated and indexed yet" } " · " }
            (o.duplicate_clusters.0) " near-duplicate clusters holding "
            (o.duplicate_clusters.1) " documents · " (o.problem_counts.0) " rejected inputs, "
            (o.problem_counts.1) " skipped records"
        }
        h2 { "Documents per outlet per month" }
        @for out in o.outlets.iter().take(12) {
            h3 { a href=(qlink(&facet_filter("outlet", &out.outlet))) { (iso(&out.outlet)) } " " span.count { (out.docs) } }
            (chart::months(&out.months, "documents", "small"))
        }
        div.cols {
            div { h2 { "Languages" } (chart::hbars(&o.languages)) }
            div { h2 { "Formats" } (chart::hbars(&o.formats)) }
        }
        div.cols {
            div {
                h2 { "Most mentioned" }
                ol { @for e in &o.entities { li { a href=(format!("/entity/{}", encode(&e.id))) { (e.name) } " " span.count { (e.docs) } } } }
            }
            div {
                h2 { "Most quoted" }
                ol { @for (k, n, c) in &o.speakers { li { a href=(speaker_href(k)) { (n) } " " span.count { (c) } } } }
            }
        }
        h2 { "Rejected inputs (" (o.problem_counts.0) ")" }
        @if o.rejected.is_empty() { p.muted { "None." } } @else {
            table {
                thead { tr { th { "file" } th { "where" } th { "reason" } th { "when" } } }
                tbody { @for r in &o.rejected { tr { td { code { (iso(&r.path)) } } td { (iso(r.locator.as_deref().unwrap_or(""))) } td { (iso(&r.reason)) } td.nowrap { (r.at) } } } }
            }
        }
    };
    Ok(layout("Corpus", "", body))
}
