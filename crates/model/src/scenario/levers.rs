//! The scenario levers, declared once: sliders, validation, the URL codec and the CLI all read
//! this table. Advanced multipliers take their ranges from the parameter table (value → min/max
//! as a ratio); a test checks they agree with the default basin's `[params]`.

use serde::Serialize;

use crate::basin::places::{self, PlaceLever, MAX_PLACES};
use crate::basin::Basin;
use crate::lang::Lang;

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
pub struct LeverOption<'a> {
    /// Key used in links and the CLI.
    pub key: &'a str,
    pub label_es: &'a str,
    pub label_en: &'a str,
}

impl LeverOption<'_> {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => self.label_es,
            Lang::En => self.label_en,
        }
    }
}

/// Number or choice. A choice lever's value is its option's index; [`LeverSpec::options`] lists
/// the options of either kind of choice.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverKind {
    Number,
    /// Options that are the same in every basin.
    Choice(&'static [LeverOption<'static>]),
    /// Places of the basin the run is on (its `[[lever_options.<key>]]`).
    Place(&'static PlaceLever),
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
    InterfaceMult,
    MixingZoneMult,
    OldWater,
    Years,
}

impl LeverId {
    pub const ALL: [LeverId; 32] = [
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
        LeverId::InterfaceMult,
        LeverId::MixingZoneMult,
        LeverId::OldWater,
        LeverId::Years,
    ];

    pub fn spec(self) -> &'static LeverSpec {
        &LEVERS[self as usize]
    }

    pub fn from_key(key: &str) -> Option<LeverId> {
        LEVERS.iter().find(|l| l.key == key).map(|l| l.id)
    }

    /// Whether the lever changes the climate itself (rain, warming) rather than the sequence
    /// of dry and wet years drawn from it (variability, seed): a scenario that moves one is
    /// measured against today's climate as well as against no project under its own climate.
    pub fn changes_climate(self) -> bool {
        self.spec().group == LeverGroup::Climate
            && !matches!(self, LeverId::Variability | LeverId::Seed)
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
    /// One plain-language sentence (Argentine Spanish) on what the lever does and, where it
    /// applies, where its default comes from.
    pub help_es: &'static str,
    /// The same sentence in English.
    pub help_en: &'static str,
}

impl LeverSpec {
    /// The unit as written in each language (the table holds the Spanish one).
    pub fn unit_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.unit,
            Lang::En => match self.unit {
                "t LCE/año" => "t LCE/yr",
                "año" => "year",
                "años" => "years",
                "personas" => "people",
                "L/persona/día" => "L/person/day",
                "cabezas" => "head",
                other => other,
            },
        }
    }

    /// A choice lever's options in `basin`, in index order: the fixed options, or a place
    /// lever's "none" (if it has one) and then the basin's places. Empty for a number.
    pub fn options<'a>(&self, basin: &'a Basin) -> Vec<LeverOption<'a>> {
        match self.kind {
            LeverKind::Number => Vec::new(),
            LeverKind::Choice(options) => options.to_vec(),
            LeverKind::Place(p) => p
                .none
                .iter()
                .map(|n| LeverOption {
                    key: n.key,
                    label_es: n.label_es,
                    label_en: n.label_en,
                })
                .chain(basin.places(p.lever).iter().map(|o| LeverOption {
                    key: &o.key,
                    label_es: &o.label_es,
                    label_en: &o.label_en,
                }))
                .collect(),
        }
    }

    /// The values the lever takes in `basin`: its range, or a choice's option indices.
    /// (`min`/`max` bound a place lever in every basin; this is the bound in one.)
    pub fn range_in(&self, basin: &Basin) -> (f64, f64) {
        match self.kind {
            LeverKind::Number | LeverKind::Choice(_) => (self.min, self.max),
            LeverKind::Place(p) => (self.min, p.option_count(basin).saturating_sub(1) as f64),
        }
    }

    /// Whether the value is an option index.
    pub fn is_choice(&self) -> bool {
        !matches!(self.kind, LeverKind::Number)
    }

    /// Attach the one-line explanations (used in the lever table below).
    const fn help(self, es: &'static str, en: &'static str) -> LeverSpec {
        LeverSpec {
            help_es: es,
            help_en: en,
            ..self
        }
    }
}

/// Whether the year-to-year climate varies (the same in every basin).
pub const OFF_ON: &[LeverOption<'static>] = &[
    LeverOption {
        key: "no",
        label_es: "No (clima medio)",
        label_en: "No (mean climate)",
    },
    LeverOption {
        key: "si",
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
        help_es: "",
        help_en: "",
    }
}

const fn choice(
    id: LeverId,
    key: &'static str,
    es: &'static str,
    en: &'static str,
    default: f64,
    opts: &'static [LeverOption<'static>],
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
        help_es: "",
        help_en: "",
    }
}

