//! The embedded default basin is baked: the basin file loaded once, written with postcard
//! (`DEFAULT_BASIN_BAKED`), so the browser needs neither a TOML reader nor the loader. These
//! tests hold the baked bytes to the file they come from.
//!
//! After editing `data/pastos-grandes.toml`, bake it again:
//! `CUENCA_BAKE=1 cargo test -p cuenca-model --test model baked_basin`.

use cuenca_model::basin::{DEFAULT_BASIN_BAKED, DEFAULT_BASIN_TOML};
use cuenca_model::Basin;

const BAKED_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/pastos-grandes.postcard");

fn loaded() -> Basin {
    Basin::from_toml_str(DEFAULT_BASIN_TOML).expect("the default basin file loads")
}

#[test]
fn the_baked_basin_is_the_basin_file_loaded() {
    let baked = postcard::to_allocvec(&loaded()).expect("a loaded basin serializes");
    if std::env::var_os("CUENCA_BAKE").is_some() {
        std::fs::write(BAKED_PATH, &baked).expect("the baked basin is writable");
        return;
    }
    assert!(
        baked.as_slice() == DEFAULT_BASIN_BAKED,
        "data/pastos-grandes.postcard is not data/pastos-grandes.toml loaded: \
         run `CUENCA_BAKE=1 cargo test -p cuenca-model --test model baked_basin`"
    );
}

/// The baked form names each parameter value's variant, but JSON keeps the basin file's
/// shape: a bare number, or an array of twelve monthly numbers. (That the baked basin is the
/// file, field by field, is `basin_file.rs`'s `default_basin_from_baked_is_the_toml_file`.)
#[test]
fn json_writes_parameter_values_as_the_file_does() {
    let json = serde_json::to_value(Basin::default_basin()).unwrap();
    let rows = json["params"]["rows"]
        .as_array()
        .expect("the parameter rows");
    let value = |id: &str| &rows.iter().find(|r| r["id"] == id).expect(id)["value"];
    assert!(value("wb.recharge_frac").is_f64());
    assert_eq!(
        value("clim.precip_monthly_frac").as_array().map(Vec::len),
        Some(12)
    );
}

#[test]
fn a_damaged_baked_basin_is_an_error() {
    let cut = &DEFAULT_BASIN_BAKED[..DEFAULT_BASIN_BAKED.len() / 2];
    let err = Basin::from_baked(cut).expect_err("half a basin does not read");
    assert!(err.to_string().contains("baked basin"), "{err}");
}
