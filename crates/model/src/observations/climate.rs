//! Observed monthly climate for a hindcast: a CSV of monthly precipitation on the basin floor
//! (`date,precip_mm`), read into every month from January of its first year to December of the
//! year before the basin's start, so a run can start in the past and meet readings on their
//! dates ([`crate::RunOptions::history`]).
//!
//! No public station series exists for Pastos Grandes (brief, data gaps §4), so none ships with
//! the basin: the person who has one brings it. A month the file lacks takes the climatology's
//! mean month, and the reader says which; nothing is filled silently.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::{fmt_num, quote_untrusted as quote, Lang};
use crate::observations::problem::{at_row, quoted, ProblemKind, RowProblem};
use crate::observations::read::{parse_date, with_records};
use crate::outputs::results::YearMonth;
use crate::physics::climate::{ClimateSpec, MonthClimate};

/// The columns a climate file needs.
pub const CLIMATE_COLUMNS: [&str; 2] = ["date", "precip_mm"];
/// Most years a hindcast runs before the basin's start: each costs a year of every run.
pub const MAX_HINDCAST_YEARS: i32 = 30;
/// Largest monthly precipitation accepted, mm: the wettest Altiplano months give 200–300 mm, so
/// more is another unit or a typing error.
pub const MAX_PRECIP_MM_PER_MONTH: f64 = 600.0;
/// Largest file read, bytes (30 years of months is about 12 kB).
pub const MAX_CLIMATE_BYTES: usize = 200_000;
/// Most problems listed one by one.
const MAX_LISTED: usize = 50;
/// Most filled months named in the message that lists them.
const FILLED_NAMED: usize = 6;

/// Observed precipitation on the basin floor, month by month from January of `first_year` to
/// December of the year before the basin's start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClimateHistory {
    pub first_year: i32,
    /// One value a month, mm.
    pub precip_salar_mm: Vec<f64>,
}

impl ClimateHistory {
    /// The month of index `k`.
    pub fn month(&self, k: usize) -> YearMonth {
        YearMonth {
            year: self.first_year + (k / 12) as i32,
            month: (k % 12) as u8 + 1,
        }
    }

    /// The run's forcing for these months: the salar floor's precipitation as observed, the
    /// catchment's scaled by the ratio of the two climatological means (the simplest bias
    /// correction from one gauge to a catchment), and evaporation's mean seasonal cycle (no
    /// observed evaporation series exists; the warming levers start at the basin's start).
    pub(crate) fn month_climate(&self, spec: &ClimateSpec) -> Vec<MonthClimate> {
        let ratio = if spec.precip_salar_mm_per_yr > 0.0 {
            spec.precip_catchment_mm_per_yr / spec.precip_salar_mm_per_yr
        } else {
            1.0
        };
        let fe_sum: f64 = spec.evap_frac.iter().sum();
        self.precip_salar_mm
            .iter()
            .enumerate()
            .map(|(k, &p)| {
                let ym = self.month(k);
                MonthClimate {
                    year: ym.year,
                    month: ym.month,
                    precip_catchment_mm: p * ratio,
                    precip_salar_mm: p,
                    evap_season: 12.0 * spec.evap_frac[k % 12] / fe_sum,
                }
            })
            .collect()
    }
}

/// What is wrong with a climate file, or what the reader did about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClimateProblemKind {
    Empty,
    TooLarge {
        bytes: usize,
        most: usize,
    },
    MissingColumn {
        column: String,
    },
    Unreadable,
    FieldCount {
        found: usize,
        expected: usize,
    },
    BadDate {
        text: String,
    },
    BadNumber {
        text: String,
    },
    Implausible {
        value: f64,
    },
    RepeatedMonth {
        year: i32,
        month: u8,
    },
    /// A month at or after the basin's start: the scenario's climate runs from there.
    NotBeforeStart {
        year: i32,
        month: u8,
        start_year: i32,
    },
    /// A month more than [`MAX_HINDCAST_YEARS`] before the start.
    TooEarly {
        year: i32,
        month: u8,
        earliest: i32,
    },
    /// Months without a value, given the climatology's mean month (the first few named).
    Filled {
        count: usize,
        named: Vec<YearMonth>,
    },
    /// More problems than are listed one by one.
    MoreProblems {
        count: usize,
    },
}

