//! The status line above the charts: how many messages the run simulated and how long it
//! took, or, for a large scenario, how large it is and a button to run it.

use autoscale_sim::Scenario;
use leptos::prelude::*;

use crate::runner::Runner;
use crate::shown::Shown;

#[component]
pub fn RunStatus(runner: Runner, scenario: Shown) -> impl IntoView {
    let Runner { report, elapsed_ms, error, too_large, approved, .. } = runner;
    view! {
        <div class="status" aria-live="polite">
            <Show when=move || too_large.get() && error.with(Option::is_none)
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
    }
}
