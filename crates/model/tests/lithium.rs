//! Lithium in the basin against its own conservation law: the only ways lithium leaves the
//! groundwater are the wells, and the only way it comes back is reinjection of spent DLE brine,
//! which carries what the plant did not recover, `c_pumped · (1 − R_dle)`. And against the
//! analytical law of drainage: a falling table releases `A·S` of water per metre at the cell's
//! concentration, and leaves the rest of the pore water, with its lithium, behind.

mod common;

use cuenca_model::{presets, run, Basin, Results};

/// Brine delivered to the plant in month `m`, m³.
fn delivered(r: &Results, m: usize) -> f64 {
    r.accounts[m].brine_requested_m3 - r.accounts[m].brine_shortfall_m3
}

/// With DLE only, every month's change of the lithium held in the basin is what reinjection
/// returned minus what the brine wells took out. The wells took out the month's pumped
/// concentration times the brine delivered; reinjection returned last month's spent brine
/// (`reinj` of last month's DLE volume) at last month's pumped concentration less the DLE
/// recovery. So the returned lithium, measured as `Δmass + pumped`, must equal
/// `reinjected volume · c_pumped(last month) · (1 − R_dle)`.
///
/// Tolerance: the basin holds ~2·10⁹ kg of lithium, so a month's `Δmass` carries round-off of
/// ~10⁻⁷ kg and the transport closes to 10⁻¹² of the mass (the balance tests' bound), ≈ 2·10⁻³ kg,
/// against 10³–10⁵ kg returned a month. Brine reinjected undepleted would return
/// 1/(1 − 0.85) ≈ 6.7 times as much.
#[test]
fn reinjected_brine_returns_the_lithium_the_plant_did_not_recover() {
    let basin = Basin::default_basin();
    let s = presets::by_id("dle_reinjection").unwrap().scenario();
    let r = run(&basin, &s).unwrap();
    let r_dle = basin.physical.project.recovery_dle;
    let reinj = s.get(cuenca_model::LeverId::Reinjection) / 100.0;
    let (mut months, mut returned_total) = (0, 0.0);
    for m in 1..r.months.len() {
        let a = &r.accounts[m];
        // What the aquifer accepted carries lithium back; what a full water table refused does not.
        let volume = a.brine.reinjected_m3 + a.fresh.reinjected_m3;
        // The reinjection requested is last month's spent DLE brine times the reinjection share.
        let want_volume = reinj * delivered(&r, m - 1);
        let requested = volume + a.reinjection_refused_m3;
        assert!(
            (requested - want_volume).abs() <= 1e-9 * want_volume.max(1.0),
            "month {m}: reinjected {requested} m³, expected {want_volume} m³"
        );
        if volume == 0.0 {
            continue;
        }
        let mass = r.series.li_mass_kg[m];
        let pumped_kg = r.series.li_pumped_mg_per_l[m] * delivered(&r, m) / 1000.0;
        let returned = r.series.li_mass_kg[m] - r.series.li_mass_kg[m - 1] + pumped_kg;
        let c_last = r.series.li_pumped_mg_per_l[m - 1];
        let expected = volume * c_last * (1.0 - r_dle) / 1000.0;
        assert!(
            (returned - expected).abs() <= 1e-12 * mass + 1e-9 * expected,
            "{:?}: lithium returned {returned} kg, expected {expected} kg \
             ({volume} m³ at {c_last} mg/L less {r_dle} recovered)",
            r.months[m]
        );
        months += 1;
        returned_total += returned;
    }
    // 30 years of production; reinjection from its second month to the month after its last.
    assert_eq!(months, 30 * 12, "months with reinjection");
    println!("{months} months of reinjection returned {returned_total:.0} kg of lithium");
}

/// One closed cell, drained or filled through a well and nothing else (no evaporation, no
/// neighbours), with lithium tracked by [`Lithium`] as the monthly step does.
mod one_cell {
    use cuenca_model::physics::groundwater::{Fluxes, Groundwater, StepForcing, StopReason};
    use cuenca_model::physics::lithium::Lithium;
    use cuenca_model::Basin;

