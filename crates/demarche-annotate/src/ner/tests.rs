//! Tests of the shipped tagger on invented texts, and of the API contract.

use proptest::prelude::*;

use super::*;

fn tag(text: &str) -> Vec<(&str, NerKind)> {
    let sentences = crate::sentences::split(text);
    Tagger::builtin()
        .tag(text, &sentences, None)
        .iter()
        .map(|s| (&text[s.span.range()], s.kind))
        .collect()
}

fn has(got: &[(&str, NerKind)], text: &str, kind: NerKind) -> bool {
    got.iter().any(|&(t, k)| t == text && k == kind)
}

#[test]
fn builtin_models_load() {
    let t = Tagger::builtin();
    assert!(t.en().nonzero_rows() > 10_000);
    assert!(t.ru().nonzero_rows() > 10_000);
    assert!(t.en().header().contains("Trained on"));
}

#[test]
fn unknown_names_in_english() {
    let got = tag("Elena Varga met Tomas Lindqvist in Lakeport on Tuesday.");
    assert!(has(&got, "Elena Varga", NerKind::Per), "{got:?}");
    assert!(has(&got, "Tomas Lindqvist", NerKind::Per), "{got:?}");
    assert!(has(&got, "Lakeport", NerKind::Loc), "{got:?}");
}

#[test]
fn unknown_names_in_russian() {
    let got = tag("Глава компании Ирина Сергеевна Малышева заявила, что завод в Верхнеозёрске откроют весной.");
    assert!(
        has(&got, "Ирина Сергеевна Малышева", NerKind::Per),
        "{got:?}"
    );
    assert!(has(&got, "Верхнеозёрске", NerKind::Loc), "{got:?}");
}

#[test]
fn russian_case_forms() {
    let text = "Директор фабрики Ирина Малышева подписала договор. \
                Вечером журналисты встретились с Малышевой в её кабинете. \
                Партнёры Малышевой поддержали решение.";
    let got = tag(text);
    assert!(has(&got, "Ирина Малышева", NerKind::Per), "{got:?}");
    assert_eq!(
        got.iter()
            .filter(|&&(t, k)| t == "Малышевой" && k == NerKind::Per)
            .count(),
        2,
        "{got:?}"
    );
}

#[test]
fn titles_before_names_are_not_the_name() {
    let got = tag("Deputy Foreign Minister Oleg Syromolotov said the talks would resume.");
    assert!(has(&got, "Oleg Syromolotov", NerKind::Per), "{got:?}");
    let got = tag("Заместитель министра иностранных дел Олег Сыромолотов заявил журналистам, что переговоры продолжатся.");
    assert!(has(&got, "Олег Сыромолотов", NerKind::Per), "{got:?}");
}

#[test]
fn organisations_with_descriptors() {
    let text = "A spokesman for the Foreign Ministry of Kazakhstan declined to comment.";
    let got = tag(text);
    // the ministry is an organisation; Kazakhstan is inside it or a location of its own
    assert!(
        got.iter()
            .any(|&(t, k)| k == NerKind::Org && t.starts_with("Foreign Ministry")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|&(t, _)| t.contains("Kazakhstan")),
        "{got:?}"
    );
    assert!(!got.iter().any(|&(t, _)| t.starts_with("the ")), "{got:?}");
    let got = tag("В мэрии Москвы сообщили, что работы завершатся к осени.");
    assert!(got.iter().any(|&(t, _)| t.ends_with("Москвы")), "{got:?}");
    // a lowercase descriptor is never an entity by itself
    assert!(!got.iter().any(|&(t, _)| t == "мэрии"), "{got:?}");
}

#[test]
fn spans_hold_no_surrounding_punctuation() {
    let text = "«Мы рады», — сказала Анна Северцева из «Северного альянса». \"Marta Quill\" (of Lakeport) agreed.";
    for s in Tagger::builtin().tag(text, &crate::sentences::split(text), None) {
        let t = &text[s.span.range()];
        let first = t.chars().next().unwrap();
        let last = t.chars().last().unwrap();
        assert!(
            first.is_alphanumeric() || first == '@' || first == '#',
            "{t:?}"
        );
        assert!(last.is_alphanumeric() || last == '.', "{t:?}");
        assert!((0.0..1.0).contains(&s.score), "{s:?}");
    }
}

#[test]
fn language_by_script_or_given() {
    let text = "Anna Kowalczyk arrived. Анна Ковальчик приехала.";
    let s = crate::sentences::split(text);
    let auto = Tagger::builtin().tag(text, &s, None);
    assert!(auto.windows(2).all(|w| w[0].span.start <= w[1].span.start));
    assert!(auto
        .iter()
        .any(|e| &text[e.span.range()] == "Анна Ковальчик"));
    assert!(auto
        .iter()
        .any(|e| &text[e.span.range()] == "Anna Kowalczyk"));
    // a given language wins, and sentence spans off the text are skipped
    let bad = [Span::new(0, 3), Span::new(5, 400), Span::new(1, 2)];
    let _ = Tagger::builtin().tag("Ёж", &bad, Some("ru"));
    let _ = Tagger::builtin().tag(text, &s, Some("en-GB"));
}

#[test]
fn greedy_decoding_agrees_mostly() {
    let text =
        "Elena Varga met Tomas Lindqvist in Lakeport. Глава компании Ирина Малышева заявила.";
    let s = crate::sentences::split(text);
    let v = Tagger::builtin().tag(text, &s, None);
    let g = Tagger::builtin().tag_decoding(text, &s, None, Decoding::Greedy);
    assert!(!g.is_empty() && !v.is_empty());
}

#[test]
fn model_files_round_trip() {
    let m = Tagger::builtin().en();
    let bytes = m.to_bytes();
    let back = Model::from_bytes(&bytes, builtin_lexicon(), m.clusters()).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert!(Model::from_bytes(&bytes[..bytes.len() / 2], builtin_lexicon(), None).is_err());
    assert!(Model::from_bytes(b"not a model", builtin_lexicon(), None).is_err());
    // trained with the built-in word lists: other lists are refused
    assert!(Model::from_bytes(&bytes, Arc::new(Lexicon::empty()), None).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_and_spans_are_char_boundaries(
        text in "\\PC{0,200}",
        cuts in proptest::collection::vec((0u32..260, 0u32..260), 0..6),
        lang in proptest::option::of("[a-z]{0,3}"),
    ) {
        let mut sentences = crate::sentences::split(&text);
        sentences.extend(cuts.iter().map(|&(a, b)| Span::new(a.min(b), a.max(b))));
        for s in Tagger::builtin().tag(&text, &sentences, lang.as_deref()) {
            prop_assert!(text.is_char_boundary(s.span.start as usize));
            prop_assert!(text.is_char_boundary(s.span.end as usize));
            prop_assert!(s.span.start < s.span.end);
            prop_assert!(s.score.is_finite());
        }
    }

    #[test]
    fn name_like_noise_never_panics(words in proptest::collection::vec("[A-ZА-Я][a-zа-яё]{0,8}|[«»\"().,:;-]|[0-9]{1,4}", 0..60)) {
        let text = words.join(" ");
        let _ = Tagger::builtin().tag(&text, &crate::sentences::split(&text), None);
    }
}
