//! Text analysis for the index: words split on non-alphanumerics, lowercased, `ё` folded to
//! `е`, then stemmed by script (Cyrillic words with the Russian Snowball stemmer, the rest
//! with the English one), so that one field serves a corpus in both languages and a query
//! in either finds inflected forms: "министры переговор" finds "переговоры министров".

use std::borrow::Cow;

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Name under which the analyzer is registered.
pub const ANALYZER: &str = "demarche";
/// Name of the exact-match analyzer (the whole value, lowercased).
pub const KEYWORD: &str = "demarche_kw";

/// The full-text analyzer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(ScriptStemmer { gate: None })
        .build()
}

/// The keyword analyzer: one token, lowercased.
pub fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// The full-text analyzer for highlighting: tokens whose first two characters begin none of
/// `prefixes` (the first two characters of the query's terms) cannot match and are left
/// unstemmed, so a snippet costs a stemmer call only for plausible matches. Snowball
/// stemmers change endings, never the first characters of a word of three or more letters.
pub fn highlighter(prefixes: std::collections::HashSet<String>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(ScriptStemmer {
            gate: Some(std::sync::Arc::new(prefixes)),
        })
        .build()
}

/// The first two characters of a term (the highlighter's gate key).
pub fn gate_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// Analyzes `text` into its index terms.
pub fn terms(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while s.advance() {
        out.push(s.token().text.clone());
    }
    out
}

type Gate = Option<std::sync::Arc<std::collections::HashSet<String>>>;

/// Stems each token by its script (only tokens passing the gate, when there is one).
#[derive(Clone)]
pub struct ScriptStemmer {
    gate: Gate,
}

impl TokenFilter for ScriptStemmer {
    type Tokenizer<T: Tokenizer> = ScriptStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> ScriptStemmerFilter<T> {
        ScriptStemmerFilter {
            inner,
            gate: self.gate,
        }
    }
}

/// The tokenizer made by [`ScriptStemmer`].
#[derive(Clone)]
pub struct ScriptStemmerFilter<T> {
    inner: T,
    gate: Gate,
}

impl<T: Tokenizer> Tokenizer for ScriptStemmerFilter<T> {
    type TokenStream<'a> = ScriptStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ScriptStemmerStream {
            gate: self.gate.clone(),
            tail: self.inner.token_stream(text),
            en: frostem::Stemmer::new(frostem::Algorithm::English),
            ru: frostem::Stemmer::new(frostem::Algorithm::Russian),
        }
    }
}

/// The token stream of [`ScriptStemmerFilter`].
pub struct ScriptStemmerStream<T> {
    gate: Gate,
    tail: T,
    en: frostem::Stemmer,
    ru: frostem::Stemmer,
}

fn cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

impl<T: TokenStream> TokenStream for ScriptStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token: &mut Token = self.tail.token_mut();
        if token.text.chars().any(|c| c.is_ascii_digit()) {
            return true; // numbers, years and codes stay as they are
        }
        if let Some(g) = &self.gate {
            let key: String = token
                .text
                .chars()
                .take(2)
                .collect::<String>()
                .replace('ё', "е");
            if !g.contains(&key) {
                return true;
            }
        }
        let stemmed = if cyrillic(&token.text) {
            let folded: Cow<str> = if token.text.contains('ё') {
                Cow::Owned(token.text.replace('ё', "е"))
            } else {
                Cow::Borrowed(&token.text)
            };
            self.ru.stem(&folded).into_owned()
        } else {
            self.en.stem(&token.text).into_owned()
        };
        token.text = stemmed;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::terms;
    use tantivy::tokenizer::TokenStream;

    #[test]
    fn stems_by_script() {
        assert_eq!(terms("министры переговоров"), terms("министров переговоры"));
        assert_eq!(terms("Negotiations negotiated"), vec!["negoti", "negoti"]);
        assert_eq!(terms("Ёлка ёлки"), terms("елка елки"));
        assert_eq!(terms("2022 G20"), vec!["2022", "g20"]);
    }

    #[test]
    fn the_gated_highlighter_stems_what_can_match() {
        let text = "Negotiations resumed; переговоры министров продолжатся, as negotiators said.";
        let full = terms(text);
        let wanted: std::collections::HashSet<String> = ["negoti", "переговор"]
            .iter()
            .map(|t| super::gate_key(t))
            .collect();
        let mut a = super::highlighter(wanted);
        let mut s = a.token_stream(text);
        let mut gated = Vec::new();
        while s.advance() {
            gated.push(s.token().text.clone());
        }
        // every token that can match is stemmed exactly as the index stems it
        for (f, g) in full.iter().zip(&gated) {
            if f.starts_with("ne") || f.starts_with("пе") {
                assert_eq!(f, g);
            }
        }
        assert!(gated.contains(&"resumed".to_string()), "{gated:?}");
    }
}
