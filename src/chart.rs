//! A plotly chart component, redrawn (`Plotly.react`) whenever the figure it reads changes;
//! and the page's colour theme.

use leptos::prelude::*;

use crate::{charts, plotly_js};

/// The page's colours follow the system's light or dark preference.
pub fn theme() -> charts::Theme {
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark {
        charts::DARK
    } else {
        charts::LIGHT
    }
}

/// The width a chart may have [px]: the window's (charts span the main column).
pub fn width_px() -> f64 {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or(1200.0)
}

/// A plotly chart that redraws whenever the figure `figure` reads changes; a failing or
/// missing plotly shows a message instead of the chart, never an empty page.
#[component]
pub fn Chart(id: &'static str, label: Signal<String>, figure: impl Fn() -> plotly::Plot + 'static) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let error = RwSignal::new(None::<String>);
    // Draws so far, on the element as `data-drawn` (benchmarks and tests wait for it).
    let drawn = StoredValue::new(0u64);
    Effect::new(move |_| {
        let plot = figure();
        if let Some(el) = node.get() {
            leptos::task::spawn_local(async move {
                error.set(plotly_js::react(&el, &plot).await.err());
                drawn.update_value(|d| *d += 1);
                let _ = el.set_attribute("data-drawn", &drawn.get_value().to_string());
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