    pub const AREA_M2: f64 = 1.0e6;
    pub const BOTTOM_M: f64 = -300.0;
    pub const GROUND_M: f64 = 100.0;
    pub const H0_M: f64 = 90.0;
    pub const SY: f64 = 0.07;
    pub const SS_PER_M: f64 = 1.0e-5;
    pub const POROSITY: f64 = 0.25;
    pub const LI0_MG_PER_L: f64 = 450.0;
    pub const DT_DAYS: f64 = 365.25 / 12.0;

    pub fn basin() -> Basin {
        Basin::from_toml_str(&basin_text()).expect("one-cell basin")
    }

    pub fn basin_text() -> String {
        format!(
            r#"
            [[cells]]
            id = "brine"
            kind = "aquifer"
            area_km2 = {area}
            ground_m = {GROUND_M}
            bottom_m = {BOTTOM_M}
            sy = {SY}
            ss = {SS_PER_M}
            porosity = {POROSITY}
            li_mg_per_l = {LI0_MG_PER_L}
            initial_head_m = {H0_M}
            "#,
            area = AREA_M2 / 1.0e6
        )
    }

    /// What one step did: old and new head, lithium pumped (kg), mobile concentration after
    /// (mg/L), lithium in the cell and in its retained water after (kg).
    pub struct Step {
        pub h_old: f64,
        pub h: f64,
        pub pumped_kg: f64,
        pub conc_mg_per_l: f64,
        pub mass_kg: f64,
        pub retained_kg: f64,
    }

    /// `months` monthly steps pumping `pump` m³/day (negative: injecting lithium-free water),
    /// storage lever `sy_mult`.
    pub fn run(sy_mult: f64, pump: f64, months: usize) -> (Groundwater, Vec<Step>) {
        let (pump, inject) = if pump > 0.0 {
            (pump, 0.0)
        } else {
            (0.0, -pump)
        };
        run_phases(sy_mult, &[(months, pump, inject)])
    }

    /// Phases of `(months, pumped m³/day, lithium-free water injected m³/day)`.
    pub fn run_phases(sy_mult: f64, phases: &[(usize, f64, f64)]) -> (Groundwater, Vec<Step>) {
        let basin = basin();
        let mut gw = Groundwater::new(&basin, super::common::no_evaporation(), sy_mult, 1.0, 1.0);
        let mut li = Lithium::new(&gw, &[POROSITY], &[LI0_MG_PER_L], &[H0_M]);
        let mut f = StepForcing::zeros(1);
        let mut fx = Fluxes::default();
        let mut h = vec![H0_M];
        let mut steps = Vec::new();
        let mut pumped = [0.0];
        for &(months, pump, inject) in phases {
            f.pump_request[0] = pump;
            f.inject[0] = inject;
            for _ in 0..months {
                let h_old = h.clone();
                let rep = gw.solve(&mut h, &h_old, DT_DAYS, &f);
                assert_eq!(rep.reason, StopReason::Converged);
                gw.fluxes(&mut fx);
                let s = li.step(&gw, &h_old, &h, &fx, &[0.0], &[0.0], DT_DAYS, &mut pumped);
                assert!(s.closure_kg.abs() <= 1e-12 * li.mass_kg[0]);
                steps.push(Step {
                    h_old: h_old[0],
                    h: h[0],
                    pumped_kg: pumped[0],
                    conc_mg_per_l: li.conc_mg_per_l(&gw, 0, h[0]),
                    mass_kg: li.mass_kg[0],
                    retained_kg: li.retained_kg[0],
                });
            }
        }
        (gw, steps)
    }
}

