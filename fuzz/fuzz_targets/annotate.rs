// The annotate pipeline: any line through the JSON Lines contract, and any text through the
// annotators themselves. Every span must lie on character boundaries inside the text.
#![no_main]
use std::sync::OnceLock;

use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::Pipeline;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(demarche_kb::Kb::builtin()))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let p = pipeline();
    let _ = p.annotate_line(s);
    let layers = p.run(s, &DocInfo::default());
    let ok = |a: u32, b: u32| {
        a <= b && (b as usize) <= s.len() && s.is_char_boundary(a as usize) && s.is_char_boundary(b as usize)
    };
    for sp in &layers.sentences {
        assert!(ok(sp.start, sp.end), "sentence {sp:?}");
    }
    for m in &layers.entities {
        assert!(ok(m.span.start, m.span.end), "entity {:?}", m.span);
    }
    for q in &layers.quotes {
        assert!(ok(q.content.start, q.content.end), "quote {:?}", q.content);
    }
    for t in &layers.dates {
        assert!(ok(t.span.start, t.span.end), "date {:?}", t.span);
    }
    for q in &layers.quantities {
        assert!(ok(q.span.start, q.span.end), "quantity {:?}", q.span);
    }
});
