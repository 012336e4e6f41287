//! The built-in KB: valid, date-aware, and user files checked with file and line.

use demarche_kb::{Day, Kb};

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn names(v: Vec<&demarche_kb::Entity>) -> Vec<String> {
    v.into_iter().map(|e| e.name.clone()).collect()
}

#[test]
fn builtin_is_valid_and_large() {
    let kb = Kb::from_sources(demarche_kb::BUILTIN).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(kb.entities().len() > 19_000, "{}", kb.entities().len());
    for id in [
        "org:UN",
        "org:CSTO",
        "org:SCO",
        "org:EAEU",
        "org:CIS",
        "org:BRICS",
        "org:OSCE",
        "org:NATO",
        "org:EU",
        "org:ASEAN",
        "org:GCC",
        "org:ARAB-LEAGUE",
        "org:AU",
        "org:CELAC",
        "org:IAEA",
        "org:G7",
        "org:G20",
        "org:UNSC",
        "org:UNGA",
        "org:TASS",
        "org:MFA-RUS",
    ] {
        assert!(kb.get(id).is_some(), "{id} missing");
    }
}

#[test]
fn the_same_role_on_two_dates_is_two_people() {
    let kb = Kb::builtin();
    assert_eq!(
        names(kb.holders("fm-spokesperson", "state:RUS", day("2012-06-01"))),
        ["Alexander Lukashevich"]
    );
    assert_eq!(
        names(kb.holders("fm-spokesperson", "state:RUS", day("2023-01-10"))),
        ["Maria Zakharova"]
    );
    assert_eq!(
        names(kb.holders("head-of-state", "state:KAZ", day("2012-06-01"))),
        ["Nursultan Nazarbayev"]
    );
    assert_eq!(
        names(kb.holders("head-of-state", "state:KAZ", day("2022-02-15"))),
        ["Kassym-Jomart Tokayev"]
    );
    assert_eq!(
        names(kb.holders("foreign-minister", "state:USA", day("2012-06-01"))),
        ["Hillary Clinton"]
    );
    assert_eq!(
        names(kb.holders("foreign-minister", "state:USA", day("2023-06-01"))),
        ["Antony Blinken"]
    );
    assert_eq!(
        names(kb.holders("foreign-minister", "state:CHN", day("2023-03-01"))),
        ["Qin Gang"]
    );
    assert_eq!(
        names(kb.holders("foreign-minister", "state:CHN", day("2024-03-01"))),
        ["Wang Yi"]
    );
}

#[test]
fn officials_of_ukraine_belarus_and_kazakhstan_by_date() {
    let kb = Kb::builtin();
    let ukr = "state:UKR";
    assert_eq!(
        names(kb.holders("head-of-administration", ukr, day("2021-06-01"))),
        ["Andriy Yermak"]
    );
    assert_eq!(
        names(kb.holders("head-of-administration", ukr, day("2019-09-01"))),
        ["Andriy Bohdan"]
    );
    assert_eq!(
        names(kb.holders("defence-minister", ukr, day("2022-05-01"))),
        ["Oleksii Reznikov"]
    );
    assert_eq!(
        names(kb.holders("defence-minister", ukr, day("2024-05-01"))),
        ["Rustem Umerov"]
    );
    assert_eq!(
        names(kb.holders("head-of-government", ukr, day("2022-05-01"))),
        ["Denys Shmyhal"]
    );
    assert_eq!(
        names(kb.holders("commander-in-chief", ukr, day("2023-01-01"))),
        ["Valerii Zaluzhnyi"]
    );
    assert_eq!(
        names(kb.holders("security-council-secretary", ukr, day("2022-03-01"))),
        ["Oleksiy Danilov"]
    );
    assert_eq!(
        names(kb.holders("speaker-lower-house", ukr, day("2023-01-01"))),
        ["Ruslan Stefanchuk"]
    );
    assert_eq!(
        names(kb.holders("foreign-minister", "state:BLR", day("2023-06-01"))),
        ["Sergei Aleinik"]
    );
    assert_eq!(
        names(kb.holders("security-service-director", "state:BLR", day("2021-01-01"))),
        ["Ivan Tertel"]
    );
    assert_eq!(
        names(kb.holders("foreign-minister", "state:KAZ", day("2005-01-01"))),
        ["Kassym-Jomart Tokayev"]
    );
    assert_eq!(
        names(kb.holders("foreign-minister", "state:KAZ", day("2024-01-01"))),
        ["Murat Nurtleu"]
    );
    assert_eq!(
        names(kb.holders("head-of-administration", "state:KAZ", day("2023-06-01"))),
        ["Olzhas Bektenov"]
    );
    // Russian and Ukrainian forms find the same person.
    let ru = kb.lookup("Андрей Ермак", Some(day("2021-06-01")));
    let uk = kb.lookup("Андрій Єрмак", Some(day("2021-06-01")));
    assert_eq!(ru[0].id, "person:andriy-yermak");
    assert_eq!(uk[0].id, "person:andriy-yermak");
    assert_eq!(kb.lookup("СБУ", None)[0].id, "org:UKR-SBU");
}

