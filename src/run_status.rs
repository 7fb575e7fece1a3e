//! The status line above the charts: the last run's size and time; a run in flight's
//! progress with Cancel; a long run's estimate with "Run it"; and, whenever the charts show
//! a run that is not the controls' scenario, which run they show and why.

use autoscale_sim::autoscaler::fmt_num;
use autoscale_sim::Scenario;
use leptos::prelude::*;
use serde_json::Value;

use crate::lab::Lab;
use crate::runner::{Progress, Runner, Slot};
use crate::share::diff;

/// "12 s", "3.4 s", "250 ms".
pub fn duration(ms: f64) -> String {
    match ms {
        ms if ms >= 10_000.0 => format!("{:.0} s", ms / 1000.0),
        ms if ms >= 1_000.0 => format!("{:.1} s", ms / 1000.0),
        ms => format!("{ms:.0} ms"),
    }
}

/// The last run's size, engine and time: "4429 messages simulated in 8 ms", or for the
/// fluid engine what it is and how far it is validated.
pub fn run_line(summary: &autoscale_sim::Summary, elapsed_ms: f64) -> String {
    match summary.engine {
        autoscale_sim::scenario::Engine::Fluid => format!(
            "{} messages answered by the fluid engine in {} (queueing theory per interval: within 10 % of the exact engine in steady phases up to 90 % utilisation, less close in overload; README has the validation)",
            summary.arrived,
            duration(elapsed_ms)
        ),
        _ => format!("{} messages simulated in {}", summary.arrived, duration(elapsed_ms)),
    }
}

/// What differs from the run shown to the controls' scenario, at most three fields:
/// "traffic.peak_users 60 → 80".
pub fn changes(shown: &Scenario, now: &Scenario) -> String {
    let (Ok(a), Ok(b)) = (serde_json::to_value(shown), serde_json::to_value(now)) else { return String::new() };
    let mut out = Vec::new();
    leaves(&diff(&b, &a).unwrap_or(Value::Null), &a, "", &mut out);
    let more = out.len().saturating_sub(3);
    out.truncate(3);
    if more > 0 {
        out.push(format!("{more} more"));
    }
    out.join(", ")
}

fn leaves(changed: &Value, before: &Value, path: &str, out: &mut Vec<String>) {
    match changed {
        Value::Object(m) if !before.is_null() || path.is_empty() => {
            for (k, v) in m {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                leaves(v, before.get(k).unwrap_or(&Value::Null), &p, out);
            }
        }
        Value::Null if path.is_empty() => {}
        _ => out.push(format!("{path} {} → {}", short(before), short(changed))),
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::Object(_) | Value::Array(_) => "…".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), fmt_num),
        v => v.to_string(),
    }
}

/// Why the charts do not show the controls' scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Behind {
    /// Which run they show, and why, in a sentence.
    pub text: String,
    /// They only wait for a run in flight, or about to be sent (the runner sends it in an
    /// effect after the change): nothing to say until it is slow.
    pub running: bool,
}

/// Why the charts do not show the controls' scenario, or None when they do. Reads the
/// shown slot in single mode and every slot when comparing.
pub fn stale(lab: &Lab, slots: &[Slot], invalid: bool, gated: bool) -> Option<Behind> {
    let wanted: Vec<(usize, &Scenario)> = if lab.comparing() {
        lab.variants.iter().map(|v| &v.scenario).enumerate().collect()
    } else {
        vec![(lab.shown, lab.shown_scenario())]
    };
    let (k, now) = wanted
        .into_iter()
        .find(|(k, s)| slots.get(*k).and_then(|slot| slot.done.as_ref()).is_none_or(|d| &d.report.0.scenario != *s))?;
    let slot = slots.get(k).cloned().unwrap_or_default();
    let mut running = false;
    let why = if invalid {
        "the settings are invalid".to_string()
    } else if gated {
        "waiting for “Run it”".to_string()
    } else if slot.running.is_some() {
        running = true;
        "running".to_string()
    } else if slot.cancelled.as_ref() == Some(now) {
        "cancelled".to_string()
    } else if let Some((_, why)) = slot.failed.filter(|(f, _)| f == now) {
        why
    } else {
        running = true;
        "running".to_string()
    };
    let name = if lab.comparing() { format!(" of {}", lab.variants[k].name) } else { String::new() };
    let text = match slot.done {
        Some(d) => format!("Showing the earlier run{name} ({}): {why}.", changes(&d.report.0.scenario, now)),
        None => format!("No run{name} to show yet: {why}."),
    };
    Some(Behind { text, running })
}