/// Draining a cell by tens of metres with nothing flowing in leaves its brine as concentrated as
/// it was: the water a falling table leaves in the pores, `A·(n − S)` per metre, keeps its
/// lithium. Analytical reference: each step removes exactly `c₀ · A·S · Δh` of lithium
/// (`S = Sy·k_sy + Ss·b`, the water the groundwater balance releases), and the concentration stays
/// `c₀`. The former mixing volume `n·A·(h − z_bot)` raised it to `c₀·((h − z_bot)/(h₀ −
/// z_bot))^−(1 − S/n)`, +9 % over this drawdown.
///
/// Tolerances: Newton closes each step's water balance to 10⁻¹² of its throughput and the mass
/// update is a few roundings of ~10⁷ kg, so the concentration and each step's removal hold to
/// 10⁻¹¹ relative (the model's own round-off, three orders under a 10⁻⁸ change).
#[test]
fn draining_a_cell_removes_c_s_a_dh_and_leaves_its_concentration() {
    use one_cell::*;
    for sy_mult in [1.0, 0.5, 2.0] {
        // ~2.5 m a month at k_sy = 1: tens of metres in three years at every k_sy.
        let (gw, steps) = run(sy_mult, 6000.0, 36);
        let s_m = SY * sy_mult + SS_PER_M * (GROUND_M - BOTTOM_M);
        assert!((gw.storage[0] - AREA_M2 * s_m).abs() < 1e-9 * AREA_M2);
        let c0_kg_per_m3 = LI0_MG_PER_L / 1000.0;
        let mut removed = 0.0;
        for (m, st) in steps.iter().enumerate() {
            let want = c0_kg_per_m3 * AREA_M2 * s_m * (st.h_old - st.h);
            assert!(
                (st.pumped_kg - want).abs() <= 1e-11 * want,
                "k_sy {sy_mult} month {m}: pumped {} kg, c₀·A·S·Δh = {want} kg",
                st.pumped_kg
            );
            assert!(
                (st.conc_mg_per_l / LI0_MG_PER_L - 1.0).abs() <= 1e-11,
                "k_sy {sy_mult} month {m}: {} mg/L at {} m",
                st.conc_mg_per_l,
                st.h
            );
            removed += st.pumped_kg;
        }
        let drop_m = H0_M - steps.last().unwrap().h;
        assert!(drop_m > 25.0, "k_sy {sy_mult}: drained only {drop_m} m");
        let mass0 = c0_kg_per_m3 * POROSITY * AREA_M2 * (H0_M - BOTTOM_M);
        assert!((steps.last().unwrap().mass_kg - (mass0 - removed)).abs() <= 1e-9 * mass0);
        assert!((removed / (c0_kg_per_m3 * AREA_M2 * s_m * drop_m) - 1.0).abs() <= 1e-10);
        println!(
            "k_sy {sy_mult}: drained {drop_m:.1} m, removed {removed:.0} kg, {:.6} mg/L",
            steps.last().unwrap().conc_mg_per_l
        );
    }
}

/// A table rising above its starting level by lithium-free water takes in the water held in the
/// pores it wets, which carries no lithium: the brine is diluted by the ratio of saturated
/// thicknesses, `c = c₀ (h₀ − z_bot)/(h − z_bot)` (the former mixing volume's behaviour there).
/// Then draining back to the start gives the lithium back at the diluted concentration, never
/// above it.
#[test]
fn a_table_rising_above_its_start_dilutes_by_the_saturated_thickness() {
    use one_cell::*;
    // Lithium-free water in at 3000 m³/day: ~1.2 m a month, 8 m in seven months (still below
    // the ground at 100 m).
    let (_, steps) = run(1.0, -3000.0, 7);
    let last = steps.last().unwrap();
    assert!(last.h > H0_M + 5.0 && last.h < GROUND_M - 1.0);
    let want = LI0_MG_PER_L * (H0_M - BOTTOM_M) / (last.h - BOTTOM_M);
    assert!(
        (last.conc_mg_per_l - want).abs() <= 1e-11 * want,
        "{} mg/L at {} m, expected {want}",
        last.conc_mg_per_l,
        last.h
    );
}

