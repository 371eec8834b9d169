//! Exports of a model run and of an ensemble's ranges that the web app downloads and the CLI
//! prints: one definition of the CSV columns for both.

use cuenca_model::outputs::springs::{flow_l_per_s, SpringLine};
use cuenca_model::{EnsembleSummary, Results};

/// Columns before the per-site ones; documented in `crates/cli/README.md`.
const COLUMNS: [&str; 18] = [
    "year",
    "month",
    "recharge_m3",
    "old_water_m3",
    "evaporation_m3",
    "brine_pumped_m3",
    "reinjected_m3",
    "reinjection_refused_m3",
    "fresh_pumped_m3",
    "storage_change_m3",
    "closure_m3",
    "brine_shortfall_m3",
    "vega_area_ha",
    "lagoon_area_ha",
    "spring_flow_l_per_s",
    "lithium_t_lce",
    "li_pumped_mg_per_l",
    "protection_active",
];

/// The spring line of a spring site, if the run has one.
fn spring_line<'a>(r: &'a Results, site: &str) -> Option<&'a SpringLine> {
    r.indicators
        .spring_lines
        .iter()
        .find(|l| l.site.as_deref() == Some(site))
}

/// Monthly results, one row per month of each run. With more than one run (a comparison) the
/// first column names the run. Sites are taken from the first run (all runs share a basin).
pub fn monthly_csv(runs: &[(&str, &Results)]) -> String {
    let labelled = runs.len() > 1;
    let mut out = csv::Writer::from_writer(Vec::new());
    let Some((_, first)) = runs.first() else {
        return String::new();
    };
    let mut header: Vec<String> = Vec::new();
    if labelled {
        header.push("scenario".into());
    }
    header.extend(COLUMNS.iter().map(|c| c.to_string()));
    // A site over a fresh-water lens also gets its interface, its rise against the no-project
    // run (+ up) and the lens's thickness.
    for (s, c) in first.site_series() {
        header.push(format!("drawdown_m_{}", s.id));
        header.push(format!("depth_to_water_m_{}", s.id));
        if !c.interface_m.is_empty() {
            header.push(format!("interface_m_{}", s.id));
            header.push(format!("interface_rise_m_{}", s.id));
            header.push(format!("lens_thickness_m_{}", s.id));
        }
        // A vega or fresh-water wellfield over a lens: how close brackish water comes to the
        // roots or the screens; a wellfield also its wells, each one's rate, its critical
        // rate and the cone under it.
        // A vega: its green area; a spring site: its spring line's flow and the water table
        // above the outlet (negative: stopped).
        if !c.green_area_ha.is_empty() {
            header.push(format!("green_area_ha_{}", s.id));
        }
        // A brine wellfield: the lithium concentration of what its wells pumped (0: none).
        if !c.pumped_li_mg_per_l.is_empty() {
            header.push(format!("pumped_li_mg_per_l_{}", s.id));
        }
        if spring_line(first, &s.id).is_some() {
            header.push(format!("spring_flow_l_per_s_{}", s.id));
            header.push(format!("head_above_outlet_m_{}", s.id));
        }
        if let Some(cl) = first.clearances.iter().find(|c| c.site == s.id) {
            header.push(format!("clearance_m_{}", s.id));
            if cl.well.is_some() {
                header.push(format!("wells_{}", s.id));
                header.push(format!("rate_per_well_l_per_s_{}", s.id));
                header.push(format!("critical_rate_l_per_s_{}", s.id));
                header.push(format!("cone_rise_m_{}", s.id));
            }
        }
    }
    // Writing to memory cannot fail; a failure would only mean a shorter file.
    let _ = out.write_record(&header);
    for (label, r) in runs {
        let se = &r.series;
        for (m, ym) in r.months.iter().enumerate() {
            let a = &r.accounts[m];
            let mut row: Vec<String> = Vec::with_capacity(header.len());
            if labelled {
                row.push(label.to_string());
            }
            row.extend([
                ym.year.to_string(),
                ym.month.to_string(),
                a.recharge_generated_m3.to_string(),
                (a.brine.old_water_m3 + a.fresh.old_water_m3).to_string(),
                a.evaporation_m3().to_string(),
                a.brine.pumped_m3.to_string(),
                (a.brine.reinjected_m3 + a.fresh.reinjected_m3).to_string(),
                a.reinjection_refused_m3.to_string(),
                a.fresh.pumped_m3.to_string(),
                (a.brine.storage_change_m3 + a.fresh.storage_change_m3).to_string(),
                format!("{:e}", a.closure_m3),
                a.brine_shortfall_m3.to_string(),
                se.vega_area_ha[m].to_string(),
                se.lagoon_area_ha[m].to_string(),
                se.spring_flow_l_per_s[m].to_string(),
                se.lithium_t_lce[m].to_string(),
                se.li_pumped_mg_per_l[m].to_string(),
                u8::from(se.protection_active[m]).to_string(),
            ]);
            for (s, c) in r.site_series() {
                row.push(c.drawdown_m[m].to_string());
                row.push(c.depth_to_water_m[m].to_string());
                if !c.interface_m.is_empty() {
                    row.push(c.interface_m[m].to_string());
                    row.push(c.interface_rise_m[m].to_string());
                    row.push(c.lens_thickness_m[m].to_string());
                }
                if !c.green_area_ha.is_empty() {
                    row.push(c.green_area_ha[m].to_string());
                }
                if !c.pumped_li_mg_per_l.is_empty() {
                    row.push(c.pumped_li_mg_per_l[m].to_string());
                }
                if let Some(l) = spring_line(r, &s.id) {
                    let h = c.head_m[m];
                    row.push(flow_l_per_s(h, l.outlet_m, l.conductance_m2_per_day).to_string());
                    row.push((h - l.outlet_m).to_string());
                }
                if let Some(cl) = r.clearances.iter().find(|x| x.site == s.id) {
                    row.push(cl.clearance_m[m].to_string());
                    if let Some(w) = &cl.well {
                        row.push(w.wells[m].to_string());
                        row.push(w.rate_per_well_l_per_s[m].to_string());
                        row.push(w.critical_rate_l_per_s[m].to_string());
                        row.push(w.cone_rise_m[m].to_string());
                    }
                }
            }
            let _ = out.write_record(&row);
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// An ensemble's summary, `series,unit,year,month,p10,p50,p90`: every series month, then every
/// indicator with year and month empty ([`EnsembleSummary::rows`]). Numbers in shortest
/// round-trip form.
pub fn ensemble_csv(summary: &EnsembleSummary) -> String {
    let rows: Vec<Vec<String>> = summary
        .rows()
        .iter()
        .map(|r| {
            vec![
                r.series.to_string(),
                r.unit.to_string(),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                r.month.map(|m| m.to_string()).unwrap_or_default(),
                r.p10.to_string(),
                r.p50.to_string(),
                r.p90.to_string(),
            ]
        })
        .collect();
    table_csv(
        &["series", "unit", "year", "month", "p10", "p50", "p90"],
        &rows,
    )
}

/// Any table as CSV (RFC 4180 quoting), for summaries built elsewhere (the ensemble's ranges).
pub fn table_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; a failure would only mean a shorter file.
    let _ = out.write_record(header);
    for row in rows {
        let _ = out.write_record(row);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Where a file's numbers come from, as `# key: value` lines before the CSV's header (the model
/// version, the scenario's link, the date, the licence). Readers skip them with a comment
/// option (`pandas.read_csv(comment="#")`, `read.csv(comment.char = "#")`).
pub fn with_provenance(csv: &str, lines: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (key, value) in lines {
        // One line each, whatever the value holds.
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        out.push_str(&format!("# {key}: {value}\n"));
    }
    out.push_str(csv);
    out
}

/// The scenario link (its query, without `?`) that an exported file carries: the `# link:` line
/// of a CSV, or the `"link"` of a scenario JSON. `None` for a file that carries none. What is
/// returned is untrusted text, to be read with the link codec.
pub fn link_in(text: &str) -> Option<String> {
    let raw = if let Some(line) = text.lines().find_map(|l| l.strip_prefix("# link: ")) {
        line.trim()
    } else {
        // The JSON writer escapes only quotes, backslashes and control characters, none of
        // which a written link holds (it is percent-encoded): the value ends at the next quote.
        let start = text.find("\"link\"")? + "\"link\"".len();
        let rest = text[start..].trim_start().strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        &rest[..rest.find('"')?]
    };
    let query = raw.split_once('?').map_or(raw, |(_, q)| q);
    Some(query.to_string())
}

/// A file name that says what and when: `cuenca_fs2019_2026-11-28.csv`. Anything but ASCII
/// letters, digits and `-` becomes `-`, so a name is safe on every system.
pub fn file_name(what: &str, date: &str, extension: &str) -> String {
    let clean = |s: &str| -> String {
        let mapped: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        mapped.trim_matches('-').chars().take(40).collect()
    };
    format!(
        "cuenca_{}_{}.{}",
        clean(what),
        clean(date),
        clean(extension)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_names_its_link_and_the_link_is_read_back() {
        let csv = with_provenance(
            "year,month\n2025,1\n",
            &[
                ("model", "Cuenca 0.3.4"),
                (
                    "link",
                    "https://x.example/app/?v=1&prod=24000&title=Grupo+3",
                ),
                ("note", "two\nlines"),
            ],
        );
        assert!(csv.starts_with("# model: Cuenca 0.3.4\n# link: https://x.example/app/?v=1&prod=24000&title=Grupo+3\n# note: twolines\nyear,month\n"));
        assert_eq!(
            link_in(&csv).as_deref(),
            Some("v=1&prod=24000&title=Grupo+3")
        );
        // The scenario JSON as the page writes it (pretty, `link` a bare query).
        let json = "{\n  \"model_version\": \"0.3.4\",\n  \"link\": \"v=1&m=0.3.4&prod=24000\",\n  \"url\": \"https://x/?v=1\"\n}";
        assert_eq!(link_in(json).as_deref(), Some("v=1&m=0.3.4&prod=24000"));
        assert_eq!(link_in("year,month\n2025,1\n"), None);
        assert_eq!(link_in("{\"link\": 3}"), None);
        assert_eq!(link_in("{\"link\": \"unterminated"), None);
    }

    use super::*;
    use cuenca_model::presets::by_id;
    use cuenca_model::{run, run_ensemble, Basin, EnsembleSpec, LeverId};

    #[test]
    fn one_row_per_month_and_a_column_per_site_measure() {
        let basin = Basin::default_basin();
        let r = run(&basin, &by_id("fs2019").expect("preset").scenario()).expect("runs");
        let text = monthly_csv(&[("fs2019", &r)]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().expect("header").clone();
        let lens_sites = r
            .site_series()
            .filter(|(_, c)| !c.interface_m.is_empty())
            .count();
        let wells = r.clearances.iter().filter(|c| c.well.is_some()).count();
        // Vegas: their green area; spring sites: flow and head above the outlet.
        let vegas = r.indicators.vegas.len();
        let springs = r
            .indicators
            .spring_lines
            .iter()
            .filter(|l| l.site.is_some())
            .count();
        assert_eq!((vegas, springs), (4, 2));
        // Brine wellfields: their pumped lithium.
        let wellfields = r
            .sites
            .iter()
            .filter(|s| s.kind == "brine_wellfield")
            .count();
        assert_eq!(wellfields, 3);
        assert_eq!(
            header.len(),
            COLUMNS.len()
                + 2 * r.sites.len()
                + 3 * lens_sites
                + r.clearances.len()
                + 4 * wells
                + vegas
                + 2 * springs
                + wellfields
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|x| x.expect("row")).collect();
        assert_eq!(rows.len(), r.months.len());
        // The lithium column adds up to the run's total.
        let k = header
            .iter()
            .position(|h| h == "lithium_t_lce")
            .expect("column");
        let total: f64 = rows
            .iter()
            .map(|row| row[k].parse::<f64>().expect("number"))
            .sum();
        assert!((total - r.totals.lithium_t_lce).abs() <= 1e-6 * r.totals.lithium_t_lce.max(1.0));
    }

    #[test]
    fn a_comparison_names_each_run() {
        let basin = Basin::default_basin();
        let a = run(&basin, &by_id("natural").expect("preset").scenario()).expect("runs");
        let b = run(
            &basin,
            &by_id("dle_reinjection").expect("preset").scenario(),
        )
        .expect("runs");
        let text = monthly_csv(&[("A, natural", &a), ("B", &b)]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(&reader.headers().expect("header")[0], "scenario");
        let labels: Vec<String> = reader
            .records()
            .map(|r| r.expect("row")[0].to_string())
            .collect();
        assert_eq!(labels.len(), a.months.len() + b.months.len());
        assert_eq!(
            labels[0], "A, natural",
            "a comma in a name is quoted, not split"
        );
    }

    /// A 4-member ensemble of the 2019 plan over five years.
    fn small_summary() -> EnsembleSummary {
        let basin = Basin::default_basin();
        let scenario = by_id("fs2019")
            .expect("preset")
            .scenario()
            .with(LeverId::Years, 5.0);
        let spec = EnsembleSpec {
            members: 4,
            ..EnsembleSpec::default()
        };
        run_ensemble(&basin, &scenario, &spec)
            .expect("runs")
            .summary()
    }

    #[test]
    fn ensemble_csv_has_one_row_per_series_month_and_per_indicator() {
        let sum = small_summary();
        let csv = ensemble_csv(&sum);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "series,unit,year,month,p10,p50,p90");
        assert_eq!(
            lines.len() - 1,
            sum.series.len() * 60 + sum.indicators.len()
        );
        assert_eq!(sum.rows().len(), lines.len() - 1);
        let row: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(row.len(), 7);
        assert_eq!((row[2], row[3]), ("2025", "1"));
        let b = &sum.series[0];
        assert_eq!(row[0], b.id);
        assert_eq!(row[5].parse::<f64>().unwrap(), b.p50[0]);
        let last: Vec<&str> = lines.last().unwrap().split(',').collect();
        assert_eq!((last[2], last[3]), ("", ""));
    }

    /// The bytes of the plain string building this writer replaced: quotes only where needed,
    /// numbers in shortest round-trip form without exponent.
    #[test]
    fn ensemble_csv_quotes_only_odd_ids_and_keeps_shortest_numbers() {
        let mut sum = small_summary();
        let s = &mut sum.series[0];
        s.id = "a,\"b\"".into();
        (s.p10[0], s.p50[0], s.p90[0]) = (0.1 + 0.2, 1e-7, 1.0);
        let csv = ensemble_csv(&sum);
        assert_eq!(
            csv.lines().nth(1),
            Some("\"a,\"\"b\"\"\",m,2025,1,0.30000000000000004,0.0000001,1")
        );
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            file_name("fs2019", "2026-11-28", "csv"),
            "cuenca_fs2019_2026-11-28.csv"
        );
        assert_eq!(
            file_name("../<script>", "2026-11-28", "png"),
            "cuenca_script_2026-11-28.png"
        );
    }
}
