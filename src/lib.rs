//! autoscale-lab: the page. Sliders edit a scenario; the core runs it; charts, a timeline
//! and a report show the result. No simulation logic lives here.
//!
//! `App` is the layout. The state has one owner, the `Lab` signal; the controls edit the
//! shown variant through the `Shown` slice; `Runner` derives the runs from it; the edges
//! (address and storage, plotly, the playback timer, downloads) are in their own files.

pub mod address;
pub mod chart;
pub mod charts;
pub mod compare_charts;
pub mod compare_view;
pub mod control_panel;
pub mod controls;
pub mod edits;
pub mod embed;
pub mod fields;
pub mod headline;
pub mod history;
pub mod jobs;
pub mod lab;
pub mod legend;
pub mod lists;
pub mod menu;
pub mod observe;
pub mod palette;
pub mod panels;
pub mod playback;
pub mod playback_bar;
pub mod plotly_js;
pub mod pool;
pub mod presets;
pub mod reduce;
pub mod report_view;
pub mod run_status;
pub mod runner;
pub mod share;
pub mod shipped_trace;
pub mod shown;
pub mod slider_scale;
pub mod timeline;
pub mod titles;
pub mod toolbar;
pub mod trace_input;
pub mod tune_chart;
pub mod tune_panel;
pub mod variants;
pub mod wire;
pub mod worker;

use std::sync::Arc;

use autoscale_sim::Report;
use leptos::prelude::*;

pub use address::{OLD_STORAGE_KEY, STORAGE_KEY};
use chart::Chart;
use compare_view::CompareTable;
use control_panel::ControlPanel;
use embed::OpenInLab;
use headline::Headline;
use lab::Lab;
use playback_bar::{Playback, PlaybackBar};
use report_view::ReportPanel;
use run_status::RunStatus;
pub use runner::{Shared, GATE_MS};
use shown::Shown;
use timeline::Timeline;
use toolbar::Toolbar;
use variants::VariantBar;

/// The page's one-line description, under its name. `index.html`'s placeholder shows the
/// same header before the app starts (a test keeps them equal), so the first paint is
/// already the page's largest text.
pub const TAGLINE: &str = "Drag a slider: a chat-service fleet is simulated again at once, every message, or by queueing theory when the run is too large for that.";

