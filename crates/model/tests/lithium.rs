//! Lithium in the basin against its own conservation law: the only ways lithium leaves the
//! groundwater are the wells, and the only way it comes back is reinjection of spent DLE brine,
//! which carries what the plant did not recover, `c_pumped · (1 − R_dle)`. And against the
//! analytical law of drainage: a falling table releases `A·S` of water per metre at the cell's
//! concentration, and leaves the rest of the pore water, with its lithium, behind.

use crate::common;

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
        let mut li = Lithium::at_heads(&gw, &[POROSITY], &[LI0_MG_PER_L], &[H0_M]);
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
                    conc_mg_per_l: li.conc_mg_per_l(&gw, 0, &h),
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

/// Three closed 1 km² cells, ground 100 m, base −300 m, Sy 0.07, no elastic storage, with
/// `porosity`, lithium and starting heads each: a bystander first, with no flow to or from it,
/// then a source draining through a spring at 80 m into the receiver. The spring's receiver is
/// neither the first cell nor the one after the source, so lithium sent to a wrong cell shows.
fn spring_cells(porosity: f64, li_mg_per_l: [f64; 3], heads_m: [f64; 3]) -> String {
    let ids = ["bystander", "source", "receiver"];
    let spring =
        r#"spring = { elevation_m = 80.0, conductance_m2_per_day = 200.0, to = "receiver" }"#;
    (0..3)
        .map(|k| {
            format!(
                r#"
                [[cells]]
                id = "{}"
                kind = "aquifer"
                area_km2 = 1.0
                ground_m = 100.0
                bottom_m = -300.0
                sy = 0.07
                ss = 0.0
                porosity = {porosity}
                li_mg_per_l = {}
                initial_head_m = {}
                {}
                "#,
                ids[k],
                li_mg_per_l[k],
                heads_m[k],
                if k == 1 { spring } else { "" }
            )
        })
        .collect()
}

