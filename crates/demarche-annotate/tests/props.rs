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
