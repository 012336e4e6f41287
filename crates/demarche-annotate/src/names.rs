//! Person and body names the KB does not know: their nominative form and one key across case
//! forms, spellings and scripts.
//!
//! Russian names decline: «Песков», «Пескова», «Пескову», «Песковым» are one man, «Захарова»,
//! «Захаровой» one woman. [`person_key`] folds a name to its surname's stem in Latin letters
//! (case endings and the feminine ending removed, transliterated, `y`/`i` and `ya`/`ia`
//! spellings merged), so «Пескова» and "Peskov" share `name:peskov`; [`person_nominative`]
//! puts a Russian name seen in an oblique case back in the nominative for display, by the
//! declension classes of surnames (-ов/-ев/-ин, -ский/-цкий) and given names (-ий, -ия,
//! consonant, -а/-я).

/// Cyrillic to Latin, lowercase (a news-style romanisation: х → kh, ц → ts, ж → zh, ы → y, the
/// soft and hard signs dropped, е at a word start → ye).
pub fn translit(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars().flat_map(char::to_lowercase) {
        let t: &str = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' if start => "ye",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'ї' => "yi",
            'є' => "ye",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            'ґ' => "g",
            _ => {
                out.push(c);
                start = !c.is_alphabetic();
                continue;
            }
        };
        out.push_str(t);
        start = false;
    }
    out
}

/// Surname endings (Cyrillic) folded to the surname's stem, longest first: case forms of
/// both genders meet at one stem.
const RU_SURNAME_ENDINGS: &[(&str, &str)] = &[
    ("ского", "ск"),
    ("скому", "ск"),
    ("ским", "ск"),
    ("ском", "ск"),
    ("ская", "ск"),
    ("ской", "ск"),
    ("скую", "ск"),
    ("ский", "ск"),
    ("цкого", "цк"),
    ("цкому", "цк"),
    ("цким", "цк"),
    ("цком", "цк"),
    ("цкая", "цк"),
    ("цкой", "цк"),
    ("цкую", "цк"),
    ("цкий", "цк"),
    ("овой", "ов"),
    ("овым", "ов"),
    ("ова", "ов"),
    ("ову", "ов"),
    ("ове", "ов"),
    ("евой", "ев"),
    ("евым", "ев"),
    ("ева", "ев"),
    ("еву", "ев"),
    ("еве", "ев"),
    ("ёвой", "ёв"),
    ("ёва", "ёв"),
    ("ёву", "ёв"),
    ("иной", "ин"),
    ("иным", "ин"),
    ("ина", "ин"),
    ("ину", "ин"),
    ("ине", "ин"),
    ("ыной", "ын"),
    ("ыным", "ын"),
    ("ына", "ын"),
    ("ыну", "ын"),
];

/// Latin surname endings folded the same way ("Zakharova" → "zakharov", "Zelenskaya" →
/// "zelensk").
const LATIN_SURNAME_ENDINGS: &[(&str, &str)] = &[
    ("skaya", "sk"),
    ("skiy", "sk"),
    ("skyy", "sk"),
    ("skii", "sk"),
    ("sky", "sk"),
    ("ski", "sk"),
    ("ova", "ov"),
    ("eva", "ev"),
    ("ina", "in"),
    ("yna", "yn"),
];

/// Does a word hold a Cyrillic letter (Russian or Ukrainian)?
pub(crate) fn is_cyrillic(w: &str) -> bool {
    w.chars()
        .any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | 'і' | 'ї' | 'є' | 'ґ'))
}

