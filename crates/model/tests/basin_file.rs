//! Basin files: the default loads; bad files give sentences naming the key, value and range.

use cuenca_model::scenario::levers::LEVERS;
use cuenca_model::{Basin, BasinError, ParamValue};

const CELL: &str = r#"
[[cells]]
id = "a"
kind = "aquifer"
area_km2 = 1.0
ground_m = 10.0
bottom_m = 0.0
sy = 0.1
"#;

#[test]
fn default_basin_loads_with_params_and_cells() {
    let b = Basin::default_basin();
    assert!(
        (20..=30).contains(&b.cells.len()),
        "{} cells",
        b.cells.len()
    );
    assert!(b.params().any(|p| p.id == "wb.recharge_frac"
        && p.value == ParamValue::Number(0.08)
        && p.status == "A"));
    assert!(b.params().count() >= 70);
    assert!(b.site("vega_santa_rosa").is_some());
    assert!(b.cells.iter().all(|c| c.polygon.len() >= 3));
    // Areas match the parameter table's zone areas.
    let area = |k: cuenca_model::CellKind| {
        b.cells
            .iter()
            .filter(|c| c.kind == k)
            .map(|c| c.area_m2 / 1e6)
            .sum::<f64>()
    };
    assert!((area(cuenca_model::CellKind::Nucleus) - 40.0).abs() < 1e-9);
    assert!((area(cuenca_model::CellKind::Margin) - 30.0).abs() < 1e-9);
    assert!((area(cuenca_model::CellKind::Vega) - 5.0).abs() < 1e-9);
    assert!((area(cuenca_model::CellKind::Lagoon) - 2.0).abs() < 1e-9);
    assert!((area(cuenca_model::CellKind::Fan) - 200.0).abs() < 1e-9);
    assert!((b.catchments.iter().map(|c| c.area_m2).sum::<f64>() / 1e6 - 1300.0).abs() < 1e-9);
}

/// The default basin is read baked (the browser has neither TOML reader nor loader,
/// `tests/baked_basin.rs`): it must be the basin the TOML file gives, every field and every float
/// bit for bit (`{:?}` prints each float in full), the typed physical values included.
#[test]
fn default_basin_from_baked_is_the_toml_file() {
    let toml = Basin::from_toml_str(cuenca_model::basin::DEFAULT_BASIN_TOML).unwrap();
    let (from_baked, from_toml) = (
        format!("{:#?}", Basin::default_basin()),
        format!("{toml:#?}"),
    );
    let first_difference = from_baked
        .lines()
        .zip(from_toml.lines())
        .find(|(b, t)| b != t);
    assert!(
        from_baked == from_toml,
        "baked and TOML basins differ; first differing line (baked, TOML): {first_difference:?}"
    );
}

#[test]
fn advanced_lever_ranges_come_from_the_parameter_table() {
    let b = Basin::default_basin();
    for l in LEVERS.iter().filter(|l| l.param.is_some()) {
        let p = b.param_table().get(l.param.unwrap()).unwrap();
        let (v, lo, hi) = (p.value.scalar(), p.min.scalar(), p.max.scalar());
        assert!(
            (l.min - lo / v).abs() < 1e-9 && (l.max - hi / v).abs() < 1e-9,
            "{}: {}..{} vs {}..{}",
            l.key,
            l.min,
            l.max,
            lo / v,
            hi / v
        );
    }
}

#[test]
fn out_of_range_parameter_names_key_value_and_range() {
    let text = format!(
        "{CELL}\n[params.wb.recharge_frac]\nvalue = 0.5\nmin = 0.03\nmax = 0.20\nunit = \"-\"\n"
    );
    let e = Basin::from_toml_str(&text).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, BasinError::OutOfRange { .. }));
    assert!(
        msg.contains("params.wb.recharge_frac.value")
            && msg.contains("0.5")
            && msg.contains("0.03")
            && msg.contains("0.2"),
        "{msg}"
    );
}

