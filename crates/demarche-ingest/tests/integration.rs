//! No input makes a reader panic, and every document's alignment stays inside its raw
//! original. Random bytes, and random bytes behind each format's opening, for every reader
//! (the cargo-fuzz targets in `fuzz/` explore further, coverage-guided).

use demarche_ingest::{IngestConfig, Ingestor, Outcome};
use demarche_model::{Format, Span};
use proptest::prelude::*;

fn check(data: &[u8], format: Option<Format>) {
    let cfg = IngestConfig {
        format,
        max_record_bytes: 1 << 16,
        ..Default::default()
    };
    Ingestor::new(cfg).read_bytes("prop", data, &mut |o| {
        if let Outcome::Doc(d) = o {
            let raw = d
                .doc
                .alignment
                .to_raw(Span::new(0, d.doc.text.len() as u32));
            assert!(raw.end as usize <= d.raw.len());
            for r in &d.doc.removed {
                assert!(r.raw.end as usize <= d.raw.len());
            }
        }
    });
}

const OPENINGS: &[&[u8]] = &[
    b"",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>",
    b"{\"name\":\"c\",\"type\":\"public_channel\",\"messages\":[{\"id\":1,\"type\":\"message\",\"text\":[",
    b"{\"text\":\"",
    b"[{\"text\":\"a\\u",
    b"<?xml version=\"1.0\"?><rss><channel><item><description>&lt;p",
    b"<feed><entry><content>",
    b"<html><body><article><p>",
    b"Forwarded from X\n",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    b"\x28\xb5\x2f\xfd",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn no_reader_panics(open in 0..OPENINGS.len(), tail in proptest::collection::vec(any::<u8>(), 0..600), fmt in 0..8usize) {
        let mut data = OPENINGS[open].to_vec();
        data.extend_from_slice(&tail);
        let format = if fmt == 7 { None } else { Some(Format::ALL[fmt]) };
        check(&data, format);
    }

    #[test]
    fn text_like_input_never_panics(s in "\\PC{0,400}", fmt in 0..8usize) {
        let format = if fmt == 7 { None } else { Some(Format::ALL[fmt]) };
        check(s.as_bytes(), format);
    }
}

/// Issue 27: hostile inputs that broke the readers' contract without crashing them.
mod r27 {
    use super::*;

    fn outcomes(name: &str, data: &[u8]) -> (Vec<demarche_ingest::DocOut>, Vec<(String, String)>) {
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        Ingestor::new(IngestConfig::default()).read_bytes(name, data, &mut |o| match o {
            Outcome::Doc(d) => docs.push(*d),
            Outcome::Problem {
                locator, reason, ..
            } => problems.push((locator.unwrap_or_default(), reason)),
            _ => {}
        });
        (docs, problems)
    }

