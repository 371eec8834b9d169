//! `cargo xtask serve | test | sizes | setup | report | mutants`
//!
//! Every task first installs what is missing, quietly when it is already there, and only from
//! the package registries (crates.io, npm, Debian): Trunk is pinned to the wasm-bindgen and
//! wasm-opt installed here and runs offline, so nothing is fetched from anywhere else.

mod engines;
mod mutants;
mod report;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

/// trunk 0.22 needs rustc >= 1.96.1; this is the newest release that builds on 1.95.
const TRUNK_VERSION: &str = "0.21.14";
/// geckodriver (crates.io) drives Firefox ESR for the wasm-bindgen tests.
const GECKODRIVER_VERSION: &str = "0.37.1";
/// Most bytes of wasm + JavaScript (brotli) a first visit may download; `cargo xtask test`
/// fails above it. Measured (twiggy, 2026-11-28): the Leptos runtime (tachys + reactive_graph) is
/// about a third of the module; the model a quarter; the ensemble, sensitivity, dates and sources
/// (~55 kB) ship in the same module because the uncertainty worker loads the page's own module
/// rather than a second download; plotters, the QR code and the link codec the rest. History:
/// 380 kB, raised to 385 kB for model 0.2 (overflow, wells, retained-water lithium, vega
/// regrowth) and to 396 kB for the fresh–brine lens cells (382.8 → 395.2 kB). The page no longer
/// parses TOML (the embedded basin is JSON written at build time; only the CLI loads basin
/// files): 395.7 → 373.7 kB, so the budget came down to 385 kB, leaving room for the
/// interface's indicators. They took it and a little more (376.5 → 387.0 kB for brackish-water
/// clearance under the vegas and fresh wells, their ensemble dates, the recharge yardstick and
/// the lithium range; 385.2–385.9 kB after keeping Unicode's case tables off the page), so
/// 387 kB. Then issue #19's first steps (2026-12-03): the basin baked with postcard instead of
/// JSON walked by the loader (386.8 → 371.5 kB) and the worker's view in postcard instead of JSON
/// (→ 359.6 kB), so the budget came down to 365 kB, with room for issue #16's indicators.
/// They took it and a little more: the no-project run under today's climate beside a changed
/// climate (360.7 → 363.7 kB) and "where the pumped brine comes from" (→ 366.6 kB), so 368 kB;
/// then each spring line's flow and head above its outlet, each vega's root zone and the
/// ensemble's spring outlooks (→ 373.5 kB), so 374 kB; then each result card's own range,
/// with the uncertainty panel's separate list of ranges removed (→ 374.3 kB), and the ranges of
/// years under the date cards (→ 375.3 kB), a link to the model's changes (→ 375.8 kB) and the
/// phone's headline bar of #20 (→ 377.6 kB; 379.0 as a view per figure, so one markup string),
/// so 378 kB; then the copy button's fallback where the page may not copy (plain http on a
/// workshop's network) and the delayed revoke of downloads (#21, → 379.3 kB), so 380 kB. Then
/// issue #18's negotiation tools (2026-12-03): agreed limits with their verdicts, the envelope
/// search and an early-warning plan tested in tool workers, with their panels and link parts
/// (→ 427.5 kB; twiggy before wasm-opt: about 80 kB of the growth is Leptos's view and signal
/// code for the two panels, about 25 kB the envelope and plan jobs; rendering each panel in one
/// closure over the language instead of a closure per text saved 2.7 kB), so 430 kB. These tools
/// are what only some visitors use: they are the first candidates for issue #19's second module.
/// Measured and not taken: the model at opt-level "s" would save 9.1 kB but runs 35–45 % slower
/// (jv2025 24 → 33 ms natively, `--example profile`, alternating builds).
/// Then the second module of issue #19 (2026-12-03): the negotiation tools (the two panels,
/// the envelope and plan jobs) moved to `cuenca-tools`, fetched only when opened (→ 399.2 kB;
/// the tools weigh 262.0 kB on their own, since they carry their own Leptos and model), so
/// 400 kB. The budget counts what a first visit fetches; `sizes.mjs` prints the tools apart.
/// Then one small stable sort shared by every call site (`cuenca_model::sorting`) in place of
/// the standard library's, which each call site instantiated anew (45 copies, 48 kB before
/// wasm-opt; the two hot sorts of the ensemble summary keep it): 399.7 → 393.6 kB, so 396 kB,
/// leaving room for folding the long sections on a phone (issue #20).
/// Then one closure type for every text that follows the language (`i18n::tr`) instead of a
/// `move || pick(…)` per text, each of which the renderer's generic code was compiled for anew
/// (81 call sites): 397,958 → 394,448 B with the embed's live-lever choosers (+2,027 B) in.
/// Then each brine wellfield's pumped lithium, which the model records and the page's ensemble
/// keeps for readings (issue #17): → 395,250 B, so 396 kB again. Then the hindcast (issue #17:
/// runs that start in the past under observed rain), which the page's runner and ensemble
/// workers carry although the page's own runs never start in the past: the state a hindcast
/// leaves, cloned for each run that follows (before wasm-opt: the fold split from the set-up,
/// +8.8 kB, and the resumed start, +4.9 kB), and each member's hindcast series (+2.1 kB):
/// 395,600 → 398,775 B, so 399 kB. Keeping it out of the first visit would need a cargo
/// feature and a `cfg` in a dozen places of the model; not taken for 0.8 %. Then someone's
/// readings on the page's own charts and map (issue #17): points with error bars on the
/// canvas and in the SVG download, the legend, the ringed sites and their sentences, the
/// readings' bytes from the tools decoded, and the tools opened at once when this device keeps
/// readings: 398,630 → 403,072 B (the reader of the CSV stays in the tools). Then the address
/// rewritten at a pace Chromium accepts (`address_pace`, issue #19: past 200 writes in 10 s it
/// ignores them, and a long drag kept an older scenario in the address): → 404,019 B, so
/// 405 kB. Then four constructors renamed (issue #15: cargo-mutants skips functions called
/// `new`): the module keeps its 1,177,426 raw bytes, 4,519 of them now different (functions
/// placed in another order), and compresses to 406 B more (404,911 → 405,317 B; one tree built
/// twice gives the same bytes, so this is layout, not growth). A budget nearer its figure than
/// that fails on a rename, so 406 kB. Raising it needs a reason in the commit.
const BUNDLE_BUDGET_BROTLI_BYTES: u64 = 406_000;
/// What opening the negotiating tools fetches (the `cuenca-tools` module, wasm and JS, brotli):
/// a facilitator opens them on the same phone and connection. They had no budget and grew
/// unseen from 262 kB (the limits, envelope and plan moved out of the page) to 404.6 kB (the
/// readings, the board with its runs, limits per scenario and QR reader, the trade-off map and
/// the plan's tables; 2026-12-04), so 410 kB, and a raise needs a reason in the commit. Then
/// issue #17's "what to measure now" in the readings' panel, the ranking `cuenca measure-next`
/// gives, run in the tools' worker (→ 416.8 kB: the preposterior weighing and the indicators'
/// names in both languages), so 420 kB. Then the shared sort (see above): 418.0 → 402.9 kB,
/// so 406 kB. Then "what to measure now" offering the basin's vega and lagoon areas and each
/// wellfield's grade from its first pumping month, in both languages, and the whitened
/// likelihoods (issue #17): 405.2 → 406.8 kB, so 407 kB. Then the results in 10 and 25 years
/// the issue asks the ranking for (the year's mean of each member's series, their names in
/// both languages, the chooser): → 408.9 kB, so 409 kB. Then the hindcast in the readings'
/// panel (issue #17): the model's part as in the first visit (+3.2 kB), the rain file's reader
/// with its messages in both languages, its input and the charts' months before today
/// (→ 419.9 kB), so 421 kB. Then the central run beside the readings at once, before any
/// weighing (issue #17): one run in the tools' module, each read site's series with its
/// hindcast, the charts without bands and what the page's charts and map show, sent as bytes
/// (419.6 → 425.8 kB), so 426 kB. Then the ranking and the weighing taking the page's bands'
/// members instead of running them again (issue #17's 2 s: 4.9 → 1.4 s for the ranking in
/// Chromium): the members read from their bytes and checked against member 0 (→ 430.4 kB), so
/// 431 kB. Then the water table's own flag per cell (issue #15: a cell whose aquifer no longer
/// ponds took injection above the ground): 430,778 → 431,030 B in CI while the first visit,
/// with the same model, went 405,047 → 404,744 B, so mostly layout; a margin of 222 B was
/// thinner than a rename's, so 432 kB.
const TOOLS_BUDGET_BROTLI_BYTES: u64 = 432_000;
/// Serving address printed for the user.
const SERVE_ADDRESS: &str = "127.0.0.1";
const SERVE_PORT: &str = "8080";

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = workspace_root();
    env::set_current_dir(&root)
        .unwrap_or_else(|e| fail(&format!("cannot enter {}: {e}", root.display())));
    prepend_path(&root);
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(),
        Some("sizes") => setup(false).and_then(|_| sizes(true)),
        Some("setup") => setup(true),
        Some("report") => setup(true).and_then(|_| report::run()),
        Some("mutants") => mutants::run(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n  serve   build the app (release) and serve it at http://{SERVE_ADDRESS}:{SERVE_PORT}/ (--lan: on the local network, for a workshop)\n  test    run every test: format, lints, native, wasm and end-to-end in Chromium and Firefox ESR\n  sizes   build the release bundle and print shipped sizes (raw, gzip, brotli)\n  setup   install every tool the other tasks need\n  report  measure speed, size and robustness (model, browser, bundle, fuzzing) and print one table\n  mutants [FILE…] [--shard K/N]\n          mutation testing of model, link and export modules (hours; merges into mutants/score.md)"
            );
            exit(2);
        }
    };
    if let Err(message) = result {
        fail(&message);
    }
}

