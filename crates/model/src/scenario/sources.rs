//! "Whose numbers": for each contested input, the values different parties would use, each with
//! its citation, and a value the community enters. A choice sets the matching lever (an advanced
//! multiplier, or the DLE fresh-water lever) and is stored in the link as `src_<input>=<option>`.
//!
//! Only sources named in the domain brief (`shared/domain/pastos-grandes.md`, keys [S1]–[S47])
//! are cited. Where a party has published no number for Pastos Grandes — the company's water
//! balance and numerical model chapters were not available, and the provincial WEAP–MODFLOW
//! model [S1][S2] is not yet published — the option says so (`NoPublicNumber`) and falls back to
//! the parameter table's value, so choosing it changes nothing and the interface can say why.

use std::fmt;

use serde::Serialize;

use crate::basin::Basin;
use crate::scenario::levers::LeverId;
use crate::scenario::{LeverError, Scenario};

/// Who a number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceCategory {
    Company,
    Independent,
    Provincial,
    Community,
}

/// How a source option's number stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// A number published for Pastos Grandes itself.
    Sourced,
    /// A number from another salar, transferred.
    Analog,
    /// No public number: the parameter table's value is used.
    NoPublicNumber,
    /// Entered by the user.
    Entered,
}

/// One named alternative for a contested input.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SourceOption {
    /// Key in links: `src_recharge=independent`.
    pub key: &'static str,
    pub category: SourceCategory,
    pub status: SourceStatus,
    /// The value in the input's unit; `None` = no public number (the table value is used).
    pub value: Option<f64>,
    pub label_es: &'static str,
    pub label_en: &'static str,
    /// Source keys and addresses as in the domain brief.
    pub citation: &'static str,
    /// How the value was read or derived (English, for the assumptions panel).
    pub note: &'static str,
}

/// The contested inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContestedId {
    Recharge,
    EvaporationE0,
    BrineTransmissivity,
    DleFreshWater,
}

/// A contested input: the parameter it stands for, the lever a choice sets, and the options.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Contested {
    pub id: ContestedId,
    /// Key in links (`src_<key>`).
    pub key: &'static str,
    pub label_es: &'static str,
    pub label_en: &'static str,
    /// Parameter-table id whose value is the reference (the table's own choice).
    pub param: &'static str,
    pub unit: &'static str,
    pub lever: LeverId,
    /// The lever is a multiplier on the parameter (value / table value), not the value itself.
    pub multiplier: bool,
    pub options: &'static [SourceOption],
}

const NOT_PUBLIC_COMPANY: &str = "The hydrogeology chapters of the Pastos Grandes NI 43-101 / S-K 1300 reports (water balance, numerical model) were not available; only press summaries were [S7][S13]. No public number: the parameter table's value is used.";
const NOT_PUBLIC_PROVINCE: &str = "The Salta–SEI WEAP–MODFLOW basin water plan [S1][S2] has not published its numbers yet. No public number: the parameter table's value is used.";

const fn not_public(
    category: SourceCategory,
    citation: &'static str,
    note: &'static str,
) -> SourceOption {
    let (key, label_es, label_en) = match category {
        SourceCategory::Company => (
            "company",
            "Empresa (sin dato público)",
            "Company (no public number)",
        ),
        SourceCategory::Provincial => (
            "provincial",
            "Provincia (sin dato público)",
            "Province (no public number)",
        ),
        _ => (
            "independent",
            "Estudio independiente (sin dato público)",
            "Independent study (no public number)",
        ),
    };
    SourceOption {
        key,
        category,
        status: SourceStatus::NoPublicNumber,
        value: None,
        label_es,
        label_en,
        citation,
        note,
    }
}

