//! TBX: reading TBX 2008 (`martif`, `termEntry`/`langSet`/`tig`) and TBX v3 (`tbx`,
//! `conceptEntry`/`langSec`/`termSec`, TBX-Basic), writing TBX v3 TBX-Basic.
//!
//! Each German term of an entry becomes a [`Term`] whose renderings are the entry's English
//! terms. TBX has no place for Tandem's kinds and declared forms beyond a part of speech, so
//! they travel as notes (`kind: place`, `forms: Bänke`) that this reader understands; a
//! translator's own note that happens to start with `kind:`, `forms:` or `note:` is written
//! behind a `note: ` prefix, which the reader takes off again.

use super::{Glossary, GlossaryError, Kind, Read, Term};
use crate::base::Diagnostic;
use crate::base::xml::{self, Element, escape};
use std::fmt::Write;

pub fn read(bytes: &[u8], name: &str, source: &str, target: &str) -> Result<Read, GlossaryError> {
    let root = xml::parse_bytes(bytes)?;
    let (entry_name, section_name) = match root.name.as_str() {
        "martif" => ("termEntry", "langSet"),
        "tbx" => ("conceptEntry", "langSec"),
        other => {
            return Err(GlossaryError::Other(format!(
                "not a TBX file: the root element is <{other}>"
            )));
        }
    };
    let mut entries = Vec::new();
    root.descendants(entry_name, &mut entries);
    // A file without entries is an empty glossary; one with entries of
    // which none is German → English is worth a word.
    let has_entries = !entries.is_empty();
    let mut terms = Vec::new();
    let mut diagnostics = Vec::new();
    let mut languages = std::collections::BTreeSet::new();
    for entry in entries {
        let sections: Vec<&Element> = entry.children_named(section_name).collect();
        let lang = |s: &Element| {
            s.attribute("xml:lang")
                .or_else(|| s.attribute("lang"))
                .unwrap_or("")
                .to_ascii_lowercase()
        };
        for section in &sections {
            languages.insert(lang(section));
        }
        let in_language = |code: &str| {
            sections
                .iter()
                .filter(move |s| {
                    let l = lang(s);
                    l == code || l.starts_with(&format!("{code}-"))
                })
                .flat_map(|s| term_groups(s))
                .collect::<Vec<_>>()
        };
        let (forbidden, targets): (Vec<TermGroup>, Vec<TermGroup>) = in_language(target)
            .into_iter()
            .filter(|g| !g.text.is_empty())
            .partition(|g| g.deprecated);
        let targets: Vec<String> = targets.into_iter().map(|g| g.text).collect();
        let forbidden: Vec<String> = forbidden.into_iter().map(|g| g.text).collect();
        if targets.is_empty() {
            continue;
        }
        let entry_note = notes_of(entry);
        for group in in_language(source) {
            if group.text.is_empty() {
                continue;
            }
            let mut term = Term {
                targets: targets.clone(),
                forbidden: forbidden.clone(),
                ..Term::new(&group.text, "", Kind::Other)
            };
            let mut notes = Vec::new();
            for note in entry_note.iter().chain(&group.notes) {
                if let Some(kind) = note.strip_prefix("kind:") {
                    term.kind = Kind::parse(kind).unwrap_or_else(|| {
                        diagnostics.push(Diagnostic::warning(format!(
                            "term {:?}: unknown kind {:?}, read as other",
                            crate::base::excerpt(&group.text, 40),
                            crate::base::excerpt(kind.trim(), 40)
                        )));
                        Kind::Other
                    });
                } else if let Some(forms) = note.strip_prefix("forms:") {
                    term.forms = forms.split(',').map(|f| f.trim().to_string()).collect();
                } else if let Some(own) = note.strip_prefix("note: ") {
                    notes.push(own.to_string());
                } else {
                    notes.push(note.clone());
                }
            }
            if term.kind == Kind::Other && group.part_of_speech.as_deref() == Some("adjective") {
                term.kind = Kind::Adjective;
            }
            term.note = notes.join("; ");
            terms.push(term);
        }
    }
    if terms.is_empty() && has_entries {
        let found: Vec<String> = languages.into_iter().filter(|l| !l.is_empty()).collect();
        diagnostics.push(Diagnostic::warning(format!(
            "no {source} → {target} entries (languages in the file: {})",
            if found.is_empty() {
                "none".to_string()
            } else {
                crate::base::excerpt(&found.join(", "), 200)
            }
        )));
    }
    Ok(Read {
        glossary: Glossary::from_read_terms(name, terms, &mut diagnostics),
        diagnostics,
    })
}

