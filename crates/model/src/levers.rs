//! The scenario levers, declared once: sliders, validation, the URL codec and the CLI all read
//! this table. Advanced multipliers take their ranges from the parameter table (value → min/max
//! as a ratio); a test checks they agree with the default basin's `[params]`.

use serde::Serialize;

/// Lever groups, in the order the interface shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverGroup {
    Production,
    Technology,
    FreshWater,
    Community,
    Climate,
    Protection,
    Advanced,
}

/// One named option of a choice lever.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeverOption {
    /// Key used in links and the CLI.
    pub key: &'static str,
    /// For cell and site choices: the basin id the option refers to ("" = none).
    pub target: &'static str,
    pub label_es: &'static str,
    pub label_en: &'static str,
}

/// Number or choice.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverKind {
    Number,
    /// The lever value is the option index.
    Choice(&'static [LeverOption]),
}

/// Every lever, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverId {
    Production,
    StartYear,
    RampYears,
    LifeYears,
    Stages,
    StageGapYears,
    SharePg,
    DleShare,
    Reinjection,
    ReinjectionCell,
    FreshPerTonneDle,
    FreshPerTonnePonds,
    FreshSource,
    Population,
    PerCapita,
    Livestock,
    PrecipChange,
    Warming,
    Variability,
    Seed,
    ProtectSite,
    ProtectThreshold,
    ProtectCut,
    RechargeMult,
    EvapMult,
    StorageMult,
    ConductivityMult,
    MixingMult,
    Years,
}

impl LeverId {
    pub const ALL: [LeverId; 29] = [
        LeverId::Production,
        LeverId::StartYear,
        LeverId::RampYears,
        LeverId::LifeYears,
        LeverId::Stages,
        LeverId::StageGapYears,
        LeverId::SharePg,
        LeverId::DleShare,
        LeverId::Reinjection,
        LeverId::ReinjectionCell,
        LeverId::FreshPerTonneDle,
        LeverId::FreshPerTonnePonds,
        LeverId::FreshSource,
        LeverId::Population,
        LeverId::PerCapita,
        LeverId::Livestock,
        LeverId::PrecipChange,
        LeverId::Warming,
        LeverId::Variability,
        LeverId::Seed,
        LeverId::ProtectSite,
        LeverId::ProtectThreshold,
        LeverId::ProtectCut,
        LeverId::RechargeMult,
        LeverId::EvapMult,
        LeverId::StorageMult,
        LeverId::ConductivityMult,
        LeverId::MixingMult,
        LeverId::Years,
    ];

    pub fn spec(self) -> &'static LeverSpec {
        &LEVERS[self as usize]
    }

    pub fn from_key(key: &str) -> Option<LeverId> {
        LEVERS.iter().find(|l| l.key == key).map(|l| l.id)
    }
}

/// A lever: the single source of truth for its key, unit, default and range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeverSpec {
    pub id: LeverId,
    /// Short key used in links (`prod=24000`).
    pub key: &'static str,
    pub label_es: &'static str,
    pub label_en: &'static str,
    pub unit: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub group: LeverGroup,
    pub kind: LeverKind,
    /// Parameter whose min/max set this lever's range (advanced multipliers), if any.
    pub param: Option<&'static str>,
}

/// Nucleus cells of the default basin where spent brine can be reinjected.
pub const REINJECTION_CELLS: &[LeverOption] = &[
    LeverOption {
        key: "norte",
        target: "nuc_n",
        label_es: "Núcleo norte",
        label_en: "North nucleus",
    },
    LeverOption {
        key: "centro",
        target: "nuc_c",
        label_es: "Núcleo centro",
        label_en: "Central nucleus",
    },
    LeverOption {
        key: "sureste",
        target: "nuc_se",
        label_es: "Núcleo sureste",
        label_en: "South-east nucleus",
    },
    LeverOption {
        key: "suroeste",
        target: "nuc_sw",
        label_es: "Núcleo suroeste",
        label_en: "South-west nucleus",
    },
];

/// Alluvial fans that can supply process fresh water (their lower, fan-toe cells).
pub const FRESH_SOURCES: &[LeverOption] = &[
    LeverOption {
        key: "norte",
        target: "fan_n_low",
        label_es: "Abanico norte (Santa Rosa)",
        label_en: "North fan (Santa Rosa)",
    },
    LeverOption {
        key: "este",
        target: "fan_e_low",
        label_es: "Abanico este",
        label_en: "East fan",
    },
    LeverOption {
        key: "oeste",
        target: "fan_w_low",
        label_es: "Abanico oeste",
        label_en: "West fan",
    },
    LeverOption {
        key: "sur",
        target: "fan_s_low",
        label_es: "Abanico sur",
        label_en: "South fan",
    },
];

