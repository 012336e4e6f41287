//! The fitting / check split of the page sets, by site.
//!
//! Pages of one site share templates, so a rule or weight fitted on one page of a site
//! carries over to its other pages for reasons that say nothing about pages of other sites.
//! The split therefore puts whole sites on one side: the *registered domain* of the page's URL
//! (the host without `www.`, cut to its last two labels, or three when the second-to-last is a
//! generic second level such as `co.uk`, `com.br`, `org.pl`) is hashed with 64-bit FNV-1a, and
//! an even hash is the fitting part, an odd one the check part. The rule is fixed here and
//! nowhere else; `learn-blocks` and `learn-dates` fit on [`Part::Fit`] only, and the scorers
//! report both parts.
//!
//! Keys that are not URLs (`hard::dw.com.colonial.html` in the web-pages set) name the site
//! at their start: the key without its prefix and `.html`, cut at the first `-`, and without
//! a last label longer than three letters (a word after the domain, not a top-level domain).

use serde::Serialize;

/// Which side of the split a page is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// Pages whose sites weights and thresholds may be fitted on.
    Fit,
    /// Pages of the other sites, for reporting only.
    Check,
}

impl Part {
    /// The part's name, as `--part` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Fit => "fit",
            Part::Check => "check",
        }
    }
}

/// Generic second-level labels under which registrations sit (`bbc.co.uk`, `uol.com.br`).
const SECOND_LEVELS: &[&str] = &[
    "co", "com", "org", "net", "gov", "gob", "edu", "ac", "or", "ne", "go", "gv", "info", "nic",
    "mil", "int",
];

/// The registered domain of a URL or page key, lower-case.
pub fn site(key: &str) -> String {
    let host = match key.split_once("://") {
        Some((_, rest)) => {
            let h = rest.split(['/', '?', '#']).next().unwrap_or("");
            let h = h.rsplit('@').next().unwrap_or(h);
            h.split(':').next().unwrap_or(h).to_string()
        }
        None => {
            let k = key.rsplit("::").next().unwrap_or(key);
            let k = k.strip_suffix(".gz").unwrap_or(k);
            let k = k.strip_suffix(".html").unwrap_or(k);
            let k = k.split('-').next().unwrap_or(k);
            let mut labels: Vec<&str> = k.split('.').collect();
            if labels.len() >= 3 && labels.last().is_some_and(|l| l.len() > 3) {
                labels.pop();
            }
            labels.join(".")
        }
    };
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let n = labels.len();
    let keep = if n >= 3 && labels[n - 1].len() == 2 && SECOND_LEVELS.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    labels[n.saturating_sub(keep)..].join(".")
}

/// 64-bit FNV-1a.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The part a page (by its URL or key) belongs to.
pub fn part(key: &str) -> Part {
    if fnv1a(&site(key)).is_multiple_of(2) {
        Part::Fit
    } else {
        Part::Check
    }
}

/// Which pages a figure is over: `fit`, `check` or `all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Which {
    /// The fitting part.
    Fit,
    /// The check part.
    Check,
    /// Every page.
    #[default]
    All,
}

impl Which {
    /// Whether a page of `part` counts.
    pub fn has(self, part: Part) -> bool {
        match self {
            Which::All => true,
            Which::Fit => part == Part::Fit,
            Which::Check => part == Part::Check,
        }
    }

    /// Parses `fit`, `check` or `all`.
    pub fn parse(s: &str) -> Option<Which> {
        match s {
            "fit" => Some(Which::Fit),
            "check" => Some(Which::Check),
            "all" => Some(Which::All),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_domains() {
        assert_eq!(site("https://www.example.org/a/b"), "example.org");
        assert_eq!(site("http://news.bbc.co.uk/x"), "bbc.co.uk");
        assert_eq!(
            site("https://blog.example.com.br:8080/x?y"),
            "example.com.br"
        );
        assert_eq!(site("https://sub.example.de/x"), "example.de");
        assert_eq!(site("hard::news.example.org.html"), "example.org");
        assert_eq!(site("hard::example.cu-story.html"), "example.cu");
        assert_eq!(site("hard::example.com.story.html"), "example.com");
    }

    #[test]
    fn a_site_is_on_one_side() {
        let a = part("https://one.example.net/2020/01/a");
        assert_eq!(part("https://two.example.net/b"), a);
        assert_eq!(part("http://example.net"), a);
        // both sides are used
        let parts: std::collections::HashSet<Part> = (0..40)
            .map(|i| part(&format!("https://site{i}.org/")))
            .collect();
        assert_eq!(parts.len(), 2);
    }
}
