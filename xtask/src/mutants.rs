//! `cargo xtask mutants [FILE…] [--shard K/N]`: mutation testing with cargo-mutants.
//!
//! Each mutant is one plausible bug (an operator flipped, a function returning a constant); the
//! test suite should fail on it. The model crate alone has about 3,800 mutants and each costs a
//! rebuild of every test binary plus the tests up to the first failure (about 6 s on two cores
//! when a test catches it, 30 s for a survivor), so a full pass takes a working day: it is run a
//! module (or a shard of one) at a time, never in CI, and each run's counts are merged into
//! `mutants/score.md`, which `cargo xtask report` prints. Mutants that survive are listed in
//! `mutants/missed/<module>[.shard-K-of-N].txt` until a test kills them, or excluded in
//! `.cargo/mutants.toml` with a one-line reason when they are equivalent or unobservable.
//!
//! The mutants are built in the checkout itself (`--in-place`), so each run starts from the
//! warm `mutants` build instead of building everything in a copy (two minutes per run on two
//! cores); the checkout must therefore be clean, which also makes the row's commit the code that
//! was measured. Tests run under nextest's `mutants` profile (`.config/nextest.toml`): both
//! cores, the fastest-failing tests first, and the run stopped at the first failure.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::step;

pub(crate) const CARGO_MUTANTS_VERSION: &str = "27.1.0";
/// Installed only where no nextest is found.
const NEXTEST_VERSION: &str = "0.9.143";
/// Where the measured counts are kept (committed).
pub(crate) const SCORE_FILE: &str = "mutants/score.md";
/// Every module the score covers, in the order they are run when no file is named: the model's
/// physics, operations, run (set-up, step, assembly of results, runner, early warnings) and
/// outputs, and the link and export crates.
const DEFAULT_FILES: &[&str] = &[
    "crates/model/src/physics/vega.rs",
    "crates/model/src/physics/operations.rs",
    "crates/model/src/physics/lithium.rs",
    "crates/model/src/physics/recharge.rs",
    "crates/model/src/physics/surface.rs",
    "crates/model/src/physics/climate.rs",
    "crates/model/src/physics/interface.rs",
    "crates/model/src/physics/lens.rs",
    "crates/model/src/physics/upconing.rs",
    "crates/model/src/physics/rng.rs",
    "crates/model/src/physics/solver.rs",
    "crates/model/src/physics/fastmath.rs",
    "crates/model/src/physics/groundwater.rs",
    "crates/model/src/physics/groundwater/lens_cells.rs",
    "crates/model/src/run/step.rs",
    "crates/model/src/run/setup.rs",
    "crates/model/src/run/assemble.rs",
    "crates/model/src/run/runner.rs",
    "crates/model/src/run/warning.rs",
    "crates/model/src/outputs/accounts.rs",
    "crates/model/src/outputs/springs.rs",
    "crates/model/src/outputs/vegas.rs",
    "crates/model/src/outputs/pumped_sources.rs",
    "crates/model/src/outputs/salinisation.rs",
    "crates/model/src/outputs/indicators.rs",
    "crates/model/src/outputs/sentences.rs",
    "crates/model/src/outputs/results.rs",
    "crates/export/src/lib.rs",
    "crates/link/src/codec.rs",
    "crates/link/src/board.rs",
    "crates/link/src/limits.rs",
    "crates/link/src/plan.rs",
    "crates/link/src/view.rs",
];
const HEADER: &str = "| module | shard | mutants | caught | missed | timeout | unviable | caught of viable | commit | date |";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut files: Vec<String> = Vec::new();
    let mut shard: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--shard" => {
                let s = it.next().ok_or("--shard needs K/N (e.g. 0/4)")?;
                let ok = s
                    .split_once('/')
                    .and_then(|(k, n)| Some((k.parse::<u32>().ok()?, n.parse::<u32>().ok()?)))
                    .is_some_and(|(k, n)| k < n);
                if !ok {
                    return Err(format!("--shard takes K/N with K < N, not `{s}`"));
                }
                shard = Some(s.clone());
            }
            f if f.starts_with("--") => {
                return Err(format!(
                    "mutants: unknown option `{f}` (options: FILE…, --shard K/N)"
                ))
            }
            f => {
                if !Path::new(f).is_file() {
                    return Err(format!("mutants: no such file `{f}`"));
                }
                files.push(f.to_string());
            }
        }
    }
    if files.is_empty() {
        files = DEFAULT_FILES.iter().map(|f| f.to_string()).collect();
    }
    step(&format!("cargo-mutants {CARGO_MUTANTS_VERSION}"));
    crate::report::install("mutants", "cargo-mutants", CARGO_MUTANTS_VERSION)?;
    // Any nextest with test priorities (0.9.91) will do; the machines carry one.
    if crate::output("cargo", &["nextest", "--version"]).is_none() {
        crate::report::install("nextest", "cargo-nextest", NEXTEST_VERSION)?;
    }
    let dirty = crate::output("git", &["status", "--porcelain", "--untracked-files=no"])
        .ok_or("mutants: `git status` failed")?;
    if !dirty.trim().is_empty() {
        return Err(format!(
            "mutants: the checkout has uncommitted changes; the mutants are built in place, so \
             commit or stash them first:\n{dirty}"
        ));
    }
    let commit = crate::output("git", &["rev-parse", "--short", "HEAD"])
        .unwrap_or_default()
        .trim()
        .to_string();
    let date = crate::output("date", &["-u", "+%Y-%m-%d"])
        .unwrap_or_default()
        .trim()
        .to_string();
    for file in &files {
        let package = package_of(file)?;
        step(&format!(
            "mutants of {file}{}",
            shard
                .as_deref()
                .map(|s| format!(", shard {s}"))
                .unwrap_or_default()
        ));
        let out = crate::report::target_dir().join("mutants");
        let out_s = out.to_string_lossy().to_string();
        let mut cmd = Command::new("cargo");
        cmd.args([
            "mutants",
            "-p",
            package,
            "--test-package",
            package,
            "-f",
            file,
            "--profile",
            "mutants",
            "--in-place",
            "--test-tool",
            "nextest",
            "-o",
            &out_s,
        ]);
        cmd.env("NEXTEST_PROFILE", "mutants");
        if let Some(s) = &shard {
            cmd.args(["--shard", s]);
        }
        // cargo-mutants exits non-zero when a mutant survives: that is a result, not a failure.
        let status = cmd
            .status()
            .map_err(|e| format!("could not start cargo mutants: {e}"))?;
        let dir = out.join("mutants.out");
        let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_default();
        let lines = |text: &str| text.lines().filter(|l| !l.trim().is_empty()).count();
        let (caught, missed, timeout, unviable) = (
            lines(&read("caught.txt")),
            lines(&read("missed.txt")),
            lines(&read("timeout.txt")),
            lines(&read("unviable.txt")),
        );
        if caught + missed + timeout + unviable == 0 {
            return Err(format!(
                "cargo mutants gave no outcome for {file} ({status})"
            ));
        }
        let module = module_name(file);
        let missed_file = missed_file(&module, shard.as_deref());
        let _ = fs::create_dir_all("mutants/missed");
        let missed_text = read("missed.txt");
        if missed_text.trim().is_empty() {
            let _ = fs::remove_file(&missed_file);
        } else {
            fs::write(&missed_file, missed_text).map_err(|e| format!("{missed_file}: {e}"))?;
        }
        let row = Counts {
            module: module.clone(),
            shard: shard.clone().unwrap_or_else(|| "all".into()),
            caught,
            missed,
            timeout,
            unviable,
            commit: commit.clone(),
            date: date.clone(),
        };
        println!("{}", row.line());
        merge_score(&row)?;
    }
    println!("\nscores merged into {SCORE_FILE}; survivors in mutants/missed/");
    Ok(())
}

