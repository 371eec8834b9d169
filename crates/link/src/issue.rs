//! What a link could not use, said in the reader's language.

use cuenca_model::{fmt_num, Lang};

/// Quoted text is always shown as text, never as markup.
pub(crate) use cuenca_model::quote_untrusted as quote;

#[derive(Clone, Debug, PartialEq)]
pub enum IssueKind {
    /// A key this version does not know; ignored.
    UnknownKey,
    /// A value that is not a number (or not one of the options); the default is kept.
    BadValue,
    /// A number outside the lever's range, replaced by the nearest allowed value.
    Clamped { to: f64 },
    /// The same key again; the first one counts.
    Repeated,
    /// An agreed limit that cannot be read; left out.
    LimitDropped,
    /// A spring limit at a site without a spring, or an interface limit where there is no lens:
    /// it could never be checked there; left out.
    LimitNotHere,
    /// A limit beyond the most a link carries; left out.
    TooManyLimits { most: usize },
    /// An early-warning trigger that cannot be read, or at a site the basin lacks; left out.
    TriggerDropped,
    /// A trigger beyond the most a link carries; left out.
    TooManyTriggers { most: usize },
    /// The link is longer than any link Cuenca writes; the rest was not read.
    TooLong,
    /// The scenario's name is longer than a link keeps; its beginning was kept.
    TitleShortened { most: usize },
    /// Made by a newer version of Cuenca; read as well as this version can.
    NewerVersion { version: String },
    /// Made with another model version: the same levers may now give other numbers.
    ModelChanged { made_with: String },
}

/// One thing in a link that could not be used as it was.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkIssue {
    pub kind: IssueKind,
    /// The key as written (shortened, control characters removed).
    pub key: String,
    /// The value as written (shortened, control characters removed).
    pub value: String,
}

impl LinkIssue {
    pub(crate) fn new(kind: IssueKind, key: &str, value: &str) -> LinkIssue {
        LinkIssue {
            kind,
            key: quote(key),
            value: quote(value),
        }
    }

    /// A short sentence for the reader. The key and value are quoted as plain text.
    pub fn message(&self, lang: Lang) -> String {
        let (k, v) = (&self.key, &self.value);
        match (&self.kind, lang) {
            (IssueKind::UnknownKey, Lang::Es) => format!("«{k}» no es una palanca de Cuenca: se ignoró."),
            (IssueKind::UnknownKey, Lang::En) => format!("“{k}” is not a Cuenca lever: it was ignored."),
            (IssueKind::BadValue, Lang::Es) => format!("«{k}={v}»: el valor no se entiende; se mantuvo el valor por defecto."),
            (IssueKind::BadValue, Lang::En) => format!("“{k}={v}”: the value is not understood; the default was kept."),
            (IssueKind::Clamped { to }, Lang::Es) => {
                format!("«{k}={v}» está fuera del rango posible; se usó {}.", fmt_num(*to, decimals(*to), lang))
            }
            (IssueKind::Clamped { to }, Lang::En) => {
                format!("“{k}={v}” is outside the possible range; {} was used.", fmt_num(*to, decimals(*to), lang))
            }
            (IssueKind::Repeated, Lang::Es) => format!("«{k}» aparece más de una vez; se usó la primera."),
            (IssueKind::Repeated, Lang::En) => format!("“{k}” appears more than once; the first was used."),
            (IssueKind::LimitDropped, Lang::Es) => format!("«{k}={v}»: ese límite acordado no se entiende; se dejó de lado y se mantuvieron los demás."),
            (IssueKind::LimitDropped, Lang::En) => format!("“{k}={v}”: that agreed limit is not understood; it was left out and the others kept."),
            (IssueKind::LimitNotHere, Lang::Es) => format!("«{k}={v}»: ese límite no se puede medir en ese lugar (no tiene vertiente, o no hay agua dulce sobre salmuera); se dejó de lado y se mantuvieron los demás."),
            (IssueKind::LimitNotHere, Lang::En) => format!("“{k}={v}”: that limit cannot be measured at that place (it has no spring, or no fresh water over brine); it was left out and the others kept."),
            (IssueKind::TooManyLimits { most }, Lang::Es) => format!("«{k}={v}»: un enlace lleva como mucho {most} límites acordados; este se dejó de lado."),
            (IssueKind::TooManyLimits { most }, Lang::En) => format!("“{k}={v}”: a link carries at most {most} agreed limits; this one was left out."),
            (IssueKind::TriggerDropped, Lang::Es) => format!("«{k}={v}»: esa alerta del plan no se entiende; se dejó de lado y se mantuvieron las demás."),
            (IssueKind::TriggerDropped, Lang::En) => format!("“{k}={v}”: that plan trigger is not understood; it was left out and the others kept."),
            (IssueKind::TooManyTriggers { most }, Lang::Es) => format!("«{k}={v}»: un enlace lleva como mucho {most} alertas; esta se dejó de lado."),
            (IssueKind::TooManyTriggers { most }, Lang::En) => format!("“{k}={v}”: a link carries at most {most} triggers; this one was left out."),
            (IssueKind::TooLong, Lang::Es) => "El enlace es demasiado largo; se leyó solo el comienzo.".to_string(),
            (IssueKind::TooLong, Lang::En) => "The link is too long; only its beginning was read.".to_string(),
            (IssueKind::TitleShortened { most }, Lang::Es) => format!("El nombre del escenario era largo; se guardaron sus primeros {most} caracteres: «{v}»."),
            (IssueKind::TitleShortened { most }, Lang::En) => format!("The scenario's name was long; its first {most} characters were kept: “{v}”."),
            (IssueKind::NewerVersion { version }, Lang::Es) => {
                format!("El enlace es de una versión más nueva de Cuenca ({version}); puede que no todo se lea igual.")
            }
            (IssueKind::NewerVersion { version }, Lang::En) => {
                format!("The link comes from a newer version of Cuenca ({version}); some of it may read differently.")
            }
            (IssueKind::ModelChanged { made_with }, Lang::Es) => format!(
                "El enlace se hizo con el modelo {made_with}; el modelo cambió desde entonces ({}) y los números pueden diferir.",
                cuenca_model::MODEL_VERSION
            ),
            (IssueKind::ModelChanged { made_with }, Lang::En) => format!(
                "The link was made with model {made_with}; the model has changed since ({}) and the numbers may differ.",
                cuenca_model::MODEL_VERSION
            ),
        }
    }
}

fn decimals(x: f64) -> usize {
    (0..=3)
        .find(|&d| ((x * 10f64.powi(d)).round() - x * 10f64.powi(d)).abs() < 1e-9)
        .unwrap_or(3) as usize
}
