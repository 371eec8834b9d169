//! A scenario: one value per lever. `Scenario::default()` is the natural basin (no project).
//!
//! Reading order: [`levers`] (the lever table, declared once), this module (a value per lever),
//! [`presets`] (reference scenarios) and [`sources`] (whose numbers feed a contested input).
//! Links to a scenario are written and read by the `cuenca-link` crate.

pub mod levers;
pub mod presets;
pub mod sources;

use std::fmt;

use serde::{Serialize, Serializer};

use crate::scenario::levers::{LeverId, LEVERS};

/// A lever value that cannot be set.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverError {
    pub key: &'static str,
    pub value: f64,
    pub min: f64,
    pub max: f64,
}

impl fmt::Display for LeverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "The lever `{}` cannot be {}; allowed values are {} to {}.",
            self.key, self.value, self.min, self.max
        )
    }
}

impl std::error::Error for LeverError {}

/// The user's levers.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    values: [f64; LEVERS.len()],
}

impl Default for Scenario {
    fn default() -> Scenario {
        let mut values = [0.0; LEVERS.len()];
        for l in LEVERS.iter() {
            values[l.id as usize] = l.default;
        }
        Scenario { values }
    }
}

impl Serialize for Scenario {
    /// Serialised as `{ key: value }` for every lever.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(LEVERS.len()))?;
        for l in LEVERS.iter() {
            m.serialize_entry(l.key, &self.values[l.id as usize])?;
        }
        m.end()
    }
}

impl Scenario {
    pub fn get(&self, id: LeverId) -> f64 {
        self.values[id as usize]
    }

    /// Set a lever; rejects non-finite and out-of-range values (and non-integers for choices).
    /// A place lever's range is the most any basin may list; a run checks the choice against
    /// its basin's list.
    pub fn set(&mut self, id: LeverId, value: f64) -> Result<(), LeverError> {
        let s = id.spec();
        let bad = !value.is_finite()
            || value < s.min
            || value > s.max
            || (s.is_choice() && value.fract() != 0.0);
        if bad {
            return Err(LeverError {
                key: s.key,
                value,
                min: s.min,
                max: s.max,
            });
        }
        self.values[id as usize] = value;
        Ok(())
    }

    /// Builder form of [`Scenario::set`], for values written in code (presets, tests); a value
    /// from a person goes through `set`, which returns the error instead.
    ///
    /// # Panics
    /// With the [`LeverError`] sentence when `set` would refuse the value.
    pub fn with(mut self, id: LeverId, value: f64) -> Scenario {
        if let Err(e) = self.set(id, value) {
            panic!("{e}");
        }
        self
    }

    /// The same scenario with no project (production 0): the baseline for drawdown.
    pub fn baseline(&self) -> Scenario {
        let mut b = self.clone();
        b.values[LeverId::Production as usize] = 0.0;
        b
    }

    /// Whether a climate lever ([`LeverId::changes_climate`]) is away from today's value.
    pub fn changes_climate(&self) -> bool {
        LEVERS
            .iter()
            .any(|l| l.id.changes_climate() && self.get(l.id) != l.default)
    }

    /// The same scenario under today's climate: the climate levers back to their defaults, the
    /// sequence of dry and wet years kept.
    pub fn today_climate(&self) -> Scenario {
        let mut t = self.clone();
        for l in LEVERS.iter().filter(|l| l.id.changes_climate()) {
            t.values[l.id as usize] = l.default;
        }
        t
    }

    pub fn has_project(&self) -> bool {
        self.get(LeverId::Production) > 0.0
    }

    /// Index of a choice lever's option.
    pub fn choice(&self, id: LeverId) -> usize {
        self.get(id).max(0.0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_rejects_out_of_range_with_a_sentence() {
        let mut s = Scenario::default();
        let e = s.set(LeverId::Production, 200_000.0).unwrap_err();
        assert!(e.to_string().contains("prod") && e.to_string().contains("150000"));
        assert!(s.set(LeverId::Production, f64::NAN).is_err());
        assert!(s.set(LeverId::Production, 24_000.0).is_ok());
    }

    #[test]
    fn with_builds_what_set_accepts() {
        let s = Scenario::default()
            .with(LeverId::Production, 24_000.0)
            .with(LeverId::FreshSource, 2.0);
        assert_eq!(s.get(LeverId::Production), 24_000.0);
        assert_eq!(s.choice(LeverId::FreshSource), 2);
    }

    /// Rain and warming change the climate; the sequence of dry and wet years does not.
    #[test]
    fn today_climate_resets_rain_and_warming_only() {
        let climate: Vec<LeverId> = LeverId::ALL
            .into_iter()
            .filter(|id| id.changes_climate())
            .collect();
        assert_eq!(climate, [LeverId::PrecipChange, LeverId::Warming]);
        let seeded = Scenario::default()
            .with(LeverId::Seed, 7.0)
            .with(LeverId::Variability, 0.0)
            .with(LeverId::Production, 24_000.0);
        assert!(!seeded.changes_climate());
        assert_eq!(seeded.today_climate(), seeded);
        let dry = seeded.clone().with(LeverId::Warming, 3.0);
        assert!(dry.changes_climate());
        assert_eq!(dry.today_climate(), seeded);
        assert!(Scenario::default()
            .with(LeverId::PrecipChange, -20.0)
            .changes_climate());
    }

    #[test]
    #[should_panic(expected = "The lever `fw_src` cannot be 1.5")]
    fn with_panics_on_what_set_refuses() {
        let _ = Scenario::default().with(LeverId::FreshSource, 1.5);
    }
}