fn package_of(file: &str) -> Result<&'static str, String> {
    [
        ("crates/model/", "cuenca-model"),
        ("crates/link/", "cuenca-link"),
        ("crates/export/", "cuenca-export"),
    ]
    .iter()
    .find(|(dir, _)| file.starts_with(dir))
    .map(|&(_, p)| p)
    .ok_or_else(|| format!("mutants: {file} is not in the model, link or export crate"))
}

/// `crates/model/src/physics/vega.rs` → `model-physics-vega`.
fn module_name(file: &str) -> String {
    file.trim_start_matches("crates/")
        .trim_end_matches(".rs")
        .replace("/src/", "/")
        .replace('/', "-")
}

/// A run's survivors list: one per module, or per shard (`model-run-step.shard-2-of-6.txt`), so
/// that running one shard never rewrites another shard's list.
fn missed_file(module: &str, shard: Option<&str>) -> String {
    match shard.and_then(|s| s.split_once('/')) {
        Some((k, n)) => format!("mutants/missed/{module}.shard-{k}-of-{n}.txt"),
        None => format!("mutants/missed/{module}.txt"),
    }
}

struct Counts {
    module: String,
    shard: String,
    caught: usize,
    missed: usize,
    timeout: usize,
    unviable: usize,
    commit: String,
    date: String,
}