#[component]
pub fn RunStatus(runner: Runner, lab: RwSignal<Lab>) -> impl IntoView {
    let Runner { report, elapsed_ms, error, gated, approved, progress, slow, fallback, refining, .. } = runner;
    let large = move || error.with(Option::is_none) && gated.with(|g| !g.is_empty());
    let approve = move |_| {
        let scenarios = lab.with_untracked(|l| l.variants.iter().map(|v| v.scenario.clone()).collect::<Vec<_>>());
        approved.update(|a| a.extend(scenarios));
    };
    // Rendered once a run is slow (its values then update in place).
    let p = move || progress.get().unwrap_or(Progress { done_s: 0.0, total_s: 1.0, elapsed_ms: 0.0 });
    let bar = move || {
        view! {
            <div class="progress" id="run-progress">
                <progress max=move || p().total_s value=move || p().done_s></progress>
                <span>{move || {
                    let p = p();
                    let left = p.left_ms().map_or(String::new(), |ms| format!(", about {} left", duration(ms)));
                    format!("Running: {:.0} of {:.0} simulated seconds{left}", p.done_s, p.total_s)
                }}</span>
                " "
                <button type="button" class="secondary" id="run-cancel" on:click=move |_| runner.cancel()>"Cancel"</button>
            </div>
        }
    };
    view! {
        // Not a live region: the headline announces what changed; the timing is a detail.
        <div class="status">
            <Show when=large
                fallback=move || view! {
                    <span id="run-status" data-engine=move || report.with(|r| autoscale_sim::Choice::name(r.0.summary.engine))>
                        {move || report.with(|r| if crate::runner::is_placeholder(r) { "Starting the simulation…".to_string() } else { run_line(&r.0.summary, elapsed_ms.get()) })}
                    </span>
                }>
                <span id="run-estimate" role="status">{move || gated.with(|g| {
                    let names: Vec<&str> = g.iter().map(|(n, _)| n.as_str()).collect();
                    let ms = g.iter().map(|(_, ms)| *ms).fold(0.0, f64::max);
                    let who = if lab.with(Lab::comparing) { format!("Variant {} would", names.join(", ")) } else { "This run would".into() };
                    format!("{who} take about {} at this machine's measured speed.", duration(ms))
                })}</span>
                " "
                <button type="button" id="run-large" on:click=approve>"Run it"</button>
            </Show>
            <Show when=move || refining.get() && !large()>
                " "<span id="run-refining">"The exact engine is refining this answer…"</span>
            </Show>
            <Show when=move || slow.get() && progress.with(Option::is_some)>{bar}</Show>
            {move || fallback.get().map(|why| view! { <p class="message" id="run-fallback" role="status">{why}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_the_fields_and_their_values() {
        let a = Scenario::default();
        let mut b = a.clone();
        b.traffic.peak_users = 80.0;
        b.seed = 9;
        let text = changes(&a, &b);
        assert!(text.contains(&format!("traffic.peak_users {} → 80", fmt_num(a.traffic.peak_users))), "{text}");
        assert!(text.contains(&format!("seed {} → 9", a.seed)), "{text}");
        assert_eq!(changes(&a, &a), "");
        b.service.startup_s = 99.0;
        b.duration_s = 77.0;
        assert!(changes(&a, &b).ends_with("1 more"), "{}", changes(&a, &b));
    }

    #[test]
    fn stale_says_which_run_is_shown_and_why() {
        let lab = Lab::single(Scenario::default());
        let text_of = |b: Option<Behind>| b.map(|b| b.text);
        let first = stale(&lab, &[], false, false).unwrap();
        assert_eq!((first.text.as_str(), first.running), ("No run to show yet: running.", true));
        let report = crate::runner::Shared(std::sync::Arc::new(autoscale_sim::run(&Scenario::default())));
        let done = Slot { done: Some(crate::runner::Finished { report, elapsed_ms: 1.0 }), ..Slot::default() };
        assert_eq!(stale(&lab, std::slice::from_ref(&done), false, false), None, "current");
        let mut changed = lab.clone();
        changed.variants[0].scenario.seed = 5;
        let invalid = stale(&changed, std::slice::from_ref(&done), true, false).unwrap();
        assert!(!invalid.running, "an invalid edit is said at once");
        let text = invalid.text;
        assert!(
            text.starts_with("Showing the earlier run (seed") && text.ends_with("the settings are invalid."),
            "{text}"
        );
        let cancelled = Slot { cancelled: Some(changed.variants[0].scenario.clone()), ..done.clone() };
        assert!(text_of(stale(&changed, &[cancelled], false, false)).unwrap().ends_with("cancelled."));
        // Changed and not yet sent: the runner's effect sends it; only a slow run is said.
        let unsent = stale(&changed, std::slice::from_ref(&done), false, false).unwrap();
        assert!(unsent.running && unsent.text.ends_with("running."), "{}", unsent.text);
    }
}
