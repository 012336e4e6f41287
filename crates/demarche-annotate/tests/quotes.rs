//! Attributions: every quotation form in English and Russian, speakers resolved through the
//! KB and coreference, nested reporting chains, speaker turns.

use std::sync::OnceLock;

use demarche_annotate::entities::DocInfo;
use demarche_annotate::pipeline::{parse_date, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(demarche_kb::Kb::builtin()))
}

#[derive(Debug)]
struct Q {
    form: &'static str,
    source: String,
    cue: String,
    content: String,
    speaker: Option<String>,
    parent: Option<usize>,
}

fn quotes(text: &str) -> Vec<Q> {
    let p = pipeline();
    let info = DocInfo {
        date: parse_date("2023-06-01"),
        outlet: None,
        lang: None,
        ..Default::default()
    };
    let l = p.run(text, &info);
    l.quotes
        .iter()
        .map(|q| Q {
            form: q.form.name(),
            source: q.source.map_or(String::new(), |s| text[s.range()].into()),
            cue: q.cue.map_or(String::new(), |s| text[s.range()].into()),
            content: text[q.content.range()].into(),
            speaker: q.speaker.map(|k| p.kb().entities()[k as usize].id.clone()),
            parent: q.parent,
        })
        .collect()
}

fn one(text: &str) -> Q {
    let mut qs = quotes(text);
    assert_eq!(qs.len(), 1, "{text}: {qs:#?}");
    qs.remove(0)
}

const ZAKHAROVA: &str = "person:maria-zakharova";
const LAVROV: &str = "person:sergey-lavrov";
const PUTIN: &str = "person:vladimir-putin";

#[test]
fn direct_quotations_in_every_mark_style() {
    for (open, close) in [
        ("“", "”"),
        ("\"", "\""),
        ("«", "»"),
        ("„", "“"),
        ("‹", "›"),
        ("‘", "’"),
        ("'", "'"),
    ] {
        let text =
            format!("{open}We will not leave this without an answer,{close} Maria Zakharova said.");
        let q = one(&text);
        assert_eq!(q.form, "direct", "{text}");
        assert_eq!(q.cue, "said");
        assert_eq!(q.source, "Maria Zakharova");
        assert!(
            q.content.starts_with(open) && q.content.ends_with(close),
            "{q:?}"
        );
        assert_eq!(q.speaker.as_deref(), Some(ZAKHAROVA));
    }
}

#[test]
fn colon_introduced_and_nested_quotes() {
    let q = one("Lavrov said: \"The so-called ‘rules-based order’ is a fiction.\"");
    assert_eq!(q.form, "direct");
    assert!(q.content.contains("‘rules-based order’"));
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
    let q =
        one("Президент России Владимир Путин заявил: «Мы никогда не откажемся от „своих“ людей».");
    assert_eq!(q.content, "«Мы никогда не откажемся от „своих“ людей»");
    assert_eq!(q.cue, "заявил");
    assert_eq!(q.speaker.as_deref(), Some(PUTIN));
}

#[test]
fn partial_quote_inside_reported_speech() {
    let qs = quotes(
        "Lavrov called it “a step in the right direction”, adding that more work was needed.",
    );
    // the object the quotation describes is part of what is reported
    assert_eq!(qs[0].content, "it “a step in the right direction”");
    assert_eq!(qs[0].speaker.as_deref(), Some(LAVROV));
    // the participle reuses the subject of the main clause
    assert_eq!(qs[1].cue, "adding");
    assert_eq!(qs[1].content, "that more work was needed");
    assert_eq!(qs[1].speaker.as_deref(), Some(LAVROV));
}

