//! What the pipeline tests share: one pipeline over the built-in KB, and a run of it on an
//! invented text dated 2024-05-02.

use std::sync::OnceLock;

use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::{parse_date, Layers, Pipeline};
use demarche_annotate::speakers::SpeakerKind;

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(demarche_kb::Kb::builtin()))
}

pub fn run(text: &str, lang: &str) -> Layers {
    let info = DocInfo {
        date: parse_date("2024-05-02"),
        lang: Some(lang.to_string()),
        ..Default::default()
    };
    pipeline().run(text, &info)
}

/// (kind, KB id, name) of the speakers of the attribution whose content starts with `content`.
#[allow(dead_code)]
pub fn speaker_of(
    text: &str,
    l: &Layers,
    content: &str,
) -> Vec<(SpeakerKind, Option<String>, String)> {
    let kb = pipeline().kb();
    let q = l
        .quotes
        .iter()
        .find(|q| {
            text[q.content.range()]
                .trim_start_matches('«')
                .starts_with(content)
        })
        .unwrap_or_else(|| {
            panic!(
                "no attribution {content:?} in {:?}",
                l.quotes
                    .iter()
                    .map(|q| &text[q.content.range()])
                    .collect::<Vec<_>>()
            )
        });
    q.speakers
        .iter()
        .map(|s| {
            (
                s.kind,
                s.kb.map(|k| kb.entities()[k as usize].id.clone()),
                s.name.clone(),
            )
        })
        .collect()
}