fn fail(message: &str) -> ! {
    eprintln!("\nxtask: {message}");
    exit(1);
}

fn workspace_root() -> PathBuf {
    // CARGO_MANIFEST_DIR is xtask/; the workspace is its parent.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Cargo-installed tools and the npm wasm-opt (binaryen 132) come first on PATH, so that
/// Debian's older, broken wasm-opt is never picked by Trunk.
fn prepend_path(root: &Path) {
    let cargo_home = env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env::var("HOME").unwrap_or_default()).join(".cargo"));
    let mut paths = vec![cargo_home.join("bin"), root.join("e2e/node_modules/.bin")];
    if let Some(old) = env::var_os("PATH") {
        paths.extend(env::split_paths(&old));
    }
    let joined = env::join_paths(paths).expect("PATH entries are valid");
    env::set_var("PATH", joined);
    env::set_var("TRUNK_SKIP_VERSION_CHECK", "true");
    env::set_var(
        "CARGO_TERM_COLOR",
        env::var("CARGO_TERM_COLOR").unwrap_or("never".into()),
    );
}

pub(crate) fn step(title: &str) {
    println!("\n== {title}");
}

pub(crate) fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_in(".", program, args)
}

pub(crate) fn run_in(dir: &str, program: &str, args: &[&str]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("could not start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

pub(crate) fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Where `program` is on PATH.
fn which(program: &str) -> Result<String, String> {
    output("sh", &["-c", &format!("command -v {program}")])
        .map(|p| p.trim().to_string())
        .ok_or_else(|| format!("`{program}` is not on PATH"))
}

/// True when `program --version` runs and mentions `version`.
fn has_version(program: &str, version: &str) -> bool {
    output(program, &["--version"]).is_some_and(|v| v.contains(version))
}

pub(crate) fn on_path(program: &str) -> bool {
    which(program).is_ok()
}

/// The wasm-bindgen version the lock file resolved: the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Installs every tool, idempotently. `browser` adds the test browsers and their drivers:
/// Chromium and Firefox ESR from Debian, geckodriver from crates.io (tests only).
fn setup(browser: bool) -> Result<(), String> {
    step("tools");
    if browser && !(on_path("chromium") && on_path("chromedriver") && on_path("firefox-esr")) {
        println!("installing Debian's chromium, chromium-driver and firefox-esr");
        let sudo = if output("id", &["-u"]).is_some_and(|u| u.trim() == "0") {
            vec![]
        } else {
            vec!["sudo"]
        };
        let apt = |args: &[&str]| {
            let mut all: Vec<&str> = sudo.clone();
            all.push("apt-get");
            all.extend_from_slice(args);
            run_in(".", all[0], &all[1..])
        };
        env::set_var("DEBIAN_FRONTEND", "noninteractive");
        apt(&["update", "-q"])?;
        apt(&[
            "install",
            "-y",
            "-q",
            "chromium",
            "chromium-driver",
            "firefox-esr",
        ])?;
    }
    if browser && !has_version("geckodriver", &format!("geckodriver {GECKODRIVER_VERSION}")) {
        run(
            "cargo",
            &[
                "install",
                "geckodriver",
                "--version",
                GECKODRIVER_VERSION,
                "--locked",
            ],
        )?;
    }
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !has_version("trunk", &format!("trunk {TRUNK_VERSION}")) {
        run(
            "cargo",
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        )?;
    }
    let wb = locked_wasm_bindgen_version()?;
    if !has_version("wasm-bindgen", &format!("wasm-bindgen {wb}")) {
        // The CLI's own lock file names a webpki-roots release the registry lacks; fall back
        // to resolving the same exact version without it.
        if run(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &wb, "--locked"],
        )
        .is_err()
        {
            run("cargo", &["install", "wasm-bindgen-cli", "--version", &wb])?;
        }
    }
    if !Path::new("e2e/node_modules/.package-lock.json").exists()
        || modified("e2e/package-lock.json") > modified("e2e/node_modules/.package-lock.json")
    {
        run_in(
            "e2e",
            "npm",
            &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
        )?;
    }
    if !has_version("wasm-opt", "version_132") {
        return Err("wasm-opt version_132 (npm binaryen 132.0.0) is not first on PATH".into());
    }
    run("cargo", &["fetch", "--locked", "--quiet"])?;
    Ok(())
}

fn modified(path: &str) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `serve [--lan]`: with `--lan`, on every network interface, for a workshop without internet
/// (phones on the laptop's Wi-Fi open the printed address).
fn serve(extra: &[String]) -> Result<(), String> {
    let lan = extra.iter().any(|a| a == "--lan");
    let extra: Vec<&str> = extra
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--lan")
        .collect();
    setup(false)?;
    let address = if lan { "0.0.0.0" } else { SERVE_ADDRESS };
    if lan {
        // `hostname -I` lists the machine's addresses on Debian; elsewhere, say where to look.
        let ips = output("hostname", &["-I"]).unwrap_or_default();
        let ips: Vec<&str> = ips
            .split_whitespace()
            .filter(|ip| ip.contains('.') && !ip.starts_with("127."))
            .collect();
        step("serving the app on the local network (plain http: links cannot be copied from the page, and it does not install for offline use; the Share panel's QR code works)");
        if ips.is_empty() {
            println!("  no network address found: connect to the workshop's Wi-Fi, then find this machine's address with `ip addr`, and open http://ADDRESS:{SERVE_PORT}/");
        }
        for ip in ips {
            println!("  open http://{ip}:{SERVE_PORT}/ on the phones, or show its QR code from the page's \"Compartir\" panel");
        }
    } else {
        step(&format!(
            "serving the app: open http://{SERVE_ADDRESS}:{SERVE_PORT}/"
        ));
    }
    // No autoreload: Trunk would inject a script that the page's Content-Security-Policy blocks.
    let mut args = vec![
        "serve",
        "--release",
        "--no-autoreload",
        "--address",
        address,
        "--port",
        SERVE_PORT,
    ];
    args.extend(extra);
    run("trunk", &args)
}

pub(crate) fn release_build() -> Result<(), String> {
    step("release build (trunk build --release)");
    run("trunk", &["build", "--release"])
}

fn sizes(build: bool) -> Result<(), String> {
    if build {
        release_build()?;
    }
    step("shipped sizes");
    let budget = BUNDLE_BUDGET_BROTLI_BYTES.to_string();
    let tools_budget = TOOLS_BUDGET_BROTLI_BYTES.to_string();
    run_in(
        "e2e",
        "node",
        &[
            "sizes.mjs",
            "../dist",
            "--budget",
            &budget,
            "--tools-budget",
            &tools_budget,
        ],
    )
}

fn test() -> Result<(), String> {
    setup(true)?;
    step("format (cargo fmt --check)");
    run("cargo", &["fmt", "--all", "--check"])?;
    step("lints (clippy -D warnings, native and wasm32)");
    run(
        "cargo",
        &[
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(
        "cargo",
        &[
            "clippy",
            "--locked",
            "-p",
            "cuenca",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    step("native tests (cargo test --workspace)");
    run("cargo", &["test", "--locked", "--workspace"])?;
    step("model builds for the browser target");
    run(
        "cargo",
        &[
            "build",
            "--locked",
            "-p",
            "cuenca-model",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    // The runner would pick whichever driver it finds first on PATH: name each one.
    let wasm_tests = [
        "test",
        "--locked",
        "-p",
        "cuenca",
        "--target",
        "wasm32-unknown-unknown",
        "--tests",
    ];
    let chromedriver = which("chromedriver")?;
    let geckodriver = which("geckodriver")?;
    let mut tallies = Vec::new();
    step("browser tests (wasm-bindgen-test in headless Chromium)");
    tallies.push(engines::run_suite(
        "wasm-bindgen tests",
        "Chromium",
        ".",
        "cargo",
        &wasm_tests,
        &[("CHROMEDRIVER", &chromedriver)],
    )?);
    step("browser tests (wasm-bindgen-test in headless Firefox ESR)");
    tallies.push(engines::run_suite(
        "wasm-bindgen tests",
        "Firefox ESR",
        ".",
        "cargo",
        &wasm_tests,
        &[("GECKODRIVER", &geckodriver)],
    )?);
    sizes(true)?;
    let e2e = ["--test", "--test-reporter=tap"];
    step("end-to-end (Playwright in Chromium against the release build)");
    tallies.push(engines::run_suite(
        "end-to-end",
        "Chromium",
        "e2e",
        "node",
        &e2e,
        &[],
    )?);
    step("end-to-end (Playwright over WebDriver BiDi in Firefox ESR, same build)");
    tallies.push(engines::run_suite(
        "end-to-end",
        "Firefox ESR",
        "e2e",
        "node",
        &e2e,
        &[("CUENCA_BROWSER", "firefox")],
    )?);
    engines::record(&tallies);
    step(&format!(
        "fuzzing, {FUZZ_SMOKE_SECONDS} s per target (longer runs: cargo xtask report)"
    ));
    report::fuzz_smoke(FUZZ_SMOKE_SECONDS)
}

/// Seconds of each fuzz target in `cargo xtask test`.
const FUZZ_SMOKE_SECONDS: u64 = 5;
