//! Issue 21: sources that name no one by full name, in invented texts (English and Russian):
//! a private person known by a given name only, people a state's adjective places, a
//! demonstrative pointing back at the person named last, a capital speaking for its state,
//! a state's authorities as its government, a role phrase met before a name, an acronym closing
//! a role phrase, a Latin-script signature in Russian text.

mod common;
use common::{run, speaker_of};

use demarche_annotate::speakers::SpeakerKind;

#[test]
fn a_person_named_by_a_given_name_only_is_unnamed() {
    let text = "Ирина рассказала, что соседи шумят каждую ночь. \
                Со слов Ирины, управляющая компания не отвечает.";
    let l = run(text, "ru");
    for content in ["соседи шумят", "управляющая компания"] {
        let s = speaker_of(text, &l, content);
        assert_eq!(s.len(), 1, "{content}: {s:?}");
        assert_eq!(s[0].0, SpeakerKind::Anonymous, "{content}: {s:?}");
    }
    // a surname makes a named person
    let text = "Ирина Соколова рассказала, что соседи шумят каждую ночь.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "соседи шумят");
    assert_eq!(s[0].0, SpeakerKind::Person, "{s:?}");
}

#[test]
fn people_a_states_adjective_places_are_not_the_state() {
    let text = "Представители немецкого бизнеса сообщили, что платежи задерживаются.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "платежи");
    assert_eq!(s[0].0, SpeakerKind::Anonymous, "{s:?}");
    let text = "Some Danish farmers said the new rules would hurt them.";
    let l = run(text, "en");
    let s = speaker_of(text, &l, "the new rules");
    assert!(s.iter().all(|x| x.0 != SpeakerKind::Organisation), "{s:?}");
    // its authorities or side speak for it
    let text = "Немецкая сторона заявила, что переговоры продолжатся.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "переговоры");
    assert_eq!(s[0].1.as_deref(), Some("state:DEU"), "{s:?}");
}

#[test]
fn a_demonstrative_points_at_the_person_named_last() {
    let text = "Следователи допросили Петра Кравцова. Тот отрицал свою причастность к поджогу.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "свою причастность");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, SpeakerKind::Person);
    assert!(s[0].2.contains("Кравцов"), "{s:?}");
}

#[test]
fn a_capital_speaks_for_its_state() {
    let text = "Лондон обвинил бизнесмена в отмывании денег. \
                По данным Лондона, он вывел из страны крупные суммы.";
    let l = run(text, "ru");
    for content in ["бизнесмена", "он вывел"] {
        let s = speaker_of(text, &l, content);
        assert_eq!(s[0].1.as_deref(), Some("state:GBR"), "{content}: {s:?}");
    }
}

#[test]
fn a_states_authorities_are_its_government() {
    let text = "Власти Сербии назвали задержанного организатором схемы.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "задержанного");
    assert_eq!(s[0].0, SpeakerKind::Organisation, "{s:?}");
    assert_eq!(s[0].2, "Правительство Сербии", "{s:?}");
}

#[test]
fn a_role_phrase_met_before_a_name_is_that_person_later() {
    let text = "Председатель комиссии Олег Ветров раскритиковал проверку. \
                Председатель комиссии также заявил, что выводы поспешны.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "выводы");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, SpeakerKind::Person, "{s:?}");
    assert!(s[0].2.contains("Ветров"), "{s:?}");
}

#[test]
fn an_acronym_closing_a_role_phrase_is_no_person() {
    let text = "Глава ФКЦ заявил, что проверка продолжится.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "проверка");
    assert!(
        s.iter()
            .all(|x| !(x.0 == SpeakerKind::Person && x.2 == "ФКЦ")),
        "{s:?}"
    );
}

#[test]
fn a_latin_name_signing_a_russian_line_is_an_outlet() {
    let text = "Переговоры перенесли на весну, — Newsline.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "Переговоры");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, SpeakerKind::Organisation, "{s:?}");
    assert_eq!(s[0].2, "Newsline");
}
