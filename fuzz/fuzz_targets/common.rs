// Shared by the fuzz targets: read the bytes as `format` (or detected) and check that every
// document's text and alignment are sound. A panic anywhere is a finding.
use demarche_ingest::{IngestConfig, Ingestor, Outcome};
use demarche_model::{Format, Span};

pub fn check(data: &[u8], format: Option<Format>) {
    let cfg = IngestConfig { format, max_record_bytes: 1 << 20, ..Default::default() };
    let ing = Ingestor::new(cfg);
    ing.read_bytes("fuzz", data, &mut |o| {
        if let Outcome::Doc(d) = o {
            let doc = &d.doc;
            assert!(!doc.text.trim().is_empty());
            let len = doc.text.len() as u32;
            let raw = doc.alignment.to_raw(Span::new(0, len));
            assert!(raw.end as usize <= d.raw.len(), "alignment past the raw original");
            for r in &doc.removed {
                assert!(r.raw.end as usize <= d.raw.len(), "removed span past the raw original");
            }
        }
    });
}