#[component]
pub fn App() -> impl IntoView {
    let (start, mut notes, restored) = address::initial_lab();
    let embed = address::Embed::from_address();
    if embed.on {
        notes.extend(embed::unknown_controls(&embed));
        embed::post_height();
    }
    let lab = RwSignal::new(start);
    let scenario = Shown::new(lab);
    let notice = RwSignal::new(notes);
    // The runner's effect first: a change's run is on its way to the worker before the
    // page spends time on the address and on rendering.
    let runner = runner::Runner::new(lab);
    let edits = edits::Edits::new(lab);
    address::keep(lab, &embed, edits, restored);
    let report = runner.report;
    let selected = RwSignal::new(None::<usize>);
    // The chart's room changes with the window's size: the figure is redrawn 150 ms after
    // the last resize.
    let resized = RwSignal::new(0u32);
    let resize_timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        let bump = move || resized.update(|n| *n += 1);
        resize_timer.set_value(Some(gloo_timers::callback::Timeout::new(150, bump)));
    });
    on_cleanup(move || on_resize.remove());
    let theme = chart::theme();
    let runs_box = NodeRef::<leptos::html::Div>::new();
    let column = observe::column_width(runs_box);
    let embedded = embed.on;
    // `?play=1` starts in playback.
    let playback = Playback::new(address::flag("play").then_some(0.0));
    let duration_s = Signal::derive(move || report.with(|r| r.0.scenario.duration_s));

    // What the charts show: the run (or every compared run) up to the playback time.
    let until = move |r: Shared| match playback.at.get() {
        Some(t) => Shared(Arc::new(playback::until(&r.0, t))),
        None => r,
    };
    let shown = Memo::new(move |_| until(report.get()));
    // While quick runs are in flight the comparison keeps its figure: one redraw when they
    // have all answered, not one per variant.
    let compared = Memo::new(move |prev: Option<&Vec<(String, Shared)>>| {
        if let Some(prev) = prev.filter(|_| runner.progress.with(Option::is_some) && !runner.slow.get()) {
            return prev.clone();
        }
        let runs = runner.runs.get().into_iter();
        runs.filter_map(|r| Some((r.name, until(r.report.ok()?)))).collect::<Vec<(String, Shared)>>()
    });
    // The fleet chart's room, read by its figure and by the height kept before it is drawn.
    let room = Memo::new(move |_| {
        resized.track();
        chart::room(column.get(), embedded)
    });
    // The chart's legend (the page's, see `legend`): what the figure drew, and what is hidden.
    let legend_entries = RwSignal::new(Vec::<legend::Entry>::new());
    let hidden = RwSignal::new(legend::Hidden::default());
    let titles = RwSignal::new(titles::Titles::default());
    let figure = move || {
        let room = room.get();
        let runs = compared.get();
        let figure = hidden.with(|hidden| {
            if runs.len() > 1 {
                let list: Vec<(&str, &Report)> = runs.iter().map(|(n, r)| (n.as_str(), &*r.0)).collect();
                let shown_i = lab.with(|l| l.shown).min(list.len() - 1);
                compare_charts::compare_figure(&list, shown_i, selected.get(), theme, room, hidden)
            } else {
                charts::fleet_figure(&shown.get().0, &report.get().0, selected.get(), theme, room, hidden)
            }
        });
        if legend_entries.with_untracked(|e| *e != figure.legend) {
            legend_entries.set(figure.legend);
        }
        if titles.with_untracked(|t| *t != figure.titles) {
            titles.set(figure.titles);
        }
        figure.plot
    };
    // Whenever the charts show another scenario than the controls', they say which and why.
    // Why the charts are not the controls' scenario; a run in flight, or about to be sent,
    // says so once it is slow, until then the page shows nothing new (`data-current` tells
    // tests the truth). Between a change and the runner's effect that sends its run, the
    // run is about to be sent: counting it as running keeps the charts' class from
    // flipping on and off within one key press (which restyled the charts' 400 elements).
    let behind = Memo::new(move |_| {
        let (invalid, gated) = (runner.error.with(Option::is_some), runner.gated.with(|g| !g.is_empty()));
        lab.with(|l| runner.slots.with(|s| run_status::stale(l, s, invalid, gated)))
    });
    let stale = Memo::new(move |_| {
        behind.with(|b| b.as_ref().filter(|b| !b.running || runner.slow.get()).map(|b| b.text.clone()))
    });

    // The placeholder is drawn only when no run is on its way (an invalid first scenario).
    let hold = Signal::derive(move || report.with(runner::is_placeholder) && runner.progress.with(Option::is_some));
    let variant_name = Signal::derive(move || lab.with(|l| l.comparing().then(|| l.variants[l.shown].name.clone())));
    let events = Signal::derive(move || shown.with(|r| r.0.events.clone()));
    let summary = Signal::derive(move || report.with(|r| r.0.summary.clone()));
    let objective_text =
        Signal::derive(move || report.with(|r| report_view::objective_line(&r.0.scenario, &r.0.summary)));
    let objective_met = Signal::derive(move || report.with(|r| r.0.summary.objective.met));
    let fleet_label = Signal::derive(move || report.with(|r| report_view::fleet_label(&r.0)));
    let spread_label =
        Signal::derive(move || report.with(|r| format!("Requests served by each of {} servers.", r.0.servers.len())));
    // What is below the first screen (the later control sections, timeline, report, tune
    // panel, spread chart) is built in a task of its own after the first: the page's start
    // is two shorter tasks, with a paint between them, rather than one long one.
    let rest = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        rest.try_set(true);
    });

    view! {
        <div class="page" class:embed=embed.on>
        <a class="skip-link" href="#headline">"Skip to the answer"</a>
        <header class="top">
            <h1>"autoscale-lab"</h1>
            <p class="tagline">{TAGLINE}</p>
        </header>
        <main class="layout" class:comparing=move || lab.with(Lab::comparing)>
            // The bench: the controls and everything above the chart's lower edge. On a phone
            // the chart sticks to the top while the controls scroll beneath it, up to the
            // bench's end (see style/main.css).
            <div class="bench">
                <ControlPanel scenario=scenario edits=edits error=Signal::from(runner.error) embed=embed.clone() rest=rest.into() />
                <Show when=move || notice.with(|n| !n.is_empty())>
                    <div class="message banner" role="status" id="notice">
                        "Parts of the saved or linked state could not be used and keep their defaults:"
                        <ul>{move || notice.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                        <button type="button" class="secondary" on:click=move |_| notice.set(Vec::new())>"Dismiss"</button>
                    </div>
                </Show>
                <Headline report=runner.report variant=Signal::derive(move || lab.with(|l| l.shown))
                    stale=Signal::derive(move || stale.with(Option::is_some)) />
                <Show when=move || embed.on>
                    <OpenInLab lab=lab />
                </Show>
                <Toolbar scenario=scenario report=report edits=edits />
                <Show when=move || !embed.on>
                    <VariantBar lab=lab edits=edits />
                </Show>
                <RunStatus runner=runner lab=lab />
                <PlaybackBar playback=playback duration_s=duration_s />
                <div class="runs" node_ref=runs_box class:stale=move || stale.with(Option::is_some) data-current=move || behind.with(Option::is_none).to_string()>
                    <p class="stale-label" id="stale-label" aria-live="polite">{move || stale.get()}</p>
                    <Chart id="fleet-chart" label=fleet_label figure=figure hold=hold titles=titles
                        min_height=Signal::derive(move || room.with(|r| r.height))>
                        <legend::Legend entries=legend_entries.into() hidden=hidden />
                    </Chart>
                    <Show when=move || lab.with(|l| l.variants.iter().any(|v| shipped_trace::replays(&v.scenario)))>
                        <p class="attribution" id="attribution">{shipped_trace::ATTRIBUTION}</p>
                    </Show>
                    <Show when=move || lab.with(Lab::comparing)>
                        <CompareTable runs=Signal::from(runner.runs) />
                    </Show>
                </div>
            </div>
            <Show when=move || rest.get()>
                <Timeline events=events selected=selected variant=variant_name />
                <ReportPanel summary=summary objective=objective_text met=objective_met variant=variant_name
                    pending=Signal::derive(move || report.with(runner::is_placeholder)) />
                <tune_panel::TunePanel lab=lab edits=edits />
                <section aria-labelledby="spread-title" class="chrome">
                    <h2 id="spread-title">"How the balancer spread the work"</h2>
                    <Chart id="spread-chart" label=spread_label later=true lazy=true hold=hold min_height=Signal::stored(charts::SPREAD_HEIGHT) figure=move || charts::spread_figure(&report.get().0, theme) />
                </section>
            </Show>
        </main>
        <footer>
            "A deterministic, request-level simulation. The same scenario and seed always give the same run."
        </footer>
        </div>
    }
}

/// The page's WebAssembly memory [bytes], for the benchmarks (`window.wasmBindings`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map_or(0.0, |m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().map_or(0.0, |b| f64::from(b.byte_length())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_placeholder_shows_the_pages_own_header() {
        let html = include_str!("../index.html");
        assert!(html.contains(&format!("<p class=\"tagline\">{}</p>", super::TAGLINE)), "index.html's skeleton header");
    }
}
