//! An agreed limit and whether each member of an ensemble keeps it.
//!
//! The statistic is the calendar year's mean (a 12-month mean, as limits in permits are written,
//! so a single dry month does not break a limit on its own), every year up to the horizon.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::{fmt_num, Lang};
use crate::uncertainty::ensemble::{Ensemble, EnsembleSite, Quantity};

/// What a limit bounds at its site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// The drawdown the project causes (the member's run against its own no-project run under
    /// the same climate) stays at or below `value` m. Attributable, so no monitoring well sees
    /// it alone: the plan's triggers must use measurable levels.
    DrawdownAtMostM,
    /// The spring flows at least `value` × what it would without the project (the member's own
    /// water table raised by the drawdown the project causes, through the spring law), so a dry
    /// year the spring would have anyway does not break the limit. Attributable too.
    SpringFlowAtLeastShare,
    /// The spring never runs below `value` L/s in a month where it would run at or above that
    /// without the project ("never dry" with a floor of 0, read as 1 mL/s): an absolute floor,
    /// month by month, where a share misleads for a spring that barely flows. Attributable: a
    /// month the spring would be below the floor anyway does not break it.
    SpringFlowFloorLPerS,
    /// The basin's green vega area stays at least `value` × what it would be without the project
    /// (the member's own no-project run, same climate). Basin-wide: its site is [`BASIN_SITE`].
    VegaAreaAtLeastShare,
    /// The basin's open-water lagoon area, likewise.
    LagoonAreaAtLeastShare,
    /// Where fresh water floats on brine under the site: the project raises the interface
    /// between them (brine closer to the roots, springs and wells) by at most `value` m against
    /// the member's own no-project run. Attributable, like the drawdown.
    InterfaceRiseAtMostM,
}

/// The site of a limit on the whole basin (the vegas' or lagoons' area).
pub const BASIN_SITE: &str = "basin";

impl LimitKind {
    /// Whether the limit bounds a share of what there would be without the project (0–1).
    pub fn is_share(self) -> bool {
        !matches!(
            self,
            LimitKind::DrawdownAtMostM
                | LimitKind::SpringFlowFloorLPerS
                | LimitKind::InterfaceRiseAtMostM
        )
    }

    /// Whether it bounds a spring's flow (a site with a spring).
    pub fn is_spring(self) -> bool {
        matches!(
            self,
            LimitKind::SpringFlowAtLeastShare | LimitKind::SpringFlowFloorLPerS
        )
    }

    /// Whether it bounds the whole basin rather than one site.
    pub fn is_basin_wide(self) -> bool {
        matches!(
            self,
            LimitKind::VegaAreaAtLeastShare | LimitKind::LagoonAreaAtLeastShare
        )
    }
}

/// "Vega de Santa Rosa: no more than 0.5 m lower, to 2075, in 9 of 10 runs".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limit {
    pub site: String,
    pub kind: LimitKind,
    pub value: f64,
    /// Last calendar year the limit must hold (the run's last year if the run ends before).
    pub until_year: i32,
    /// Share of the members that must keep it (0–1).
    pub confidence: f64,
}

/// How many members keep a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LimitOutcome {
    pub members_keeping: usize,
    pub members: usize,
}

impl LimitOutcome {
    /// Share of the members that keep the limit (1 for an empty ensemble: nothing breaks it).
    pub fn share(&self) -> f64 {
        if self.members == 0 {
            1.0
        } else {
            self.members_keeping as f64 / self.members as f64
        }
    }
}

impl Limit {
    /// Whether the outcome meets the limit's confidence.
    pub fn is_kept(&self, outcome: &LimitOutcome) -> bool {
        outcome.share() >= self.confidence
    }

    /// The limit over an ensemble; `None` if the site is unknown to it or has no spring for a
    /// spring limit.
    pub fn outcome(&self, e: &Ensemble) -> Option<LimitOutcome> {
        let breaches = self.first_breaches(e)?;
        Some(LimitOutcome {
            members_keeping: breaches.iter().filter(|b| b.is_none()).count(),
            members: e.members.len(),
        })
    }

