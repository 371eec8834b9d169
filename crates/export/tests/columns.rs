//! Every column of the monthly CSV holds the `Results` field its name (and `crates/cli/README.md`)
//! says, month by month, for a run where every column carries a different signal.

use cuenca_export::monthly_csv;
use cuenca_model::presets::by_id;
use cuenca_model::{run, Basin, LeverId, Results};

/// What each fixed column claims to be, read from `Results` field by field (sums written out
/// here, not through the accounts' helper methods).
fn claimed(r: &Results, column: &str) -> Option<Vec<f64>> {
    let acc = |f: &dyn Fn(&cuenca_model::outputs::accounts::MonthAccounts) -> f64| {
        r.accounts.iter().map(f).collect::<Vec<f64>>()
    };
    let s = &r.series;
    Some(match column {
        "year" => r.months.iter().map(|m| m.year as f64).collect(),
        "month" => r.months.iter().map(|m| m.month as f64).collect(),
        "recharge_m3" => acc(&|a| a.recharge_generated_m3),
        "old_water_m3" => acc(&|a| a.brine.old_water_m3 + a.fresh.old_water_m3),
        "evaporation_m3" => acc(&|a| {
            let (b, f) = (&a.brine, &a.fresh);
            b.evap_mudflat_m3
                + b.evap_crust_m3
                + b.evap_vega_m3
                + b.evap_lagoon_m3
                + f.evap_mudflat_m3
                + f.evap_crust_m3
                + f.evap_vega_m3
                + f.evap_lagoon_m3
        }),
        "brine_pumped_m3" => acc(&|a| a.brine.pumped_m3),
        "reinjected_m3" => acc(&|a| a.brine.reinjected_m3 + a.fresh.reinjected_m3),
        "reinjection_refused_m3" => acc(&|a| a.reinjection_refused_m3),
        "fresh_pumped_m3" => acc(&|a| a.fresh.pumped_m3),
        "storage_change_m3" => acc(&|a| a.brine.storage_change_m3 + a.fresh.storage_change_m3),
        "closure_m3" => acc(&|a| a.closure_m3),
        "brine_shortfall_m3" => acc(&|a| a.brine_shortfall_m3),
        "vega_area_ha" => s.vega_area_ha.clone(),
        "lagoon_area_ha" => s.lagoon_area_ha.clone(),
        "spring_flow_l_per_s" => s.spring_flow_l_per_s.clone(),
        "lithium_t_lce" => s.lithium_t_lce.clone(),
        "li_pumped_mg_per_l" => s.li_pumped_mg_per_l.clone(),
        "protection_active" => s
            .protection_active
            .iter()
            .map(|&on| if on { 1.0 } else { 0.0 })
            .collect(),
        _ => {
            for (site, cell) in r.site_series() {
                if column == format!("drawdown_m_{}", site.id) {
                    return Some(cell.drawdown_m.clone());
                }
                if column == format!("depth_to_water_m_{}", site.id) {
                    return Some(cell.depth_to_water_m.clone());
                }
                if column == format!("interface_m_{}", site.id) {
                    return Some(cell.interface_m.clone());
                }
                if column == format!("interface_rise_m_{}", site.id) {
                    return Some(cell.interface_rise_m.clone());
                }
                if column == format!("lens_thickness_m_{}", site.id) {
                    return Some(cell.lens_thickness_m.clone());
                }
                if column == format!("pumped_li_mg_per_l_{}", site.id) {
                    return Some(cell.pumped_li_mg_per_l.clone());
                }
                if column == format!("green_area_ha_{}", site.id) {
                    return Some(cell.green_area_ha.clone());
                }
                // A spring line's flow, C·max(h − z, 0) written out (the model's law is that
                // smoothed over a few centimetres: the comparison below allows its largest
                // departure, C·w·ln 2, at the outlet), and the head above the outlet.
                let line = r
                    .indicators
                    .spring_lines
                    .iter()
                    .find(|l| l.site.as_deref() == Some(site.id.as_str()));
                if let Some(l) = line {
                    if column == format!("head_above_outlet_m_{}", site.id) {
                        return Some(cell.head_m.iter().map(|h| h - l.outlet_m).collect());
                    }
                    if column == format!("spring_flow_l_per_s_{}", site.id) {
                        let c = l.conductance_m2_per_day;
                        return Some(
                            cell.head_m
                                .iter()
                                .map(|h| c * (h - l.outlet_m).max(0.0) / 86.4)
                                .collect(),
                        );
                    }
                }
                let clearance = r.clearances.iter().find(|c| c.site == site.id);
                if let Some(cl) = clearance {
                    if column == format!("clearance_m_{}", site.id) {
                        return Some(cl.clearance_m.clone());
                    }
                }
                if let Some(w) = clearance.and_then(|c| c.well.as_ref()) {
                    if column == format!("wells_{}", site.id) {
                        return Some(w.wells.iter().map(|&n| n as f64).collect());
                    }
                    if column == format!("rate_per_well_l_per_s_{}", site.id) {
                        return Some(w.rate_per_well_l_per_s.clone());
                    }
                    if column == format!("critical_rate_l_per_s_{}", site.id) {
                        return Some(w.critical_rate_l_per_s.clone());
                    }
                    if column == format!("cone_rise_m_{}", site.id) {
                        return Some(w.cone_rise_m.clone());
                    }
                }
            }
            return None;
        }
    })
}

