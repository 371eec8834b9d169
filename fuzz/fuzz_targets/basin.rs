//! Any bytes as a basin file: `Basin::from_toml_str` must never panic; a basin it accepts must
//! run (default scenario, 50 years) without panicking either. Runs are limited to small basins
//! (the default has 22 cells) so that each iteration stays fast; a grid of thousands of cells is
//! still loaded, just not run.
#![no_main]

use cuenca_model::{run, Basin, Scenario};
use libfuzzer_sys::fuzz_target;

/// Largest basin that is also run (cells).
const RUN_AT_MOST_CELLS: usize = 64;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(basin) = Basin::from_toml_str(text) {
        if basin.cells.len() <= RUN_AT_MOST_CELLS {
            // An error is a fine answer; only a panic (or a hang, via -timeout) is a finding.
            let _ = run(&basin, &Scenario::default());
        }
    }
});
