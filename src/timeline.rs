//! The event timeline: every scaling decision, crash and replacement in order; choosing one
//! marks it on the charts.

use autoscale_sim::{ScalingEvent, ScalingKind};
use leptos::prelude::*;

#[component]
pub fn Timeline(
    events: Signal<Vec<ScalingEvent>>,
    selected: RwSignal<Option<usize>>,
    /// In compare mode, the name of the variant whose events these are.
    variant: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Scaling events" {move || variant.get().map(|v| format!(" of variant {v}"))} " " <small>{move || format!("({})", events.with(Vec::len))}</small></h2>
            <Show when=move || events.with(|e| !e.is_empty()) fallback=|| view! { <p class="empty">"No scaling event in this run."</p> }>
                <ol id="timeline">
                    {move || events.get().into_iter().enumerate().map(|(i, e)| {
                        let (class, kind) = match e.kind {
                            ScalingKind::Up => ("up", "▲ up"),
                            ScalingKind::Down => ("down", "▼ down"),
                            ScalingKind::Crash => ("failure", "✖ crash"),
                            ScalingKind::Replace => ("failure", "↻ replace"),
                        };
                        view! {
                            <li class=class>
                                <button type="button"
                                    aria-pressed=move || (selected.get() == Some(i)).to_string()
                                    on:click=move |_| selected.update(|s| *s = if *s == Some(i) { None } else { Some(i) })>
                                    <span class="t">{format!("{:.1} s", e.t)}</span>
                                    <span class="kind">{kind}</span>
                                    <span class="change">{format!("{} → {}", e.from, e.to)}</span>
                                    <span class="reason">{e.reason.clone()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </Show>
        </section>
    }
}