/// A spring leaving a cell that holds lithium carries it to the cell it feeds: two closed 1 km²
/// cells, the source at 450 mg/L draining through a spring 10 m below its head into a receiver at
/// 100 mg/L, nothing else flowing. Reference (module law): an outflow carries the source's mobile
/// concentration at the start of the step, which the drainage law keeps at `c₀` (the basin
/// file's value); and the spring's water is what the source released, `A·S·Δh` (the water
/// balance of a cell with no other flow). So each month the receiver gains, and the source loses,
/// `c₀ · A·S·Δh_source`, and the lithium of the two cells together never changes.
///
/// Tolerances: Newton closes the water to 10⁻¹² of its throughput, so `A·S·Δh` matches the spring
/// volume to 10⁻⁹ relative; the masses (~10⁷ kg) carry round-off of 10⁻⁹ kg, far under the
/// 10⁻¹² of the total allowed for conservation.
#[test]
fn a_spring_carries_its_sources_lithium_to_the_cell_it_feeds() {
    use cuenca_model::physics::groundwater::{Fluxes, Groundwater, StepForcing, StopReason};
    use cuenca_model::physics::lithium::Lithium;
    let (area_m2, s_m, porosity, c0_mg_per_l, c_rx_mg_per_l) = (1.0e6, 0.07, 0.25, 450.0, 100.0);
    let (h_src, h_rx, bottom) = (90.0, 50.0, -300.0);
    let toml = spring_cells(
        porosity,
        [c_rx_mg_per_l, c0_mg_per_l, c_rx_mg_per_l],
        [h_rx, h_src, h_rx],
    );
    let basin = Basin::from_toml_str(&toml).expect("spring basin");
    let mut gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let h0 = [h_rx, h_src, h_rx];
    let mut li = Lithium::at_heads(
        &gw,
        &[porosity; 3],
        &[c_rx_mg_per_l, c0_mg_per_l, c_rx_mg_per_l],
        &h0,
    );
    let c0 = c0_mg_per_l / 1000.0;
    // Initial lithium: concentration times the pore water below each head.
    let rx0 = c_rx_mg_per_l / 1000.0 * porosity * area_m2 * (h_rx - bottom);
    let initial = [rx0, c0 * porosity * area_m2 * (h_src - bottom), rx0];
    for (mass, want) in li.mass_kg.iter().zip(initial) {
        assert!((mass / want - 1.0).abs() <= 1e-12);
    }
    let total0: f64 = initial.iter().sum();
    let bystander = li.mass_kg[0];
    let dt = one_cell::DT_DAYS;
    let f = StepForcing::zeros(3);
    let mut fx = Fluxes::default();
    let mut h = h0.to_vec();
    let mut pumped = [0.0; 3];
    let mut carried = 0.0;
    for m in 0..12 {
        let h_old = h.clone();
        let before = li.mass_kg.clone();
        assert_eq!(
            gw.solve(&mut h, &h_old, dt, &f).reason,
            StopReason::Converged
        );
        gw.fluxes(&mut fx);
        let spring_m3 = fx.spring_out[1] * dt;
        let released_m3 = area_m2 * s_m * (h_old[1] - h[1]);
        assert!(spring_m3 > 1.0e4, "month {m}: spring {spring_m3} m³");
        assert!((spring_m3 / released_m3 - 1.0).abs() <= 1e-9);
        let s = li.step(&gw, &h_old, &h, &fx, &[0.0; 3], &[0.0; 3], dt, &mut pumped);
        let want = c0 * released_m3;
        let gained = li.mass_kg[2] - before[2];
        let lost = before[1] - li.mass_kg[1];
        assert!(
            (gained / want - 1.0).abs() <= 1e-9,
            "month {m}: receiver gained {gained} kg, c₀·A·S·Δh = {want} kg"
        );
        assert!(
            (lost - gained).abs() <= 1e-12 * total0,
            "month {m}: lost {lost} kg"
        );
        assert_eq!(s.pumped_kg + s.injected_kg, 0.0);
        assert!(s.closure_kg.abs() <= 1e-12 * total0);
        let total: f64 = li.mass_kg.iter().sum();
        assert!(
            (total - total0).abs() <= 1e-12 * total0,
            "month {m}: {total} kg"
        );
        // The source drains at its starting concentration.
        assert!((li.conc_mg_per_l(&gw, 1, &h) / c0_mg_per_l - 1.0).abs() <= 1e-11);
        // The bystander is untouched.
        assert_eq!(li.mass_kg[0], bystander);
        carried += gained;
    }
    let drop_m = h0[1] - h[1];
    assert!(drop_m > 5.0, "source drained {drop_m} m");
    let want = c0 * area_m2 * s_m * drop_m;
    assert!((carried / want - 1.0).abs() <= 1e-9);
    assert!((li.mass_kg[2] - (initial[2] + want)).abs() <= 1e-9 * want);
    println!("spring drained the source {drop_m:.2} m and carried {carried:.0} kg of lithium");
}