/// The 2025 joint-venture plan (ponds and DLE, reinjection, fresh water from the east fan) with
/// the protection rule watching the Santa Rosa vega and a share of old water, so that brine and
/// fresh pumping, reinjection (some of it refused), old water, shortfall-free production and the
/// protection flag all move.
#[test]
fn every_csv_column_is_the_results_field_it_names() {
    let basin = Basin::default_basin();
    let scenario = by_id("jv2025")
        .expect("preset")
        .scenario()
        .with(LeverId::ProtectSite, 1.0)
        .with(LeverId::ProtectThreshold, 0.05)
        .with(LeverId::ProtectCut, 50.0)
        .with(LeverId::OldWater, 30.0);
    let r = run(&basin, &scenario).expect("runs");
    let text = monthly_csv(&[("jv2025", &r)]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), r.months.len());
    // Sites over a lens carry three more columns: the interface, its rise and the lens.
    let lens_sites = r
        .site_series()
        .filter(|(_, c)| !c.interface_m.is_empty())
        .count();
    assert!(lens_sites > 0);
    // Four vegas carry their root-zone clearance; the wellfield its clearance and four more
    // columns on its wells.
    assert_eq!(r.clearances.len(), 5);
    // Four vegas carry their green area; two spring sites their flow and head above the outlet.
    let (vegas, springs) = (r.indicators.vegas.len(), 2);
    assert_eq!(vegas, 4);
    // Three brine wellfields carry their pumped lithium.
    let wellfields = 3;
    assert_eq!(
        header.len(),
        18 + 2 * r.sites.len()
            + 3 * lens_sites
            + r.clearances.len()
            + 4
            + vegas
            + 2 * springs
            + wellfields
    );
    let mut columns: Vec<(String, Vec<f64>)> = Vec::new();
    for (k, name) in header.iter().enumerate() {
        let want = claimed(&r, name).unwrap_or_else(|| panic!("column {name} has no reference"));
        let got: Vec<f64> = rows
            .iter()
            .map(|row| row[k].parse::<f64>().expect("a number"))
            .collect();
        // The spring law's smoothing at the outlet, L/s (C·w·ln 2 with the largest C).
        let smoothing = if name.starts_with("spring_flow_l_per_s_") {
            let c = r
                .indicators
                .spring_lines
                .iter()
                .map(|l| l.conductance_m2_per_day)
                .fold(0.0, f64::max);
            c * cuenca_model::physics::surface::SPRING_SMOOTHING_M * std::f64::consts::LN_2 / 86.4
        } else {
            0.0
        };
        assert_eq!(got.len(), want.len(), "{name}");
        for (m, (&g, &w)) in got.iter().zip(&want).enumerate() {
            // Numbers are written in shortest round-trip form, so a field copied as it is reads
            // back bit for bit; the two sums above may round differently from the writer's order
            // of addition, by a few ulps of their largest term (≤ 1e-12 relative).
            assert!(
                g == w || (g - w).abs() <= 1e-12 * (g.abs().max(w.abs())) + smoothing,
                "{name}, month {m}: CSV {g}, Results {w}"
            );
        }
        columns.push((name.clone(), got));
    }
    // The run tells every fixed column apart: any two of them differ in some month, so a swap of
    // two columns cannot pass.
    for (i, (a, x)) in columns.iter().take(18).enumerate() {
        for (b, y) in columns.iter().take(18).skip(i + 1) {
            assert_ne!(x, y, "columns {a} and {b} are identical in this run");
        }
    }
}

/// The reinjected column adds both accounts: spent brine reinjected into a fresh cell (a basin
/// may list any cell among its reinjection places) is counted in the fresh account.
#[test]
fn reinjection_into_a_fresh_cell_is_in_the_reinjected_column() {
    let toml = cuenca_model::basin::DEFAULT_BASIN_TOML.replacen(
        "key = \"norte\"\ncell = \"nuc_n\"",
        "key = \"norte\"\ncell = \"fan_e_up\"",
        1,
    );
    assert_ne!(
        toml,
        cuenca_model::basin::DEFAULT_BASIN_TOML,
        "the first reinjection place moved"
    );
    let basin = Basin::from_toml_str(&toml).expect("the variant loads");
    let scenario = by_id("dle_reinjection")
        .expect("preset")
        .scenario()
        .with(LeverId::ReinjectionCell, 0.0)
        .with(LeverId::Years, 5.0);
    let r = run(&basin, &scenario).expect("runs");
    let fresh: f64 = r.accounts.iter().map(|a| a.fresh.reinjected_m3).sum();
    assert!(fresh > 0.0, "the fresh cell takes the spent brine");
    let text = monthly_csv(&[("fresh", &r)]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let k = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "reinjected_m3")
        .expect("column");
    for (row, a) in reader.records().zip(r.accounts.iter()) {
        let got: f64 = row.expect("row")[k].parse().expect("a number");
        let want = a.brine.reinjected_m3 + a.fresh.reinjected_m3;
        assert!((got - want).abs() <= 1e-9 * want.abs(), "{got} vs {want}");
    }
}
