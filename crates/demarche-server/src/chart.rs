//! Charts drawn on the server as inline SVG (no script, nothing to load).

use maud::{html, Markup};

/// Months from the first to the last key of `data` (`YYYY-MM`), gaps filled with zero.
pub fn fill_months(data: &[(String, u64)]) -> Vec<(String, u64)> {
    let parse = |k: &str| -> Option<(i32, u32)> {
        let (y, m) = k.split_once('-')?;
        Some((y.parse().ok()?, m.get(..2)?.parse().ok()?))
    };
    let mut keyed: Vec<((i32, u32), u64)> = data
        .iter()
        .filter_map(|(k, n)| Some((parse(k)?, *n)))
        .filter(|((_, m), _)| (1..=12).contains(m))
        .collect();
    keyed.sort();
    let (Some(first), Some(last)) = (keyed.first().map(|x| x.0), keyed.last().map(|x| x.0)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    let mut i = 0;
    // at most 100 years of months
    while (y, m) <= last && out.len() < 1200 {
        let mut n = 0;
        while i < keyed.len() && keyed[i].0 == (y, m) {
            n += keyed[i].1;
            i += 1;
        }
        out.push((format!("{y:04}-{m:02}"), n));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// A bar chart of counts per month, with a tooltip per bar and the years marked below.
pub fn months(data: &[(String, u64)], what: &str, css_class: &str) -> Markup {
    let series = fill_months(data);
    if series.is_empty() {
        return html! { p.muted { "No dated " (what) "." } };
    }
    let (w, h, pad_b, pad_l) = (760.0_f64, 150.0_f64, 22.0_f64, 34.0_f64);
    let max = series.iter().map(|x| x.1).max().unwrap_or(1).max(1) as f64;
    let n = series.len() as f64;
    let step = (w - pad_l) / n;
    let bar = (step * 0.8).clamp(1.0, 28.0);
    html! {
        svg.chart.(css_class) viewBox=(format!("0 0 {w} {h}")) role="img"
            aria-label=(format!("{what} per month")) {
            line x1=(pad_l) y1=(h - pad_b) x2=(w) y2=(h - pad_b) class="axis" {}
            text x="0" y="12" class="tick" { (max as u64) }
            text x="0" y=(h - pad_b) class="tick" { "0" }
            @for (i, (k, v)) in series.iter().enumerate() {
                @let bh = (*v as f64 / max) * (h - pad_b - 8.0);
                @let x = pad_l + i as f64 * step;
                rect class="bar" x=(format!("{x:.1}")) y=(format!("{:.1}", h - pad_b - bh))
                    width=(format!("{bar:.1}")) height=(format!("{bh:.1}")) {
                    title { (k) ": " (v) " " (what) }
                }
                @if k.ends_with("-01") || i == 0 {
                    text x=(format!("{x:.1}")) y=(h - 6.0) class="tick" { (&k[..4]) }
                }
            }
        }
    }
}

/// Horizontal bars for labelled counts (facets, languages, formats).
pub fn hbars(data: &[(String, u64)]) -> Markup {
    let max = data.iter().map(|x| x.1).max().unwrap_or(1).max(1) as f64;
    html! {
        table.hbars {
            @for (k, v) in data {
                tr {
                    td { (k) }
                    td.num { (v) }
                    td.barcell {
                        svg width="160" height="10" role="img" aria-label=(format!("{k}: {v}")) {
                            rect class="bar" x="0" y="0" width=(format!("{:.1}", 160.0 * *v as f64 / max)) height="10" {}
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_continuous_and_escaped() {
        let d = vec![("2022-11".to_string(), 2), ("2023-02".to_string(), 1)];
        let f = fill_months(&d);
        assert_eq!(f.len(), 4);
        assert_eq!(f[1], ("2022-12".to_string(), 0));
        assert!(fill_months(&[("junk".into(), 1)]).is_empty());
        let svg = months(&d, "<docs>", "c").into_string();
        assert!(svg.contains("&lt;docs&gt;") && !svg.contains("<docs>"));
    }
}