/// Sites the protection rule can watch.
pub const PROTECT_SITES: &[LeverOption] = &[
    LeverOption {
        key: "ninguno",
        target: "",
        label_es: "Ninguno",
        label_en: "None",
    },
    LeverOption {
        key: "vega_sr",
        target: "vega_santa_rosa",
        label_es: "Vega de Santa Rosa",
        label_en: "Vega de Santa Rosa",
    },
    LeverOption {
        key: "vega_este",
        target: "vega_este",
        label_es: "Vega del borde este",
        label_en: "East-margin vega",
    },
    LeverOption {
        key: "vega_oeste",
        target: "vega_oeste",
        label_es: "Vega del borde oeste",
        label_en: "West-margin vega",
    },
    LeverOption {
        key: "laguna_norte",
        target: "laguna_norte",
        label_es: "Laguna norte",
        label_en: "North lagoon",
    },
];

pub const OFF_ON: &[LeverOption] = &[
    LeverOption {
        key: "no",
        target: "",
        label_es: "No (clima medio)",
        label_en: "No (mean climate)",
    },
    LeverOption {
        key: "si",
        target: "",
        label_es: "Sí",
        label_en: "Yes",
    },
];

#[allow(clippy::too_many_arguments)]
const fn num(
    id: LeverId,
    key: &'static str,
    es: &'static str,
    en: &'static str,
    unit: &'static str,
    default: f64,
    min: f64,
    max: f64,
    step: f64,
    group: LeverGroup,
) -> LeverSpec {
    LeverSpec {
        id,
        key,
        label_es: es,
        label_en: en,
        unit,
        default,
        min,
        max,
        step,
        group,
        kind: LeverKind::Number,
        param: None,
    }
}

const fn choice(
    id: LeverId,
    key: &'static str,
    es: &'static str,
    en: &'static str,
    default: f64,
    opts: &'static [LeverOption],
    group: LeverGroup,
) -> LeverSpec {
    LeverSpec {
        id,
        key,
        label_es: es,
        label_en: en,
        unit: "",
        default,
        min: 0.0,
        max: (opts.len() - 1) as f64,
        step: 1.0,
        group,
        kind: LeverKind::Choice(opts),
        param: None,
    }
}

const fn adv(
    id: LeverId,
    key: &'static str,
    es: &'static str,
    en: &'static str,
    min: f64,
    max: f64,
    param: &'static str,
) -> LeverSpec {
    LeverSpec {
        id,
        key,
        label_es: es,
        label_en: en,
        unit: "×",
        default: 1.0,
        min,
        max,
        step: 0.01,
        group: LeverGroup::Advanced,
        kind: LeverKind::Number,
        param: Some(param),
    }
}

use LeverGroup as G;
use LeverId as L;

