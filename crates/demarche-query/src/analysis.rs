//! Text analysis for the index: words split on non-alphanumerics, lowercased, `ё` folded to
//! `е`, then stemmed by script (Cyrillic words with the Russian Snowball stemmer, the rest
//! with the English one), so that one field serves a corpus in both languages and a query
//! in either finds inflected forms: "министры переговор" finds "переговоры министров".

use std::borrow::Cow;

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Words of this many bytes or more are not indexed.
pub const MAX_WORD_BYTES: usize = 48;

/// Name under which the analyzer is registered.
pub const ANALYZER: &str = "demarche";
/// Name of the exact-match analyzer (the whole value, lowercased).
pub const KEYWORD: &str = "demarche_kw";

/// The full-text analyzer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(ScriptStemmer)
        .build()
}

/// Name of the word-pair analyzer.
pub const PAIRS: &str = "demarche_pairs";

/// Separates the two words of a pair term (analysed words never contain it).
pub const PAIR_SEP: char = ' ';

/// The word-pair analyzer: each two adjacent analysed words as one term (`unit nation`), at
/// the position of the first. A phrase of two words is then one term lookup, and a longer
/// phrase a phrase of pairs, whose postings are far shorter than those of its words.
pub fn pairs() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(ScriptStemmer)
        .filter(Pairs)
        .build()
}

/// The pair terms of a run of analysed words.
pub fn pair_terms(words: &[String]) -> Vec<String> {
    words
        .windows(2)
        .map(|w| format!("{}{PAIR_SEP}{}", w[0], w[1]))
        .collect()
}

/// The keyword analyzer: one token, lowercased.
pub fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(LowerCaser)
        .build()
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

/// Stems each token by its script.
#[derive(Clone)]
pub struct ScriptStemmer;

impl TokenFilter for ScriptStemmer {
    type Tokenizer<T: Tokenizer> = ScriptStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> ScriptStemmerFilter<T> {
        ScriptStemmerFilter { inner }
    }
}

/// The tokenizer made by [`ScriptStemmer`].
#[derive(Clone)]
pub struct ScriptStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ScriptStemmerFilter<T> {
    type TokenStream<'a> = ScriptStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ScriptStemmerStream {
            tail: self.inner.token_stream(text),
            en: frostem::Stemmer::new(frostem::Algorithm::English),
            ru: frostem::Stemmer::new(frostem::Algorithm::Russian),
        }
    }
}

/// The token stream of [`ScriptStemmerFilter`].
pub struct ScriptStemmerStream<T> {
    tail: T,
    en: frostem::Stemmer,
    ru: frostem::Stemmer,
}

/// The index term of a lowercased word: digits kept as they are, Cyrillic words (`ё` folded)
/// stemmed in Russian, the rest in English.
pub fn stem<'a>(en: &frostem::Stemmer, ru: &frostem::Stemmer, lower: &'a str) -> Cow<'a, str> {
    if lower.chars().any(|c| c.is_ascii_digit()) {
        return Cow::Borrowed(lower);
    }
    if cyrillic(lower) {
        if lower.contains('ё') {
            Cow::Owned(ru.stem(&lower.replace('ё', "е")).into_owned())
        } else {
            ru.stem(lower)
        }
    } else {
        en.stem(lower)
    }
}

/// Words whose stems each thread remembers (a corpus repeats a few tens of thousands of
/// words; the cache is emptied when it grows past this).
const STEM_CACHE: usize = 200_000;

thread_local! {
    /// word → its stem, or `None` when the stemmer leaves it as it is.
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, Option<String>>> =
        Default::default();
}

/// The analysed tokens of `text`, with positions and byte offsets.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut a = analyzer();
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while s.advance() {
        out.push(s.token().clone());
    }
    out
}

/// The pair tokens of analysed tokens (what the [`pairs`] analyzer makes of their text).
pub fn pair_tokens(tokens: &[Token]) -> Vec<Token> {
    tokens
        .windows(2)
        .filter(|w| w[1].position == w[0].position + 1)
        .map(|w| Token {
            offset_from: w[0].offset_from,
            offset_to: w[1].offset_to,
            position: w[0].position,
            text: format!("{}{PAIR_SEP}{}", w[0].text, w[1].text),
            position_length: 1,
        })
        .collect()
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
        let (en, ru) = (&self.en, &self.ru);
        STEMS.with_borrow_mut(|cache| {
            if cache.len() > STEM_CACHE {
                cache.clear();
            }
            if let Some(hit) = cache.get(token.text.as_str()) {
                if let Some(s) = hit {
                    token.text.clone_from(s);
                }
                return;
            }
            let stemmed = match stem(en, ru, &token.text) {
                Cow::Owned(s) => Some(s),
                Cow::Borrowed(_) => None,
            };
            cache.insert(token.text.clone(), stemmed.clone());
            if let Some(s) = stemmed {
                token.text = s;
            }
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Turns a stream of words into the stream of adjacent pairs (words separated by a gap, a
/// removed long token, make no pair).
#[derive(Clone)]
pub struct Pairs;

impl TokenFilter for Pairs {
    type Tokenizer<T: Tokenizer> = PairsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> PairsFilter<T> {
        PairsFilter { inner }
    }
}

/// The tokenizer made by [`Pairs`].
#[derive(Clone)]
pub struct PairsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for PairsFilter<T> {
    type TokenStream<'a> = PairsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PairsStream {
            tail: self.inner.token_stream(text),
            prev: None,
            token: Token::default(),
        }
    }
}

/// The token stream of [`PairsFilter`].
pub struct PairsStream<T> {
    tail: T,
    prev: Option<Token>,
    token: Token,
}

impl<T: TokenStream> TokenStream for PairsStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let cur = self.tail.token();
            if let Some(p) = &self.prev {
                if cur.position == p.position + 1 {
                    self.token.text.clear();
                    self.token.text.push_str(&p.text);
                    self.token.text.push(PAIR_SEP);
                    self.token.text.push_str(&cur.text);
                    self.token.offset_from = p.offset_from;
                    self.token.offset_to = cur.offset_to;
                    self.token.position = p.position;
                    self.token.position_length = 1;
                    self.prev = Some(cur.clone());
                    return true;
                }
            }
            self.prev = Some(cur.clone());
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
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
    fn pairs_are_adjacent_words_at_the_first_position() {
        let mut a = super::pairs();
        let mut s = a.token_stream("United Nations, Security Council");
        let mut got = Vec::new();
        while s.advance() {
            let t = s.token();
            got.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        assert_eq!(
            got,
            vec![
                ("unit nation".to_string(), 0, 0, 14),
                ("nation secur".to_string(), 1, 7, 24),
                ("secur council".to_string(), 2, 16, 32),
            ]
        );
        drop(s);
        let text = "United Nations, Security Council";
        let made: Vec<_> = super::pair_tokens(&super::tokens(text))
            .into_iter()
            .map(|t| (t.text, t.position, t.offset_from, t.offset_to))
            .collect();
        assert_eq!(made, got, "pre-tokenized pairs are what the analyzer makes");
        let long = format!("peace {} talks", "x".repeat(60));
        let mut s = a.token_stream(&long);
        assert!(!s.advance(), "a removed long token breaks the pair");
        assert_eq!(
            super::pair_terms(&terms("United Nations Security")),
            vec!["unit nation", "nation secur"]
        );
    }
}
