//! The status line above the charts: how many messages the run simulated and how long it
//! took, or, for a large scenario, how large it is and a button to run it.

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
                <span>{move || scenario.with(|s| {
                    let work = s.work();
                    format!(
                        "This run costs about {:.1} million messages' worth of work, most of it {}.",
                        work.total() / 1e6,
                        work.dominant().what
                    )
                })}</span>
                " "
                <button type="button" id="run-large" on:click=move |_| approved.set(Some(scenario.get_untracked()))>"Run it"</button>
            </Show>
        </div>
    }
}
