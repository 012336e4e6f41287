//! Figures: values, scales, units, ranges, approximations and what they count, in English
//! and Russian; claimants from the attribution layer.

use std::sync::OnceLock;

use demarche_annotate::pipeline::Pipeline;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(demarche_kb::Kb::builtin()))
}

#[derive(Debug, PartialEq)]
struct F {
    text: String,
    value: f64,
    high: Option<f64>,
    unit: Option<&'static str>,
    approx: Option<&'static str>,
    counted: Option<String>,
    claimant: Option<String>,
}

fn figures(text: &str) -> Vec<F> {
    let p = pipeline();
    let l = p.run(text, &Default::default());
    l.quantities
        .iter()
        .map(|q| F {
            text: text[q.span.range()].into(),
            value: q.value,
            high: q.high,
            unit: q.unit,
            approx: q.approx,
            counted: q.counted.map(|s| text[s.range()].into()),
            claimant: q.claim.and_then(|i| {
                l.quotes[i]
                    .speaker
                    .map(|k| p.kb().entities()[k as usize].id.clone())
            }),
        })
        .collect()
}

/// (text, value, high, unit, approx, counted)
type Row = (
    String,
    f64,
    Option<f64>,
    Option<&'static str>,
    Option<&'static str>,
    Option<String>,
);

fn f(
    text: &str,
    value: f64,
    high: Option<f64>,
    unit: Option<&'static str>,
    approx: Option<&'static str>,
    counted: Option<&str>,
) -> Row {
    (
        text.into(),
        value,
        high,
        unit,
        approx,
        counted.map(Into::into),
    )
}

fn strip(fs: Vec<F>) -> Vec<Row> {
    fs.into_iter()
        .map(|x| (x.text, x.value, x.high, x.unit, x.approx, x.counted))
        .collect()
}

#[test]
fn english_figures() {
    let got = strip(figures(
        "The authorities say the unrest left 225 dead and more than 4,500 injured. \
         Inflation was 16.5-16.6% last year. Russia delivered 150 buses. \
         Trade almost doubled to about $5 billion, and the GDP of the union was 173 trillion roubles. \
         Grain production grew by 27 percent and reached almost 187 million tonnes.",
    ));
    assert_eq!(
        got,
        vec![
            f("225", 225.0, None, None, None, Some("dead")),
            f(
                "more than 4,500",
                4500.0,
                None,
                None,
                Some("more-than"),
                Some("injured")
            ),
            f(
                "16.5-16.6%",
                16.5,
                Some(16.6),
                Some("percent"),
                None,
                Some("Inflation")
            ),
            f("150", 150.0, None, None, None, Some("buses")),
            f(
                "about $5 billion",
                5e9,
                None,
                Some("USD"),
                Some("about"),
                Some("Trade")
            ),
            f(
                "173 trillion roubles",
                1.73e14,
                None,
                Some("RUB"),
                None,
                Some("GDP of the union")
            ),
            f(
                "27 percent",
                27.0,
                None,
                Some("percent"),
                None,
                Some("Grain production")
            ),
            f(
                "almost 187 million tonnes",
                1.87e8,
                None,
                Some("t"),
                Some("almost"),
                Some("Grain production")
            ),
        ]
    );
}

#[test]
fn counted_phrases_with_complements() {
    let got = figures(
        "There are 1,300 schools with instruction in Russian, and over 75 percent of mutual \
         settlements between the EAEU countries use national currencies.",
    );
    assert_eq!(
        got[0].counted.as_deref(),
        Some("schools with instruction in Russian")
    );
    assert_eq!(
        got[1].counted.as_deref(),
        Some("mutual settlements between the EAEU countries")
    );
}

#[test]
fn russian_figures() {
    let got = strip(figures(
        "Более 4500 человек пострадали. ВВП составил 173 трлн рублей, а инфляция — 7,4%. \
         В Казахстане работают 1300 школ с обучением на русском языке.",
    ));
    assert_eq!(
        got,
        vec![
            f(
                "Более 4500",
                4500.0,
                None,
                None,
                Some("more-than"),
                Some("человек")
            ),
            f(
                "173 трлн рублей",
                1.73e14,
                None,
                Some("RUB"),
                None,
                Some("ВВП")
            ),
            f("7,4%", 7.4, None, Some("percent"), None, None),
            f(
                "1300",
                1300.0,
                None,
                None,
                None,
                Some("школ с обучением на русском языке")
            ),
        ]
    );
    let got = figures("Товарооборот вырос на 10,3 процента, примерно до 5\u{a0}000 млн долларов.");
    assert_eq!(got[0].unit, Some("percent"));
    assert_eq!(got[0].value, 10.3);
    assert_eq!(got[0].counted.as_deref(), Some("Товарооборот"));
    assert_eq!(
        (got[1].value, got[1].unit, got[1].approx),
        (5e9, Some("USD"), Some("about"))
    );
}

#[test]
fn years_dates_ordinals_and_identifiers_are_not_figures() {
    for text in [
        "In accordance with Article 51 of the UN Charter, on January 19, 2022.",
        "The 30th anniversary of resolution 73/127 compared to 2021.",
        "1. The root causes of the crisis.",
        "В 2022 году, 9 ноября, согласно статье 5.",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}

#[test]
fn the_claimant_is_the_speaker_of_the_quotation_or_sentence() {
    let got = figures(
        "\"The unrest left 225 dead,\" Maria Zakharova said. \
         Sergey Lavrov said that trade had reached $5 billion. The ministry has 300 staff.",
    );
    assert_eq!(got[0].claimant.as_deref(), Some("person:maria-zakharova"));
    assert_eq!(got[1].claimant.as_deref(), Some("person:sergey-lavrov"));
    assert_eq!(got[2].claimant, None);
}
