//! Reading an observations file: CSV in, the rows that can be used and a message for every one
//! that cannot. Nothing in the file can make the reader panic or run away: the file's size, its
//! rows and the problems listed are all bounded.

use serde::Serialize;

use crate::basin::Basin;
use crate::lang::quote_untrusted as quote;
use crate::observations::problem::{ProblemKind, RowProblem};
use crate::observations::quantity::{ObservedQuantity, BASIN_SITE};
use crate::outputs::results::YearMonth;
use crate::uncertainty::ensemble::Quantity;

/// Largest file read, bytes: about 20 000 rows of typical length, far more than a community's
/// or a company's monitoring record at the model's named sites.
pub const MAX_BYTES: usize = 1_000_000;
/// Most data rows kept; later rows are not read (with a message).
pub const MAX_ROWS: usize = 10_000;
/// Most problems listed one by one; the rest are counted in one message.
pub const MAX_LISTED_PROBLEMS: usize = 100;
/// Longest `who` kept, characters.
const WHO_CHARS: usize = 80;
/// Years a date may fall in: the model's runs start in the 20th century at the earliest and run
/// at most a century past 2100.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// The columns, in the template's order; `error` may be missing.
pub const COLUMNS: [&str; 7] = ["site", "date", "quantity", "value", "unit", "who", "error"];

/// One reading at a named site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// The row of the file it came from (header = 1).
    pub row: u64,
    /// The site's id in the basin.
    pub site: String,
    /// The month it was read in (a day, when given, is kept but the model is monthly).
    pub date: YearMonth,
    pub day: Option<u8>,
    pub quantity: ObservedQuantity,
    pub value: f64,
    /// Who measured, as written (shortened, control characters removed): plain text.
    pub who: String,
    /// The reading's standard deviation as given, in the quantity's unit.
    pub error: Option<f64>,
}

impl Observation {
    /// The ensemble's monthly series this reading is compared with, as (quantity, site): at its
    /// site, or the basin's for a basin-wide area; `None` for a quantity with no such series.
    pub fn ensemble_series(&self) -> Option<(Quantity, Option<&str>)> {
        let q = self.quantity.ensemble_series()?;
        Some((
            q,
            (!self.quantity.basin_wide()).then_some(self.site.as_str()),
        ))
    }

    /// Standard deviation of the reading: the row's, or the quantity's default.
    pub fn measurement_sd(&self) -> f64 {
        self.error
            .unwrap_or_else(|| self.quantity.default_error(self.value))
    }

    /// Standard deviation of model minus reading: the reading's and the model structure's,
    /// independent, added in quadrature.
    pub fn total_sd(&self) -> f64 {
        let (m, s) = (
            self.measurement_sd(),
            self.quantity.structure_error(self.value),
        );
        libm::sqrt(m * m + s * s)
    }
}

/// What a file gave: the rows kept, in file order, and the problems found.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ObservationSet {
    pub observations: Vec<Observation>,
    pub problems: Vec<RowProblem>,
}

/// Collects problems up to [`MAX_LISTED_PROBLEMS`], then counts them.
struct Problems {
    listed: Vec<RowProblem>,
    more: usize,
}

