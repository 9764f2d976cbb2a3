//! Every reader and renderer takes arbitrary input without panicking: bytes of any kind,
//! text made of the characters markup is made of, and the shapes the robustness probe found
//! (huge fields, thousands of columns, deep nesting, unbalanced quotes, repeated pieces).
//! Each either returns a result or an error; a panic fails the test with the input.

use proptest::prelude::*;
use tandem::base::{decode, sniff, xml};
use tandem::formats::{import_article, inline, xliff};
use tandem::glossary::{self, Format, Glossary, Kind, Matcher, Term};
use tandem::segment::{Segmenter, srx};

/// Characters that markup, glossary and rule formats give meaning to, plus some German.
const ALPHABET: &str =
    "<>/&;#\"'=[]()*_`\\-!?.,:|{}\t\n\r ab zäöüß€…„“»«©0123456789PK\u{0}\u{1}\u{feff}";

fn speller() -> &'static tandem::qa::Speller {
    static SPELLER: std::sync::OnceLock<tandem::qa::Speller> = std::sync::OnceLock::new();
    SPELLER.get_or_init(|| tandem::qa::Speller::new(tandem::model::Variant::American).unwrap())
}

fn markupish() -> impl Strategy<Value = String> {
    let chars: Vec<char> = ALPHABET.chars().collect();
    prop::collection::vec(prop::sample::select(chars), 0..600).prop_map(|v| v.into_iter().collect())
}

/// Figures, separators and the words around them, in any order.
fn numbers() -> impl Strategy<Value = String> {
    let pieces = vec![
        "1",
        "19",
        "2024",
        ".",
        ",",
        " ",
        "-",
        "–",
        "/",
        ":",
        "%",
        "€",
        "Euro",
        "Mrd.",
        "Uhr",
        "Juni",
        "am ",
        "bis",
        "Prozent",
        "+49",
        "v",
        "Jahrhundert",
        "\u{202F}",
        "ä",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..80).prop_map(|v| v.concat())
}

/// A piece repeated many times, nested or in a row.
fn shaped() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "<a href=\"x\">",
            "<group>",
            "<g id=\"1\">",
            "[",
            "](u)",
            "*a ",
            "`",
            "\"",
            "\t",
            ",",
            "- x\n",
            "> ",
            "#",
            "&",
            "<",
            "<!--",
            "```\n",
            ". ",
            "x\n\n",
            "Präsident",
            "Putin ",
            "<termEntry>",
            "<languagerules>",
            "\u{ff}",
            "\\",
            "PK\u{3}\u{4}",
        ]),
        prop::sample::select(vec![
            "",
            "</a>",
            "</group>",
            "</g>",
            "]",
            "x",
            "\n",
            "</termEntry>",
        ]),
        1usize..3000,
    )
        .prop_map(|(open, close, n)| format!("{}x{}", open.repeat(n), close.repeat(n)))
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..800),
        markupish().prop_map(String::into_bytes),
        shaped().prop_map(String::into_bytes),
    ]
}