#[test]
fn quotation_over_several_paragraphs_and_interrupted_by_its_cue() {
    let text = "“We will respond,” Zakharova said. “The West knows this.\n\n\
                “And it will not go unanswered,” she added.";
    let qs = quotes(text);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(qs[1].cue, "added");
    assert!(qs[1].content.starts_with("“The West") && qs[1].content.ends_with("unanswered,”"));
    // the pronoun resolves to Zakharova
    assert_eq!(qs[1].speaker.as_deref(), Some(ZAKHAROVA));
    let qs = quotes("“We will respond,” Zakharova said. “The West knows this.”");
    assert_eq!(qs.len(), 1);
    assert_eq!(
        qs[0].content,
        "“We will respond,” Zakharova said. “The West knows this.”"
    );
}

#[test]
fn indirect_speech_in_english() {
    let q = one("Maria Zakharova said that Kiev had violated the agreement.");
    assert_eq!((q.form, q.cue.as_str()), ("indirect", "said"));
    assert_eq!(q.content, "that Kiev had violated the agreement");
    let qs = quotes("Lavrov spoke in Minsk. According to him, the West is responsible.");
    assert_eq!(qs[0].cue, "According to");
    assert_eq!(qs[0].content, "the West is responsible");
    assert_eq!(qs[0].speaker.as_deref(), Some(LAVROV));
    let q = one("As Lavrov noted, Russia is ready for dialogue.");
    assert_eq!(q.content, "Russia is ready for dialogue");
    let q = one("Russia urges the United States to stop supplying weapons to Kiev.");
    assert_eq!(q.cue, "urges");
    assert_eq!(q.speaker.as_deref(), Some("state:RUS"));
    assert!(q.content.ends_with("to stop supplying weapons to Kiev"));
    let q = one("The spokeswoman pointed out that the sanctions had failed.");
    assert_eq!(q.cue, "pointed out");
}

#[test]
fn role_mentions_and_pronouns_resolve_to_the_speaker() {
    let qs = quotes(
        "Russian Foreign Ministry spokeswoman Maria Zakharova commented on the incident. \
         The diplomat stressed that Moscow would respond. She added that the talks were over.",
    );
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert!(qs.iter().all(|q| q.speaker.as_deref() == Some(ZAKHAROVA)));
}

#[test]
fn indirect_speech_in_russian() {
    let qs = quotes(
        "Захарова заявила, что Киев нарушил соглашение. «Это провокация», — подчеркнула она.",
    );
    assert_eq!(qs.len(), 2, "{qs:#?}");
    // the reported clause without its conjunction «что»
    assert_eq!(qs[0].content, "Киев нарушил соглашение");
    assert_eq!(qs[1].form, "direct");
    assert_eq!(qs[1].source, "она");
    assert!(qs.iter().all(|q| q.speaker.as_deref() == Some(ZAKHAROVA)));
    let q = one("По словам Лаврова, переговоры продолжатся.");
    assert_eq!(q.content, "переговоры продолжатся");
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
    let q = one("Как отметил Лавров, Россия готова к диалогу.");
    assert_eq!(q.content, "Россия готова к диалогу");
    // an appeal's content is what is asked, without the addressee
    let q = one("Россия призывает США прекратить поставки оружия.");
    assert_eq!(q.content, "прекратить поставки оружия");
}

#[test]
fn an_institution_issues_a_statement() {
    let q =
        one("\"Kiev must stop the shelling,\" the Russian Foreign Ministry said in a statement.");
    assert_eq!(q.source, "the Russian Foreign Ministry");
    assert_eq!(q.speaker.as_deref(), Some("org:MFA-RUS"));
}

#[test]
fn nested_reporting_chain_keeps_every_level() {
    let qs = quotes(
        "TASS quoted Zakharova as saying that Lavrov had told Wang Yi that Moscow was ready for talks.",
    );
    assert_eq!(qs.len(), 3, "{qs:#?}");
    let by = |id: &str| {
        qs.iter()
            .position(|q| q.speaker.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("{id} missing: {qs:#?}"))
    };
    let (outlet, zakharova, lavrov) = (by("org:TASS"), by(ZAKHAROVA), by(LAVROV));
    assert_eq!(qs[outlet].parent, None);
    assert_eq!(qs[zakharova].parent, Some(outlet));
    assert_eq!(qs[lavrov].parent, Some(zakharova));
    assert_eq!(qs[lavrov].content, "that Moscow was ready for talks");
}

