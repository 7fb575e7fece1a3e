//! The one door to plotly.js: draws a figure into an element, if Plotly is on the page.
//!
//! The plotly crate builds figures; this module calls the page's global `Plotly.react`
//! itself, so that a missing library or a rejected figure is reported, never a panic.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::worker::mark;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Plotly, js_name = react)]
    async fn plotly_react(root: &web_sys::HtmlElement, figure: &JsValue) -> Result<JsValue, JsValue>;
    /// `react` yielding to the page between plotly's drawing steps (scripts/plotly-lab.js).
    #[wasm_bindgen(catch, js_namespace = Plotly, js_name = reactInSlices)]
    async fn plotly_react_in_slices(root: &web_sys::HtmlElement, figure: &JsValue) -> Result<JsValue, JsValue>;
}

/// Whether the page's global `Plotly` exists (index.html loads it without blocking the page).
pub fn available() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Plotly")).is_ok_and(|p| p.is_object())
}

/// The longest wait for plotly.js to arrive [ms].
const LOAD_WAIT_MS: f64 = 30_000.0;

/// Waits until `Plotly` exists, while index.html's `<script id="plotly-js" async>` is still
/// loading (it marks itself `data-state="loaded"` or `"failed"`); whether it exists. With no
/// such script (tests) or a failed one, answers at once.
pub async fn ready() -> bool {
    let script = || web_sys::window()?.document()?.get_element_by_id("plotly-js");
    let start = js_sys::Date::now();
    while !available() {
        let loading = script().is_some_and(|s| s.get_attribute("data-state").is_none());
        if !loading || js_sys::Date::now() - start > LOAD_WAIT_MS {
            return false;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    true
}

/// Draws or updates the figure `plot` (plotly's JSON) in `root` with Plotly.react, once
/// plotly.js is there, yielding to the page between plotly's steps if `in_slices` (a large
/// figure: see scripts/plotly-lab.js; a first draw always does); the error, if any, as text.
pub async fn react(root: &web_sys::HtmlElement, plot: &str, in_slices: bool) -> Result<(), String> {
    if !ready().await {
        return Err("charts unavailable: plotly.js did not load".into());
    }
    mark(&format!("draw-start:{}", root.id()));
    let figure = js_sys::JSON::parse(plot).map_err(|e| format!("chart error: {e:?}"))?;
    allow_label_overflow(&figure);
    let drawn = if in_slices { plotly_react_in_slices(root, &figure).await } else { plotly_react(root, &figure).await };
    let drawn = drawn.map(|_| ()).map_err(|e| format!("chart error: {e:?}"));
    mark(&format!("draw-end:{}", root.id()));
    drawn
}

/// Sets `ticklabeloverflow: "allow"` on every axis of `figure`'s layout that does not say.
/// Plotly's default ("hide past div") measures every tick label of an axis once per label
/// (a bounding box each, so the square of the labels), a third of a redraw's time in axes
/// (`tests/bench/plotly-react.mjs`); the margins leave room for every label anyway.
fn allow_label_overflow(figure: &JsValue) {
    let Ok(layout) = js_sys::Reflect::get(figure, &JsValue::from_str("layout")) else { return };
    let Some(layout) = layout.dyn_ref::<js_sys::Object>() else { return };
    let key = JsValue::from_str("ticklabeloverflow");
    for name in js_sys::Object::keys(layout).iter() {
        let is_axis = name.as_string().is_some_and(|n| n.starts_with("xaxis") || n.starts_with("yaxis"));
        let Ok(axis) = js_sys::Reflect::get(layout, &name) else { continue };
        if is_axis && axis.is_object() && !js_sys::Reflect::has(&axis, &key).unwrap_or(true) {
            let _ = js_sys::Reflect::set(&axis, &key, &JsValue::from_str("allow"));
        }
    }
}

/// Puts the titles the page draws over the chart in `root` (see `titles`) into `layout`, a
/// copy of its layout, as plotly's own: panel names as annotations, axis titles as the
/// axes' (each axis copied first, so the chart's own layout is left as it is).
fn titles_into(root: &web_sys::HtmlElement, layout: &js_sys::Object) -> Result<(), JsValue> {
    let Some(box_) = root.parent_element() else { return Ok(()) };
    let spans = box_.query_selector_all(".chart-title")?;
    let annotations = js_sys::Array::new();
    for i in 0..spans.length() {
        let Some(span) = spans.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let text = span.text_content().unwrap_or_default();
        let place = span.get_attribute("data-place").unwrap_or_default();
        let title = js_sys::Object::new();
        js_sys::Reflect::set(&title, &"text".into(), &text.clone().into())?;
        if place == "panel" {
            let top: f64 = span.get_attribute("data-top").and_then(|t| t.parse().ok()).unwrap_or(1.0);
            let note = js_sys::JSON::parse(
                r#"{"xref": "paper", "yref": "paper", "x": 0, "xanchor": "left", "yanchor": "bottom", "showarrow": false}"#,
            )?;
            js_sys::Reflect::set(&note, &"text".into(), &format!("<b>{text}</b>").into())?;
            js_sys::Reflect::set(&note, &"y".into(), &top.into())?;
            annotations.push(&note);
        } else {
            let axis = js_sys::Reflect::get(layout, &place.as_str().into())?;
            let axis = js_sys::Object::assign(&js_sys::Object::new(), axis.unchecked_ref());
            js_sys::Reflect::set(&axis, &"title".into(), &title)?;
            js_sys::Reflect::set(layout, &place.as_str().into(), &axis)?;
        }
    }
    js_sys::Reflect::set(layout, &"annotations".into(), &annotations)?;
    Ok(())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Plotly, js_name = toImage)]
    async fn plotly_to_image(figure: &JsValue, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// Saves the chart in `root` as a PNG file named `name`.png on `background` (a CSS colour:
/// the page's theme, so a dark chart stays readable on a white document), with plotly's
/// legend above the plot (the page draws its own under the chart, outside the image); the error, if any, as text.
pub async fn download_png(root: &web_sys::HtmlElement, name: &str, background: &str) -> Result<(), String> {
    if !available() {
        return Err("charts unavailable: plotly.js did not load".into());
    }
    let fail = |e: JsValue| format!("image error: {e:?}");
    let get = |key: &str| js_sys::Reflect::get(root, &JsValue::from_str(key)).map_err(fail);
    let colours = js_sys::Object::new();
    for key in ["paper_bgcolor", "plot_bgcolor"] {
        js_sys::Reflect::set(&colours, &key.into(), &background.into()).map_err(fail)?;
    }
    let layout = js_sys::Object::assign(&js_sys::Object::new(), get("layout")?.unchecked_ref());
    let layout = js_sys::Object::assign(&layout, &colours);
    let legend = js_sys::JSON::parse(
        r#"{"showlegend": true, "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            "margin": {"l": 64, "r": 64, "t": 72, "b": 48}}"#,
    )
    .map_err(fail)?;
    let layout = js_sys::Object::assign(&layout, legend.unchecked_ref());
    titles_into(root, &layout).map_err(fail)?;
    let figure = js_sys::Object::new();
    js_sys::Reflect::set(&figure, &"data".into(), &get("data")?).map_err(fail)?;
    js_sys::Reflect::set(&figure, &"layout".into(), &layout).map_err(fail)?;
    let options = js_sys::JSON::parse(r#"{"format": "png", "width": 1200, "height": 700}"#).map_err(fail)?;
    let url = plotly_to_image(&figure, &options).await.map_err(fail)?.as_string().ok_or("image error: no image")?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("image error: no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(&format!("{name}.png"));
    a.click();
    Ok(())
}
