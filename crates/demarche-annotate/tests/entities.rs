//! Entity recognition, linking as of the document's date, and in-document coreference.

use std::sync::OnceLock;

use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::{parse_date, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(demarche_kb::Kb::builtin()))
}

/// (text, kb id) of every mention.
fn mentions(
    text: &str,
    date: Option<&str>,
    outlet: Option<&str>,
) -> Vec<(String, Option<String>, String)> {
    let p = pipeline();
    let info = DocInfo {
        date: date.and_then(parse_date),
        outlet: outlet.map(str::to_string),
        lang: None,
        ..Default::default()
    };
    let l = p.run(text, &info);
    l.entities
        .iter()
        .map(|m| {
            (
                text[m.span.range()].to_string(),
                m.kb.map(|k| p.kb().entities()[k as usize].id.clone()),
                m.how.name().to_string(),
            )
        })
        .collect()
}

fn kb_of(ms: &[(String, Option<String>, String)], surface: &str) -> Option<String> {
    ms.iter()
        .find(|m| m.0 == surface)
        .unwrap_or_else(|| panic!("{surface:?} not found in {ms:?}"))
        .1
        .clone()
}

#[test]
fn the_same_role_phrase_resolves_by_date() {
    let text = "MOSCOW. The Russian foreign ministry spokesperson told reporters that the talks would go on.";
    let a = mentions(text, Some("2012-06-01"), Some("TASS"));
    let b = mentions(text, Some("2023-06-01"), Some("TASS"));
    let s = "Russian foreign ministry spokesperson";
    assert_eq!(
        kb_of(&a, s).as_deref(),
        Some("person:alexander-lukashevich")
    );
    assert_eq!(kb_of(&b, s).as_deref(), Some("person:maria-zakharova"));
    let text = "The Kazakh President will visit Moscow next week.";
    assert_eq!(
        kb_of(
            &mentions(text, Some("2012-03-01"), None),
            "Kazakh President"
        )
        .as_deref(),
        Some("person:nursultan-nazarbayev")
    );
    assert_eq!(
        kb_of(
            &mentions(text, Some("2023-03-01"), None),
            "Kazakh President"
        )
        .as_deref(),
        Some("person:kasymzhomart-tokayev")
    );
}

#[test]
fn surnames_roles_and_pronouns_corefer() {
    let text =
        "Russian Foreign Minister Sergei Lavrov met his Chinese counterpart Van Yi on Monday. \
                \"We agree,\" the top diplomat said. Lavrov added that he was satisfied. \
                Foreign Ministry spokeswoman Maria Zakharova later said she expected more talks.";
    let ms = mentions(text, Some("2022-01-10"), Some("TASS"));
    for s in ["Sergei Lavrov", "top diplomat", "Lavrov", "he"] {
        assert_eq!(
            kb_of(&ms, s).as_deref(),
            Some("person:sergey-lavrov"),
            "{s}: {ms:?}"
        );
    }
    assert_eq!(kb_of(&ms, "Van Yi").as_deref(), Some("person:wang-yi"));
    assert_eq!(kb_of(&ms, "she").as_deref(), Some("person:maria-zakharova"));
    assert_eq!(kb_of(&ms, "Chinese").as_deref(), Some("state:CHN"));
}

#[test]
fn names_the_kb_lacks_are_still_found() {
    let text = "Deputy Foreign Minister Ivan Petrovsky said the plan was ready. \
                According to spokeswoman Olga Belova, it was signed by R.A.Temirov. \
                Petrovsky noted that the Eastern Shipping Company agreed.";
    let ms = mentions(text, Some("2021-05-05"), None);
    let got: Vec<(&str, &str)> = ms.iter().map(|m| (m.0.as_str(), m.2.as_str())).collect();
    for want in [
        "Ivan Petrovsky",
        "Olga Belova",
        "R.A.Temirov",
        "Eastern Shipping Company",
    ] {
        assert!(got.iter().any(|g| g.0 == want), "{want} not in {got:?}");
    }
    let p = ms.iter().find(|m| m.0 == "Petrovsky").unwrap();
    assert_eq!(p.2, "pattern");
}

#[test]
fn spelling_families_and_dated_place_names() {
    let ms = mentions(
        "Kiev and Kyiv, Lugansk and Luhansk, Sergei and Sergey Lavrov.",
        Some("2022-05-01"),
        None,
    );
    assert_eq!(kb_of(&ms, "Kiev"), kb_of(&ms, "Kyiv"));
    assert_eq!(kb_of(&ms, "Lugansk"), kb_of(&ms, "Luhansk"));
    let later = mentions("The summit opened in Nur-Sultan.", Some("2020-06-01"), None);
    assert_eq!(kb_of(&later, "Nur-Sultan").as_deref(), Some("place:astana"));
    let earlier = mentions("The summit opened in Nur-Sultan.", Some("2015-06-01"), None);
    assert!(
        !earlier
            .iter()
            .any(|m| m.1.as_deref() == Some("place:astana")),
        "{earlier:?}"
    );
}

#[test]
fn russian_text() {
    let ms = mentions(
        "Сергей Лавров заявил, что Россия готова. Захарова добавила, что ОДКБ поможет Казахстану.",
        Some("2022-01-10"),
        None,
    );
    assert_eq!(
        kb_of(&ms, "Сергей Лавров").as_deref(),
        Some("person:sergey-lavrov")
    );
    assert_eq!(
        kb_of(&ms, "Захарова").as_deref(),
        Some("person:maria-zakharova")
    );
    assert_eq!(kb_of(&ms, "ОДКБ").as_deref(), Some("org:CSTO"));
    assert_eq!(kb_of(&ms, "Казахстану").as_deref(), Some("state:KAZ"));
}

#[test]
fn undated_documents_take_their_period_from_the_roles_they_name() {
    // Kazakbaev was Kyrgyz foreign minister 2020-2022: "the President" of Russia is Putin.
    let text = "Talks between the Minister of Foreign Affairs of the Russian Federation Sergey Lavrov and the Minister of Foreign Affairs of the Kyrgyz Republic Ruslan Kazakbaev. We outlined this in the speeches of the President.";
    let ms = mentions(text, None, None);
    assert_eq!(
        kb_of(&ms, "President").as_deref(),
        Some("person:vladimir-putin"),
        "{ms:?}"
    );
}

#[test]
fn json_lines_contract_uses_character_offsets() {
    let out = pipeline()
        .annotate_line(
            r#"{"id":"x","text":"«Да», — сказал Лавров.","date":"2022-01-10","extra":1}"#,
        )
        .unwrap();
    assert_eq!(out["id"], "x");
    assert_eq!(out["extra"], 1);
    let e = &out["layers"]["entities"][0];
    assert_eq!(e["text"], "Лавров");
    let chars: Vec<char> = "«Да», — сказал Лавров.".chars().collect();
    let (s, en) = (
        e["start"].as_u64().unwrap() as usize,
        e["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[s..en].iter().collect::<String>(), "Лавров");
    assert!(pipeline().annotate_line("[1,2]").is_err());
    assert!(pipeline().annotate_line(r#"{"id":1}"#).is_err());
}
