//! The tools (agreed limits, the envelope, the early-warning plan, one's own readings) as the second
//! module `cuenca-tools` mounts them into the page. Most visitors never open them, so the page's
//! own module leaves them out and fetches this one on demand (issue #19).
//!
//! The two modules share no memory: the page tells the tools its link (scenario, limits,
//! triggers, language) and the ensemble's verdicts on the limits; the tools answer an edit with
//! the link they want, which the page reads with the same codec. The page stays the one owner
//! of the scenario and of the address.

use std::sync::Arc;

use cuenca_link::{encode, parse, Link};
use cuenca_model::negotiation::plan::Trigger;
use cuenca_model::negotiation::Limit;
use cuenca_model::{Basin, Scenario};
use leptos::prelude::*;

use crate::components::{
    board_panel::BoardPanel, import_panel::ImportPanel, limits_panel::LimitsPanel,
    measure_next::MeasureNext, observations_panel::ObservationsPanel, plan_panel::PlanPanel,
};
use crate::ensemble_view::{EnsembleView, LimitCount};
use crate::i18n::Lang;
use crate::page_readings::PageReadings;
use crate::scenario_state::ScenarioState;
use crate::sources::Chosen;

/// The part of a link the tools read and write, encoded as the page encodes it.
pub fn tools_query(
    scenario: &Scenario,
    limits: &[Limit],
    triggers: &[Trigger],
    basin: &Basin,
) -> String {
    encode(
        &Link {
            scenario: scenario.clone(),
            limits: limits.to_vec(),
            triggers: triggers.to_vec(),
            ..Link::default()
        },
        basin,
    )
}

/// The ensemble's verdicts as they cross from the page to the tools (postcard bytes; `None`
/// while the ensemble for the scenario on screen is not complete).
pub fn counts_to_bytes(counts: &Option<Vec<LimitCount>>) -> Vec<u8> {
    postcard::to_allocvec(counts).unwrap_or_default()
}

/// Sets `signal` to `value` only when they differ, so that nothing downstream reruns for an echo.
pub fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

/// The signals the page's messages set.
#[derive(Clone, Copy)]
pub struct ToolsBridge {
    basin: StoredValue<Arc<Basin>>,
    lang: RwSignal<Lang>,
    scenario: ScenarioState,
    limits: RwSignal<Vec<Limit>>,
    triggers: RwSignal<Vec<Trigger>>,
    counts: RwSignal<Option<Vec<LimitCount>>>,
    running: RwSignal<bool>,
    /// Set by the page's first message: until then the tools hold defaults, not its scenario.
    synced: RwSignal<bool>,
    /// The page's last link (its tools part): an edit is only sent when the tools differ.
    page_query: StoredValue<String>,
}

impl ToolsBridge {
    /// The page's link and the ensemble's verdicts, as [`counts_to_bytes`] wrote them.
    pub fn update(&self, query: &str, counts: &[u8], running: bool) {
        let (link, _) = self.basin.with_value(|b| parse(query, b));
        // First the page's state, so the effect that follows sees nothing to send back.
        self.page_query.set_value(
            self.basin
                .with_value(|b| tools_query(&link.scenario, &link.limits, &link.triggers, b)),
        );
        set_if_changed(self.lang, link.lang.unwrap_or(Lang::Es));
        if self.scenario.levers.with_untracked(|s| *s != link.scenario) {
            self.scenario.set(link.scenario);
        }
        set_if_changed(self.limits, link.limits);
        set_if_changed(self.triggers, link.triggers);
        set_if_changed(
            self.counts,
            postcard::from_bytes::<Option<Vec<LimitCount>>>(counts).unwrap_or(None),
        );
        set_if_changed(self.running, running);
        set_if_changed(self.synced, true);
    }
}

/// A port to the page's bands workers, for a tool that needs the same members (the function
/// the page gave at mount: it returns a `MessagePort`, or null without workers).
#[derive(Clone, Copy)]
pub struct BandsPort(pub StoredValue<js_sys::Function, LocalStorage>);

impl BandsPort {
    pub fn connect(&self) -> Option<web_sys::MessagePort> {
        use wasm_bindgen::JsCast;
        self.0
            .with_value(|f| f.call0(&wasm_bindgen::JsValue::NULL).ok())
            .and_then(|port| port.dyn_into().ok())
    }
}

/// Mounts the tools in `target`; `on_edit` is called with the link query the tools want when the
/// person changes a limit, a trigger or the production lever, `on_readings` with the
/// readings the page's charts and map show ([`PageReadings`] bytes) whenever they change, and
/// `connect_to_bands` gives a [`BandsPort`].
pub fn mount(
    target: web_sys::HtmlElement,
    on_edit: js_sys::Function,
    on_readings: js_sys::Function,
    connect_to_bands: js_sys::Function,
) -> ToolsBridge {
    let bridge = ToolsBridge {
        basin: StoredValue::new(Arc::new(Basin::default_basin())),
        lang: RwSignal::new(Lang::Es),
        scenario: ScenarioState::new(Scenario::default(), Chosen::new()),
        limits: RwSignal::new(Vec::new()),
        triggers: RwSignal::new(Vec::new()),
        counts: RwSignal::new(None),
        running: RwSignal::new(false),
        synced: RwSignal::new(false),
        page_query: StoredValue::new(String::new()),
    };
    let b = bridge;
    let handle = leptos::mount::mount_to(target, move || {
        provide_context(BandsPort(StoredValue::new_local(connect_to_bands)));
        Effect::new(move |_| {
            let mine = b.basin.with_value(|basin| {
                tools_query(
                    &b.scenario.levers.get(),
                    &b.limits.get(),
                    &b.triggers.get(),
                    basin,
                )
            });
            let page = b.page_query.get_value();
            if !page.is_empty() && mine != page {
                let _ = on_edit.call1(&wasm_bindgen::JsValue::NULL, &mine.into());
            }
        });
        let on_page = RwSignal::new(PageReadings::default());
        Effect::new(move |_| {
            let bytes = on_page.with(PageReadings::to_bytes);
            let bytes = js_sys::Uint8Array::from(bytes.as_slice());
            let _ = on_readings.call1(&wasm_bindgen::JsValue::NULL, &bytes);
        });
        let ensemble = Signal::derive(move || {
            b.counts.get().map(|limits| EnsembleView {
                limits,
                ..EnsembleView::default()
            })
        });
        let basin = b.basin.get_value();
        view! {
            <LimitsPanel
                basin=basin.clone()
                scenario=b.scenario
                limits=b.limits
                ensemble=ensemble
                ensemble_running=b.running
                lang=b.lang.read_only()
            />
            <PlanPanel
                basin=basin.clone()
                scenario=b.scenario
                limits=b.limits
                triggers=b.triggers
                lang=b.lang.read_only()
            />
            <ObservationsPanel basin=basin.clone() scenario=b.scenario lang=b.lang.read_only() on_page=on_page synced=b.synced.read_only() />
            <MeasureNext basin=basin.clone() scenario=b.scenario lang=b.lang.read_only() />
            <BoardPanel basin=basin limits=b.limits lang=b.lang.read_only() />
            <ImportPanel lang=b.lang.read_only() />
        }
    });
    // The tools live as long as the page.
    handle.forget();
    bridge
}