/// The lever table, indexed by `LeverId as usize`.
pub static LEVERS: [LeverSpec; 29] = [
    num(
        L::Production,
        "prod",
        "Producción de litio",
        "Lithium production",
        "t LCE/año",
        0.0,
        0.0,
        150_000.0,
        1000.0,
        G::Production,
    ),
    num(
        L::StartYear,
        "start",
        "Año de inicio",
        "Start year",
        "año",
        2028.0,
        2025.0,
        2060.0,
        1.0,
        G::Production,
    ),
    num(
        L::RampYears,
        "ramp",
        "Años de puesta en marcha",
        "Ramp-up years",
        "años",
        3.0,
        0.0,
        10.0,
        1.0,
        G::Production,
    ),
    num(
        L::LifeYears,
        "life",
        "Vida del proyecto",
        "Project life",
        "años",
        30.0,
        1.0,
        60.0,
        1.0,
        G::Production,
    ),
    num(
        L::Stages,
        "stages",
        "Número de etapas",
        "Number of stages",
        "",
        1.0,
        1.0,
        3.0,
        1.0,
        G::Production,
    ),
    num(
        L::StageGapYears,
        "gap",
        "Años entre etapas",
        "Years between stages",
        "años",
        5.0,
        0.0,
        20.0,
        1.0,
        G::Production,
    ),
    // proj.ppg_share_pg spans 0.5–0.9 for the joint venture; 100 % is a single-basin project.
    num(
        L::SharePg,
        "share",
        "Parte extraída de esta cuenca",
        "Share drawn from this basin",
        "%",
        100.0,
        50.0,
        100.0,
        1.0,
        G::Production,
    ),
    num(
        L::DleShare,
        "dle",
        "Parte por extracción directa (EDL)",
        "Share by direct extraction (DLE)",
        "%",
        0.0,
        0.0,
        100.0,
        5.0,
        G::Technology,
    ),
    // proj.reinjection_frac: 0–0.98.
    num(
        L::Reinjection,
        "reinj",
        "Reinyección de salmuera agotada (EDL)",
        "Spent-brine reinjection (DLE)",
        "%",
        90.0,
        0.0,
        98.0,
        1.0,
        G::Technology,
    ),
    choice(
        L::ReinjectionCell,
        "reinj_cell",
        "Lugar de reinyección",
        "Reinjection location",
        1.0,
        REINJECTION_CELLS,
        G::Technology,
    ),
    // proj.fresh_per_t_dle: 10–300 m³/t.
    num(
        L::FreshPerTonneDle,
        "fw_dle",
        "Agua dulce por tonelada (EDL)",
        "Fresh water per tonne (DLE)",
        "m³/t",
        50.0,
        10.0,
        300.0,
        5.0,
        G::FreshWater,
    ),
    // proj.fresh_per_t_evap: 10–60 m³/t.
    num(
        L::FreshPerTonnePonds,
        "fw_pond",
        "Agua dulce por tonelada (piletas)",
        "Fresh water per tonne (ponds)",
        "m³/t",
        20.0,
        10.0,
        60.0,
        1.0,
        G::FreshWater,
    ),
    choice(
        L::FreshSource,
        "fw_src",
        "Origen del agua dulce",
        "Fresh-water source",
        1.0,
        FRESH_SOURCES,
        G::FreshWater,
    ),
    num(
        L::Population,
        "pop",
        "Población de Santa Rosa",
        "Santa Rosa population",
        "personas",
        200.0,
        0.0,
        2000.0,
        10.0,
        G::Community,
    ),
    num(
        L::PerCapita,
        "lpcd",
        "Consumo por persona",
        "Use per person",
        "L/persona/día",
        80.0,
        50.0,
        150.0,
        5.0,
        G::Community,
    ),
    num(
        L::Livestock,
        "ganado",
        "Ganado (cabezas)",
        "Livestock (head)",
        "cabezas",
        3000.0,
        0.0,
        8000.0,
        100.0,
        G::Community,
    ),
    // clim.dP_2100 spans −30…+5 %; the lever allows a little more on the wet side.
    num(
        L::PrecipChange,
        "dp",
        "Cambio de lluvia hacia 2050",
        "Rainfall change by 2050",
        "%",
        0.0,
        -30.0,
        10.0,
        1.0,
        G::Climate,
    ),
    // clim.dT_2100 max 5.5 °C.
    num(
        L::Warming,
        "dt",
        "Calentamiento hacia 2050",
        "Warming by 2050",
        "°C",
        0.0,
        0.0,
        5.5,
        0.1,
        G::Climate,
    ),
    choice(
        L::Variability,
        "var",
        "Años secos y húmedos",
        "Dry and wet years",
        1.0,
        OFF_ON,
        G::Climate,
    ),
    num(
        L::Seed,
        "seed",
        "Serie de años (semilla)",
        "Sequence of years (seed)",
        "",
        1.0,
        0.0,
        9999.0,
        1.0,
        G::Climate,
    ),
    choice(
        L::ProtectSite,
        "prot",
        "Sitio protegido",
        "Protected site",
        0.0,
        PROTECT_SITES,
        G::Protection,
    ),
    num(
        L::ProtectThreshold,
        "prot_m",
        "Umbral de descenso",
        "Drawdown threshold",
        "m",
        0.5,
        0.05,
        5.0,
        0.05,
        G::Protection,
    ),
    num(
        L::ProtectCut,
        "prot_cut",
        "Reducción del bombeo",
        "Pumping cut",
        "%",
        50.0,
        0.0,
        100.0,
        5.0,
        G::Protection,
    ),
    // wb.recharge_frac 0.03–0.20 around 0.08.
    adv(
        L::RechargeMult,
        "k_rech",
        "Recarga (multiplicador)",
        "Recharge (multiplier)",
        0.375,
        2.5,
        "wb.recharge_frac",
    ),
    // wb.evap_e0 500–1500 around 1000.
    adv(
        L::EvapMult,
        "k_evap",
        "Evaporación máxima (multiplicador)",
        "Maximum evaporation (multiplier)",
        0.5,
        1.5,
        "wb.evap_e0",
    ),
    // aq.Sy_brine 0.03–0.15 around 0.07.
    adv(
        L::StorageMult,
        "k_sy",
        "Almacenamiento (multiplicador)",
        "Storage (multiplier)",
        0.03 / 0.07,
        0.15 / 0.07,
        "aq.Sy_brine",
    ),
    // aq.K_fan 0.5–50 around 5.
    adv(
        L::ConductivityMult,
        "k_k",
        "Conductividad (multiplicador)",
        "Conductivity (multiplier)",
        0.1,
        10.0,
        "aq.K_fan",
    ),
    // aq.K_brine 0.05–5 around 0.5.
    adv(
        L::MixingMult,
        "k_mix",
        "Conexión núcleo–borde (multiplicador)",
        "Nucleus–margin connection (multiplier)",
        0.1,
        10.0,
        "aq.K_brine",
    ),
    num(
        L::Years,
        "years",
        "Horizonte",
        "Horizon",
        "años",
        50.0,
        5.0,
        100.0,
        1.0,
        G::Advanced,
    ),
];
