//! Downloads: the results as CSV (the current scenario and any pinned ones) and the scenario
//! as JSON. File names say the scenario and the date.

use std::sync::Arc;

use cuenca_export::{file_name, monthly_csv, table_csv, with_provenance};
use cuenca_link::Link;
use cuenca_model::presets::PRESETS;
use cuenca_model::{Basin, Results, Scenario};
use leptos::prelude::*;

use crate::components::compare_panel::pin_label;
use crate::download::{download_text, today};
use crate::ensemble_view::EnsembleView;
use crate::i18n::{pick, tr, Lang};

/// The preset's id when the scenario is one, else "escenario"/"scenario".
/// The scenario download: where its numbers come from travels with it. A plain struct, not
/// `serde_json::json!`, so the page ships no JSON value type (issue #19).
#[derive(serde::Serialize)]
struct ScenarioFile<'a> {
    model_version: &'static str,
    link: String,
    url: String,
    date: String,
    levers: &'a Scenario,
    credit: String,
}

fn scenario_slug(scenario: &Scenario, lang: Lang) -> &'static str {
    PRESETS
        .iter()
        .find(|p| p.scenario() == *scenario)
        .map(|p| p.id)
        .unwrap_or_else(|| pick(lang, "escenario", "scenario"))
}

/// The `# key: value` lines every CSV download starts with: where its numbers come from.
fn provenance(csv: &str, link: &Link, basin: &Basin) -> String {
    let url = crate::link::share_url(link, basin);
    let model = format!("Cuenca {}", cuenca_model::MODEL_VERSION);
    let date = today();
    with_provenance(
        csv,
        &[
            ("model", &model),
            ("link", &url),
            ("date", &date),
            ("licence", "CC BY 4.0 (Cuenca, Salar de Pastos Grandes)"),
        ],
    )
}

#[component]
pub fn ExportPanel(
    #[prop(into)] link: Signal<Link>,
    #[prop(into)] results: Signal<Option<Arc<Results>>>,
    #[prop(into)] pin_results: Signal<Vec<Option<Arc<Results>>>>,
    /// The uncertainty ranges, once the ensemble has run.
    #[prop(into)]
    ensemble: Signal<Option<EnsembleView>>,
    /// The basin whose places the scenario's link names.
    basin: Arc<Basin>,
    lang: ReadSignal<Lang>,
) -> impl IntoView {
    let basin_csv = basin.clone();
    let ranges = move |_| {
        let (link, lang) = (link.get_untracked(), lang.get_untracked());
        if let Some(view) = ensemble.get_untracked() {
            let name = format!(
                "{}-{}",
                scenario_slug(&link.scenario, lang),
                pick(lang, "rango", "range")
            );
            download_text(
                &file_name(&name, &today(), "csv"),
                "text/csv",
                &provenance(
                    &table_csv(&EnsembleView::CSV_HEADER, &view.csv_rows()),
                    &link,
                    &basin_csv,
                ),
            );
        }
    };
    let basin_csv = basin.clone();
    let csv = move |_| {
        let (link, lang) = (link.get_untracked(), lang.get_untracked());
        let Some(current) = results.get_untracked() else {
            return;
        };
        let pinned = pin_results.get_untracked();
        let current_label = pick(lang, "actual", "current").to_string();
        let mut runs: Vec<(String, &Results)> = vec![(current_label, &current)];
        for (k, (s, r)) in link.pins.iter().zip(pinned.iter()).enumerate() {
            if let Some(r) = r {
                runs.push((pin_label(k, s, lang), r));
            }
        }
        let runs: Vec<(&str, &Results)> = runs.iter().map(|(l, r)| (l.as_str(), *r)).collect();
        let what = if runs.len() > 1 {
            pick(lang, "comparacion", "comparison")
        } else {
            scenario_slug(&link.scenario, lang)
        };
        download_text(
            &file_name(what, &today(), "csv"),
            "text/csv",
            &provenance(&monthly_csv(&runs), &link, &basin_csv),
        );
    };
    let json = move |_| {
        let (link, lang) = (link.get_untracked(), lang.get_untracked());
        // Where the numbers come from travels with the file: the model, the whole address (the
        // sources chosen for contested inputs are in it, `src_…`), the date and the terms of use.
        let document = ScenarioFile {
            model_version: cuenca_model::MODEL_VERSION,
            link: cuenca_link::encode(&link, &basin),
            url: crate::link::share_url(&link, &basin),
            date: today(),
            levers: &link.scenario,
            credit: format!(
                "Cuenca, {} {} · CC BY 4.0",
                pick(lang, "modelo", "model"),
                cuenca_model::MODEL_VERSION
            ),
        };
        let text = serde_json::to_string_pretty(&document).unwrap_or_default();
        download_text(
            &file_name(scenario_slug(&link.scenario, lang), &today(), "json"),
            "application/json",
            &text,
        );
    };
    view! {
        <section class="export" data-testid="export" aria-labelledby="export-title">
            <h3 id="export-title">{tr(lang, "Descargar", "Download")}</h3>
            <div class="share-buttons">
                <button type="button" data-testid="export-csv" on:click=csv>
                    {tr(lang, "Resultados mensuales (CSV)", "Monthly results (CSV)")}
                </button>
                <button type="button" data-testid="export-ranges" on:click=ranges disabled=move || ensemble.with(|e| e.is_none())>
                    {tr(lang, "Rango de incertidumbre (CSV)", "Uncertainty range (CSV)")}
                </button>
                <button type="button" data-testid="export-json" on:click=json>
                    {tr(lang, "Escenario (JSON)", "Scenario (JSON)")}
                </button>
            </div>
            <p class="hint">
                {tr(lang, "Cada gráfico se descarga como imagen con sus botones PNG y SVG. Un archivo descargado se vuelve a abrir en las herramientas.", "Each chart downloads as an image with its PNG and SVG buttons. A downloaded file opens again in the tools.")}
            </p>
        </section>
    }
}
