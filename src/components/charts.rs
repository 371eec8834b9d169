//! The time charts of the page and of an embed.

use std::sync::Arc;

use cuenca_link::ChartId;
use cuenca_model::{Results, Scenario};
use leptos::prelude::*;

use crate::chart_data::{self, band_series, ChartData, Pinned};
use crate::components::compare_panel::pin_label;
use crate::components::time_chart::TimeChart;
use crate::ensemble_view::EnsembleView;
use crate::i18n::Lang;
use crate::page_readings::PageReadings;

/// The time charts, built from the current run in the current language.
#[derive(Clone, Copy)]
pub struct Charts {
    pub ensemble: Signal<Option<EnsembleView>>,
    pub results: Signal<Option<Arc<Results>>>,
    pub pins: RwSignal<Vec<Scenario>>,
    pub pin_results: Signal<Vec<Option<Arc<Results>>>>,
    pub lang: ReadSignal<Lang>,
    pub resize: ReadSignal<u32>,
    /// Someone's readings of the basin's vega and lagoon areas, drawn on those charts.
    pub readings: ReadSignal<PageReadings>,
}

impl Charts {
    /// A `Memo`: the chart's canvas, title, legends and table all read it, so it is built once
    /// per change rather than once per reader.
    fn data(self, chart: ChartId) -> Memo<Option<ChartData>> {
        let build: fn(&Results, &[Pinned], Lang) -> ChartData = match chart {
            ChartId::Drawdown => chart_data::drawdown,
            ChartId::Springs => chart_data::springs,
            ChartId::Vega => chart_data::vega,
            ChartId::Lagoon => chart_data::lagoon,
            ChartId::Lithium | ChartId::Accounts => chart_data::lithium,
        };
        let Charts {
            results,
            pins,
            pin_results,
            lang,
            ensemble,
            readings,
            ..
        } = self;
        // Re-built only when its inputs change, and then different: comparing two charts' monthly
        // values would cost each lever move (and shipped bytes) for nothing.
        let rebuilt = |_: Option<&Option<ChartData>>, _: Option<&Option<ChartData>>| true;
        Memo::new_with_compare(
            move |_| {
                let lang = lang.get();
                let scenarios = pins.get();
                let pinned = pin_results.get();
                let pinned: Vec<Pinned> = pinned
                    .iter()
                    .zip(&scenarios)
                    .enumerate()
                    .filter_map(|(k, (r, s))| {
                        r.as_deref().map(|results| Pinned {
                            label: pin_label(k, s, lang),
                            results,
                        })
                    })
                    .collect();
                results.get().map(|r| {
                    let mut data = build(&r, &pinned, lang);
                    if let Some((id, scale)) = band_series(chart, &r) {
                        data = ensemble.with(|e| data.with_band(e.as_ref(), &id, scale));
                    }
                    data.readings = readings.with(|x| match chart {
                        ChartId::Vega => x.vega_area_ha.clone(),
                        ChartId::Lagoon => x.lagoon_area_ha.clone(),
                        _ => Vec::new(),
                    });
                    data
                })
            },
            rebuilt,
        )
    }

    pub fn time(self, chart: ChartId) -> impl IntoView {
        view! { <TimeChart id=chart.key() data=self.data(chart) lang=self.lang resize=self.resize /> }
    }
}
