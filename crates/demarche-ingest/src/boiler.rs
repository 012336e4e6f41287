//! Per-line evidence that a line is interface debris rather than text: share rows,
//! subscription calls, comment prompts, "read in full" stubs, navigation residue.
//!
//! The method: strip decoration (emoji, bullets, arrows), tokenise, and weigh how much of a
//! short line is interface vocabulary (words that name buttons, networks, and reader actions,
//! in English and Russian) against how much reads like a sentence. Long lines and lines with
//! sentence structure are never debris on per-line evidence alone; corpus evidence (a line
//! repeated across many documents of one outlet) is weighed by the cleaner.

/// Words that name interface elements, social networks and reader actions.
const INTERFACE_WORDS: &[&str] = &[
    // actions
    "share",
    "shares",
    "tweet",
    "retweet",
    "like",
    "likes",
    "subscribe",
    "subscribed",
    "unsubscribe",
    "follow",
    "login",
    "log",
    "sign",
    "signup",
    "register",
    "reply",
    "replies",
    "comment",
    "comments",
    "print",
    "email",
    "e-mail",
    "mail",
    "download",
    "install",
    "click",
    "tap",
    "open",
    "view",
    "views",
    "watch",
    "listen",
    "join",
    "copy",
    "link",
    "save",
    "bookmark",
    "menu",
    "search",
    "home",
    "next",
    "previous",
    "prev",
    "back",
    "top",
    "more",
    "related",
    "tags",
    "tag",
    "advertisement",
    "ad",
    "sponsored",
    "cookies",
    "cookie",
    "accept",
    "newsletter",
    "feed",
    "rss",
    "app",
    "apps",
    "channel",
    "channels",
    "news",
    "latest",
    "popular",
    "trending",
    "loading",
    "continue",
    "full",
    "expand",
    "collapse",
    "show",
    "hide",
    "close",
    "skip",
    "leave",
    "post",
    "posted",
    "permalink",
    // networks and platforms
    "facebook",
    "twitter",
    "x.com",
    "telegram",
    "whatsapp",
    "viber",
    "vk",
    "vkontakte",
    "ok",
    "odnoklassniki",
    "instagram",
    "youtube",
    "rutube",
    "linkedin",
    "pinterest",
    "tumblr",
    "reddit",
    "google",
    "google+",
    "yandex",
    "yandex.zen",
    "zen",
    "dzen",
    "pulse",
    "flipboard",
    "pocket",
    "mastodon",
    "threads",
    "tiktok",
    "livejournal",
    "mail.ru",
    "skype",
    "messenger",
    // Russian
    "поделиться",
    "поделитесь",
    "подписаться",
    "подписывайтесь",
    "подпишитесь",
    "подписка",
    "отписаться",
    "читать",
    "читайте",
    "далее",
    "полностью",
    "подробнее",
    "комментарии",
    "комментарий",
    "комментировать",
    "ответить",
    "оставить",
    "войти",
    "вход",
    "регистрация",
    "зарегистрироваться",
    "скачать",
    "смотреть",
    "смотрите",
    "слушать",
    "главная",
    "меню",
    "поиск",
    "назад",
    "вперёд",
    "вперед",
    "наверх",
    "теги",
    "метки",
    "реклама",
    "нравится",
    "лайк",
    "репост",
    "распечатать",
    "печать",
    "версия",
    "новости",
    "канал",
    "каналы",
    "каналу",
    "телеграм",
    "телеграме",
    "вконтакте",
    "одноклассники",
    "дзен",
    "яндекс",
    "ещё",
    "еще",
    "показать",
    "скрыть",
    "закрыть",
    "ссылка",
    "ссылку",
    "копировать",
    "приложение",
    "приложении",
    "открыть",
];

/// Phrases that are interface stubs wherever they stand alone on a line.
const STUB_PHRASES: &[&str] = &[
    "read in full",
    "read more",
    "read the full",
    "continue reading",
    "view in telegram",
    "open in telegram",
    "view in app",
    "open in app",
    "media is too big",
    "please open telegram to view this post",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "back to top",
    "all rights reserved",
    "читать полностью",
    "читать далее",
    "читать дальше",
    "оставить комментарий",
    "оставьте комментарий",
    "все права защищены",
    "открыть в телеграм",
    "смотреть в телеграм",
];

/// Function words that neither count for nor against debris.
const NEUTRAL_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "to",
    "our",
    "us",
    "on",
    "in",
    "of",
    "and",
    "or",
    "for",
    "at",
    "via",
    "by",
    "with",
    "this",
    "it",
    "is",
    "me",
    "my",
    "your",
    "you",
    "up",
    "now",
    "all",
    "here",
    "out",
    "и",
    "в",
    "на",
    "нас",
    "наш",
    "наши",
    "наших",
    "нашем",
    "на",
    "по",
    "к",
    "с",
    "или",
    "в",
];

