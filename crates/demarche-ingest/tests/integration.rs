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