fn article_names() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        None,
        Some("a.txt"),
        Some("a.md"),
        Some("a.html"),
        Some("a.docx"),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn article_readers(bytes in input(), name in article_names()) {
        let _ = import_article(&bytes, name, &Segmenter::german());
    }

    #[test]
    fn decoding_and_sniffing(bytes in input()) {
        let _ = decode::decode_text(&bytes);
        let _ = decode::decode_raw(&bytes, Some("ISO-8859-1"));
        let _ = sniff::sniff(&bytes);
    }

    #[test]
    fn xml_tree_and_xliff(bytes in input()) {
        if let Ok(root) = xml::parse_bytes(&bytes) {
            let _ = root.text();
            let mut all = Vec::new();
            root.descendants("g", &mut all);
        }
        let _ = xliff::read_units(&bytes);
        let wrapped = format!(
            "<xliff version=\"1.2\"><file><body><trans-unit id=\"s1\"><source>{}</source><target>{}</target></trans-unit></body></file></xliff>",
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&bytes)
        );
        let _ = xliff::read_units(wrapped.as_bytes());
    }

    #[test]
    fn tmx_reader_tokens_score_and_differences(bytes in input(), text in prop_oneof![markupish(), shaped()]) {
        use tandem::memory::{differences, score, text as tokens, tmx};
        let path = std::path::Path::new("x.tmx");
        if let Ok(text) = tmx::xml_text(bytes.clone()) {
            let _ = tmx::read(&text, path, |_| true);
        }
        let wrapped = format!(
            "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"de\"><seg>{0}</seg></tuv><tuv xml:lang=\"en\"><seg>{0}</seg></tuv></tu></body></tmx>",
            String::from_utf8_lossy(&bytes)
        );
        let _ = tmx::read(&wrapped, path, |_| true);
        let other = String::from_utf8_lossy(&bytes).into_owned();
        let a = tokens::tokens(&text);
        let b = tokens::tokens(&other);
        // Scoring is quadratic by nature; lookups never score more than 1,000 tokens.
        let s = score::similarity(&a[..a.len().min(300)], &b[..b.len().min(300)]);
        prop_assert!((0.0..=1.0).contains(&s));
        let pieces = differences(&text, &other);
        let _ = pieces.len();
        let mut keys = Vec::new();
        let _ = tokens::content_keys(&text, &mut keys);
        let _ = tandem::memory::occurrences(&text, &text);
    }

    #[test]
    fn placeables_and_html_back_to_markup(text in prop_oneof![markupish(), shaped(), numbers()]) {
        for variant in tandem::model::Variant::ALL {
            let found = tandem::placeables::find(&text, variant);
            let mut end = 0;
            for placeable in &found {
                // In order, not overlapping, on character boundaries.
                prop_assert!(placeable.range.start >= end);
                prop_assert!(text.get(placeable.range.clone()).is_some());
                end = placeable.range.end;
            }
        }
        let _ = inline::from_html(&text);
    }

    /// Every quality check on any source and target: issues point into the target on
    /// character boundaries, and their fixes apply.
    #[test]
    fn quality_checks(
        source in prop_oneof![markupish(), shaped(), numbers()],
        target in prop_oneof![markupish(), shaped(), numbers()],
    ) {
        let mut segment = tandem::model::Segment::new(tandem::model::SegmentId(1), source.as_str());
        segment.target = target.clone();
        let placeables = tandem::placeables::find(&source, tandem::model::Variant::American);
        let settings = tandem::model::QaSettings::default();
        let words = tandem::qa::Words::default();
        let cx = tandem::qa::Context {
            variant: tandem::model::Variant::American,
            hits: &[],
            placeables: &placeables,
            speller: Some(speller()),
            words: Some(&words),
            settings: &settings,
        };
        for issue in tandem::qa::check_segment(&segment, &cx) {
            if let Some(range) = &issue.range {
                prop_assert!(target.get(range.clone()).is_some(), "{issue:?}");
            }
            if let Some(fix) = &issue.fix {
                prop_assert!(target.get(fix.range.clone()).is_some(), "{issue:?}");
            }
        }
    }

    #[test]
    fn inline_markup(text in prop_oneof![markupish(), shaped()]) {
        let html = inline::to_html(&text);
        let plain = inline::to_plain(&text);
        prop_assert!(plain.len() <= text.len() * 2 + 16);
        prop_assert!(!html.contains("<script"));
        // Escaped text renders back to itself.
        prop_assert_eq!(inline::to_plain(&inline::escape_markup(&text)), text);
    }

    #[test]
    fn glossary_readers(bytes in input()) {
        for format in [Format::Tsv, Format::Csv, Format::Tbx] {
            if let Ok(read) = glossary::read(&bytes, format, "g") {
                // Whatever was read writes and reads back.
                let written = glossary::write(&read.glossary, format).unwrap();
                let again = glossary::read(&written, format, "g").unwrap();
                prop_assert_eq!(again.glossary.terms, read.glossary.terms);
            }
        }
        let _ = Format::detect(&bytes, std::path::Path::new("g.xml"));
    }

    #[test]
    fn srx_rules_and_their_application(rules in input(), text in prop_oneof![markupish(), shaped()]) {
        let _ = srx::parse(&rules, "de-DE");
        let pattern = String::from_utf8_lossy(&rules).replace(['<', '&'], "");
        let file = format!(
            r#"<srx version="2.0"><body><languagerules><languagerule languagerulename="X"><rule break="yes"><beforebreak>{pattern}</beforebreak><afterbreak>\s</afterbreak></rule><rule break="no"><afterbreak>{pattern}</afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>"#
        );
        if let Ok((parsed, _)) = srx::parse(file.as_bytes(), "de-DE") {
            let mut segmenter = Segmenter::german();
            segmenter.add_srx_rules(parsed);
            for range in segmenter.split(&text) {
                prop_assert!(range.start < range.end && range.end <= text.len());
            }
        }
    }

    #[test]
    fn term_matching(text in prop_oneof![markupish(), shaped()], terms in prop::collection::vec((markupish(), markupish()), 0..6)) {
        let own = Glossary::from_terms(
            "own",
            terms.into_iter().map(|(s, t)| Term::new(&s, &t, Kind::Other)).collect(),
        );
        let mut glossaries = vec![own];
        glossaries.extend(glossary::defaults::glossaries());
        let matcher = Matcher::from_glossaries(&glossaries);
        let hits = matcher.find(&text);
        let mut end = 0;
        for hit in &hits {
            prop_assert!(hit.range.start >= end && hit.range.end <= text.len());
            prop_assert!(text.is_char_boundary(hit.range.start) && text.is_char_boundary(hit.range.end));
            end = hit.range.end;
        }
    }
}
