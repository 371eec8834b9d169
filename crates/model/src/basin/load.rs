//! The basin-file reader: TOML tables into a validated [`Basin`], with errors that name the key.

use super::params::{as_f64, ParamTable};
use super::*;

/// A table being read, with its path for error messages.
pub(super) struct Tab<'a> {
    pub(super) t: &'a toml::Table,
    pub(super) path: String,
}

impl<'a> Tab<'a> {
    pub(super) fn key(&self, k: &str) -> String {
        if self.path.is_empty() {
            k.to_string()
        } else {
            format!("{}.{k}", self.path)
        }
    }
    pub(super) fn opt_num(
        &self,
        k: &str,
        min: f64,
        max: f64,
        unit: &str,
    ) -> Result<Option<f64>, BasinError> {
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
    pub(super) fn num(&self, k: &str, min: f64, max: f64, unit: &str) -> Result<f64, BasinError> {
        self.opt_num(k, min, max, unit)?
            .ok_or_else(|| BasinError::Missing { key: self.key(k) })
    }
    pub(super) fn opt_str(&self, k: &str) -> Result<Option<&'a str>, BasinError> {
        match self.t.get(k) {
            None => Ok(None),
            Some(v) => v.as_str().map(Some).ok_or_else(|| BasinError::WrongType {
                key: self.key(k),
                expected: "a text string".into(),
            }),
        }
    }
    pub(super) fn str(&self, k: &str) -> Result<&'a str, BasinError> {
        self.opt_str(k)?
            .ok_or_else(|| BasinError::Missing { key: self.key(k) })
    }
    pub(super) fn opt_bool(&self, k: &str) -> Result<Option<bool>, BasinError> {
        match self.t.get(k) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or_else(|| BasinError::WrongType {
                key: self.key(k),
                expected: "true or false".into(),
            }),
        }
    }
    pub(super) fn opt_int(&self, k: &str, min: i64, max: i64) -> Result<Option<i64>, BasinError> {
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
    pub(super) fn polygon(&self) -> Result<Vec<[f64; 2]>, BasinError> {
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
    tables_at(root.get(k), k)
}

/// The tables of an array of tables (`[[path]]`), absent being none.
fn tables_at<'a>(value: Option<&'a toml::Value>, path: &str) -> Result<Vec<Tab<'a>>, BasinError> {
    match value {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_table()
                    .map(|t| Tab {
                        t,
                        path: format!("{path}[{i}]"),
                    })
                    .ok_or_else(|| BasinError::WrongType {
                        key: format!("{path}[{i}]"),
                        expected: "a table".into(),
                    })
            })
            .collect(),
        Some(_) => Err(BasinError::WrongType {
            key: path.into(),
            expected: format!("an array of tables ([[{path}]])"),
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
pub(super) const MAX_AREA_KM2: f64 = 1.0e5;
pub(super) const MIN_ELEV_M: f64 = -1.0e4;
pub(super) const MAX_ELEV_M: f64 = 9.0e3;
pub(super) const MAX_CONDUCTANCE: f64 = 1.0e9;
/// Stage above the ground at which a vega or lagoon overflows when the basin file gives none, m:
/// Puna vegas and marginal lagoons hold decimetres of open water (status E), the same depth at
/// which the lagoon law's open water covers the whole cell.
pub const DEFAULT_SPILL_STAGE_M: f64 = 0.5;
/// Overflow conductance per m² of cell when the basin file gives none, 1/day: water above the
/// spill stage leaves within about a day, so a month's flood raises the stage only centimetres
/// above it (a flood of 1 m³/s on a 2 km² vega: 0.04 m).
pub const DEFAULT_SPILL_RATE_PER_DAY: f64 = 1.0;
/// Largest well count a basin file may give one cell.
const MAX_WELLS: f64 = 10_000.0;
/// Largest spill stage a basin file may give, m.
const MAX_SPILL_STAGE_M: f64 = 20.0;

impl Basin {
    /// Load a basin file. Parameters absent from the file take the default basin's values, so a
    /// small test file only states what it changes.
    #[cfg(feature = "parse")]
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
        let params = if std::ptr::eq(text, DEFAULT_BASIN_TOML) || text == DEFAULT_BASIN_TOML {
            ParamTable::default()
        } else {
            Basin::default_basin().params
        };
        Basin::from_table(&root, params)
    }

    /// Read a basin file's tables; `params` holds the values of parameters the file leaves out.
    pub(super) fn from_table(
        root: &toml::Table,
        mut params: ParamTable,
    ) -> Result<Basin, BasinError> {
        if let Some(p) = root.get("params") {
            let pt = p.as_table().ok_or_else(|| BasinError::WrongType {
                key: "params".into(),
                expected: "a table".into(),
            })?;
            for row in ParamTable::parse(pt)?.rows {
                params.upsert(row);
            }
        }
        let physical = PhysicalParams::resolve(&params)?;
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
            places: BTreeMap::new(),
            params,
            physical,
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
        basin.read_cells(root)?;
        if basin.cells.is_empty() {
            return Err(BasinError::Missing {
                key: "cells (or grid)".into(),
            });
        }
        basin.read_connections(root)?;
        basin.read_catchments(root)?;
        basin.read_sites(root)?;
        basin.read_lever_options(root)?;
        for w in array_of_tables(root, "wells")? {
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
        let aq = &self.physical.aquifer;
        let (sy_brine, sy_fan, ss, n, li) = (
            aq.sy_brine,
            aq.sy_fan,
            aq.ss_brine_per_m,
            aq.porosity_brine,
            aq.li_mg_per_l,
        );
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
            let max_wells = c
                .opt_num("max_wells", 0.0, MAX_WELLS, "wells")?
                .map(|x| x.round() as u32);
            let pump_depth_m = c.opt_num("pump_depth_m", 0.0, ground_m - bottom_m, "m")?;
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
                spill: None,
                boundary,
                brine_weight,
                max_wells,
                pump_depth_m,
                initial_head_m,
                initial_interface_m: c.opt_num(
                    "initial_interface_m",
                    MIN_ELEV_M,
                    MAX_ELEV_M,
                    "m",
                )?,
                lens: c.opt_bool("lens")?.unwrap_or(false),
                polygon: c.polygon()?,
            };
            if cell.storage_coefficient() <= 0.0 {
                return Err(BasinError::Invalid {
                    key: c.key("sy"),
                    message: "and ss give no storage; sy + ss * thickness must be positive".into(),
                });
            }
            if let Some(z) = cell.initial_interface_m {
                let below_head = cell.initial_head_m.is_some_and(|h| z <= h);
                if !cell.lens || !below_head {
                    return Err(BasinError::Invalid {
                        key: c.key("initial_interface_m"),
                        message: "needs lens = true and an initial_head_m above it".into(),
                    });
                }
            }
            if cell.lens && cell.sy <= 0.0 {
                return Err(BasinError::Invalid {
                    key: c.key("lens"),
                    message: "needs a water table for fresh water to float on the brine (sy > 0)"
                        .into(),
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
            if let Some(t) = c.t.get("spill").and_then(|v| v.as_table()) {
                let s = Tab {
                    t,
                    path: c.key("spill"),
                };
                let to = find_cell(&self.cells, s.key("to"), s.str("to")?)?;
                let idx = first_new + k;
                if to == idx {
                    return Err(BasinError::Invalid {
                        key: s.key("to"),
                        message: "names the overflow's own cell; a spill must feed another cell"
                            .into(),
                    });
                }
                let area = self.cells[idx].area_m2;
                self.cells[idx].spill = Some(Spill {
                    stage_m: s
                        .opt_num("stage_m", 0.0, MAX_SPILL_STAGE_M, "m")?
                        .unwrap_or(DEFAULT_SPILL_STAGE_M),
                    conductance_m2_per_day: s
                        .opt_num("conductance_m2_per_day", 0.0, MAX_CONDUCTANCE, "m2/day")?
                        .unwrap_or(area * DEFAULT_SPILL_RATE_PER_DAY),
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
            let (cond, face) =
                match c.opt_num("conductance_m2_per_day", 0.0, MAX_CONDUCTANCE, "m2/day")? {
                    // A conductance given outright is for the thinner cell's full thickness.
                    Some(x) => {
                        let thickness = |i: usize| self.cells[i].ground_m - self.cells[i].bottom_m;
                        (x, thickness(a).min(thickness(b)))
                    }
                    None => {
                        let k = c.num("k_m_per_day", 1.0e-6, 1.0e4, "m/day")?;
                        let th = c.num("thickness_m", 0.1, 5.0e3, "m")?;
                        let w = c.num("width_km", 1.0e-4, 1.0e3, "km")?;
                        let l = c.num("length_km", 1.0e-4, 1.0e3, "km")?;
                        (k * th * w / l, th)
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
                face_thickness_m: face,
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

    /// The places of each place lever, checked: known lever, link-safe unique keys, existing
    /// cells or sites, and enough places for the lever's default.
    fn read_lever_options(&mut self, root: &toml::Table) -> Result<(), BasinError> {
        let Some(v) = root.get("lever_options") else {
            return Ok(());
        };
        let lists = v.as_table().ok_or_else(|| BasinError::WrongType {
            key: "lever_options".into(),
            expected: "a table of lists ([[lever_options.fw_src]])".into(),
        })?;
        for (name, list) in lists {
            let path = format!("lever_options.{name}");
            let lever = places::PLACE_LEVERS
                .iter()
                .find(|p| p.lever == name)
                .ok_or_else(|| BasinError::Invalid {
                    key: path.clone(),
                    message: format!(
                        "is not a lever with places; those are {}",
                        places::PLACE_LEVERS.map(|p| p.lever).join(", ")
                    ),
                })?;
            let tabs = tables_at(Some(list), &path)?;
            if tabs.len() > places::MAX_PLACES {
                return Err(BasinError::Invalid {
                    key: path,
                    message: format!(
                        "lists {} places; a lever takes at most {}",
                        tabs.len(),
                        places::MAX_PLACES
                    ),
                });
            }
            // A lever with places must have its default among them; with none, the basin simply
            // has no such lever (a run with a project then says so).
            if !tabs.is_empty() && tabs.len() < lever.min_places() {
                return Err(BasinError::Invalid {
                    key: path,
                    message: format!(
                        "lists {} place(s), but the lever's default is its place number {}; list at least {} places, or none",
                        tabs.len(),
                        lever.min_places(),
                        lever.min_places()
                    ),
                });
            }
            let mut list = Vec::with_capacity(tabs.len());
            for t in &tabs {
                let key = t.str("key")?;
                if !places::is_link_safe(key) {
                    return Err(BasinError::Invalid {
                        key: t.key("key"),
                        message: format!(
                            "is \"{key}\"; an option key is 1 to {} lowercase letters, digits, '_' or '-', as it is written in links",
                            places::MAX_KEY_CHARS
                        ),
                    });
                }
                let taken = lever.none.map(|n| n.key) == Some(key)
                    || list.iter().any(|p: &Place| p.key == key);
                if taken {
                    return Err(BasinError::Duplicate {
                        key: t.key("key"),
                        id: key.to_string(),
                    });
                }
                let cell = match lever.target {
                    places::PlaceTarget::Cell => {
                        find_cell(&self.cells, t.key("cell"), t.str("cell")?)?
                    }
                    places::PlaceTarget::Site => {
                        let id = t.str("site")?;
                        self.site(id)
                            .map(|s| s.cell)
                            .ok_or_else(|| BasinError::UnknownSite {
                                key: t.key("site"),
                                id: id.to_string(),
                            })?
                    }
                };
                list.push(Place {
                    key: key.to_string(),
                    label_es: t.str("label_es")?.to_string(),
                    label_en: t.str("label_en")?.to_string(),
                    cell,
                });
            }
            self.places.insert(lever.lever, list);
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

#[cfg(feature = "parse")]
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
