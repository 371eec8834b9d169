//! Basin definition as data: a TOML file describing cells, their connections, catchments, named
//! sites and the parameter table. The same format describes a regular grid (`[grid]`), which the
//! loader expands into cells and connections.
//!
//! Conductances (m²/day) are either given directly or derived from Darcy's law for the shared
//! face: `C = K · b · W / L` (K hydraulic conductivity m/d, b saturated thickness m, W face width,
//! L centre-to-centre distance), the usual finite-volume (MODFLOW-style) definition.
//!
//! Reading order: `error` (what can go wrong), this module (the types), [`params`] (the
//! parameter table), [`physical`] (the values the physics reads, typed), [`places`] (the places
//! a lever chooses among), `load` (the TOML reader) and `grid` (regular grids).

mod error;
// The basin-file reader: the browser reads only the baked default basin.
#[cfg(feature = "parse")]
mod grid;
#[cfg(feature = "parse")]
mod load;
pub mod params;
pub mod physical;
pub mod places;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use error::BasinError;
#[cfg(feature = "parse")]
pub use load::DEFAULT_SPILL_STAGE_M;
use params::ParamTable;
pub use physical::PhysicalParams;
pub use places::Place;

/// The default basin: the Salar de Pastos Grandes, embedded in the binary.
pub const DEFAULT_BASIN_TOML: &str = include_str!("../../data/pastos-grandes.toml");
/// The same basin loaded and baked (postcard), which [`Basin::default_basin`] reads: the browser
/// carries neither a TOML parser nor the loader. `tests/baked_basin.rs` checks that it is the
/// file above, loaded, and rewrites it when asked.
pub const DEFAULT_BASIN_BAKED: &[u8] = include_bytes!("../../data/pastos-grandes.postcard");

/// Kind of a groundwater cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    #[cfg(feature = "parse")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvapZone {
    None,
    Mudflat,
    Vega,
    Lagoon,
    Crust,
}

impl EvapZone {
    #[cfg(feature = "parse")]
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
    #[cfg(feature = "parse")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spring {
    pub elevation_m: f64,
    pub conductance_m2_per_day: f64,
    /// Index of the receiving cell.
    pub to: usize,
}

/// Where open water above a spill stage goes: a vega or lagoon that fills beyond its basin
/// overflows onto the cell downslope (in the default basin, the next lagoon or the mud-flat),
/// discharge `C · max(h − (ground + stage), 0)` (smoothed over a few centimetres).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spill {
    /// Stage above the cell's ground at which it overflows, m.
    pub stage_m: f64,
    pub conductance_m2_per_day: f64,
    /// Index of the receiving cell.
    pub to: usize,
}

/// A general-head boundary: inflow `C · (H − h)` from outside the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadBoundary {
    pub head_m: f64,
    pub conductance_m2_per_day: f64,
}

/// A finite-volume groundwater cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Total porosity: the pore water that holds lithium (the mobile water and, in drained pores,
    /// the retained water; `physics::lithium`).
    pub porosity: f64,
    /// Initial lithium concentration, mg/L (= g/m³).
    pub li_mg_per_l: f64,
    pub evap: EvapZone,
    pub spring: Option<Spring>,
    /// Surface overflow above a spill stage (vegas and lagoons).
    pub spill: Option<Spill>,
    pub boundary: Option<HeadBoundary>,
    /// Share of the brine wellfield demand drawn from this cell (normalised over the basin).
    pub brine_weight: f64,
    /// Most production wells this cell's wellfield can hold (spacing on the claims); `None` for
    /// no limit.
    pub max_wells: Option<u32>,
    /// Depth of the pump intakes below the ground, m: pumping tapers to nothing as the head
    /// reaches them. `None`: pumps sit near the cell's base.
    pub pump_depth_m: Option<f64>,
    /// Given initial head (a lens cell's water table); when absent the steady pre-development
    /// state is computed.
    pub initial_head_m: Option<f64>,
    /// Given initial interface of a lens cell, m; when absent with a given head, the lens starts
    /// at its Ghyben–Herzberg thickness over the lowest given head.
    pub initial_interface_m: Option<f64>,
    /// Whether fresh water floats on brine here as a lens, with a head for each fluid
    /// ([`crate::physics::lens`]). Cells without a lens carry one fluid and one head.
    pub lens: bool,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub a: usize,
    pub b: usize,
    pub conductance_m2_per_day: f64,
    /// Saturated thickness of the shared face the conductance was computed for, m: a flow
    /// through a lens scales the conductance by its own thickness over this one.
    pub face_thickness_m: f64,
}

/// A recharge-generating sub-catchment (not an aquifer cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixedWell {
    pub cell: usize,
    pub rate_m3_per_day: f64,
}

/// A loaded and validated basin.
#[derive(Debug, Clone, Serialize, Deserialize)]
// The baked basin is read from a static blob: its place keys borrow from it.
#[serde(bound(deserialize = "'de: 'static"))]
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
    /// Each place lever's options (`[[lever_options.<lever>]]`), keyed by the lever's key.
    places: BTreeMap<&'static str, Vec<Place>>,
    pub(crate) params: ParamTable,
    /// The table's values that the physics reads, typed (resolved at load).
    #[serde(skip)]
    pub physical: PhysicalParams,
}

impl Basin {
    /// The embedded default basin (Salar de Pastos Grandes). The embedded file is tested, so this
    /// cannot fail in a released build. Every build reads the baked basin, so native and browser
    /// build it the same way.
    pub fn default_basin() -> Basin {
        match Basin::from_baked(DEFAULT_BASIN_BAKED) {
            Ok(b) => b,
            Err(e) => panic!("embedded default basin is invalid: {e}"),
        }
    }

    /// A baked basin (a loaded basin written with postcard; `tests/baked_basin.rs` writes the
    /// default one). Its typed physical values are not in it: they are resolved from its table.
    pub fn from_baked(bytes: &'static [u8]) -> Result<Basin, BasinError> {
        let mut basin: Basin = postcard::from_bytes(bytes).map_err(|e| BasinError::Invalid {
            key: "baked basin".into(),
            message: e.to_string(),
        })?;
        basin.physical = PhysicalParams::resolve(&basin.params)?;
        Ok(basin)
    }

    /// The parameter table, in file order (for the assumptions panel).
    pub fn params(&self) -> impl Iterator<Item = &params::ParamInfo> {
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

    /// Whether `site` is a spring site whose cell has a spring: where a spring's flow is
    /// reported, and a spring limit or reading can apply.
    pub fn site_has_spring(&self, site: &Site) -> bool {
        site.kind == "spring" && self.cells[site.cell].spring.is_some()
    }

    /// Whether `site`'s cell holds a fresh lens over brine: where an interface rise applies.
    pub fn site_over_lens(&self, site: &Site) -> bool {
        self.cells[site.cell].lens
    }

    /// The places this basin lists for the lever with key `lever`, in file order (empty for a
    /// lever it lists none for).
    pub fn places(&self, lever: &str) -> &[Place] {
        self.places.get(lever).map_or(&[], Vec::as_slice)
    }
}
