//! Loading errors of a basin file.

use std::fmt;

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
    UnknownSite {
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
            BasinError::UnknownSite { key, id } => {
                write!(
                    f,
                    "The key `{key}` names the site \"{id}\", which is not defined in `[[sites]]`."
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
