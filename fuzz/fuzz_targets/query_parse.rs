// The query language: any input parses or is an error with a position inside the query.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    if let Err(e) = demarche_query::parse(&q) {
        assert!(e.position <= q.chars().count(), "{e:?} for {q:?}");
        assert!(!e.message.is_empty());
    }
});
