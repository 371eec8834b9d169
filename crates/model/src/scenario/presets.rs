//! Reference scenarios, one module used by the tests, the benchmark and the web app's menu.

use serde::Serialize;

use crate::scenario::levers::LeverId;
use crate::scenario::Scenario;

/// A named, sourced scenario.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Preset {
    pub id: &'static str,
    pub name_es: &'static str,
    pub name_en: &'static str,
    pub description_es: &'static str,
    pub description_en: &'static str,
    pub source: &'static str,
    /// The levers the plan sets, in table order, even where a value equals today's default;
    /// every other lever keeps its default.
    pub levers: &'static [(LeverId, f64)],
}

impl Preset {
    pub fn scenario(&self) -> Scenario {
        self.levers
            .iter()
            .fold(Scenario::default(), |s, &(id, value)| s.with(id, value))
    }
}

/// The plans' fresh water comes from the east fan (`este`, the default basin's second
/// `fw_src` place).
const EAST_FAN: f64 = 1.0;

use LeverId as L;

pub static PRESETS: [Preset; 6] = [
    Preset {
        id: "natural",
        name_es: "Sin proyecto (cuenca natural)",
        name_en: "No project (natural basin)",
        description_es: "La cuenca sin extracción de litio: solo el uso de la comunidad y su ganado.",
        description_en: "The basin without lithium extraction: only the community and its livestock use water.",
        source: "Parameter table defaults (brief B6)",
        levers: &[],
    },
    Preset {
        id: "fs2019",
        name_es: "Plan de factibilidad 2019",
        name_en: "2019 feasibility plan",
        description_es: "24.000 t/año de LCE con piletas de evaporación durante 40 años, desde 2027, todo de esta cuenca.",
        description_en: "24,000 t/yr LCE from evaporation ponds for 40 years, from 2027, all from this basin.",
        source: "[S7] Millennial Lithium feasibility study release, 29 Jul 2019",
        levers: &[
            (L::Production, 24_000.0),
            (L::StartYear, 2027.0),
            (L::RampYears, 2.0),
            (L::LifeYears, 40.0),
            (L::FreshSource, EAST_FAN),
        ],
    },
    Preset {
        id: "jv2025",
        name_es: "Plan de la empresa conjunta 2025",
        name_en: "2025 joint-venture plan",
        description_es: "150.000 t/año en tres etapas de 50.000, mitad piletas y mitad EDL, 30 años desde 2028, 75 % de esta cuenca.",
        description_en: "150,000 t/yr in three 50,000 t stages, half ponds and half DLE, 30 years from 2028, 75 % from this basin.",
        source: "[S13] MQ World 13 Nov 2025 PPG scoping study; [S14] Panorama Minero PPG DIA",
        levers: &[
            (L::Production, 150_000.0),
            (L::StartYear, 2028.0),
            (L::RampYears, 2.0),
            (L::LifeYears, 30.0),
            (L::Stages, 3.0),
            (L::StageGapYears, 5.0),
            (L::SharePg, 75.0),
            (L::DleShare, 50.0),
            (L::Reinjection, 90.0),
            (L::FreshSource, EAST_FAN),
        ],
    },
    Preset {
        id: "dle_reinjection",
        name_es: "EDL con alta reinyección",
        name_en: "DLE with high reinjection",
        description_es: "50.000 t/año solo con extracción directa, reinyectando el 95 % de la salmuera agotada.",
        description_en: "50,000 t/yr by direct extraction only, reinjecting 95 % of the spent brine.",
        source: "Brief scenario table (B5); Eramine DLE recovery [S34]",
        levers: &[
            (L::Production, 50_000.0),
            (L::StartYear, 2028.0),
            (L::RampYears, 2.0),
            (L::LifeYears, 30.0),
            (L::DleShare, 100.0),
            (L::Reinjection, 95.0),
            (L::FreshSource, EAST_FAN),
        ],
    },
    Preset {
        id: "dry_natural",
        name_es: "Futuro más seco, sin proyecto",
        name_en: "Drier future, no project",
        description_es: "20 % menos lluvia y 3 °C más de temperatura hacia 2050, sin extracción.",
        description_en: "20 % less rain and 3 °C warmer by 2050, without extraction.",
        source: "[S19][S20][S21] climate projections for the Altiplano",
        levers: &[
            (L::PrecipChange, -20.0),
            (L::Warming, 3.0),
        ],
    },
    Preset {
        id: "dry_fs2019",
        name_es: "Futuro más seco con el plan 2019",
        name_en: "Drier future with the 2019 plan",
        description_es: "El plan de factibilidad 2019 con 20 % menos lluvia y 3 °C más hacia 2050.",
        description_en: "The 2019 feasibility plan with 20 % less rain and 3 °C warmer by 2050.",
        source: "[S7] with [S19][S20][S21]",
        levers: &[
            (L::Production, 24_000.0),
            (L::StartYear, 2027.0),
            (L::RampYears, 2.0),
            (L::LifeYears, 40.0),
            (L::FreshSource, EAST_FAN),
            (L::PrecipChange, -20.0),
            (L::Warming, 3.0),
        ],
    },
];

/// Find a preset by id.
pub fn by_id(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basin::Basin;

    #[test]
    fn presets_set_each_listed_lever_once_in_table_order() {
        let basin = Basin::default_basin();
        let fresh = LeverId::FreshSource.spec().options(&basin);
        assert_eq!(fresh[EAST_FAN as usize].key, "este");
        for p in PRESETS.iter() {
            let order: Vec<usize> = p.levers.iter().map(|&(id, _)| id as usize).collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", p.id);
            let s = p.scenario();
            for &(id, value) in p.levers {
                assert_eq!(s.get(id), value, "{} {}", p.id, id.spec().key);
            }
        }
        assert_eq!(by_id("natural").unwrap().scenario(), Scenario::default());
        assert!(!Scenario::default().has_project());
    }
}