/// A surname's stem in Latin letters, the same for its case forms, genders and common
/// spellings.
pub fn surname_stem(w: &str) -> String {
    let low: String = w.chars().flat_map(char::to_lowercase).collect();
    let latin = if is_cyrillic(&low) {
        let mut base = low.clone();
        if let Some((e, r)) = RU_SURNAME_ENDINGS
            .iter()
            .find(|(e, _)| low.ends_with(e) && low.chars().count() > e.chars().count() + 1)
        {
            base = format!("{}{}", &low[..low.len() - e.len()], r);
        } else {
            // other classes (Небензя, Шойгу, Кадыров…): one final vowel or a case ending off
            for e in [
                "ей", "ой", "ем", "ом", "ым", "им", "а", "я", "у", "ю", "е", "и", "ы", "о",
            ] {
                if low.ends_with(e) && low.chars().count() > e.chars().count() + 2 {
                    base = low[..low.len() - e.len()].to_string();
                    break;
                }
            }
        }
        translit(&base)
    } else {
        let mut base = low.clone();
        if let Some((e, r)) = LATIN_SURNAME_ENDINGS
            .iter()
            .find(|(e, _)| low.ends_with(e) && low.len() > e.len() + 1)
        {
            base = format!("{}{}", &low[..low.len() - e.len()], r);
        } else {
            while base.len() > 3 && base.ends_with(['a', 'e', 'i', 'o', 'u', 'y']) {
                base.pop();
            }
        }
        base
    };
    fold_spelling(&latin)
}

/// Merges romanisation variants: `y` and `i`, doubled letters, `j`.
fn fold_spelling(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'y' | 'j' => 'i',
            c if c.is_alphanumeric() => c,
            _ => continue,
        };
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    // a final vowel left by the romanisation ("nebenzia" → "nebenz") as above
    while out.len() > 3 && out.ends_with(['a', 'e', 'i', 'o', 'u']) {
        out.pop();
    }
    out
}

/// The key of an unlinked person: `name:` and the stem of the last word of the name (the
/// surname, in the order news writes Russian and English names).
pub fn person_key(name: &str) -> String {
    let last = name
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’')
        .rfind(|w| w.chars().any(char::is_alphabetic))
        .unwrap_or("");
    format!("name:{}", surname_stem(last))
}

/// The key of an unlinked body: its words lowercased, `ё` as `е`.
pub fn body_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'ё' { 'е' } else { c })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Is a Russian given name (nominative or oblique) a woman's? Names in -а/-я are, but for a few
/// men's names.
fn ru_given_female(w: &str) -> Option<bool> {
    let low: String = w.chars().flat_map(char::to_lowercase).collect();
    const MEN_IN_A: &[&str] = &[
        "никит",
        "ильх",
        "кузьм",
        "фом",
        "лук",
        "саввa",
        "саш",
        "миш",
        "гош",
        "паш",
    ];
    // "-ой" is a woman's instrumental (Анной); "-ей" is a man's nominative as often
    // (Сергей, Андрей) as a woman's instrumental (Марией), so it tells nothing
    if low.ends_with("ой") || low.ends_with("ией") {
        return Some(true);
    }
    if low.ends_with("ей") {
        return None;
    }
    if low.ends_with('а') || low.ends_with('я') {
        let stem = &low[..low.len() - 2];
        if MEN_IN_A.iter().any(|m| stem.starts_with(m)) || low.ends_with("ья") {
            return Some(false);
        }
        return None;
    }
    if low.ends_with('й') || !low.ends_with(['и', 'у', 'ю', 'е', 'ы', 'ь']) {
        return Some(false);
    }
    None
}

/// A Russian given name back in the nominative ("Дмитрию" → "Дмитрий", "Марией" → "Мария",
/// "Станислава" → "Станислав" for a man), by the declension classes of given names.
fn ru_given_nominative(w: &str, female: Option<bool>) -> String {
    let rules: &[(&str, &str, Option<bool>)] = &[
        ("ием", "ий", Some(false)),
        ("ию", "ий", Some(false)),
        ("ия", "ий", Some(false)),
        ("ии", "ий", Some(false)),
        ("ией", "ия", Some(true)),
        ("ию", "ия", Some(true)),
        ("ии", "ия", Some(true)),
        ("ой", "а", Some(true)),
        ("ей", "я", Some(true)),
        ("ы", "а", Some(true)),
        ("у", "а", Some(true)),
        ("ом", "", Some(false)),
        ("ем", "ь", Some(false)),
        ("у", "", Some(false)),
        ("а", "", Some(false)),
        ("е", "", Some(false)),
    ];
    for &(end, nom, g) in rules {
        if w.ends_with(end) && w.chars().count() > end.chars().count() + 2 && female == g {
            return format!("{}{}", &w[..w.len() - end.len()], nom);
        }
    }
    w.to_string()
}

