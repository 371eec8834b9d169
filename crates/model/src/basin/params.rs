//! The physical parameter table, declared once in the basin file (`[params.<group>.<name>]`, the
//! same ids as `shared/domain/parameters.toml`). Every entry carries value, range, unit, status,
//! source and note; the web app renders its assumptions panel straight from this table.

use serde::{Deserialize, Serialize};

use super::error::BasinError;

/// A parameter value: a number, or twelve monthly numbers (January … December).
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Number(f64),
    Monthly([f64; 12]),
}

/// JSON writes a value as the basin file does, a bare number or an array of twelve. The baked
/// basin (a binary format with no types in it, [`super::Basin::default_basin`]) cannot tell those
/// apart, so there the value names its variant.
impl Serialize for ParamValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self, s.is_human_readable()) {
            (ParamValue::Number(v), true) => v.serialize(s),
            (ParamValue::Monthly(m), true) => m.serialize(s),
            (ParamValue::Number(v), false) => {
                s.serialize_newtype_variant("ParamValue", 0, "Number", v)
            }
            (ParamValue::Monthly(m), false) => {
                s.serialize_newtype_variant("ParamValue", 1, "Monthly", m)
            }
        }
    }
}

/// Only the baked basin is read through serde (basin files are TOML, read by the loader), so
/// only the tagged form is read back.
impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        enum Tagged {
            Number(f64),
            Monthly([f64; 12]),
        }
        Ok(match Tagged::deserialize(d)? {
            Tagged::Number(v) => ParamValue::Number(v),
            Tagged::Monthly(m) => ParamValue::Monthly(m),
        })
    }
}

impl ParamValue {
    /// The scalar value (the mean of a monthly array).
    pub fn scalar(&self) -> f64 {
        match self {
            ParamValue::Number(v) => *v,
            ParamValue::Monthly(m) => m.iter().sum::<f64>() / 12.0,
        }
    }
}

/// One row of the assumptions panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamInfo {
    /// Dotted id, e.g. `wb.recharge_frac`.
    pub id: String,
    pub symbol: String,
    pub value: ParamValue,
    pub min: ParamValue,
    pub max: ParamValue,
    pub unit: String,
    /// S sourced, A analog, D derived, E estimate.
    pub status: String,
    pub source: String,
    pub note: String,
}

/// The parameter table of a basin, in file order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ParamTable {
    pub(crate) rows: Vec<ParamInfo>,
}

impl ParamTable {
    pub fn iter(&self) -> impl Iterator<Item = &ParamInfo> {
        self.rows.iter()
    }

    pub fn get(&self, id: &str) -> Option<&ParamInfo> {
        self.rows.iter().find(|p| p.id == id)
    }

    /// Scalar value of a parameter that the model requires.
    pub fn number(&self, id: &str) -> Result<f64, BasinError> {
        self.get(id)
            .map(|p| p.value.scalar())
            .ok_or_else(|| BasinError::Missing {
                key: format!("params.{id}"),
            })
    }

    /// Monthly values of a parameter that the model requires.
    pub fn monthly(&self, id: &str) -> Result<[f64; 12], BasinError> {
        match self.get(id).map(|p| &p.value) {
            Some(ParamValue::Monthly(m)) => Ok(*m),
            Some(ParamValue::Number(_)) => Err(BasinError::WrongType {
                key: format!("params.{id}.value"),
                expected: "an array of 12 monthly numbers".into(),
            }),
            None => Err(BasinError::Missing {
                key: format!("params.{id}"),
            }),
        }
    }

    /// Insert or replace a row, keeping file order.
    #[cfg(feature = "parse")]
    pub(crate) fn upsert(&mut self, row: ParamInfo) {
        if let Some(old) = self.rows.iter_mut().find(|p| p.id == row.id) {
            *old = row;
        } else {
            self.rows.push(row);
        }
    }

    /// Parse `[params.<group>.<name>]` tables. Each leaf table must have `value`, `min`, `max`.
    #[cfg(feature = "parse")]
    pub(crate) fn parse(table: &toml::Table) -> Result<ParamTable, BasinError> {
        let mut out = ParamTable::default();
        for (group, gv) in table {
            let gt = gv.as_table().ok_or_else(|| BasinError::WrongType {
                key: format!("params.{group}"),
                expected: "a table of parameters".into(),
            })?;
            for (name, pv) in gt {
                let id = format!("{group}.{name}");
                let key = format!("params.{id}");
                let pt = pv.as_table().ok_or_else(|| BasinError::WrongType {
                    key: key.clone(),
                    expected: "a table with value, min, max".into(),
                })?;
                let value = param_value(pt, &key, "value")?;
                let min = param_value(pt, &key, "min")?;
                let max = param_value(pt, &key, "max")?;
                let text = |k: &str| pt.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                let unit = text("unit");
                check_range(&key, &value, &min, &max, &unit)?;
                out.rows.push(ParamInfo {
                    id,
                    symbol: text("symbol"),
                    value,
                    min,
                    max,
                    unit,
                    status: text("status"),
                    source: text("source"),
                    note: text("note"),
                });
            }
        }
        Ok(out)
    }
}

#[cfg(feature = "parse")]
fn param_value(t: &toml::Table, key: &str, field: &str) -> Result<ParamValue, BasinError> {
    let full = format!("{key}.{field}");
    match t.get(field) {
        None => Err(BasinError::Missing { key: full }),
        Some(v) => {
            if let Some(x) = as_f64(v) {
                if !x.is_finite() {
                    return Err(BasinError::Invalid {
                        key: full,
                        message: "must be a finite number".into(),
                    });
                }
                Ok(ParamValue::Number(x))
            } else if let Some(arr) = v.as_array() {
                if arr.len() != 12 {
                    return Err(BasinError::WrongType {
                        key: full,
                        expected: "12 monthly numbers".into(),
                    });
                }
                let mut m = [0.0; 12];
                for (i, e) in arr.iter().enumerate() {
                    m[i] = as_f64(e).filter(|x| x.is_finite()).ok_or_else(|| {
                        BasinError::WrongType {
                            key: format!("{full}[{i}]"),
                            expected: "a number".into(),
                        }
                    })?;
                }
                Ok(ParamValue::Monthly(m))
            } else {
                Err(BasinError::WrongType {
                    key: full,
                    expected: "a number or 12 monthly numbers".into(),
                })
            }
        }
    }
}

#[cfg(feature = "parse")]
fn check_range(
    key: &str,
    v: &ParamValue,
    lo: &ParamValue,
    hi: &ParamValue,
    unit: &str,
) -> Result<(), BasinError> {
    let err = |k: String, x: f64, a: f64, b: f64| BasinError::OutOfRange {
        key: k,
        value: x,
        min: a,
        max: b,
        unit: unit.to_string(),
    };
    match (v, lo, hi) {
        (ParamValue::Number(x), ParamValue::Number(a), ParamValue::Number(b)) => {
            if x < a || x > b {
                return Err(err(format!("{key}.value"), *x, *a, *b));
            }
        }
        (ParamValue::Monthly(x), ParamValue::Monthly(a), ParamValue::Monthly(b)) => {
            for i in 0..12 {
                if x[i] < a[i] || x[i] > b[i] {
                    return Err(err(format!("{key}.value[{i}]"), x[i], a[i], b[i]));
                }
            }
        }
        _ => {
            return Err(BasinError::WrongType {
                key: key.to_string(),
                expected: "value, min and max of the same shape".into(),
            })
        }
    }
    Ok(())
}

/// A TOML number (float or integer) as `f64`.
#[cfg(feature = "parse")]
pub(super) fn as_f64(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}
