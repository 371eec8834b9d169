//! What an observation measures, its unit, and how far a reading and the model may be off.

use serde::{Deserialize, Serialize};

use crate::uncertainty::ensemble::Quantity;

/// A quantity the model reports at a named site and a person can measure there.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ObservedQuantity {
    /// Depth from the ground to the water table, m (negative: water stands above the ground,
    /// as in a flooded vega).
    #[default]
    DepthToWaterM,
    /// Water-table elevation, m above sea level (the model's head).
    WaterLevelM,
    /// Flow of a spring site's spring, L/s.
    SpringFlowLPerS,
    /// Green vega area of the whole basin, ha (as an NDVI map of the growing season gives it),
    /// read at [`BASIN_SITE`].
    VegaAreaHa,
    /// Open-water lagoon area of the whole basin, ha (as an NDWI map gives it), read at
    /// [`BASIN_SITE`].
    LagoonAreaHa,
    /// Lithium concentration of what a brine wellfield pumped, mg/L (the company's monthly
    /// sample of its wells), read at a brine wellfield site.
    PumpedLiMgPerL,
}

/// The site id of readings of the whole basin: the model reports vega and lagoon areas for the
/// basin, which is also what a satellite map of the salar gives.
pub const BASIN_SITE: &str = "cuenca";

/// Default standard deviation of an area reading, as a share of the area read. A judgement, not a
/// cited figure: a satellite map of a few hundred hectares at 10–30 m pixels loses or gains its
/// edge pixels, and the green or wet threshold moves the area by about as much.
pub const DEFAULT_AREA_ERROR_SHARE: f64 = 0.15;

/// Model-structure error for an area, as a share of the mean area read (one offset shared by the
/// readings, as for levels): the model's green vega is a law of each vega cell's water table, and
/// its lagoons a stage–area law per cell, not maps of plants and water. A judgement: a third.
pub const STRUCTURE_AREA_ERROR_SHARE: f64 = 0.33;

/// Smallest area standard deviation, ha: a lagoon read as dry still carries an error.
pub const MIN_AREA_ERROR_HA: f64 = 1.0;

/// Default standard deviation of a level or depth reading, m: a tape or sounder in a monitoring
/// well reads to about a centimetre, but the casing top is rarely surveyed to better than about a
/// decimetre against the model's ground (a handheld GNSS or a 1:50 000 map gives less).
pub const DEFAULT_LEVEL_ERROR_M: f64 = 0.1;

/// Default standard deviation of a spring-flow reading, as a share of the value read. A
/// judgement, not a cited figure: a bucket and stopwatch or a small weir in a vega channel, where
/// part of the flow seeps past the gauge, seldom reads better than ±20 %.
pub const DEFAULT_SPRING_ERROR_SHARE: f64 = 0.2;

/// Standard deviation of the model-structure error for a level or depth, m, as one offset shared
/// by every reading of the quantity at one site ([`crate::uncertainty::weights`]). A model cell
/// is a few square kilometres and its head the cell's mean, while a well reads one point; within
/// a vega or a fan toe the water table varies by decimetres over a few hundred metres, and the
/// ground the model measures depth from is the cell's mean elevation. Half a metre says the model
/// is not expected to match a point closer than that even with the right physics.
pub const STRUCTURE_LEVEL_ERROR_M: f64 = 0.5;

/// Model-structure error for a spring flow, as a share of the mean value read at the site (one
/// offset shared by its readings, as for levels): the model's spring is one linear drain at its
/// cell's mean head, while a real spring line is many outlets whose flows also depend on the
/// channel where the flow is gauged. A third of the flow.
pub const STRUCTURE_SPRING_ERROR_SHARE: f64 = 0.33;

/// Default standard deviation of a pumped-lithium reading, as a share of the value read. A
/// judgement, not a cited figure: a laboratory's lithium analysis of brine (ICP or AA) reads to a
/// few per cent, and a sample from a well head mixes what the well's screens draw.
pub const DEFAULT_LI_ERROR_SHARE: f64 = 0.05;

