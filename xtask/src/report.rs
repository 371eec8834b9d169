//! `cargo xtask report`: speed, size and robustness figures in one table, each with how it was
//! measured. Timings are reported, never asserted (these machines are noisy); the command fails
//! only when the release build fails, a fuzz target crashes (or hangs), or `cargo deny` finds a
//! licence, ban or source violation.
//!
//! ```text
//! cargo xtask report                     # everything, about 6–9 minutes on 2 cores once tools are installed
//! cargo xtask report --no-build          # use the dist/ already built
//! cargo xtask report --fuzz-seconds 120  # fuzz each target longer (default 45 s)
//! cargo xtask report --quick             # fewer samples everywhere: a smoke run of the report itself
//! ```
//!
//! What it runs:
//! - native model: `cargo bench -p cuenca-model --bench run` (criterion), median point estimate
//!   from `<target>/criterion/<bench>/new/estimates.json`;
//! - browser: `node e2e/report.mjs` (Debian's Chromium through playwright-core, against dist/):
//!   `cuenca:run` User Timing measures, lever → repaint, first useful paint under CPU and
//!   network throttling, shipped sizes;
//! - fuzzing: `cargo fuzz` (cargo-fuzz 0.13.2, libFuzzer; nightly flags through
//!   `RUSTC_BOOTSTRAP=1` on the stable toolchain, no sanitizer: the crates are safe Rust, and
//!   overflow checks and debug assertions stay on) for the targets in `fuzz/fuzz_targets/`;
//! - dependency hygiene: `cargo deny check licenses bans sources` (cargo-deny 0.20.2, `deny.toml`,
//!   no network) and a scan for declared dependencies that no source file names.
//!
//! Longer fuzzing by hand (new findings land in `fuzz/artifacts/<target>/`, the growing corpus in
//! `fuzz/corpus/<target>/`, both ignored by git):
//!
//! ```text
//! mkdir -p fuzz/corpus/link fuzz/corpus/basin fuzz/corpus/observations fuzz/corpus/climate   # libFuzzer needs the corpus folders to exist
//! RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none link  fuzz/corpus/link  fuzz/seeds/link  -- -max_total_time=3600 -dict=fuzz/dict/link.dict -timeout=20
//! RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none basin fuzz/corpus/basin fuzz/seeds/basin -- -max_total_time=3600 -dict=fuzz/dict/basin.dict -timeout=20 -max_len=65536
//! RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none observations fuzz/corpus/observations fuzz/seeds/observations -- -max_total_time=3600 -dict=fuzz/dict/observations.dict -timeout=20 -max_len=65536
//! RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none climate fuzz/corpus/climate fuzz/seeds/climate -- -max_total_time=3600 -dict=fuzz/dict/climate.dict -timeout=20 -max_len=16384
//! # replay a crash:   RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none basin fuzz/artifacts/basin/crash-…
//! # shrink it:        RUSTC_BOOTSTRAP=1 cargo fuzz tmin --sanitizer none basin fuzz/artifacts/basin/crash-…
//! ```
//! (add `-jobs=2 -workers=2` to use both cores.)

use std::env;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use crate::step;

/// Pinned report tools, installed from crates.io by `cargo install --locked` when missing.
/// Both build on Rust 1.95 (cargo-deny 0.20.2 declares rust-version 1.88; cargo-fuzz 0.13.2
/// declares none). First install on 2 cores: cargo-fuzz about 1 minute, cargo-deny about 4.5.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
const CARGO_DENY_VERSION: &str = "0.20.2";