/// A spring leaving a lens cell carries lithium in its brine part only: the source holds fresh
/// water floating on brine at 450 mg/L, a lens thinner than the 0.5 m over which a lens's share
/// of its sinks tapers to nothing (`SINK_LENS_TAPER_M`), so the spring takes both fluids.
/// Reference (module law and water balance): nothing else flows, so the brine the source loses
/// in a month is the spring's brine part, and the receiver gains, and the source loses, the
/// source's outgoing concentration at the start of the month times that volume; the fresh part
/// carries none. The brine volume is read off the source's heads (`lens_volume_change`), not off
/// the spring's reported parts.
///
/// Tolerances as for the one-fluid spring above.
#[test]
fn a_lens_cells_spring_carries_lithium_in_its_brine_only() {
    use cuenca_model::physics::groundwater::{Fluxes, Groundwater, StepForcing, StopReason};
    use cuenca_model::physics::lithium::Lithium;
    let (porosity, c0_mg_per_l, c_rx_mg_per_l) = (0.25, 450.0, 100.0);
    let toml = spring_cells(
        porosity,
        [c_rx_mg_per_l, c0_mg_per_l, c_rx_mg_per_l],
        [50.0; 3],
    );
    let mut basin = Basin::from_toml_str(&toml).expect("lens spring basin");
    basin.cells[1].lens = true;
    let mut gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let j = gw.lens_brine_unknown(1).expect("the source carries a lens");
    assert_eq!(gw.n_unknowns, 4);
    // Fresh head 90 m, the brine's a few centimetres under it: a lens of a few decimetres.
    let mut h = vec![50.0; 4];
    h[1] = 90.0;
    h[j] = 89.96;
    let col = gw.lens_column(1).expect("a lens column");
    let lens_m = col.fresh_thickness_m(h[1], h[j]).value;
    assert!(lens_m > 0.05 && lens_m < 0.5, "lens {lens_m} m");
    // Per cell (three); the heads are the unknowns, the lens's brine head last.
    let mut li = Lithium::at_heads(
        &gw,
        &[porosity; 3],
        &[c_rx_mg_per_l, c0_mg_per_l, c_rx_mg_per_l],
        &h,
    );
    let total0: f64 = li.mass_kg.iter().sum();
    let bystander = li.mass_kg[0];
    let dt = one_cell::DT_DAYS;
    let f = StepForcing::zeros(3);
    let mut fx = Fluxes::default();
    let mut pumped = [0.0; 3];
    let (mut fresh_out_m3, mut brine_out_m3, mut carried) = (0.0, 0.0, 0.0);
    for m in 0..12 {
        let h_old = h.clone();
        let before = li.mass_kg.clone();
        let c_out = li.conc_mg_per_l(&gw, 1, &h_old) / 1000.0;
        assert_eq!(
            gw.solve(&mut h, &h_old, dt, &f).reason,
            StopReason::Converged
        );
        gw.fluxes(&mut fx);
        let (fresh, brine) = gw.lens_volume_change(1, &h, &h_old).expect("lens");
        let spring_m3 = fx.spring_out[1] * dt;
        assert!(
            (spring_m3 + fresh + brine).abs() <= 1e-9 * spring_m3,
            "month {m}: spring {spring_m3} m³, stores {fresh} + {brine} m³"
        );
        li.step(&gw, &h_old, &h, &fx, &[0.0; 3], &[0.0; 3], dt, &mut pumped);
        let want = c_out * -brine;
        let gained = li.mass_kg[2] - before[2];
        let lost = before[1] - li.mass_kg[1];
        assert!(
            (gained - want).abs() <= 1e-9 * want.max(1.0),
            "month {m}: receiver gained {gained} kg, c·(brine lost) = {want} kg"
        );
        assert!(
            (lost - gained).abs() <= 1e-12 * total0,
            "month {m}: lost {lost} kg"
        );
        assert_eq!(li.mass_kg[0], bystander);
        fresh_out_m3 -= fresh;
        brine_out_m3 -= brine;
        carried += gained;
    }
    // Both fluids left through the spring, and the brine's lithium with it.
    assert!(
        fresh_out_m3 > 1.0e3 && brine_out_m3 > 1.0e4,
        "fresh {fresh_out_m3} m³, brine {brine_out_m3} m³"
    );
    assert!(
        carried > 0.4 * brine_out_m3 * c0_mg_per_l / 1000.0,
        "carried {carried} kg"
    );
    println!("the lens spring let out {fresh_out_m3:.0} m³ of fresh water and {brine_out_m3:.0} m³ of brine carrying {carried:.0} kg of lithium");
}