/// A Russian surname back in the nominative, for a man or a woman.
fn ru_surname_nominative(w: &str, female: bool) -> String {
    let low: String = w.chars().flat_map(char::to_lowercase).collect();
    for (e, stem) in RU_SURNAME_ENDINGS {
        if low.ends_with(e) && low.chars().count() > e.chars().count() + 1 {
            let base = &w[..w.len() - e.len()];
            let tail = match (stem.ends_with('к'), female) {
                (true, false) => "ий",
                (true, true) => "ая",
                (false, false) => "",
                (false, true) => "а",
            };
            return format!("{base}{stem}{tail}");
        }
    }
    w.to_string()
}

/// A person's name as the document gives it, with Russian words put back in the nominative
/// (the gender from `female` when the context tells it — a verb's agreement —, else from the
/// given name, else from the surname's form); other names, and forms that read both ways
/// («Станислава Наумова»: a woman, or a man in the genitive) when nothing tells, unchanged.
pub fn person_nominative(name: &str) -> String {
    person_nominative_as(name, None)
}

/// [`person_nominative`] with the gender known from the context.
pub fn person_nominative_as(name: &str, female: Option<bool>) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || !words.iter().any(|w| is_cyrillic(w)) {
        return name.trim().to_string();
    }
    let last = words.len() - 1;
    let given_female = if words.len() > 1 {
        ru_given_female(words[0])
    } else {
        None
    };
    let surname_female = {
        let low: String = words[last].chars().flat_map(char::to_lowercase).collect();
        if low.ends_with("ой") || low.ends_with("ая") || low.ends_with("ую") {
            Some(true)
        } else if low.ends_with("ым") || low.ends_with("ого") || low.ends_with("ому") {
            Some(false)
        } else {
            None
        }
    };
    let female = female.or(given_female).or(surname_female);
    let Some(female) = female else {
        return name.trim().to_string();
    };
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let initial = w.chars().count() <= 2 || w.ends_with('.');
        if !is_cyrillic(w) || initial || !w.starts_with(char::is_uppercase) {
            out.push(w.to_string());
        } else if i == last {
            out.push(ru_surname_nominative(w, female));
        } else if i == 0 {
            out.push(ru_given_nominative(w, Some(female)));
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_forms_and_scripts_share_a_key() {
        let k = person_key("Песков");
        for n in ["Пескова", "Пескову", "Песковым", "Peskov", "Дмитрий Песков"]
        {
            assert_eq!(person_key(n), k, "{n}");
        }
        assert_eq!(person_key("Кудрин"), person_key("Alexei Kudrin"));
        assert_eq!(person_key("Небензи"), person_key("Nebenzia"));
        assert_eq!(person_key("Небензя"), person_key("Vassily Nebenzya"));
        assert_eq!(person_key("Зеленского"), person_key("Zelenskyy"));
        assert_eq!(person_key("Зеленский"), person_key("Zelensky"));
        assert_eq!(person_key("Ермак"), person_key("Andriy Yermak"));
        assert_eq!(person_key("Шойгу"), person_key("Shoigu"));
        assert_ne!(person_key("Петров"), person_key("Петраков"));
    }

    #[test]
    fn russian_names_go_back_to_the_nominative() {
        assert_eq!(
            person_nominative_as("Станислава Наумова", Some(false)),
            "Станислав Наумов"
        );
        assert_eq!(
            person_nominative("Станислава Наумова"),
            "Станислава Наумова"
        );
        assert_eq!(
            person_nominative("Станиславом Наумовым"),
            "Станислав Наумов"
        );
        assert_eq!(person_nominative("Марией Ивановой"), "Мария Иванова");
        assert_eq!(
            person_nominative_as("Дмитрию Григоренко", Some(false)),
            "Дмитрий Григоренко"
        );
        assert_eq!(
            person_nominative_as("Марию Гриценко", Some(true)),
            "Мария Гриценко"
        );
        assert_eq!(
            person_nominative_as("Анатолия Трубина", Some(false)),
            "Анатолий Трубин"
        );
        assert_eq!(person_nominative("Ирины Малышевой"), "Ирина Малышева");
        assert_eq!(person_nominative("Ирина Малышева"), "Ирина Малышева");
        assert_eq!(person_nominative("Сергей Лавров"), "Сергей Лавров");
        assert_eq!(person_nominative("Elena Varga"), "Elena Varga");
    }
}