    fn warc_record(n: usize, declared_extra: i64) -> (String, usize) {
        let page = format!(
            "<html><head><title>Statement {n}</title></head><body><article><p>The ministry \
             published statement number {n} on the talks, which will go on next week in \
             Geneva with both delegations.</p></article></body></html>"
        );
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
        let len = (block.len() as i64 + declared_extra) as usize;
        (
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n}>\r\n\
                 WARC-Target-URI: http://example.org/{n}\r\n\
                 Content-Type: application/http; msgtype=response\r\nContent-Length: {len}\r\n\r\n\
                 {block}\r\n\r\n"
            ),
            block.len(),
        )
    }

    fn titles(docs: &[demarche_ingest::DocOut]) -> Vec<String> {
        docs.iter()
            .map(|d| d.doc.meta.title.clone().unwrap_or_default())
            .collect()
    }

    // https://example.invalid/demarche/issues/27 (failure 10)
    #[test]
    fn r27_warc_content_length_too_large_keeps_the_next_record() {
        let (r2, _) = warc_record(2, 0);
        let (r3, _) = warc_record(3, 0);
        // record 1 declares more than it holds: past the end of the archive, and into the
        // middle of record 2
        for extra in [(r2.len() + r3.len() + 500) as i64, (r2.len() / 2) as i64] {
            let (r1, _) = warc_record(1, extra);
            let data = format!("{r1}{r2}{r3}");
            let (docs, problems) = outcomes("crawl.warc", data.as_bytes());
            let t = titles(&docs);
            assert!(
                t.contains(&"Statement 2".to_string()) && t.contains(&"Statement 3".to_string()),
                "extra {extra}: {t:?} {problems:?}"
            );
            assert!(!t.contains(&"Statement 1".to_string()), "{t:?}");
            let bad: Vec<_> = problems
                .iter()
                .filter(|(l, _)| l.contains("record 1"))
                .collect();
            assert_eq!(bad.len(), 1, "{problems:?}");
            assert!(
                bad[0].1.contains("Content-Length") && bad[0].1.contains("byte 0"),
                "{bad:?}"
            );
            assert!(
                problems
                    .iter()
                    .all(|(_, r)| !r.contains("compressed stream")),
                "{problems:?}"
            );
        }
        // a skipped record (a request) that overruns must not swallow the response after it
        let (r2, _) = warc_record(2, 0);
        let req = format!(
            "WARC/1.0\r\nWARC-Type: request\r\nContent-Type: application/http; msgtype=request\r\n\
             Content-Length: {}\r\n\r\nGET / HTTP/1.1\r\n\r\n\r\n\r\n",
            r2.len() + 4000
        );
        let (docs, problems) = outcomes("crawl.warc", format!("{req}{r2}").as_bytes());
        assert_eq!(titles(&docs), ["Statement 2"], "{problems:?}");
        assert!(problems
            .iter()
            .any(|(l, r)| l.contains("record 1") && r.contains("Content-Length")));
    }

    // https://example.invalid/demarche/issues/27 (failure 11)
    #[test]
    fn r27_wrong_field_types_are_problems() {
        let data = concat!(
            "{\"text\": 12}\n",
            "{\"text\": true}\n",
            "{\"text\": {\"a\": 1}}\n",
            "{\"text\": [\"a\", \"b\"]}\n",
            "{\"text\": null}\n",
            "{\"text\": \"A proper statement by the ministry.\", \"title\": 5}\n",
            "{\"text\": \"Another proper statement by the ministry.\", \"id\": 7, \"date\": 1700000000}\n",
        );
        let (docs, problems) = outcomes("records.jsonl", data.as_bytes());
        assert_eq!(docs.len(), 1, "{:?}", titles(&docs));
        assert_eq!(problems.len(), 6, "{problems:?}");
        assert!(
            problems[0].0 == "line 1" && problems[0].1.contains("\"text\" is a number"),
            "{problems:?}"
        );
        assert!(
            problems[3].1.contains("\"text\" is an array"),
            "{problems:?}"
        );
        assert!(
            problems[5].1.contains("\"title\" is a number"),
            "{problems:?}"
        );
    }

    // https://example.invalid/demarche/issues/27 (failure 2)
    #[test]
    fn r27_identical_records_in_one_input_are_one_document() {
        let rec = "{\"title\": \"Same\", \"text\": \"The minister said the talks would go on.\"}\n";
        let other = "{\"text\": \"A different statement on the grain deal.\"}\n";
        let data = format!("{}{other}{}", rec.repeat(700), rec.repeat(300));
        let (docs, problems) = outcomes("repeated.jsonl", data.as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(docs.len(), 2, "{} documents", docs.len());
        // the same bytes in another input are that input's own record
        let (docs, _) = outcomes("other.jsonl", rec.as_bytes());
        assert_eq!(docs.len(), 1);
    }
}

/// Issue 23: every reader keeps the offset a source gives with its dates; the local day is the
/// source's day, and the absolute time orders documents across time zones.
mod time_zones {
    use demarche_ingest::{IngestConfig, Ingestor, Outcome};
    use demarche_model::DocDate;

    fn dates(name: &str, data: &str) -> Vec<DocDate> {
        let mut out = Vec::new();
        Ingestor::new(IngestConfig::default()).read_bytes(name, data.as_bytes(), &mut |o| {
            if let Outcome::Doc(d) = o {
                out.push(d.doc.meta.date.clone().expect("a date"));
            }
        });
        out
    }

    const BODY: &str =
        "The delegations met again on Monday and agreed on a timetable for the next round.";

