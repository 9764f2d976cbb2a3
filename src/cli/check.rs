//! `tandem check PROJECT`: the quality checks of a project, as text or JSON; the exit status
//! is non-zero while an error-severity issue remains, so that scripts can stop a delivery.

use super::{CliResult, read_project};
use crate::qa::{Check, Speller};
use crate::workbench::checks::{default_words_file, read_words};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

#[derive(serde::Serialize)]
struct Found<'a> {
    /// The segment's number in the document (as the window shows it).
    number: usize,
    id: crate::base::SegmentId,
    check: &'static str,
    severity: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a str>,
    key: &'a str,
}

pub fn run(project: &Path, json: bool, only: Option<&str>, words: Option<&Path>) -> CliResult {
    let checks: Option<Vec<Check>> = match only {
        None => None,
        Some(list) => Some(
            list.split(',')
                .filter(|n| !n.trim().is_empty())
                .map(|name| {
                    Check::parse(name).ok_or_else(|| {
                        format!(
                            "--only: no check named {:?}; the checks are {}",
                            name.trim(),
                            Check::ALL.map(Check::name).join(", ")
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    let mut workbench = read_project(project)?;
    let personal = match words.map(Path::to_path_buf).or_else(default_words_file) {
        Some(path) => read_words(&path)?,
        None => Vec::new(),
    };
    workbench.set_personal_words(personal);
    if checks.as_ref().is_none_or(|c| c.contains(&Check::Spelling)) {
        let speller = Speller::new(workbench.project().machine.variant)?;
        workbench.set_speller(Some(Arc::new(speller)));
    }
    let numbers: HashMap<crate::base::SegmentId, usize> = workbench
        .project()
        .segments()
        .enumerate()
        .map(|(i, s)| (s.id, i + 1))
        .collect();
    let issues: Vec<crate::qa::Issue> = workbench
        .check_all()
        .iter()
        .filter(|i| checks.as_ref().is_none_or(|c| c.contains(&i.check)))
        .cloned()
        .collect();
    let (errors, warnings) = crate::qa::count(&issues);
    if json {
        let found: Vec<Found> = issues
            .iter()
            .map(|i| Found {
                number: numbers.get(&i.segment).copied().unwrap_or(0),
                id: i.segment,
                check: i.check.name(),
                severity: i.severity.name(),
                message: &i.message,
                start: i.range.as_ref().map(|r| r.start),
                end: i.range.as_ref().map(|r| r.end),
                fix: i.fix.as_ref().map(|f| f.replacement.as_str()),
                key: &i.key,
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&found).map_err(|e| e.to_string())?
        );
    } else {
        for issue in &issues {
            let number = numbers.get(&issue.segment).copied().unwrap_or(0);
            let fix = issue
                .fix
                .as_ref()
                .map(|f| format!(" (fix: “{}”)", f.replacement))
                .unwrap_or_default();
            println!(
                "{number:>4}  {:<7}  {:<24}  {}{fix}",
                issue.severity.name(),
                issue.check.name(),
                issue.message
            );
        }
        let segments: std::collections::BTreeSet<_> = issues.iter().map(|i| i.segment).collect();
        println!(
            "{errors} errors, {warnings} warnings in {} of {} segments",
            segments.len(),
            workbench.project().segment_count()
        );
    }
    if errors > 0 {
        return Err(format!(
            "{errors} error{} to fix, ignore or switch off before delivery",
            if errors == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}
