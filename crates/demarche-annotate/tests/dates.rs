//! Dates resolved against the document date, kept partial without one, in English and
//! Russian.

use demarche_annotate::dates::{annotate, Timex};
use demarche_kb::Day;

fn dates(text: &str, doc: Option<&str>) -> Vec<(String, Timex)> {
    annotate(text, doc.and_then(Day::parse))
        .into_iter()
        .map(|t| (text[t.span.range()].to_string(), t))
        .collect()
}

/// (surface, value, from, to, precision) of each expression.
fn table(text: &str, doc: Option<&str>) -> Vec<(String, Option<String>, String, String, String)> {
    dates(text, doc)
        .into_iter()
        .map(|(s, t)| {
            (
                s,
                t.value,
                t.from.map_or("-".into(), |d| d.to_string()),
                t.to.map_or("-".into(), |d| d.to_string()),
                t.precision.map_or("-", |p| p.name()).to_string(),
            )
        })
        .collect()
}

fn row(
    s: &str,
    v: Option<&str>,
    f: &str,
    t: &str,
    p: &str,
) -> (String, Option<String>, String, String, String) {
    (s.into(), v.map(Into::into), f.into(), t.into(), p.into())
}

#[test]
fn english_relative_dates_resolve_against_the_document_date() {
    // 2023-11-09 was a Thursday
    let t = table(
        "Lavrov said on Tuesday that talks would resume next week. Last month the sides met, \
         and yesterday the day before yesterday three days ago this year.",
        Some("2023-11-09"),
    );
    assert_eq!(
        t,
        vec![
            row(
                "Tuesday",
                Some("2023-11-07"),
                "2023-11-07",
                "2023-11-07",
                "day"
            ),
            row(
                "next week",
                Some("2023-W46"),
                "2023-11-13",
                "2023-11-19",
                "week"
            ),
            row(
                "Last month",
                Some("2023-10"),
                "2023-10-01",
                "2023-10-31",
                "month"
            ),
            row(
                "yesterday",
                Some("2023-11-08"),
                "2023-11-08",
                "2023-11-08",
                "day"
            ),
            row(
                "the day before yesterday",
                Some("2023-11-07"),
                "2023-11-07",
                "2023-11-07",
                "day"
            ),
            row(
                "three days ago",
                Some("2023-11-06"),
                "2023-11-06",
                "2023-11-06",
                "day"
            ),
            row(
                "this year",
                Some("2023"),
                "2023-01-01",
                "2023-12-31",
                "year"
            ),
        ]
    );
    // a weekday in a sentence about the future lies ahead
    let t = table("The ministers will meet on Friday.", Some("2023-11-09"));
    assert_eq!(t[0].1.as_deref(), Some("2023-11-10"));
}

#[test]
fn absolute_dates_ranges_and_partial_dates() {
    let t = table(
        "Protests erupted on January 2, 2022 and in 2020-2022, from 2014 to 2022, in the 1990s, \
         on 9 November 2023, on 2023-11-09 and in March 2021.",
        None,
    );
    assert_eq!(
        t,
        vec![
            row(
                "January 2, 2022",
                Some("2022-01-02"),
                "2022-01-02",
                "2022-01-02",
                "day"
            ),
            row(
                "2020-2022",
                Some("2020/2022"),
                "2020-01-01",
                "2022-12-31",
                "year"
            ),
            row(
                "2014 to 2022",
                Some("2014/2022"),
                "2014-01-01",
                "2022-12-31",
                "year"
            ),
            row(
                "the 1990s",
                Some("199X"),
                "1990-01-01",
                "1999-12-31",
                "decade"
            ),
            row(
                "9 November 2023",
                Some("2023-11-09"),
                "2023-11-09",
                "2023-11-09",
                "day"
            ),
            row(
                "2023-11-09",
                Some("2023-11-09"),
                "2023-11-09",
                "2023-11-09",
                "day"
            ),
            row(
                "March 2021",
                Some("2021-03"),
                "2021-03-01",
                "2021-03-31",
                "month"
            ),
        ]
    );
    // without a document date: partial values, nothing invented
    let t = table(
        "MOSCOW, February 15. /TASS/. The talks on Tuesday were held on January 19.",
        None,
    );
    assert_eq!(
        t,
        vec![
            row("February 15", Some("XXXX-02-15"), "-", "-", "day"),
            row("Tuesday", None, "-", "-", "day"),
            row("January 19", Some("XXXX-01-19"), "-", "-", "day"),
        ]
    );
    // with one, the year nearest the document date
    let t = table("The talks were held on December 28.", Some("2023-01-05"));
    assert_eq!(t[0].1.as_deref(), Some("2022-12-28"));
}

#[test]
fn a_month_written_with_its_year_gives_it_to_later_mentions() {
    let t = table(
        "01 December 2023\n\nThese events occurred in January 2022. The call took place on January 10.",
        None,
    );
    assert_eq!(t[2].1.as_deref(), Some("2022-01-10"));
    let d = dates("01 December 2023\n\nWe spoke yesterday.", None);
    assert_eq!(
        d[1].1.value.as_deref(),
        Some("2023-11-30"),
        "the dateline anchors"
    );
}

#[test]
fn vague_expressions_get_no_date() {
    for text in [
        "A decision will be taken in the near future.",
        "Решение будет принято в ближайшее время.",
        "Recently the ministry said so.",
    ] {
        let d = dates(text, Some("2023-11-09"));
        assert_eq!(d.len(), 1, "{text}");
        assert_eq!(d[0].1.kind.name(), "vague");
        assert_eq!((d[0].1.value.as_ref(), d[0].1.from), (None, None));
    }
}

#[test]
fn russian_dates() {
    let t = table(
        "Во вторник Лавров заявил, что 9 ноября 2023 года, в 2020-2022 годах, с 2014 по 2022 год, \
         в прошлом году, на прошлой неделе, позавчера, два года назад, 09.11.2023 и в 90-е годы.",
        Some("2023-11-09"),
    );
    let vals: Vec<(&str, Option<&str>)> =
        t.iter().map(|r| (r.0.as_str(), r.1.as_deref())).collect();
    assert_eq!(
        vals,
        vec![
            ("Во вторник", Some("2023-11-07")),
            ("9 ноября 2023 года", Some("2023-11-09")),
            ("2020-2022 годах", Some("2020/2022")),
            ("с 2014 по 2022 год", Some("2014/2022")),
            ("прошлом году", Some("2022")),
            ("прошлой неделе", Some("2023-W44")),
            ("позавчера", Some("2023-11-07")),
            ("два года назад", Some("2021")),
            ("09.11.2023", Some("2023-11-09")),
            ("90-е годы", Some("199X")),
        ]
    );
    let t = table(
        "В ноябре состоялись переговоры; 9 ноября министр выступил.",
        None,
    );
    assert_eq!(t[0].1.as_deref(), Some("XXXX-11"));
    assert_eq!(t[1].1.as_deref(), Some("XXXX-11-09"));
}

#[test]
fn numbers_that_are_not_years_stay_out() {
    assert!(dates(
        "The EAEU GDP was 173 trillion roubles and 2022 schools opened.",
        None
    )
    .is_empty());
    assert!(dates("He may say so in May.", None)
        .iter()
        .all(|(s, _)| s == "May"));
}
