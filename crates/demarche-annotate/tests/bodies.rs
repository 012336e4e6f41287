//! Issue 21: bodies and unnamed sources as speakers (invented texts, English and Russian): a
//! state's body named beside its state, a body referred back to by a noun or «там», a word for
//! unnamed sources, a role of a named state, a Latin-script name in Russian text, a press
//! service.

mod common;
use common::{run, speaker_of};

use demarche_annotate::speakers::SpeakerKind;

#[test]
fn a_ministry_of_another_state_is_that_states_not_russias() {
    let text = "МВД Сербии сообщило, что задержаны двое подозреваемых.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "задержаны");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, SpeakerKind::Organisation);
    assert_eq!(s[0].1, None, "not Russia's ministry: {s:?}");
    assert_eq!(s[0].2, "Министерство внутренних дел Сербии");
}

#[test]
fn a_states_body_links_to_the_kb_entry_of_that_state() {
    let text = "The Foreign Ministry of Ukraine said the consulate would reopen in June.";
    let l = run(text, "en");
    let s = speaker_of(text, &l, "the consulate");
    assert_eq!(s[0].1.as_deref(), Some("org:MFA-UKR"), "{s:?}");
    let text = "Британский МИД сообщил, что посол будет вызван.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "посол");
    assert_eq!(s[0].0, SpeakerKind::Organisation, "{s:?}");
    assert_eq!(s[0].2, "Британский МИД");
}

#[test]
fn a_noun_or_there_refers_back_to_the_body_named_before() {
    let text = "По данным агентства Бертрам, завод Ковалева остановлен. Позднее агентство \
                сообщило, что рабочих отправили в отпуск.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "рабочих");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(
        s[0].2, "Бертрам",
        "the body introduced as «агентство»: {s:?}"
    );
    let text = "В Минобороны России прокомментировали инцидент. Там сообщили, что проверка идёт.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "проверка");
    assert_eq!(s[0].1.as_deref(), Some("org:RUS-DEFENCE"), "{s:?}");
    let text = "Shares of the Halvorsen Shipping Company fell on Monday. The company said the \
                losses were temporary.";
    let l = run(text, "en");
    let s = speaker_of(text, &l, "the losses");
    assert_eq!(s[0].0, SpeakerKind::Organisation, "{s:?}");
    assert!(s[0].2.contains("Halvorsen"), "{s:?}");
}

#[test]
fn the_media_unnamed_are_an_anonymous_source() {
    let text = "СМИ сообщили, что переговоры перенесены на осень.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "переговоры");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].0, SpeakerKind::Anonymous, "{s:?}");
}

#[test]
fn a_role_of_a_named_state_is_its_holder_on_the_day() {
    let text = "Президент Украины заявил о намерении продолжить переговоры.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "о намерении");
    assert_eq!(s[0].0, SpeakerKind::Person, "not the state: {s:?}");
    assert_eq!(s[0].1.as_deref(), Some("person:volodymyr-zelensky"));
}

#[test]
fn a_latin_name_in_russian_text_drops_the_words_before_it() {
    let text = "Аналитики Nordvik Bank предсказали падение курса.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "падение");
    assert_eq!(s[0].2, "Nordvik Bank", "{s:?}");
}

#[test]
fn a_press_service_speaks_for_its_body_and_a_title_before_a_name_is_no_name() {
    let text = "Пресс-служба Кремля сообщила о переносе визита. Советник Кремля Иннокентий \
                Барсуков заявил, что визит состоится.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "о переносе");
    assert_eq!(
        s[0].1.as_deref(),
        Some("org:KREMLIN"),
        "not a person: {s:?}"
    );
    let s = speaker_of(text, &l, "визит");
    assert_eq!(s[0].0, SpeakerKind::Person);
    assert_eq!(s[0].2, "Иннокентий Барсуков", "{s:?}");
}

#[test]
fn the_name_closing_a_role_phrase_is_a_person() {
    let text = "Удары по энергетике продолжатся, — глава МИД Венгрии Сийярто.";
    let l = run(text, "ru");
    let s = speaker_of(text, &l, "Удары");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, SpeakerKind::Person, "not the ministry: {s:?}");
    assert_eq!(s[0].2, "Сийярто");
}
