//! What the pipeline tests share: one pipeline over the built-in KB, and a run of it on an
//! invented text dated 2024-05-02.

use std::sync::OnceLock;

use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::{parse_date, Layers, Pipeline};

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
