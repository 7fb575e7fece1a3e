//! The page's observers of its own elements: the width of the charts' column
//! (ResizeObserver) and whether a chart is near the viewport (IntersectionObserver). Both
//! report after layout, so reading them never forces one.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// The width [px] of the column that holds the charts (`column`, their container), 0 until
/// it is first laid out, kept by a ResizeObserver: the observer reports after layout, so
/// the figure never forces one (reading `clientWidth` while the page changed did, at every
/// redraw). The first width is set at once, later ones 150 ms after the last change (a
/// window being resized). (It observed the whole page's `main` until 2026-12-06: on a
/// desktop, where the controls take a column of their own, the charts got 1.5 points per
/// pixel instead of one.)
pub fn column_width(column: NodeRef<Div>) -> ReadSignal<f64> {
    let width = RwSignal::new(0.0);
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let seen = move |entries: js_sys::Array| {
        let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else { return };
        let w = f64::from(entry.target().client_width());
        if w <= 0.0 || w == width.get_untracked() {
            return;
        }
        if width.get_untracked() == 0.0 {
            width.set(w);
        } else {
            timer.set_value(Some(gloo_timers::callback::Timeout::new(150, move || {
                let _ = width.try_set(w);
            })));
        }
    };
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(seen);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
    watch(column, callback, observer, |o, el| o.observe(el), web_sys::ResizeObserver::disconnect);
    width.read_only()
}

/// Whether `node` is within 200 px of the viewport, kept by an IntersectionObserver; always
/// true unless `lazy` (or where there is no observer).
pub fn near_viewport(node: NodeRef<Div>, lazy: bool) -> ReadSignal<bool> {
    let near = RwSignal::new(true);
    if !lazy {
        return near.read_only();
    }
    let seen = move |entries: js_sys::Array| {
        // The latest entry says where the chart is now.
        let latest = entries.iter().rev().find_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok());
        if let Some(entry) = latest {
            near.try_set(entry.is_intersecting());
        }
    };
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(seen);
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("200px 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options).ok();
    if observer.is_some() {
        near.set(false);
    }
    watch(node, callback, observer, |o, el| o.observe(el), web_sys::IntersectionObserver::disconnect);
    near.read_only()
}

/// Has `observer` (if there is one) watch `node` once it is mounted, keeps its `callback`
/// alive as long as the component, and disconnects it when the component goes.
fn watch<O: Clone + 'static>(
    node: NodeRef<Div>,
    callback: Closure<dyn Fn(js_sys::Array)>,
    observer: Option<O>,
    observe: fn(&O, &web_sys::Element),
    disconnect: fn(&O),
) {
    let kept = StoredValue::new_local((observer.clone(), callback));
    Effect::new(move |_| {
        if let (Some(el), Some(o)) = (node.get(), &observer) {
            observe(o, &el);
        }
    });
    on_cleanup(move || {
        kept.with_value(|(o, _)| o.as_ref().map(disconnect));
    });
}
