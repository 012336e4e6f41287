//! The sentence splitter never panics and returns ordered, trimmed, in-bounds spans on char
//! boundaries for any input.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn sentences_are_well_formed(s in "(?s)[a-zA-Zа-яА-Я0-9 .!?…\"'“”«»()\\[\\]\n•⁃-]{0,200}") {
        let spans = demarche_annotate::sentences::split(&s);
        let mut last = 0;
        for sp in spans {
            prop_assert!(sp.start >= last && sp.start < sp.end && sp.end as usize <= s.len());
            prop_assert!(s.is_char_boundary(sp.start as usize) && s.is_char_boundary(sp.end as usize));
            let t = &s[sp.range()];
            prop_assert_eq!(t, t.trim());
            last = sp.end;
        }
    }

    #[test]
    fn any_string(s in any::<String>()) {
        let _ = demarche_annotate::sentences::split(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn entities_never_panic(s in "(?s)[a-zA-Zа-яА-Я .,:'‘’\"“”„«»‹›()\n—-]{0,300}") {
        use std::sync::OnceLock;
        static P: OnceLock<demarche_annotate::pipeline::Pipeline> = OnceLock::new();
        let p = P.get_or_init(|| demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin()));
        let l = p.run(&s, &Default::default());
        for m in l.entities {
            prop_assert!(s.is_char_boundary(m.span.start as usize) && s.is_char_boundary(m.span.end as usize));
            prop_assert!(m.span.start < m.span.end);
        }
        for q in l.quotes {
            for sp in [Some(q.content), q.cue, q.source].into_iter().flatten() {
                prop_assert!(s.is_char_boundary(sp.start as usize) && s.is_char_boundary(sp.end as usize));
                prop_assert!(sp.start <= sp.end && sp.end as usize <= s.len());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn annotate_line_never_panics(s in any::<String>(), t in "(?s).{0,200}") {
        use std::sync::OnceLock;
        static P: OnceLock<demarche_annotate::pipeline::Pipeline> = OnceLock::new();
        let p = P.get_or_init(|| demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin()));
        let _ = p.annotate_line(&s);
        let line = serde_json::json!({"text": t, "date": s}).to_string();
        prop_assert!(p.annotate_line(&line).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]
    /// Sentences made of cue words, names, quotation marks and speaker-turn colons.
    #[test]
    fn quotes_never_panic(s in "((said|told|urged|saying|quoted|as|according|to|that|что|заявил|по|словам|как|Lavrov|Zakharova|she|her|Question|Вопрос|Maria|the|ministry|«|»|“|”|„|\"|'|’|‘|:|,|\\.|—|\\?|💬|\n|\n\n| ) ?){0,80}") {
        use std::sync::OnceLock;
        static P: OnceLock<demarche_annotate::pipeline::Pipeline> = OnceLock::new();
        let p = P.get_or_init(|| demarche_annotate::pipeline::Pipeline::new(demarche_kb::Kb::builtin()));
        let l = p.run(&s, &Default::default());
        for (i, q) in l.quotes.iter().enumerate() {
            for sp in [Some(q.content), q.cue, q.source].into_iter().flatten() {
                prop_assert!(s.is_char_boundary(sp.start as usize) && s.is_char_boundary(sp.end as usize));
                prop_assert!(sp.start <= sp.end && sp.end as usize <= s.len());
            }
            prop_assert!(q.parent.is_none_or(|p| p != i && p < l.quotes.len()));
            prop_assert!(q.mention.is_none_or(|m| m < l.entities.len()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Dates and figures from number-heavy text never panic and stay in bounds.
    #[test]
    fn dates_and_figures_never_panic(s in "(([0-9]{1,5}|[0-9]+[.,:/-][0-9]+|January|May|ноября|в|году|года|the|day|before|last|next|week|Tuesday|ago|назад|in|since|mid-2022|1990s|90-е|a\\.m\\.|%|\\$|€|million|billion|трлн|рублей|more|than|about|percent|people|,|\\.|-|–|\u{a0}| ) ?){0,60}", doc in proptest::option::of(1000u32..2200)) {
        let doc = doc.map(|y| demarche_kb::Day(y * 10000 + 229));
        for t in demarche_annotate::dates::annotate(&s, doc) {
            prop_assert!(s.is_char_boundary(t.span.start as usize) && s.is_char_boundary(t.span.end as usize));
            prop_assert!(t.span.start < t.span.end && t.span.end as usize <= s.len());
            prop_assert!(t.from <= t.to);
        }
        for q in demarche_annotate::quantities::annotate(&s, &[]) {
            for sp in [Some(q.span), q.counted].into_iter().flatten() {
                prop_assert!(s.is_char_boundary(sp.start as usize) && s.is_char_boundary(sp.end as usize));
                prop_assert!(sp.start < sp.end && sp.end as usize <= s.len());
            }
            prop_assert!(q.value.is_finite() && q.high.is_none_or(|h| h >= q.value));
        }
    }
}