/// A well flushing more water through a cell in a month than the cell's mobile water holds
/// (pumping with the same rate of spent brine reinjected, so the head holds) takes out exactly
/// the lithium the mobile water held at the start of the month, never more: the outgoing
/// concentration is scaled down so the mass stays non-negative (module law). The lithium the
/// table left in drained pores is out of the flow and stays. The box cell is first drained ~9 m,
/// then flushed at 10⁶ m³/day, 1.3 times its mobile water a month.
///
/// References: before the flush the mobile water holds `c₀·n·A·(h − z_bot)` and the drained
/// pores `c₀·A·(n − S)·(h₀ − h)` (the drainage law); each flushing month exports what the mobile
/// water held at its start (the first month `c₀·n·A·(h − z_bot)`, then the previous month's
/// reinjected lithium), and ends with the retained lithium plus the month's reinjection. The
/// basin's lithium changes by exactly `injected − pumped`.
#[test]
fn a_well_flushing_more_than_a_cell_holds_takes_out_at_most_its_mobile_lithium() {
    use cuenca_model::physics::groundwater::{Fluxes, Groundwater, StepForcing, StopReason};
    use cuenca_model::physics::lithium::Lithium;
    // The box cell: 1 km², ground 20 m, bottom −100 m.
    let (area_m2, bottom, h0) = (1.0e6, -100.0, 0.0);
    let (sy, ss, porosity, c0_mg_per_l, c_inj_mg_per_l) = (0.1, 1.0e-5, 0.25, 450.0, 60.0);
    let basin = common::box_basin(sy, ss, h0);
    let mut gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let mut li = Lithium::at_heads(&gw, &[porosity], &[c0_mg_per_l], &[h0]);
    let s_m = sy + ss * 120.0;
    let (c0, c_inj) = (c0_mg_per_l / 1000.0, c_inj_mg_per_l / 1000.0);
    let dt = one_cell::DT_DAYS;
    let mut f = StepForcing::zeros(1);
    let mut fx = Fluxes::default();
    let mut h = vec![h0];
    let mut pumped = [0.0];
    // Drain ~3 m a month for three months.
    f.pump_request[0] = 1.0e4;
    for _ in 0..3 {
        let h_old = h.clone();
        assert_eq!(
            gw.solve(&mut h, &h_old, dt, &f).reason,
            StopReason::Converged
        );
        gw.fluxes(&mut fx);
        li.step(&gw, &h_old, &h, &fx, &[0.0], &[0.0], dt, &mut pumped);
    }
    let drop_m = h0 - h[0];
    assert!(drop_m > 5.0, "drained {drop_m} m");
    let mobile_m3 = porosity * area_m2 * (h[0] - bottom);
    let retained = c0 * area_m2 * (porosity - s_m) * drop_m;
    assert!((li.retained_kg[0] / retained - 1.0).abs() <= 1e-11);
    assert!((li.mass_kg[0] / (c0 * mobile_m3 + retained) - 1.0).abs() <= 1e-11);
    // Flush.
    let q = 1.0e6;
    assert!(
        q * dt > 1.2 * mobile_m3,
        "the flush must exceed the mobile water"
    );
    f.pump_request[0] = q;
    f.inject[0] = q;
    let mut held = c0 * mobile_m3;
    let (mut out_total, mut in_total) = (0.0, 0.0);
    let start = li.mass_kg[0];
    for m in 0..4 {
        let h_old = h.clone();
        assert_eq!(
            gw.solve(&mut h, &h_old, dt, &f).reason,
            StopReason::Converged
        );
        gw.fluxes(&mut fx);
        assert_eq!(h[0], h_old[0], "month {m}: the head moved");
        assert_eq!((fx.pumped[0], fx.injected[0]), (q, q));
        let s = li.step(
            &gw,
            &h_old,
            &h,
            &fx,
            &fx.injected,
            &[c_inj_mg_per_l],
            dt,
            &mut pumped,
        );
        assert_eq!(s.pumped_kg, pumped[0]);
        let injected = c_inj * q * dt;
        assert!((s.injected_kg / injected - 1.0).abs() <= 1e-15);
        // Unscaled, the well would have taken out 1.3 times what the cell held.
        assert!(pumped[0] < 0.8 * (held / mobile_m3) * q * dt);
        assert!(
            (pumped[0] / held - 1.0).abs() <= 1e-11,
            "flushing month {m}: pumped {} kg, the mobile water held {held} kg",
            pumped[0]
        );
        assert!(li.mass_kg[0] >= 0.0 && li.retained_kg[0] >= 0.0);
        assert!((li.retained_kg[0] / retained - 1.0).abs() <= 1e-11);
        assert!((li.mass_kg[0] - (retained + injected)).abs() <= 1e-11 * start);
        assert!(s.closure_kg.abs() <= 1e-12 * start);
        out_total += pumped[0];
        in_total += injected;
        held = injected;
    }
    // The basin's lithium over the flush: what it held, plus reinjection, less the well.
    assert!((li.mass_kg[0] - (start + in_total - out_total)).abs() <= 1e-12 * start);
    println!(
        "flushed {:.2} mobile waters a month: {out_total:.0} kg out, {in_total:.0} kg in, \
         {retained:.0} kg kept in drained pores",
        q * dt / mobile_m3
    );
}

