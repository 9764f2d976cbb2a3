//! A local program as the engine, for offline systems a translator installs (an Argos
//! Translate or Marian command line, a script around a local model): Tandem starts it, writes
//! one German sentence per line on its standard input, closes it, and reads one English
//! line per sentence from its standard output. A program that takes longer than the timeout
//! is stopped; one that answers with the wrong number of lines or fails gets a clear error
//! with the start of what it wrote to standard error. Nothing leaves the machine.

use super::{Batch, Engine, EngineConfig, MtError, answer};
use std::io::{Read, Write};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

const ENGINE: &str = "The local command";

pub struct Command {
    program: String,
    args: Vec<String>,
    timeout: Duration,
}

impl Command {
    pub fn new(config: &EngineConfig) -> Result<Command, MtError> {
        let mut words = split_words(&config.command).map_err(|why| MtError::Config {
            engine: ENGINE,
            why,
        })?;
        if words.is_empty() {
            return Err(MtError::Config {
                engine: ENGINE,
                why: "no command is set (for example: argos-translate --from de --to en)".into(),
            });
        }
        let program = words.remove(0);
        Ok(Command {
            program,
            args: words,
            timeout: config.timeout(),
        })
    }

    /// Runs the program on `lines` and returns its output lines.
    fn run(
        &self,
        lines: &[String],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Result<Vec<String>, MtError> {
        let failed = |why: String| MtError::Command {
            engine: ENGINE,
            why,
        };
        let mut child = Process::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| failed(format!("{} cannot be started: {e}", self.program)))?;
        let mut input = String::new();
        for line in lines {
            input.push_str(line);
            input.push('\n');
        }
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = stdout.read_to_end(&mut out);
            out
        });
        let errors = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = stderr.by_ref().take(64 << 10).read_to_end(&mut out);
            out
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => {}
                Err(e) => return Err(failed(e.to_string())),
            }
            if cancelled() || started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                return Err(if cancelled() {
                    MtError::Cancelled
                } else {
                    MtError::Timeout {
                        engine: ENGINE,
                        seconds: self.timeout.as_secs(),
                    }
                });
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let _ = writer.join();
        let out = reader.join().unwrap_or_default();
        let err = errors.join().unwrap_or_default();
        if !status.success() {
            let err = String::from_utf8_lossy(&err);
            let first: String = err.trim().chars().take(300).collect();
            return Err(failed(format!(
                "{} ended with {status}{}",
                self.program,
                if first.is_empty() {
                    String::new()
                } else {
                    format!(": {first}")
                }
            )));
        }
        let text = String::from_utf8(out).map_err(|_| MtError::Malformed {
            engine: ENGINE,
            why: "the output is not UTF-8".into(),
        })?;
        Ok(text.lines().map(str::to_string).collect())
    }
}

impl Engine for Command {
    fn name(&self) -> String {
        let file = |path: &str| {
            std::path::Path::new(path)
                .file_name()
                .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
        };
        let program = file(&self.program);
        // An interpreter says little; the script it runs says what the engine is.
        let interpreters = [
            "python", "python3", "sh", "bash", "node", "perl", "ruby", "uv",
        ];
        let name = match self.args.iter().find(|a| !a.starts_with('-')) {
            Some(script) if interpreters.contains(&program.as_str()) => file(script),
            _ => program,
        };
        format!("{name} (local)")
    }

    fn signature(&self) -> String {
        format!("command|{}|{}", self.program, self.args.join(" "))
    }

    fn translate(&self, batch: &Batch) -> Result<Vec<String>, MtError> {
        let lines: Vec<String> = batch
            .requests
            .iter()
            .map(|r| r.source.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let mut out = self.run(&lines, batch.cancelled)?;
        // Trailing empty lines are not answers.
        while out.len() > lines.len() && out.last().is_some_and(|l| l.trim().is_empty()) {
            out.pop();
        }
        if out.len() != lines.len() {
            return Err(MtError::Malformed {
                engine: ENGINE,
                why: format!("{} lines in, {} lines out", lines.len(), out.len()),
            });
        }
        batch
            .requests
            .iter()
            .zip(out)
            .map(|(request, line)| answer::check(ENGINE, &request.source, &line))
            .collect()
    }

    fn check(&self) -> Result<String, MtError> {
        let out = self.run(&["Guten Morgen.".to_string()], &|| false)?;
        match out.first() {
            Some(line) if !line.trim().is_empty() => Ok(format!(
                "{} answers: „Guten Morgen.“ → “{}”",
                self.name(),
                line.trim()
            )),
            _ => Err(MtError::Malformed {
                engine: ENGINE,
                why: "no line came back for „Guten Morgen.“".into(),
            }),
        }
    }
}

/// Splits a command line into words: spaces separate, quotes (`'…'`, `"…"`) group, a
/// backslash escapes the next character outside single quotes.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => {
                if let Some(next) = chars.next() {
                    word.push(next);
                    in_word = true;
                }
            }
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("a quotation mark in the command is not closed".into());
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_split_like_a_shell() {
        assert_eq!(
            split_words(r#"argos-translate --from de  "--to" 'en us' a\ b"#).unwrap(),
            ["argos-translate", "--from", "de", "--to", "en us", "a b"]
        );
        assert_eq!(split_words(r#"x "" y"#).unwrap(), ["x", "", "y"]);
        assert!(split_words("x 'open").is_err());
    }

    #[test]
    fn the_engine_is_named_after_the_script_an_interpreter_runs() {
        let named = |line: &str| {
            let config = EngineConfig {
                command: line.into(),
                ..EngineConfig::new(super::super::EngineKind::Command)
            };
            Command::new(&config).unwrap().name()
        };
        assert_eq!(
            named("python3 -u /opt/mt/translate.py --beam 4"),
            "translate.py (local)"
        );
        assert_eq!(
            named("/usr/bin/argos-translate --from de --to en"),
            "argos-translate (local)"
        );
        assert!(Command::new(&EngineConfig::new(super::super::EngineKind::Command)).is_err());
    }
}