#[test]
fn memberships_and_dated_names() {
    let kb = Kb::builtin();
    let uzb = kb.get("state:UZB").unwrap();
    let csto = uzb.members.iter().find(|m| m.of == "org:CSTO").unwrap();
    assert_eq!(csto.to.as_deref(), Some("2012-12-19"));
    let astana = kb.lookup("Nur-Sultan", None);
    assert_eq!(astana[0].id, "place:astana");
    let m = kb.matcher();
    let text = "Talks in Nur-Sultan and Astana, then Kiev and Kyiv; Van Yi met Lavrov.";
    let hits = m.find(text);
    let got: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
    for want in ["Nur-Sultan", "Astana", "Kiev", "Kyiv", "Van Yi", "Lavrov"] {
        assert!(got.contains(&want), "{want} not found in {got:?}");
    }
    let nur = hits
        .iter()
        .find(|h| &text[h.start..h.end] == "Nur-Sultan")
        .unwrap();
    let astana_ix = kb.index_of("place:astana").unwrap() as u32;
    let c = nur
        .candidates
        .iter()
        .find(|c| c.entity == astana_ix)
        .unwrap();
    assert!(c.valid_on(Some(day("2020-05-01"))));
    assert!(!c.valid_on(Some(day("2015-05-01"))));
}

#[test]
fn russian_endings_match() {
    let kb = Kb::builtin();
    let m = kb.matcher();
    let text = "Лавров встретился с Захаровой в России; российская сторона и ОДКБ.";
    let got: Vec<&str> = m.find(text).iter().map(|h| &text[h.start..h.end]).collect();
    for want in ["Лавров", "Захаровой", "России", "российская", "ОДКБ"]
    {
        assert!(got.contains(&want), "{want} not in {got:?}");
    }
}

#[test]
fn names_start_and_end_on_word_boundaries_longest_first() {
    let kb = Kb::builtin();
    let m = kb.matcher();
    // "Syria" inside "Assyrian" or "ASSYRIA" and "Oman" inside "WOMAN" are no hits; "Islamic Republic of
    // Iran" is one hit, not three; "the Security Council" ends a name inside a longer one
    let text = "Assyrian art. The Islamic Republic of Iran met Tirana and the Security Council, \
                then Syria's envoy; SYRIA; syria. ASSYRIA, A WOMAN.";
    let got: Vec<&str> = m.find(text).iter().map(|h| &text[h.start..h.end]).collect();
    for want in [
        "Islamic Republic of Iran",
        "Security Council",
        "Syria",
        "SYRIA",
    ] {
        assert!(
            got.iter().any(|g| g.ends_with(want)),
            "{want} not in {got:?}"
        );
    }
    // no hit inside a word
    for h in m.find(text) {
        let before = text[..h.start].chars().next_back();
        let after = text[h.end..].chars().next();
        assert!(
            !before.is_some_and(char::is_alphanumeric),
            "{:?}",
            &text[h.start..h.end]
        );
        assert!(
            !after.is_some_and(char::is_alphanumeric),
            "{:?}",
            &text[h.start..h.end]
        );
    }
    // hits do not overlap, and "Islamic Republic of Iran" is not cut into "Iran"
    let hits = m.find(text);
    assert!(hits.windows(2).all(|w| w[0].end <= w[1].start));
    assert!(!got.contains(&"Iran"), "{got:?}");
}

#[test]
fn bad_files_name_file_and_line() {
    let good = r#"{"id":"person:a","type":"person","name":"A B","source":"t"}"#;
    let cases = [
        ("not json", "not a valid entity"),
        (
            r#"{"id":"x","type":"person","name":"A"}"#,
            "must start with",
        ),
        (
            r#"{"id":"person:b","type":"person","name":"B","roles":[{"role":"r","from":"2020-13-01"}]}"#,
            "not a date",
        ),
        (
            r#"{"id":"person:b","type":"person","name":"B","roles":[{"role":"r","from":"2020","to":"2019"}]}"#,
            "ends",
        ),
        (
            r#"{"id":"person:b","type":"person","name":"B","roles":[{"role":"r","of":"state:ZZZ"}]}"#,
            "unknown id state:ZZZ",
        ),
        (
            r#"{"id":"person:b","type":"person","name":"B","colour":"red"}"#,
            "unknown field",
        ),
        (good, "duplicate id"),
        (
            r#"{"id":"person:zz","type":"person","name":"Z","extends":true}"#,
            "extends unknown id",
        ),
        (
            r#"{"id":"person:b","type":"person","name":"B","gender":"x"}"#,
            "gender",
        ),
    ];
    for (bad, why) in cases {
        let text = format!("# comment\n{good}\n{bad}\n");
        let errs = Kb::from_sources(&[("user.jsonl", &text)]).expect_err(bad);
        let e = &errs[0];
        assert_eq!(e.file, "user.jsonl");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains(why), "{bad}: {e}");
    }
}

