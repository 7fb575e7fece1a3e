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

/// The width of a chart's plot area [px]: the charts' `column` (the window's before it is
/// laid out) less the figure's margins.
pub fn width_px(column: f64) -> f64 {
    let full = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or(1200.0);
    (if column > 0.0 { column } else { full }) - 128.0
}

/// The fleet chart's room in a column `column` px wide (0: not yet known): one point per
/// pixel of its width (see `reduce::buckets`), and a height that leaves room for the rest:
/// 620 px on a desktop, less in a short window, on a phone (where the chart stays in view
/// above the controls) and in an embedding iframe (chart and controls in one screen).
pub fn room(column: f64, embed: bool) -> charts::Room {
    let window = web_sys::window();
    let size = |f: fn(&web_sys::Window) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
        window.as_ref().and_then(|w| f(w).ok()).and_then(|v| v.as_f64())
    };
    let (width, height) =
        (size(web_sys::Window::inner_width).unwrap_or(1200.0), size(web_sys::Window::inner_height).unwrap_or(900.0));
    let plot_width = width_px(column);
    charts::Room {
        buckets: crate::reduce::buckets(plot_width),
        height: charts::height_for(width, height, embed),
        compact: plot_width < 480.0,
    }
}

/// A figure's JSON above this many bytes is drawn in a task of its own (see `Chart`): the
/// default run's fleet figure is about 9 kB, an hour in 1 s intervals' about 95 kB (a
/// desktop's chart: about 850 points per series).
const LARGE_FIGURE: usize = 40_000;

/// A plotly chart that redraws whenever the figure `figure` reads changes; a failing or
/// missing plotly shows a message instead of the chart, never an empty page. A `later`
/// chart redraws in a task of its own after the others, so that one input never costs the
/// main thread every chart's drawing at once; of several changes it draws the latest. A
/// `lazy` chart is drawn only while it is near the viewport (an off-screen chart costs the
/// page's start and every input nothing) and catches up with the latest figure when it
/// comes into view. A figure equal to the one drawn is not drawn again.
#[component]
pub fn Chart(
    id: &'static str,
    label: Signal<String>,
    figure: impl Fn() -> plotly::Plot + 'static,
    #[prop(optional)] later: bool,
    #[prop(optional)] lazy: bool,
    /// The figure's height [px], kept for it before plotly.js has drawn it (so that nothing
    /// below moves when it does).
    #[prop(optional, into)]
    min_height: Option<Signal<usize>>,
    /// While true the chart is not drawn (the placeholder before the first run: drawing an
    /// empty figure first cost the page's start a whole redraw).
    #[prop(optional, into)]
    hold: Option<Signal<bool>>,
    /// Titles the page draws over the plot (the fleet chart's, see `titles`).
    #[prop(optional, into)]
    titles: Option<Signal<crate::titles::Titles>>,
    /// Drawn under the plot, in the chart's box (the fleet chart's legend).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let error = RwSignal::new(None::<String>);
    // Draws so far, on the element as `data-drawn` (benchmarks and tests wait for it).
    let drawn = StoredValue::new(0u64);
    let asked = StoredValue::new(0u64);
    let in_view = crate::observe::near_viewport(node, lazy);
    let last = StoredValue::new(String::new());
    Effect::new(move |_| {
        if !in_view.get() {
            return;
        }
        let plot = figure().to_json();
        if hold.is_some_and(|h| h.get()) || last.with_value(|l| *l == plot) {
            return;
        }
        last.set_value(plot.clone());
        asked.update_value(|a| *a += 1);
        let this = asked.get_value();
        if let Some(el) = node.get() {
            // A large figure comes with a large run, whose reading and rendering took this
            // task a while already: plotly draws it in a task of its own, so that neither
            // part keeps the page from input for both. So does a chart's first draw, which
            // runs plotly's code cold (see scripts/plotly-lab.js).
            let large = plot.len() > LARGE_FIGURE;
            let first = drawn.get_value() == 0;
            // Busy from the figure asked for to the latest one drawn (tests and benchmarks
            // wait for it; a screen reader waits for the chart).
            let _ = el.set_attribute("aria-busy", "true");
            leptos::task::spawn_local(async move {
                if later || large || first {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                }
                // Of the figures asked for while plotly.js was loading (or this one
                // waited), only the latest is drawn.
                let _ = plotly_js::ready().await;
                if asked.try_get_value() != Some(this) {
                    return;
                }
                let result = plotly_js::react(&el, &plot, large).await;
                if result.is_err() {
                    // Drawn again at the next change, even to the same figure.
                    last.try_set_value(String::new());
                }
                error.try_set(result.err());
                drawn.try_update_value(|d| *d += 1);
                let _ = el.set_attribute("data-drawn", &drawn.try_get_value().unwrap_or(0).to_string());
                if asked.try_get_value() == Some(this) {
                    let _ = el.remove_attribute("aria-busy");
                }
            });
        }
    });
    view! {
        <figure class="chart">
            <div class="plot-box">
                <div id=id node_ref=node role="img" aria-label=move || label.get()
                    style:min-height=move || min_height.map_or(String::new(), |h| format!("{}px", h.get()))></div>
                {titles.map(|titles| view! { <crate::titles::Overlay titles=titles /> })}
            </div>
            {children.map(|c| c())}
            <Show when=move || error.get().is_some()>
                <figcaption class="message" role="alert">{move || error.get()}</figcaption>
            </Show>
        </figure>
    }
}
