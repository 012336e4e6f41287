//! Web pages written for these tests in the styles analysts meet (a ministry site with a
//! transcript, a WordPress outlet, a Russian agency page in windows-1251, a page with no
//! article): the article text is kept, with its quotations, lists and table; share rows,
//! subscription calls, comment prompts, related lists and cookie banners never reach the
//! clean text; title, date and author come from the page.

use demarche_ingest::{markdown, BlockKind, IngestConfig, Ingestor, Outcome};
use demarche_model::Format;

struct Page {
    text: String,
    markdown: String,
    title: Option<String>,
    date: Option<String>,
    author: Option<String>,
    kinds: Vec<BlockKind>,
}

fn extract(html: &[u8]) -> Result<Page, String> {
    let ing = Ingestor::new(IngestConfig {
        format: Some(Format::Html),
        ..Default::default()
    });
    let mut got = Err("no outcome".to_string());
    ing.read_bytes("page.html", html, &mut |o| match o {
        Outcome::Doc(d) => {
            got = Ok(Page {
                markdown: markdown::render(&d.doc.text, &d.blocks),
                kinds: d.blocks.iter().map(|b| b.1).collect(),
                text: d.doc.text.clone(),
                title: d.doc.meta.title.clone(),
                date: d.doc.meta.date.as_ref().map(|x| x.iso()),
                author: d.doc.meta.author.clone(),
            })
        }
        Outcome::Problem { reason, .. } | Outcome::Skipped { reason, .. } => got = Err(reason),
    });
    got
}

const DEBRIS: &[&str] = &[
    "Leave A Reply",
    "Leave a Reply",
    "Cancel reply",
    "Share.",
    "Pinterest",
    "Tumblr",
    "Subscribe to our",
    "YANDEX.ZEN",
    "Related posts",
    "cookies",
    "Подписывайтесь",
    "Поделиться",
    "Читайте также",
    "Your email address",
];

fn assert_clean(text: &str) {
    for d in DEBRIS {
        assert!(!text.contains(d), "debris {d:?} in:\n{text}");
    }
}

/// A ministry site on a WordPress theme: share row under the headline, the transcript, a
/// share button and the comment form after it, a related list and a cookie banner.
const TRANSCRIPT: &str = r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Remarks by the Minister at the press conference in Valdoria &#8211; Ministry of Foreign Affairs of Arcadia</title>
<meta property="og:title" content="Remarks by the Minister at the press conference in Valdoria">
<meta property="article:published_time" content="2023-03-14T12:30:00+03:00">
<meta name="author" content="Press Service">
</head><body class="post-template">
<div class="cookie-notice">We use cookies to improve your experience. <a href="#">Accept</a></div>
<header class="site-header"><a href="/">Home</a> <a href="/news">News</a> <a href="/contacts">Contacts</a></header>
<div class="wrap"><div class="content-area">
<h1 class="entry-title">Remarks by the Minister at the press conference in Valdoria</h1>
<div class="post-meta">14 March 2023 <span>0</span></div>
<div class="social-row"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Google+</a> <a href="#">Pinterest</a> <a href="#">LinkedIn</a> <a href="#">Tumblr</a> <a href="#">+</a></div>
<div class="entry-content">
<p>Ladies and gentlemen,</p>
<p>We have held substantive talks with our colleagues from Valdoria on the whole range of bilateral relations, including trade, energy and the situation on the border.</p>
<p>The sides agreed to restore the regular flights suspended in 2020 and to open two new border crossings by the end of the year.</p>
<p><strong>Question:</strong> How do you assess the prospects for the treaty on the river basin?</p>
<p><strong>Answer:</strong> We are moving forward. About 80 percent of the text has been agreed. The remaining questions concern the water quotas in dry years, and we expect the experts to settle them in April.</p>
<blockquote><p>“Nobody benefits from a frozen conflict on the river,” the Minister said.</p></blockquote>
<p>The agenda of the next round includes:</p>
<ul><li>the quotas for water use in dry years;</li><li>joint monitoring of the river bed;</li><li>compensation for the damaged dams.</li></ul>
<table><tr><th>Year</th><th>Trade, million dollars</th></tr><tr><td>2021</td><td>410</td></tr><tr><td>2022</td><td>530</td></tr></table>
<p>Share.</p>
</div>
<div class="subscribe-box"><p>Subscribe to our channels YANDEX.ZEN, PULSE, GOOGLE NEWS</p></div>
<div class="related-posts"><h3>Related posts</h3><ul><li><a href="/a">Minister meets the Ambassador of Valdoria to discuss the trade agenda</a></li><li><a href="/b">Statement on the anniversary of the river treaty negotiations</a></li></ul></div>
<div id="respond" class="comment-respond"><h3 id="reply-title">Leave A Reply <small><a href="#">Cancel reply</a></small></h3>
<form><p>Your email address will not be published. Required fields are marked *</p><textarea></textarea><input type="submit" value="Post Comment"></form></div>
</div></div>
<footer>© 2023 Ministry of Foreign Affairs of Arcadia</footer>
</body></html>"##;