const S_PROVINCE: &str = "[S1] NIR Impact project: lithium, https://nir.se/impact-project-lithium/ ; [S2] El Tribuno 30 Nov 2025, https://www.eltribuno.com/salta/2025-11-30-0-0-0-plan-hidrico-para-cuidar-el-agua-en-la-puna-saltena";
const S7: &str = "[S7] Millennial Lithium Feasibility Study release, 29 Jul 2019 (Worley + Montgomery & Associates), https://markettrendnews.com/index.php/featured-news/1403-07-29-19ml-v";
const S13: &str = "[S13] MQ World 13 Nov 2025, PPG scoping study, https://mqworld.com/2025/11/13/lithium-argentina-and-ganfeng-outline-plan-for-150-000-t-y-ppg-project ; [S14] Panorama Minero, PPG DIA";

static RECHARGE: [SourceOption; 3] = [
    not_public(SourceCategory::Company, S7, NOT_PUBLIC_COMPANY),
    SourceOption {
        key: "independent",
        category: SourceCategory::Independent,
        status: SourceStatus::Analog,
        value: Some(690.0),
        label_es: "Estudio independiente (Salar del Huasco, 12 % de la lluvia)",
        label_en: "Independent study (Salar del Huasco, 12 % of rainfall)",
        citation: "[S27] Questioning the endorheic paradigm: water balance dynamics in the Salar del Huasco basin, Chile, EGUsphere preprint 2025-2984, https://egusphere.copernicus.org/preprints/2025/egusphere-2025-2984",
        note: "Analog: recharge ~12 % of catchment precipitation at Huasco instead of the table's 8 %; 460 L/s × 12/8 = 690 L/s (1300 km² × 140 mm × 0.12).",
    },
    not_public(SourceCategory::Provincial, S_PROVINCE, NOT_PUBLIC_PROVINCE),
];

static EVAP_E0: [SourceOption; 3] = [
    not_public(SourceCategory::Company, S7, NOT_PUBLIC_COMPANY),
    SourceOption {
        key: "independent",
        category: SourceCategory::Independent,
        status: SourceStatus::Analog,
        value: Some(1000.0),
        label_es: "Estudio independiente (cámaras de evaporación, Altiplano chileno)",
        label_en: "Independent study (evaporation chambers, Chilean Altiplano)",
        citation: "[S25] Johnson et al. (2010) Evaporation from shallow groundwater in closed basins in the Chilean Altiplano, Hydrol. Sci. J., https://repositorio.uc.cl/dspace/items/d650753b-4396-484f-ba10-0fd8ce90ee3f",
        note: "Analog/estimate: the table's 1000 mm/yr is read from the shape of these chamber curves (highest rates with shallow water and coarse soil); the same value as the table.",
    },
    not_public(SourceCategory::Provincial, S_PROVINCE, NOT_PUBLIC_PROVINCE),
];

static BRINE_T: [SourceOption; 4] = [
    SourceOption {
        key: "company",
        category: SourceCategory::Company,
        status: SourceStatus::Sourced,
        value: Some(40.0),
        label_es: "Empresa: segundo pozo de bombeo (T ≈ 40 m²/d)",
        label_en: "Company: second pumping well (T ≈ 40 m²/d)",
        citation: "[S9] Caesars Report, Millennial Lithium second production-scale well (15 L/s, 23 days), https://www.caesarsreport.com/blog/millennial-lithium-reports-second-pumping-well-at-15-liters-per-second/",
        note: "Transmissivity reported from the 23-day test at 15 L/s.",
    },
    SourceOption {
        key: "company_pw16",
        category: SourceCategory::Company,
        status: SourceStatus::Sourced,
        value: Some(265.0),
        label_es: "Empresa: pozo PGPW16-01 (capacidad específica ≈ 265 m²/d)",
        label_en: "Company: well PGPW16-01 (specific capacity ≈ 265 m²/d)",
        citation: "[S8] Panorama Minero, extended pumping test PGPW16-01 (27.7 L/s, 9.04 m at 24 h), https://panorama-minero.com/semanales/millennial-lithium-i-extended-pumping-tests-indicate-robust-pastos-grandes-lithium-aquifer/",
        note: "27.7 L/s / 9.04 m ≈ 265 m²/d specific capacity, taken as T (a rough, usually low estimate; the brief says T of a few hundred m²/d).",
    },
    not_public(
        SourceCategory::Independent,
        "[S38] GitHub HughesAG/LiBol_Workflow (BGS): K zones 0.1–20 m/d for high-Andean salars, a range for other basins, not a Pastos Grandes value",
        "No independent number for Pastos Grandes; the BGS LiBol model range is for other salars. The parameter table's value (150 m²/d, a geometric-mean compromise of the two company tests) is used.",
    ),
    not_public(SourceCategory::Provincial, S_PROVINCE, NOT_PUBLIC_PROVINCE),
];