/// Fuzz targets: name, libFuzzer flags beyond the time limit.
const FUZZ_TARGETS: &[(&str, &[&str])] = &[
    ("link", &["-dict=fuzz/dict/link.dict", "-timeout=20"]),
    (
        "basin",
        &[
            "-dict=fuzz/dict/basin.dict",
            "-timeout=20",
            "-max_len=65536",
        ],
    ),
    // 64 KiB reaches the 10,000-row and 100-problem limits (a row can be 2 bytes), not the
    // 1 MB one (a plain length check, covered by the reader's tests).
    (
        "observations",
        &[
            "-dict=fuzz/dict/observations.dict",
            "-timeout=20",
            "-max_len=65536",
        ],
    ),
    // 16 KiB holds thirty years of months many times over, and their problems' limit.
    (
        "climate",
        &[
            "-dict=fuzz/dict/climate.dict",
            "-timeout=20",
            "-max_len=16384",
        ],
    ),
];

/// Native benchmarks reported, in table order: bench name, table label.
const BENCHES: &[(&str, &str)] = &[
    ("default_basin_50yr", "model: default basin, 50 yr (native)"),
    ("jv2025_50yr", "model: jv2025 preset, 50 yr (native)"),
    (
        "fs2019_50yr_runner_slider",
        "model: fs2019, production lever, warm Runner (native)",
    ),
];

struct Options {
    build: bool,
    quick: bool,
    fuzz_seconds: u64,
}

impl Options {
    fn from_args() -> Result<Options, String> {
        let mut o = Options {
            build: true,
            quick: false,
            fuzz_seconds: 45,
        };
        // `cargo xtask report [options]`: the first argument is the task name.
        let args: Vec<String> = env::args().skip(2).collect();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--no-build" => o.build = false,
                "--quick" => {
                    o.quick = true;
                    o.fuzz_seconds = o.fuzz_seconds.min(10);
                }
                "--fuzz-seconds" => {
                    o.fuzz_seconds = it
                        .next()
                        .and_then(|s| s.parse().ok())
                        .filter(|&s| s > 0)
                        .ok_or("--fuzz-seconds needs a number of seconds")?;
                }
                other => {
                    return Err(format!(
                    "report: unknown option `{other}` (options: --no-build, --quick, --fuzz-seconds N)"
                ))
                }
            }
        }
        Ok(o)
    }
}

struct Row {
    what: String,
    figure: String,
    how: String,
}

fn row(what: impl Into<String>, figure: impl Into<String>, how: impl Into<String>) -> Row {
    Row {
        what: what.into(),
        figure: figure.into(),
        how: how.into(),
    }
}

pub fn run() -> Result<(), String> {
    let opts = Options::from_args()?;
    let started = Instant::now();
    let mut rows = Vec::new();
    // What makes the report fail (after the table is printed).
    let mut fatal: Vec<String> = Vec::new();

    step("report tools (cargo-fuzz, cargo-deny)");
    let fuzz_tool = install("fuzz", "cargo-fuzz", CARGO_FUZZ_VERSION);
    let deny_tool = install("deny", "cargo-deny", CARGO_DENY_VERSION);

    if opts.build {
        crate::release_build()?;
    } else if !Path::new("dist/index.html").exists() {
        return Err("--no-build: dist/ has no index.html; run `cargo xtask sizes` first".into());
    }

    native_model(&opts, &mut rows);
    browser(&opts, &mut rows);
    match &fuzz_tool {
        Ok(()) => fuzz(&opts, &mut rows, &mut fatal),
        Err(e) => rows.push(row(
            "robustness: fuzzing",
            format!("n/a ({e})"),
            "cargo-fuzz could not be installed",
        )),
    }
    match &deny_tool {
        Ok(()) => deny(&mut rows, &mut fatal),
        Err(e) => rows.push(row(
            "licences, bans, sources",
            format!("n/a ({e})"),
            "cargo-deny could not be installed",
        )),
    }
    unused_dependencies(&mut rows);
    match crate::engines::summary() {
        Some(suites) => {
            for (suite, figure) in suites {
                rows.push(row(
                    format!("tests: {suite} per engine"),
                    figure,
                    "the last `cargo xtask test` on this machine (target/engines.tsv)",
                ));
            }
        }
        None => rows.push(row(
            "tests: browser suites per engine",
            "not measured",
            "run `cargo xtask test` first",
        )),
    }
    match crate::mutants::summary() {
        Some((figure, how)) => rows.push(row("tests: mutation score", figure, how)),
        None => rows.push(row(
            "tests: mutation score",
            "not measured",
            format!(
                "no {} yet: `cargo xtask mutants`",
                crate::mutants::SCORE_FILE
            ),
        )),
    }

    step(&format!(
        "report ({} s; timings are reported, not asserted)",
        started.elapsed().as_secs()
    ));
    print_table(&rows);
    if fatal.is_empty() {
        Ok(())
    } else {
        Err(format!("report: {}", fatal.join("; ")))
    }
}

