//! How far to trust the model: every validation target of the domain brief §(c) with the
//! model's value, the target, its source and a status, and the analytical and conservation
//! checks with their errors. `cuenca validate` prints this table; the page's trust panel is
//! written from it.
//!
//! A status is computed from the run, never written by hand: a target the model misses reads
//! "not met" with the closest value, and a target without public data, or one this model cannot
//! be held to, says so. Reading order: this module (the table), [`predevelopment`] (targets 1–3),
//! [`resource`] (5–6), [`analog`] (7), [`climate`] (9), [`conservation`], `analytical`, then [`unknowns`] (what most needs measuring).

pub mod analog;
#[cfg(feature = "parse")]
pub mod analytical;
mod climate;
mod conservation;
mod predevelopment;
pub mod references;
mod resource;
mod theis;
mod unknowns;

pub use theis::well_function;
pub use unknowns::{top_unknowns, Unknown};

use serde::Serialize;

use crate::{Basin, Lang, RunError};

/// Whether the model meets a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The model's value lies in the target's range.
    Met,
    /// It does not: the value shown is the closest run with the basin's defaults.
    NotMet,
    /// The target needs data that are not public (the company's predicted drawdowns).
    NoPublicData,
    /// The model cannot be held to this target (the reason is in the note).
    NotAssessed,
}

impl Status {
    /// A value inside `[lo, hi]` meets its target.
    fn of(value: f64, lo: f64, hi: f64) -> Status {
        if (lo..=hi).contains(&value) {
            Status::Met
        } else {
            Status::NotMet
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Met, Lang::Es) => "se cumple",
            (Status::Met, Lang::En) => "met",
            (Status::NotMet, Lang::Es) => "no se cumple",
            (Status::NotMet, Lang::En) => "not met",
            (Status::NoPublicData, Lang::Es) => "sin datos públicos",
            (Status::NoPublicData, Lang::En) => "no public data",
            (Status::NotAssessed, Lang::Es) => "no evaluado",
            (Status::NotAssessed, Lang::En) => "not assessed",
        }
    }
}

/// One row of the trust table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Item of the brief's §(c) list (0 for the analytical and conservation checks).
    pub target: u8,
    /// Stable id, e.g. `vega_et_mm_per_yr`.
    pub id: &'static str,
    pub what_es: &'static str,
    pub what_en: &'static str,
    /// The model's value, in `unit`; `None` where nothing is computed.
    pub value: Option<f64>,
    /// The range that meets the target, in `unit`.
    pub range: Option<(f64, f64)>,
    pub unit: &'static str,
    /// Source keys of the brief (`[S27]`) or the analytical reference.
    pub source: &'static str,
    pub status: Status,
    /// Why the status is what it is, when the numbers alone do not say.
    pub note_es: String,
    pub note_en: String,
}

impl Check {
    pub fn what(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.what_es,
            Lang::En => self.what_en,
        }
    }

    pub fn note(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.note_es,
            Lang::En => &self.note_en,
        }
    }
}

/// A row whose status is its value against its range.
#[allow(clippy::too_many_arguments)]
fn measured(
    target: u8,
    id: &'static str,
    (what_es, what_en): (&'static str, &'static str),
    value: f64,
    (lo, hi): (f64, f64),
    unit: &'static str,
    source: &'static str,
) -> Check {
    Check {
        target,
        id,
        what_es,
        what_en,
        value: Some(value),
        range: Some((lo, hi)),
        unit,
        source,
        status: Status::of(value, lo, hi),
        note_es: String::new(),
        note_en: String::new(),
    }
}

/// A row with nothing measured: no public data, or not assessed, with the reason.
fn unmeasured(
    target: u8,
    id: &'static str,
    (what_es, what_en): (&'static str, &'static str),
    source: &'static str,
    status: Status,
    (note_es, note_en): (&str, &str),
) -> Check {
    Check {
        target,
        id,
        what_es,
        what_en,
        value: None,
        range: None,
        unit: "",
        source,
        status,
        note_es: note_es.into(),
        note_en: note_en.into(),
    }
}

impl Check {
    fn with_note(mut self, (es, en): (String, String)) -> Check {
        self.note_es = es;
        self.note_en = en;
        self
    }
}

/// The whole table for `basin`, in the brief's order, then the analytical checks. About a
/// hundred 50-year runs: a second or two natively.
pub fn validate(basin: &Basin) -> Result<Vec<Check>, RunError> {
    let mut rows = predevelopment::checks(basin)?;
    rows.push(unmeasured(
        4,
        "pumping_tests",
        (
            "Ensayos de bombeo PGPW16-01 y segundo pozo (Theis)",
            "Pumping tests PGPW16-01 and the second well (Theis)",
        ),
        "[S8][S9]",
        Status::NotAssessed,
        (
            "Se comprueban a escala de pozo en las pruebas del modelo (tests/pumping_tests.rs): \
             con T = 357 m²/d, dentro del rango publicado, el descenso de PGPW16-01 es el medido. \
             El modelo de cuenca no resuelve un pozo.",
            "Checked at well scale by the model's tests (tests/pumping_tests.rs): with T = \
             357 m²/d, inside the published range, PGPW16-01's drawdown is the measured one. The \
             basin model does not resolve a single well.",
        ),
    ));
    rows.extend(resource::checks(basin)?);
    rows.push(analog::check(basin)?);
    rows.push(unmeasured(
        8,
        "scarcity_class",
        (
            "Clase de escasez regional (crítica)",
            "Regional scarcity class (critical)",
        ),
        "[S32]",
        Status::NotAssessed,
        (
            "El modelo no calcula la clase de escasez de Kirshen et al.; la extracción neta sobre \
             la recarga está en las tarjetas.",
            "The model does not compute Kirshen et al.'s scarcity class; net extraction over \
             recharge is on the cards.",
        ),
    ));
    rows.push(climate::check(basin)?);
    rows.push(unmeasured(
        10,
        "atacama_scale",
        (
            "Escala del método: balance natural del Salar de Atacama (14,9 m³/s)",
            "Scale of the method: the Salar de Atacama's natural balance (14.9 m³/s)",
        ),
        "[S28]",
        Status::NotAssessed,
        (
            "No hay un archivo de cuenca de Atacama en el proyecto.",
            "The project has no Atacama basin file.",
        ),
    ));
    rows.push(unmeasured(
        11,
        "company_drawdowns",
        (
            "Descensos predichos por los modelos de la empresa en vegas y lagunas a 10, 20 y 40 años",
            "Drawdowns the company's models predict at the vegas and lagoons after 10, 20 and 40 years",
        ),
        "[S6][S13]",
        Status::NoPublicData,
        (
            "Los modelos numéricos de 2019 y posteriores existen, pero sus resultados no son \
             públicos: es la comparación que más falta.",
            "The 2019 and later numerical models exist, but their outputs are not public: it is \
             the comparison most missing.",
        ),
    ));
    rows.extend(conservation::checks(basin)?);
    // The solver against closed forms, on small basin files (the browser build has no reader).
    #[cfg(feature = "parse")]
    rows.extend(analytical::checks()?);
    Ok(rows)
}