/// One problem, with the file's line it is in (header = 1); `None` for the whole file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClimateProblem {
    pub row: Option<u64>,
    #[serde(flatten)]
    pub kind: ClimateProblemKind,
}

/// What a climate file gave: the series (none when nothing usable was read) and the problems.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ClimateReading {
    pub history: Option<ClimateHistory>,
    pub problems: Vec<ClimateProblem>,
}

fn ym(year: i32, month: u8) -> String {
    format!("{year}-{month:02}")
}

impl ClimateProblem {
    /// A sentence for the reader; text from the file appears shortened and cleaned.
    pub fn message(&self, lang: Lang) -> String {
        use ClimateProblemKind as P;
        let es = lang == Lang::Es;
        let q = |t: &str| quoted(t, lang);
        // Said as the observations reader says them.
        let same = |kind| {
            RowProblem {
                row: self.row,
                kind,
            }
            .message(lang)
        };
        let what = match &self.kind {
            P::Empty if es => "El archivo de clima está vacío: no hay meses que leer.".to_string(),
            P::Empty => "The climate file is empty: there are no months to read.".to_string(),
            P::TooLarge { bytes, most } => {
                let (b, m) = (fmt_num(*bytes as f64 / 1e3, 0, lang), fmt_num(*most as f64 / 1e3, 0, lang));
                if es {
                    format!("El archivo de clima pesa {b} kB y se aceptan hasta {m} kB: no se leyó.")
                } else {
                    format!("The climate file is {b} kB and at most {m} kB is accepted: it was not read.")
                }
            }
            P::MissingColumn { column } if es => format!("Falta la columna {} en el encabezado (se esperan date,precip_mm): no se leyó nada.", q(column)),
            P::MissingColumn { column } => format!("The header lacks the column {} (expected date,precip_mm): nothing was read.", q(column)),
            P::Unreadable => return same(ProblemKind::Unreadable),
            P::FieldCount { found, expected } => {
                return same(ProblemKind::FieldCount {
                    found: *found,
                    expected: *expected,
                })
            }
            P::BadDate { text } if es => format!("la fecha {} no se entiende (use AAAA-MM, p. ej. 2021-01); se dejó de lado.", q(text)),
            P::BadDate { text } => format!("the date {} is not understood (use YYYY-MM, e.g. 2021-01); it was left out.", q(text)),
            P::BadNumber { text } if es => format!("{} no es una lluvia en mm (use punto decimal, p. ej. 12.5); se dejó de lado.", q(text)),
            P::BadNumber { text } => format!("{} is not a rainfall in mm (use a decimal point, e.g. 12.5); it was left out.", q(text)),
            P::Implausible { value } => {
                let (v, most) = (fmt_num(*value, 1, lang), fmt_num(MAX_PRECIP_MM_PER_MONTH, 0, lang));
                if es {
                    format!("{v} mm no es una lluvia mensual posible aquí (de 0 a {most} mm; ¿otra unidad?); se dejó de lado.")
                } else {
                    format!("{v} mm is not a possible monthly rainfall here (0 to {most} mm; another unit?); it was left out.")
                }
            }
            P::RepeatedMonth { year, month } if es => format!("el mes {} ya apareció más arriba; vale el primero y esta fila se dejó de lado.", ym(*year, *month)),
            P::RepeatedMonth { year, month } => format!("the month {} came earlier in the file; the first one counts and this row was left out.", ym(*year, *month)),
            P::NotBeforeStart { year, month, start_year } if es => format!("{} no es anterior a {start_year}: desde {start_year} el clima es el del escenario; se dejó de lado.", ym(*year, *month)),
            P::NotBeforeStart { year, month, start_year } => format!("{} is not before {start_year}: from {start_year} the climate is the scenario's; it was left out.", ym(*year, *month)),
            P::TooEarly { year, month, earliest } if es => format!("{} es anterior a {earliest}: el modelo empieza a lo sumo {MAX_HINDCAST_YEARS} años antes de hoy; se dejó de lado.", ym(*year, *month)),
            P::TooEarly { year, month, earliest } => format!("{} is before {earliest}: the model starts at most {MAX_HINDCAST_YEARS} years before today; it was left out.", ym(*year, *month)),
            P::Filled { count, named } => {
                let mut list = named.iter().map(|m| ym(m.year, m.month)).collect::<Vec<_>>().join(", ");
                if *count > named.len() {
                    list.push_str(" …");
                }
                let c = fmt_num(*count as f64, 0, lang);
                match (es, *count) {
                    (true, 1) => format!("1 mes no tiene valor en el archivo ({list}): el modelo usa para él la lluvia media de ese mes."),
                    (true, _) => format!("{c} meses no tienen valor en el archivo ({list}): el modelo usa para ellos la lluvia media de ese mes."),
                    (false, 1) => format!("1 month has no value in the file ({list}): the model gives it that month's mean rainfall."),
                    (false, _) => format!("{c} months have no value in the file ({list}): the model gives them that month's mean rainfall."),
                }
            }
            P::MoreProblems { count } => return same(ProblemKind::MoreProblems { count: *count }),
        };
        at_row(self.row, what, lang)
    }
}