/// `cargo install` of a pinned tool when `cargo <sub> --version` does not print that version.
pub(crate) fn install(sub: &str, package: &str, version: &str) -> Result<(), String> {
    let want = format!("{package} {version}");
    let has = || crate::output("cargo", &[sub, "--version"]).is_some_and(|v| v.contains(&want));
    if has() {
        return Ok(());
    }
    println!("installing {want} from crates.io (once; a few minutes on 2 cores)");
    crate::run(
        "cargo",
        &["install", package, "--version", version, "--locked"],
    )?;
    if has() {
        Ok(())
    } else {
        Err(format!("`cargo {sub} --version` does not say {want}"))
    }
}

pub(crate) fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// Runs a command with its stdout and stderr captured to `log` (and echoed when short),
/// returning whether it succeeded and what it printed.
fn capture(cmd: &mut Command, log: &Path) -> Result<(bool, String), String> {
    if let Some(dir) = log.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let file = fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let status = cmd
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(err))
        .status()
        .map_err(|e| format!("could not start {cmd:?}: {e}"))?;
    let mut text = String::new();
    fs::File::open(log)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| format!("{}: {e}", log.display()))?;
    Ok((status.success(), text))
}

fn report_dir() -> PathBuf {
    target_dir().join("report")
}

// ---------------------------------------------------------------------------------------------
// Native model timing (criterion)

fn native_model(opts: &Options, rows: &mut Vec<Row>) {
    let how = |bench: &str, name: &str| {
        format!(
            "criterion median (point estimate) of `{name}`, `cargo bench -p cuenca-model --bench {bench}`, profile bench (opt-level 3), this machine"
        )
    };
    let run = bench(opts, "run");
    for (name, label) in BENCHES {
        let figure = match &run {
            Ok(found) => match found.iter().find(|(n, _)| n == name) {
                Some((_, ns)) => format_ms(ns / 1e6),
                None => format!("n/a (no fresh criterion estimate for `{name}`)"),
            },
            Err(e) => format!("n/a ({e})"),
        };
        rows.push(row(*label, figure, how("run", name)));
    }
    // The ensemble, once its bench exists: every benchmark of `benches/ensemble.rs`.
    if !Path::new("crates/model/benches/ensemble.rs").exists() {
        rows.push(row(
            "ensemble: time to bands (native)",
            "not built yet",
            "no crates/model/benches/ensemble.rs",
        ));
        return;
    }
    match bench(opts, "ensemble") {
        Err(e) => rows.push(row(
            "ensemble: time to bands (native)",
            format!("n/a ({e})"),
            "cargo bench -p cuenca-model --bench ensemble",
        )),
        Ok(found) if found.is_empty() => rows.push(row(
            "ensemble: time to bands (native)",
            "n/a (the bench wrote no criterion estimate)",
            "cargo bench -p cuenca-model --bench ensemble",
        )),
        Ok(found) => {
            for (name, ns) in found {
                rows.push(row(
                    format!(
                        "ensemble: {} (native)",
                        name.strip_prefix("ensemble/").unwrap_or(&name)
                    ),
                    format_ms(ns / 1e6),
                    how("ensemble", &name),
                ));
            }
        }
    }
}

