//! Runs the `cuenca` binary as a user would.

use std::process::Command;

fn cuenca(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cuenca"))
        .args(args)
        .output()
        .expect("binary runs")
}

#[test]
fn run_json_has_the_documented_top_level_keys() {
    let out = cuenca(&[
        "run",
        "--preset",
        "fs2019",
        "--scenario",
        "dle=20",
        "--format",
        "json",
    ]);
    let v = json(&out);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    for k in [
        "model_version",
        "scenario",
        "accounts",
        "indicators",
        "series",
    ] {
        assert!(keys.contains(&k), "missing {k} in {keys:?}");
    }
    assert_eq!(keys.len(), 5);
    let rel = v["accounts"]["scenario"]["closure_relative"]
        .as_f64()
        .unwrap();
    assert!(rel.abs() < 1e-9);
    assert!(v["scenario"]["query"].as_str().unwrap().contains("dle=20"));
}

#[test]
fn run_csv_has_one_row_per_month() {
    let out = cuenca(&["run", "--scenario", "years=10", "--format=csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1 + 120);
    assert!(text.starts_with("year,month,"));
}

#[test]
fn bad_arguments_fail_with_a_message_not_a_panic() {
    for args in [
        &["run", "--format", "xml"][..],
        &["run", "--preset", "nope"],
        &["run", "--bogus"],
        &["frobnicate"],
        &["run", "--basin"],
        &["run", "--substeps", "0"],
        &["run", "--substeps", "32"],
        &["run", "--substeps=2.5"],
        &["run", "--substeps"],
        &["ensemble", "--substeps", "0"],
    ] {
        let out = cuenca(args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.is_empty(),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn bad_basin_file_names_the_key() {
    let dir = std::env::temp_dir().join(format!("cuenca-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(&path, "[[cells]]\nid = \"a\"\nkind = \"aquifer\"\narea_km2 = 1.0\nground_m = 10.0\nbottom_m = 0.0\nsy = 7.0\n").unwrap();
    let out = cuenca(&["run", "--basin", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cells[0].sy") && err.contains('7'), "{err}");
    let out = cuenca(&["run", "--basin", dir.join("missing.toml").to_str().unwrap()]);
    assert!(!out.status.success());
}

#[test]
fn basin_presets_and_levers_print() {
    let out = cuenca(&["basin"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("[params.wb.recharge_frac]"));
    assert!(String::from_utf8_lossy(&cuenca(&["presets"]).stdout).contains("jv2025"));
    assert!(String::from_utf8_lossy(&cuenca(&["levers"]).stdout).contains("reinj"));
    assert!(cuenca(&["--help"]).status.success());
}

#[test]
fn a_whole_shared_link_runs_the_same_scenario_as_its_query() {
    let via_link = cuenca(&[
        "run",
        "--scenario",
        "https://example.org/cuenca/?v=1&m=0.1.0&lang=es&prod=24000&dle=40&view=map",
    ]);
    let via_query = cuenca(&["run", "--scenario", "prod=24000&dle=40"]);
    assert!(via_link.status.success() && via_query.status.success());
    let a: serde_json::Value = serde_json::from_slice(&via_link.stdout).expect("json");
    let b: serde_json::Value = serde_json::from_slice(&via_query.stdout).expect("json");
    assert_eq!(a["scenario"]["levers"], b["scenario"]["levers"]);
    assert_eq!(a["indicators"], b["indicators"]);
}

#[test]
fn a_preset_is_overridden_only_by_the_levers_the_query_names() {
    let out = cuenca(&["run", "--preset", "fs2019", "--scenario", "dle=40&bogus=1"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["scenario"]["levers"]["prod"], 24000.0,
        "the preset's production is kept"
    );
    assert_eq!(v["scenario"]["levers"]["dle"], 40.0);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bogus"),
        "the unknown key is reported"
    );
}

/// Another basin file brings its own places: `levers` lists them and a query names them.
#[test]
fn another_basin_runs_with_its_own_places() {
    let salar = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../model/tests/data/three-zone-salar.toml"
    );
    let out = cuenca(&["levers", "--basin", salar]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[quebrada_oeste, quebrada_este]")
            && text.contains("[ninguno, vertiente, barreal]"),
        "{text}"
    );
    let out = cuenca(&[
        "run",
        "--basin",
        salar,
        "--scenario",
        "prod=5000&fw_src=quebrada_oeste&prot=barreal&years=10",
    ]);
    let v = json(&out);
    assert_eq!(
        v["scenario"]["query"],
        "prod=5000&fw_src=quebrada_oeste&prot=barreal&years=10"
    );
    // A Pastos Grandes place is not one of this salar's: reported, and the default kept.
    let out = cuenca(&["run", "--basin", salar, "--scenario", "fw_src=este&years=5"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("fw_src=este"));
    assert!(!cuenca(&["levers", "--bogus"]).status.success());
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

/// `--substeps` reaches the model (the numbers change, the months do not) and a one-year
/// horizon runs twelve months that close their balance.
#[test]
fn substeps_and_a_one_year_horizon() {
    let v = json(&cuenca(&[
        "run",
        "--preset",
        "fs2019",
        "--substeps",
        "4",
        "--scenario",
        "years=1",
    ]));
    assert_eq!(v["series"]["months"].as_array().unwrap().len(), 12);
    assert_eq!(v["scenario"]["substeps_per_month"], 4);
    for track in ["scenario", "baseline"] {
        let a = &v["accounts"][track];
        assert!(
            a["closure_relative"].as_f64().unwrap().abs() < 1e-9,
            "{track}"
        );
        assert!(
            a["max_month_closure_relative"].as_f64().unwrap() < 1e-9,
            "{track}"
        );
    }
    let digest = |substeps: &str| {
        let out = cuenca(&[
            "run",
            "--scenario",
            "years=1",
            "--substeps",
            substeps,
            "--format",
            "digest",
        ]);
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_ne!(digest("1"), digest("4"));
    let csv = cuenca(&[
        "run",
        "--scenario",
        "years=2",
        "--substeps=31",
        "--format=csv",
    ]);
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 1 + 24);
}

/// The variability lever reads `var=0` like `var=no`, with no warning.
#[test]
fn var_takes_its_option_index() {
    let out = cuenca(&["run", "--scenario", "var=0&years=1"]);
    let v = json(&out);
    assert_eq!(v["scenario"]["levers"]["var"], 0.0);
    assert_eq!(v["scenario"]["query"], "var=no&years=1");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A well test on a basin file: a closed 5 × 5 grid (no boundary, no recharge, no evaporation)
/// with one fixed well. The no-project run has the well too, so `drawdown_m` is zero; the
/// drawdown from the initial heads is what the well did, and it must add up to the volume
/// pumped: Σ A·Sy·(drawdown from initial) = Q·t every month (the reference).
#[test]
fn a_basin_file_well_reports_its_drawdown_from_the_initial_heads() {
    let dir = std::env::temp_dir().join(format!("cuenca-cli-well-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("well.toml");
    std::fs::write(
        &path,
        "[grid]\nnx = 5\nny = 5\ndx_m = 200.0\ndy_m = 200.0\ntop_m = 100.0\nbottom_m = 0.0\n\
         t_m2_per_day = 100.0\nsy = 0.1\nss = 0.0\ninitial_head_m = 50.0\n\
         [[wells]]\ncell = \"g_2_2\"\nrate_m3_per_day = 100.0\n",
    )
    .unwrap();
    let v = json(&cuenca(&[
        "run",
        "--basin",
        path.to_str().unwrap(),
        "--substeps",
        "4",
        "--scenario",
        "years=1",
    ]));
    let wells = v["series"]["wells"].as_array().unwrap();
    assert_eq!(wells.len(), 1);
    assert_eq!(wells[0]["cell"], "g_2_2");
    assert_eq!(wells[0]["rate_m3_per_day"], 100.0);
    assert_eq!(wells[0]["initial_head_m"], 50.0);
    let cells = v["series"]["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 25);
    let cell_area_sy_m2 = 200.0 * 200.0 * 0.1;
    let mut stored_m3 = [0.0; 12];
    for c in cells {
        let h0 = c["initial_head_m"].as_f64().unwrap();
        assert_eq!(h0, 50.0);
        let heads = numbers(&c["head_m"]);
        let dd = numbers(&c["drawdown_from_initial_m"]);
        assert_eq!(dd.len(), 12);
        for m in 0..12 {
            assert!((dd[m] - (h0 - heads[m])).abs() < 1e-12);
            stored_m3[m] += cell_area_sy_m2 * dd[m];
        }
        assert!(numbers(&c["drawdown_m"]).iter().all(|&d| d == 0.0));
        if c["id"] == "g_2_2" {
            assert_eq!(
                c["drawdown_from_initial_m"],
                wells[0]["drawdown_from_initial_m"]
            );
        }
    }
    let days_per_month = 365.25 / 12.0;
    for (m, v) in stored_m3.iter().enumerate() {
        let pumped = 100.0 * days_per_month * (m + 1) as f64;
        assert!(
            (v - pumped).abs() < 1e-9 * pumped,
            "month {m}: {v} vs {pumped} m³"
        );
    }
    let well = numbers(&wells[0]["drawdown_from_initial_m"]);
    let corner = numbers(&cells[0]["drawdown_from_initial_m"]);
    assert!(well.windows(2).all(|w| w[1] > w[0]) && well[11] > corner[11]);
}

/// `cuenca validate`: the same rows in JSON, Markdown and the two trust pages, and a bad flag is
/// a usage message, not a panic.
#[test]
fn validate_prints_the_same_table_in_every_form() {
    let out = cuenca(&["validate", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let checks = json["checks"].as_array().expect("checks");
    assert!(checks.len() >= 11);
    let unknowns = json["unknowns"].as_array().expect("unknowns");
    assert!(!unknowns.is_empty());
    let shares: f64 = unknowns.iter().map(|u| u["share"].as_f64().unwrap()).sum();
    assert!(shares > 0.0 && shares <= 1.0 + 1e-9, "{shares}");
    let markdown = String::from_utf8(cuenca(&["validate", "--lang", "es"]).stdout).unwrap();
    let dir = std::env::temp_dir().join(format!("cuenca-trust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    assert!(cuenca(&["validate", "--pages", dir.to_str().unwrap()])
        .status
        .success());
    let page = std::fs::read_to_string(dir.join("confianza.html")).unwrap();
    assert!(dir.join("trust.html").exists());
    for c in checks {
        let (id, status) = (c["id"].as_str().unwrap(), c["status"].as_str().unwrap());
        assert!(
            page.contains(&format!(r#"data-id="{id}" data-status="{status}""#)),
            "{id} on the page"
        );
        // Markdown rows carry the Spanish label of the status.
        let label = match status {
            "met" => "se cumple",
            "not_met" => "no se cumple",
            "no_public_data" => "sin datos públicos",
            _ => "no evaluado",
        };
        assert!(markdown.contains(&format!("| {label} |")), "{id}: {label}");
        // Each source key a check cites links to the page's own entry for it, which names
        // where to read it.
        for key in c["source"].as_str().unwrap().split('[').skip(1) {
            let key = key.split(']').next().unwrap();
            if !key.starts_with('S') {
                continue;
            }
            assert!(
                page.contains(&format!(r##"<a href="#{key}">[{key}]</a>"##)),
                "{id}: {key}"
            );
            let entry = page
                .split(&format!(r#"<li id="{key}">[{key}] "#))
                .nth(1)
                .unwrap_or_else(|| panic!("{key} is listed"));
            assert!(
                entry
                    .split("</li>")
                    .next()
                    .unwrap()
                    .contains("<a href=\"http"),
                "{key}"
            );
            assert!(
                markdown.contains(&format!("- [{key}] ")),
                "{key} in Markdown"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let bad = cuenca(&["validate", "--format", "yaml"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Usage: cuenca validate"));
}

/// `cuenca envelope`: a limit nothing can break leaves the whole production range (a known
/// answer), the JSON names the limits and every production tried, and a malformed limit is a
/// usage message, not a panic.
#[test]
fn envelope_finds_the_whole_range_for_a_limit_nothing_breaks_and_refuses_bad_limits() {
    let out = cuenca(&[
        "envelope",
        "--preset",
        "fs2019",
        "--scenario",
        "years=10",
        "--members",
        "3",
        "--limit",
        "vega_santa_rosa:drawdown:1000:2034:0.9",
    ]);
    let v = json(&out);
    assert_eq!(v["envelope"]["unbounded"], true);
    assert_eq!(v["envelope"]["max_production_t_per_yr"], 150000.0);
    assert_eq!(v["limits"][0]["site"], "vega_santa_rosa");
    assert_eq!(v["members"], 3);
    let steps = v["envelope"]["steps"].as_array().unwrap();
    assert!(steps
        .iter()
        .all(|s| s["all_kept"] == true && s["outcomes"][0]["members"] == 3));
    for bad in [
        "vega_santa_rosa:drawdown:0.5:2075",
        "vega_santa_rosa:level:0.5:2075:0.9",
        "vega_santa_rosa:drawdown:-1:2075:0.9",
        "vega_santa_rosa:drawdown:0.5:1900:0.9",
        "vega_santa_rosa:drawdown:0.5:2075:1.5",
    ] {
        let out = cuenca(&["envelope", "--limit", bad]);
        assert!(!out.status.success(), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Usage: cuenca envelope"),
            "{bad}"
        );
    }
    for unsupported in [["--substeps", "4"], ["--basin", "my-basin.toml"]] {
        let out = cuenca(&[
            "envelope",
            unsupported[0],
            unsupported[1],
            "--limit",
            "vega_santa_rosa:drawdown:0.5:2075:0.9",
        ]);
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not supported here"),
            "{unsupported:?}"
        );
    }
    let none = cuenca(&["envelope", "--preset", "fs2019"]);
    assert!(String::from_utf8_lossy(&none.stderr).contains("at least one --limit"));
    let unknown = cuenca(&[
        "envelope",
        "--members",
        "2",
        "--scenario",
        "years=1",
        "--limit",
        "nowhere:drawdown:1:2025:0.9",
    ]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("\"nowhere:drawdown:1:2025:0.9\" names a site this basin does not have"));
}

/// `cuenca envelope --map`: a limit nothing can break is kept in every cell of the grid (a known
/// answer), the axes are the page's (production up to twice the scenario's, DLE over its whole
/// range), and an axis the map cannot take is a usage message.
#[test]
fn envelope_map_keeps_a_limit_nothing_breaks_everywhere_and_refuses_bad_axes() {
    let out = cuenca(&[
        "envelope",
        "--preset",
        "fs2019",
        "--scenario",
        "years=10",
        "--members",
        "2",
        "--map",
        "prod,dle",
        "--limit",
        "vega_santa_rosa:drawdown:1000:2034:0.9",
    ]);
    let v = json(&out);
    let map = &v["map"];
    let cells = map["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 30);
    assert!(cells.iter().all(|c| c["limits_kept"] == 1));
    assert_eq!(map["x"]["values"][5], 48000.0);
    assert_eq!(map["y"]["values"][4], 100.0);
    assert!(v["sentence_en"]
        .as_str()
        .unwrap()
        .contains("30 keep the limit"));
    for bad in ["prod", "prod,prod", "prod,seed", "prod,nothing"] {
        let out = cuenca(&[
            "envelope",
            "--map",
            bad,
            "--limit",
            "vega_santa_rosa:drawdown:0.5:2075:0.9",
        ]);
        assert!(!out.status.success(), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Usage: cuenca envelope"),
            "{bad}"
        );
    }
}

/// `cuenca ensemble --limit`: each limit's count of members keeping it, as the page shows it; a
/// limit the basin cannot read is refused before any run.
#[test]
fn ensemble_counts_the_members_keeping_each_limit() {
    let out = cuenca(&[
        "ensemble",
        "--preset",
        "fs2019",
        "--scenario",
        "years=10",
        "--members",
        "4",
        "--limit",
        "vega_santa_rosa:drawdown:1000:2034:0.9",
        "--limit",
        "vertientes_este:spring:1:2034:1",
    ]);
    let v = json(&out);
    let limits = v["limits"].as_array().expect("limits");
    // A kilometre of drawdown: every member keeps it.
    assert_eq!(limits[0]["limit"], "vega_santa_rosa:drawdown:1000:2034:0.9");
    assert_eq!(
        (
            limits[0]["members_keeping"].as_u64(),
            limits[0]["kept"].as_bool()
        ),
        (Some(4), Some(true))
    );
    // All of its flow in every member: kept only if no member loses any spring flow.
    let keeping = limits[1]["members_keeping"].as_u64().unwrap();
    assert_eq!(limits[1]["kept"].as_bool(), Some(keeping == 4));
    let bad = cuenca(&[
        "ensemble",
        "--members",
        "2",
        "--limit",
        "nowhere:drawdown:1:2030:0.9",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("names a site this basin does not have"));
}

/// `cuenca plan`: the JSON holds the outcome, with each member's firings, and the trigger's
/// compact text as it was read; the text form says the numbers and the sentences; bad
/// triggers, unknown sites and a scenario without a project are usage messages.
#[test]
fn plan_reports_firings_limits_and_lithium_and_refuses_bad_triggers() {
    let out = cuenca(&[
        "plan",
        "--preset",
        "jv2025",
        "--members",
        "3",
        "--limit",
        "vega_santa_rosa:drawdown:0.5:2075:0.9",
        "--trigger",
        "vega_este:0.3:brine:25:6",
        "--trigger",
        "vega_este:1:all:50:6:2",
    ]);
    let v = json(&out);
    assert_eq!(v["members"], 3);
    assert_eq!(v["vary_weather"], false);
    assert_eq!(v["triggers_text"][0], "vega_este:0.3:brine:25:6");
    assert_eq!(v["triggers_text"][1], "vega_este:1:all:50:6:2");
    let o = &v["outcome"];
    assert_eq!(o["plan"]["triggers"][1]["persistence_months"], 2);
    assert_eq!(o["member_events"].as_array().unwrap().len(), 3);
    let firing = o["triggers"][0]["members_firing"].as_u64().unwrap();
    let with_events = o["member_events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m.as_array().unwrap().iter().any(|e| e["trigger"] == 0))
        .count() as u64;
    assert_eq!(firing, with_events);
    assert_eq!(o["limits"][0]["with_plan"]["members"], 3);
    assert!(o["lithium"]["mean_total_with_plan_t"].as_f64().unwrap() > 0.0);
    assert!(v["sentences_es"][0]
        .as_str()
        .unwrap()
        .starts_with("Con este plan,"));
    let text = cuenca(&[
        "plan",
        "--preset",
        "fs2019",
        "--scenario",
        "years=10",
        "--members",
        "2",
        "--trigger",
        "vega_este:0.3:all:100:0",
        "--format",
        "text",
    ]);
    assert!(text.status.success());
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(t.contains("T1  vega_este:0.3:all:100:0: fires in"), "{t}");
    assert!(t.contains("Sin el proyecto, el plan"), "{t}");
    for (args, says) in [
        (
            vec!["--trigger", "vega_este:0.3:water:25:6"],
            "brine, fresh or all",
        ),
        (vec!["--trigger", "vega_este:0.3:brine:25"], "has 4 parts"),
        (
            vec!["--trigger", "vega_luna:0.3:brine:25:6"],
            "not a site of the basin",
        ),
        (
            vec![
                "--preset",
                "natural",
                "--trigger",
                "vega_este:0.3:brine:25:6",
            ],
            "with a project",
        ),
        (vec![], "at least one --trigger"),
        (
            vec![
                "--trigger",
                "vega_este:0.3:brine:25:6",
                "--limit",
                "x:drawdown:1",
            ],
            "Usage: cuenca plan",
        ),
    ] {
        let out = cuenca(&[&["plan"][..], &args].concat());
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// `cuenca run --trigger`: the run under the plan, with its month-by-month record; without a
/// trigger the digest is the run's without a plan, with one that fires it is not.
#[test]
fn run_with_a_trigger_records_the_plan_month_by_month() {
    let digest = |extra: &[&str]| {
        let out = cuenca(
            &[
                &["run", "--preset", "jv2025", "--format", "digest"][..],
                extra,
            ]
            .concat(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let plain = digest(&[]);
    assert_ne!(digest(&["--trigger", "vega_este:0.3:brine:25:6"]), plain);
    assert_eq!(digest(&["--trigger", "vega_este:100:brine:25:6"]), plain);
    let out = cuenca(&[
        "run",
        "--preset",
        "jv2025",
        "--trigger",
        "vega_este:0.3:brine:25:6",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let p = &v["plan"];
    let months = v["series"]["months"].as_array().unwrap().len();
    assert_eq!(p["brine_cut"].as_array().unwrap().len(), months);
    assert_eq!(p["in_force"][0].as_array().unwrap().len(), months);
    assert_eq!(p["events"][0]["kind"], "fired");
    let bad = cuenca(&["run", "--trigger", "vega_este:0.3"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("has 2 parts"));
}

/// A temporary observations file, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, text: &[u8]) -> TempFile {
        let p = std::env::temp_dir().join(format!("cuenca-{}-{name}", std::process::id()));
        std::fs::write(&p, text).unwrap();
        TempFile(p)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn the_observations_template_reads_back_in_a_run_with_a_fit_sentence() {
    let out = cuenca(&["observations"]);
    assert!(out.status.success());
    let template = out.stdout;
    assert!(String::from_utf8_lossy(&template).contains("site,date,quantity,value,unit,who,error"));
    let bad = b"\nnowhere,2025-05,depth_to_water_m,1,m,<script>alert(1)</script>,\n";
    let mut text = template.clone();
    text.extend_from_slice(bad);
    let f = TempFile::new("run.csv", &text);
    let out = cuenca(&["run", "--scenario", "years=3", "--observations", f.path()]);
    let v = json(&out);
    let o = &v["observations"];
    // Three readings at sites, a wellfield's pumped lithium and the whole basin's vega area.
    assert_eq!(o["readings"].as_array().unwrap().len(), 5);
    assert!(o["readings"][0]["simulated"].as_f64().is_some());
    assert!(o["readings"][4]["simulated"].as_f64().is_some());
    // The default scenario's wells start pumping after the template's 2025 sample: no value to
    // compare, and said so.
    assert!(o["readings"][3]["simulated"].is_null());
    assert_eq!(
        (o["outside_run"].as_u64(), o["not_pumping"].as_u64()),
        (Some(0), Some(1))
    );
    let fit = o["fit"].as_array().unwrap();
    assert_eq!(fit.len(), 4);
    assert!(fit[3]["sentence_es"]
        .as_str()
        .unwrap()
        .contains("de vega verde que lo medido en toda la cuenca"));
    assert!(fit[0]["sentence_es"]
        .as_str()
        .unwrap()
        .starts_with("El modelo"));
    let problems = o["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["kind"], "unknown_site");
    assert!(problems[0]["message_en"]
        .as_str()
        .unwrap()
        .starts_with("Row "));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
    // Only JSON carries observations.
    let out = cuenca(&["run", "--format", "csv", "--observations", f.path()]);
    assert!(!out.status.success());
}

#[test]
fn ensemble_with_observations_gives_weights_and_weighted_ranges() {
    let text = "site,date,quantity,value,unit,who\n\
                vega_este,2025-06,depth_to_water_m,0.3,m,x\n\
                vega_este,2026-06,depth_to_water_m,0.3,m,x\n\
                vega_este,1999-06,depth_to_water_m,0.3,m,x\n\
                vega_este,2025-06,depth_to_water_m,0.3,ft,x\n";
    let f = TempFile::new("ens.csv", text.as_bytes());
    let out = cuenca(&[
        "ensemble",
        "--scenario",
        "years=3",
        "--members",
        "6",
        "--observations",
        f.path(),
    ]);
    let v = json(&out);
    let o = &v["observations"];
    assert_eq!(o["read"].as_array().unwrap().len(), 3);
    assert_eq!(o["used"], 2);
    assert_eq!(o["unused"][0]["reason"], "outside_run");
    assert_eq!(o["problems"][0]["kind"], "wrong_unit");
    let w: Vec<f64> = o["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(w.len(), 6);
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    let ess = o["ess"].as_f64().unwrap();
    assert!((1.0..=6.0 + 1e-9).contains(&ess));
    let ind = &o["indicators"][0];
    assert!(ind["weighted"]["p50"].is_number() && ind["unweighted"]["p90"].is_number());
    assert!(!o["messages_en"].as_array().unwrap().is_empty());
    // The readings' error includes the weather mismatch, measured over 20 sequences of years,
    // unless it is switched off; a bad switch is refused.
    assert_eq!(o["weather_sequences"], 20);
    let off = |value: &str| {
        cuenca(&[
            "ensemble",
            "--scenario",
            "years=3",
            "--members",
            "6",
            "--observations",
            f.path(),
            "--weather-mismatch",
            value,
        ])
    };
    let out = off("off");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["observations"]["weather_sequences"], 0);
    let out = off("maybe");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("takes on or off"));
}

/// When the readings leave the weight on too few members, twice as many are drawn until they do
/// not or `--max-members` is reached: the sizes double from `--members`, the weights are the last
/// ensemble's, and it stops early only with weights that no longer collapse.
#[test]
fn collapsed_weights_draw_more_members_up_to_the_cap() {
    // Trends no member follows (the vega's water table falling 5 cm a month, the village well's
    // rising 20 cm a month), read to a centimetre: the weight falls on one member.
    let mut text = String::from("site,date,quantity,value,unit,who,error\n");
    for k in 1..=24 {
        let ym = format!("{}-{:02}", 2026 + (k - 1) / 12, (k - 1) % 12 + 1);
        text.push_str(&format!(
            "vega_este,{ym},depth_to_water_m,{:.2},m,x,0.01\npozo_comunitario,{ym},depth_to_water_m,{:.2},m,x,0.01\n",
            0.3 + 0.05 * k as f64,
            150.0 - 0.2 * k as f64
        ));
    }
    let f = TempFile::new("collapse.csv", text.as_bytes());
    let out = cuenca(&[
        "ensemble",
        "--scenario",
        "years=3",
        "--members",
        "12",
        "--max-members",
        "48",
        "--observations",
        f.path(),
    ]);
    let v = json(&out);
    let o = &v["observations"];
    let drawn: Vec<u64> = o["members_drawn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    assert_eq!(drawn[0], 12);
    assert!(
        drawn.len() > 1,
        "12 members collapse under these readings: {drawn:?}"
    );
    assert!(drawn.windows(2).all(|w| w[1] == 2 * w[0]), "{drawn:?}");
    let last = *drawn.last().unwrap();
    assert!(last <= 48, "{drawn:?}");
    assert_eq!(o["weights"].as_array().unwrap().len() as u64, last);
    assert_eq!(o["members"].as_u64().unwrap(), last);
    if o["collapsed"] == true {
        assert!(last * 2 > 48, "collapsed at {last} with room to draw more");
    }
    let out = cuenca(&["ensemble", "--max-members", "1"]);
    assert!(!out.status.success());
}

#[test]
fn hostile_observations_files_give_messages_not_panics() {
    let big = "x".repeat(1_100_000);
    let cases: [&[u8]; 5] = [
        b"",
        b"\xef\xbb\xbf",
        b"\xff\xfe\x00s\x00i\x00t\x00e",
        b"a,b\n1,2\n",
        big.as_bytes(),
    ];
    for (k, text) in cases.iter().enumerate() {
        let f = TempFile::new(&format!("hostile{k}.csv"), text);
        let out = cuenca(&["run", "--scenario", "years=1", "--observations", f.path()]);
        assert!(
            out.status.success(),
            "case {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            !v["observations"]["problems"].as_array().unwrap().is_empty(),
            "case {k}"
        );
    }
    let out = cuenca(&["run", "--observations", "/nonexistent/obs.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be read"));
}

/// `cuenca measure-next`: ranked measurements, each leaving no more of the range than there was,
/// one line per site, quantity and frequency, and a clear refusal of an unknown result.
#[test]
fn measure_next_ranks_measurements_by_the_width_they_leave() {
    let out = cuenca(&[
        "measure-next",
        "--preset",
        "fs2019",
        "--scenario",
        "years=20",
        "--members",
        "20",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(
        v["weather_sequences"], 20,
        "readings' error includes the weather mismatch"
    );
    let before = v["before"]["p90"].as_f64().unwrap() - v["before"]["p10"].as_f64().unwrap();
    let ranked = v["ranked"].as_array().unwrap();
    assert!(ranked.len() >= 10, "{}", ranked.len());
    let widths: Vec<f64> = ranked
        .iter()
        .map(|r| r["width_after"].as_f64().unwrap())
        .collect();
    assert!(
        widths.windows(2).all(|w| w[0] <= w[1]),
        "most narrowing first: {widths:?}"
    );
    // The best reading narrows the range; the least telling leaves about all of it (a weighted
    // range may come out a little wider than the unweighted one: weights can favour the ends).
    assert!(widths[0] < 0.5 * before, "{widths:?} vs {before}");
    assert!(
        widths.iter().all(|&w| w <= 1.1 * before),
        "{widths:?} vs {before}"
    );
    let series: std::collections::HashSet<String> = ranked
        .iter()
        .map(|r| {
            let c = &r["candidate"];
            format!("{}/{}/{}", c["site"], c["quantity"], c["every_months"])
        })
        .collect();
    assert_eq!(
        series.len(),
        ranked.len(),
        "one line per site, quantity and frequency"
    );
    assert!(ranked[0]["sentence"]
        .as_str()
        .unwrap()
        .starts_with("Medir "));

    let out = cuenca(&["measure-next", "--members", "20", "--result", "nothing"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no result \"nothing\""));
}

/// `--hindcast`: the run starts in the past under the file's climate, a reading from before
/// the start meets it, the months the file lacks are said on stderr, and a file with no usable
/// month is refused with a message.
#[test]
fn a_hindcast_meets_readings_before_the_start() {
    let climate = TempFile::new(
        "climate.csv",
        b"date,precip_mm\n2022-01,80\n2022-02,95\n2023-01,10\n2024-12,3\n",
    );
    let readings = TempFile::new(
        "hindcast-readings.csv",
        b"site,date,quantity,value,unit,who\nvega_este,2023-06,depth_to_water_m,0.8,m,test\n",
    );
    let args = [
        "run",
        "--scenario",
        "years=2",
        "--observations",
        readings.path(),
    ];
    let plain = json(&cuenca(&args));
    assert_eq!(plain["observations"]["outside_run"], 1);
    let mut with = args.to_vec();
    with.extend(["--hindcast", climate.path()]);
    let out = cuenca(&with);
    let v = json(&out);
    let months = v["hindcast"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 36);
    assert_eq!(months[0], serde_json::json!({"year": 2022, "month": 1}));
    assert_eq!(v["series"]["months"][0]["year"], 2025);
    let o = &v["observations"];
    assert_eq!(o["outside_run"], 0);
    assert!(o["readings"][0]["simulated"].as_f64().is_some());
    assert!(o["fit"][0]["sentence_en"]
        .as_str()
        .unwrap()
        .contains("2023"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("32 months have no value"), "{stderr}");
    // The ensemble's members start in the past too, and the reading weighs them.
    let members = [
        "ensemble",
        "--members",
        "4",
        "--weather-mismatch",
        "off",
        "--scenario",
        "years=2",
        "--observations",
        readings.path(),
    ];
    let v = json(&cuenca(&members));
    assert_eq!(v["observations"]["used"], 0);
    let mut with = members.to_vec();
    with.extend(["--hindcast", climate.path()]);
    let v = json(&cuenca(&with));
    assert_eq!(v["observations"]["used"], 1);
    let refused = cuenca(&["measure-next", "--hindcast", climate.path()]);
    assert!(!refused.status.success());
    let future = TempFile::new("climate-future.csv", b"date,precip_mm\n2030-01,5\n");
    let out = cuenca(&["run", "--hindcast", future.path()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not before 2025") && stderr.contains("no month before 2025"));
}