#[test]
fn transcript_turns_and_posts() {
    let text = "Sergey Lavrov: We are ready to continue the dialogue with our partners.\n\n\
                Question: What about the sanctions against Russia?\n\n\
                Sergey Lavrov: They have failed, and everyone can see it.";
    let qs = quotes(text);
    assert_eq!(qs.len(), 3, "{qs:#?}");
    assert!(qs.iter().all(|q| q.form == "turn"));
    assert_eq!(qs[0].speaker.as_deref(), Some(LAVROV));
    assert_eq!(qs[1].source, "Question");
    assert_eq!(qs[1].speaker, None);
    assert_eq!(qs[2].content, "They have failed, and everyone can see it.");
    let q = one("💬 Vladimir Putin: We will never abandon our people in Donbass.");
    assert_eq!((q.form, q.speaker.as_deref()), ("turn", Some(PUTIN)));
    let qs = quotes(
        "Вопрос: Как вы оцениваете ситуацию в Сирии и перспективы переговоров?\n\n\
         Сергей Лавров: Мы готовы продолжать диалог с нашими партнерами на основе уважения.",
    );
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(qs[0].source, "Вопрос");
    assert_eq!(qs[1].speaker.as_deref(), Some(LAVROV));
}

#[test]
fn titles_and_scare_quotes_are_not_quotations() {
    assert!(quotes("He said he watched “Fox News Sunday” yesterday.")
        .iter()
        .all(|q| !q.content.starts_with('“')));
    assert!(quotes("The pipeline «Северный поток» was damaged in September.").is_empty());
    assert!(quotes("The so-called “peace plan” was never discussed.").is_empty());
}

#[test]
fn learned_cues_reach_beyond_the_verbs_of_saying() {
    // a stance verb of the train split's cues, not of the hand lexicon
    let q = one("Mr. Putin blamed the tumble in oil prices on speculators.");
    assert_eq!((q.source.as_str(), q.cue.as_str()), ("Mr. Putin", "blamed"));
    assert_eq!(q.content, "the tumble in oil prices on speculators");
    // a statement of fact holds no cue
    assert!(quotes("Republicans now control both chambers in 30 states.").is_empty());
}

#[test]
fn a_subject_pronoun_after_an_adjunct_opens_the_reported_clause() {
    let q = one("The governor said on Friday he would sign the bill.");
    assert_eq!(q.cue, "said");
    assert_eq!(q.content, "he would sign the bill");
}

#[test]
fn a_contracted_subject_opens_the_reported_clause() {
    for (text, content) in [
        (
            "The senator said he’ll support the party’s nominee.",
            "he’ll support the party’s nominee",
        ),
        (
            "The ministers said they're ready to resume the talks.",
            "they're ready to resume the talks",
        ),
    ] {
        let q = one(text);
        assert_eq!((q.form, q.cue.as_str()), ("indirect", "said"), "{text}");
        assert_eq!(q.content, content, "{text}");
    }
}

#[test]
fn signed_quotations_and_transcripts_in_capitals() {
    let q = one("“We will not be intimidated by anyone.” ― Anna Petrova.\n");
    assert_eq!((q.form, q.cue.as_str()), ("direct", "―"));
    assert_eq!(q.source, "Anna Petrova");
    assert_eq!(q.content, "“We will not be intimidated by anyone.”");
    let t = "WALLACE: Let me ask you about the debate tonight, governor.\n\
             PENCE: We are ready for it and we expect a very good night.\n\
             WALLACE: Will the candidate attend the dinner afterwards?\n";
    let turns: Vec<String> = quotes(t)
        .into_iter()
        .filter(|q| q.form == "turn")
        .map(|q| q.source)
        .collect();
    assert_eq!(turns, ["WALLACE", "PENCE", "WALLACE"]);
    // one line in capitals is a heading, not a transcript
    assert!(
        quotes("BREAKING: Talks resumed in Geneva on Monday after a pause.\n")
            .iter()
            .all(|q| q.form != "turn")
    );
}