/// The generated files are what the converter makes from ../shared/data/kb-sources.
#[test]
fn converter_reproduces_generated_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sources = root.join("../shared/data/kb-sources");
    if !sources.exists() {
        assert!(
            std::env::var_os("DEMARCHE_REQUIRE_SHARED").is_none(),
            "missing {}",
            sources.display()
        );
        eprintln!("SKIPPED: {} is missing", sources.display());
        return;
    }
    let out = std::env::temp_dir().join(format!("demarche-kb-{}", std::process::id()));
    let curated = std::fs::read_to_string(root.join("kb/curated/organisations.jsonl")).unwrap();
    demarche_kb::convert::convert(&sources, &out, Some(&curated)).unwrap();
    for f in [
        "states.jsonl",
        "places.jsonl",
        "organisations.jsonl",
        "persons.jsonl",
    ] {
        let a = std::fs::read_to_string(out.join(f)).unwrap();
        let b = std::fs::read_to_string(root.join("kb/generated").join(f)).unwrap();
        assert!(
            a == b,
            "kb/generated/{f} differs from the converter's output: run `demarche kb convert`"
        );
    }
    std::fs::remove_dir_all(&out).ok();
}

/// The curated Russian officials (kb/curated/officials-rus.jsonl): a post's holder changes with
/// the date, names are found in both scripts, and generated persons are extended, not duplicated.
#[test]
fn russian_officials_by_date() {
    let kb = Kb::builtin();
    let who = |role: &str, d: &str| names(kb.holders(role, "state:RUS", day(d)));
    assert_eq!(who("press-secretary", "2005-06-01"), ["Alexei Gromov"]);
    assert_eq!(who("press-secretary", "2010-06-01"), ["Natalya Timakova"]);
    assert_eq!(who("press-secretary", "2022-03-05"), ["Dmitry Peskov"]);
    assert_eq!(who("defence-minister", "2005-06-01"), ["Sergei Ivanov"]);
    assert_eq!(who("defence-minister", "2010-06-01"), ["Anatoly Serdyukov"]);
    assert_eq!(who("defence-minister", "2021-03-01"), ["Sergei Shoigu"]);
    assert_eq!(who("defence-minister", "2025-03-01"), ["Andrei Belousov"]);
    assert_eq!(who("un-ambassador", "2002-01-01"), ["Sergey Lavrov"]);
    assert_eq!(who("un-ambassador", "2010-01-01"), ["Vitaly Churkin"]);
    assert_eq!(who("un-ambassador", "2023-01-01"), ["Vassily Nebenzia"]);
    assert_eq!(
        who("security-council-secretary", "2015-01-01"),
        ["Nikolai Patrushev"]
    );
    assert_eq!(
        who("security-council-secretary", "2025-01-01"),
        ["Sergei Shoigu"]
    );
    assert_eq!(
        who("head-of-administration", "2014-01-01"),
        ["Sergei Ivanov"]
    );
    assert_eq!(
        who("central-bank-governor", "2020-01-01"),
        ["Elvira Nabiullina"]
    );
    assert_eq!(who("head-of-state", "2000-02-01"), ["Vladimir Putin"]);
    let ambassadors: Vec<String> = kb
        .holders("ambassador", "state:RUS", day("2019-06-01"))
        .into_iter()
        .filter(|e| {
            e.roles
                .iter()
                .any(|r| r.role == "ambassador" && r.at.as_deref() == Some("state:USA"))
        })
        .map(|e| e.name.clone())
        .collect();
    assert!(
        ambassadors.contains(&"Anatoly Antonov".to_string()),
        "{ambassadors:?}"
    );
    // Both scripts, and the generated id kept for a generated person.
    for (name, id) in [
        ("Сергей Кужугетович Шойгу", "person:sergey-shoygu"),
        ("Sergei Shoigu", "person:sergey-shoygu"),
        ("Дмитрий Песков", "person:dmitry-peskov"),
        ("Минобороны", "org:RUS-DEFENCE"),
        ("Росгвардия", "org:ROSGVARDIA"),
    ] {
        let found = kb.lookup(name, Some(day("2022-03-05")));
        assert_eq!(found.first().map(|e| e.id.as_str()), Some(id), "{name}");
    }
    assert_eq!(kb.lookup("Sergei Shoigu", None).len(), 1);
}