impl Problems {
    fn push(&mut self, p: RowProblem) {
        if self.listed.len() < MAX_LISTED_PROBLEMS {
            self.listed.push(p);
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<RowProblem> {
        if self.more > 0 {
            self.listed
                .push(RowProblem::file(ProblemKind::MoreProblems {
                    count: self.more,
                }));
        }
        self.listed
    }
}

/// Reads an observations CSV against a basin's sites. The header names the columns (any order,
/// case and surrounding spaces not significant; a byte-order mark is skipped); lines starting
/// with `#` are comments. Every row that cannot be used gets a [`RowProblem`]; the others are
/// kept.
pub fn read_csv(text: &str, basin: &Basin) -> ObservationSet {
    if text.len() > MAX_BYTES {
        return ObservationSet {
            observations: Vec::new(),
            problems: vec![RowProblem::file(ProblemKind::TooLarge {
                bytes: text.len(),
                most: MAX_BYTES,
            })],
        };
    }
    with_records(text, |records| read_records(records, basin))
}

/// The rows of an observations file, header first.
fn read_records(
    records: &mut dyn Iterator<Item = csv::Result<csv::StringRecord>>,
    basin: &Basin,
) -> ObservationSet {
    let single = |kind| ObservationSet {
        observations: Vec::new(),
        problems: vec![RowProblem::file(kind)],
    };
    let header = match records.next() {
        None => return single(ProblemKind::Empty),
        Some(Err(_)) => return single(ProblemKind::Unreadable),
        Some(Ok(h)) => h,
    };
    let mut problems = Problems {
        listed: Vec::new(),
        more: 0,
    };
    let header_row = header.position().map_or(1, |p| p.line());
    // Where each known column is in the row.
    let mut at = [None::<usize>; COLUMNS.len()];
    for (k, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}').to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(j) if at[j].is_some() => {
                return single(ProblemKind::RepeatedColumn {
                    column: quote(&name),
                })
            }
            Some(j) => at[j] = Some(k),
            None => problems.push(RowProblem::at(
                header_row,
                ProblemKind::UnknownColumn {
                    column: quote(&name),
                },
            )),
        }
    }
    if let Some(j) = (0..6).find(|&j| at[j].is_none()) {
        return single(ProblemKind::MissingColumn {
            column: COLUMNS[j].to_string(),
        });
    }
    let mut observations = Vec::new();
    let mut rows = 0;
    let mut truncated = false;
    for record in records {
        let row = match &record {
            Ok(r) => r.position().map_or(0, |p| p.line()),
            Err(e) => e.position().map_or(0, |p| p.line()),
        };
        if rows == MAX_ROWS {
            truncated = true;
            break;
        }
        rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                problems.push(RowProblem::at(row, ProblemKind::Unreadable));
                continue;
            }
        };
        if record.len() != header.len() {
            problems.push(RowProblem::at(
                row,
                ProblemKind::FieldCount {
                    found: record.len(),
                    expected: header.len(),
                },
            ));
            continue;
        }
        let fields: [&str; COLUMNS.len()] =
            std::array::from_fn(|j| at[j].and_then(|k| record.get(k)).unwrap_or(""));
        match read_row(row, &fields, basin) {
            Ok(o) => observations.push(o),
            Err(kind) => problems.push(RowProblem::at(row, kind)),
        }
    }
    if rows == 0 && problems.listed.is_empty() {
        problems.push(RowProblem::file(ProblemKind::Empty));
    }
    let mut problems = problems.finish();
    if truncated {
        // Said first: it matters more than any one row.
        problems.insert(
            0,
            RowProblem::file(ProblemKind::TooManyRows { most: MAX_ROWS }),
        );
    }
    ObservationSet {
        observations,
        problems,
    }
}

