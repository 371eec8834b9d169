//! The interface's two languages: which one to show, and every piece of interface text.
//!
//! Texts are a typed table (`Text`), so a missing translation is a compile error rather than
//! a blank on a phone. Labels of levers, presets, parameters and result sentences come from
//! the model crate, which carries both languages itself; numbers are formatted there too.

pub use cuenca_model::{fmt_num, Lang};

/// The language for a browser's preference list: the first one we speak, else Spanish
/// (the basin's people read Spanish).
pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
    tags.into_iter()
        .find_map(Lang::from_tag)
        .unwrap_or(Lang::Es)
}

/// Picks the text for a language (static table texts or a basin's place names alike).
pub fn pick<'a>(lang: Lang, es: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// Text that follows the page's language, as a view child or an attribute. Every caller gets the
/// same closure type: each `move || pick(…)` written in place is a type of its own, and the
/// renderer's generic code is compiled again for each (kilobytes of the first visit).
#[cfg(target_arch = "wasm32")]
pub fn tr(
    lang: leptos::prelude::ReadSignal<Lang>,
    es: &'static str,
    en: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    move || pick(lang.get(), es, en)
}

/// Every fixed text of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Lead,
    PresetsTitle,
    ResultsTitle,
    /// Over the pre-rendered default while the app computes the scenario of a link.
    CalculatingScenario,
    LeversTitle,
    ChartsTitle,
    MapTitle,
    MapYear,
    MapLegend,
    AssumptionsTitle,
    AssumptionsIntro,
    Changed,
    DefaultValue,
    ResetAll,
    SeeData,
    Year,
    Scenario,
    NoProject,
    ChartDrawdown,
    ChartDrawdownUnit,
    ChartSprings,
    ChartVega,
    ChartLagoon,
    ChartLithium,
    ChartLithiumTarget,
    AccountsTitle,
    AccountsIntro,
    LinkIssues,
    RunFailed,
    Parameter,
    Value,
    Range,
    Unit,
    Status,
    Source,
    Computing,
}

impl Text {
    /// The text in the page's language as it changes (one closure type, as for [`tr`]).
    #[cfg(target_arch = "wasm32")]
    pub fn tr(
        self,
        lang: leptos::prelude::ReadSignal<Lang>,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        use leptos::prelude::Get;
        move || self.get(lang.get())
    }

    pub fn get(self, lang: Lang) -> &'static str {
        use Text::*;
        let (es, en) = match self {
            Lead => (
                "El Salar de Pastos Grandes es una cuenca cerrada de la Puna salteña: el agua que entra con la lluvia solo sale por evaporación en vegas, lagunas y el salar. Elegí un escenario o mové las palancas y mirá qué pasa con la napa, las vertientes, las vegas y las lagunas.",
                "The Salar de Pastos Grandes is a closed basin in the Puna of Salta: the water that rain brings in leaves only by evaporation from vegas (wetlands), lagoons and the salt flat. Pick a scenario or move the levers and see what happens to the water table, springs, vegas and lagoons.",
            ),
            PresetsTitle => ("Escenarios", "Scenarios"),
            ResultsTitle => ("Qué pasa con este escenario", "What happens in this scenario"),
            CalculatingScenario => (
                "Calculando tu escenario… Mientras tanto, esto es la cuenca sin proyecto.",
                "Calculating your scenario… Meanwhile, this is the basin with no project.",
            ),
            LeversTitle => ("Palancas", "Levers"),
            ChartsTitle => ("A lo largo del tiempo", "Over time"),
            MapTitle => ("Mapa del descenso de la napa", "Map of water-table drawdown"),
            MapYear => ("Año del mapa", "Map year"),
            MapLegend => ("Descenso de la napa respecto de la cuenca sin proyecto", "Drawdown of the water table compared with no project"),
            AssumptionsTitle => ("Supuestos y fuentes", "Assumptions and sources"),
            AssumptionsIntro => (
                "Cada número del modelo, con su rango posible y su fuente. Estado: S = medido en la cuenca, A = análogo de otro salar, D = derivado, E = estimación (a reemplazar cuando haya datos).",
                "Every number in the model, with its plausible range and source. Status: S = measured in the basin, A = analog from another salt flat, D = derived, E = estimate (to replace when data exist).",
            ),
            Changed => ("cambiado", "changed"),
            DefaultValue => ("por defecto", "default"),
            ResetAll => ("Volver a la cuenca sin proyecto", "Back to the natural basin"),
            SeeData => ("Ver los datos", "See the data"),
            Year => ("Año", "Year"),
            Scenario => ("Este escenario", "This scenario"),
            NoProject => ("Sin proyecto", "No project"),
            ChartDrawdown => ("Descenso de la napa en lugares conocidos", "Water-table drawdown at named places"),
            ChartDrawdownUnit => ("m de descenso", "m of drawdown"),
            ChartSprings => ("Caudal de las vertientes", "Spring flow"),
            ChartVega => ("Superficie verde de las vegas", "Green area of the vegas"),
            ChartLagoon => ("Superficie de las lagunas", "Lagoon area"),
            ChartLithium => ("Litio producido", "Lithium produced"),
            ChartLithiumTarget => ("Meta de producción", "Production target"),
            AccountsTitle => ("Adónde va el agua", "Where the water goes"),
            AccountsIntro => (
                "Totales de todo el período, en hectómetros cúbicos (1 hm³ = mil millones de litros). La salmuera y el agua dulce se cuentan por separado.",
                "Totals over the whole period, in cubic hectometres (1 hm³ = a billion litres). Brine and fresh water are counted separately.",
            ),
            LinkIssues => ("Partes del enlace que no se pudieron usar:", "Parts of the link that could not be used:"),
            RunFailed => ("El modelo no pudo calcular este escenario:", "The model could not compute this scenario:"),
            Parameter => ("Parámetro", "Parameter"),
            Value => ("Valor", "Value"),
            Range => ("Rango", "Range"),
            Unit => ("Unidad", "Unit"),
            Status => ("Estado", "Status"),
            Source => ("Fuente", "Source"),
            Computing => ("Calculando…", "Computing…"),
        };
        pick(lang, es, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_browser_preferences() {
        assert_eq!(from_preferences(["es-AR", "en"]), Lang::Es);
        assert_eq!(from_preferences(["fr-FR", "en-GB", "es"]), Lang::En);
        assert_eq!(from_preferences(["de"]), Lang::Es);
        assert_eq!(from_preferences([]), Lang::Es);
    }
}
