//! Indicators: what a person wants to know from a run, computed from the series.

use crate::lang::Lang;
use crate::outputs::results::{
    ChangeByProject, ClearanceIndicator, Indicators, Results, SiteIndicator, ThresholdCrossing,
    WellIndicator,
};
use crate::outputs::salinisation::SiteClearance;
use crate::outputs::springs::DECADE_YEARS;
use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;

/// Fixed drawdown thresholds (m) reported for every site, besides the user's protection threshold.
pub const DRAWDOWN_THRESHOLDS_M: [f64; 4] = [0.1, 0.5, 1.0, 2.0];

/// The indicators a range is given for, declared once: an ensemble records, summarises and
/// exports them in [`IndicatorId::ALL`] order under these keys and units, and the page names
/// them from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorId {
    /// Largest drawdown at each named site (one value per site).
    MaxDrawdownM,
    VegaAreaLostPct,
    VegaAreaLostMaxPct,
    LagoonAreaLostPct,
    LagoonAreaLostMaxPct,
    SpringFlowChangePct,
    NetExtractionShareOfRecharge,
    MeanRechargeLPerS,
    LithiumTotalTLce,
    ShortfallPct,
}

impl IndicatorId {
    /// The per-site indicator first, then the basin-wide ones.
    pub const ALL: [IndicatorId; 10] = [
        IndicatorId::MaxDrawdownM,
        IndicatorId::VegaAreaLostPct,
        IndicatorId::VegaAreaLostMaxPct,
        IndicatorId::LagoonAreaLostPct,
        IndicatorId::LagoonAreaLostMaxPct,
        IndicatorId::SpringFlowChangePct,
        IndicatorId::NetExtractionShareOfRecharge,
        IndicatorId::MeanRechargeLPerS,
        IndicatorId::LithiumTotalTLce,
        IndicatorId::ShortfallPct,
    ];

