//! Basin definition as data: a TOML file describing cells, their connections, catchments, named
//! sites and the parameter table. The same format describes a regular grid (`[grid]`), which the
//! loader expands into cells and connections.
//!
//! Conductances (m²/day) are either given directly or derived from Darcy's law for the shared
//! face: `C = K · b · W / L` (K hydraulic conductivity m/d, b saturated thickness m, W face width,
//! L centre-to-centre distance), the usual finite-volume (MODFLOW-style) definition.

use std::fmt;

use serde::Serialize;

use crate::params::ParamTable;

/// The default basin: the Salar de Pastos Grandes, embedded in the binary.
pub const DEFAULT_BASIN_TOML: &str = include_str!("../data/pastos-grandes.toml");

/// Loading errors, written as sentences that name the key, the value and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub enum BasinError {
    Toml {
        line: usize,
        column: usize,
        message: String,
    },
    Missing {
        key: String,
    },
    WrongType {
        key: String,
        expected: String,
    },
    OutOfRange {
        key: String,
        value: f64,
        min: f64,
        max: f64,
        unit: String,
    },
    UnknownCell {
        key: String,
        id: String,
    },
    Duplicate {
        key: String,
        id: String,
    },
    Invalid {
        key: String,
        message: String,
    },
}

impl fmt::Display for BasinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BasinError::Toml {
                line,
                column,
                message,
            } => {
                write!(
                    f,
                    "The basin file is not valid TOML at line {line}, column {column}: {message}"
                )
            }
            BasinError::Missing { key } => write!(f, "The basin file is missing the key `{key}`."),
            BasinError::WrongType { key, expected } => {
                write!(f, "The key `{key}` must be {expected}.")
            }
            BasinError::OutOfRange {
                key,
                value,
                min,
                max,
                unit,
            } => {
                let u = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                write!(f, "The key `{key}` has the value {value}{u}, outside the allowed range {min} to {max}{u}.")
            }
            BasinError::UnknownCell { key, id } => {
                write!(
                    f,
                    "The key `{key}` names the cell \"{id}\", which is not defined in `[[cells]]`."
                )
            }
            BasinError::Duplicate { key, id } => write!(
                f,
                "The key `{key}` repeats the id \"{id}\"; ids must be unique."
            ),
            BasinError::Invalid { key, message } => write!(f, "The key `{key}` {message}."),
        }
    }
}

impl std::error::Error for BasinError {}

/// Kind of a groundwater cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// Alluvial fan (fresh water).
    Fan,
    /// Marginal mud-flat and fresh-water/brine mixing zone.
    Margin,
    /// Vega (high-Andean wetland).
    Vega,
    /// Lagoon basin.
    Lagoon,
    /// Salt-crust nucleus (brine).
    Nucleus,
    /// Generic aquifer cell (regular grids).
    Aquifer,
}

impl CellKind {
    fn parse(s: &str) -> Option<CellKind> {
        Some(match s {
            "fan" => CellKind::Fan,
            "margin" => CellKind::Margin,
            "vega" => CellKind::Vega,
            "lagoon" => CellKind::Lagoon,
            "nucleus" => CellKind::Nucleus,
            "aquifer" => CellKind::Aquifer,
            _ => return None,
        })
    }

    /// Brine cells (nucleus and mixing zone) are accounted apart from fresh-water cells.
    pub fn is_brine(self) -> bool {
        matches!(self, CellKind::Nucleus | CellKind::Margin)
    }
}

/// Which evaporation-versus-depth law applies to a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvapZone {
    None,
    Mudflat,
    Vega,
    Lagoon,
    Crust,
}

impl EvapZone {
    fn parse(s: &str) -> Option<EvapZone> {
        Some(match s {
            "none" => EvapZone::None,
            "mudflat" => EvapZone::Mudflat,
            "vega" => EvapZone::Vega,
            "lagoon" => EvapZone::Lagoon,
            "crust" => EvapZone::Crust,
            _ => return None,
        })
    }
    fn default_for(kind: CellKind) -> EvapZone {
        match kind {
            CellKind::Fan | CellKind::Aquifer => EvapZone::None,
            CellKind::Margin => EvapZone::Mudflat,
            CellKind::Vega => EvapZone::Vega,
            CellKind::Lagoon => EvapZone::Lagoon,
            CellKind::Nucleus => EvapZone::Crust,
        }
    }
}

