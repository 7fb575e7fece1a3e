//! autoscale-lab: the page. Sliders edit a scenario; the core runs it; charts, a timeline
//! and a report show the result. No simulation logic lives here.

pub mod charts;
pub mod compare_charts;
pub mod compare_view;
pub mod controls;
pub mod fields;
pub mod lab;
pub mod lists;
pub mod playback;
pub mod plotly_js;
pub mod presets;
pub mod report_view;
pub mod share;
pub mod timeline;
pub mod toolbar;
pub mod trace_input;
pub mod variants;

use std::sync::Arc;

use autoscale_sim::{run, Report, Scenario};
use gloo_timers::callback::Interval;
use leptos::prelude::*;

use compare_view::{CompareTable, Run};
use controls::FieldControl;
use lab::Lab;
use report_view::ReportPanel;
use timeline::Timeline;
use toolbar::Toolbar;
use variants::VariantBar;

/// Runs bigger than this many messages wait for the Run button instead of running on every change.
pub const AUTO_RUN_LIMIT: f64 = 3_000_000.0;

/// A run's report, shared without copying; equal only to itself, so signals notice every run.
#[derive(Clone, Debug)]
pub struct Shared(pub Arc<Report>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Where the page keeps its last state (the address's parameters), so that a reload loses nothing.
pub const STORAGE_KEY: &str = "autoscale-lab.state";

/// Where versions before variants kept the last scenario (compact JSON); still read.
pub const OLD_STORAGE_KEY: &str = "autoscale-lab.scenario";

/// A query parameter of the page's address.
fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The state to start from: the link's, else the last one kept, else the defaults; with
/// notices about anything that had to be left out.
fn initial_lab() -> (Lab, Vec<String>) {
    if param("s").is_some() || param("v").is_some() {
        return Lab::from_params(param);
    }
    let kept = |key| storage().and_then(|st| st.get_item(key).ok().flatten());
    let (lab, notes) = if let Some(query) = kept(STORAGE_KEY) {
        match web_sys::UrlSearchParams::new_with_str(&query) {
            Ok(params) => Lab::from_params(|name| params.get(name)),
            Err(_) => (Lab::default(), vec!["it is not readable; the defaults are shown".into()]),
        }
    } else if let Some(text) = kept(OLD_STORAGE_KEY) {
        let (s, notes) = share::decode_json(&text);
        (Lab::single(s), notes)
    } else {
        (Lab::default(), Vec::new())
    };
    (lab, notes.into_iter().map(|n| format!("saved state: {n}")).collect())
}

/// The page's colours follow the system's light or dark preference.
fn theme() -> charts::Theme {
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark {
        charts::DARK
    } else {
        charts::LIGHT
    }
}

/// A plotly chart that redraws (Plotly.react) whenever the figure `build` reads changes.
#[component]
fn Chart(id: &'static str, label: Signal<String>, figure: impl Fn() -> plotly::Plot + 'static) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let plot = figure();
        if let Some(el) = node.get() {
            leptos::task::spawn_local(async move {
                error.set(plotly_js::react(&el, &plot).await.err());
            });
        }
    });
    view! {
        <figure class="chart">
            <div id=id node_ref=node role="img" aria-label=move || label.get()></div>
            <Show when=move || error.get().is_some()>
                <figcaption class="message" role="alert">{move || error.get()}</figcaption>
            </Show>
        </figure>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let (start, notes) = initial_lab();
    // The controls edit `scenario`, the shown variant; `lab` holds every variant.
    let scenario = RwSignal::new(start.shown_scenario().clone());
    let lab = RwSignal::new(start);
    Effect::new(move |_| {
        let s = scenario.get();
        lab.maybe_update(|l| {
            let changed = l.shown_scenario() != &s;
            if changed {
                l.set_shown(s);
            }
            changed
        });
    });
    let notice = RwSignal::new(notes);
    // Embedded (`?embed=1`): charts and timeline, and only the controls `?controls=` lists.
    let embed = param("embed").is_some_and(|v| v == "1" || v == "true");
    let embed_controls: Vec<String> =
        param("controls").map(|c| c.split(',').map(|p| p.trim().to_string()).collect()).unwrap_or_default();
    let no_controls = embed && embed_controls.is_empty();
    let shows = move |path: &str| !embed || embed_controls.iter().any(|c| c == path);
    // The state lives in the address and in local storage: a link or a reload restores it.
    // An embedded page keeps its state in its own address only, so that an iframe on a
    // documentation page never replaces the visitor's own last state.
    Effect::new(move |_| {
        let url = lab.with(toolbar::share_url);
        if let Some(st) = storage().filter(|_| !embed) {
            let query = url.split_once('?').map_or("", |(_, q)| q);
            let _ = st.set_item(STORAGE_KEY, query);
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    // A large run waits until the person asks for it; this holds the scenario they approved.
    let approved = RwSignal::new(None::<Scenario>);
    let error = Signal::derive(move || scenario.with(|s| s.validate().err()));
    let too_large = Signal::derive(move || {
        scenario.with(|s| s.max_requests() > AUTO_RUN_LIMIT && approved.with(|a| a.as_ref() != Some(s)))
    });
    let elapsed_ms = RwSignal::new(0.0);

    // The latest valid scenario's report; an invalid or waiting scenario keeps the last one.
    let report = Memo::new(move |prev: Option<&Shared>| {
        let current = scenario.get();
        let runnable = current.validate().is_ok() && !too_large.get();
        match prev {
            Some(p) if !runnable => p.clone(),
            _ => {
                let start = js_sys::Date::now();
                let r = run(&if runnable { current } else { Scenario::default() });
                elapsed_ms.set(js_sys::Date::now() - start);
                Shared(Arc::new(r))
            }
        }
    });

    let selected = RwSignal::new(None::<usize>);
    let theme = theme();

    // Comparing: every variant's run. A variant whose scenario has a report already (the
    // shown one's, or its own from before) is not run again.
    let runs = Memo::new(move |prev: Option<&Vec<Run>>| {
        if !lab.with(Lab::comparing) {
            return Vec::new();
        }
        if too_large.get() {
            return prev.cloned().unwrap_or_default();
        }
        let main = report.get();
        let variants = lab.with(|l| l.variants.clone());
        variants
            .into_iter()
            .map(|v| {
                let done = |r: &Shared| r.0.scenario == v.scenario;
                let kept = std::iter::once(&main)
                    .chain(prev.into_iter().flatten().filter_map(|r| r.report.as_ref().ok()))
                    .find(|r| done(r))
                    .cloned();
                let report =
                    kept.map_or_else(|| v.scenario.validate().map(|()| Shared(Arc::new(run(&v.scenario)))), Ok);
                Run { name: v.name, report }
            })
            .collect()
    });

    // Playback: None shows the whole run; Some(t) shows it up to simulated time t.
    let autoplay = param("play").is_some_and(|v| v == "1" || v == "true");
    let play_t = RwSignal::new(autoplay.then_some(0.0));
    let playing = RwSignal::new(autoplay);
    let speed = RwSignal::new(10.0);
    let timer = StoredValue::new_local(None::<Interval>);
    Effect::new(move |_| {
        let tick = move || {
            let duration = report.with_untracked(|r| r.0.scenario.duration_s);
            let (t, end) = playback::advance(play_t.get_untracked().unwrap_or(0.0), speed.get_untracked(), duration);
            play_t.set(Some(t));
            if end {
                playing.set(false);
            }
        };
        timer.set_value(playing.get().then(|| Interval::new(playback::FRAME_MS, tick)));
    });
    let shown = Memo::new(move |_| match play_t.get() {
        Some(t) => Shared(Arc::new(playback::until(&report.get().0, t))),
        None => report.get(),
    });
    // The comparison as the charts show it: each run up to the playback time.
    let compared_shown = Memo::new(move |_| {
        let t = play_t.get();
        runs.get()
            .into_iter()
            .filter_map(|r| {
                let report = r.report.ok()?;
                Some((r.name, t.map_or(report.clone(), |t| Shared(Arc::new(playback::until(&report.0, t))))))
            })
            .collect::<Vec<(String, Shared)>>()
    });
    let figure = move || {
        let runs = compared_shown.get();
        if runs.len() > 1 {
            let list: Vec<(&str, &Report)> = runs.iter().map(|(n, r)| (n.as_str(), &*r.0)).collect();
            let shown_i = lab.with(|l| l.shown).min(list.len() - 1);
            compare_charts::compare_figure(&list, shown_i, selected.get(), theme)
        } else {
            charts::fleet_figure(&shown.get().0, selected.get(), theme)
        }
    };

    let events = Signal::derive(move || shown.with(|r| r.0.events.clone()));
    let summary = Signal::derive(move || report.with(|r| r.0.summary.clone()));
    let objective_text =
        Signal::derive(move || report.with(|r| report_view::objective_line(&r.0.scenario, &r.0.summary)));
    let objective_met = Signal::derive(move || report.with(|r| r.0.summary.objective.met));
    let fleet_label = Signal::derive(move || {
        report.with(|r| {
            let m = &r.0.summary;
            format!(
                "Load, servers and latency over {:.0} s: peak {:.0} users, {} to {} servers, p95 latency {:.1} ms, {} dropped. The report lists every figure.",
                m.duration_s, m.peak_users, r.0.scenario.autoscaler.initial_servers, m.peak_servers, m.latency_ms.p95, m.dropped
            )
        })
    });
    let spread_label =
        Signal::derive(move || report.with(|r| format!("Requests served by each of {} servers.", r.0.servers.len())));

    let start_playback = move |_| {
        if play_t.get_untracked().is_none_or(|t| t >= report.with_untracked(|r| r.0.scenario.duration_s)) {
            play_t.set(Some(0.0));
        }
        playing.set(true);
    };

    view! {
        <div class="page" class:embed=embed>
        <header class="top">
            <h1>"autoscale-lab"</h1>
            <p class="tagline">"Drag a slider: every message of a chat-service fleet is simulated again, at once."</p>
        </header>
        <div class="layout">
            <aside class="controls" aria-label="Scenario" class:hidden=no_controls>
                <Show when=move || error.get().is_some()>
                    <p class="message banner" role="alert" id="scenario-error">
                        {move || error.get()} " The charts show the last valid run."
                    </p>
                </Show>
                {fields::SECTIONS.iter().filter(|section| section.fields.iter().any(|f| shows(f.path()))).map(|section| view! {
                    <fieldset><legend>{section.title}</legend>
                        {section.fields.iter().filter(|f| shows(f.path())).map(|f| view! { <FieldControl field=f scenario=scenario error=error /> }).collect_view()}
                    </fieldset>
                }).collect_view()}
                <button type="button" class="secondary chrome" on:click=move |_| scenario.set(Scenario::default())>"Reset to defaults"</button>
            </aside>
            <main>
                <Show when=move || notice.with(|n| !n.is_empty())>
                    <div class="message banner" role="status" id="notice">
                        "Parts of the saved or linked state could not be used and keep their defaults:"
                        <ul>{move || notice.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                        <button type="button" class="secondary" on:click=move |_| notice.set(Vec::new())>"Dismiss"</button>
                    </div>
                </Show>
                <Toolbar scenario=scenario lab=lab report=report />
                <Show when=move || !embed>
                    <VariantBar lab=lab scenario=scenario />
                </Show>
                <div class="status" aria-live="polite">
                    <Show when=move || too_large.get() && error.get().is_none()
                        fallback=move || view! {
                            <span id="run-status">{move || format!(
                                "{} messages simulated in {:.0} ms",
                                report.with(|r| r.0.summary.arrived), elapsed_ms.get()
                            )}</span>
                        }>
                        <span>{move || format!("This scenario simulates up to {:.1} million messages.", scenario.with(Scenario::max_requests) / 1e6)}</span>
                        " "
                        <button type="button" id="run-large" on:click=move |_| approved.set(Some(scenario.get_untracked()))>"Run it"</button>
                    </Show>
                </div>
                <div class="playback" role="group" aria-label="Playback">
                    <button type="button" id="play" on:click=start_playback disabled=move || playing.get()>"▶ Play"</button>
                    <button type="button" id="pause" on:click=move |_| playing.set(false) disabled=move || !playing.get()>"Pause"</button>
                    <button type="button" id="restart" on:click=move |_| { play_t.set(Some(0.0)); playing.set(true); }>"Restart"</button>
                    <button type="button" id="show-all" on:click=move |_| { playing.set(false); play_t.set(None); }
                        disabled=move || play_t.get().is_none()>"Show whole run"</button>
                    <label>"Speed "
                        <select id="speed" on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(10.0))>
                            {playback::SPEEDS.iter().map(|&s| view! { <option value=s.to_string() selected=s == 10.0>{format!("{s}×")}</option> }).collect_view()}
                        </select>
                    </label>
                    <span class="clock" id="clock">{move || match play_t.get() {
                        Some(t) => format!("t = {t:.1} s"),
                        None => "whole run".to_string(),
                    }}</span>
                </div>
                <Chart id="fleet-chart" label=fleet_label figure=figure />
                <Show when=move || lab.with(Lab::comparing)>
                    <CompareTable runs=Signal::from(runs) />
                </Show>
                <Timeline events=events selected=selected />
                <ReportPanel summary=summary objective=objective_text met=objective_met />
                <section aria-labelledby="spread-title" class="chrome">
                    <h2 id="spread-title">"How the balancer spread the work"</h2>
                    <Chart id="spread-chart" label=spread_label figure=move || charts::spread_figure(&report.get().0, theme) />
                </section>
            </main>
        </div>
        <footer>
            "A deterministic, request-level simulation. The same scenario and seed always give the same run."
        </footer>
        </div>
    }
}