fn read_row(
    row: u64,
    fields: &[&str; COLUMNS.len()],
    basin: &Basin,
) -> Result<Observation, ProblemKind> {
    let field = |j: usize| fields[j];
    for j in 0..5 {
        if field(j).is_empty() {
            return Err(ProblemKind::EmptyField {
                column: COLUMNS[j].to_string(),
            });
        }
    }
    let site_text = field(0);
    // The whole basin, for the areas the model reports basin-wide; otherwise a named site.
    let site = if site_text.eq_ignore_ascii_case(BASIN_SITE) {
        None
    } else {
        Some(
            basin
                .sites
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(site_text))
                .ok_or_else(|| ProblemKind::UnknownSite {
                    text: quote(site_text),
                })?,
        )
    };
    let q_text = field(2);
    let quantity =
        ObservedQuantity::from_key(q_text).ok_or_else(|| ProblemKind::UnknownQuantity {
            text: quote(q_text),
        })?;
    match (site, quantity.basin_wide()) {
        (Some(_), true) => {
            return Err(ProblemKind::AreaIsBasinWide {
                quantity: quantity.key().into(),
            })
        }
        (None, false) => {
            return Err(ProblemKind::PointQuantityAtBasin {
                quantity: quantity.key().into(),
            })
        }
        // The rule the ensemble keeps spring series by (`uncertainty::ensemble`).
        (Some(site), false)
            if quantity.needs_spring()
                && !(site.kind == "spring" && basin.cells[site.cell].spring.is_some()) =>
        {
            return Err(ProblemKind::NoSpringAtSite {
                site: site.id.clone(),
            });
        }
        // The rule the ensemble keeps pumped-lithium series by.
        (Some(site), false)
            if quantity.needs_brine_wells() && basin.cells[site.cell].brine_weight <= 0.0 =>
        {
            return Err(ProblemKind::NoBrineWellsAtSite {
                site: site.id.clone(),
            });
        }
        _ => {}
    }
    let (date, day) = parse_date(field(1)).ok_or_else(|| ProblemKind::BadDate {
        text: quote(field(1)),
    })?;
    let value = parse_number(field(3)).ok_or_else(|| ProblemKind::BadNumber {
        column: "value".into(),
        text: quote(field(3)),
    })?;
    if !quantity.unit_matches(field(4)) {
        return Err(ProblemKind::WrongUnit {
            text: quote(field(4)),
            expected: quantity.unit().into(),
        });
    }
    if !quantity.plausible(value) {
        return Err(ProblemKind::Implausible {
            value,
            unit: quantity.unit().into(),
        });
    }
    let error = match field(6) {
        "" => None,
        t => Some(
            parse_number(t)
                .filter(|&e| e > 0.0)
                .ok_or_else(|| ProblemKind::BadError { text: quote(t) })?,
        ),
    };
    Ok(Observation {
        row,
        site: site.map_or_else(|| BASIN_SITE.to_string(), |s| s.id.clone()),
        date,
        day,
        quantity,
        value,
        who: field(5)
            .chars()
            .filter(|c| !c.is_control())
            .take(WHO_CHARS)
            .collect(),
        error,
    })
}