#[test]
fn a_short_capitalised_quotation_before_a_cue_is_speech() {
    // a title would not open the sentence and end in a comma before "said"
    let q = one("“Like Oakland,” Lavrov said.");
    assert_eq!(q.content, "“Like Oakland,”");
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
}

#[test]
fn words_a_quotation_completes_belong_to_its_content() {
    let q = one("The bill's failure was “heartbreaking,” Zakharova said.");
    assert_eq!(q.content, "The bill's failure was “heartbreaking,”");
    assert_eq!(q.form, "mixed");
}

#[test]
fn a_verb_inside_a_quotation_does_not_report_past_its_marks() {
    let q = one("“Let me tell you the facts,” Lavrov said after a brief “I'm sorry” to Wang.");
    assert_eq!(q.content, "“Let me tell you the facts,”");
    assert_eq!(q.source, "Lavrov");
    // an inverted source followed by a relative clause, not an embedded question
    let q = one("“Is this a step forward?” asked Sergey Lavrov, who wants a commission.");
    assert_eq!(q.content, "“Is this a step forward?”");
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
}

#[test]
fn a_long_apposition_between_quotation_and_verb_is_the_source() {
    let q = one("“We will not accept it,” Maria Zakharova, 48, the spokeswoman of the ministry in Moscow, Russia, said on Thursday.");
    assert_eq!(
        q.source,
        "Maria Zakharova, 48, the spokeswoman of the ministry in Moscow, Russia"
    );
    assert_eq!(q.speaker.as_deref(), Some(ZAKHAROVA));
    let q = one("''It is over,'' Sergey Lavrov, Russia’s foreign minister, said.");
    assert_eq!(q.source, "Sergey Lavrov, Russia’s foreign minister");
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
}

#[test]
fn the_complement_a_quotation_completes_is_content_but_adjuncts_are_not() {
    let q = one("Lavrov mocked Blinken for “having a tough night” after the vote.");
    assert_eq!(
        q.content,
        "Blinken for “having a tough night” after the vote"
    );
    let q = one("Lavrov said on Tuesday “we will not accept that.”");
    assert_eq!(q.content, "“we will not accept that.”");
    // a weekday after the verb is an adjunct, not the subject of the reported clause
    let q = one("Zakharova said Wednesday, “There are discussions between the ministries.”");
    assert_eq!(q.content, "“There are discussions between the ministries.”");
}

#[test]
fn a_cue_interrupting_a_clause_that_a_quotation_completes() {
    let q = one("An economic downturn, Lavrov said, “could be a good time to borrow.”");
    assert_eq!(
        q.content,
        "An economic downturn, Lavrov said, “could be a good time to borrow.”"
    );
    // a colon before the quotation: what precedes it is not reported
    let qs = quotes(
        "Zakharova followed up by lamenting the churn: “There is just a ton of work,” she said.",
    );
    let q = qs.iter().find(|q| q.cue == "said").expect("said");
    assert_eq!(q.content, "“There is just a ton of work,”");
}

#[test]
fn a_closing_mark_spaced_from_the_single_mark_it_closes_over() {
    let q = one("\"They treat it like, 'Oh, this is important,' \" Lavrov said at the rally.");
    assert_eq!(
        q.content,
        "\"They treat it like, 'Oh, this is important,' \""
    );
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
}

#[test]
fn one_statement_reported_twice_by_one_source_is_one_attribution() {
    let qs = quotes("“We will not accept it,” Lavrov said, adding “this is final.”");
    let final_ = qs.iter().filter(|q| q.content.contains("final")).count();
    assert!(final_ <= 1, "{qs:#?}");
    let q = one("“This is a step back,” said Zakharova, who added more later.");
    assert_eq!(q.source, "Zakharova");
}