/// A cell whose water table is at its base holds no mobile water, `A·n·(h − z_bot) = 0`: no
/// lithium, a concentration of 0 (not 0/0), and a well in it delivers nothing and carries nothing,
/// leaving the lithium state finite. (Reference: the module law's mobile water at `h = z_bot`.)
#[test]
fn a_cell_dry_to_its_base_holds_and_sends_no_lithium() {
    use cuenca_model::physics::groundwater::{Fluxes, Groundwater, StepForcing, StopReason};
    use cuenca_model::physics::lithium::Lithium;
    let bottom = -100.0;
    let basin = common::box_basin(0.1, 1.0e-5, bottom);
    let mut gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let mut li = Lithium::at_heads(&gw, &[0.25], &[450.0], &[bottom]);
    assert_eq!(li.water_m3(&gw, 0, &[bottom]), 0.0);
    assert_eq!(li.mass_kg[0], 0.0);
    assert_eq!(li.conc_mg_per_l(&gw, 0, &[bottom]), 0.0);
    let mut f = StepForcing::zeros(1);
    f.pump_request[0] = 1.0e4;
    let mut fx = Fluxes::default();
    let mut h = vec![bottom];
    let mut pumped = [f64::NAN];
    let dt = one_cell::DT_DAYS;
    let h_old = h.clone();
    assert_eq!(
        gw.solve(&mut h, &h_old, dt, &f).reason,
        StopReason::Converged
    );
    gw.fluxes(&mut fx);
    assert_eq!((h[0], fx.pumped[0]), (bottom, 0.0));
    let s = li.step(&gw, &h_old, &h, &fx, &[0.0], &[0.0], dt, &mut pumped);
    assert_eq!(pumped[0], 0.0);
    assert_eq!((s.pumped_kg, s.injected_kg, s.closure_kg), (0.0, 0.0, 0.0));
    assert_eq!((li.mass_kg[0], li.retained_kg[0]), (0.0, 0.0));
    assert_eq!(li.conc_mg_per_l(&gw, 0, &h), 0.0);
}

