//! The unknowns that matter most: which uncertain inputs move the 2019 plan's results the most,
//! from the same 100-member ensemble and sensitivity ranking the page's uncertainty panel uses.
//! Measuring these first would narrow the answers most.

use serde::Serialize;

use crate::uncertainty::design::EnsembleSpec;
use crate::{presets, run_ensemble, Basin, FactorId, Lang, RunError};

/// One uncertain input and its share of the spread of the results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unknown {
    pub factor: FactorId,
    /// Its share of the explained spread, averaged over the indicators that vary (0–1).
    pub share: f64,
}

impl Unknown {
    pub fn what(&self, lang: Lang) -> &'static str {
        self.factor.what_to_measure(lang)
    }
}

/// The 2019 plan's inputs above the estimator's noise floor, largest share first.
pub fn top_unknowns(basin: &Basin) -> Result<Vec<Unknown>, RunError> {
    let plan = presets::by_id("fs2019")
        .map(|p| p.scenario())
        .unwrap_or_default();
    let spec = EnsembleSpec::default().for_scenario(&plan);
    let ensemble = run_ensemble(basin, &plan, &spec)?;
    Ok(ensemble
        .what_to_measure()
        .into_iter()
        .filter(|f| f.above_noise)
        .map(|f| Unknown {
            factor: f.factor,
            share: f.share,
        })
        .collect())
}