    /// Key in exports; a per-site indicator's id is `<key>:<site>`.
    pub fn key(self) -> &'static str {
        match self {
            IndicatorId::MaxDrawdownM => "max_drawdown_m",
            IndicatorId::VegaAreaLostPct => "vega_area_lost_pct",
            IndicatorId::VegaAreaLostMaxPct => "vega_area_lost_max_pct",
            IndicatorId::LagoonAreaLostPct => "lagoon_area_lost_pct",
            IndicatorId::LagoonAreaLostMaxPct => "lagoon_area_lost_max_pct",
            IndicatorId::SpringFlowChangePct => "spring_flow_change_pct",
            IndicatorId::NetExtractionShareOfRecharge => "net_extraction_share_of_recharge",
            IndicatorId::MeanRechargeLPerS => "mean_recharge_l_per_s",
            IndicatorId::LithiumTotalTLce => "lithium_total_t_lce",
            IndicatorId::ShortfallPct => "shortfall_pct",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            IndicatorId::MaxDrawdownM => "m",
            IndicatorId::NetExtractionShareOfRecharge => "-",
            IndicatorId::MeanRechargeLPerS => "L/s",
            IndicatorId::LithiumTotalTLce => "t LCE",
            IndicatorId::VegaAreaLostPct
            | IndicatorId::VegaAreaLostMaxPct
            | IndicatorId::LagoonAreaLostPct
            | IndicatorId::LagoonAreaLostMaxPct
            | IndicatorId::SpringFlowChangePct
            | IndicatorId::ShortfallPct => "%",
        }
    }

    /// Whether it has one value per named site rather than one for the basin.
    pub fn per_site(self) -> bool {
        self == IndicatorId::MaxDrawdownM
    }

    /// Its values in `ind`: one per named site, in site order, or the one basin-wide value.
    pub fn values(self, ind: &Indicators) -> Vec<f64> {
        match self {
            IndicatorId::MaxDrawdownM => ind.sites.iter().map(|s| s.max_drawdown_m).collect(),
            IndicatorId::VegaAreaLostPct => vec![ind.vega_area_lost_pct],
            IndicatorId::VegaAreaLostMaxPct => vec![ind.vega_area_lost_max_pct],
            IndicatorId::LagoonAreaLostPct => vec![ind.lagoon_area_lost_pct],
            IndicatorId::LagoonAreaLostMaxPct => vec![ind.lagoon_area_lost_max_pct],
            IndicatorId::SpringFlowChangePct => vec![ind.spring_flow_change_pct],
            IndicatorId::NetExtractionShareOfRecharge => vec![ind.net_extraction_share_of_recharge],
            IndicatorId::MeanRechargeLPerS => vec![ind.mean_recharge_l_per_s],
            IndicatorId::LithiumTotalTLce => vec![ind.lithium_total_t_lce],
            IndicatorId::ShortfallPct => vec![ind.shortfall_pct],
        }
    }

    /// A short name ("Superficie de vegas perdida en los últimos 10 años"); a per-site one is followed by
    /// the site ("Descenso máximo de la napa en …").
    pub fn label(self, lang: Lang) -> &'static str {
        let (es, en) = match self {
            IndicatorId::MaxDrawdownM => {
                ("Descenso máximo de la napa", "Largest water-table drawdown")
            }
            IndicatorId::VegaAreaLostPct => (
                "Superficie de vegas perdida en los últimos 10 años",
                "Vega area lost over the last 10 years",
            ),
            IndicatorId::VegaAreaLostMaxPct => (
                "Mayor pérdida anual de superficie de vegas",
                "Largest yearly loss of vega area",
            ),
            IndicatorId::LagoonAreaLostPct => (
                "Superficie de lagunas perdida en los últimos 10 años",
                "Lagoon area lost over the last 10 years",
            ),
            IndicatorId::LagoonAreaLostMaxPct => (
                "Mayor pérdida anual de superficie de lagunas",
                "Largest yearly loss of lagoon area",
            ),
            IndicatorId::SpringFlowChangePct => (
                "Cambio del caudal de las vertientes en los últimos 10 años",
                "Change in spring flow over the last 10 years",
            ),
            IndicatorId::NetExtractionShareOfRecharge => (
                "Extracción neta del año de mayor extracción, como fracción de la recarga media",
                "Net extraction in the peak year, as a share of mean recharge",
            ),
            IndicatorId::MeanRechargeLPerS => ("Recarga media", "Mean recharge"),
            IndicatorId::LithiumTotalTLce => ("Litio producido en total", "Total lithium produced"),
            IndicatorId::ShortfallPct => (
                "Agua y salmuera pedidas y no entregadas",
                "Water and brine asked for but not delivered",
            ),
        };
        match lang {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

fn yearly_mean(v: &[f64], y: usize) -> f64 {
    v[y * 12..(y + 1) * 12].iter().sum::<f64>() / 12.0
}

fn loss_pct(s: f64, b: f64) -> f64 {
    if b > 0.0 {
        100.0 * (1.0 - s / b)
    } else {
        0.0
    }
}

/// The largest value of `sign · series` (≥ 0) and its year; `None` for an empty series.
fn extreme(series: &[f64], sign: f64, r: &Results) -> Option<(f64, i32)> {
    let mut best: Option<(f64, i32)> = None;
    for (m, &x) in series.iter().enumerate() {
        let v = (sign * x).max(0.0);
        if best.is_none_or(|b| v > b.0) {
            best = Some((v, r.months.get(m).map_or(0, |ym| ym.year)));
        }
    }
    best
}

/// Year of month `m` of the run.
fn year_of(r: &Results, m: usize) -> i32 {
    r.months.get(m).map_or(0, |ym| ym.year)
}

/// A clearance series summed up; `head_m` is the site's water table (for wells running dry).
fn clearance(c: &SiteClearance, head_m: &[f64], r: &Results) -> ClearanceIndicator {
    let (mut min_m, mut at) = (f64::INFINITY, 0usize);
    for (m, &x) in c.clearance_m.iter().enumerate() {
        if x < min_m {
            min_m = x;
            at = m;
        }
    }
    let well = c.well.as_ref().map(|w| {
        let busiest = (0..w.wells.len()).max_by_key(|&m| w.wells[m]).unwrap_or(0);
        let pumping = |m: &usize| w.wells[*m] > 0;
        let any_pumping = (0..w.wells.len()).any(|m| pumping(&m));
        let (mut crit, mut crit_at) = (f64::INFINITY, 0usize);
        for m in (0..w.wells.len()).filter(|m| !any_pumping || pumping(m)) {
            if w.critical_rate_l_per_s[m] < crit {
                crit = w.critical_rate_l_per_s[m];
                crit_at = m;
            }
        }
        WellIndicator {
            initial_critical_rate_l_per_s: w.initial_critical_rate_l_per_s,
            max_wells: w.wells.get(busiest).copied().unwrap_or(0),
            rate_per_well_l_per_s: w.rate_per_well_l_per_s.get(busiest).copied().unwrap_or(0.0),
            min_critical_rate_l_per_s: if crit.is_finite() { crit } else { 0.0 },
            year_of_min_critical: year_of(r, crit_at),
            first_unstable_year: (0..w.wells.len())
                .find(|&m| pumping(&m) && w.rate_per_well_l_per_s[m] > w.critical_rate_l_per_s[m])
                .map(|m| year_of(r, m)),
            max_cone_rise_m: w.cone_rise_m.iter().copied().fold(0.0, f64::max),
            first_dry_year: head_m
                .iter()
                .position(|&h| h < w.screen_bottom_m)
                .map(|m| year_of(r, m)),
        }
    });
    ClearanceIndicator {
        to: c.to,
        initial_m: c.initial_m,
        min_m: if min_m.is_finite() {
            min_m
        } else {
            c.initial_m
        },
        year_of_min: year_of(r, at),
        contact_at_start: c.initial_m <= 0.0,
        first_contact_year: c
            .clearance_m
            .iter()
            .position(|&x| x <= 0.0)
            .filter(|_| c.initial_m > 0.0)
            .map(|m| year_of(r, m)),
        well,
    }
}

/// The drawdowns whose first crossing each site reports, m: [`DRAWDOWN_THRESHOLDS_M`] and the
/// scenario's protection threshold, in increasing order.
pub fn drawdown_thresholds_m(s: &Scenario) -> Vec<f64> {
    let mut thresholds: Vec<f64> = DRAWDOWN_THRESHOLDS_M.to_vec();
    let user = s.get(LeverId::ProtectThreshold);
    if !thresholds.contains(&user) {
        thresholds.push(user);
        crate::sorting::sort_by(&mut thresholds, |a, b| a.total_cmp(b));
    }
    thresholds
}

impl Indicators {
    pub(crate) fn compute(r: &Results, s: &Scenario) -> Indicators {
        let years = r.months.len() / 12;
        let thresholds = drawdown_thresholds_m(s);
        let sites = r
            .site_series()
            .map(|(site, cell)| {
                let (mut mx, mut at) = (0.0_f64, 0usize);
                for (m, &d) in cell.drawdown_m.iter().enumerate() {
                    if d > mx {
                        mx = d;
                        at = m;
                    }
                }
                let crossings = thresholds
                    .iter()
                    .map(|&t| ThresholdCrossing {
                        threshold_m: t,
                        first_year: cell
                            .drawdown_m
                            .iter()
                            .position(|&d| d > t)
                            .map(|m| r.months[m].year),
                    })
                    .collect();
                SiteIndicator {
                    site: site.id.clone(),
                    name_es: site.name_es.clone(),
                    name_en: site.name_en.clone(),
                    kind: site.kind.clone(),
                    max_drawdown_m: mx,
                    year_of_max: r.months.get(at).map(|x| x.year).unwrap_or(0),
                    crossings,
                    interface_fall: extreme(&cell.interface_rise_m, -1.0, r),
                    interface_rise: extreme(&cell.interface_rise_m, 1.0, r),
                    max_drawdown_vs_today: extreme(&cell.drawdown_vs_today_m, 1.0, r),
                    clearance: r
                        .clearances
                        .iter()
                        .find(|c| c.site == site.id)
                        .map(|c| clearance(c, &cell.head_m, r)),
                }
            })
            .collect();
        let se = &r.series;
        // Headlines against no project under today's climate (the baseline, unless the
        // scenario changes the climate).
        let [today_vega, today_lagoon, today_spring] = se.today_no_project();
        let mut vmax = 0.0_f64;
        let mut lmax = 0.0_f64;
        for y in 0..years {
            vmax = vmax.max(loss_pct(
                yearly_mean(&se.vega_area_ha, y),
                yearly_mean(today_vega, y),
            ));
            lmax = lmax.max(loss_pct(
                yearly_mean(&se.lagoon_area_ha, y),
                yearly_mean(today_lagoon, y),
            ));
        }
        // The last decade's mean loss of `s` (scenario or baseline) against today's no-project
        // `t`: a single year's area swings with that year's rain, a decade's mean much less.
        let decade = DECADE_YEARS.min(years).max(1);
        let window = (years.saturating_sub(decade) * 12)..(years * 12);
        let window_mean = |v: &[f64]| v[window.clone()].iter().sum::<f64>() / (decade * 12) as f64;
        let lost = |s: &[f64], t: &[f64]| loss_pct(window_mean(s), window_mean(t));
        let vega_lost = lost(&se.vega_area_ha, today_vega);
        let lagoon_lost = lost(&se.lagoon_area_ha, today_lagoon);
        let spring_change = -lost(&se.spring_flow_l_per_s, today_spring);
        // The project's part is what the baseline (same climate) does not already lose; under
        // today's climate the baseline loses exactly nothing against itself.
        let by_project = ChangeByProject {
            vega_area_lost_pct: vega_lost - lost(&se.baseline_vega_area_ha, today_vega),
            lagoon_area_lost_pct: lagoon_lost - lost(&se.baseline_lagoon_area_ha, today_lagoon),
            spring_flow_change_pct: spring_change
                + lost(&se.baseline_spring_flow_l_per_s, today_spring),
        };
        let recharge_total: f64 = r.accounts.iter().map(|a| a.recharge_generated_m3).sum();
        let mean_recharge = recharge_total / years.max(1) as f64;
        let per_year = crate::DAYS_PER_YEAR * crate::SECONDS_PER_DAY / 1000.0;
        let expected_recharge = r.expected_recharge_l_per_s * per_year;
        let mut peak = 0.0_f64;
        let mut peak_year = r.months.first().map(|m| m.year).unwrap_or(0);
        for y in 0..years {
            let net: f64 = r.accounts[y * 12..(y + 1) * 12]
                .iter()
                .map(|a| {
                    a.brine.pumped_m3 + a.fresh.pumped_m3
                        - a.brine.reinjected_m3
                        - a.fresh.reinjected_m3
                })
                .sum();
            if net > peak {
                peak = net;
                peak_year = r.months[y * 12].year;
            }
        }
        let t = &r.totals.accounts;
        let short =
            (t.brine_shortfall_m3 + t.fresh_shortfall_m3 + t.community_shortfall_m3).max(0.0);
        let requested = t.brine_requested_m3
            + t.fresh_process_m3
            + t.camp_m3
            + t.community_m3
            + t.fresh_shortfall_m3
            + t.community_shortfall_m3;
        let refused = t.reinjection_refused_m3;
        let reinj_requested = t.brine.reinjected_m3 + t.fresh.reinjected_m3 + refused;
        Indicators {
            sites,
            against_today_climate: r.reference.is_some(),
            vega_area_lost_pct: vega_lost,
            lagoon_area_lost_pct: lagoon_lost,
            vega_area_lost_max_pct: vmax,
            lagoon_area_lost_max_pct: lmax,
            spring_flow_change_pct: spring_change,
            headline_years: (
                r.months.get(window.start).map_or(0, |m| m.year),
                r.months
                    .get(window.end.saturating_sub(1))
                    .map_or(0, |m| m.year),
            ),
            by_project,
            net_extraction_share_of_recharge: if expected_recharge > 0.0 {
                peak / expected_recharge
            } else {
                0.0
            },
            peak_extraction_year: peak_year,
            mean_recharge_l_per_s: mean_recharge / per_year,
            expected_recharge_l_per_s: r.expected_recharge_l_per_s,
            shortfall_m3: short,
            shortfall_pct: if requested > 0.0 {
                100.0 * short / requested
            } else {
                0.0
            },
            reinjection_refused_m3: refused,
            reinjection_refused_pct: if reinj_requested > 0.0 {
                100.0 * refused / reinj_requested
            } else {
                0.0
            },
            lithium_total_t_lce: r.totals.lithium_t_lce,
            protection_months: se.protection_active.iter().filter(|&&x| x).count(),
            last_year: r.months.last().map(|m| m.year).unwrap_or(0),
            // Spring lines need the basin's outlets: set by the caller.
            spring_lines: Vec::new(),
            vegas: crate::outputs::vegas::vega_root_zones(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::accounts::MonthAccounts;
    use crate::outputs::results::SiteCell;
    use crate::outputs::salinisation::{ClearanceTo, SiteClearance, WellCone};
    use crate::Basin;
    use std::sync::Arc;

    const BASIN: &str = r#"
        [basin]
        id = "indicators"
        name_es = "Indicadores"
        name_en = "Indicators"
        start_year = 2025

        [[cells]]
        id = "a"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = -100.0
        sy = 0.1
        initial_head_m = 99.0
        boundary = { head_m = 99.0, conductance_m2_per_day = 1000.0 }

        [[cells]]
        id = "b"
        kind = "aquifer"
        area_km2 = 1.0
        ground_m = 100.0
        bottom_m = -100.0
        sy = 0.1
        initial_head_m = 99.0
        boundary = { head_m = 99.0, conductance_m2_per_day = 1000.0 }
    "#;

    /// A 12-year run (2025–2036) of two plain cells: it supplies the months; every series the
    /// indicators read is then written by hand.
    fn twelve_years(s: &Scenario) -> Results {
        let basin = Basin::from_toml_str(BASIN).expect("basin");
        let r = crate::run(&basin, s).expect("run");
        assert_eq!(r.months.len(), 144);
        assert_eq!((r.months[0].year, r.months[143].year), (2025, 2036));
        r
    }

    fn scenario() -> Scenario {
        Scenario::default()
            .with(LeverId::Years, 12.0)
            .with(LeverId::Variability, 0.0)
    }

    fn site(id: &str, cell_index: usize) -> SiteCell {
        SiteCell {
            id: id.into(),
            name_es: format!("Sitio {id}"),
            name_en: format!("Site {id}"),
            kind: "vega".into(),
            cell: String::new(),
            x_km: 0.0,
            y_km: 0.0,
            cell_index,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn yearly_means_losses_and_extremes_by_hand() {
        // Year 1 of 0, 1, …, 35: months 12–23, sum 12·12 + 66 = 210.
        let v: Vec<f64> = (0..36).map(f64::from).collect();
        assert_eq!(yearly_mean(&v, 1), 17.5);
        assert_eq!(yearly_mean(&v, 0), 5.5);
        // 100·(1 − 3/4); no reference area, no loss.
        assert_eq!(loss_pct(3.0, 4.0), 25.0);
        assert_eq!(loss_pct(3.0, 0.0), 0.0);
        assert_eq!(loss_pct(5.0, 4.0), -25.0);

        let r = twelve_years(&scenario());
        assert_eq!(year_of(&r, 30), 2027);
        assert_eq!(year_of(&r, 144), 0, "past the run");
        assert_eq!(extreme(&[], 1.0, &r), None);
        // +1.5 in 2027 and again in 2032, −2 in 2029 and again in 2035.
        let mut x = vec![0.25; 144];
        x[30] = 1.5;
        x[90] = 1.5;
        x[50] = -2.0;
        x[120] = -2.0;
        assert_eq!(extreme(&x, 1.0, &r), Some((1.5, 2027)));
        assert_eq!(extreme(&x, -1.0, &r), Some((2.0, 2029)));
        // Never positive: 0, in the first year.
        assert_eq!(extreme(&[-1.0, -3.0], 1.0, &r), Some((0.0, 2025)));
    }

    #[test]
    fn thresholds_are_the_fixed_ones_and_the_protection_threshold_once() {
        let s = Scenario::default().with(LeverId::ProtectThreshold, 0.25);
        let u = s.get(LeverId::ProtectThreshold);
        assert!(close(u, 0.25));
        assert_eq!(drawdown_thresholds_m(&s), [0.1, u, 0.5, 1.0, 2.0]);
        let s = Scenario::default().with(LeverId::ProtectThreshold, 0.5);
        assert_eq!(s.get(LeverId::ProtectThreshold), 0.5);
        assert_eq!(drawdown_thresholds_m(&s), [0.1, 0.5, 1.0, 2.0]);
    }

    /// A wellfield's cone: idle in 2025 (critical rate 1 L/s then, which does not count), two
    /// wells at 3 L/s each from 2026 with a critical rate of 8 L/s, but 5 L/s in 2029 and again
    /// in 2034, three wells at 4 L/s in 2033, a well at exactly its critical rate (6 L/s) in
    /// 2030 and above it (7 over 6.5 L/s) in 2032. Screens' bottom at 50 m; the water table
    /// (60 m) touches it in 2028 and falls below it in 2030.
    fn wellfield() -> (SiteClearance, Vec<f64>) {
        let n = 144;
        let mut wells = vec![2_u32; n];
        wells[..12].fill(0);
        wells[100] = 3;
        let mut rate: Vec<f64> = wells
            .iter()
            .map(|&w| if w > 0 { 3.0 } else { 0.0 })
            .collect();
        rate[100] = 4.0;
        let mut crit = vec![8.0; n];
        crit[..12].fill(1.0);
        crit[50] = 5.0;
        crit[110] = 5.0;
        crit[70] = 6.0;
        rate[70] = 6.0;
        crit[90] = 6.5;
        rate[90] = 7.0;
        let mut cone = vec![0.5; n];
        cone[77] = 2.5;
        let mut head = vec![60.0; n];
        head[40] = 50.0;
        head[64] = 49.0;
        // Clearance 1 m, 0.5 m in month 3, exactly 0 in month 26 (2027), −0.5 m in month 30
        // (2027) and again in month 80 (2031).
        let mut c = vec![1.0; n];
        c[3] = 0.5;
        c[26] = 0.0;
        c[30] = -0.5;
        c[80] = -0.5;
        let sc = SiteClearance {
            site: "wf".into(),
            to: ClearanceTo::WellScreen,
            initial_m: 2.0,
            clearance_m: c,
            well: Some(WellCone {
                screen_bottom_m: 50.0,
                initial_critical_rate_l_per_s: 9.0,
                wells,
                rate_per_well_l_per_s: rate,
                critical_rate_l_per_s: crit,
                cone_rise_m: cone,
            }),
        };
        (sc, head)
    }

    #[test]
    fn clearance_and_wells_are_the_hand_read_extremes_and_first_years() {
        let r = twelve_years(&scenario());
        let (c, head) = wellfield();
        let got = clearance(&c, &head, &r);
        assert_eq!(got.to, ClearanceTo::WellScreen);
        assert_eq!(got.initial_m, 2.0);
        assert_eq!((got.min_m, got.year_of_min), (-0.5, 2027));
        assert!(!got.contact_at_start);
        assert_eq!(got.first_contact_year, Some(2027));
        let w = got.well.expect("a wellfield");
        assert_eq!(w.initial_critical_rate_l_per_s, 9.0);
        assert_eq!((w.max_wells, w.rate_per_well_l_per_s), (3, 4.0));
        assert_eq!(
            (w.min_critical_rate_l_per_s, w.year_of_min_critical),
            (5.0, 2029)
        );
        assert_eq!(w.first_unstable_year, Some(2032));
        assert_eq!(w.max_cone_rise_m, 2.5);
        assert_eq!(w.first_dry_year, Some(2030));

        // Never pumping: the smallest critical rate over the whole run (1 L/s, 2025).
        let (mut idle, _) = wellfield();
        if let Some(cone) = idle.well.as_mut() {
            cone.wells.fill(0);
        }
        let w = clearance(&idle, &head, &r).well.expect("a wellfield");
        assert_eq!(
            (w.min_critical_rate_l_per_s, w.year_of_min_critical),
            (1.0, 2025)
        );
        assert_eq!(w.first_unstable_year, None);

        // Brackish water at the roots before development: no first contact to report.
        let at_start = SiteClearance {
            site: "v".into(),
            to: ClearanceTo::RootZone,
            initial_m: 0.0,
            clearance_m: vec![1.0, -1.0, 2.0],
            well: None,
        };
        let got = clearance(&at_start, &[], &r);
        assert!(got.contact_at_start);
        assert_eq!(got.first_contact_year, None);
        assert_eq!((got.min_m, got.year_of_min), (-1.0, 2025));
        assert_eq!(got.well, None);
    }

    #[test]
    fn indicators_are_the_hand_worked_headlines_sites_and_shares() {
        let s = scenario().with(LeverId::ProtectThreshold, 0.25);
        let mut r = twelve_years(&s);
        let n = 144;
        r.sites = vec![site("wf", 0), site("b", 1)];
        // Site wf (cell a): drawdown exactly 0.1 m in 2025, 0.3 m in 2026, 0.6 m in 2028, its
        // largest 2.5 m in 2030 and again in 2033, −1 m in 2034.
        let mut dd = vec![0.0; n];
        dd[5] = 0.1;
        dd[20] = 0.3;
        dd[40] = 0.6;
        dd[70] = 2.5;
        dd[100] = 2.5;
        dd[110] = -1.0;
        let (c, head) = wellfield();
        let a = &mut r.cells[0];
        a.drawdown_m = dd;
        a.head_m = head;
        // Interface: rises 1.5 m in 2027 (and 2032), falls 0.75 m in 2029 (and 2035).
        let mut rise = vec![0.0; n];
        rise[30] = 1.5;
        rise[90] = 1.5;
        rise[50] = -0.75;
        rise[120] = -0.75;
        a.interface_rise_m = rise;
        let mut vs_today = vec![0.1; n];
        vs_today[60] = 0.4;
        a.drawdown_vs_today_m = vs_today;
        // Site b (cell b): no drawdown, no lens, no clearance.
        let b = &mut r.cells[1];
        b.drawdown_m = vec![0.0; n];
        b.interface_rise_m = Vec::new();
        b.drawdown_vs_today_m = Vec::new();
        r.clearances = vec![c];

        // Areas and flows against today's climate without the project (a reference run):
        // vegas 100 ha, lagoons 200 ha, springs 10 L/s throughout. The scenario's vegas: 100 ha
        // in 2025, alternately 40 and 60 ha in 2026 (mean 50: the largest yearly loss, 50 %),
        // 80 ha after (the last decade, 2027–2036: 20 % lost); lagoons 200, then 60 (70 %),
        // then 150 ha (25 %); springs 10, 10, then 12 L/s (+20 %). The no-project run under
        // the same climate: 90 ha of vegas (10 % lost), 180 ha of lagoons (10 %), 11 L/s (+10 %).
        let se = &mut r.series;
        let by_year = |y0: f64, y1: [f64; 2], rest: f64| -> Vec<f64> {
            (0..n)
                .map(|m| match m / 12 {
                    0 => y0,
                    1 => y1[m % 2],
                    _ => rest,
                })
                .collect::<Vec<f64>>()
        };
        se.reference_vega_area_ha = vec![100.0; n];
        se.reference_lagoon_area_ha = vec![200.0; n];
        se.reference_spring_flow_l_per_s = vec![10.0; n];
        se.vega_area_ha = by_year(100.0, [40.0, 60.0], 80.0);
        se.lagoon_area_ha = by_year(200.0, [60.0, 60.0], 150.0);
        se.spring_flow_l_per_s = by_year(10.0, [10.0, 10.0], 12.0);
        se.baseline_vega_area_ha = by_year(100.0, [100.0, 100.0], 90.0);
        se.baseline_lagoon_area_ha = by_year(200.0, [200.0, 200.0], 180.0);
        se.baseline_spring_flow_l_per_s = by_year(10.0, [10.0, 10.0], 11.0);

        // Each month: 2,629,800 m³ of recharge generated (1 m³/s over a 365.25-day year's
        // twelfth); brine pumped 10 m³, fresh 3, brine reinjected 4, fresh 1: net 8 m³, but
        // brine pumped 20 m³ (net 18) in 2028 and again in 2032.
        let month_s = crate::DAYS_PER_YEAR * crate::SECONDS_PER_DAY / 12.0;
        let accounts: Vec<MonthAccounts> = (0..n)
            .map(|m| {
                let mut a = MonthAccounts {
                    recharge_generated_m3: month_s,
                    ..MonthAccounts::default()
                };
                a.brine.pumped_m3 = if m / 12 == 3 || m / 12 == 7 {
                    20.0
                } else {
                    10.0
                };
                a.fresh.pumped_m3 = 3.0;
                a.brine.reinjected_m3 = 4.0;
                a.fresh.reinjected_m3 = 1.0;
                a
            })
            .collect();
        r.accounts = Arc::new(accounts);
        // Expected recharge 2 L/s: 2 L/s · 31,557,600 s = 63,115.2 m³ a year.
        r.expected_recharge_l_per_s = 2.0;
        // Totals: shortfalls 1 + 2 + 4 = 7 m³ of 16 + 32 + 64 + 128 + 2 + 4 = 246 requested;
        // reinjection 5 + 7 m³ accepted and 3 refused (20 % of 15).
        let t = &mut r.totals.accounts;
        t.brine_shortfall_m3 = 1.0;
        t.fresh_shortfall_m3 = 2.0;
        t.community_shortfall_m3 = 4.0;
        t.brine_requested_m3 = 16.0;
        t.fresh_process_m3 = 32.0;
        t.camp_m3 = 64.0;
        t.community_m3 = 128.0;
        t.brine.reinjected_m3 = 5.0;
        t.fresh.reinjected_m3 = 7.0;
        t.reinjection_refused_m3 = 3.0;

        let ind = Indicators::compute(&r, &s);
        let u = s.get(LeverId::ProtectThreshold);
        assert_eq!(ind.sites.len(), 2);
        let wf = &ind.sites[0];
        assert_eq!(wf.site, "wf");
        assert_eq!((wf.max_drawdown_m, wf.year_of_max), (2.5, 2030));
        let crossings: Vec<(f64, Option<i32>)> = wf
            .crossings
            .iter()
            .map(|c| (c.threshold_m, c.first_year))
            .collect();
        assert_eq!(
            crossings,
            [
                (0.1, Some(2026)),
                (u, Some(2026)),
                (0.5, Some(2028)),
                (1.0, Some(2030)),
                (2.0, Some(2030)),
            ]
        );
        assert_eq!(wf.interface_rise, Some((1.5, 2027)));
        assert_eq!(wf.interface_fall, Some((0.75, 2029)));
        assert_eq!(wf.max_drawdown_vs_today, Some((0.4, 2030)));
        let cl = wf.clearance.as_ref().expect("wf's clearance");
        assert_eq!((cl.min_m, cl.year_of_min), (-0.5, 2027));
        let b = &ind.sites[1];
        assert_eq!((b.max_drawdown_m, b.year_of_max), (0.0, 2025));
        assert!(b.crossings.iter().all(|c| c.first_year.is_none()));
        assert_eq!((b.interface_rise, b.interface_fall), (None, None));
        assert_eq!(b.max_drawdown_vs_today, None);
        assert_eq!(b.clearance, None);

        assert!(close(ind.vega_area_lost_pct, 20.0));
        assert!(close(ind.lagoon_area_lost_pct, 25.0));
        assert!(close(ind.spring_flow_change_pct, 20.0));
        assert!(close(ind.vega_area_lost_max_pct, 50.0));
        assert!(close(ind.lagoon_area_lost_max_pct, 70.0));
        assert_eq!(ind.headline_years, (2027, 2036));
        assert!(close(ind.by_project.vega_area_lost_pct, 10.0));
        assert!(close(ind.by_project.lagoon_area_lost_pct, 15.0));
        assert!(close(ind.by_project.spring_flow_change_pct, 10.0));
        // 12 months of 1 m³/s over a twelfth of a year each: 1000 L/s.
        assert!(close(ind.mean_recharge_l_per_s, 1000.0));
        assert_eq!(ind.expected_recharge_l_per_s, 2.0);
        // Peak: 12 · 18 = 216 m³ in 2028 (first of the two), over 63,115.2 m³.
        assert_eq!(ind.peak_extraction_year, 2028);
        assert!(close(
            ind.net_extraction_share_of_recharge,
            216.0 / 63_115.2
        ));
        assert_eq!(ind.shortfall_m3, 7.0);
        assert!(close(ind.shortfall_pct, 700.0 / 246.0));
        assert_eq!(ind.reinjection_refused_m3, 3.0);
        assert!(close(ind.reinjection_refused_pct, 20.0));
        assert_eq!(ind.last_year, 2036);
    }

    #[test]
    fn nothing_asked_for_nor_expected_gives_zero_shares() {
        let s = scenario();
        let mut r = twelve_years(&s);
        r.accounts = Arc::new(vec![MonthAccounts::default(); 144]);
        r.totals.accounts = MonthAccounts::default();
        r.expected_recharge_l_per_s = 0.0;
        let ind = Indicators::compute(&r, &s);
        assert_eq!(ind.net_extraction_share_of_recharge, 0.0);
        assert_eq!(ind.peak_extraction_year, 2025);
        assert_eq!(ind.shortfall_pct, 0.0);
        assert_eq!(ind.reinjection_refused_pct, 0.0);
        assert_eq!(ind.mean_recharge_l_per_s, 0.0);
    }

    #[test]
    fn values_are_each_indicators_field_and_labels_name_them_apart() {
        let mut ind = Indicators {
            vega_area_lost_pct: 2.0,
            vega_area_lost_max_pct: 3.0,
            lagoon_area_lost_pct: 4.0,
            lagoon_area_lost_max_pct: 5.0,
            spring_flow_change_pct: 6.0,
            net_extraction_share_of_recharge: 7.0,
            mean_recharge_l_per_s: 8.0,
            lithium_total_t_lce: 9.0,
            shortfall_pct: 10.0,
            ..Indicators::default()
        };
        let r = twelve_years(&scenario());
        let mut sites = Indicators::compute(&r, &scenario()).sites;
        assert!(sites.is_empty(), "a basin without named sites");
        for (k, m) in [0.5, 1.5].into_iter().enumerate() {
            sites.push(SiteIndicator {
                site: format!("s{k}"),
                name_es: String::new(),
                name_en: String::new(),
                kind: "vega".into(),
                max_drawdown_m: m,
                year_of_max: 2025,
                crossings: Vec::new(),
                interface_fall: None,
                interface_rise: None,
                max_drawdown_vs_today: None,
                clearance: None,
            });
        }
        ind.sites = sites;
        let got: Vec<Vec<f64>> = IndicatorId::ALL.iter().map(|i| i.values(&ind)).collect();
        let want: Vec<Vec<f64>> = vec![
            vec![0.5, 1.5],
            vec![2.0],
            vec![3.0],
            vec![4.0],
            vec![5.0],
            vec![6.0],
            vec![7.0],
            vec![8.0],
            vec![9.0],
            vec![10.0],
        ];
        assert_eq!(got, want);
        for lang in [Lang::Es, Lang::En] {
            let labels: Vec<&str> = IndicatorId::ALL.iter().map(|i| i.label(lang)).collect();
            let mut distinct = labels.clone();
            crate::sorting::sort(&mut distinct);
            distinct.dedup();
            assert_eq!(distinct.len(), labels.len(), "{labels:?}");
            assert!(labels.iter().all(|l| l.len() > 5), "{labels:?}");
        }
        assert_ne!(
            IndicatorId::MeanRechargeLPerS.label(Lang::Es),
            IndicatorId::MeanRechargeLPerS.label(Lang::En)
        );
    }

    /// Keys, units and order are an export format (ensemble CSV and JSON, the page's ranges).
    #[test]
    fn keys_and_units_are_the_exported_ones() {
        let got: Vec<(&str, &str)> = IndicatorId::ALL
            .iter()
            .map(|i| (i.key(), i.unit()))
            .collect();
        assert_eq!(
            got,
            [
                ("max_drawdown_m", "m"),
                ("vega_area_lost_pct", "%"),
                ("vega_area_lost_max_pct", "%"),
                ("lagoon_area_lost_pct", "%"),
                ("lagoon_area_lost_max_pct", "%"),
                ("spring_flow_change_pct", "%"),
                ("net_extraction_share_of_recharge", "-"),
                ("mean_recharge_l_per_s", "L/s"),
                ("lithium_total_t_lce", "t LCE"),
                ("shortfall_pct", "%"),
            ]
        );
        let per_site: Vec<IndicatorId> = IndicatorId::ALL
            .into_iter()
            .filter(|i| i.per_site())
            .collect();
        assert_eq!(per_site, [IndicatorId::MaxDrawdownM]);
    }
}
