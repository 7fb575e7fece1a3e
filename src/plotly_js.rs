//! The one door to plotly.js: draws a figure into an element, if Plotly is on the page.
//!
//! The plotly crate builds figures; this module calls the page's global `Plotly.react`
//! itself, so that a missing library or a rejected figure is reported, never a panic.

use plotly::Plot;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Plotly, js_name = react)]
    async fn plotly_react(root: &web_sys::HtmlElement, figure: &JsValue) -> Result<JsValue, JsValue>;
}

/// Whether the page's global `Plotly` exists (it is loaded by index.html).
pub fn available() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Plotly")).is_ok_and(|p| p.is_object())
}

/// Draws or updates `plot` in `root` with Plotly.react; the error, if any, as text.
pub async fn react(root: &web_sys::HtmlElement, plot: &Plot) -> Result<(), String> {
    if !available() {
        return Err("charts unavailable: plotly.js did not load".into());
    }
    let figure = js_sys::JSON::parse(&plot.to_json()).map_err(|e| format!("chart error: {e:?}"))?;
    plotly_react(root, &figure).await.map(|_| ()).map_err(|e| format!("chart error: {e:?}"))
}