struct TermGroup {
    text: String,
    part_of_speech: Option<String>,
    notes: Vec<String>,
    /// `deprecatedTerm-admn-sts` or `supersededTerm-admn-sts`: a rendering not to use.
    deprecated: bool,
}

/// The terms of a language section: `tig`/`ntig` (2008) or `termSec` (v3).
fn term_groups(section: &Element) -> Vec<TermGroup> {
    let mut groups = Vec::new();
    for child in section.elements() {
        let holder = match child.name.as_str() {
            "tig" | "termSec" => child,
            "ntig" => child.child("termGrp").unwrap_or(child),
            _ => continue,
        };
        let Some(term) = holder.child("term") else {
            continue;
        };
        let mut part_of_speech = None;
        let mut deprecated = false;
        let mut all = Vec::new();
        child.descendants("termNote", &mut all);
        for note in all {
            match note.attribute("type") {
                Some("partOfSpeech") => part_of_speech = Some(note.text().trim().to_string()),
                Some("administrativeStatus") => {
                    deprecated |= matches!(
                        note.text().trim(),
                        "deprecatedTerm-admn-sts" | "supersededTerm-admn-sts"
                    )
                }
                _ => {}
            }
        }
        let mut pos_elements = Vec::new();
        child.descendants("partOfSpeech", &mut pos_elements);
        if let Some(pos) = pos_elements.first() {
            part_of_speech = Some(pos.text().trim().to_string());
        }
        groups.push(TermGroup {
            text: term.text().trim().to_string(),
            part_of_speech,
            notes: notes_of(child),
            deprecated,
        });
    }
    groups
}