/// Runs one criterion bench target of the model; returns the benchmarks it measured (name,
/// median in ns), from the estimates it wrote.
fn bench(opts: &Options, target: &str) -> Result<Vec<(String, f64)>, String> {
    step(&format!(
        "native model timing (cargo bench -p cuenca-model --bench {target})"
    ));
    let since = SystemTime::now();
    let mut args = vec![
        "bench",
        "--locked",
        "-p",
        "cuenca-model",
        "--bench",
        target,
        "--",
    ];
    if opts.quick {
        args.extend(["--warm-up-time", "1", "--measurement-time", "2"]);
    }
    let log = report_dir().join(format!("bench-{target}.log"));
    let (ok, text) = capture(Command::new("cargo").args(&args), &log)?;
    if !ok {
        return Err(format!(
            "cargo bench failed: {}; log {}",
            last_line(&text).unwrap_or("no output"),
            log.display()
        ));
    }
    let criterion = target_dir().join("criterion");
    let mut found = Vec::new();
    fresh_estimates(&criterion, &criterion, since, &mut found);
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Every `<name>/new/estimates.json` under `dir` written since `since` (criterion groups nest
/// as `group/name`).
fn fresh_estimates(root: &Path, dir: &Path, since: SystemTime, out: &mut Vec<(String, f64)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if !path.is_dir() || path.file_name().is_some_and(|n| n == "report") {
            continue;
        }
        let estimates = path.join("new/estimates.json");
        let fresh = fs::metadata(&estimates)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= since);
        if fresh {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            if let Some(ns) = fs::read_to_string(&estimates)
                .ok()
                .and_then(|t| criterion_median_ns(&t))
            {
                out.push((name, ns));
            }
        } else if path.file_name().is_some_and(|n| n != "new" && n != "base") {
            fresh_estimates(root, &path, since, out);
        }
    }
}

