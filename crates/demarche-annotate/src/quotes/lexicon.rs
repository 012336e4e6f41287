//! The hand lexicon of reporting cues (English verbs with their forms, Russian verb
//! beginnings) and the word classes the clause rules read.

#[allow(unused_imports)]
use super::*;

/// Reporting verbs, English: lemma, strength, irregular forms.
pub(super) const EN_CUES: &[(&str, Strength, &[&str])] = &[
    ("say", Strength::Strong, &["says", "said", "saying"]),
    ("tell", Strength::Strong, &["tells", "told", "telling"]),
    ("write", Strength::Weak, &["writes", "wrote", "writing"]),
    ("add", Strength::Strong, &[]),
    ("note", Strength::Strong, &[]),
    ("stress", Strength::Strong, &[]),
    ("emphasize", Strength::Strong, &[]),
    ("emphasise", Strength::Strong, &[]),
    ("explain", Strength::Strong, &[]),
    ("recall", Strength::Strong, &[]),
    ("assure", Strength::Strong, &[]),
    ("reply", Strength::Strong, &[]),
    ("conclude", Strength::Strong, &[]),
    ("state", Strength::Weak, &[]),
    ("declare", Strength::Strong, &[]),
    ("announce", Strength::Strong, &[]),
    ("argue", Strength::Strong, &[]),
    ("claim", Strength::Strong, &[]),
    ("insist", Strength::Strong, &[]),
    ("warn", Strength::Strong, &[]),
    ("tweet", Strength::Strong, &[]),
    ("acknowledge", Strength::Strong, &[]),
    ("admit", Strength::Strong, &["admitted", "admitting"]),
    ("suggest", Strength::Strong, &[]),
    ("urge", Strength::Weak, &[]),
    ("confirm", Strength::Strong, &[]),
    ("deny", Strength::Weak, &[]),
    ("contend", Strength::Strong, &[]),
    ("reiterate", Strength::Strong, &[]),
    ("predict", Strength::Strong, &[]),
    ("allege", Strength::Strong, &[]),
    ("promise", Strength::Strong, &[]),
    ("vow", Strength::Strong, &[]),
    ("pledge", Strength::Strong, &[]),
    ("reveal", Strength::Strong, &[]),
    ("disclose", Strength::Weak, &[]),
    ("remark", Strength::Strong, &[]),
    ("comment", Strength::Weak, &[]),
    ("respond", Strength::Weak, &[]),
    ("concede", Strength::Strong, &[]),
    ("assert", Strength::Strong, &[]),
    ("complain", Strength::Strong, &[]),
    ("caution", Strength::Strong, &[]),
    ("counter", Strength::Weak, &[]),
    ("recount", Strength::Weak, &[]),
    ("testify", Strength::Strong, &[]),
    ("underline", Strength::Strong, &[]),
    ("affirm", Strength::Strong, &[]),
    ("boast", Strength::Strong, &[]),
    ("lament", Strength::Strong, &[]),
    ("quip", Strength::Strong, &["quipped", "quipping"]),
    ("joke", Strength::Strong, &[]),
    ("retort", Strength::Strong, &[]),
    ("exclaim", Strength::Strong, &[]),
    ("observe", Strength::Weak, &[]),
    ("inform", Strength::Weak, &[]),
    ("estimate", Strength::Weak, &[]),
    ("report", Strength::Weak, &[]),
    ("ask", Strength::Weak, &[]),
    ("answer", Strength::Weak, &[]),
    ("agree", Strength::Weak, &[]),
    ("believe", Strength::Weak, &[]),
    ("think", Strength::Weak, &["thinks", "thought", "thinking"]),
    ("find", Strength::Weak, &["finds", "found", "finding"]),
    (
        "show",
        Strength::Weak,
        &["shows", "showed", "shown", "showing"],
    ),
    ("indicate", Strength::Weak, &[]),
    ("maintain", Strength::Weak, &[]),
    ("continue", Strength::Weak, &[]),
    ("mention", Strength::Weak, &[]),
    ("hint", Strength::Weak, &[]),
    (
        "signal",
        Strength::Weak,
        &["signaled", "signalled", "signaling", "signalling"],
    ),
    ("charge", Strength::Weak, &[]),
    ("accuse", Strength::Weak, &[]),
    ("demand", Strength::Weak, &[]),
    ("predict", Strength::Weak, &[]),
    ("feel", Strength::Weak, &["feels", "felt", "feeling"]),
    ("fear", Strength::Weak, &[]),
    ("worry", Strength::Weak, &[]),
    ("hope", Strength::Weak, &[]),
    (
        "learn",
        Strength::Weak,
        &["learns", "learned", "learnt", "learning"],
    ),
    ("conclude", Strength::Weak, &[]),
    ("speculate", Strength::Weak, &[]),
    ("point", Strength::Weak, &[]),
    ("sum", Strength::Weak, &["sums", "summed", "summing"]),
    ("describe", Strength::Weak, &[]),
    (
        "show",
        Strength::Weak,
        &["shows", "showed", "shown", "showing"],
    ),
    ("decline", Strength::Weak, &[]),
    ("support", Strength::Weak, &[]),
    ("oppose", Strength::Weak, &[]),
    ("propose", Strength::Weak, &[]),
    ("seek", Strength::Weak, &["seeks", "sought", "seeking"]),
    ("plan", Strength::Weak, &["plans", "planned", "planning"]),
    ("refuse", Strength::Weak, &[]),
    ("threaten", Strength::Weak, &[]),
    ("offer", Strength::Weak, &[]),
    ("endorse", Strength::Weak, &[]),
    ("defend", Strength::Weak, &[]),
    ("cite", Strength::Weak, &[]),
    ("want", Strength::Weak, &[]),
    (
        "label",
        Strength::Weak,
        &["labels", "labeled", "labelled", "labeling"],
    ),
    ("dub", Strength::Weak, &["dubs", "dubbed", "dubbing"]),
    ("brand", Strength::Weak, &[]),
    // voices and manners of saying: they report a quotation or a "that" clause
    ("yell", Strength::Weak, &[]),
    ("shout", Strength::Weak, &[]),
    ("scream", Strength::Weak, &[]),
    ("chant", Strength::Weak, &[]),
    ("bark", Strength::Weak, &[]),
    ("cry", Strength::Weak, &[]),
    ("whisper", Strength::Weak, &[]),
    ("mutter", Strength::Weak, &[]),
    ("snap", Strength::Weak, &["snaps", "snapped", "snapping"]),
    ("elaborate", Strength::Weak, &[]),
    ("confess", Strength::Weak, &[]),
    ("proclaim", Strength::Weak, &[]),
    ("muse", Strength::Weak, &[]),
    ("gush", Strength::Weak, &[]),
    ("sigh", Strength::Weak, &[]),
    ("brag", Strength::Weak, &["brags", "bragged", "bragging"]),
    ("echo", Strength::Weak, &["echoes", "echoed", "echoing"]),
    ("post", Strength::Weak, &[]),
    ("read", Strength::Weak, &["reads", "reading"]),
    ("tout", Strength::Weak, &[]),
    ("thunder", Strength::Weak, &[]),
    ("interject", Strength::Weak, &[]),
    ("interrupt", Strength::Weak, &[]),
    ("explain", Strength::Weak, &[]),
    ("recall", Strength::Weak, &[]),
    ("mock", Strength::Weak, &[]),
    ("blast", Strength::Weak, &[]),
    ("slam", Strength::Weak, &["slams", "slammed", "slamming"]),
    ("praise", Strength::Weak, &[]),
    ("criticize", Strength::Weak, &[]),
    ("criticise", Strength::Weak, &[]),
    ("call", Strength::Weak, &[]),
];