    #[test]
    fn rss_keeps_the_offset() {
        let feed = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
             <item><title>Talks</title><pubDate>Tue, 04 Jan 2022 21:30:00 -0500</pubDate>\
             <description>{BODY}</description></item></channel></rss>"
        );
        let d = &dates("feed.rss", &feed)[0];
        assert_eq!(d.iso(), "2022-01-04T21:30:00-05:00");
        // New York's evening of the 4th is the 5th in UTC; the local day stays the 4th
        assert_eq!(d.day, Some(4));
        assert_eq!(d.sort_key(), "2022-01-05T02:30:00Z");
    }

    #[test]
    fn telegram_export_gets_the_offset_from_unix_time() {
        // 2022-01-05T01:30:00 on the exporting machine, 2022-01-04T22:30:00Z absolute: +03:00
        let export = format!(
            "{{\"name\":\"Channel\",\"type\":\"public_channel\",\"id\":7,\"messages\":[\
             {{\"id\":1,\"type\":\"message\",\"date\":\"2022-01-05T01:30:00\",\
             \"date_unixtime\":\"1641335400\",\"text\":\"{BODY}\"}},\
             {{\"id\":2,\"type\":\"message\",\"date\":\"2022-01-05T01:40:00\",\"text\":\"{BODY} Again.\"}}]}}"
        );
        let ds = dates("result.json", &export);
        assert_eq!(ds[0].iso(), "2022-01-05T01:30:00+03:00");
        assert_eq!(ds[0].sort_key(), "2022-01-04T22:30:00Z");
        // no absolute time: a local time, no offset invented
        assert_eq!(ds[1].iso(), "2022-01-05T01:40:00");
        assert_eq!(ds[1].offset, None);
    }

    #[test]
    fn json_records_keep_z_and_numeric_offsets() {
        let lines = format!(
            "{{\"text\":\"{BODY}\",\"date\":\"2022-01-04T22:40:00Z\"}}\n\
             {{\"text\":\"{BODY} Moscow.\",\"date\":\"2022-01-05T01:30:00+0300\"}}\n\
             {{\"text\":\"{BODY} Undated time.\",\"date\":\"2022-01-05 01:30\"}}\n"
        );
        let ds = dates("records.jsonl", &lines);
        assert_eq!(ds[0].iso(), "2022-01-04T22:40:00+00:00");
        assert_eq!(ds[1].iso(), "2022-01-05T01:30:00+03:00");
        assert_eq!(ds[2].iso(), "2022-01-05T01:30:00");
        // who said it first: Moscow (22:30Z) before the UTC source (22:40Z), though its
        // clock says the 5th
        assert!(ds[1].sort_key() < ds[0].sort_key());
        let json = serde_json::to_value(&ds[1]).unwrap();
        assert_eq!(json["offset"], 180);
    }

    #[test]
    fn html_meta_keeps_the_local_day() {
        let page = format!(
            "<html><head><meta property=\"article:published_time\" \
             content=\"2022-01-05T00:30:00+01:00\"></head><body><article><p>{BODY}</p>\
             <p>{BODY}</p></article></body></html>"
        );
        let d = &dates("page.html", &page)[0];
        // the UTC day would be the 4th; the page's day is the 5th
        assert_eq!(d.iso(), "2022-01-05T00:30:00+01:00");
        assert_eq!(d.day, Some(5));
    }
}

/// Issue 23: publication dates in the written forms and languages of news pages.
mod page_dates {
    use demarche_ingest::html::page_metadata;

    fn day(html: &str) -> Option<String> {
        page_metadata(html.as_bytes(), None)
            .date
            .map(|d| d.local_iso().chars().take(10).collect())
    }

    fn page(date_line: &str) -> String {
        format!(
            "<html><body><header><h1>Neue Gespräche in Genf</h1><div class=\"meta\">\
             <span class=\"date\">{date_line}</span></div></header><article><p>{}</p></article>\
             </body></html>",
            "Die Delegationen trafen sich am Montag und vereinbarten einen Zeitplan. ".repeat(3)
        )
    }

    #[test]
    fn written_dates_in_many_languages() {
        for (line, want) in [
            ("12. März 2021", "2021-03-12"),
            ("Veröffentlicht am 03.04.2020, 14:35 Uhr", "2020-04-03"),
            ("le 1er février 2019", "2019-02-01"),
            ("15 de agosto de 2018", "2018-08-15"),
            ("7 luglio 2017", "2017-07-07"),
            ("23 de setembro de 2016", "2016-09-23"),
            ("5 listopada 2015", "2015-11-05"),
            ("9 ноября 2021 г.", "2021-11-09"),
            ("14 березня 2022", "2022-03-14"),
            ("November 19, 2019, 9:02 AM", "2019-11-19"),
            ("2018. 06. 04.", "2018-06-04"),
            ("31/12/2020", "2020-12-31"),
        ] {
            assert_eq!(day(&page(line)).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn json_ld_published_over_modified_and_over_the_text() {
        let html = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\
            \"dateModified\":\"2021-05-09T10:00:00+02:00\",\"datePublished\":\"2021-05-03T08:00:00+02:00\"}\
            </script></head><body><article><p>Aktualisiert am 09.05.2021</p><p>"
            .to_string()
            + &"Die Delegationen trafen sich am Montag und vereinbarten einen Zeitplan. ".repeat(3)
            + "</p></article></body></html>";
        assert_eq!(day(&html).as_deref(), Some("2021-05-03"));
    }

    #[test]
    fn url_dates_are_read() {
        let html = "<html><head><link rel=\"canonical\" href=\"https://example.org/2020/02/14/talks\">\
            </head><body><article><p>The delegations met in Geneva and agreed to meet again soon.</p>\
            </article></body></html>";
        assert_eq!(day(html).as_deref(), Some("2020-02-14"));
        let bare = "<html><body><p>The delegations met in Geneva and agreed to meet again soon.</p></body></html>";
        let m = page_metadata(
            bare.as_bytes(),
            Some("https://example.org/news/2019-11-20-talks"),
        );
        assert_eq!(m.date.map(|d| d.iso()).as_deref(), Some("2019-11-20"));
    }
}