/// `"median":{…,"point_estimate":X,…}` in criterion's estimates.json, in nanoseconds.
fn criterion_median_ns(json: &str) -> Option<f64> {
    let rest = &json[json.find("\"median\"")?..];
    let rest = &rest[rest.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = rest.find([',', '}'])?;
    rest[..end].trim().parse().ok()
}

fn format_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

fn last_line(text: &str) -> Option<&str> {
    text.lines().rev().map(str::trim).find(|l| !l.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Chromium (e2e/report.mjs)

fn browser(opts: &Options, rows: &mut Vec<Row>) {
    step("browser figures (node e2e/report.mjs, headless Chromium against dist/)");
    let counts: &[&str] = if opts.quick {
        &["--runs", "10", "--interactions", "8", "--loads", "1"]
    } else {
        &["--runs", "60", "--interactions", "40", "--loads", "3"]
    };
    let out = Command::new("node")
        .arg("report.mjs")
        .args(counts)
        .current_dir("e2e")
        .stderr(Stdio::inherit())
        .output();
    let (ok, stdout) = match out {
        Ok(o) => (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        ),
        Err(e) => {
            rows.push(row(
                "browser figures",
                format!("n/a (could not start node: {e})"),
                "node e2e/report.mjs",
            ));
            return;
        }
    };
    let mut got = 0;
    for line in stdout.lines() {
        let mut parts = line.splitn(4, '\t');
        if parts.next() == Some("row") {
            let what = parts.next().unwrap_or_default();
            let figure = parts.next().unwrap_or_default();
            let how = parts.next().unwrap_or_default();
            rows.push(row(what, figure, how));
            got += 1;
        }
    }
    if !ok || got == 0 {
        rows.push(row(
            "browser figures",
            "n/a (e2e/report.mjs stopped early)",
            "see its output above",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzzing (cargo-fuzz)

/// A few seconds of every fuzz target, for `cargo xtask test`: a crash (or a hang, a NaN, a
/// balance that does not close in the basin target) fails the test run; the long runs stay in
/// the report.
pub(crate) fn fuzz_smoke(seconds: u64) -> Result<(), String> {
    install("fuzz", "cargo-fuzz", CARGO_FUZZ_VERSION)?;
    let opts = Options {
        build: false,
        quick: true,
        fuzz_seconds: seconds,
    };
    let (mut rows, mut fatal) = (Vec::new(), Vec::new());
    fuzz(&opts, &mut rows, &mut fatal);
    for r in &rows {
        println!("  {}: {}", r.what, r.figure);
    }
    if fatal.is_empty() {
        Ok(())
    } else {
        Err(fatal.join("; "))
    }
}

fn fuzz(opts: &Options, rows: &mut Vec<Row>, fatal: &mut Vec<String>) {
    step("fuzz targets: build (cargo fuzz build, RUSTC_BOOTSTRAP=1, no sanitizer)");
    let cargo_fuzz = |args: &[&str]| {
        let mut c = Command::new("cargo");
        c.arg("fuzz")
            .args(args)
            .env("RUSTC_BOOTSTRAP", "1")
            // The fuzz project has its own lock file and workspace.
            .env_remove("CARGO_BUILD_TARGET");
        c
    };
    let built = cargo_fuzz(&["build", "--sanitizer", "none", "--fuzz-dir", "fuzz"]).status();
    if !built.is_ok_and(|s| s.success()) {
        fatal.push("the fuzz targets do not build".into());
        rows.push(row(
            "robustness: fuzzing",
            "FAILED (build)",
            "cargo fuzz build --sanitizer none --fuzz-dir fuzz",
        ));
        return;
    }
    for (target, flags) in FUZZ_TARGETS {
        step(&format!(
            "fuzz target `{target}` for {} s",
            opts.fuzz_seconds
        ));
        let corpus = format!("fuzz/corpus/{target}");
        let seeds = format!("fuzz/seeds/{target}");
        let _ = fs::create_dir_all(&corpus);
        let time = format!("-max_total_time={}", opts.fuzz_seconds);
        let mut args = vec![
            "run",
            "--sanitizer",
            "none",
            "--fuzz-dir",
            "fuzz",
            target,
            &corpus,
            &seeds,
            "--",
            &time,
        ];
        args.extend_from_slice(flags);
        let log = report_dir().join(format!("fuzz-{target}.log"));
        let how = format!(
            "cargo-fuzz {CARGO_FUZZ_VERSION} (libFuzzer), `fuzz/fuzz_targets/{target}.rs`, {} s, seeds fuzz/seeds/{target} + kept corpus, {}; log {}",
            opts.fuzz_seconds,
            flags.join(" "),
            log.display()
        );
        let what = format!("robustness: fuzz `{target}`");
        // The kept inputs (every link format ever written, hostile links, bad basin files and
        // observation rows) run first, before any generated input.
        let kept = fs::read_dir(&seeds).map(|d| d.count()).unwrap_or(0);
        match capture(&mut cargo_fuzz(&args), &log) {
            Err(e) => rows.push(row(what, format!("n/a ({e})"), how)),
            Ok((ok, text)) => {
                let stats = fuzz_stats(&text);
                if ok {
                    rows.push(row(
                        what,
                        format!("{stats}, 0 crashes; the {kept} kept past and hostile inputs open"),
                        how,
                    ));
                } else {
                    let finding = fuzz_finding(&text);
                    eprintln!("\n-- fuzz target `{target}` found a crash:\n{finding}\n");
                    fatal.push(format!("fuzz target `{target}` crashed: {finding}"));
                    rows.push(row(what, format!("CRASH after {stats}: {finding}"), how));
                }
            }
        }
    }
}

/// "1,234,567 runs in 45 s (27,000/s), coverage 740 edges, corpus 1041".
fn fuzz_stats(log: &str) -> String {
    let runs = log.lines().rev().find_map(|l| {
        let rest = l.strip_prefix("Done ")?;
        let mut w = rest.split_whitespace();
        let runs: u64 = w.next()?.parse().ok()?;
        let secs: u64 = w.nth(2)?.parse().ok()?;
        Some((runs, secs))
    });
    // The last status line: `#N  DONE|pulse|NEW  cov: C ft: F corp: K/S …`.
    let last = log
        .lines()
        .rev()
        .find(|l| l.starts_with('#') && l.contains(" cov: "));
    let field = |name: &str| -> Option<String> {
        let l = last?;
        let rest = &l[l.find(name)? + name.len()..];
        rest.split_whitespace().next().map(str::to_string)
    };
    let execs = runs
        .map(|(r, _)| r)
        .or_else(|| last.and_then(|l| l[1..].split_whitespace().next()?.parse().ok()));
    let mut s = match (execs, runs) {
        (Some(r), Some((_, secs))) if secs > 0 => {
            format!(
                "{} runs in {secs} s ({}/s)",
                thousands(r),
                thousands(r / secs)
            )
        }
        (Some(r), _) => format!("{} runs", thousands(r)),
        _ => "? runs".into(),
    };
    if let Some(c) = field("cov: ") {
        s.push_str(&format!(", coverage {c}"));
    }
    if let Some(c) = field("corp: ") {
        s.push_str(&format!(", corpus {}", c.split('/').next().unwrap_or(&c)));
    }
    s
}

/// The panic message (or libFuzzer's reason) and the saved input.
fn fuzz_finding(log: &str) -> String {
    let reason = log
        .lines()
        .find(|l| l.contains("panicked at"))
        .map(|l| {
            // The message follows on the next line in Rust's panic output.
            let next = log
                .lines()
                .skip_while(|x| *x != l)
                .nth(1)
                .unwrap_or_default();
            format!("{} {}", l.trim(), next.trim())
        })
        .or_else(|| {
            log.lines()
                .find(|l| l.contains("==ERROR: libFuzzer") || l.contains("ERROR: libFuzzer"))
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| last_line(log).unwrap_or("no output").to_string());
    let input = log
        .lines()
        .find_map(|l| l.split("Test unit written to ").nth(1))
        .map(|p| format!(" (input saved in {})", p.trim()))
        .unwrap_or_default();
    let base64 = log
        .lines()
        .find_map(|l| l.strip_prefix("Base64: "))
        .map(|b| format!(", base64 {}", b.trim()))
        .unwrap_or_default();
    format!("{reason}{input}{base64}")
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Dependency hygiene

fn deny(rows: &mut Vec<Row>, fatal: &mut Vec<String>) {
    step("dependency hygiene (cargo deny check licenses bans sources)");
    let log = report_dir().join("deny.log");
    let how = format!(
        "cargo-deny {CARGO_DENY_VERSION} with deny.toml, offline: permissive licences only, duplicate versions warn, crates.io only; log {}",
        log.display()
    );
    let mut cmd = Command::new("cargo");
    cmd.args([
        "deny",
        "--offline",
        "--color",
        "never",
        "check",
        "licenses",
        "bans",
        "sources",
    ]);
    match capture(&mut cmd, &log) {
        Err(e) => rows.push(row("licences, bans, sources", format!("n/a ({e})"), how)),
        Ok((ok, text)) => {
            let mut dups: Vec<&str> = text
                .lines()
                .filter_map(|l| {
                    l.strip_prefix("warning[duplicate]: found ")?
                        .split('\'')
                        .nth(1)
                })
                .collect();
            dups.sort_unstable();
            dups.dedup();
            let summary = text
                .lines()
                .rev()
                .find(|l| l.contains(" ok") || l.contains("FAILED"))
                .unwrap_or("no summary")
                .trim()
                .to_string();
            let mut figure = summary.clone();
            if !dups.is_empty() {
                figure.push_str(&format!(
                    "; {} crates in two versions (warn): {}",
                    dups.len(),
                    dups.join(", ")
                ));
            }
            if !ok {
                fatal.push(format!("cargo deny: {summary}"));
                eprintln!("{text}");
                figure = format!("FAILED: {figure}");
            }
            rows.push(row("licences, bans, sources", figure, how));
        }
    }
}

/// Dependencies declared in a member's Cargo.toml that no file of that member names
/// (`name::`, `use name`, `name!`, `extern crate name`): candidates for removal.
fn unused_dependencies(rows: &mut Vec<Row>) {
    step("unused dependencies (Cargo.toml against the sources)");
    let members = workspace_members();
    let mut unused = Vec::new();
    let mut checked = 0;
    for member in &members {
        let dir = Path::new(member);
        let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let mut text = String::new();
        for sub in ["src", "tests", "benches", "examples"] {
            read_rust_files(&dir.join(sub), &mut text);
        }
        if let Ok(build) = fs::read_to_string(dir.join("build.rs")) {
            text.push_str(&build);
        }
        for (section, name) in declared_dependencies(&manifest) {
            checked += 1;
            let ident = name.replace('-', "_");
            let used = [
                format!("{ident}::"),
                format!("use {ident}"),
                format!("{ident}!"),
                format!("extern crate {ident}"),
            ]
            .iter()
            .any(|p| contains_word_start(&text, p));
            if !used {
                unused.push(format!("{name} ({member}, {section})"));
            }
        }
    }
    let how = format!(
        "{checked} dependencies of {} workspace members: each crate name searched in the member's src/, tests/, benches/, examples/ (crate level; web-sys features not checked)",
        members.len()
    );
    let figure = if unused.is_empty() {
        "none found".to_string()
    } else {
        format!("candidates: {}", unused.join(", "))
    };
    rows.push(row("unused dependencies", figure, how));
}

fn workspace_members() -> Vec<String> {
    let root = fs::read_to_string("Cargo.toml").unwrap_or_default();
    let Some(start) = root.find("members") else {
        return vec![".".into()];
    };
    let list = &root[start..];
    let list = &list[list.find('[').map_or(0, |i| i + 1)..list.find(']').unwrap_or(0)];
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `(section, crate name)` for every dependency table of a manifest, target-specific included.
fn declared_dependencies(manifest: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section: Option<String> = None;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            let name = line.trim_matches(['[', ']']).to_string();
            let kind = name.rsplit('.').next().unwrap_or_default();
            section = matches!(
                kind,
                "dependencies" | "dev-dependencies" | "build-dependencies"
            )
            .then_some(name);
            continue;
        }
        let Some(section) = &section else { continue };
        if line.starts_with('#') || !line.contains('=') {
            continue;
        }
        let key = line.split('=').next().unwrap_or_default().trim();
        // `foo = { package = "bar", … }`: the code names `foo`.
        if !key.is_empty() {
            out.push((section.clone(), key.trim_matches('"').to_string()));
        }
    }
    out
}

fn read_rust_files(dir: &Path, text: &mut String) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            read_rust_files(&path, text);
        } else if path.extension().is_some_and(|x| x == "rs") {
            if let Ok(t) = fs::read_to_string(&path) {
                text.push_str(&t);
                text.push('\n');
            }
        }
    }
}

/// `pattern` occurs where the character before it cannot continue an identifier.
fn contains_word_start(text: &str, pattern: &str) -> bool {
    text.match_indices(pattern).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

// ---------------------------------------------------------------------------------------------
// The table

fn print_table(rows: &[Row]) {
    const HOW_WIDTH: usize = 90;
    let w1 = rows
        .iter()
        .map(|r| r.what.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let w2 = rows
        .iter()
        .map(|r| r.figure.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 50);
    println!("{:<w1$} | {:<w2$} | how measured", "what", "figure");
    println!(
        "{}-+-{}-+-{}",
        "-".repeat(w1),
        "-".repeat(w2),
        "-".repeat(HOW_WIDTH)
    );
    for r in rows {
        let figure = wrap(&r.figure, w2);
        let how = wrap(&r.how, HOW_WIDTH);
        let lines = figure.len().max(how.len()).max(1);
        for i in 0..lines {
            let what = if i == 0 { r.what.as_str() } else { "" };
            let f = figure.get(i).map(String::as_str).unwrap_or("");
            let h = how.get(i).map(String::as_str).unwrap_or("");
            println!("{what:<w1$} | {f:<w2$} | {h}");
        }
    }
}

/// Greedy word wrap to `width` characters (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_median_of_criterion_estimates() {
        let json = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0},"point_estimate":7152966.2,"standard_error":1.0},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":6632705.7,"upper_bound":6915532.8},"point_estimate":6806649.3,"standard_error":70838.5}}"#;
        assert_eq!(criterion_median_ns(json), Some(6806649.3));
        assert_eq!(criterion_median_ns("{}"), None);
    }

    #[test]
    fn summarises_a_clean_fuzz_run() {
        let log = "#4096\tpulse  cov: 2873 ft: 8127 corp: 521/10457Kb lim: 46541 exec/s: 1024 rss: 44Mb\n\
                   #40570\tDONE   cov: 3204 ft: 9952 corp: 1104/20Mb lim: 46541 exec/s: 881 rss: 58Mb\n\
                   Done 40570 runs in 46 second(s)\n";
        assert_eq!(
            fuzz_stats(log),
            "40,570 runs in 46 s (881/s), coverage 3204, corpus 1104"
        );
    }

    /// The output of a real crash (a throw-away target that panicked on "boo").
    const CRASH: &str = r#"thread '<unnamed>' (347) panicked at fuzz_targets/selftest.rs:5:9:
assertion `left == right` failed: selftest: found boo
  left: 98
 right: 120
stack backtrace:
note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.
==347== ERROR: libFuzzer: deadly signal
NOTE: libFuzzer has rudimentary signal handlers.
      Combine libFuzzer with AddressSanitizer or similar for better crash reports.
SUMMARY: libFuzzer: deadly signal
MS: 1 CopyPart-; base unit: 7b64f0f207214f9894a2f4d08a95e57f3c773e72
0x62,0x6f,0x6f,0x62,0xa,0x62,0xa,
boob\012b\012
artifact_prefix='fuzz/artifacts/selftest/'; Test unit written to fuzz/artifacts/selftest/crash-d4d27fa44006c32e8da1f91e74fe96a9fbccab71
Base64: Ym9vYgpiCg=="#;

    #[test]
    fn names_the_panic_and_the_saved_input_of_a_crash() {
        let finding = fuzz_finding(CRASH);
        assert!(
            finding.contains("panicked at fuzz_targets/selftest.rs:5:9"),
            "{finding}"
        );
        assert!(finding.contains("found boo"), "{finding}");
        assert!(
            finding
                .contains("fuzz/artifacts/selftest/crash-d4d27fa44006c32e8da1f91e74fe96a9fbccab71"),
            "{finding}"
        );
        assert!(finding.contains("base64 Ym9vYgpiCg=="), "{finding}");
    }

    #[test]
    fn lists_declared_dependencies_of_every_table() {
        let manifest = "[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\n# note = 1\n\
                        [target.'cfg(target_arch = \"wasm32\")'.dependencies]\nweb-sys = { version = \"0.3\" }\n\
                        [dev-dependencies]\nproptest = \"1\"\n[profile.release]\nlto = true\n";
        let names: Vec<String> = declared_dependencies(manifest)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names, ["serde", "web-sys", "proptest"]);
    }

    #[test]
    fn a_crate_name_counts_only_at_a_word_start() {
        assert!(contains_word_start("use serde::Serialize;", "serde::"));
        assert!(!contains_word_start("use my_serde::X;", "serde::"));
        assert!(contains_word_start("serde_json::json!({})", "serde_json::"));
    }

    #[test]
    fn wraps_on_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
