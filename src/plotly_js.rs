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

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Plotly, js_name = downloadImage)]
    async fn plotly_download_image(root: &web_sys::HtmlElement, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// Saves the chart in `root` as a PNG file named `name`.png; the error, if any, as text.
pub async fn download_png(root: &web_sys::HtmlElement, name: &str) -> Result<(), String> {
    if !available() {
        return Err("charts unavailable: plotly.js did not load".into());
    }
    let options =
        js_sys::JSON::parse(&format!(r#"{{"format": "png", "filename": "{name}", "width": 1200, "height": 700}}"#))
            .map_err(|e| format!("image error: {e:?}"))?;
    plotly_download_image(root, &options).await.map(|_| ()).map_err(|e| format!("image error: {e:?}"))
}
