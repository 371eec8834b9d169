//! What the page's own charts and map show of someone's readings: the basin's vega and lagoon
//! areas as points on those charts, and each site read with how the central run compares there.
//! Built by the tools' module, which reads the CSV, and sent to the page in postcard's binary
//! form, so the page's first visit ships no CSV reader.

use serde::{Deserialize, Serialize};

/// Where the readings stay on this device (the browser's local storage): never in the link.
pub const READINGS_KEY: &str = "cuenca-readings";

/// A reading on a chart of the page: decimal year (2021.25 is April 2021), value in the
/// chart's unit, and its standard deviation.
pub type ChartPoint = (f64, f64, f64);

/// How the central run compares with the readings of one quantity at one site, as the
/// readings panel says it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteFit {
    pub site: String,
    pub sentence_es: String,
    pub sentence_en: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageReadings {
    /// Readings of the basin's green vega area, ha.
    pub vega_area_ha: Vec<ChartPoint>,
    /// Readings of the basin's open-water lagoon area, ha.
    pub lagoon_area_ha: Vec<ChartPoint>,
    /// Sites read inside the run, in the order first read.
    pub sites: Vec<SiteFit>,
}

impl PageReadings {
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// `None` for bytes that are not a `PageReadings`: the page then shows none.
    pub fn from_bytes(bytes: &[u8]) -> Option<PageReadings> {
        postcard::from_bytes(bytes).ok()
    }
}
