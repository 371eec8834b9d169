//! Indicators: what a person wants to know from a run, computed from the series.

use serde::Serialize;

use crate::outputs::results::Results;
use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;

/// Fixed drawdown thresholds (m) reported for every site, besides the user's protection threshold.
pub const DRAWDOWN_THRESHOLDS_M: [f64; 4] = [0.1, 0.5, 1.0, 2.0];

/// First year a site's drawdown passes a threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdCrossing {
    pub threshold_m: f64,
    pub first_year: Option<i32>,
}

/// Drawdown indicators at a named site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteIndicator {
    pub site: String,
    pub name_es: String,
    pub name_en: String,
    pub kind: String,
    pub max_drawdown_m: f64,
    pub year_of_max: i32,
    pub crossings: Vec<ThresholdCrossing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Indicators {
    pub sites: Vec<SiteIndicator>,
    /// Vega green area lost in the last year, relative to the no-project run, %.
    pub vega_area_lost_pct: f64,
    /// Lagoon area lost in the last year, relative to the no-project run, %.
    pub lagoon_area_lost_pct: f64,
    /// Largest yearly vega area loss over the run, %.
    pub vega_area_lost_max_pct: f64,
    pub lagoon_area_lost_max_pct: f64,
    /// Spring flow change in the last year vs the no-project run, %.
    pub spring_flow_change_pct: f64,
    /// Net extraction (brine pumped − reinjected + fresh and community pumping) in the year of
    /// largest extraction, as a share of the mean annual recharge of the run.
    pub net_extraction_share_of_recharge: f64,
    pub peak_extraction_year: i32,
    pub mean_recharge_l_per_s: f64,
    /// Brine, fresh and community water asked for but not delivered, m³, and as % of requested.
    pub shortfall_m3: f64,
    pub shortfall_pct: f64,
    pub lithium_total_t_lce: f64,
    pub protection_months: usize,
    pub last_year: i32,
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

impl Indicators {
    pub(crate) fn compute(r: &Results, s: &Scenario) -> Indicators {
        let years = r.months.len() / 12;
        let mut thresholds: Vec<f64> = DRAWDOWN_THRESHOLDS_M.to_vec();
        let user = s.get(LeverId::ProtectThreshold);
        if !thresholds.contains(&user) {
            thresholds.push(user);
            thresholds.sort_by(|a, b| a.total_cmp(b));
        }
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
                }
            })
            .collect();
        let se = &r.series;
        let last = years.saturating_sub(1);
        let mut vmax = 0.0_f64;
        let mut lmax = 0.0_f64;
        for y in 0..years {
            vmax = vmax.max(loss_pct(
                yearly_mean(&se.vega_area_ha, y),
                yearly_mean(&se.baseline_vega_area_ha, y),
            ));
            lmax = lmax.max(loss_pct(
                yearly_mean(&se.lagoon_area_ha, y),
                yearly_mean(&se.baseline_lagoon_area_ha, y),
            ));
        }
        let recharge_total: f64 = r.accounts.iter().map(|a| a.recharge_generated_m3).sum();
        let mean_recharge = recharge_total / years.max(1) as f64;
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
        Indicators {
            sites,
            vega_area_lost_pct: loss_pct(
                yearly_mean(&se.vega_area_ha, last),
                yearly_mean(&se.baseline_vega_area_ha, last),
            ),
            lagoon_area_lost_pct: loss_pct(
                yearly_mean(&se.lagoon_area_ha, last),
                yearly_mean(&se.baseline_lagoon_area_ha, last),
            ),
            vega_area_lost_max_pct: vmax,
            lagoon_area_lost_max_pct: lmax,
            spring_flow_change_pct: -loss_pct(
                yearly_mean(&se.spring_flow_l_per_s, last),
                yearly_mean(&se.baseline_spring_flow_l_per_s, last),
            ),
            net_extraction_share_of_recharge: if mean_recharge > 0.0 {
                peak / mean_recharge
            } else {
                0.0
            },
            peak_extraction_year: peak_year,
            mean_recharge_l_per_s: mean_recharge / (crate::DAYS_PER_YEAR * crate::SECONDS_PER_DAY)
                * 1000.0,
            shortfall_m3: short,
            shortfall_pct: if requested > 0.0 {
                100.0 * short / requested
            } else {
                0.0
            },
            lithium_total_t_lce: r.totals.lithium_t_lce,
            protection_months: se.protection_active.iter().filter(|&&x| x).count(),
            last_year: r.months.last().map(|m| m.year).unwrap_or(0),
        }
    }
}