#[test]
fn ministry_transcript_page() {
    let p = extract(TRANSCRIPT.as_bytes()).unwrap();
    assert_clean(&p.text);
    assert!(p.text.starts_with("Ladies and gentlemen,"), "{}", p.text);
    assert!(p
        .text
        .contains("About 80 percent of the text has been agreed."));
    assert!(p
        .text
        .contains("“Nobody benefits from a frozen conflict on the river,” the Minister said."));
    assert!(p.text.contains("compensation for the damaged dams."));
    // a table row is one line
    assert!(p.text.contains("2022 | 530"), "{}", p.text);
    assert_eq!(
        p.title.as_deref(),
        Some("Remarks by the Minister at the press conference in Valdoria")
    );
    assert_eq!(p.date.as_deref(), Some("2023-03-14T12:30:00+03:00"));
    assert_eq!(p.author.as_deref(), Some("Press Service"));
    // the structure survives into Markdown
    assert!(p.kinds.contains(&BlockKind::Quote));
    assert!(
        p.markdown.contains("\n> “Nobody benefits"),
        "{}",
        p.markdown
    );
    assert!(p
        .markdown
        .contains("\n- joint monitoring of the river bed;\n"));
    assert!(p
        .markdown
        .contains("| Year | Trade, million dollars |\n| 2021 | 410 |"));
}

/// An outlet page with debris inside the article container and without telling class names:
/// a bare share line, a subscription call and a "read also" link between paragraphs.
const OUTLET: &str = r##"<html><head><title>Envoy: talks on the corridor will resume | The Harbour Post</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Envoy: talks on the corridor will resume","datePublished":"2022-11-09T10:15:00Z","author":{"@type":"Person","name":"Tomas Reyes"},"publisher":{"@type":"Organization","name":"The Harbour Post"}}</script>
</head><body>
<div id="top"><a href="/">The Harbour Post</a> | <a href="/world">World</a> | <a href="/politics">Politics</a></div>
<div id="page"><div id="story">
<h1>Envoy: talks on the corridor will resume</h1>
<p>November 9, 2022</p>
<p>The special envoy said on Wednesday that the talks on the humanitarian corridor would resume next week in a neutral country, after a pause of almost a month.</p>
<p>Share</p>
<p>“We have a text on the table that both sides can live with,” he told reporters, adding that more than 4,500 people were waiting to leave the city.</p>
<p><a href="/news/other-story">Read more: Ceasefire monitors report shelling near the port</a></p>
<p>The previous round ended without an agreement on the route of the convoys and on the guarantees for the drivers.</p>
<p>Subscribe to our Telegram channel</p>
<p>Leave a Reply</p>
</div>
<div id="more"><h3>Most read</h3><p><a href="/x">Ten things to know about the new budget</a></p><p><a href="/y">Storm closes the northern highway for two days</a></p></div>
</div></body></html>"##;

#[test]
fn debris_inside_the_article_container() {
    let p = extract(OUTLET.as_bytes()).unwrap();
    assert_clean(&p.text);
    for kept in [
        "The special envoy said on Wednesday",
        "“We have a text on the table that both sides can live with,”",
        "The previous round ended without an agreement",
    ] {
        assert!(p.text.contains(kept), "{kept}: {}", p.text);
    }
    for gone in ["Read more:", "Subscribe", "Most read", "Ten things"] {
        assert!(!p.text.contains(gone), "{gone}: {}", p.text);
    }
    assert_eq!(
        p.title.as_deref(),
        Some("Envoy: talks on the corridor will resume")
    );
    assert_eq!(p.date.as_deref(), Some("2022-11-09T10:15:00+00:00"));
    assert_eq!(p.author.as_deref(), Some("Tomas Reyes"));
}

