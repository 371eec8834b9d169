//! What could not be read in an observations file, said in the reader's language.

use serde::Serialize;

use crate::lang::{fmt_num, Lang};

/// What is wrong with a row, or with the whole file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file holds nothing (or only blank lines).
    Empty,
    /// The file is larger than the reader accepts; nothing was read.
    TooLarge {
        bytes: usize,
        most: usize,
    },
    /// Rows beyond the most the reader keeps were not read.
    TooManyRows {
        most: usize,
    },
    /// The header lacks a column the reader needs; nothing was read.
    MissingColumn {
        column: String,
    },
    /// A header column the reader does not know; ignored.
    UnknownColumn {
        column: String,
    },
    /// The same column twice in the header; nothing was read.
    RepeatedColumn {
        column: String,
    },
    /// A row whose number of fields is not the header's.
    FieldCount {
        found: usize,
        expected: usize,
    },
    /// The CSV itself cannot be read here (e.g. an unclosed quote).
    Unreadable,
    /// A required field is empty.
    EmptyField {
        column: String,
    },
    UnknownSite {
        text: String,
    },
    UnknownQuantity {
        text: String,
    },
    /// A spring flow at a site without a spring.
    NoSpringAtSite {
        site: String,
    },
    /// A pumped-lithium reading at a site without brine wells.
    NoBrineWellsAtSite {
        site: String,
    },
    /// A basin-wide area (vega, lagoon) at a named site.
    AreaIsBasinWide {
        quantity: String,
    },
    /// A level, depth or flow at `cuenca`, the whole basin.
    PointQuantityAtBasin {
        quantity: String,
    },
    BadDate {
        text: String,
    },
    BadNumber {
        column: String,
        text: String,
    },
    WrongUnit {
        text: String,
        expected: String,
    },
    /// A value outside what the quantity can plausibly be.
    Implausible {
        value: f64,
        unit: String,
    },
    /// An error column that is not a positive number.
    BadError {
        text: String,
    },
    /// More problems than are listed one by one.
    MoreProblems {
        count: usize,
    },
}

/// Text from a file, quoted as the reader's language quotes it.
pub(crate) fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Es => format!("«{text}»"),
        Lang::En => format!("“{text}”"),
    }
}

/// "Fila 3: …" / "Row 3: …" (the file's line), or the sentence alone for the whole file.
pub(crate) fn at_row(row: Option<u64>, what: String, lang: Lang) -> String {
    match (row, lang) {
        (Some(r), Lang::Es) => format!("Fila {r}: {what}"),
        (Some(r), Lang::En) => format!("Row {r}: {what}"),
        (None, _) => what,
    }
}

