//! Basin files: the default loads; bad files give sentences naming the key, value and range.

use cuenca_model::levers::LEVERS;
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