/// A spring (drain): discharge `C · max(h − z, 0)` delivered to a receiving cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spring {
    pub elevation_m: f64,
    pub conductance_m2_per_day: f64,
    /// Index of the receiving cell.
    pub to: usize,
}

/// A general-head boundary: inflow `C · (H − h)` from outside the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadBoundary {
    pub head_m: f64,
    pub conductance_m2_per_day: f64,
}

/// A finite-volume groundwater cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub id: String,
    pub name_es: String,
    pub name_en: String,
    pub kind: CellKind,
    pub area_m2: f64,
    pub ground_m: f64,
    pub bottom_m: f64,
    /// Specific yield (drainable porosity), dimensionless.
    pub sy: f64,
    /// Specific storage (elastic), 1/m.
    pub ss: f64,
    /// Total porosity, for the lithium mixing volume.
    pub porosity: f64,
    /// Initial lithium concentration, mg/L (= g/m³).
    pub li_mg_per_l: f64,
    pub evap: EvapZone,
    pub spring: Option<Spring>,
    pub boundary: Option<HeadBoundary>,
    /// Share of the brine wellfield demand drawn from this cell (normalised over the basin).
    pub brine_weight: f64,
    /// Given initial head; when absent the steady pre-development state is computed.
    pub initial_head_m: Option<f64>,
    /// Schematic outline for the map, [x_km, y_km] points.
    pub polygon: Vec<[f64; 2]>,
}

impl Cell {
    /// Storage coefficient `S = Sy + Ss · b` (dimensionless) with b the cell thickness.
    pub fn storage_coefficient(&self) -> f64 {
        self.sy + self.ss * (self.ground_m - self.bottom_m)
    }
}

/// A connection between two cells with its conductance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connection {
    pub a: usize,
    pub b: usize,
    pub conductance_m2_per_day: f64,
}

/// A recharge-generating sub-catchment (not an aquifer cell).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catchment {
    pub id: String,
    pub name_es: String,
    pub name_en: String,
    pub area_m2: f64,
    /// Orographic factor on catchment-mean precipitation.
    pub precip_factor: f64,
    /// Receiving cells and shares (sum to 1).
    pub recharge_to: Vec<(usize, f64)>,
    /// Cell that receives the perennial stream (share set by `wb.river_baseflow`).
    pub stream_to: Option<usize>,
    pub polygon: Vec<[f64; 2]>,
}

/// A named place people recognise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    pub id: String,
    pub name_es: String,
    pub name_en: String,
    pub cell: usize,
    pub kind: String,
    pub x_km: f64,
    pub y_km: f64,
}

/// A fixed-rate well given in the basin file (tests, grids). Positive rate pumps, negative injects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FixedWell {
    pub cell: usize,
    pub rate_m3_per_day: f64,
}

/// A loaded and validated basin.
#[derive(Debug, Clone, Serialize)]
pub struct Basin {
    pub id: String,
    pub name_es: String,
    pub name_en: String,
    pub start_year: i32,
    pub cells: Vec<Cell>,
    pub connections: Vec<Connection>,
    pub catchments: Vec<Catchment>,
    pub sites: Vec<Site>,
    pub wells: Vec<FixedWell>,
    pub(crate) params: ParamTable,
}

pub(crate) fn as_f64(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

/// A table being read, with its path for error messages.
struct Tab<'a> {
    t: &'a toml::Table,
    path: String,
}

