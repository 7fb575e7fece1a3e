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

/// The width of a chart's plot area [px]: the main column's (the window's before it is
/// laid out) less the figure's margins.
pub fn width_px() -> f64 {
    let window = web_sys::window();
    let column =
        window.as_ref().and_then(|w| w.document()?.query_selector("main").ok().flatten()).map(|m| m.client_width());
    let full = window.and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or(1200.0);
    column.filter(|&w| w > 0).map_or(full, f64::from) - 128.0
}

/// The fleet chart's room: two points per pixel of its width, and a height that leaves
/// room for the rest: 620 px on a desktop, less in a short window, on a phone (where the
/// chart stays in view above the controls) and in an embedding iframe (chart and
/// controls in one screen).
pub fn room() -> charts::Room {
    let window = web_sys::window();
    let size = |f: fn(&web_sys::Window) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
        window.as_ref().and_then(|w| f(w).ok()).and_then(|v| v.as_f64())
    };
    let (width, height) =
        (size(web_sys::Window::inner_width).unwrap_or(1200.0), size(web_sys::Window::inner_height).unwrap_or(900.0));
    let embed = window.as_ref().and_then(|w| w.document()?.query_selector(".page.embed").ok().flatten()).is_some();
    let plot_width = width_px();
    charts::Room {
        buckets: crate::reduce::buckets(plot_width),
        height: charts::height_for(width, height, embed),
        compact: plot_width < 480.0,
    }
}

/// A plotly chart that redraws whenever the figure `figure` reads changes; a failing or
/// missing plotly shows a message instead of the chart, never an empty page. A `later`
/// chart redraws in a task of its own after the others, so that one input never costs the
/// main thread every chart's drawing at once; of several changes it draws the latest.
#[component]
pub fn Chart(
    id: &'static str,
    label: Signal<String>,
    figure: impl Fn() -> plotly::Plot + 'static,
    #[prop(optional)] later: bool,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let error = RwSignal::new(None::<String>);
    // Draws so far, on the element as `data-drawn` (benchmarks and tests wait for it).
    let drawn = StoredValue::new(0u64);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let plot = figure();
        asked.update_value(|a| *a += 1);
        let this = asked.get_value();
        if let Some(el) = node.get() {
            leptos::task::spawn_local(async move {
                if later {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    if asked.try_get_value() != Some(this) {
                        return;
                    }
                }
                error.try_set(plotly_js::react(&el, &plot).await.err());
                drawn.try_update_value(|d| *d += 1);
                let _ = el.set_attribute("data-drawn", &drawn.try_get_value().unwrap_or(0).to_string());
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
