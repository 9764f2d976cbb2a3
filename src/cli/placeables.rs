//! `tandem placeables TEXT_OR_ARTICLE`: what is recognised as a number, date, time, amount,
//! ordinal or range, and how it is written in English.

use super::{CliResult, RuleArgs, project_or_article};
use crate::model::Variant;
use crate::placeables::find;
use std::path::Path;

#[derive(serde::Serialize)]
struct Found<'a> {
    start: usize,
    end: usize,
    german: &'a str,
    kind: &'static str,
    english: String,
}

#[derive(serde::Serialize)]
struct Segment<'a> {
    segment: Option<crate::base::SegmentId>,
    source: &'a str,
    placeables: Vec<Found<'a>>,
}

pub fn run(input: &str, json: bool, variant: Option<&str>) -> CliResult {
    let path = Path::new(input);
    let (texts, default_variant): (Vec<(Option<crate::base::SegmentId>, String)>, Variant) =
        if path.is_file() {
            let project = project_or_article(
                path,
                &RuleArgs {
                    rules: None,
                    srx: None,
                },
            )?;
            let variant = project.machine.variant;
            (
                project
                    .segments()
                    .map(|s| (Some(s.id), s.source.clone()))
                    .collect(),
                variant,
            )
        } else {
            (vec![(None, input.to_string())], Variant::default())
        };
    let variant = match variant {
        Some(tag) => {
            Variant::parse(tag).ok_or_else(|| format!("--variant {tag}: use en-US or en-GB"))?
        }
        None => default_variant,
    };
    let mut report = Vec::new();
    for (id, text) in &texts {
        let placeables: Vec<Found> = find(text, variant)
            .into_iter()
            .map(|p| Found {
                start: p.range.start,
                end: p.range.end,
                german: &text[p.range.clone()],
                kind: p.kind.name(),
                english: p.english,
            })
            .collect();
        if !placeables.is_empty() || id.is_none() {
            report.push(Segment {
                segment: *id,
                source: text,
                placeables,
            });
        }
    }
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serialises")
        );
        return Ok(());
    }
    for segment in &report {
        for found in &segment.placeables {
            match segment.segment {
                Some(id) => outln!("{id}\t{}\t{}\t{}", found.kind, found.german, found.english),
                None => outln!("{}\t{}\t{}", found.kind, found.german, found.english),
            }
        }
    }
    Ok(())
}