/// The water a falling table leaves behind is out of the flow: lithium-free water flowing
/// through a drained cell (injected and pumped at the same rate, the head held) flushes only the
/// mobile water `n·A·(h − z_bot)`. Reference: explicit upwind mixing of a constant volume, per
/// step `c ← c·(1 − Q·Δt / (n·A·(h − z_bot)))`, while the retained lithium stays at
/// `c₀·A·(n − S)·Δh`. A table rising back to its start re-wets the retained water and takes back
/// all its lithium. Tolerance: round-off and Newton's 10⁻¹² of the throughput, as above.
#[test]
fn retained_water_is_not_flushed_and_returns_when_the_table_rises() {
    use one_cell::*;
    // Drain ~30 m in a year, flush at ~3 % of the mobile water a month for two years, refill.
    let (q, flush) = (6000.0, 100_000.0);
    let (gw, steps) = run_phases(1.0, &[(12, q, 0.0), (24, flush, flush), (13, 0.0, q)]);
    let s_m = gw.storage[0] / AREA_M2;
    let drained = &steps[11];
    let drop_m = H0_M - drained.h;
    let retained0 = LI0_MG_PER_L / 1000.0 * AREA_M2 * (POROSITY - s_m) * drop_m;
    assert!(drop_m > 25.0);
    assert!((drained.retained_kg / retained0 - 1.0).abs() <= 1e-11);
    let mut c = drained.conc_mg_per_l;
    assert!((c / LI0_MG_PER_L - 1.0).abs() <= 1e-11);
    for (m, st) in steps[12..36].iter().enumerate() {
        assert!((st.h - drained.h).abs() < 1e-6, "month {m}: the head moved");
        c *= 1.0 - flush * DT_DAYS / (POROSITY * AREA_M2 * (st.h_old - BOTTOM_M));
        assert!(
            (st.conc_mg_per_l / c - 1.0).abs() <= 1e-10,
            "flushing month {m}: {} mg/L, expected {c}",
            st.conc_mg_per_l
        );
        assert!((st.retained_kg / retained0 - 1.0).abs() <= 1e-11);
    }
    let flushed = &steps[35];
    assert!(flushed.conc_mg_per_l < 0.6 * LI0_MG_PER_L);
    let back = &steps[48];
    assert!(back.h > H0_M && back.h < H0_M + 5.0, "back to {} m", back.h);
    // Nothing left the cell while it refilled; above the start the retained store is empty and
    // all the lithium is in the mobile water `n·A·(h − z_bot)`.
    assert!((back.mass_kg / flushed.mass_kg - 1.0).abs() <= 1e-12);
    assert_eq!(back.retained_kg, 0.0);
    let c_back = 1000.0 * back.mass_kg / (POROSITY * AREA_M2 * (back.h - BOTTOM_M));
    assert!((back.conc_mg_per_l / c_back - 1.0).abs() <= 1e-12);
    println!(
        "drained {drop_m:.1} m; flushed to {:.1} mg/L (retained {:.0} kg at 450 mg/L); refilled \
         to {:.2} m at {:.1} mg/L",
        flushed.conc_mg_per_l, retained0, back.h, back.conc_mg_per_l
    );
}

/// The same law through a whole run (set-up, storage lever and monthly step): the one-cell basin
/// with a fixed well and no inflow, at k_sy = 2. Lithium lost over the run is `c₀ · A·S · Δh` with
/// `S = 2·Sy + Ss·b`, so the lever reaches the lithium state as it reaches the water balance.
#[test]
fn a_run_drains_a_cell_at_its_starting_concentration() {
    use cuenca_model::{LeverId, Scenario};
    use one_cell::*;
    let text = one_cell::basin_text() + "\n[[wells]]\ncell = \"brine\"\nrate_m3_per_day = 300.0\n";
    let basin = Basin::from_toml_str(&text).expect("one cell with a well");
    let k_sy = 2.0;
    let r = cuenca_model::run(
        &basin,
        &Scenario::default().with(LeverId::StorageMult, k_sy),
    )
    .unwrap();
    let s_m = SY * k_sy + SS_PER_M * (GROUND_M - BOTTOM_M);
    let c0_kg_per_m3 = LI0_MG_PER_L / 1000.0;
    let mass0 = c0_kg_per_m3 * POROSITY * AREA_M2 * (H0_M - BOTTOM_M);
    let h_end = *r.cells[0].head_m.last().unwrap();
    let mass_end = *r.series.li_mass_kg.last().unwrap();
    let drop_m = H0_M - h_end;
    assert!(drop_m > 30.0, "drained {drop_m} m");
    let want = c0_kg_per_m3 * AREA_M2 * s_m * drop_m;
    println!(
        "drained {drop_m:.2} m: lithium lost {:.0} kg, c₀·A·S·Δh {want:.0} kg",
        mass0 - mass_end
    );
    assert!(((mass0 - mass_end) / want - 1.0).abs() <= 1e-9);
    // And what is left is still at c₀ in the water the cell holds now.
    let water_m3 = mass0 / c0_kg_per_m3 - AREA_M2 * s_m * drop_m;
    assert!((mass_end / water_m3 / c0_kg_per_m3 - 1.0).abs() <= 1e-9);
}