/// Russian reporting verbs as word beginnings (all persons, genders and aspects).
pub(super) const RU_CUES: &[(&str, Strength)] = &[
    ("заяви", Strength::Strong),
    ("заявля", Strength::Strong),
    ("сказа", Strength::Strong),
    ("говори", Strength::Strong),
    ("отмети", Strength::Strong),
    ("отмеча", Strength::Strong),
    ("подчеркну", Strength::Strong),
    ("подчеркива", Strength::Strong),
    ("подчёркива", Strength::Strong),
    ("добави", Strength::Strong),
    ("добавля", Strength::Strong),
    ("сообщи", Strength::Strong),
    ("сообща", Strength::Strong),
    ("напомни", Strength::Strong),
    ("напомина", Strength::Strong),
    ("поясни", Strength::Strong),
    ("поясня", Strength::Strong),
    ("указа", Strength::Weak),
    ("указыва", Strength::Weak),
    ("завери", Strength::Strong),
    ("заверя", Strength::Strong),
    ("призва", Strength::Weak),
    ("призыва", Strength::Weak),
    ("считает", Strength::Weak),
    ("считают", Strength::Weak),
    ("уточни", Strength::Strong),
    ("констатирова", Strength::Strong),
    ("признал", Strength::Strong),
    ("признаёт", Strength::Strong),
    ("предупреди", Strength::Strong),
    ("предупрежда", Strength::Strong),
    ("ответил", Strength::Strong),
    ("отвечает", Strength::Strong),
    ("заключил", Strength::Weak),
    ("написал", Strength::Strong),
    ("пишет", Strength::Strong),
    ("высказал", Strength::Weak),
    ("выразил", Strength::Weak),
    ("убежден", Strength::Weak),
    ("убеждён", Strength::Weak),
    ("настаива", Strength::Strong),
    ("полагает", Strength::Weak),
    ("процитирова", Strength::Strong),
    ("рассказа", Strength::Strong),
    ("пообеща", Strength::Strong),
    ("обеща", Strength::Strong),
    ("объясни", Strength::Strong),
    ("объясня", Strength::Strong),
    ("прокомментирова", Strength::Strong),
    ("комментиру", Strength::Strong),
];

