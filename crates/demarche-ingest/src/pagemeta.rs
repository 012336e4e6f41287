//! What a page's head and structured data say: title, site, author, canonical URL, declared
//! language, description, and the dates stated in meta tags and JSON-LD (ranked later, with
//! the dates of the text, by [`crate::pagedate`]).

use demarche_model::Metadata;
use serde_json::Value;

use crate::dates::Label;
use crate::markup::Tag;
use crate::pagedate::{self, Candidates, Source};

/// What a page's head and structured data say about it.
#[derive(Default)]
pub(crate) struct PageMeta {
    og_title: Option<String>,
    site: Option<String>,
    author: Option<String>,
    pub(crate) canonical: Option<String>,
    og_url: Option<String>,
    pub(crate) lang: Option<String>,
    ld_headline: Option<String>,
    ld_author: Option<String>,
    ld_publisher: Option<String>,
    ld_url: Option<String>,
    description: Option<String>,
    /// Every date the page states, for the date ranker.
    pub(crate) dates: Candidates,
}

impl PageMeta {
    pub(crate) fn meta(&mut self, tag: &Tag<'_>, pos: f32) {
        let key = tag
            .attr("property")
            .or(tag.attr("name"))
            .or(tag.attr("itemprop"))
            .or(tag.attr("http-equiv"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = tag.attr("content") else {
            return;
        };
        let content = htmlize::unescape(content).trim().to_string();
        if content.is_empty() {
            return;
        }
        match key.as_str() {
            "og:title" | "twitter:title" => {
                self.og_title.get_or_insert(content);
            }
            "og:site_name" | "application-name" => {
                self.site.get_or_insert(content);
            }
            "author" | "article:author" | "byl" | "sailthru.author" | "parsely-author"
            | "dc.creator"
                if !content.starts_with("http") =>
            {
                self.author.get_or_insert(content);
            }
            _ if pagedate::is_date_key(&key) => {
                let label = pagedate::key_label(&key);
                self.dates
                    .structured(&content, Source::Meta, label, pos, &format!("meta {key:?}"));
            }
            "og:url" => {
                self.og_url.get_or_insert(content);
            }
            "description" | "og:description" => {
                self.description.get_or_insert(content);
            }
            _ => {}
        }
    }

    pub(crate) fn json_ld(&mut self, content: &str, pos: f32) {
        let Ok(v) = serde_json::from_str::<Value>(content.trim()) else {
            return;
        };
        let mut stack = vec![&v];
        let mut budget = 200;
        while let Some(v) = stack.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            match v {
                Value::Array(a) => stack.extend(a.iter()),
                Value::Object(o) => {
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                    let ty = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
                    for (k, label) in [
                        ("datePublished", Label::Published),
                        ("dateCreated", Label::Published),
                        ("uploadDate", Label::Published),
                        ("dateModified", Label::Modified),
                    ] {
                        if let Some(d) = o.get(k).and_then(|x| x.as_str()) {
                            self.dates.structured(
                                d,
                                Source::JsonLd,
                                Some(label),
                                pos,
                                &format!("json-ld {k}"),
                            );
                        }
                    }
                    if ty.contains("Article")
                        || ty.contains("NewsArticle")
                        || ty.contains("BlogPosting")
                        || ty.contains("Report")
                    {
                        let s = |k: &str| {
                            o.get(k)
                                .and_then(|x| x.as_str())
                                .map(|x| htmlize::unescape(x).trim().to_string())
                        };
                        if self.ld_headline.is_none() {
                            self.ld_headline = s("headline").or(s("name"));
                        }
                        if self.ld_url.is_none() {
                            self.ld_url = s("url");
                        }
                        if self.ld_author.is_none() {
                            self.ld_author = o.get("author").and_then(|a| match a {
                                Value::String(s) => Some(s.clone()),
                                Value::Object(m) => {
                                    m.get("name").and_then(|n| n.as_str()).map(str::to_string)
                                }
                                Value::Array(v) => {
                                    let names: Vec<&str> = v
                                        .iter()
                                        .filter_map(|x| {
                                            x.get("name").and_then(|n| n.as_str()).or(x.as_str())
                                        })
                                        .collect();
                                    (!names.is_empty()).then(|| names.join(", "))
                                }
                                _ => None,
                            });
                        }
                        if self.ld_publisher.is_none() {
                            self.ld_publisher = o
                                .get("publisher")
                                .and_then(|p| p.get("name"))
                                .and_then(|n| n.as_str())
                                .map(str::to_string);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    pub(crate) fn finish(
        mut self,
        meta: &mut Metadata,
        title: Option<String>,
        h1: Option<String>,
    ) -> Candidates {
        // a date in the title or the description ("... (News of 14 January 2020)")
        for t in [
            title.as_deref(),
            self.og_title.as_deref(),
            self.description.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            self.dates.text(t, Source::Text, None, 0.0);
        }
        let site = self.site.or(self.ld_publisher);
        // Open Graph titles, like <title>, often carry the site name ("… - IGN")
        let title = self
            .ld_headline
            .or_else(|| {
                self.og_title
                    .or(title)
                    .map(|t| strip_site(&t, site.as_deref()))
            })
            .map(|t| match &h1 {
                // the headline on the page, when the title is it plus a suffix
                Some(h)
                    if t.len() > h.len() && t.starts_with(h.as_str()) && h.len() * 2 >= t.len() =>
                {
                    h.clone()
                }
                _ => t,
            })
            .or(h1)
            .filter(|t| !t.is_empty());
        meta.title = title;
        meta.outlet = site;
        meta.author = self.ld_author.or(self.author);
        meta.url = self
            .canonical
            .or(self.og_url)
            .or(self.ld_url)
            .filter(|u| u.starts_with("http"));
        meta.lang = self.lang.filter(|l| l.len() == 2);
        if let Some(desc) = self.description {
            meta.extra.insert("description".into(), desc);
        }
        self.dates
    }
}

/// "Title | Site", "Title - Site", "Title — Site": the title without the site part.
pub(crate) fn strip_site(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " — ", " – ", " - ", " :: "] {
        if let Some((l, r)) = title.rsplit_once(sep) {
            let is_site = site.is_some_and(|s| {
                r.trim().eq_ignore_ascii_case(s.trim()) || l.trim().eq_ignore_ascii_case(s.trim())
            });
            if is_site {
                return if site.is_some_and(|s| l.trim().eq_ignore_ascii_case(s.trim())) {
                    r.trim()
                } else {
                    l.trim()
                }
                .to_string();
            }
            if sep == " | " && r.split_whitespace().count() <= 4 {
                return l.trim().to_string();
            }
        }
    }
    title.to_string()
}