/// A finite decimal number written with a point (no `inf`, `NaN`, thousands separators).
/// Runs `read` over the records of a CSV text as both readers take it: a byte-order mark
/// skipped, lines starting with `#` comments, fields trimmed, lines of spaces or only commas
/// skipped. One (non-generic) reader for the observations and the climate files.
pub(crate) fn with_records<T>(
    text: &str,
    read: impl FnOnce(&mut dyn Iterator<Item = csv::Result<csv::StringRecord>>) -> T,
) -> T {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The csv crate ends a record at `\r\n` or a lone `\r` (Excel on Windows, old Mac exports)
    // but counts lines by `\n` only, and takes a record's position before the `\n` of the line
    // before it: with `\r\n` every row's number was one too small, with a lone `\r` every row
    // was "row 1". Read `\n` endings only, so that row numbers are the file's lines.
    let lf;
    let text = if text.contains('\r') {
        lf = text.replace("\r\n", "\n").replace('\r', "\n");
        lf.as_str()
    } else {
        text
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    // Lines of spaces or only commas (spreadsheets export trailing empty rows so) are skipped.
    let mut records = reader
        .records()
        .filter(|r| r.as_ref().map_or(true, |r| r.iter().any(|f| !f.is_empty())));
    read(&mut records)
}

fn parse_number(text: &str) -> Option<f64> {
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    text.parse::<f64>().ok().filter(|v| ok && v.is_finite())
}

/// `YYYY-MM` or `YYYY-MM-DD` (a real calendar day), read to a month.
pub fn parse_date(text: &str) -> Option<(YearMonth, Option<u8>)> {
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = match parts.as_slice() {
        [y, m] => (num(y, 4..=4)?, num(m, 1..=2)?, None),
        [y, m, d] => (num(y, 4..=4)?, num(m, 1..=2)?, Some(num(d, 1..=2)?)),
        _ => return None,
    };
    let year = y as i32;
    if !YEARS.contains(&year) || !(1..=12).contains(&m) {
        return None;
    }
    if let Some(d) = d {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&d) {
            return None;
        }
    }
    Some((
        YearMonth {
            year,
            month: m as u8,
        },
        d.map(|d| d as u8),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn read(text: &str) -> ObservationSet {
        read_csv(text, &Basin::default_basin())
    }

    fn only_problem(set: &ObservationSet) -> &ProblemKind {
        assert_eq!(set.problems.len(), 1, "{:?}", set.problems);
        &set.problems[0].kind
    }

    const HEADER: &str = "site,date,quantity,value,unit,who,error\n";

    #[test]
    fn the_template_reads_back_without_problems() {
        let basin = Basin::default_basin();
        let set = read_csv(&template_text(), &basin);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        // One example of each quantity but the water level (a depth says the same).
        assert_eq!(set.observations.len(), 5);
        let q: Vec<_> = set.observations.iter().map(|o| o.quantity).collect();
        assert!(q.contains(&ObservedQuantity::SpringFlowLPerS));
        assert_eq!(q[3], ObservedQuantity::PumpedLiMgPerL);
        assert_eq!(q[4], ObservedQuantity::VegaAreaHa);
        assert_eq!(set.observations[0].error, Some(0.05));
        assert_eq!(set.observations[1].error, None);
        assert_eq!(set.observations[1].day, Some(15));
    }

    fn template_text() -> String {
        crate::observations::template_csv(&Basin::default_basin())
    }

    #[test]
    fn good_rows_are_kept_and_each_bad_row_says_what_is_wrong() {
        let text = format!(
            "{HEADER}vega_este,2025-03,depth_to_water_m,0.4,m,Comunidad,\n\
             vega_este,2025-13,depth_to_water_m,0.4,m,x,\n\
             nowhere,2025-03,depth_to_water_m,0.4,m,x,\n\
             vega_este,2025-03,depth_to_water_m,40,cm,x,\n\
             vega_este,2025-03,spring_flow_l_per_s,4,L/s,x,\n\
             vertientes_norte,2025-03-31,spring_flow_l_per_s,4,l/s,x,0.5\n\
             vega_este,2025-02-30,depth_to_water_m,0.4,m,x,\n\
             vega_este,2025-03,depth_to_water_m,\"0,4\",m,x,\n\
             vega_este,2025-03,depth_to_water_m,NaN,m,x,\n\
             vega_este,2025-03,depth_to_water_m,0.4,m,x,-1\n\
             vega_este,2025-03,vega_area_ha,4,ha,x,\n\
             vega_este,2025-03,depth_to_water_m,0.4,m\n\
             vega_este,2025-03,depth_to_water_m,9000,m,x,\n"
        );
        let set = read(&text);
        assert_eq!(set.observations.len(), 2);
        assert_eq!(
            set.observations[1].quantity,
            ObservedQuantity::SpringFlowLPerS
        );
        let kinds: Vec<(Option<u64>, &str)> = set
            .problems
            .iter()
            .map(|p| {
                let k = serde_json::to_value(p).unwrap()["kind"]
                    .as_str()
                    .unwrap()
                    .to_string();
                (p.row, Box::leak(k.into_boxed_str()) as &str)
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Some(3), "bad_date"),
                (Some(4), "unknown_site"),
                (Some(5), "wrong_unit"),
                (Some(6), "no_spring_at_site"),
                (Some(8), "bad_date"),
                (Some(9), "bad_number"),
                (Some(10), "bad_number"),
                (Some(11), "bad_error"),
                (Some(12), "area_is_basin_wide"),
                (Some(13), "field_count"),
                (Some(14), "implausible"),
            ]
        );
        for p in &set.problems {
            let (es, en) = (p.message(Lang::Es), p.message(Lang::En));
            assert!(
                es.starts_with("Fila ") && en.starts_with("Row "),
                "{es} / {en}"
            );
            assert_ne!(es, en);
        }
        assert!(set.problems[2].message(Lang::En).contains("“cm”"));
    }

    #[test]
    fn the_basins_areas_are_read_at_cuenca_and_only_there() {
        let text = format!(
            "{HEADER}cuenca,2024-03,vega_area_ha,480,ha,Sentinel-2 NDVI,\n\
             CUENCA,2024-03,lagoon_area_ha,190.5,HA,Landsat NDWI,12\n\
             cuenca,2024-03,depth_to_water_m,1.2,m,x,\n\
             laguna_norte,2024-03,lagoon_area_ha,80,ha,x,\n\
             cuenca,2024-03,vega_area_ha,4800000,ha,x,\n\
             cuenca,2024-03,vega_area_ha,4.8,km2,x,\n\
             pozos_ppg,2024-03,pumped_li_mg_per_l,450,mg/l,x,\n\
             vega_este,2024-03,pumped_li_mg_per_l,450,mg/L,x,\n\
             pozos_ppg,2024-03,pumped_li_mg_per_l,45000,mg/L,x,\n\
             pozos_ppg,2024-03,pumped_li_mg_per_l,0.45,g/L,x,\n"
        );
        let set = read(&text);
        let got: Vec<_> = set
            .observations
            .iter()
            .map(|o| (o.site.as_str(), o.quantity, o.value, o.measurement_sd()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("cuenca", ObservedQuantity::VegaAreaHa, 480.0, 0.15 * 480.0),
                ("cuenca", ObservedQuantity::LagoonAreaHa, 190.5, 12.0),
                (
                    "pozos_ppg",
                    ObservedQuantity::PumpedLiMgPerL,
                    450.0,
                    0.05 * 450.0
                ),
            ]
        );
        let kinds: Vec<(Option<u64>, String)> = set
            .problems
            .iter()
            .map(|p| {
                let v = serde_json::to_value(p).unwrap();
                (p.row, v["kind"].as_str().unwrap().to_string())
            })
            .collect();
        let want = [
            (4, "point_quantity_at_basin"),
            (5, "area_is_basin_wide"),
            (6, "implausible"),
            (7, "wrong_unit"),
            (9, "no_brine_wells_at_site"),
            (10, "implausible"),
            (11, "wrong_unit"),
        ];
        assert_eq!(
            kinds,
            want.iter()
                .map(|&(r, k)| (Some(r), k.to_string()))
                .collect::<Vec<_>>()
        );
        assert!(set.problems[0]
            .message(Lang::Es)
            .contains("vega_area_ha y lagoon_area_ha"));
        assert!(set.problems[1].message(Lang::En).contains("“cuenca”"));
    }

    #[test]
    fn hostile_text_is_quoted_short_and_clean_and_never_markup_executed() {
        let script = "<script>alert(1)</script>\u{7}\u{1b}[31m".repeat(5);
        let text = format!(
            "{HEADER}\"{script}\",2025-03,depth_to_water_m,0.4,m,x,\n\
             vega_este,2025-03,depth_to_water_m,0.4,m,\"{script}\",\n"
        );
        let set = read(&text);
        assert_eq!(set.observations.len(), 1);
        let who = &set.observations[0].who;
        assert!(who.chars().count() <= WHO_CHARS && !who.chars().any(char::is_control));
        let msg = set.problems[0].message(Lang::En);
        assert!(!msg.chars().any(char::is_control), "{msg}");
        assert!(msg.contains('…') && msg.chars().count() < 200, "{msg}");
    }

    #[test]
    fn empty_files_headers_only_and_byte_order_marks() {
        assert_eq!(only_problem(&read("")), &ProblemKind::Empty);
        assert_eq!(only_problem(&read("\n\n  \n")), &ProblemKind::Empty);
        assert_eq!(only_problem(&read(HEADER)), &ProblemKind::Empty);
        let bom = format!("\u{feff}{HEADER}vega_este,2025-03,depth_to_water_m,0.4,m,x,\n");
        let set = read(&bom);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        assert_eq!(set.observations.len(), 1);
        // Columns in another order, upper case, without the optional error column.
        let set = read(
            "Value, SITE ,date,quantity,unit,who\n0.4,vega_este,2025-03,depth_to_water_m,m,x\n",
        );
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        assert_eq!(set.observations[0].value, 0.4);
    }

    #[test]
    fn rows_are_numbered_by_line_whatever_ends_the_lines() {
        for end in ["\n", "\r\n", "\r"] {
            let text = [
                "# comment",
                "site,date,quantity,value,unit,who",
                "vega_este,2025-03,depth_to_water_m,0.4,m,x",
                "nowhere,2025-03,depth_to_water_m,0.4,m,x",
                "vega_sur,2025-03,depth_to_water_m,0.4,m,\"two\nlines\"",
                "vega_oeste,2025-03,depth_to_water_m,0.4,m,x",
            ]
            .join(end);
            let set = read(&format!("\u{feff}{text}{end}"));
            let kept: Vec<u64> = set.observations.iter().map(|o| o.row).collect();
            assert_eq!(kept, [3, 5, 7], "{end:?}");
            assert_eq!(set.problems.len(), 1, "{end:?}: {:?}", set.problems);
            assert_eq!(set.problems[0].row, Some(4), "{end:?}");
        }
    }

    #[test]
    fn wrong_columns_read_nothing_or_are_ignored() {
        assert_eq!(
            only_problem(&read("a,b,c\n1,2,3\n")),
            &ProblemKind::MissingColumn {
                column: "site".into()
            }
        );
        assert!(matches!(
            only_problem(&read("site,site,date,quantity,value,unit,who\n")),
            ProblemKind::RepeatedColumn { .. }
        ));
        let set = read("site,date,quantity,value,unit,who,notes\nvega_este,2025-03,depth_to_water_m,0.4,m,x,hi\n");
        assert_eq!(set.observations.len(), 1);
        assert!(matches!(
            set.problems[0].kind,
            ProblemKind::UnknownColumn { .. }
        ));
        assert!(!set.problems[0].drops_row());
        // Binary-looking junk and an unclosed quote: messages, no panic.
        let set = read("site,date,quantity,value,unit,who\n\"vega_este,2025-03\n\0\0\0,,,\n");
        assert!(set.observations.is_empty() && !set.problems.is_empty());
    }

    #[test]
    fn size_and_row_limits_give_messages() {
        let row = "vega_este,2025-03,depth_to_water_m,0.4,m,x,\n";
        let big = format!("{HEADER}{}", row.repeat(100_000));
        assert!(matches!(
            only_problem(&read(&big)),
            ProblemKind::TooLarge { .. }
        ));
        let many = format!(
            "{HEADER}{}",
            "vega_este,2025-03,depth_to_water_m,0.4,m,,\n".repeat(MAX_ROWS + 5)
        );
        assert!(many.len() <= MAX_BYTES);
        let set = read(&many);
        assert_eq!(set.observations.len(), MAX_ROWS);
        assert_eq!(
            only_problem(&set),
            &ProblemKind::TooManyRows { most: MAX_ROWS }
        );
        // Many bad rows: a bounded list and a count.
        let bad = format!(
            "{HEADER}{}",
            "nowhere,2025-03,depth_to_water_m,0.4,m,,\n".repeat(500)
        );
        let set = read(&bad);
        assert_eq!(set.problems.len(), MAX_LISTED_PROBLEMS + 1);
        assert_eq!(
            set.problems.last().unwrap().kind,
            ProblemKind::MoreProblems { count: 400 }
        );
    }

    #[test]
    fn dates() {
        let ym = |y, m| YearMonth { year: y, month: m };
        assert_eq!(parse_date("2025-03"), Some((ym(2025, 3), None)));
        assert_eq!(parse_date("2024-2-29"), Some((ym(2024, 2), Some(29))));
        for bad in [
            "2025",
            "2025-3-",
            "25-03",
            "2025/03",
            "2023-02-29",
            "2025-00",
            "1800-01",
            "2025-03-01T00",
            "२०२५-03",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