static DLE_FRESH: [SourceOption; 3] = [
    not_public(
        SourceCategory::Company,
        S13,
        "Only \"hybrid, minimise fresh water\" is public for the PPG DLE route; no fresh water per tonne was published. No public number: the parameter table's value is used.",
    ),
    SourceOption {
        key: "independent",
        category: SourceCategory::Independent,
        status: SourceStatus::Analog,
        value: Some(100.0),
        label_es: "Estudio independiente de agua dulce (Tolillar, ≈100 m³/t)",
        label_en: "Independent fresh-water study (Tolillar, ≈100 m³/t)",
        citation: "[S47] Alpha Lithium, independent freshwater study, Tolillar (5,109,279 m³/yr for a 50,000 t/yr plant), https://ch.marketscreener.com/kurs/aktie/ALPHA-LITHIUM-CORPORATION-61487871/news/Alpha-Lithium-Corporation-erhalt-unabhangige-Bestatigung-einer-bedeutenden-Su-wasserentdeckung-42798749/",
        note: "Analog from another salar: 5.1 Mm³/yr / 50,000 t ≈ 100 m³/t. Kirshen et al. 2025 [S32] show DLE fresh water spans more than an order of magnitude.",
    },
    not_public(SourceCategory::Provincial, S_PROVINCE, NOT_PUBLIC_PROVINCE),
];

/// The contested inputs, each with its named alternatives (the community option is always
/// available besides these, see [`SourceChoice::Community`]).
pub static CONTESTED: [Contested; 4] = [
    Contested {
        id: ContestedId::Recharge,
        key: "recharge",
        label_es: "Recarga total de la cuenca",
        label_en: "Total basin recharge",
        param: "wb.recharge_total",
        unit: "L/s",
        lever: LeverId::RechargeMult,
        multiplier: true,
        options: &RECHARGE,
    },
    Contested {
        id: ContestedId::EvaporationE0,
        key: "evap_e0",
        label_es: "Evaporación máxima del barreal",
        label_en: "Maximum mud-flat evaporation",
        param: "wb.evap_e0",
        unit: "mm/año",
        lever: LeverId::EvapMult,
        multiplier: true,
        options: &EVAP_E0,
    },
    Contested {
        id: ContestedId::BrineTransmissivity,
        key: "brine_t",
        label_es: "Transmisividad del acuífero de salmuera (conexión núcleo–borde)",
        label_en: "Brine-aquifer transmissivity (nucleus–margin connection)",
        param: "aq.T_brine",
        unit: "m²/d",
        lever: LeverId::MixingMult,
        multiplier: true,
        options: &BRINE_T,
    },
    Contested {
        id: ContestedId::DleFreshWater,
        key: "fw_dle",
        label_es: "Agua dulce por tonelada (EDL)",
        label_en: "Fresh water per tonne (DLE)",
        param: "proj.fresh_per_t_dle",
        unit: "m³/t",
        lever: LeverId::FreshPerTonneDle,
        multiplier: false,
        options: &DLE_FRESH,
    },
];

