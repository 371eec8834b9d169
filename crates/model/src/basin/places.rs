//! Places a scenario lever chooses among: where spent brine is reinjected, which fan supplies
//! process fresh water, which site the protection rule watches. The places are basin data
//! (`[[lever_options.<lever>]]` in the file), so another salar brings its own; what a place lever
//! is (its key, what its places name, its default) is declared here, once, and the lever table
//! in `scenario` points at it. Levers are named by key, so this module needs nothing from
//! `scenario`.

use serde::{Deserialize, Serialize};

/// What a lever's places name in the basin file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceTarget {
    /// A cell (`cell = "nuc_c"`): the lever acts on it.
    Cell,
    /// A named site (`site = "vega_este"`): the lever acts on the site's cell.
    Site,
}

/// An option that code puts before the basin's places and that names no place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NoPlace {
    pub key: &'static str,
    pub label_es: &'static str,
    pub label_en: &'static str,
}

/// A lever whose options are places of the basin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlaceLever {
    /// The lever's key, which also names its list in the file (`[[lever_options.fw_src]]`).
    pub lever: &'static str,
    pub target: PlaceTarget,
    /// The option before the places, if the lever has one (the protection lever's "none").
    pub none: Option<NoPlace>,
    /// The lever's default option (an index over `none` and then the places). A basin that lists
    /// places for the lever must list this one, so presets and links that leave the lever at its
    /// default name a place in every basin.
    pub default: usize,
}

impl PlaceLever {
    /// Options before the basin's places (0 or 1).
    pub const fn lead(&self) -> usize {
        if self.none.is_some() {
            1
        } else {
            0
        }
    }

    /// Places a non-empty list must hold for the default option to exist.
    pub const fn min_places(&self) -> usize {
        (self.default + 1).saturating_sub(self.lead())
    }

    /// How many options the lever has in `basin`: the lead option, then the basin's places.
    pub fn option_count(&self, basin: &super::Basin) -> usize {
        self.lead() + basin.places(self.lever).len()
    }
}

/// Where spent brine can be reinjected (nucleus cells in the default basin).
pub const REINJECTION: PlaceLever = PlaceLever {
    lever: "reinj_cell",
    target: PlaceTarget::Cell,
    none: None,
    default: 1,
};

/// Which fan supplies process fresh water (the fan-toe cells in the default basin).
pub const FRESH_SOURCE: PlaceLever = PlaceLever {
    lever: "fw_src",
    target: PlaceTarget::Cell,
    none: None,
    default: 1,
};

/// Which site the protection rule watches; by default none.
pub const PROTECTED_SITE: PlaceLever = PlaceLever {
    lever: "prot",
    target: PlaceTarget::Site,
    none: Some(NoPlace {
        key: "ninguno",
        label_es: "Ninguno",
        label_en: "None",
    }),
    default: 0,
};

/// Every place lever, in the order the file's lists are checked.
pub const PLACE_LEVERS: [&PlaceLever; 3] = [&REINJECTION, &FRESH_SOURCE, &PROTECTED_SITE];

/// Most places one lever may list: a bound a scenario can check a choice against without a
/// basin, and more than a menu can show usefully.
pub const MAX_PLACES: usize = 32;

/// Longest option key: keys are written in links.
pub const MAX_KEY_CHARS: usize = 32;

/// One place option of a lever, as loaded and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Key written in links and the CLI (`fw_src=este`).
    pub key: String,
    pub label_es: String,
    pub label_en: String,
    /// The cell the option acts on (for a site option, the site's cell).
    pub cell: usize,
}

/// Whether `key` can be written in a link as it is: in a pin (`pin=fw_src:este,prod:24000`) a
/// `:` or `,` would split it. (The loader checks it; the baked basin was loaded.)
#[cfg(feature = "parse")]
pub(super) fn is_link_safe(key: &str) -> bool {
    !key.is_empty()
        && key.chars().count() <= MAX_KEY_CHARS
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}
