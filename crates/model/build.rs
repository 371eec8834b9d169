//! Converts the embedded default basin from TOML to JSON at build time, so the browser build
//! reads it with serde_json (already in the app) instead of shipping a TOML parser.

use std::{env, fs, path::Path};

const BASIN: &str = "data/pastos-grandes.toml";

fn main() {
    println!("cargo:rerun-if-changed={BASIN}");
    let text = fs::read_to_string(BASIN).unwrap_or_else(|e| panic!("{BASIN}: {e}"));
    let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{BASIN}: {e}"));
    let json = serde_json::to_string(&table).expect("a TOML table is valid JSON");
    // JSON cannot carry all of TOML (inf and NaN become null) and must give back every float bit
    // for bit: an edit of the file that breaks either fails the build here.
    let back: toml::Table = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{BASIN}: {e}"));
    assert!(
        back == table,
        "{BASIN} does not survive the JSON round trip"
    );
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("pastos-grandes.json");
    fs::write(&out, json).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
