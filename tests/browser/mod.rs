//! Helpers of the browser tests: mounting the app at an address, reading the page, acting
//! on controls as a person would, and waiting for what should follow.

#![allow(dead_code)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A stand-in for plotly.js that keeps each figure on its element, as Plotly does.
pub const PLOTLY_STUB: &str = "window.Plotly = { react: (el, fig) => { el.data = fig.data; el.layout = fig.layout; \
    window.plotlyCalls = (window.plotlyCalls || 0) + 1; return Promise.resolve(el); } }; \
    Plotly.reactInSlices = Plotly.react;";

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits until `condition` holds (effects run a tick after a change, Plotly answers with
/// a promise, runs answer from a worker); fails naming `what` after 10 s.
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 10_000.0;
    while !condition() {
        assert!(js_sys::Date::now() < deadline, "timed out waiting for {what}");
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
}

/// Mounts the app in a fresh container, with no saved state and a plain address.
pub async fn mount() -> (web_sys::HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    open_at("", true).await
}

/// Mounts the app as if opened at the address query `query` (such as "?embed=1"), with or
/// without clearing the state kept in local storage; the handle unmounts it when dropped.
pub async fn open_at(query: &str, clear: bool) -> (web_sys::HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    let window = web_sys::window().unwrap();
    if clear {
        window.local_storage().unwrap().unwrap().clear().unwrap();
    }
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{query}")))
        .unwrap();
    let container: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    autoscale_lab::pool::set_worker_url(WORKER_URL);
    let handle = leptos::mount::mount_to(container.clone(), autoscale_lab::App);
    until("the first run's report", || text(&container, "#report").contains("Total requests")).await;
    settled(&container).await;
    // A state the address does not already restore (one kept in local storage, or a link
    // read with notices) reaches the address and local storage (not an embed's) in an effect
    // a tick after mount; a link is kept as it is; the defaults with nothing kept need nothing.
    let storage = window.local_storage().unwrap().unwrap();
    if !query.contains("embed=1") && (query.contains("s=") || query.contains("v=") || !clear) {
        until("the state kept", || storage.get_item(autoscale_lab::STORAGE_KEY).unwrap().is_some()).await;
    }
    (container, handle)
}

/// The run worker of the release build (`trunk build --release` comes first in
/// scripts/test.sh; the test server serves the project's directory), through a loader
/// that works inside the test runner's worker wrapper (see the file).
pub const WORKER_URL: &str = "/tests/browser/worker_loader.js";

/// Waits until the charts show the controls' scenario (no run in flight, nothing stale).
pub async fn settled(root: &web_sys::HtmlElement) {
    until("the charts to show the controls' scenario", || find(root, ".runs[data-current=true]").is_some()).await;
}

pub fn find(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).unwrap()
}

pub fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    find(root, selector).map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

pub fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Sets a number, select or text field to `value` as a person would, firing its input and
/// change events (the state changes at once; callers wait for what it should show).
pub fn set_control(root: &web_sys::HtmlElement, id: &str, value: &str) {
    // A number is typed into its exact entry (a slider's thumb is a position, not a value).
    let el = find(root, &format!("#{id}-value"))
        .or_else(|| find(root, &format!("#{id}")))
        .unwrap_or_else(|| panic!("no control #{id}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    for kind in ["input", "change"] {
        el.dispatch_event(&web_sys::Event::new(kind).unwrap()).unwrap();
    }
}

pub fn chart_data_len(root: &web_sys::HtmlElement, id: &str) -> u32 {
    let el = find(root, &format!("#{id}")).unwrap();
    let data = js_sys::Reflect::get(&el, &"data".into()).unwrap();
    data.dyn_into::<js_sys::Array>().map(|a| a.length()).unwrap_or(0)
}

pub fn visible(root: &web_sys::HtmlElement, id: &str) -> bool {
    let input = find(root, &format!("#{id}")).unwrap_or_else(|| panic!("no #{id}"));
    !input.closest(".control").unwrap().unwrap().class_list().contains("hidden")
}

/// The `s` parameter of a kept query.
pub fn search_param_of(query: &str) -> String {
    web_sys::UrlSearchParams::new_with_str(query).unwrap().get("s").unwrap_or_default()
}

/// The text a base64url parameter of the address holds, once it holds every one of `parts`
/// (the address follows the state within `KEEP_AFTER_MS`).
pub async fn address_holds(name: &str, parts: &[&str]) -> String {
    let decoded = || {
        let param = search_param(name)?;
        String::from_utf8(autoscale_lab::share::from_base64url(&param)?).ok()
    };
    until(&format!("the address's {name} holding {parts:?}"), || {
        decoded().is_some_and(|text| parts.iter().all(|p| text.contains(p)))
    })
    .await;
    decoded().unwrap_or_default()
}

pub fn search_param(name: &str) -> Option<String> {
    let search = web_sys::window().unwrap().location().search().unwrap();
    web_sys::UrlSearchParams::new_with_str(&search).unwrap().get(name)
}

pub fn click(root: &web_sys::HtmlElement, selector: &str) {
    let el: web_sys::HtmlElement = find(root, selector).unwrap_or_else(|| panic!("no {selector}")).unchecked_into();
    el.click();
}

/// The distinct legend groups (one per variant) of the traces drawn in chart `id`.
pub fn legend_groups(root: &web_sys::HtmlElement, id: &str) -> Vec<String> {
    let el = find(root, &format!("#{id}")).unwrap();
    let Ok(data) = js_sys::Reflect::get(&el, &"data".into()).unwrap().dyn_into::<js_sys::Array>() else {
        return Vec::new();
    };
    let mut groups: Vec<String> =
        data.iter().filter_map(|t| js_sys::Reflect::get(&t, &"legendgroup".into()).ok()?.as_string()).collect();
    groups.dedup();
    groups
}
