//! Issue 22: names outside the KB found by the NER tagger and joined to the entity layer
//! (invented texts; the people named here are not in the KB).

mod common;
use common::run;

use demarche_annotate::entities::How;
use demarche_annotate::pipeline::Layers;
use demarche_kb::EntityType;

/// (surface, kind, linked, cluster) of every mention.
fn mentions(text: &str, l: &Layers) -> Vec<(String, EntityType, bool, u32)> {
    l.entities
        .iter()
        .map(|m| {
            (
                text[m.span.range()].to_string(),
                m.kind,
                m.kb.is_some(),
                m.cluster,
            )
        })
        .collect()
}

fn find<'a>(
    ms: &'a [(String, EntityType, bool, u32)],
    surface: &str,
) -> &'a (String, EntityType, bool, u32) {
    ms.iter()
        .find(|m| m.0 == surface)
        .unwrap_or_else(|| panic!("no mention {surface:?} in {ms:?}"))
}

#[test]
fn an_unknown_russian_name_in_its_case_forms_is_one_person_and_speaks() {
    let text = "Депутат Госдумы Аркадий Шестопалов заявил, что законопроект будет принят \
                весной. По словам Шестопалова, поправки уже согласованы.";
    let l = run(text, "ru");
    let ms = mentions(text, &l);
    let full = find(&ms, "Аркадий Шестопалов");
    let oblique = find(&ms, "Шестопалова");
    assert_eq!(
        (full.1, oblique.1),
        (EntityType::Person, EntityType::Person)
    );
    assert!(!full.2 && !oblique.2, "not in the KB: {ms:?}");
    assert_eq!(full.3, oblique.3, "one cluster: {ms:?}");
    // «По словам Шестопалова» is his, by his full name
    let q = l
        .quotes
        .iter()
        .find(|q| text[q.content.range()].starts_with("поправки"))
        .expect("the according-to attribution");
    assert_eq!(
        q.speakers.first().map(|s| s.name.as_str()),
        Some("Аркадий Шестопалов")
    );
}

#[test]
fn the_tagger_finds_a_name_no_pattern_does() {
    // no title, no given name, no reporting verb next to the names: only the tagger sees a
    // body here, and a woman in the accusative in Russian
    for (text, lang, name, kind) in [
        (
            "Yesterday the committee heard testimony from Kowalczyk and from the Lakeport Water Authority.",
            "en",
            "Lakeport Water Authority",
            EntityType::Organisation,
        ),
        (
            "Накануне комиссия выслушала Марту Ковальчик и представителей компании «Северный поток».",
            "ru",
            "Марту Ковальчик",
            EntityType::Person,
        ),
    ] {
        let l = run(text, lang);
        let m = l
            .entities
            .iter()
            .find(|m| &text[m.span.range()] == name)
            .unwrap_or_else(|| panic!("no {name:?} in {:?}", mentions(text, &l)));
        assert_eq!((m.kind, m.kb, m.how), (kind, None, How::Tagged), "{name}");
    }
}

#[test]
fn a_kb_surname_after_another_persons_full_name_is_that_person() {
    // the KB's Varga, if it has one, is not this mayor
    let text = "Lakeport mayor Elena Varga said on Tuesday that the bridge would reopen. \
                Varga added that the city had found the money.";
    let l = run(text, "en");
    let ms = mentions(text, &l);
    let full = find(&ms, "Elena Varga");
    let bare = find(&ms, "Varga");
    assert!(!bare.2, "the later Varga is not linked to the KB: {ms:?}");
    assert_eq!(full.3, bare.3, "one cluster: {ms:?}");
}

#[test]
fn a_kb_short_form_inside_a_date_is_not_a_person() {
    let text = "The bridge will reopen in May, the city said.";
    let l = run(text, "en");
    assert!(
        !l.entities
            .iter()
            .any(|m| m.kind == EntityType::Person && &text[m.span.range()] == "May"),
        "{:?}",
        mentions(text, &l)
    );
}