#[test]
fn bad_cell_values_are_named() {
    let e = Basin::from_toml_str(&CELL.replace("sy = 0.1", "sy = 0.9"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("cells[0].sy") && e.contains("0.9") && e.contains("0.5"),
        "{e}"
    );
    let e = Basin::from_toml_str(&CELL.replace("area_km2 = 1.0", "area_km2 = -3"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cells[0].area_km2") && e.contains("-3"), "{e}");
    let e = Basin::from_toml_str(&CELL.replace("bottom_m = 0.0", "bottom_m = 20.0"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cells[0].bottom_m") && e.contains("20"), "{e}");
    let e = Basin::from_toml_str(&CELL.replace("kind = \"aquifer\"", "kind = \"volcano\""))
        .unwrap_err()
        .to_string();
    assert!(e.contains("volcano") && e.contains("cells[0].kind"), "{e}");
}

#[test]
fn unknown_cell_in_a_connection_is_named() {
    let text =
        format!("{CELL}\n[[connections]]\na = \"a\"\nb = \"zz\"\nconductance_m2_per_day = 5.0\n");
    let e = Basin::from_toml_str(&text).unwrap_err();
    assert_eq!(
        e,
        BasinError::UnknownCell {
            key: "connections[0].b".into(),
            id: "zz".into()
        }
    );
    assert!(e.to_string().contains("\"zz\""));
}

#[test]
fn malformed_toml_gives_the_line() {
    let text = "[basin]\nid = \"x\"\n\n[[cells]\nid = 3\n";
    match Basin::from_toml_str(text).unwrap_err() {
        BasinError::Toml { line, .. } => assert_eq!(line, 4),
        e => panic!("unexpected {e}"),
    }
}

#[test]
fn missing_key_is_named() {
    let e = Basin::from_toml_str(&CELL.replace("ground_m = 10.0\n", ""))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cells[0].ground_m"), "{e}");
}

/// Each nucleus–margin (mixing-zone) conductance is the neutral value: Darcy's law in series
/// between cell centres, `C = b·W / (L_a/K + L_b/K)`, at the parameter table's central
/// `aq.K_brine`, with W the shared edge of the two (rectangular) polygons, L the half-widths of the
/// cells normal to it and b the thinner cell's thickness; and the `k_mix` lever's range spans
/// exactly the table's `aq.K_brine` [min, max] around it.
#[test]
fn mixing_zone_conductances_are_the_central_series_value() {
    use cuenca_model::CellKind;
    let basin = Basin::default_basin();
    let p = basin.param_table().get("aq.K_brine").expect("aq.K_brine");
    let (k_min, k_max) = match (&p.min, &p.max) {
        (ParamValue::Number(a), ParamValue::Number(b)) => (*a, *b),
        _ => panic!("aq.K_brine range"),
    };
    let ParamValue::Number(k_central) = p.value else {
        panic!("aq.K_brine value")
    };
    let lever = cuenca_model::LeverId::MixingMult.spec();
    assert!((lever.min * k_central - k_min).abs() < 1e-12 * k_min);
    assert!((lever.max * k_central - k_max).abs() < 1e-12 * k_max);
    let bbox = |i: usize| {
        let pts = &basin.cells[i].polygon;
        let f = |k: usize, max: bool| {
            pts.iter()
                .map(|q| q[k])
                .fold(if max { f64::MIN } else { f64::MAX }, |m, v| {
                    if max {
                        m.max(v)
                    } else {
                        m.min(v)
                    }
                })
        };
        [f(0, false), f(0, true), f(1, false), f(1, true)] // x0 x1 y0 y1, km
    };
    let mut checked = 0;
    for c in &basin.connections {
        let (ka, kb) = (basin.cells[c.a].kind, basin.cells[c.b].kind);
        if (ka == CellKind::Nucleus) == (kb == CellKind::Nucleus) {
            continue;
        }
        let (a, b) = (bbox(c.a), bbox(c.b));
        let overlap =
            |lo1: f64, hi1: f64, lo2: f64, hi2: f64| (hi1.min(hi2) - lo1.max(lo2)).max(0.0);
        // Shared vertical edge (x touches) or horizontal edge (y touches).
        let (w_km, la, lb) = if (a[1] - b[0]).abs() < 1e-9 || (b[1] - a[0]).abs() < 1e-9 {
            (
                overlap(a[2], a[3], b[2], b[3]),
                0.5 * (a[1] - a[0]),
                0.5 * (b[1] - b[0]),
            )
        } else {
            (
                overlap(a[0], a[1], b[0], b[1]),
                0.5 * (a[3] - a[2]),
                0.5 * (b[3] - b[2]),
            )
        };
        assert!(w_km > 0.0, "cells {} and {} share an edge", c.a, c.b);
        let thick = |i: usize| basin.cells[i].ground_m - basin.cells[i].bottom_m;
        let b_m = thick(c.a).min(thick(c.b));
        let series = |k: f64| b_m * w_km * 1000.0 / ((la + lb) * 1000.0 / k);
        let (lo, mid, hi) = (series(k_min), series(k_central), series(k_max));
        let cv = c.conductance_m2_per_day;
        println!(
            "{} - {}: C = {cv:.0} m²/d, aq.K_brine gives {mid:.0} ({lo:.0}-{hi:.0})",
            basin.cells[c.a].id, basin.cells[c.b].id
        );
        assert!(
            (cv - mid).abs() <= 1e-9 * mid,
            "{cv} is not the central {mid}"
        );
        checked += 1;
    }
    assert_eq!(checked, 9, "nine mixing-zone links");
}

#[test]
fn every_lever_unit_reads_in_english_too() {
    use cuenca_model::{Lang, LEVERS};
    for spec in LEVERS.iter() {
        let en = spec.unit_in(Lang::En);
        assert_eq!(spec.unit_in(Lang::Es), spec.unit);
        for spanish in ["año", "persona", "cabeza", "día"] {
            assert!(!en.contains(spanish), "{}: {en}", spec.key);
        }
    }
}

/// `CELL` and a site, followed by `places` (lever options).
fn with_places(places: &[String]) -> String {
    format!(
        "{CELL}\n[[sites]]\nid = \"pozo\"\ncell = \"a\"\n\n{}",
        places.concat()
    )
}

/// One place of `lever`, naming `target` in `field` (`cell` or `site`).
fn place(lever: &str, key: &str, field: &str, target: &str) -> String {
    format!("[[lever_options.{lever}]]\nkey = \"{key}\"\n{field} = \"{target}\"\nlabel_es = \"Lugar\"\nlabel_en = \"Place\"\n\n")
}

#[test]
fn places_load_resolved_to_cells() {
    let b = Basin::from_toml_str(&with_places(&[
        place("fw_src", "uno", "cell", "a"),
        place("fw_src", "dos", "cell", "a"),
        place("prot", "pozo", "site", "pozo"),
    ]))
    .unwrap();
    let keys: Vec<&str> = b.places("fw_src").iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["uno", "dos"]);
    assert_eq!(b.places("prot")[0].cell, 0);
    assert!(b.places("reinj_cell").is_empty());
}

#[test]
fn a_place_in_an_unknown_cell_or_site_is_named() {
    let e = Basin::from_toml_str(&with_places(&[
        place("fw_src", "uno", "cell", "a"),
        place("fw_src", "dos", "cell", "zz"),
    ]))
    .unwrap_err();
    assert_eq!(
        e,
        BasinError::UnknownCell {
            key: "lever_options.fw_src[1].cell".into(),
            id: "zz".into()
        }
    );
    assert!(
        e.to_string().contains("`lever_options.fw_src[1].cell`"),
        "{e}"
    );
    let e = Basin::from_toml_str(&with_places(&[place("prot", "x", "site", "nope")])).unwrap_err();
    assert_eq!(
        e,
        BasinError::UnknownSite {
            key: "lever_options.prot[0].site".into(),
            id: "nope".into()
        }
    );
    let msg = e.to_string();
    assert!(
        msg.contains("`lever_options.prot[0].site`") && msg.contains("[[sites]]"),
        "{msg}"
    );
    // A cell lever's place names a cell, not a site.
    let e = Basin::from_toml_str(&with_places(&[
        place("reinj_cell", "uno", "site", "pozo"),
        place("reinj_cell", "dos", "site", "pozo"),
    ]))
    .unwrap_err();
    assert_eq!(
        e,
        BasinError::Missing {
            key: "lever_options.reinj_cell[0].cell".into()
        }
    );
}

#[test]
fn a_repeated_place_key_is_named() {
    let e = Basin::from_toml_str(&with_places(&[
        place("fw_src", "uno", "cell", "a"),
        place("fw_src", "uno", "cell", "a"),
    ]))
    .unwrap_err();
    assert_eq!(
        e,
        BasinError::Duplicate {
            key: "lever_options.fw_src[1].key".into(),
            id: "uno".into()
        }
    );
    assert!(
        e.to_string().contains("`lever_options.fw_src[1].key`"),
        "{e}"
    );
    // The protection lever's "none" comes first; a site cannot take its key.
    let e = Basin::from_toml_str(&with_places(&[place("prot", "ninguno", "site", "pozo")]))
        .unwrap_err();
    assert_eq!(
        e,
        BasinError::Duplicate {
            key: "lever_options.prot[0].key".into(),
            id: "ninguno".into()
        }
    );
}

#[test]
fn a_place_list_too_short_for_the_default_is_named() {
    // `fw_src` defaults to its second place: one place is not enough, none is.
    let e = Basin::from_toml_str(&with_places(&[place("fw_src", "uno", "cell", "a")])).unwrap_err();
    assert!(matches!(e, BasinError::Invalid { ref key, .. } if key == "lever_options.fw_src"));
    let msg = e.to_string();
    assert!(
        msg.contains("`lever_options.fw_src`") && msg.contains("at least 2"),
        "{msg}"
    );
    // `prot` defaults to "none", so one site is enough.
    assert!(Basin::from_toml_str(&with_places(&[place("prot", "pozo", "site", "pozo")])).is_ok());
}

#[test]
fn place_lists_for_unknown_levers_bad_keys_and_too_many_places_are_named() {
    let e = Basin::from_toml_str(&with_places(&[place("prod", "uno", "cell", "a")]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`lever_options.prod`") && e.contains("reinj_cell, fw_src, prot"),
        "{e}"
    );
    let e = Basin::from_toml_str(&with_places(&[
        place("fw_src", "uno", "cell", "a"),
        place("fw_src", "dos,tres", "cell", "a"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("`lever_options.fw_src[1].key`") && e.contains("\"dos,tres\""),
        "{e}"
    );
    let many: Vec<String> = (0..33)
        .map(|k| place("fw_src", &format!("p{k}"), "cell", "a"))
        .collect();
    let e = Basin::from_toml_str(&with_places(&many))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`lever_options.fw_src`") && e.contains("at most 32"),
        "{e}"
    );
}