fn is_decoration(c: char) -> bool {
    !(c.is_alphanumeric() || c == '#' || c == '@' || c == '"' || c == '«' || c == '“' || c == '(')
}

/// The line without leading and trailing decoration (emoji, bullets, arrows, punctuation).
pub fn strip_decoration(line: &str) -> &str {
    line.trim_start_matches(|c: char| is_decoration(c) || c.is_whitespace())
        .trim_end_matches(|c: char| (is_decoration(c) && !is_closing(c)) || c.is_whitespace())
}

/// Closing punctuation that belongs to the text before it.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '"' | '»' | '”' | '’' | '\'' | '.' | '?' | '!' | '…' | '%'
    )
}

/// Lower-cased words of a line (letters, digits, and inner `.`, `+`, `-`).
fn words(line: &str) -> Vec<String> {
    line.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | '|' | '/' | '•' | '·' | '»' | '«' | '(' | ')' | '[' | ']'
            )
    })
    .map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
            .to_lowercase()
    })
    .filter(|w| !w.is_empty())
    .collect()
}

/// Why a line is debris, if per-line evidence says it is.
pub fn debris_reason(line: &str) -> Option<&'static str> {
    let core = strip_decoration(line);
    if core.is_empty() {
        // Separators ("***") and elision marks ("<...>") carry meaning; keep them.
        return None;
    }
    let lower = core.to_lowercase();
    let lower = lower.trim_end_matches(['.', '!', ':', '…']).trim();
    if STUB_PHRASES.contains(&lower) {
        return Some("interface stub");
    }
    let ws = words(core);
    if ws.is_empty() || ws.len() > 12 || core.chars().count() > 120 {
        return None;
    }
    let mut iface = 0usize;
    let mut content = 0usize;
    for w in &ws {
        if w.starts_with('#') {
            content += 1; // a hashtag is text, whatever word it is
        } else if INTERFACE_WORDS.contains(&w.as_str()) {
            iface += 1;
        } else if !NEUTRAL_WORDS.contains(&w.as_str()) && w != "+" {
            content += 1;
        }
    }
    let counted = iface + content;
    if counted == 0 {
        return None;
    }
    // A line of sentence shape (ends with a full stop after several words, and holds more
    // than interface words) is text.
    let sentence_like = ws.len() >= 6 && core.ends_with(['.', '?', '!']) && content > 1;
    if sentence_like {
        return None;
    }
    if iface * 10 >= counted * 7 {
        return Some("interface vocabulary");
    }
    // Starts with a reader action and is mostly interface words: "Subscribe to our channels
    // YANDEX.ZEN, PULSE, GOOGLE NEWS".
    let first = ws[0].as_str();
    let action = matches!(
        first,
        "subscribe"
            | "follow"
            | "share"
            | "join"
            | "download"
            | "read"
            | "watch"
            | "listen"
            | "sign"
            | "leave"
            | "подписывайтесь"
            | "подпишитесь"
            | "подписаться"
            | "читайте"
            | "смотрите"
            | "поделиться"
            | "скачайте"
    );
    if action && iface * 2 >= counted {
        return Some("call to action");
    }
    None
}

/// True when a line reads like a sentence or paragraph of text (for corpus evidence, which
/// only ever removes short lines that do not).
pub fn is_prose(line: &str) -> bool {
    let ws = words(line);
    ws.len() >= 12 || (ws.len() >= 6 && line.trim_end().ends_with(['.', '?', '!', '"', '»', '”']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris() {
        for line in [
            "Google+ Pinterest LinkedIn Tumblr +",
            "Share.",
            "Leave A Reply",
            "Subscribe to our channels YANDEX.ZEN, PULSE, GOOGLE NEWS",
            "📄 Read in full",
            "👉 Read in full",
            "VIEW IN TELEGRAM",
            "Поделиться: ВКонтакте Одноклассники Telegram",
            "Подписывайтесь на наш канал в Телеграме",
            "Facebook | Twitter | Email | Print",
            "Read more »",
        ] {
            assert!(debris_reason(line).is_some(), "{line}");
        }
    }

    #[test]
    fn text_is_kept() {
        for line in [
            "Russia and Kazakhstan: Cooperation Without Borders",
            "Events in Kazakhstan",
            "Key talking points:",
            "Dear ladies and gentlemen,",
            "#RussiaArmenia",
            "Question: The Russian and Ukrainian sides held two whole rounds of talks in Belarus.",
            "We will share our views with the partners in the channel of dialogue.",
            "Follow-up talks will be held in Geneva next week.",
            "Latest news on the negotiations with NATO",
            "Lavrov: Russia will continue talks",
            "<...>",
            "***",
        ] {
            assert!(
                debris_reason(line).is_none(),
                "{line}: {:?}",
                debris_reason(line)
            );
        }
    }
}