/// Russian cue words that are not verbs of speaking despite a shared beginning.
pub(super) const RU_NOT_CUES: &[&str] =
    &["сказать", "говорить", "указанный", "указанные", "указанных"];

pub(super) fn en_forms() -> &'static FxHashMap<String, Strength> {
    static FORMS: OnceLock<FxHashMap<String, Strength>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut m: FxHashMap<String, Strength> = FxHashMap::default();
        for &(lemma, strength, irregular) in EN_CUES {
            let mut forms: Vec<String> = vec![lemma.to_string()];
            if irregular.is_empty() {
                let (s, ed, ing) = if let Some(stem) = lemma.strip_suffix('e') {
                    (
                        format!("{lemma}s"),
                        format!("{lemma}d"),
                        format!("{stem}ing"),
                    )
                } else if let Some(stem) = lemma
                    .strip_suffix('y')
                    .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
                {
                    (
                        format!("{stem}ies"),
                        format!("{stem}ied"),
                        format!("{lemma}ing"),
                    )
                } else if lemma.ends_with("ss") || lemma.ends_with("sh") || lemma.ends_with("ch") {
                    (
                        format!("{lemma}es"),
                        format!("{lemma}ed"),
                        format!("{lemma}ing"),
                    )
                } else {
                    (
                        format!("{lemma}s"),
                        format!("{lemma}ed"),
                        format!("{lemma}ing"),
                    )
                };
                forms.extend([s, ed, ing]);
            } else {
                forms.extend(irregular.iter().map(|s| s.to_string()));
            }
            for f in forms {
                // the first (stronger) reading of a form wins
                m.entry(f).or_insert(strength);
            }
        }
        m
    })
}

/// Whether a (lowercased) word starts in Cyrillic.
pub(super) fn cyrillic(w: &str) -> bool {
    w.starts_with(|c: char| ('а'..='я').contains(&c) || c == 'ё')
}

/// The hand lexicon's reading of a (lowercased) word, Russian or English.
pub(super) fn hand_cue(w: &str) -> Option<Strength> {
    if cyrillic(w) {
        ru_cue(w)
    } else {
        en_forms().get(w).copied()
    }
}

pub(super) fn ru_cue(w: &str) -> Option<Strength> {
    if RU_NOT_CUES.contains(&w) {
        return None;
    }
    RU_CUES
        .iter()
        .find(|(p, _)| w.starts_with(p))
        .map(|&(_, s)| s)
}

/// Words that may stand between a subject and its reporting verb ("has also said").
pub(super) const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "previously",
    "again",
    "would",
    "will",
    "did",
    "does",
    "do",
    "then",
    "further",
    "once",
    "recently",
    "earlier",
    "is",
    "was",
    "were",
    "are",
    "been",
    "be",
    "being",
    "not",
    "never",
    "often",
    "just",
    "has",
    "once",
    "may",
    "might",
    "could",
    "should",
    "can",
    "must",
    "still",
    "already",
    "to",
    "had",
    "even",
    "now",
    "since",
    "reportedly",
    "himself",
    "herself",
    "itself",
    "themselves",
    "privately",
    "publicly",
    "repeatedly",
    "ранее",
    "также",
    "уже",
    "не",
    "тогда",
    "вновь",
    "снова",
    "неоднократно",
    "же",
];

/// Words that end a source phrase when reading back from the cue.
pub(super) const NP_STOP: &[&str] = &[
    "that",
    "which",
    "when",
    "as",
    "because",
    "while",
    "if",
    "after",
    "before",
    "since",
    "so",
    "but",
    "or",
    "than",
    "where",
    "what",
    "whether",
    "though",
    "although",
    "until",
    "unless",
    "and",
    "then",
    "said",
    "says",
    "told",
    "что",
    "как",
    "и",
    "но",
    "а",
    "когда",
    "если",
    "это",
    "he",
    "she",
    "they",
    "we",
    "i",
];

/// Words that open a clause after a verb of saying ("said he would", "said the talks",
/// "said he’ll support").
pub(super) fn opens_clause(w: &str, first: char) -> bool {
    // a subject pronoun with a contracted verb: "he'll", "they’re", "there's"
    if let Some((base, rest)) = w.split_once(['\'', '’']) {
        if matches!(rest, "ll" | "s" | "re" | "ve" | "d" | "m")
            && matches!(
                base,
                "he" | "she" | "it" | "they" | "we" | "i" | "you" | "there" | "that"
            )
        {
            return true;
        }
    }
    matches!(
        w,
        "he" | "she"
            | "it"
            | "they"
            | "we"
            | "i"
            | "you"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "there"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "a"
            | "an"
            | "no"
            | "some"
            | "many"
            | "most"
            | "all"
            | "both"
            | "any"
            | "one"
            | "if"
            | "whether"
            | "nothing"
            | "everything"
            | "nobody"
            | "everyone"
            | "somebody"
            | "someone"
            | "what"
            | "how"
            | "why"
            | "russia"
    ) || first.is_uppercase()
}
