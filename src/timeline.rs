//! The event timeline: every scaling decision, crash and replacement in order; choosing one
//! marks it on the charts. Long lists come a page at a time.

use autoscale_sim::{ScalingEvent, ScalingKind};
use leptos::prelude::*;

/// Events listed at first, and added by each "Show more" [events]. A run that flaps can
/// make thousands (2,626 in an hour at a 1 s interval with no cooldown): listing them all
/// took the page 80-110 ms to build and 180-250 ms to lay out again at every run.
pub const PAGE: usize = 200;

/// What the "Show more" button says when `listed` of `total` events are listed, if any are left.
pub fn more_label(listed: usize, total: usize) -> Option<String> {
    let left = total.checked_sub(listed).filter(|&n| n > 0)?;
    Some(format!("Show {} more (of {left} not listed)", left.min(PAGE)))
}

#[component]
pub fn Timeline(
    events: Signal<Vec<ScalingEvent>>,
    selected: RwSignal<Option<usize>>,
    /// In compare mode, the name of the variant whose events these are.
    variant: Signal<Option<String>>,
) -> impl IntoView {
    let listed = RwSignal::new(PAGE);
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Scaling events" {move || variant.get().map(|v| format!(" of variant {v}"))} " " <small>{move || format!("({})", events.with(Vec::len))}</small></h2>
            <Show when=move || events.with(|e| !e.is_empty()) fallback=|| view! { <p class="empty">"No scaling event in this run."</p> }>
                <ol id="timeline">
                    {move || events.with(|events| events.iter().take(listed.get()).cloned().enumerate().map(|(i, e)| {
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
                                    <span class="reason">{e.reason}</span>
                                </button>
                            </li>
                        }
                    }).collect_view())}
                </ol>
                {move || events.with(|e| more_label(listed.get(), e.len())).map(|label| view! {
                    <button type="button" class="secondary more" id="timeline-more"
                        on:click=move |_| listed.update(|n| *n += PAGE)>{label}</button>
                })}
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_is_offered_only_while_events_are_left() {
        assert_eq!(more_label(PAGE, 150), None);
        assert_eq!(more_label(PAGE, PAGE), None);
        assert_eq!(more_label(PAGE, PAGE + 1).as_deref(), Some("Show 1 more (of 1 not listed)"));
        assert_eq!(more_label(PAGE, 2626).as_deref(), Some("Show 200 more (of 2426 not listed)"));
    }
}