/// `note` children and definitions of an element.
fn notes_of(element: &Element) -> Vec<String> {
    element
        .elements()
        .filter(|e| {
            e.name == "note"
                || (e.name == "descrip" && e.attribute("type") == Some("definition"))
                || e.name == "definition"
        })
        .map(|e| e.text().trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// TBX v3, TBX-Basic dialect, DCA style.
pub fn write(glossary: &Glossary, source: &str, target: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{target}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>{}, written by Tandem</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n",
        escape(&glossary.name)
    );
    for term in &glossary.terms {
        let _ = writeln!(out, "      <conceptEntry id=\"t{}\">", term.id.0);
        let part_of_speech = match term.kind {
            Kind::Adjective => "adjective",
            Kind::Person | Kind::Place | Kind::Organisation => "properNoun",
            Kind::Title | Kind::Other => "noun",
        };
        let _ = write!(
            out,
            "        <langSec xml:lang=\"{source}\">\n          <termSec>\n            <term>{}</term>\n            <termNote type=\"partOfSpeech\">{part_of_speech}</termNote>\n",
            escape(&term.source)
        );
        let _ = writeln!(out, "            <note>kind: {}</note>", term.kind.name());
        if !term.forms.is_empty() {
            let _ = writeln!(
                out,
                "            <note>forms: {}</note>",
                escape(&term.forms.join(", "))
            );
        }
        if !term.note.is_empty() {
            let reserved = ["kind:", "forms:", "note: "]
                .iter()
                .any(|p| term.note.starts_with(p));
            let prefix = if reserved { "note: " } else { "" };
            let _ = writeln!(
                out,
                "            <note>{prefix}{}</note>",
                escape(&term.note)
            );
        }
        out.push_str("          </termSec>\n        </langSec>\n");
        let _ = writeln!(out, "        <langSec xml:lang=\"{target}\">");
        for rendering in &term.targets {
            let _ = write!(
                out,
                "          <termSec>\n            <term>{}</term>\n          </termSec>\n",
                escape(rendering)
            );
        }
        for rendering in &term.forbidden {
            let _ = write!(
                out,
                "          <termSec>\n            <term>{}</term>\n            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>\n          </termSec>\n",
                escape(rendering)
            );
        }
        out.push_str("        </langSec>\n      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_kinds_forms_notes_and_renderings() {
        let mut glossary = Glossary::from_terms(
            "g",
            vec![
                Term::new("Kiew", "Kyiv", Kind::Place),
                Term::new("russisch", "Russian", Kind::Adjective),
                Term::new("Bank & Co", "bank <x>", Kind::Other),
            ],
        );
        glossary.terms[0].targets.push("Kiev".into());
        glossary.terms[0].note = "capital of Ukraine".into();
        glossary.terms[2].forms = vec!["Bänke".into()];
        glossary.terms[0].forbidden.push("Kiew".into());
        let again = read(write(&glossary, "de", "en").as_bytes(), "g", "de", "en").unwrap();
        assert!(again.diagnostics.is_empty());
        assert_eq!(again.glossary.terms, glossary.terms);
    }

    #[test]
    fn notes_that_look_like_tandem_fields_stay_notes() {
        let mut glossary = Glossary::from_terms(
            "g",
            vec![
                Term::new("Kiew", "Kyiv", Kind::Place),
                Term::new("Bank", "bank", Kind::Other),
                Term::new("Rom", "Rome", Kind::Place),
            ],
        );
        glossary.terms[0].note = "kind: person".into();
        glossary.terms[1].note = "forms: x, y".into();
        glossary.terms[2].note = "note: keep".into();
        let again = read(write(&glossary, "de", "en").as_bytes(), "g", "de", "en").unwrap();
        assert_eq!(again.glossary.terms, glossary.terms);
    }

    #[test]
    fn an_unknown_kind_is_reported() {
        let text = r#"<tbx><text><body><conceptEntry><langSec xml:lang="de"><termSec><term>Kiew</term><note>kind: capital-city</note></termSec></langSec><langSec xml:lang="en"><termSec><term>Kyiv</term></termSec></langSec></conceptEntry></body></text></tbx>"#;
        let read = read(text.as_bytes(), "g", "de", "en").unwrap();
        assert_eq!(read.glossary.terms[0].kind, Kind::Other);
        assert!(
            read.diagnostics[0].message.contains("capital-city"),
            "{:?}",
            read.diagnostics
        );
    }

    #[test]
    fn tbx_2008_martif() {
        let text = r#"<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="1"><descrip type="definition">A fold.</descrip>
<langSet xml:lang="de-DE"><tig><term>Zickzackfalz</term><termNote type="partOfSpeech">noun</termNote></tig></langSet>
<langSet xml:lang="en"><ntig><termGrp><term>accordion fold</term></termGrp></ntig><tig><term>zigzag fold</term></tig></langSet>
</termEntry></body></text></martif>"#;
        let read = read(text.as_bytes(), "g", "de", "en").unwrap();
        let term = &read.glossary.terms[0];
        assert_eq!(term.source, "Zickzackfalz");
        assert_eq!(term.targets, ["accordion fold", "zigzag fold"]);
        assert_eq!(term.note, "A fold.");
    }

    #[test]
    fn other_language_pairs_give_a_warning() {
        let text = r#"<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>a</term></tig></langSet><langSet xml:lang="hu"><tig><term>b</term></tig></langSet></termEntry></body></text></martif>"#;
        let read = read(text.as_bytes(), "g", "de", "en").unwrap();
        assert!(read.glossary.terms.is_empty());
        assert!(
            read.diagnostics[0].message.contains("en, hu"),
            "{:?}",
            read.diagnostics
        );
    }

    #[test]
    fn an_empty_glossary_reads_back_silently() {
        let empty = Glossary::from_terms("g", Vec::new());
        let again = read(write(&empty, "de", "en").as_bytes(), "g", "de", "en").unwrap();
        assert!(again.glossary.terms.is_empty());
        assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
    }
}