/// A Russian agency page in windows-1251, declared in a meta tag.
#[test]
fn russian_page_in_windows_1251() {
    let html = r##"<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>МИД: переговоры продолжатся в апреле</title>
<meta property="article:published_time" content="2024-02-20">
</head><body><div class="menu"><a href="/">Главная</a> <a href="/news">Новости</a></div>
<div class="article"><h1>МИД: переговоры продолжатся в апреле</h1>
<div class="share"><span>Поделиться:</span> <a href="#">ВКонтакте</a> <a href="#">Одноклассники</a> <a href="#">Telegram</a></div>
<p>Официальный представитель министерства заявила на брифинге, что следующий раунд консультаций пройдёт в апреле в одной из нейтральных стран.</p>
<p>По её словам, стороны уже согласовали большую часть текста соглашения, а оставшиеся вопросы касаются сроков вывода техники.</p>
<p>Читайте также: <a href="/x">Посол провёл встречу с делегацией парламента</a></p>
<p>Подписывайтесь на наш канал в Телеграме</p>
</div></body></html>"##;
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
    let p = extract(&bytes).unwrap();
    assert_clean(&p.text);
    assert!(p
        .text
        .starts_with("Официальный представитель министерства заявила"));
    assert!(p.text.contains("сроков вывода техники."), "{}", p.text);
    assert_eq!(
        p.title.as_deref(),
        Some("МИД: переговоры продолжатся в апреле")
    );
    assert_eq!(p.date.as_deref(), Some("2024-02-20"));
}

/// A page with no article (a section front of links, a cookie banner): an empty result is
/// reported as such, not garbage.
#[test]
fn page_without_article_is_reported_empty() {
    let html = r##"<html><head><title>World | The Harbour Post</title></head><body>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<ul class="teasers"><li><a href="/1">Envoy: talks on the corridor will resume</a></li>
<li><a href="/2">Storm closes the northern highway</a></li><li><a href="/3">Budget passes second reading</a></li></ul>
<footer>© The Harbour Post</footer></body></html>"##;
    match extract(html.as_bytes()) {
        Err(reason) => assert!(reason.contains("no text"), "{reason}"),
        Ok(p) => panic!("garbage extracted: {:?}", p.text),
    }
}

/// A page's repeated blocks are its own (the same headings over each part of a plan); the
/// same lines in a plain-text record are collapsed as a forwarded preview would be.
#[test]
fn repeated_blocks_of_a_page_are_kept() {
    let part = |n: u32| {
        format!(
            "<h2>Plan {n}</h2><h3>Morning session</h3><p>Delegations meet at the Palais des \
             Nations.</p><h3>Afternoon session</h3><p>Working groups report to the plenary.</p>"
        )
    };
    let html = format!(
        "<html><head><title>Conference programme</title></head><body><article><p>The \
         programme of the conference, day by day, as the organisers published it on their \
         site this week.</p>{}{}</article></body></html>",
        part(1),
        part(2)
    );
    let page = extract(html.as_bytes()).expect("a document");
    assert_eq!(
        page.text.matches("Morning session").count(),
        2,
        "{}",
        page.text
    );
    assert_eq!(page.text.matches("Working groups report").count(), 2);

    let ing = Ingestor::new(IngestConfig {
        format: Some(Format::Text),
        ..Default::default()
    });
    let post = "Delegations meet at the Palais des Nations on Monday morning.\n\n\
                Working groups report to the plenary.\n\n\
                Delegations meet at the Palais des Nations on Monday morning.\n";
    let mut text = String::new();
    ing.read_bytes("post.txt", post.as_bytes(), &mut |o| {
        if let Outcome::Doc(d) = o {
            text = d.doc.text.clone();
        }
    });
    assert_eq!(text.matches("Palais des Nations").count(), 1, "{text}");
}