impl Counts {
    /// Caught (timeouts count as caught: the mutant made the suite hang, which fails CI) over
    /// viable mutants (those that build).
    fn score(&self) -> String {
        let viable = self.caught + self.missed + self.timeout;
        if viable == 0 {
            "n/a".into()
        } else {
            format!(
                "{:.0} %",
                100.0 * (self.caught + self.timeout) as f64 / viable as f64
            )
        }
    }

    fn line(&self) -> String {
        format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            self.module,
            self.shard,
            self.caught + self.missed + self.timeout + self.unviable,
            self.caught,
            self.missed,
            self.timeout,
            self.unviable,
            self.score(),
            self.commit,
            self.date
        )
    }
}

/// The cells of a row of the score table (`| module | shard | mutants | caught | …`), or `None`
/// for the header, the separator and the prose around the table.
fn score_row(line: &str) -> Option<Vec<&str>> {
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    (cells.len() >= 10 && cells[3].parse::<usize>().is_ok()).then_some(cells)
}

/// Replaces the row of the same module and shard (or adds one), keeping the table sorted.
fn merge_score(row: &Counts) -> Result<(), String> {
    let old = fs::read_to_string(SCORE_FILE).unwrap_or_default();
    let key = |line: &str| score_row(line).map(|c| (c[1].to_string(), c[2].to_string()));
    let mut rows: Vec<String> = old
        .lines()
        .filter(|l| key(l).is_some_and(|k| k != (row.module.clone(), row.shard.clone())))
        .map(String::from)
        .collect();
    rows.push(row.line());
    rows.sort();
    let mut text = String::from(
        "# Mutation score\n\nWritten by `cargo xtask mutants` (cargo-mutants in place, cargo profile `mutants`, tests by nextest's `mutants` profile, one job on two cores); \
         each row is one run of one module (or shard), at the commit named. Timeouts count as caught; \
         unviable mutants (that do not build) are left out of the score. Survivors: `mutants/missed/`; \
         accepted ones (equivalent or unobservable): `.cargo/mutants.toml`.\n\n",
    );
    text.push_str(HEADER);
    text.push('\n');
    text.push_str("|---|---|---|---|---|---|---|---|---|---|\n");
    for r in rows {
        text.push_str(&r);
        text.push('\n');
    }
    let _ = fs::create_dir_all("mutants");
    fs::write(SCORE_FILE, text).map_err(|e| format!("{SCORE_FILE}: {e}"))
}

/// A source file's code without its unit tests (the `#[cfg(test)]` module that ends it): what
/// a row's mutants were drawn from and run against.
fn outside_tests(src: &str) -> &str {
    let start = [
        "#[cfg(test)]\nmod tests",
        "#[cfg(test)]\npub(super) mod tests",
    ]
    .iter()
    .filter_map(|m| src.find(m))
    .min();
    &src[..start.unwrap_or(src.len())]
}

/// Whether a row measured at `commit` still describes `module`'s code: its file outside its
/// tests is the same there as in the working tree. `None` when the file or the commit is not
/// found (a commit made in a clone and never merged).
fn measured_on_current_code(module: &str, commit: &str) -> Option<bool> {
    let file = DEFAULT_FILES.iter().find(|f| module_name(f) == module)?;
    let then = crate::output("git", &["show", &format!("{commit}:{file}")])?;
    let now = fs::read_to_string(file).ok()?;
    Some(outside_tests(&then) == outside_tests(&now))
}

/// The modules of the list that no row measures (`rows`: "module score" of each row): the
/// total says nothing of them.
fn never_measured(rows: &[String]) -> Vec<String> {
    DEFAULT_FILES
        .iter()
        .map(|f| module_name(f))
        .filter(|m| !rows.iter().any(|r| r.split(' ').next() == Some(m.as_str())))
        .collect()
}