    /// The smallest count of `members` that keeps the limit at its confidence.
    pub fn members_needed(&self, members: usize) -> usize {
        (0..=members)
            .find(|&k| {
                LimitOutcome {
                    members_keeping: k,
                    members,
                }
                .share()
                    >= self.confidence
            })
            .unwrap_or(members + 1)
    }

    /// The limit's site as the ensemble has it (`Some(None)` for a basin-wide limit); `None` if it
    /// cannot be read there.
    fn readable<'e>(&self, e: &'e Ensemble) -> Option<Option<&'e EnsembleSite>> {
        if self.kind.is_basin_wide() {
            return (self.site == BASIN_SITE).then_some(None);
        }
        let site = e.site(&self.site)?;
        if self.kind.is_spring() && !site.has_spring() {
            return None;
        }
        if self.kind == LimitKind::InterfaceRiseAtMostM && !site.has_interface() {
            return None;
        }
        Some(Some(site))
    }

    /// Each member's first calendar year whose mean breaks the limit (`None`: it keeps it up
    /// to the horizon); `None` if the site is unknown, has no spring for a spring limit or no
    /// lens for an interface limit.
    pub fn first_breaches(&self, e: &Ensemble) -> Option<Vec<Option<i32>>> {
        self.readable(e)?;
        (0..e.members.len())
            .map(|k| self.member_first_breach(e, k))
            .collect()
    }

    /// Whether member `k` keeps the limit; `None` if it cannot be read (see [`Limit::outcome`])
    /// or there is no such member.
    pub fn member_keeps(&self, e: &Ensemble, k: usize) -> Option<bool> {
        self.member_first_breach(e, k).map(|b| b.is_none())
    }

    /// Member `k`'s first calendar year whose mean breaks the limit (`Some(None)`: it keeps it
    /// up to the horizon). A year whose mean is not a number breaks the limit (hence the negated
    /// comparisons).
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    pub fn member_first_breach(&self, e: &Ensemble, k: usize) -> Option<Option<i32>> {
        let site = self.readable(e)?;
        let years = e
            .months
            .iter()
            .take_while(|m| m.year <= self.until_year)
            .count()
            / 12;
        let yearly_mean = |v: &[f32], y: usize| {
            v.get(y * 12..(y + 1) * 12).map_or(f64::NAN, |m| {
                m.iter().map(|&x| f64::from(x)).sum::<f64>() / 12.0
            })
        };
        let Some(site) = site else {
            // The basin's area with the project against the member's own run without it.
            let (with, without) = match self.kind {
                LimitKind::VegaAreaAtLeastShare => {
                    (Quantity::VegaAreaHa, Quantity::NoProjectVegaAreaHa)
                }
                _ => (Quantity::LagoonAreaHa, Quantity::NoProjectLagoonAreaHa),
            };
            let with = e.member_series(k, with, None)?;
            let without = e.member_series(k, without, None)?;
            let breach = (0..years)
                .find(|&y| !(yearly_mean(with, y) >= self.value * yearly_mean(without, y)));
            return Some(breach.map(|y| e.months[y * 12].year));
        };
        let drawdown = e.member_series(k, Quantity::DrawdownM, Some(&self.site))?;
        let breach = match self.kind {
            LimitKind::DrawdownAtMostM => {
                (0..years).find(|&y| !(yearly_mean(drawdown, y) <= self.value))
            }
            LimitKind::InterfaceRiseAtMostM => {
                let rise = e.member_series(k, Quantity::InterfaceRiseM, Some(&self.site))?;
                (0..years).find(|&y| !(yearly_mean(rise, y) <= self.value))
            }
            LimitKind::SpringFlowAtLeastShare => {
                let depth = e.member_series(k, Quantity::DepthToWaterM, Some(&self.site))?;
                (0..years).find(|&y| {
                    // Month by month, the flow with the project and without it (the water
                    // table higher by the drawdown the project causes), summed in one pass.
                    let (mut with, mut without) = (0.0, 0.0);
                    for m in y * 12..(y + 1) * 12 {
                        let above = site
                            .head_above_outlet_m(depth[m] as f64)
                            .unwrap_or(f64::NAN);
                        with += site.spring_flow_l_per_s(above).unwrap_or(0.0);
                        without += site
                            .spring_flow_l_per_s(above + drawdown[m] as f64)
                            .unwrap_or(0.0);
                    }
                    !(with / 12.0 >= self.value * (without / 12.0))
                })
            }
            LimitKind::SpringFlowFloorLPerS => {
                let depth = e.member_series(k, Quantity::DepthToWaterM, Some(&self.site))?;
                // A floor of 0 is "never dry": below a millilitre a second.
                let floor = self.value.max(1e-3);
                (0..years).find(|&y| {
                    (y * 12..(y + 1) * 12).any(|m| {
                        let above = site
                            .head_above_outlet_m(depth[m] as f64)
                            .unwrap_or(f64::NAN);
                        let with = site.spring_flow_l_per_s(above).unwrap_or(f64::NAN);
                        let without = site
                            .spring_flow_l_per_s(above + drawdown[m] as f64)
                            .unwrap_or(f64::NAN);
                        !(with >= floor) && without >= floor
                    })
                })
            }
            LimitKind::VegaAreaAtLeastShare | LimitKind::LagoonAreaAtLeastShare => None,
        };
        Some(breach.map(|y| e.months[y * 12].year))
    }

    /// The limit in words: "Vega de Santa Rosa: la napa no baja más de 0,5 m por el proyecto
    /// hasta 2075, en 9 de cada 10 versiones de la cuenca".
    pub fn sentence(&self, place: &str, lang: Lang) -> String {
        let runs = fmt_num(self.confidence * 10.0, 0, lang);
        match (self.kind, lang) {
            (LimitKind::DrawdownAtMostM, Lang::Es) => format!(
                "{place}: la napa no baja más de {} m por el proyecto hasta {}, en {runs} de cada 10 versiones de la cuenca",
                fmt_num(self.value, 1, lang),
                self.until_year
            ),
            (LimitKind::DrawdownAtMostM, Lang::En) => format!(
                "{place}: the project lowers the water table by no more than {} m until {}, in {runs} of 10 versions of the basin",
                fmt_num(self.value, 1, lang),
                self.until_year
            ),
            (LimitKind::SpringFlowAtLeastShare, Lang::Es) => format!(
                "{place}: el caudal no baja del {} % del que tendría sin el proyecto hasta {}, en {runs} de cada 10 versiones de la cuenca",
                fmt_num(self.value * 100.0, 0, lang),
                self.until_year
            ),
            (LimitKind::SpringFlowAtLeastShare, Lang::En) => format!(
                "{place}: the flow stays at or above {} % of what it would be without the project until {}, in {runs} of 10 versions of the basin",
                fmt_num(self.value * 100.0, 0, lang),
                self.until_year
            ),
            (LimitKind::InterfaceRiseAtMostM, _) => format!(
                "{place}: {}, {}",
                self.interface_what(lang),
                match lang {
                    Lang::Es => format!("en {runs} de cada 10 versiones de la cuenca"),
                    Lang::En => format!("in {runs} of 10 versions of the basin"),
                }
            ),
            (LimitKind::SpringFlowFloorLPerS, _) => format!(
                "{place}: {}, {}",
                self.floor_what(lang),
                match lang {
                    Lang::Es => format!("en {runs} de cada 10 versiones de la cuenca"),
                    Lang::En => format!("in {runs} of 10 versions of the basin"),
                }
            ),
            (LimitKind::VegaAreaAtLeastShare | LimitKind::LagoonAreaAtLeastShare, _) => format!(
                "{}: {}, {}",
                self.basin_place(lang),
                self.what(lang, false),
                match lang {
                    Lang::Es => format!("en {runs} de cada 10 versiones de la cuenca"),
                    Lang::En => format!("in {runs} of 10 versions of the basin"),
                }
            ),
        }
    }

    /// A floor's bound without its place: "el caudal no baja de 0,5 L/s en ningún mes en que sin
    /// el proyecto lo superaría, hasta 2075" ("no se corta" for a floor of 0).
    pub(crate) fn floor_what(&self, lang: Lang) -> String {
        let (q, y) = (fmt_num(self.value, 1, lang), self.until_year);
        match (self.value > 0.0, lang) {
            (true, Lang::Es) => format!("el caudal no baja de {q} L/s en ningún mes en que sin el proyecto los tendría, hasta {y}"),
            (true, Lang::En) => format!("the flow never falls below {q} L/s in a month it would reach that without the project, until {y}"),
            (false, Lang::Es) => format!("el caudal no se corta por el proyecto en ningún mes hasta {y}"),
            (false, Lang::En) => format!("the project never stops the flow in any month until {y}"),
        }
    }

    /// An interface limit's bound without its place: "la salmuera no sube más de 1 m por el
    /// proyecto bajo el agua dulce hasta 2075".
    pub(crate) fn interface_what(&self, lang: Lang) -> String {
        let (m, y) = (fmt_num(self.value, 1, lang), self.until_year);
        match lang {
            Lang::Es => format!("la salmuera no sube más de {m} m por el proyecto bajo el agua dulce hasta {y}"),
            Lang::En => format!("the project raises the brine under the fresh water by no more than {m} m until {y}"),
        }
    }

    /// A basin-wide limit's place: "Vegas de la cuenca", "The basin's lagoons".
    fn basin_place(&self, lang: Lang) -> &'static str {
        match (self.kind, lang) {
            (LimitKind::LagoonAreaAtLeastShare, Lang::Es) => "Lagunas de la cuenca",
            (LimitKind::LagoonAreaAtLeastShare, Lang::En) => "The basin's lagoons",
            (_, Lang::Es) => "Vegas de la cuenca",
            (_, Lang::En) => "The basin's vegas",
        }
    }

    /// Where the limit is, as `basin` names it (the whole basin's vegas or lagoons for an area
    /// limit; the site's id if the basin does not have it).
    pub fn place(&self, basin: &Basin, lang: Lang) -> String {
        if self.kind.is_basin_wide() {
            return self.basin_place(lang).to_string();
        }
        basin
            .site(&self.site)
            .map_or(self.site.clone(), |s| match lang {
                Lang::Es => s.name_es.clone(),
                Lang::En => s.name_en.clone(),
            })
    }

    /// An area limit's bound, with or without the place in it: "el área verde (de las vegas de
    /// la cuenca) no baja del 80 % de la que tendría sin el proyecto hasta 2075".
    pub(crate) fn what(&self, lang: Lang, with_place: bool) -> String {
        let (share, y) = (fmt_num(self.value * 100.0, 0, lang), self.until_year);
        let lagoon = self.kind == LimitKind::LagoonAreaAtLeastShare;
        let of = match (with_place, lagoon, lang) {
            (false, _, _) => "",
            (true, true, Lang::Es) => " de las lagunas de la cuenca",
            (true, true, Lang::En) => " of the basin's lagoons",
            (true, false, Lang::Es) => " de las vegas de la cuenca",
            (true, false, Lang::En) => " of the basin's vegas",
        };
        match (lagoon, lang) {
            (true, Lang::Es) => format!("el espejo de agua{of} no baja del {share} % del que tendría sin el proyecto hasta {y}"),
            (true, Lang::En) => format!("the open-water area{of} stays at or above {share} % of what it would be without the project until {y}"),
            (false, Lang::Es) => format!("el área verde{of} no baja del {share} % de la que tendría sin el proyecto hasta {y}"),
            (false, Lang::En) => format!("the green area{of} stays at or above {share} % of what it would be without the project until {y}"),
        }
    }
}
