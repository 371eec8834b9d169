//! A scenario: one value per lever. `Scenario::default()` is the natural basin (no project).
//!
//! Reading order: [`levers`] (the lever table, declared once), this module (a value per lever),
//! [`presets`] (reference scenarios) and [`sources`] (whose numbers feed a contested input).
//!
//! The query codec is deliberately simple (`key=value&…`, only levers that differ from their
//! defaults); a later, versioned codec will replace it.

pub mod levers;
pub mod presets;
pub mod sources;

use std::fmt;

use serde::{Serialize, Serializer};

use crate::scenario::levers::{LeverId, LeverKind, LEVERS};

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

/// A problem found while reading a query string. Valid parts are always kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryIssue {
    pub part: String,
    pub message: String,
}

impl fmt::Display for QueryIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\": {}", self.part, self.message)
    }
}

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
    pub fn set(&mut self, id: LeverId, value: f64) -> Result<(), LeverError> {
        let s = id.spec();
        let bad = !value.is_finite()
            || value < s.min
            || value > s.max
            || (matches!(s.kind, LeverKind::Choice(_)) && value.fract() != 0.0);
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

    pub fn has_project(&self) -> bool {
        self.get(LeverId::Production) > 0.0
    }

    /// Index of a choice lever's option.
    pub fn choice(&self, id: LeverId) -> usize {
        self.get(id).max(0.0) as usize
    }

    /// Query string with only the levers that differ from their defaults, in table order.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for l in LEVERS.iter() {
            let v = self.values[l.id as usize];
            if v != l.default {
                let text = match l.kind {
                    LeverKind::Choice(opts) => opts
                        .get(v as usize)
                        .map(|o| o.key.to_string())
                        .unwrap_or_else(|| format!("{v}")),
                    LeverKind::Number => format!("{v}"),
                };
                parts.push(format!("{}={}", l.key, text));
            }
        }
        parts.join("&")
    }

    /// Read a query string. Never panics. Unknown keys and unparsable values are **ignored**;
    /// out-of-range numbers are **clamped** to the lever range; each is reported as an issue.
    /// A leading `?` is accepted; `;` also separates parts.
    pub fn from_query(query: &str) -> (Scenario, Vec<QueryIssue>) {
        let mut s = Scenario::default();
        let mut issues = Vec::new();
        let q = query.trim().trim_start_matches('?');
        for part in q.split(['&', ';']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let issue = |m: String| QueryIssue {
                part: part.chars().take(80).collect(),
                message: m,
            };
            let Some((k, v)) = part.split_once('=') else {
                issues.push(issue("has no '=' and was ignored".into()));
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            let Some(id) = LeverId::from_key(k) else {
                issues.push(issue(format!(
                    "unknown lever \"{}\" was ignored",
                    k.chars().take(40).collect::<String>()
                )));
                continue;
            };
            let spec = id.spec();
            let value = match spec.kind {
                LeverKind::Choice(opts) => match opts.iter().position(|o| o.key == v) {
                    Some(i) => Some(i as f64),
                    None => v
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite() && x.fract() == 0.0),
                },
                LeverKind::Number => v.parse::<f64>().ok().filter(|x| x.is_finite()),
            };
            let Some(x) = value else {
                issues.push(issue(format!(
                    "\"{}\" is not a valid value for `{}` and was ignored",
                    v.chars().take(40).collect::<String>(),
                    spec.key
                )));
                continue;
            };
            let clamped = x.clamp(spec.min, spec.max);
            if clamped != x {
                issues.push(issue(format!(
                    "{x} is outside {} to {} and was clamped to {clamped}",
                    spec.min, spec.max
                )));
            }
            s.values[id as usize] = clamped;
        }
        (s, issues)
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
    fn query_keeps_valid_parts_and_reports_the_rest() {
        let (s, issues) = Scenario::from_query("?prod=24000&foo=1&dle=abc&reinj=150&fw_src=oeste");
        assert_eq!(s.get(LeverId::Production), 24_000.0);
        assert_eq!(s.get(LeverId::Reinjection), 98.0);
        assert_eq!(s.choice(LeverId::FreshSource), 2);
        assert_eq!(issues.len(), 3);
        let (back, none) = Scenario::from_query(&s.to_query());
        assert!(none.is_empty());
        assert_eq!(back, s);
    }
}