/// The report's row: totals over the measured modules, how many modules are measured, and the
/// rows whose code has changed since their run (their figure no longer describes it).
pub(crate) fn summary() -> Option<(String, String)> {
    let text = fs::read_to_string(SCORE_FILE).ok()?;
    let (mut caught, mut viable, mut modules) = (0usize, 0usize, Vec::new());
    let mut stale = Vec::new();
    for cells in text.lines().filter_map(score_row) {
        let n = |k: usize| cells[k].parse::<usize>().ok();
        if let (Some(c), Some(m), Some(t)) = (n(4), n(5), n(6)) {
            caught += c + t;
            viable += c + m + t;
            modules.push(format!("{} {}", cells[1], cells[8]));
            match measured_on_current_code(cells[1], cells[9]) {
                Some(true) => {}
                Some(false) => stale.push(format!("{} {} (code changed)", cells[1], cells[2])),
                None => stale.push(format!("{} {} (commit not found)", cells[1], cells[2])),
            }
        }
    }
    let unmeasured = never_measured(&modules);
    (viable > 0).then(|| {
        let rows = modules.len();
        let (mut current, mut again) = if stale.is_empty() {
            (format!("; all {rows} rows on today's code"), String::new())
        } else {
            (
                format!("; {} of {rows} rows to run again", stale.len()),
                format!(". To run again: {}", stale.join(", ")),
            )
        };
        if !unmeasured.is_empty() {
            current.push_str(&format!("; {} modules never measured", unmeasured.len()));
            again.push_str(&format!(". Never measured: {}", unmeasured.join(", ")));
        }
        (
            format!(
                "{caught} of {viable} viable mutants caught ({:.0} %){current}",
                100.0 * caught as f64 / viable as f64
            ),
            format!(
                "cargo-mutants {CARGO_MUTANTS_VERSION}, from {SCORE_FILE} (not re-run here: a module takes up to hours; `cargo xtask mutants FILE`): {}{again}",
                modules.join(", ")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row describes the code outside the file's unit tests: a test added after the run
    /// leaves it current, a change above them does not.
    #[test]
    fn a_rows_code_is_the_file_without_its_tests() {
        let src =
            "fn f() -> u8 { 1 }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
        assert_eq!(outside_tests(src), "fn f() -> u8 { 1 }\n\n");
        let more_tests = src.replace("fn t() {}", "fn t() {}\n    #[test]\n    fn u() {}");
        assert_eq!(outside_tests(src), outside_tests(&more_tests));
        let lens = "fn g() {}\n#[cfg(test)]\npub(super) mod tests {}\n";
        assert_eq!(outside_tests(lens), "fn g() {}\n");
        assert_eq!(outside_tests("fn h() {}\n"), "fn h() {}\n");
        assert_ne!(
            outside_tests(src),
            outside_tests(&src.replace("{ 1 }", "{ 2 }"))
        );
    }

    #[test]
    fn modules_without_a_row_are_named() {
        let all: Vec<String> = DEFAULT_FILES.iter().map(|f| module_name(f)).collect();
        let rows: Vec<String> = all.iter().skip(1).map(|m| format!("{m} 100 %")).collect();
        assert_eq!(never_measured(&rows), vec![all[0].clone()]);
        // A module whose name starts another's is not measured by the other's row.
        let lens = vec!["model-physics-groundwater-lens_cells 100 %".to_string()];
        assert!(never_measured(&lens).contains(&"model-physics-groundwater".to_string()));
        assert_eq!(never_measured(&rows[..0]).len(), DEFAULT_FILES.len());
    }

    #[test]
    fn module_names_and_scores() {
        assert_eq!(
            module_name("crates/model/src/physics/vega.rs"),
            "model-physics-vega"
        );
        let c = Counts {
            module: "m".into(),
            shard: "all".into(),
            caught: 8,
            missed: 2,
            timeout: 0,
            unviable: 5,
            commit: "abc".into(),
            date: "2026-12-02".into(),
        };
        assert_eq!(c.score(), "80 %");
        assert!(c
            .line()
            .starts_with("| m | all | 15 | 8 | 2 | 0 | 5 | 80 % |"));
        let line = c.line();
        let cells = score_row(&line).expect("a score row");
        assert_eq!((cells[1], cells[2], cells[4]), ("m", "all", "8"));
        assert!(score_row(HEADER).is_none());
        assert!(score_row("|---|---|---|---|---|---|---|---|---|---|").is_none());
        assert_eq!(package_of("crates/link/src/codec.rs"), Ok("cuenca-link"));
        assert_eq!(missed_file("m", None), "mutants/missed/m.txt");
        assert_eq!(
            missed_file("m", Some("2/6")),
            "mutants/missed/m.shard-2-of-6.txt"
        );
        assert!(package_of("src/app.rs").is_err());
    }
}