#[test]
fn an_inverted_source_may_open_with_a_lower_case_role() {
    let q = one("“Over time, there has been a lot of talk about that,” said former foreign minister Sergey Lavrov.");
    assert_eq!(q.source, "former foreign minister Sergey Lavrov");
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
    // a closing mark typed as an opening one
    let q = one("“It is unusual,“ said Lavrov. “It is a hard thing to do.”");
    assert!(q.content.ends_with("hard thing to do.”"), "{q:?}");
}

#[test]
fn a_participle_in_an_adjunct_reports_for_the_subject() {
    let q = one("Lavrov ended the talk by saying “We will see.”");
    assert_eq!(q.source, "Lavrov");
    assert_eq!(q.speaker.as_deref(), Some(LAVROV));
}

#[test]
fn a_document_as_source_speaks_for_its_author() {
    // the author named where the document first appears, by an attribution or as the subject
    let qs = quotes(
        "Vladimir Putin wrote an essay on history last year. He argued that the nations share \
         a past. The essay claims that the border was drawn by chance.",
    );
    let q = qs
        .iter()
        .find(|q| q.source == "The essay")
        .expect("essay source");
    assert_eq!(q.speaker.as_deref(), Some(PUTIN), "{qs:#?}");
    let qs = quotes(
        "Sergey Lavrov sent a letter to the OSCE on Monday. The letter says that the sides must \
         talk.",
    );
    let q = qs
        .iter()
        .find(|q| q.source == "The letter")
        .expect("letter source");
    assert_eq!(q.speaker.as_deref(), Some(LAVROV), "{qs:#?}");
    // no earlier use of the noun: no author
    let q = one("The report says that prices rose by a third.");
    assert_eq!(q.speaker, None);
}

#[test]
fn a_cue_with_a_colon_takes_the_quotation_of_the_next_paragraph() {
    let q = quotes("Senator Alma Quist said:\n\n\"There are areas where more work is needed.\"\n");
    let d: Vec<&Q> = q.iter().filter(|q| q.form == "direct").collect();
    assert_eq!(d.len(), 1, "{q:?}");
    assert_eq!(
        d[0].content,
        "\"There are areas where more work is needed.\""
    );
    assert_eq!(d[0].source, "Senator Alma Quist");
    let q =
        quotes("Депутат Ростислав Жмыхов заявил:\n\n«Есть сферы, где нужна сверхурочная работа».");
    let d: Vec<&Q> = q.iter().filter(|q| q.form == "direct").collect();
    assert_eq!(d.len(), 1, "{q:?}");
    assert!(d[0].content.starts_with("«Есть сферы"), "{q:?}");
    // reported speech that ends in the colon is its own attribution, of the same source
    let q = quotes(
        "По словам депутата Ростислава Жмыхова, это даст импульс туризму:\n\n«Семьи смогут \
         уехать раньше».\n\nДругая новость.",
    );
    let forms: Vec<(&str, &str)> = q.iter().map(|q| (q.form, q.content.as_str())).collect();
    assert!(
        forms.contains(&("indirect", "это даст импульс туризму")),
        "{forms:?}"
    );
    assert!(
        forms.contains(&("direct", "«Семьи смогут уехать раньше»")),
        "{forms:?}"
    );
}

#[test]
fn a_quotation_before_x_quoted_y_as_saying_is_ys_reported_by_x() {
    let q = quotes("\"We will keep the border open,\" Reuters quoted Halvard Brekke as saying.");
    assert!(
        q.iter().all(|q| !q.content.contains("as saying")),
        "the object of 'quoted' is no content: {q:?}"
    );
    let inner = q
        .iter()
        .find(|q| q.source == "Halvard Brekke")
        .unwrap_or_else(|| panic!("{q:?}"));
    assert_eq!(inner.content, "\"We will keep the border open,\"");
    assert_eq!(inner.form, "direct");
    assert!(q
        .iter()
        .any(|q| q.source == "Reuters" && q.content == inner.content));
}
