//! Example sets of agreed limits for the page's buttons: starting points for a negotiating
//! table, labelled as examples and never as any party's position. The thresholds come from the
//! illustrative table of `early-warning-plans.md` §3 (vega water table 0.3–0.5 m, springs at 80 %
//! of their flow, 9 of 10 runs; lagoons 8 of 10; the community's supply the strictest, 19 of 20),
//! itself drawn from published practice (a 0.2–0.4 m drawdown to protect springs in Australian
//! approvals; Ramsar limits of acceptable change).

use crate::negotiation::limits::{Limit, LimitKind};

/// One example set.
pub struct ExampleLimits {
    pub key: &'static str,
    pub name_es: &'static str,
    pub name_en: &'static str,
    limits: &'static [(&'static str, LimitKind, f64, i32, f64)],
}

impl ExampleLimits {
    pub fn limits(&self) -> Vec<Limit> {
        self.limits
            .iter()
            .map(|&(site, kind, value, until_year, confidence)| Limit {
                site: site.to_string(),
                kind,
                value,
                until_year,
                confidence,
            })
            .collect()
    }
}

use LimitKind::{DrawdownAtMostM as Drawdown, SpringFlowAtLeastShare as Spring};

pub const EXAMPLE_LIMITS: [ExampleLimits; 3] = [
    ExampleLimits {
        key: "strict",
        name_es: "Ejemplo 1: vegas, vertientes y agua de la comunidad primero",
        name_en: "Example 1: vegas, springs and the community's water first",
        limits: &[
            ("vega_santa_rosa", Drawdown, 0.3, 2075, 0.9),
            ("vertientes_norte", Spring, 0.8, 2075, 0.9),
            ("vertientes_este", Spring, 0.8, 2075, 0.9),
            ("pozo_comunitario", Drawdown, 1.0, 2075, 0.95),
        ],
    },
    ExampleLimits {
        key: "middle",
        name_es: "Ejemplo 2: intermedio",
        name_en: "Example 2: in between",
        limits: &[
            ("vega_santa_rosa", Drawdown, 0.5, 2075, 0.9),
            ("vega_este", Drawdown, 0.5, 2075, 0.9),
            ("vertientes_este", Spring, 0.8, 2075, 0.9),
        ],
    },
    ExampleLimits {
        key: "loose",
        name_es: "Ejemplo 3: más margen para producir",
        name_en: "Example 3: more room to produce",
        limits: &[
            ("vega_santa_rosa", Drawdown, 1.0, 2075, 0.8),
            ("laguna_norte", Drawdown, 1.0, 2075, 0.8),
        ],
    },
];

/// An example early-warning plan for the page's button, in two phases at one sentinel (the
/// staging of real plans, `early-warning-plans.md` §1–2; its numbers are illustrative, not any
/// real plan's, whose phase thresholds are not public): at the east vega, 0.3 m cuts brine
/// pumping by a quarter, 1 m halves all pumping, each six months after it fires.
pub fn example_plan() -> Vec<crate::negotiation::plan::Trigger> {
    use crate::negotiation::plan::{CutTarget, Trigger, DEFAULT_PERSISTENCE_MONTHS};
    let phase = |rise_m, target, cut| Trigger {
        site: "vega_este".to_string(),
        rise_m,
        persistence_months: DEFAULT_PERSISTENCE_MONTHS,
        target,
        cut,
        delay_months: 6,
    };
    vec![
        phase(0.3, CutTarget::Brine, 0.25),
        phase(1.0, CutTarget::All, 0.5),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Basin;

    /// Every example names sites the default basin has, with readable values.
    #[test]
    fn examples_name_real_sites() {
        let basin = Basin::default_basin();
        for set in &EXAMPLE_LIMITS {
            for l in set.limits() {
                assert!(basin.site(&l.site).is_some(), "{}: {}", set.key, l.site);
                assert!(l.value >= 0.0 && (0.0..=1.0).contains(&l.confidence));
            }
        }
        for t in example_plan() {
            assert!(basin.site(&t.site).is_some(), "{}", t.site);
        }
    }
}