/// Every way water leaves a cell carries lithium out of it, and together they take out at most
/// what its mobile water holds. A small brine cell ("mid", 0.1 km², 10 m of saturated thickness,
/// 450 mg/L) sends water out through a well, a spring (to "up"), an overflow (to "down"), and two
/// connections, one listed from it (`mid → down`, positive flow) and one listed towards it
/// (`up → mid`, negative flow). The heads are held (lithium-free recharge, which carries no
/// lithium, balances the outflows), so the step's fluxes are given here rather than solved.
///
/// Reference (module law): outflows carry the start-of-step mobile concentration
/// `c = M / W`, `W = A·n·(h − z_bot)`, unless their volume `V = Σ V_k` exceeds `W`; then the
/// concentration is scaled to `M / V`, so the outflows take out exactly `M` and the cell keeps
/// nothing. Each receiver gains what its outflows carried, the well takes the rest, and the
/// basin's lithium changes by exactly `−pumped`. Each outflow alone is tried at twice the mobile
/// water (scaled), all five at 0.3 of it each (1.5 in total: scaled only because they add up),
/// and all five at 0.05 each (not scaled).
#[test]
fn outflows_exceeding_a_cells_water_take_out_exactly_its_lithium() {
    use cuenca_model::physics::groundwater::{Fluxes, Groundwater};
    use cuenca_model::physics::lithium::Lithium;
    let (area_m2, bottom, head, porosity, c_mg_per_l) = (1.0e5, 0.0, 10.0, 0.25, 450.0);
    let side = |id: &str| {
        format!(
            r#"
            [[cells]]
            id = "{id}"
            kind = "aquifer"
            area_km2 = 1.0
            ground_m = 20.0
            bottom_m = -100.0
            sy = 0.1
            porosity = {porosity}
            li_mg_per_l = 100.0
            initial_head_m = 10.0
            "#
        )
    };
    let toml = format!(
        r#"
        [[cells]]
        id = "mid"
        kind = "aquifer"
        area_km2 = {area_km2}
        ground_m = 20.0
        bottom_m = {bottom}
        sy = 0.1
        porosity = {porosity}
        li_mg_per_l = {c_mg_per_l}
        initial_head_m = {head}
        spring = {{ elevation_m = 5.0, conductance_m2_per_day = 100.0, to = "up" }}
        spill = {{ to = "down", stage_m = 0.5 }}
        {up}
        {down}
        [[connections]]
        a = "mid"
        b = "down"
        conductance_m2_per_day = 1000.0
        [[connections]]
        a = "up"
        b = "mid"
        conductance_m2_per_day = 1000.0
        "#,
        area_km2 = area_m2 / 1.0e6,
        up = side("up"),
        down = side("down"),
    );
    let basin = Basin::from_toml_str(&toml).expect("three-cell basin");
    let gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let idx = |id: &str| basin.cells.iter().position(|c| c.id == id).unwrap();
    let (mid, up, down) = (idx("mid"), idx("up"), idx("down"));
    let conn = |a: usize, b: usize| gw.conns.iter().position(|c| (c.0, c.1) == (a, b)).unwrap();
    let (to_down, from_up) = (conn(mid, down), conn(up, mid));
    let n = gw.n;
    let porosities: Vec<f64> = basin.cells.iter().map(|c| c.porosity).collect();
    let conc: Vec<f64> = basin.cells.iter().map(|c| c.li_mg_per_l).collect();
    let h: Vec<f64> = basin
        .cells
        .iter()
        .map(|c| c.initial_head_m.unwrap())
        .collect();
    let dt = one_cell::DT_DAYS;
    let water_m3 = porosity * area_m2 * (head - bottom);
    let held = c_mg_per_l / 1000.0 * water_m3;

    // Outflow volumes over the step as shares of the mobile water, in the order well, spring,
    // overflow, connection to "down", connection to "up".
    let cases: [[f64; 5]; 8] = [
        [2.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 2.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 2.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 2.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 2.0],
        [0.3; 5],
        [0.05; 5],
        [0.0; 5],
    ];
    for shares in cases {
        let mut li = Lithium::at_heads(&gw, &porosities, &conc, &h);
        assert!((li.mass_kg[mid] / held - 1.0).abs() <= 1e-12);
        let before = li.mass_kg.clone();
        let total0: f64 = before.iter().sum();
        let v: Vec<f64> = shares.iter().map(|s| s * water_m3).collect();
        let mut fx = Fluxes::default();
        for x in [&mut fx.pumped, &mut fx.spring_out, &mut fx.spill_out] {
            x.resize(n, 0.0);
        }
        fx.conn_flow.resize(gw.conns.len(), 0.0);
        fx.pumped[mid] = v[0] / dt;
        fx.spring_out[mid] = v[1] / dt;
        fx.spill_out[mid] = v[2] / dt;
        fx.conn_flow[to_down] = v[3] / dt;
        fx.conn_flow[from_up] = -v[4] / dt;
        let mut pumped = vec![0.0; n];
        let s = li.step(
            &gw,
            &h,
            &h,
            &fx,
            &vec![0.0; n],
            &vec![0.0; n],
            dt,
            &mut pumped,
        );

        // The law, independently: the outgoing concentration, scaled when V > W.
        let out_m3: f64 = v.iter().sum();
        let c_out = held / water_m3.max(out_m3);
        let carried: Vec<f64> = v.iter().map(|x| x * c_out).collect();
        let exported: f64 = carried.iter().sum();
        if out_m3 > water_m3 {
            assert!((exported / held - 1.0).abs() <= 1e-12);
        }
        let want = [
            (mid, before[mid] - exported, "mid"),
            (up, before[up] + carried[1] + carried[4], "up"),
            (down, before[down] + carried[2] + carried[3], "down"),
        ];
        let tol = 1e-12 * total0;
        for (i, w, id) in want {
            assert!(li.mass_kg[i] >= 0.0, "{shares:?}: {id} went negative");
            assert!(
                (li.mass_kg[i] - w).abs() <= tol,
                "{shares:?}: {id} holds {} kg, expected {w} kg",
                li.mass_kg[i]
            );
        }
        assert!(
            (pumped[mid] - carried[0]).abs() <= tol,
            "{shares:?}: pumped {}",
            pumped[mid]
        );
        assert_eq!(s.pumped_kg, pumped.iter().sum::<f64>());
        let total: f64 = li.mass_kg.iter().sum();
        assert!(
            (total - (total0 - s.pumped_kg)).abs() <= tol,
            "{shares:?}: balance"
        );
        assert!(s.closure_kg.abs() <= tol);
    }
}

