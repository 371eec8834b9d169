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
        thresholds.sort_by(|a, b| a.total_cmp(b));
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
