//! The trace control: choose or drop a CSV file; the core parses it. A malformed file is
//! explained by line, and the scenario keeps the trace it had.

use std::sync::Arc;

use autoscale_sim::scenario::Pattern;
use autoscale_sim::trace::Trace;
use autoscale_sim::Scenario;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::controls::TraceField;

/// Puts the trace in `text` (from the file `name`) into the scenario, which then replays it
/// for its whole length; returns a description, or the problem with the file.
pub fn load_trace(s: &mut Scenario, name: &str, text: &str) -> Result<String, String> {
    let trace = Trace::parse(text).map_err(|e| format!("{name}: {e}"))?;
    let description = format!("{name}: {}", trace.describe());
    s.traffic.pattern = Pattern::Trace;
    s.traffic.trace_file = Some(name.to_string());
    s.duration_s = (trace.end_s() * s.traffic.time_scale).ceil().clamp(1.0, 31_536_000.0);
    s.traffic.trace = Some(Arc::new(trace));
    Ok(description)
}

/// What the control says about the scenario's current trace.
fn status(s: &Scenario) -> String {
    match (&s.traffic.trace, &s.traffic.trace_file) {
        (Some(t), Some(name)) => format!("{name}: {}", t.describe()),
        (Some(t), None) => t.describe(),
        (None, Some(name)) => format!("{name} is named but not loaded: choose the file."),
        (None, None) => "No trace loaded yet.".to_string(),
    }
}

/// Reads `file` and loads it into the scenario, or reports why not.
fn read_file(file: web_sys::File, scenario: crate::shown::Shown, problem: RwSignal<Option<String>>) {
    leptos::task::spawn_local(async move {
        let name = file.name();
        let text = match JsFuture::from(file.text()).await {
            Ok(v) => v.as_string().unwrap_or_default(),
            Err(_) => {
                problem.set(Some(format!("{name}: the file could not be read")));
                return;
            }
        };
        let mut next = scenario.get_untracked();
        match load_trace(&mut next, &name, &text) {
            Ok(_) => {
                problem.set(None);
                scenario.set(next);
            }
            Err(e) => problem.set(Some(e)),
        }
    });
}

pub fn trace_input(
    f: &'static TraceField,
    scenario: crate::shown::Shown,
    id: String,
    help_id: String,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let over = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file(file, scenario, problem);
        }
        // Choosing the same file again should load it again.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
            read_file(file, scenario, problem);
        }
    };
    view! {
        <div class="drop" class:over=move || over.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop>
            <input type="file" id=id accept=".csv,text/csv,text/plain" aria-describedby=help_id on:change=on_change />
            <span class="hint">{f.label}" — or drop a CSV file here"</span>
            <p class="trace-status" id="trace-status">{move || scenario.with(status)}</p>
        </div>
        <Show when=move || problem.get().is_some()>
            <p class="message" role="alert" id="trace-problem">{move || problem.get()}</p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_replaces_the_pattern_and_a_bad_one_is_explained() {
        let mut s = Scenario::default();
        let d = load_trace(&mut s, "t.csv", "t_s,rps\n0,5\n90.5,6\n").unwrap();
        assert_eq!(d, "t.csv: a rate series of 2 rows over 90.5 s");
        assert_eq!((s.traffic.pattern, s.duration_s), (Pattern::Trace, 91.0));
        assert!(s.validate().is_ok());
        let before = s.clone();
        let e = load_trace(&mut s, "bad.csv", "t_s,rps\n0,5\n1,x\n").unwrap_err();
        assert_eq!(e, "bad.csv: line 3: `x` is not a rate (requests per second, 0 to 1e9)");
        assert_eq!(s, before, "the scenario keeps its trace");
    }
}