impl<'a> Tab<'a> {
    fn key(&self, k: &str) -> String {
        if self.path.is_empty() {
            k.to_string()
        } else {
            format!("{}.{k}", self.path)
        }
    }
    fn opt_num(&self, k: &str, min: f64, max: f64, unit: &str) -> Result<Option<f64>, BasinError> {
        match self.t.get(k) {
            None => Ok(None),
            Some(v) => {
                let x = as_f64(v).ok_or_else(|| BasinError::WrongType {
                    key: self.key(k),
                    expected: "a number".into(),
                })?;
                if !x.is_finite() || x < min || x > max {
                    return Err(BasinError::OutOfRange {
                        key: self.key(k),
                        value: x,
                        min,
                        max,
                        unit: unit.into(),
                    });
                }
                Ok(Some(x))
            }
        }
    }
    fn num(&self, k: &str, min: f64, max: f64, unit: &str) -> Result<f64, BasinError> {
        self.opt_num(k, min, max, unit)?
            .ok_or_else(|| BasinError::Missing { key: self.key(k) })
    }
    fn opt_str(&self, k: &str) -> Result<Option<&'a str>, BasinError> {
        match self.t.get(k) {
            None => Ok(None),
            Some(v) => v.as_str().map(Some).ok_or_else(|| BasinError::WrongType {
                key: self.key(k),
                expected: "a text string".into(),
            }),
        }
    }
    fn str(&self, k: &str) -> Result<&'a str, BasinError> {
        self.opt_str(k)?
            .ok_or_else(|| BasinError::Missing { key: self.key(k) })
    }
    fn opt_int(&self, k: &str, min: i64, max: i64) -> Result<Option<i64>, BasinError> {
        match self.t.get(k) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) if (min..=max).contains(i) => Ok(Some(*i)),
            Some(toml::Value::Integer(i)) => Err(BasinError::OutOfRange {
                key: self.key(k),
                value: *i as f64,
                min: min as f64,
                max: max as f64,
                unit: String::new(),
            }),
            Some(_) => Err(BasinError::WrongType {
                key: self.key(k),
                expected: "a whole number".into(),
            }),
        }
    }
    fn polygon(&self) -> Result<Vec<[f64; 2]>, BasinError> {
        let Some(v) = self.t.get("polygon") else {
            return Ok(Vec::new());
        };
        let bad = || BasinError::WrongType {
            key: self.key("polygon"),
            expected: "a list of [x_km, y_km] points".into(),
        };
        let arr = v.as_array().ok_or_else(bad)?;
        arr.iter()
            .map(|p| {
                let p = p.as_array().ok_or_else(bad)?;
                if p.len() != 2 {
                    return Err(bad());
                }
                Ok([
                    as_f64(&p[0]).ok_or_else(bad)?,
                    as_f64(&p[1]).ok_or_else(bad)?,
                ])
            })
            .collect()
    }
}

fn array_of_tables<'a>(root: &'a toml::Table, k: &str) -> Result<Vec<Tab<'a>>, BasinError> {
    match root.get(k) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_table()
                    .map(|t| Tab {
                        t,
                        path: format!("{k}[{i}]"),
                    })
                    .ok_or_else(|| BasinError::WrongType {
                        key: format!("{k}[{i}]"),
                        expected: "a table".into(),
                    })
            })
            .collect(),
        Some(_) => Err(BasinError::WrongType {
            key: k.into(),
            expected: format!("an array of tables ([[{k}]])"),
        }),
    }
}

fn find_cell(cells: &[Cell], key: String, id: &str) -> Result<usize, BasinError> {
    cells
        .iter()
        .position(|c| c.id == id)
        .ok_or(BasinError::UnknownCell {
            key,
            id: id.to_string(),
        })
}

/// Largest plausible numbers, used as loader bounds (they catch typos and unit slips, not physics).
const MAX_AREA_KM2: f64 = 1.0e5;
const MIN_ELEV_M: f64 = -1.0e4;
const MAX_ELEV_M: f64 = 9.0e3;
const MAX_CONDUCTANCE: f64 = 1.0e9;

impl Basin {
    /// The embedded default basin (Salar de Pastos Grandes). The embedded file is tested, so this
    /// cannot fail in a released build.
    pub fn default_basin() -> Basin {
        match Basin::from_toml_str(DEFAULT_BASIN_TOML) {
            Ok(b) => b,
            Err(e) => panic!("embedded default basin is invalid: {e}"),
        }
    }

    /// The parameter table, in file order (for the assumptions panel).
    pub fn params(&self) -> impl Iterator<Item = &crate::params::ParamInfo> {
        self.params.iter()
    }