/// One problem, with the row it is in (the line of the file, the header being line 1, as a
/// spreadsheet numbers its rows); `None` for the whole file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowProblem {
    pub row: Option<u64>,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl RowProblem {
    pub(crate) fn file(kind: ProblemKind) -> RowProblem {
        RowProblem { row: None, kind }
    }

    pub(crate) fn at(row: u64, kind: ProblemKind) -> RowProblem {
        RowProblem {
            row: Some(row),
            kind,
        }
    }

    /// Whether the row (or the file) was left out because of it; an unknown column and a
    /// note on more problems leave nothing out themselves.
    pub fn drops_row(&self) -> bool {
        !matches!(
            self.kind,
            ProblemKind::UnknownColumn { .. } | ProblemKind::MoreProblems { .. }
        )
    }

    /// A sentence for the reader. Text from the file appears already shortened and cleaned
    /// ([`quote`]).
    pub fn message(&self, lang: Lang) -> String {
        at_row(self.row, self.what(lang), lang)
    }

    fn what(&self, lang: Lang) -> String {
        use ProblemKind as P;
        let es = lang == Lang::Es;
        let q = |t: &str| quoted(t, lang);
        match &self.kind {
            P::Empty => {
                if es {
                    "El archivo está vacío: no hay observaciones que leer.".into()
                } else {
                    "The file is empty: there are no observations to read.".into()
                }
            }
            P::TooLarge { bytes, most } => {
                let (b, m) = (
                    fmt_num(*bytes as f64 / 1e6, 1, lang),
                    fmt_num(*most as f64 / 1e6, 1, lang),
                );
                if es {
                    format!("El archivo pesa {b} MB y se aceptan hasta {m} MB: no se leyó. Divídalo en archivos más chicos.")
                } else {
                    format!("The file is {b} MB and at most {m} MB is accepted: it was not read. Split it into smaller files.")
                }
            }
            P::TooManyRows { most } => {
                let m = fmt_num(*most as f64, 0, lang);
                if es {
                    format!("Se leyeron las primeras {m} filas de datos; las siguientes no.")
                } else {
                    format!("The first {m} data rows were read; the rest were not.")
                }
            }
            P::MissingColumn { column } => {
                if es {
                    format!("Falta la columna {} en el encabezado (se esperan site,date,quantity,value,unit,who y, si se quiere, error): no se leyó nada.", q(column))
                } else {
                    format!("The header lacks the column {} (expected site,date,quantity,value,unit,who and, optionally, error): nothing was read.", q(column))
                }
            }
            P::UnknownColumn { column } => {
                if es {
                    format!("la columna {} no es conocida y se ignoró.", q(column))
                } else {
                    format!("the column {} is not known and was ignored.", q(column))
                }
            }
            P::RepeatedColumn { column } => {
                if es {
                    format!(
                        "la columna {} aparece dos veces en el encabezado: no se leyó nada.",
                        q(column)
                    )
                } else {
                    format!(
                        "the column {} appears twice in the header: nothing was read.",
                        q(column)
                    )
                }
            }
            P::FieldCount { found, expected } => {
                if es {
                    format!("tiene {found} campos y el encabezado {expected}; se dejó de lado.")
                } else {
                    format!("it has {found} fields and the header {expected}; it was left out.")
                }
            }
            P::Unreadable => {
                if es {
                    "no se puede leer como CSV (¿unas comillas sin cerrar?); se dejó de lado."
                        .into()
                } else {
                    "it cannot be read as CSV (an unclosed quote?); it was left out.".into()
                }
            }
            P::EmptyField { column } => {
                if es {
                    format!("falta el valor de {}; se dejó de lado.", q(column))
                } else {
                    format!("{} is empty; the row was left out.", q(column))
                }
            }
            P::UnknownSite { text } => {
                if es {
                    format!("{} no es un sitio del modelo (use el identificador de la plantilla, p. ej. vega_este); se dejó de lado.", q(text))
                } else {
                    format!("{} is not one of the model's sites (use the id from the template, e.g. vega_este); it was left out.", q(text))
                }
            }
            P::UnknownQuantity { text } => {
                if es {
                    format!("{} no es una cantidad conocida (depth_to_water_m, water_level_m, spring_flow_l_per_s, vega_area_ha, lagoon_area_ha o pumped_li_mg_per_l); se dejó de lado.", q(text))
                } else {
                    format!("{} is not a known quantity (depth_to_water_m, water_level_m, spring_flow_l_per_s, vega_area_ha, lagoon_area_ha or pumped_li_mg_per_l); it was left out.", q(text))
                }
            }
            P::NoBrineWellsAtSite { site } => {
                if es {
                    format!("{} no tiene pozos de salmuera en el modelo: el litio bombeado se lee en un campo de pozos de salmuera (p. ej. pozos_ppg); se dejó de lado.", q(site))
                } else {
                    format!("{} has no brine wells in the model: pumped lithium is read at a brine wellfield (e.g. pozos_ppg); the row was left out.", q(site))
                }
            }
            P::NoSpringAtSite { site } => {
                if es {
                    format!("{} no tiene una vertiente en el modelo, así que no se puede comparar un caudal; se dejó de lado.", q(site))
                } else {
                    format!("{} has no spring in the model, so a flow cannot be compared; it was left out.", q(site))
                }
            }
            P::AreaIsBasinWide { quantity } => {
                if es {
                    format!("el modelo da {} para toda la cuenca, no por sitio: use el sitio «cuenca» (la suma de todas las vegas o lagunas del mapa); se dejó de lado.", q(quantity))
                } else {
                    format!("the model gives {} for the whole basin, not by site: use the site “cuenca” (the sum of every vega or lagoon on the map); the row was left out.", q(quantity))
                }
            }
            P::PointQuantityAtBasin { quantity } => {
                if es {
                    format!("«cuenca» es toda la cuenca: ahí solo se leen vega_area_ha y lagoon_area_ha; {} va en un sitio (p. ej. vega_este); se dejó de lado.", q(quantity))
                } else {
                    format!("“cuenca” is the whole basin: only vega_area_ha and lagoon_area_ha are read there; {} belongs at a site (e.g. vega_este); the row was left out.", q(quantity))
                }
            }
            P::BadDate { text } => {
                if es {
                    format!("la fecha {} no se entiende (use AAAA-MM o AAAA-MM-DD, p. ej. 2025-03); se dejó de lado.", q(text))
                } else {
                    format!("the date {} is not understood (use YYYY-MM or YYYY-MM-DD, e.g. 2025-03); it was left out.", q(text))
                }
            }
            P::BadNumber { column, text } => {
                if es {
                    format!("{} en {} no es un número (use punto decimal, p. ej. 12.5); se dejó de lado.", q(text), q(column))
                } else {
                    format!("{} in {} is not a number (use a decimal point, e.g. 12.5); it was left out.", q(text), q(column))
                }
            }
            P::WrongUnit { text, expected } => {
                if es {
                    format!("la unidad {} no corresponde a la cantidad, que se da en {}; no se convierte, se dejó de lado.", q(text), q(expected))
                } else {
                    format!("the unit {} does not match the quantity, which is given in {}; it is not converted and the row was left out.", q(text), q(expected))
                }
            }
            P::Implausible { value, unit } => {
                let v = fmt_num(*value, 2, lang);
                if es {
                    format!("{v} {unit} no es un valor posible para esa cantidad (¿otra unidad?); se dejó de lado.")
                } else {
                    format!("{v} {unit} is not a possible value for that quantity (another unit?); it was left out.")
                }
            }
            P::BadError { text } => {
                if es {
                    format!("el error {} debe ser un número mayor que cero, en la unidad de la cantidad (o quedar vacío); se dejó de lado.", q(text))
                } else {
                    format!("the error {} must be a number above zero, in the quantity's unit (or left empty); the row was left out.", q(text))
                }
            }
            P::MoreProblems { count } => {
                let c = fmt_num(*count as f64, 0, lang);
                if es {
                    format!("Y {c} problemas más, no listados uno por uno.")
                } else {
                    format!("And {c} more problems, not listed one by one.")
                }
            }
        }
    }
}