impl ContestedId {
    pub fn spec(self) -> &'static Contested {
        CONTESTED
            .iter()
            .find(|c| c.id == self)
            .unwrap_or(&CONTESTED[0])
    }

    pub fn from_key(key: &str) -> Option<ContestedId> {
        CONTESTED.iter().find(|c| c.key == key).map(|c| c.id)
    }
}

/// The choice for one contested input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceChoice {
    /// One of the input's named options, by key.
    Named(String),
    /// A value the community enters, in the input's unit.
    Community(f64),
}

/// A choice that cannot be applied, as a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceError {
    UnknownOption {
        input: &'static str,
        option: String,
    },
    /// The value, converted to the lever, is outside the parameter table's range.
    OutOfRange {
        input: &'static str,
        value: f64,
        min: f64,
        max: f64,
        unit: &'static str,
    },
    Missing {
        param: &'static str,
    },
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::UnknownOption { input, option } => write!(
                f,
                "\"{option}\" is not a source for `{input}`; choose one of the listed sources or enter a value."
            ),
            SourceError::OutOfRange {
                input,
                value,
                min,
                max,
                unit,
            } => write!(
                f,
                "{value} {unit} for `{input}` is outside the range the model accepts, {min:.0} to {max:.0} {unit}."
            ),
            SourceError::Missing { param } => {
                write!(f, "This basin has no parameter `{param}` to compare sources against.")
            }
        }
    }
}

impl std::error::Error for SourceError {}

impl Contested {
    /// The parameter table's value (the reference) in this basin.
    pub fn table_value(&self, basin: &Basin) -> Result<f64, SourceError> {
        basin
            .param_table()
            .number(self.param)
            .map_err(|_| SourceError::Missing { param: self.param })
    }

    pub fn option(&self, key: &str) -> Option<&'static SourceOption> {
        self.options.iter().find(|o| o.key == key)
    }

    /// The value a choice stands for, in the input's unit (the table value when not public).
    pub fn value(&self, basin: &Basin, choice: &SourceChoice) -> Result<f64, SourceError> {
        match choice {
            SourceChoice::Community(v) => Ok(*v),
            SourceChoice::Named(k) => match self.option(k) {
                Some(o) => match o.value {
                    Some(v) => Ok(v),
                    None => self.table_value(basin),
                },
                None => Err(SourceError::UnknownOption {
                    input: self.key,
                    option: k.chars().take(40).collect(),
                }),
            },
        }
    }

    /// The lever value for a choice: value / table value for multipliers; checked against the
    /// lever range (which is the parameter table's range).
    pub fn lever_value(&self, basin: &Basin, choice: &SourceChoice) -> Result<f64, SourceError> {
        let v = self.value(basin, choice)?;
        let table = self.table_value(basin)?;
        let spec = self.lever.spec();
        let (x, scale) = if self.multiplier {
            (v / table, table)
        } else {
            (v, 1.0)
        };
        if !x.is_finite() || x < spec.min - 1e-12 || x > spec.max + 1e-12 {
            return Err(SourceError::OutOfRange {
                input: self.key,
                value: v,
                min: spec.min * scale,
                max: spec.max * scale,
                unit: self.unit,
            });
        }
        Ok(x.clamp(spec.min, spec.max))
    }
}

/// The scenario with the chosen sources applied (each sets its lever).
pub fn apply_sources(
    basin: &Basin,
    scenario: &Scenario,
    choices: &[(ContestedId, SourceChoice)],
) -> Result<Scenario, SourceError> {
    let mut s = scenario.clone();
    for (id, choice) in choices {
        let c = id.spec();
        let x = c.lever_value(basin, choice)?;
        s.set(c.lever, x)
            .map_err(|e: LeverError| SourceError::OutOfRange {
                input: c.key,
                value: e.value,
                min: e.min,
                max: e.max,
                unit: c.unit,
            })?;
    }
    Ok(s)
}