    pub fn param_table(&self) -> &ParamTable {
        &self.params
    }

    pub fn cell_index(&self, id: &str) -> Option<usize> {
        self.cells.iter().position(|c| c.id == id)
    }

    pub fn site(&self, id: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }

    /// Load a basin file. Parameters absent from the file take the default basin's values, so a
    /// small test file only states what it changes.
    pub fn from_toml_str(text: &str) -> Result<Basin, BasinError> {
        let root: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let (line, column) = match e.span() {
                Some(s) => line_col(text, s.start),
                None => (0, 0),
            };
            BasinError::Toml {
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let mut params = if std::ptr::eq(text, DEFAULT_BASIN_TOML) || text == DEFAULT_BASIN_TOML {
            ParamTable::default()
        } else {
            Basin::default_basin().params
        };
        if let Some(p) = root.get("params") {
            let pt = p.as_table().ok_or_else(|| BasinError::WrongType {
                key: "params".into(),
                expected: "a table".into(),
            })?;
            for row in ParamTable::parse(pt)?.rows {
                params.upsert(row);
            }
        }
        let top = Tab {
            t: &root,
            path: String::new(),
        };
        let _ = top;
        let (id, name_es, name_en, start_year) = match root.get("basin").and_then(|v| v.as_table())
        {
            Some(t) => {
                let b = Tab {
                    t,
                    path: "basin".into(),
                };
                (
                    b.opt_str("id")?.unwrap_or("basin").to_string(),
                    b.opt_str("name_es")?.unwrap_or("Cuenca").to_string(),
                    b.opt_str("name_en")?.unwrap_or("Basin").to_string(),
                    b.opt_int("start_year", 1900, 2200)?.unwrap_or(2025) as i32,
                )
            }
            None => ("basin".into(), "Cuenca".into(), "Basin".into(), 2025),
        };
        let mut basin = Basin {
            id,
            name_es,
            name_en,
            start_year,
            cells: Vec::new(),
            connections: Vec::new(),
            catchments: Vec::new(),
            sites: Vec::new(),
            wells: Vec::new(),
            params,
        };
        if let Some(g) = root.get("grid") {
            let t = g.as_table().ok_or_else(|| BasinError::WrongType {
                key: "grid".into(),
                expected: "a table".into(),
            })?;
            basin.expand_grid(&Tab {
                t,
                path: "grid".into(),
            })?;
        }
        basin.read_cells(&root)?;
        if basin.cells.is_empty() {
            return Err(BasinError::Missing {
                key: "cells (or grid)".into(),
            });
        }
        basin.read_connections(&root)?;
        basin.read_catchments(&root)?;
        basin.read_sites(&root)?;
        for w in array_of_tables(&root, "wells")? {
            let cell = find_cell(&basin.cells, w.key("cell"), w.str("cell")?)?;
            let rate = w.num("rate_m3_per_day", -1.0e8, 1.0e8, "m3/day")?;
            basin.wells.push(FixedWell {
                cell,
                rate_m3_per_day: rate,
            });
        }
        Ok(basin)
    }

    fn read_cells(&mut self, root: &toml::Table) -> Result<(), BasinError> {
        let p = &self.params;
        let sy_brine = p.number("aq.Sy_brine")?;
        let sy_fan = p.number("aq.Sy_fan")?;
        let ss = p.number("aq.Ss_brine")?;
        let n = p.number("aq.n_brine")?;
        let li = p.number("aq.li_conc")?;
        let tabs = array_of_tables(root, "cells")?;
        let first_new = self.cells.len();
        for c in &tabs {
            let id = c.str("id")?.to_string();
            if self.cells.iter().any(|x| x.id == id) {
                return Err(BasinError::Duplicate {
                    key: c.key("id"),
                    id,
                });
            }
            let kind_s = c.str("kind")?;
            let kind = CellKind::parse(kind_s).ok_or_else(|| BasinError::Invalid {
                key: c.key("kind"),
                message: format!("is \"{kind_s}\"; allowed kinds are fan, margin, vega, lagoon, nucleus, aquifer"),
            })?;
            let area_m2 = c.num("area_km2", 1.0e-6, MAX_AREA_KM2, "km2")? * 1.0e6;
            let ground_m = c.num("ground_m", MIN_ELEV_M, MAX_ELEV_M, "m")?;
            let bottom_m = c.num("bottom_m", MIN_ELEV_M, ground_m - 0.1, "m")?;
            let default_sy = match kind {
                CellKind::Fan | CellKind::Vega => sy_fan,
                _ => sy_brine,
            };
            let sy = c.opt_num("sy", 0.0, 0.5, "-")?.unwrap_or(default_sy);
            let ss = c.opt_num("ss", 0.0, 1.0e-2, "1/m")?.unwrap_or(ss);
            let porosity = c.opt_num("porosity", 0.01, 0.6, "-")?.unwrap_or(n);
            let default_li = if kind == CellKind::Nucleus { li } else { 0.0 };
            let li_mg_per_l = c
                .opt_num("li_mg_per_l", 0.0, 5000.0, "mg/L")?
                .unwrap_or(default_li);
            let evap = match c.opt_str("evap")? {
                None => EvapZone::default_for(kind),
                Some(s) => EvapZone::parse(s).ok_or_else(|| BasinError::Invalid {
                    key: c.key("evap"),
                    message: format!(
                        "is \"{s}\"; allowed zones are none, mudflat, vega, lagoon, crust"
                    ),
                })?,
            };
            let brine_weight = c.opt_num("brine_weight", 0.0, 1.0e3, "-")?.unwrap_or(0.0);
            let initial_head_m = c.opt_num("initial_head_m", MIN_ELEV_M, MAX_ELEV_M, "m")?;
            let boundary = match c.t.get("boundary").and_then(|v| v.as_table()) {
                None => None,
                Some(t) => {
                    let b = Tab {
                        t,
                        path: c.key("boundary"),
                    };
                    Some(HeadBoundary {
                        head_m: b.num("head_m", MIN_ELEV_M, MAX_ELEV_M, "m")?,
                        conductance_m2_per_day: b.num(
                            "conductance_m2_per_day",
                            0.0,
                            MAX_CONDUCTANCE,
                            "m2/day",
                        )?,
                    })
                }
            };
            let cell = Cell {
                id,
                name_es: c.opt_str("name_es")?.unwrap_or("").to_string(),
                name_en: c.opt_str("name_en")?.unwrap_or("").to_string(),
                kind,
                area_m2,
                ground_m,
                bottom_m,
                sy,
                ss,
                porosity,
                li_mg_per_l,
                evap,
                spring: None,
                boundary,
                brine_weight,
                initial_head_m,
                polygon: c.polygon()?,
            };
            if cell.storage_coefficient() <= 0.0 {
                return Err(BasinError::Invalid {
                    key: c.key("sy"),
                    message: "and ss give no storage; sy + ss * thickness must be positive".into(),
                });
            }
            self.cells.push(cell);
        }
        // Springs need every cell to exist first.
        for (k, c) in tabs.iter().enumerate() {
            if let Some(t) = c.t.get("spring").and_then(|v| v.as_table()) {
                let s = Tab {
                    t,
                    path: c.key("spring"),
                };
                let to = find_cell(&self.cells, s.key("to"), s.str("to")?)?;
                let idx = first_new + k;
                if to == idx {
                    return Err(BasinError::Invalid {
                        key: s.key("to"),
                        message: "names the spring's own cell; a spring must feed another cell"
                            .into(),
                    });
                }
                self.cells[idx].spring = Some(Spring {
                    elevation_m: s.num("elevation_m", MIN_ELEV_M, MAX_ELEV_M, "m")?,
                    conductance_m2_per_day: s.num(
                        "conductance_m2_per_day",
                        0.0,
                        MAX_CONDUCTANCE,
                        "m2/day",
                    )?,
                    to,
                });
            }
        }
        Ok(())
    }

    fn read_connections(&mut self, root: &toml::Table) -> Result<(), BasinError> {
        for c in array_of_tables(root, "connections")? {
            let a = find_cell(&self.cells, c.key("a"), c.str("a")?)?;
            let b = find_cell(&self.cells, c.key("b"), c.str("b")?)?;
            if a == b {
                return Err(BasinError::Invalid {
                    key: c.key("b"),
                    message: "connects a cell to itself".into(),
                });
            }
            let cond = match c.opt_num("conductance_m2_per_day", 0.0, MAX_CONDUCTANCE, "m2/day")? {
                Some(x) => x,
                None => {
                    let k = c.num("k_m_per_day", 1.0e-6, 1.0e4, "m/day")?;
                    let th = c.num("thickness_m", 0.1, 5.0e3, "m")?;
                    let w = c.num("width_km", 1.0e-4, 1.0e3, "km")?;
                    let l = c.num("length_km", 1.0e-4, 1.0e3, "km")?;
                    k * th * w / l
                }
            };
            if self
                .connections
                .iter()
                .any(|x| (x.a == a && x.b == b) || (x.a == b && x.b == a))
            {
                return Err(BasinError::Duplicate {
                    key: c.key("b"),
                    id: format!("{}–{}", self.cells[a].id, self.cells[b].id),
                });
            }
            self.connections.push(Connection {
                a,
                b,
                conductance_m2_per_day: cond,
            });
        }
        Ok(())
    }

    fn read_catchments(&mut self, root: &toml::Table) -> Result<(), BasinError> {
        for c in array_of_tables(root, "catchments")? {
            let id = c.str("id")?.to_string();
            let mut recharge_to = Vec::new();
            let rt =
                c.t.get("recharge_to")
                    .and_then(|v| v.as_table())
                    .ok_or_else(|| BasinError::WrongType {
                        key: c.key("recharge_to"),
                        expected: "a table of cell = share, e.g. { fan_n_up = 1.0 }".into(),
                    })?;
            let rtab = Tab {
                t: rt,
                path: c.key("recharge_to"),
            };
            for (cell_id, _) in rt {
                let idx = find_cell(&self.cells, rtab.key(cell_id), cell_id)?;
                recharge_to.push((idx, rtab.num(cell_id, 0.0, 1.0, "-")?));
            }
            let total: f64 = recharge_to.iter().map(|x| x.1).sum();
            if (total - 1.0).abs() > 1e-6 {
                return Err(BasinError::Invalid {
                    key: c.key("recharge_to"),
                    message: format!("has shares summing to {total}; they must sum to 1"),
                });
            }
            let stream_to = match c.opt_str("stream_to")? {
                Some(s) => Some(find_cell(&self.cells, c.key("stream_to"), s)?),
                None => None,
            };
            self.catchments.push(Catchment {
                id,
                name_es: c.opt_str("name_es")?.unwrap_or("").to_string(),
                name_en: c.opt_str("name_en")?.unwrap_or("").to_string(),
                area_m2: c.num("area_km2", 0.0, MAX_AREA_KM2, "km2")? * 1.0e6,
                precip_factor: c.opt_num("precip_factor", 0.0, 5.0, "-")?.unwrap_or(1.0),
                recharge_to,
                stream_to,
                polygon: c.polygon()?,
            });
        }
        Ok(())
    }

    fn read_sites(&mut self, root: &toml::Table) -> Result<(), BasinError> {
        for s in array_of_tables(root, "sites")? {
            let id = s.str("id")?.to_string();
            if self.sites.iter().any(|x| x.id == id) {
                return Err(BasinError::Duplicate {
                    key: s.key("id"),
                    id,
                });
            }
            let cell = find_cell(&self.cells, s.key("cell"), s.str("cell")?)?;
            let (cx, cy) = centroid(&self.cells[cell].polygon);
            self.sites.push(Site {
                id,
                name_es: s.opt_str("name_es")?.unwrap_or("").to_string(),
                name_en: s.opt_str("name_en")?.unwrap_or("").to_string(),
                cell,
                kind: s.opt_str("kind")?.unwrap_or("site").to_string(),
                x_km: s.opt_num("x_km", -1.0e4, 1.0e4, "km")?.unwrap_or(cx),
                y_km: s.opt_num("y_km", -1.0e4, 1.0e4, "km")?.unwrap_or(cy),
            });
        }
        Ok(())
    }

    /// Expand `[grid]` into `nx·ny` cells `g_<i>_<j>` (i along x, j along y) and 4-neighbour
    /// connections with `C = T · (face width) / (centre distance)`.
    fn expand_grid(&mut self, g: &Tab) -> Result<(), BasinError> {
        let nx = g
            .opt_int("nx", 1, 2000)?
            .ok_or_else(|| BasinError::Missing { key: g.key("nx") })? as usize;
        let ny = g
            .opt_int("ny", 1, 2000)?
            .ok_or_else(|| BasinError::Missing { key: g.key("ny") })? as usize;
        if nx * ny > 40_000 {
            return Err(BasinError::Invalid {
                key: g.key("nx"),
                message: format!("and ny give {} cells; at most 40000 are allowed", nx * ny),
            });
        }
        let dx = g.num("dx_m", 1.0e-3, 1.0e6, "m")?;
        let dy = g.num("dy_m", 1.0e-3, 1.0e6, "m")?;
        let top = g.num("top_m", MIN_ELEV_M, MAX_ELEV_M, "m")?;
        let bottom = g.num("bottom_m", MIN_ELEV_M, top - 0.1, "m")?;
        let t = match g.opt_num("t_m2_per_day", 0.0, 1.0e7, "m2/day")? {
            Some(t) => t,
            None => g.num("k_m_per_day", 0.0, 1.0e4, "m/day")? * (top - bottom),
        };
        let sy = g.num("sy", 0.0, 0.5, "-")?;
        let ss = g.num("ss", 0.0, 1.0e-2, "1/m")?;
        let h0 = g.num("initial_head_m", MIN_ELEV_M, MAX_ELEV_M, "m")?;
        let edge_c = g.opt_num(
            "edge_conductance_m2_per_day",
            0.0,
            MAX_CONDUCTANCE,
            "m2/day",
        )?;
        if sy + ss * (top - bottom) <= 0.0 {
            return Err(BasinError::Invalid {
                key: g.key("sy"),
                message: "and ss give no storage; sy + ss * thickness must be positive".into(),
            });
        }
        for j in 0..ny {
            for i in 0..nx {
                let edge = i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
                let (x0, y0) = (i as f64 * dx / 1000.0, j as f64 * dy / 1000.0);
                let (x1, y1) = (x0 + dx / 1000.0, y0 + dy / 1000.0);
                self.cells.push(Cell {
                    id: format!("g_{i}_{j}"),
                    name_es: format!("celda {i},{j}"),
                    name_en: format!("cell {i},{j}"),
                    kind: CellKind::Aquifer,
                    area_m2: dx * dy,
                    ground_m: top,
                    bottom_m: bottom,
                    sy,
                    ss,
                    porosity: 0.25,
                    li_mg_per_l: 0.0,
                    evap: EvapZone::None,
                    spring: None,
                    boundary: match (edge, edge_c) {
                        (true, Some(c)) => Some(HeadBoundary {
                            head_m: h0,
                            conductance_m2_per_day: c,
                        }),
                        _ => None,
                    },
                    brine_weight: 0.0,
                    initial_head_m: Some(h0),
                    polygon: vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
                });
            }
        }
        for j in 0..ny {
            for i in 0..nx {
                let k = j * nx + i;
                if i + 1 < nx {
                    self.connections.push(Connection {
                        a: k,
                        b: k + 1,
                        conductance_m2_per_day: t * dy / dx,
                    });
                }
                if j + 1 < ny {
                    self.connections.push(Connection {
                        a: k,
                        b: k + nx,
                        conductance_m2_per_day: t * dx / dy,
                    });
                }
            }
        }
        Ok(())
    }
}

fn centroid(poly: &[[f64; 2]]) -> (f64, f64) {
    if poly.is_empty() {
        return (0.0, 0.0);
    }
    let n = poly.len() as f64;
    (
        poly.iter().map(|p| p[0]).sum::<f64>() / n,
        poly.iter().map(|p| p[1]).sum::<f64>() / n,
    )
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}
