//! The browser suites per engine: each run's tests are counted and timed as it goes, the counts
//! printed at the end of `cargo xtask test` and kept in `target/engines.tsv` for the report.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::report::target_dir;

/// One suite run in one engine.
pub(crate) struct Tally {
    pub suite: &'static str,
    pub engine: &'static str,
    pub passed: u32,
    pub failed: u32,
    pub skipped: u32,
    pub seconds: u64,
}

impl Tally {
    /// Reads a count from a line of node's TAP summary (`# pass 47`) or of the wasm-bindgen test
    /// runner (`test result: ok. 12 passed; 0 failed; 0 ignored; …`).
    fn read(&mut self, line: &str) {
        let line = line.trim();
        let count = |prefix: &str| {
            line.strip_prefix(prefix)
                .and_then(|n| n.trim().parse::<u32>().ok())
        };
        if let Some(n) = count("# pass") {
            self.passed += n;
        } else if let Some(n) = count("# fail") {
            self.failed += n;
        } else if let Some(n) = count("# skipped") {
            self.skipped += n;
        } else if let Some(rest) = line.strip_prefix("test result:") {
            for part in rest.split([';', '.']) {
                let mut words = part.split_whitespace();
                if let (Some(n), Some(what)) = (words.next(), words.next()) {
                    let Ok(n) = n.parse::<u32>() else { continue };
                    match what {
                        "passed" => self.passed += n,
                        "failed" => self.failed += n,
                        "ignored" => self.skipped += n,
                        _ => {}
                    }
                }
            }
        }
    }

    fn line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            self.suite, self.engine, self.passed, self.failed, self.skipped, self.seconds
        )
    }

    fn parse(line: &str) -> Option<(String, String, u32, u32, u32, u64)> {
        let mut f = line.split('\t');
        Some((
            f.next()?.to_string(),
            f.next()?.to_string(),
            f.next()?.parse().ok()?,
            f.next()?.parse().ok()?,
            f.next()?.parse().ok()?,
            f.next()?.parse().ok()?,
        ))
    }
}

fn record_file() -> PathBuf {
    target_dir().join("engines.tsv")
}

/// Runs `program args` in `dir` with `vars`, echoing its output as it comes and counting its
/// tests; fails when the program fails or no test ran.
pub(crate) fn run_suite(
    suite: &'static str,
    engine: &'static str,
    dir: &str,
    program: &str,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Result<Tally, String> {
    for (k, v) in vars {
        println!("{k}={v}");
    }
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .envs(vars.iter().copied())
        .current_dir(dir)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{program}`: {e}"))?;
    let mut tally = Tally {
        suite,
        engine,
        passed: 0,
        failed: 0,
        skipped: 0,
        seconds: 0,
    };
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            tally.read(&line);
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("`{program}` did not finish: {e}"))?;
    tally.seconds = started.elapsed().as_secs();
    if !status.success() {
        return Err(format!(
            "{suite} in {engine}: {} passed, {} failed ({status})",
            tally.passed, tally.failed
        ));
    }
    if tally.passed == 0 {
        return Err(format!("{suite} in {engine}: no test ran"));
    }
    Ok(tally)
}

/// Prints the tallies as a table and keeps them for `cargo xtask report`.
pub(crate) fn record(tallies: &[Tally]) {
    crate::step("browser suites per engine");
    let mut file = String::new();
    for t in tallies {
        println!(
            "{:<22} {:<12} {:>3} passed, {} failed, {} skipped, {} s",
            t.suite, t.engine, t.passed, t.failed, t.skipped, t.seconds
        );
        let _ = writeln!(file, "{}", t.line());
    }
    let path = record_file();
    if let Err(e) = fs::write(&path, file) {
        println!("(could not keep them in {}: {e})", path.display());
    }
}

/// The last `cargo xtask test`'s counts per suite and engine, one figure per suite.
pub(crate) fn summary() -> Option<Vec<(String, String)>> {
    let text = fs::read_to_string(record_file()).ok()?;
    let mut suites: Vec<(String, String)> = Vec::new();
    for (suite, engine, passed, failed, skipped, seconds) in text.lines().filter_map(Tally::parse) {
        let figure = format!(
            "{engine}: {passed} passed, {failed} failed{} in {seconds} s",
            if skipped > 0 {
                format!(", {skipped} skipped")
            } else {
                String::new()
            }
        );
        match suites.iter_mut().find(|(s, _)| *s == suite) {
            Some((_, figures)) => {
                figures.push_str("; ");
                figures.push_str(&figure);
            }
            None => suites.push((suite, figure)),
        }
    }
    (!suites.is_empty()).then_some(suites)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Tally {
        Tally {
            suite: "s",
            engine: "e",
            passed: 0,
            failed: 0,
            skipped: 0,
            seconds: 0,
        }
    }

    #[test]
    fn counts_node_tap_summaries() {
        let mut t = empty();
        for line in [
            "ok 1 - x",
            "# tests 48",
            "# pass 46",
            "# fail 1",
            "# skipped 1",
        ] {
            t.read(line);
        }
        assert_eq!((t.passed, t.failed, t.skipped), (46, 1, 1));
    }

    #[test]
    fn counts_every_wasm_bindgen_result_line() {
        let mut t = empty();
        t.read("test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out");
        t.read("test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        assert_eq!((t.passed, t.failed, t.skipped), (15, 1, 2));
    }

    #[test]
    fn a_record_line_reads_back() {
        let mut t = empty();
        t.passed = 47;
        t.seconds = 412;
        assert_eq!(
            Tally::parse(&t.line()),
            Some(("s".into(), "e".into(), 47, 0, 0, 412))
        );
    }
}