/// Model-structure error for a wellfield's pumped lithium, as a share of the mean value read (one
/// offset shared by the readings, as for levels): the model's wellfield draws its cell's mean
/// brine, over a few square kilometres and the whole aquifer's depth, while the wells draw at
/// their screens from a nucleus whose grade varies from place to place and with depth. A
/// judgement: 15 %.
pub const STRUCTURE_LI_ERROR_SHARE: f64 = 0.15;

/// Smallest pumped-lithium standard deviation, mg/L.
pub const MIN_LI_ERROR_MG_PER_L: f64 = 5.0;

/// Smallest spring-flow standard deviation, L/s: a spring read as dry (0 L/s) still carries an
/// error, or one member's trickle would weigh as an impossibility.
pub const MIN_SPRING_ERROR_L_PER_S: f64 = 0.5;

impl ObservedQuantity {
    pub const ALL: [ObservedQuantity; 6] = [
        ObservedQuantity::DepthToWaterM,
        ObservedQuantity::WaterLevelM,
        ObservedQuantity::SpringFlowLPerS,
        ObservedQuantity::VegaAreaHa,
        ObservedQuantity::LagoonAreaHa,
        ObservedQuantity::PumpedLiMgPerL,
    ];

    /// The key in the CSV's `quantity` column.
    pub fn key(self) -> &'static str {
        match self {
            ObservedQuantity::DepthToWaterM => "depth_to_water_m",
            ObservedQuantity::WaterLevelM => "water_level_m",
            ObservedQuantity::SpringFlowLPerS => "spring_flow_l_per_s",
            ObservedQuantity::VegaAreaHa => "vega_area_ha",
            ObservedQuantity::LagoonAreaHa => "lagoon_area_ha",
            ObservedQuantity::PumpedLiMgPerL => "pumped_li_mg_per_l",
        }
    }

    pub fn from_key(key: &str) -> Option<ObservedQuantity> {
        ObservedQuantity::ALL
            .into_iter()
            .find(|q| q.key().eq_ignore_ascii_case(key))
    }

    /// The unit a row must state, as written in the CSV.
    pub fn unit(self) -> &'static str {
        match self {
            ObservedQuantity::DepthToWaterM | ObservedQuantity::WaterLevelM => "m",
            ObservedQuantity::SpringFlowLPerS => "L/s",
            ObservedQuantity::VegaAreaHa | ObservedQuantity::LagoonAreaHa => "ha",
            ObservedQuantity::PumpedLiMgPerL => "mg/L",
        }
    }

    /// Whether `unit` (as written in a row) is this quantity's unit. Case is not significant
    /// (`l/s` is read as `L/s`); no conversion is made, so `cm` or `ft` are refused.
    pub fn unit_matches(self, unit: &str) -> bool {
        unit.eq_ignore_ascii_case(self.unit())
    }

    /// Whether the quantity needs a spring at the site.
    pub fn needs_spring(self) -> bool {
        self == ObservedQuantity::SpringFlowLPerS
    }

    /// Whether the quantity needs brine wells in the site's cell (a brine wellfield).
    pub fn needs_brine_wells(self) -> bool {
        self == ObservedQuantity::PumpedLiMgPerL
    }

    /// Whether a simulated value of this quantity says the wellfield pumped nothing that month
    /// (`CellSeries::pumped_li_mg_per_l` is 0 then): there is no concentration to compare.
    pub fn pumped_nothing(self, simulated: f64) -> bool {
        self.needs_brine_wells() && (simulated <= 0.0 || simulated.is_nan())
    }

    /// Whether the quantity is read for the whole basin ([`BASIN_SITE`]) rather than at a site.
    pub fn basin_wide(self) -> bool {
        matches!(
            self,
            ObservedQuantity::VegaAreaHa | ObservedQuantity::LagoonAreaHa
        )
    }

    /// The ensemble's stored series a reading is compared with (a site's, or the basin's when
    /// [`ObservedQuantity::basin_wide`]); `None` for a water level, which is read as the site's
    /// ground minus its depth to water.
    pub fn ensemble_series(self) -> Option<Quantity> {
        match self {
            ObservedQuantity::DepthToWaterM => Some(Quantity::DepthToWaterM),
            ObservedQuantity::SpringFlowLPerS => Some(Quantity::SiteSpringFlowLPerS),
            ObservedQuantity::VegaAreaHa => Some(Quantity::VegaAreaHa),
            ObservedQuantity::LagoonAreaHa => Some(Quantity::LagoonAreaHa),
            ObservedQuantity::PumpedLiMgPerL => Some(Quantity::PumpedLiMgPerL),
            ObservedQuantity::WaterLevelM => None,
        }
    }

    /// Plausible values, in the quantity's unit: anything outside is a typing slip (a level in
    /// feet, a flow in m³/day), refused rather than allowed to decide the weights.
    pub fn plausible(self, value: f64) -> bool {
        match self {
            ObservedQuantity::DepthToWaterM => (-20.0..=500.0).contains(&value),
            ObservedQuantity::WaterLevelM => (0.0..=7000.0).contains(&value),
            ObservedQuantity::SpringFlowLPerS => (0.0..=10_000.0).contains(&value),
            // No larger than the catchment at its largest plausible size (2,200 km²): an area
            // given in m² is refused here.
            ObservedQuantity::VegaAreaHa | ObservedQuantity::LagoonAreaHa => {
                (0.0..=220_000.0).contains(&value)
            }
            // Above any brine pumped from a salar (evaporated pond brine is not pumped brine);
            // a value in g/L or ppm of another element is refused here.
            ObservedQuantity::PumpedLiMgPerL => (0.0..=5_000.0).contains(&value),
        }
    }

    /// The reading's standard deviation when the row gives none.
    pub fn default_error(self, value: f64) -> f64 {
        match self {
            ObservedQuantity::DepthToWaterM | ObservedQuantity::WaterLevelM => {
                DEFAULT_LEVEL_ERROR_M
            }
            ObservedQuantity::SpringFlowLPerS => {
                (DEFAULT_SPRING_ERROR_SHARE * value.abs()).max(MIN_SPRING_ERROR_L_PER_S)
            }
            ObservedQuantity::VegaAreaHa | ObservedQuantity::LagoonAreaHa => {
                (DEFAULT_AREA_ERROR_SHARE * value.abs()).max(MIN_AREA_ERROR_HA)
            }
            ObservedQuantity::PumpedLiMgPerL => {
                (DEFAULT_LI_ERROR_SHARE * value.abs()).max(MIN_LI_ERROR_MG_PER_L)
            }
        }
    }

    /// The model-structure standard deviation at a site whose readings average `value`.
    pub fn structure_error(self, value: f64) -> f64 {
        match self {
            ObservedQuantity::DepthToWaterM | ObservedQuantity::WaterLevelM => {
                STRUCTURE_LEVEL_ERROR_M
            }
            ObservedQuantity::SpringFlowLPerS => {
                (STRUCTURE_SPRING_ERROR_SHARE * value.abs()).max(MIN_SPRING_ERROR_L_PER_S)
            }
            ObservedQuantity::VegaAreaHa | ObservedQuantity::LagoonAreaHa => {
                (STRUCTURE_AREA_ERROR_SHARE * value.abs()).max(MIN_AREA_ERROR_HA)
            }
            ObservedQuantity::PumpedLiMgPerL => {
                (STRUCTURE_LI_ERROR_SHARE * value.abs()).max(MIN_LI_ERROR_MG_PER_L)
            }
        }
    }

    /// Decimals a value of this quantity is written with in sentences.
    pub fn decimals(self) -> usize {
        match self {
            ObservedQuantity::DepthToWaterM | ObservedQuantity::WaterLevelM => 2,
            ObservedQuantity::SpringFlowLPerS => 1,
            ObservedQuantity::VegaAreaHa
            | ObservedQuantity::LagoonAreaHa
            | ObservedQuantity::PumpedLiMgPerL => 0,
        }
    }
}
