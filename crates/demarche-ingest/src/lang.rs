//! Language identification with lingua, restricted to the languages of this material so the
//! models stay small, run on a sample of the text.

use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

fn detector() -> &'static LanguageDetector {
    static D: OnceLock<LanguageDetector> = OnceLock::new();
    D.get_or_init(|| {
        LanguageDetectorBuilder::from_languages(&[
            Language::English,
            Language::Russian,
            Language::Ukrainian,
            Language::Belarusian,
            Language::Kazakh,
            Language::French,
            Language::German,
            Language::Spanish,
            Language::Arabic,
            Language::Chinese,
        ])
        .build()
    })
}

/// Bytes of text looked at: enough for a confident decision, bounded for speed.
const SAMPLE: usize = 256;

/// ISO 639-1 code and confidence of the text's language, when it has enough letters.
pub fn identify(text: &str) -> Option<(&'static str, f32)> {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 12 {
        return None;
    }
    let d = detector();
    let values = d.compute_language_confidence_values(sample);
    let (lang, conf) = values.first()?;
    if *conf <= 0.0 {
        return None;
    }
    Some((code(*lang), *conf as f32))
}

fn code(lang: Language) -> &'static str {
    match lang {
        Language::English => "en",
        Language::Russian => "ru",
        Language::Ukrainian => "uk",
        Language::Belarusian => "be",
        Language::Kazakh => "kk",
        Language::French => "fr",
        Language::German => "de",
        Language::Spanish => "es",
        Language::Arabic => "ar",
        Language::Chinese => "zh",
        #[allow(unreachable_patterns)]
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_russian() {
        assert_eq!(
            identify("The Foreign Minister said that the talks would continue next week.")
                .unwrap()
                .0,
            "en"
        );
        assert_eq!(
            identify("Министр иностранных дел заявил, что переговоры продолжатся.")
                .unwrap()
                .0,
            "ru"
        );
        assert_eq!(
            identify("Міністр закордонних справ України заявив, що переговори тривають.")
                .unwrap()
                .0,
            "uk"
        );
        assert!(identify("12 34").is_none());
    }
}
#[cfg(test)]
mod regress {
    #[test]
    fn un_speech_opening_is_english() {
        let t = "I join previous speakers in extending my sincere congratulations to Mr. Francis on his election as President of the General Assembly at its seventy-eighth session. He can count on my delegation’s full support as he steers the work of this body.";
        assert_eq!(super::identify(t).unwrap().0, "en");
    }
}
