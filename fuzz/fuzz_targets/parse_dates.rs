#![no_main]
// The date parsers on any text: structured values (ISO, RFC 2822, Unix time, with offsets),
// written and numeric dates in every language of the lexicon, label words, URL dates, and the
// page-date ranker over what they find. A panic anywhere is a finding.
use demarche_ingest::{dates, pagedate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(d) = dates::parse_structured(&s, "fuzz") {
        let _ = (d.iso(), d.sort_key(), d.utc_seconds());
    }
    for f in dates::find_dates(&s) {
        assert!(f.start <= f.end && f.end <= s.len());
        let _ = f.to_doc_date(String::new());
    }
    let _ = dates::parse_date_line(&s);
    let _ = dates::label_before(&s);
    let _ = pagedate::url_date(&s);
    let mut c = pagedate::Candidates::default();
    c.text(&s, pagedate::Source::Text, None, 0.5);
    c.structured(&s, pagedate::Source::Meta, None, 0.0, "fuzz");
    pagedate::script_dates(&s, 0.0, &mut c);
    let _ = pagedate::choose(&c.list);
});