/// A lever over the basin's places; key and default come from the place lever, and the range
/// is the widest any basin may list (the run checks the choice against its basin's list).
const fn place(
    id: LeverId,
    p: &'static PlaceLever,
    es: &'static str,
    en: &'static str,
    group: LeverGroup,
) -> LeverSpec {
    LeverSpec {
        id,
        key: p.lever,
        label_es: es,
        label_en: en,
        unit: "",
        default: p.default as f64,
        min: 0.0,
        max: (p.lead() + MAX_PLACES - 1) as f64,
        step: 1.0,
        group,
        kind: LeverKind::Place(p),
        param: None,
        help_es: "",
        help_en: "",
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
        help_es: "",
        help_en: "",
    }
}

use LeverGroup as G;
use LeverId as L;

/// The lever table, indexed by `LeverId as usize`.
pub static LEVERS: [LeverSpec; 32] = [
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
    )
    .help(
        "Toneladas de carbonato de litio equivalente por año. El plan 2019 preveía 24.000 t/año; la empresa conjunta 2025, hasta 150.000 t/año entre dos salares.",
        "Tonnes of lithium carbonate equivalent per year. The 2019 plan foresaw 24,000 t/yr; the 2025 joint venture up to 150,000 t/yr across two salt flats.",
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
    )
    .help(
        "Año en que empieza el bombeo de salmuera.",
        "Year brine pumping begins.",
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
    )
    .help(
        "Años que tarda la producción en llegar a su nivel pleno.",
        "Years production takes to reach its full level.",
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
    )
    .help(
        "Años de producción; al terminar, el bombeo se detiene y la napa empieza a recuperarse. El plan 2019 preveía 40 años.",
        "Years of production; afterwards pumping stops and the water table starts to recover. The 2019 plan foresaw 40 years.",
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
    )
    .help(
        "En cuántas etapas crece la producción (la empresa conjunta 2025 planea 3).",
        "In how many stages production grows (the 2025 joint venture plans 3).",
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
    )
    .help(
        "Años entre una etapa y la siguiente.",
        "Years between one stage and the next.",
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
    )
    .help(
        "Parte de la salmuera que se saca de este salar; el resto viene de otro salar del mismo proyecto (el plan 2025 supone 75 %).",
        "Share of the brine drawn from this salt flat; the rest comes from another salt flat of the same project (the 2025 plan assumes 75 %).",
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
    )
    .help(
        "Parte del litio que se obtiene por extracción directa (EDL) en vez de piletas de evaporación; la EDL recupera más litio por metro cúbico de salmuera.",
        "Share of the lithium obtained by direct lithium extraction (DLE) instead of evaporation ponds; DLE recovers more lithium per cubic metre of brine.",
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
    )
    .help(
        "Parte de la salmuera ya usada por la EDL que se devuelve al núcleo del salar por pozos.",
        "Share of the spent DLE brine returned to the salt nucleus through wells.",
    ),
    place(
        L::ReinjectionCell,
        &places::REINJECTION,
        "Lugar de reinyección",
        "Reinjection location",
        G::Technology,
    )
    .help(
        "Sector del núcleo del salar donde se reinyecta la salmuera agotada.",
        "Part of the salt nucleus where spent brine is reinjected.",
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
    )
    .help(
        "Metros cúbicos de agua dulce por tonelada producida con EDL (estimaciones publicadas: 10 a 300 m³/t).",
        "Cubic metres of fresh water per tonne made by DLE (published estimates: 10 to 300 m³/t).",
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
    )
    .help(
        "Metros cúbicos de agua dulce por tonelada producida con piletas de evaporación (estimaciones publicadas: 10 a 60 m³/t).",
        "Cubic metres of fresh water per tonne made with evaporation ponds (published estimates: 10 to 60 m³/t).",
    ),
    place(
        L::FreshSource,
        &places::FRESH_SOURCE,
        "Origen del agua dulce",
        "Fresh-water source",
        G::FreshWater,
    )
    .help(
        "Abanico aluvial donde están los pozos de agua dulce del proyecto.",
        "Alluvial fan where the project's fresh-water wells are.",
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
    )
    .help(
        "Personas que viven en Santa Rosa de los Pastos Grandes y toman agua del pozo comunitario (censo 2010: 168).",
        "People living in Santa Rosa de los Pastos Grandes who use the community well (2010 census: 168).",
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
    )
    .help(
        "Litros de agua por persona y por día (la OMS indica 50 a 100 L para acceso pleno).",
        "Litres of water per person per day (the WHO gives 50 to 100 L for full access).",
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
    )
    .help(
        "Cabezas de llamas, ovejas y cabras que toman agua de la cuenca.",
        "Head of llamas, sheep and goats that drink water from the basin.",
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
    )
    .help(
        "Cuánto cambia la lluvia hacia 2050 respecto de hoy; los modelos climáticos indican entre −30 % y +5 %.",
        "How much rainfall changes by 2050 compared with today; climate models give −30 % to +5 %.",
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
    )
    .help(
        "Cuántos grados sube la temperatura hacia 2050; con más calor hay más evaporación.",
        "How many degrees warmer it gets by 2050; warmer means more evaporation.",
    ),
    choice(
        L::Variability,
        "var",
        "Años secos y húmedos",
        "Dry and wet years",
        1.0,
        OFF_ON,
        G::Climate,
    )
    .help(
        "Si se incluyen años secos y húmedos al azar, como en la realidad, o todos los años iguales al promedio.",
        "Whether random dry and wet years are included, as in reality, or every year equals the average.",
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
    )
    .help(
        "Número que elige una serie de años secos y húmedos; cambiarlo muestra otra secuencia posible.",
        "Number that picks a sequence of dry and wet years; changing it shows another possible sequence.",
    ),
    place(
        L::ProtectSite,
        &places::PROTECTED_SITE,
        "Sitio protegido",
        "Protected site",
        G::Protection,
    )
    .help(
        "Vega o laguna cuya napa se vigila para reducir el bombeo si baja demasiado.",
        "Vega or lagoon whose water table is watched to cut pumping if it falls too far.",
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
    )
    .help(
        "Metros de descenso de la napa en el sitio protegido a partir de los cuales se reduce el bombeo.",
        "Metres of water-table drawdown at the protected site beyond which pumping is cut.",
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
    )
    .help(
        "Cuánto se reduce el bombeo de salmuera y agua dulce mientras se supera el umbral.",
        "How much brine and fresh-water pumping is cut while the threshold is exceeded.",
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
    )
    .help(
        "Multiplica la recarga: el agua de lluvia y nieve que llega a la napa (estimación de base: 8 % de la lluvia).",
        "Multiplies recharge: the rain and snow water that reaches the water table (base estimate: 8 % of rainfall).",
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
    )
    .help(
        "Multiplica la evaporación desde el barreal y la costra salina cuando la napa está cerca de la superficie.",
        "Multiplies evaporation from the mud-flat and salt crust when the water table is near the surface.",
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
    )
    .help(
        "Multiplica el agua que el acuífero entrega por metro de descenso (rendimiento específico; salmuera 0,07 de base).",
        "Multiplies the water the aquifer yields per metre of drawdown (specific yield; brine 0.07 as base).",
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
    )
    .help(
        "Multiplica la facilidad con que el agua subterránea se mueve por el acuífero (conductividad).",
        "Multiplies how easily groundwater moves through the aquifer (conductivity).",
    ),
    // aq.K_brine 0.05–5 around 0.5: the basin's mixing-zone conductances are the series values at
    // 0.5 m/d, so 0.1–10 spans the published range, centred (log) on 1.
    adv(
        L::MixingMult,
        "k_mix",
        "Conexión núcleo–borde (multiplicador)",
        "Nucleus–margin connection (multiplier)",
        0.1,
        10.0,
        "aq.K_brine",
    )
    .help(
        "Conexión entre el núcleo de salmuera y el borde con vegas y lagunas: cuánto llega el bombeo a las vegas. Nadie la midió; 1 es el valor central publicado y el rango va del mínimo al máximo.",
        "Connection between the brine nucleus and the margin with its vegas and lagoons: how far brine pumping reaches the vegas. Nobody has measured it; 1 is the central published value, the range its min to max.",
    ),
    // aq.interface_factor 4.3–6.7 around 5 (brine 1,150–1,230 kg/m³ around 1,200).
    adv(
        L::InterfaceMult,
        "k_alpha",
        "Factor de interfaz (multiplicador)",
        "Interface factor (multiplier)",
        4.3 / 5.0,
        6.7 / 5.0,
        "aq.interface_factor",
    )
    .help(
        "Multiplica cuántos metros sube la interfaz entre agua dulce y salmuera por cada metro que baja la napa dulce (5 de base; depende de la densidad de la salmuera).",
        "Multiplies how many metres the fresh water–brine interface rises for each metre the fresh water table falls (5 as base; it depends on the brine's density).",
    ),
    // aq.mixing_zone 10–50 m around 15 (no Puna measurement; a coastal analog).
    adv(
        L::MixingZoneMult,
        "k_wm",
        "Espesor de la zona de mezcla (multiplicador)",
        "Mixing-zone thickness (multiplier)",
        10.0 / 15.0,
        50.0 / 15.0,
        "aq.mixing_zone",
    )
    .help(
        "Multiplica el espesor de la franja donde el agua dulce y la salmuera se mezclan (15 m de base; nadie lo midió en la Puna). Cuanto más ancha, antes llega agua salobre a las raíces de las vegas y a los filtros de los pozos de agua dulce.",
        "Multiplies the thickness of the band where fresh water and brine mix (15 m as base; nobody has measured it in the Puna). The wider it is, the sooner brackish water reaches the vegas' roots and the screens of fresh-water wells.",
    ),
    // Target 1's caveat [S27, S30, S31]: in several Andean basins modern discharge exceeds modern
    // recharge, the rest being old water draining from deep storage or inflow from other basins.
    // Unmeasured here, so off by default; 80 % reaches the old-water shares isotopes suggest.
    num(
        L::OldWater,
        "relic",
        "Agua antigua o de otras cuencas",
        "Old water or inflow from other basins",
        "%",
        0.0,
        0.0,
        80.0,
        5.0,
        G::Advanced,
    )
    .help(
        "Parte de la descarga natural de hoy que no renueva la lluvia actual: agua antigua o de otras cuencas. Nadie la midió; con 0 la lluvia lo renueva todo.",
        "Share of today's natural discharge that today's rain does not renew: old water or inflow from other basins. Nobody has measured it; at 0 rain renews it all.",
    ),
    num(
        L::Years,
        "years",
        "Horizonte",
        "Horizon",
        "años",
        50.0,
        // One year is enough for a well test on a basin file; impacts need decades.
        1.0,
        100.0,
        1.0,
        G::Advanced,
    )
    .help(
        "Años que se simulan desde 2025.",
        "Years simulated from 2025.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lever_has_help_in_both_languages_and_spanish_help_is_spanish() {
        for l in LEVERS.iter() {
            for (lang, text) in [("es", l.help_es), ("en", l.help_en)] {
                assert!(
                    !text.trim().is_empty(),
                    "lever {} has no {lang} help",
                    l.key
                );
                assert!(text.trim_end().ends_with('.'), "{}: one sentence", l.key);
                assert!(text.len() < 240, "lever {} {lang} help is long", l.key);
            }
            let words: Vec<String> = l
                .help_es
                .split(|c: char| !c.is_alphabetic())
                .map(|w| w.to_lowercase())
                .collect();
            for english in ["brine", "brines", "pond", "ponds"] {
                assert!(
                    !words.iter().any(|w| w == english),
                    "lever {}: Spanish help uses \"{english}\"",
                    l.key
                );
            }
        }
        // The help is not a copy of the label.
        assert!(LEVERS.iter().all(|l| l.help_es != l.label_es));
    }

    #[test]
    fn each_place_lever_is_one_lever_of_the_table() {
        for p in places::PLACE_LEVERS {
            let levers: Vec<&LeverSpec> = LEVERS
                .iter()
                .filter(|l| matches!(l.kind, LeverKind::Place(q) if q == p))
                .collect();
            assert_eq!(levers.len(), 1, "{}", p.lever);
            assert_eq!(LeverId::from_key(p.lever), Some(levers[0].id));
        }
        assert_eq!(
            LEVERS
                .iter()
                .filter(|l| matches!(l.kind, LeverKind::Place(_)))
                .count(),
            places::PLACE_LEVERS.len()
        );
    }

    #[test]
    fn the_default_basin_keeps_the_place_options_links_were_written_with() {
        let basin = Basin::default_basin();
        let keys = |id: LeverId| -> Vec<String> {
            id.spec()
                .options(&basin)
                .iter()
                .map(|o| o.key.to_string())
                .collect()
        };
        assert_eq!(
            keys(LeverId::ReinjectionCell),
            ["norte", "centro", "sureste", "suroeste"]
        );
        assert_eq!(
            keys(LeverId::FreshSource),
            ["norte", "este", "oeste", "sur"]
        );
        assert_eq!(
            keys(LeverId::ProtectSite),
            [
                "ninguno",
                "vega_sr",
                "vega_este",
                "vega_oeste",
                "laguna_norte"
            ]
        );
        let cell = |id: LeverId, k: usize| &basin.cells[basin.places(id.spec().key)[k].cell].id;
        assert_eq!(cell(LeverId::ReinjectionCell, 1), "nuc_c");
        assert_eq!(cell(LeverId::FreshSource, 1), "fan_e_low");
        assert_eq!(cell(LeverId::ProtectSite, 1), "vega_e");
        assert_eq!(
            LeverId::ProtectSite.spec().options(&basin)[0].label(Lang::En),
            "None"
        );
        assert_eq!(LeverId::FreshSource.spec().range_in(&basin), (0.0, 3.0));
        assert_eq!(LeverId::Variability.spec().range_in(&basin), (0.0, 1.0));
    }
}