/// Each brine wellfield's pumped concentration (what the company's monthly sample of it reads)
/// against the basin's mix, which the plant receives: in a month with no shortfall every
/// wellfield gives its share of the demand (the basin file's `brine_weight`), so the mix is the
/// wellfields' concentrations weighted by those shares. Months without brine pumping read 0, and
/// only wellfield cells carry the series.
#[test]
fn the_pumped_mix_is_the_wellfields_weighted_by_their_shares() {
    let basin = Basin::default_basin();
    let total: f64 = basin.cells.iter().map(|c| c.brine_weight).sum();
    for id in ["natural", "fs2019", "jv2025", "dle_reinjection"] {
        let r = run(&basin, &presets::by_id(id).unwrap().scenario()).unwrap();
        let wellfields: Vec<(f64, &[f64])> = basin
            .cells
            .iter()
            .zip(&r.cells)
            .filter_map(|(c, s)| {
                assert_eq!(c.id, s.id);
                let recorded = !s.pumped_li_mg_per_l.is_empty();
                assert_eq!(recorded, c.brine_weight > 0.0, "{id}: cell {}", c.id);
                recorded.then_some((c.brine_weight / total, &s.pumped_li_mg_per_l[..]))
            })
            .collect();
        assert_eq!(wellfields.len(), 4);
        let (mut compared, mut idle) = (0, 0);
        for m in 0..r.months.len() {
            let a = &r.accounts[m];
            let mix = r.series.li_pumped_mg_per_l[m];
            if a.brine_requested_m3 == 0.0 {
                for (_, c) in &wellfields {
                    assert_eq!(c[m], 0.0, "{id} month {m}: no brine pumped");
                }
                idle += 1;
            } else if a.brine_shortfall_m3 == 0.0 {
                let weighted: f64 = wellfields.iter().map(|(w, c)| w * c[m]).sum();
                assert!(
                    (weighted - mix).abs() <= 1e-9 * mix,
                    "{id} month {m}: wellfields weighted {weighted} against the mix {mix}"
                );
                for (_, c) in &wellfields {
                    assert!(
                        c[m] > 0.0,
                        "{id} month {m}: a pumping wellfield reads {}",
                        c[m]
                    );
                }
                compared += 1;
            }
        }
        if id == "natural" {
            assert_eq!(idle, r.months.len());
        } else {
            assert!(compared >= 12 * 10, "{id}: {compared} months compared");
            // The wellfields differ (else the weighting would test nothing).
            let spread = (0..r.months.len())
                .map(|m| {
                    let (lo, hi) = wellfields
                        .iter()
                        .fold((f64::MAX, 0.0_f64), |(lo, hi), (_, c)| {
                            (lo.min(c[m]), hi.max(c[m]))
                        });
                    hi - lo
                })
                .fold(0.0, f64::max);
            assert!(spread > 1.0, "{id}: wellfields at most {spread} mg/L apart");
        }
    }
}

/// A flooded cell holds lithium in its open water too: the box cell (ground 20 m, bottom −100 m,
/// Sy 0.1) with its water 0.5 m above the ground starts with `c₀` times all the water it stores,
/// the pore water up to the water's surface and the open water above the ground beyond what its
/// storage `A·Sy` counts there, as the groundwater balance measures it (`volume_change` from below
/// the ground up, less `A·Sy·Δh`). At the same concentration the water's lithium is its share.
#[test]
fn a_flooded_cells_open_water_holds_lithium_at_its_concentration() {
    use cuenca_model::physics::groundwater::Groundwater;
    use cuenca_model::physics::lithium::Lithium;
    let (sy, porosity, c0_mg_per_l) = (0.1, 0.25, 450.0);
    let (ground, bottom, area_m2) = (20.0, -100.0, 1.0e6);
    let h0 = ground + 0.5;
    let basin = common::box_basin(sy, 0.0, h0);
    let gw = Groundwater::new(&basin, common::no_evaporation(), 1.0, 1.0, 1.0);
    let li = Lithium::at_heads(&gw, &[porosity], &[c0_mg_per_l], &[h0]);
    // Measured from a metre below the ground, under the smoothing of the shoreline (the stored
    // volume bends over a few millimetres around the ground, so the open water starts there).
    let dry = ground - 1.0;
    let open_water_m3 = gw.volume_change(0, h0, dry) - area_m2 * sy * (h0 - dry);
    // A flooded metre holds more than its aquifer storage: the open water is most of it.
    assert!(
        open_water_m3 > 0.5 * area_m2 * (h0 - ground) * (1.0 - sy),
        "{open_water_m3}"
    );
    let water_m3 = porosity * area_m2 * (h0 - bottom) + open_water_m3;
    let want_kg = c0_mg_per_l / 1000.0 * water_m3;
    assert!(
        (li.mass_kg[0] / want_kg - 1.0).abs() <= 1e-12,
        "{} kg against {want_kg} kg",
        li.mass_kg[0]
    );
    assert!((li.conc_mg_per_l(&gw, 0, &[h0]) / c0_mg_per_l - 1.0).abs() <= 1e-12);
}