/// Reads a climate CSV for a basin: `date` (`YYYY-MM`; a day, if given, is ignored: the model
/// is monthly) and `precip_mm` (the month's total on the basin floor), any column order, other
/// columns ignored, `#` lines comments. The series runs from January of the earliest month read
/// to December of the year before `basin.start_year`.
pub fn read_climate_csv(text: &str, basin: &Basin) -> ClimateReading {
    let file = |kind| ClimateReading {
        history: None,
        problems: vec![ClimateProblem { row: None, kind }],
    };
    if text.len() > MAX_CLIMATE_BYTES {
        return file(ClimateProblemKind::TooLarge {
            bytes: text.len(),
            most: MAX_CLIMATE_BYTES,
        });
    }
    with_records(text, |records| read_records(records, basin))
}

/// The rows of a climate file, header first.
fn read_records(
    records: &mut dyn Iterator<Item = csv::Result<csv::StringRecord>>,
    basin: &Basin,
) -> ClimateReading {
    let file = |kind| ClimateReading {
        history: None,
        problems: vec![ClimateProblem { row: None, kind }],
    };
    let header = match records.next() {
        None => return file(ClimateProblemKind::Empty),
        Some(Err(_)) => return file(ClimateProblemKind::Unreadable),
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header.iter().map(|n| n.to_ascii_lowercase()).collect();
    let col = |c: &str| names.iter().position(|n| n == c);
    let (Some(date_at), Some(precip_at)) = (col(CLIMATE_COLUMNS[0]), col(CLIMATE_COLUMNS[1]))
    else {
        let missing = CLIMATE_COLUMNS.iter().find(|c| col(c).is_none());
        return file(ClimateProblemKind::MissingColumn {
            column: missing.map_or_else(String::new, |c| c.to_string()),
        });
    };
    let start = basin.start_year;
    let earliest = start - MAX_HINDCAST_YEARS;
    let mut problems = Vec::new();
    let mut more = 0;
    let mut problem = |row: u64, kind| {
        if problems.len() < MAX_LISTED {
            problems.push(ClimateProblem {
                row: Some(row),
                kind,
            });
        } else {
            more += 1;
        }
    };
    let mut values: Vec<(YearMonth, f64)> = Vec::new();
    for record in records {
        let r = match record {
            Ok(r) => r,
            Err(e) => {
                problem(
                    e.position().map_or(0, |p| p.line()),
                    ClimateProblemKind::Unreadable,
                );
                continue;
            }
        };
        let row = r.position().map_or(0, |p| p.line());
        if r.len() != names.len() {
            problem(
                row,
                ClimateProblemKind::FieldCount {
                    found: r.len(),
                    expected: names.len(),
                },
            );
            continue;
        }
        let (date, precip) = (&r[date_at], &r[precip_at]);
        let Some((m, _)) = parse_date(date) else {
            problem(row, ClimateProblemKind::BadDate { text: quote(date) });
            continue;
        };
        let ok = !precip.is_empty()
            && precip
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
        let Some(p) = precip.parse::<f64>().ok().filter(|v| ok && v.is_finite()) else {
            problem(
                row,
                ClimateProblemKind::BadNumber {
                    text: quote(precip),
                },
            );
            continue;
        };
        if !(0.0..=MAX_PRECIP_MM_PER_MONTH).contains(&p) {
            problem(row, ClimateProblemKind::Implausible { value: p });
        } else if m.year >= start {
            problem(
                row,
                ClimateProblemKind::NotBeforeStart {
                    year: m.year,
                    month: m.month,
                    start_year: start,
                },
            );
        } else if m.year < earliest {
            problem(
                row,
                ClimateProblemKind::TooEarly {
                    year: m.year,
                    month: m.month,
                    earliest,
                },
            );
        } else if values.iter().any(|(v, _)| *v == m) {
            problem(
                row,
                ClimateProblemKind::RepeatedMonth {
                    year: m.year,
                    month: m.month,
                },
            );
        } else {
            values.push((m, p));
        }
    }
    if more > 0 {
        problems.push(ClimateProblem {
            row: None,
            kind: ClimateProblemKind::MoreProblems { count: more },
        });
    }
    let Some(first_year) = values.iter().map(|(m, _)| m.year).min() else {
        return ClimateReading {
            history: None,
            problems,
        };
    };
    // Every month from January of the first year to December before the start; a month the
    // file lacks takes the mean month of the basin's climatology (no change, no variability).
    let c = &basin.physical.climate;
    let fsum: f64 = c.precip_monthly_frac.iter().sum();
    let months = ((start - first_year) * 12) as usize;
    let mut filled = Vec::new();
    let precip_salar_mm = (0..months)
        .map(|k| {
            let m = YearMonth {
                year: first_year + (k / 12) as i32,
                month: (k % 12) as u8 + 1,
            };
            match values.iter().find(|(v, _)| *v == m) {
                Some(&(_, p)) => p,
                None => {
                    filled.push(m);
                    c.precip_salar_mm_per_yr * c.precip_monthly_frac[k % 12] / fsum
                }
            }
        })
        .collect();
    if !filled.is_empty() {
        problems.push(ClimateProblem {
            row: None,
            kind: ClimateProblemKind::Filled {
                count: filled.len(),
                named: filled.into_iter().take(FILLED_NAMED).collect(),
            },
        });
    }
    ClimateReading {
        history: Some(ClimateHistory {
            first_year,
            precip_salar_mm,
        }),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> ClimateReading {
        read_climate_csv(text, &Basin::default_basin())
    }

    fn kinds(r: &ClimateReading) -> Vec<&ClimateProblemKind> {
        r.problems.iter().map(|p| &p.kind).collect()
    }

    /// Rows in any order, other columns ignored, each month where the file puts it; the months
    /// it lacks take the climatology's mean month and are said.
    #[test]
    fn months_are_placed_and_gaps_are_said() {
        let r = read("who,precip_mm,date\nx,30,2023-02\ny,12.5,2023-01-15\nz,0,2024-12\n");
        let h = r.history.as_ref().unwrap();
        assert_eq!(h.first_year, 2023);
        assert_eq!(h.precip_salar_mm.len(), 24);
        assert_eq!(h.precip_salar_mm[0], 12.5);
        assert_eq!(h.precip_salar_mm[1], 30.0);
        assert_eq!(h.precip_salar_mm[23], 0.0);
        let c = &Basin::default_basin().physical.climate;
        let fsum: f64 = c.precip_monthly_frac.iter().sum();
        let mean_march = c.precip_salar_mm_per_yr * c.precip_monthly_frac[2] / fsum;
        assert_eq!(h.precip_salar_mm[2], mean_march);
        assert_eq!(
            kinds(&r),
            [&ClimateProblemKind::Filled {
                count: 21,
                named: (3..=8)
                    .map(|m| YearMonth {
                        year: 2023,
                        month: m
                    })
                    .collect(),
            }]
        );
        assert_eq!(
            r.problems[0].message(Lang::Es),
            "21 meses no tienen valor en el archivo (2023-03, 2023-04, 2023-05, 2023-06, 2023-07, 2023-08 …): el modelo usa para ellos la lluvia media de ese mes."
        );
    }

    /// Every bad row is said with its line, in both languages, and the good rows are kept.
    #[test]
    fn bad_rows_are_left_out_with_a_message() {
        let text = "\u{feff}date,precip_mm\r\n\
                    2020-13,5\r\n\
                    2020-01,abc\r\n\
                    2020-02,-1\r\n\
                    2020-03,700\r\n\
                    2025-01,5\r\n\
                    1990-01,5\r\n\
                    2020-04,5,extra\r\n\
                    2020-05,7\r\n\
                    2020-05,8\r\n\
                    <script>alert(1)</script>,1\r\n";
        let r = read(text);
        let rows: Vec<Option<u64>> = r.problems.iter().map(|p| p.row).collect();
        assert_eq!(
            rows,
            [2, 3, 4, 5, 6, 7, 8, 10, 11]
                .map(Some)
                .into_iter()
                .chain([None])
                .collect::<Vec<_>>()
        );
        let h = r.history.unwrap();
        assert_eq!((h.first_year, h.precip_salar_mm[4]), (2020, 7.0));
        for p in &r.problems {
            for lang in [Lang::Es, Lang::En] {
                let m = p.message(lang);
                assert!(!m.contains('<') || m.contains("«<script>") || m.contains("“<script>"));
                assert!(!m.chars().any(char::is_control), "{m}");
            }
        }
        assert_eq!(
            r.problems[4].message(Lang::En),
            "Row 6: 2025-01 is not before 2025: from 2025 the climate is the scenario's; it was left out."
        );
        assert_eq!(
            r.problems[5].message(Lang::Es),
            "Fila 7: 1990-01 es anterior a 1995: el modelo empieza a lo sumo 30 años antes de hoy; se dejó de lado."
        );
    }

    /// A file that cannot give a month gives no series, and says why.
    #[test]
    fn nothing_usable() {
        for (text, kind) in [
            ("", ClimateProblemKind::Empty),
            (
                "date,rain\n2020-01,5\n",
                ClimateProblemKind::MissingColumn {
                    column: "precip_mm".into(),
                },
            ),
        ] {
            let r = read(text);
            assert!(r.history.is_none());
            assert_eq!(kinds(&r), [&kind]);
        }
        let r = read("date,precip_mm\n2030-01,5\n");
        assert!(r.history.is_none());
        assert_eq!(r.problems.len(), 1);
        let big = "date,precip_mm\n".to_string() + &"2020-01,1\n".repeat(30_000);
        assert!(matches!(
            kinds(&read(&big))[..],
            [ClimateProblemKind::TooLarge { .. }]
        ));
    }

    /// Many bad rows: the first ones listed, the rest counted.
    #[test]
    fn problems_are_bounded() {
        let text = "date,precip_mm\n".to_string() + &"x,1\n".repeat(500);
        let r = read(&text);
        assert_eq!(r.problems.len(), MAX_LISTED + 1);
        assert_eq!(
            r.problems.last().unwrap().kind,
            ClimateProblemKind::MoreProblems { count: 450 }
        );
    }

    /// The forcing: the floor's rain as read, the catchment's by the ratio of the means, the
    /// evaporation's mean cycle.
    #[test]
    fn month_climate_scales_to_the_catchment() {
        let spec = ClimateSpec {
            precip_catchment_mm_per_yr: 300.0,
            precip_salar_mm_per_yr: 100.0,
            precip_frac: [1.0; 12],
            evap_frac: [2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            precip_cv: 0.0,
            de_dt_pct_per_degc: 0.0,
            dp_pct: 0.0,
            dt_degc: 0.0,
            seed: None,
        };
        let h = ClimateHistory {
            first_year: 2023,
            precip_salar_mm: (0..24).map(f64::from).collect(),
        };
        let m = h.month_climate(&spec);
        assert_eq!(m.len(), 24);
        assert_eq!((m[13].year, m[13].month), (2024, 2));
        assert_eq!(
            (m[13].precip_salar_mm, m[13].precip_catchment_mm),
            (13.0, 39.0)
        );
        assert_eq!(m[12].evap_season, 24.0 / 13.0);
        assert_eq!(m[1].evap_season, 12.0 / 13.0);
    }
}
