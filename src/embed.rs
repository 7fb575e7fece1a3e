//! An embedded lab (`?embed=1` in a documentation page's iframe): the link that opens the
//! same state in the full lab, the notice for `controls=` paths that name no control, and
//! the page's height posted to the parent page for an iframe that sizes itself.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::address::Embed;
use crate::fields;
use crate::lab::Lab;

/// The message the page posts to its parent whenever its height changes:
/// `{ type: HEIGHT_MESSAGE, height }` [CSS px].
pub const HEIGHT_MESSAGE: &str = "autoscale-lab:height";

/// A notice for every `controls=` path that names no control.
pub fn unknown_controls(embed: &Embed) -> Vec<String> {
    let known = |path: &str| fields::SECTIONS.iter().flat_map(|s| s.fields.iter()).any(|f| f.path() == path);
    let unknown: Vec<&str> = embed.controls.iter().map(String::as_str).filter(|c| !c.is_empty() && !known(c)).collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    vec![format!("`controls=` names no control called {}; paths look like traffic.peak_users", unknown.join(", "))]
}

/// The lab's state in the full page: the address without the embedding parameters.
pub fn full_url(lab: &Lab) -> String {
    let url = crate::toolbar::share_url(lab);
    let Some((base, query)) = url.split_once('?') else { return url };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !["embed", "controls", "play"].contains(&p.split('=').next().unwrap_or("")))
        .collect();
    if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// Posts the page's height to the parent page whenever it changes (only when embedded in
/// a frame; the parent's few lines of script are in README).
pub fn post_height() {
    let Some(window) = web_sys::window() else { return };
    let framed = window.parent().ok().flatten().is_some_and(|p| p != window);
    let body = window.document().and_then(|d| d.body());
    let (true, Some(body)) = (framed, body) else { return };
    let post = Closure::<dyn Fn()>::new(move || {
        let Some(w) = web_sys::window() else { return };
        let height = w.document().and_then(|d| d.document_element()).map_or(0, |e| e.scroll_height());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        if let Ok(Some(parent)) = w.parent() {
            let _ = parent.post_message(&message, "*");
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(&body);
        let observer = StoredValue::new_local(observer);
        on_cleanup(move || observer.with_value(web_sys::ResizeObserver::disconnect));
    }
    post.forget();
}

/// "Open in autoscale-lab": the same state in the full page, in a new tab.
#[component]
pub fn OpenInLab(lab: RwSignal<Lab>) -> impl IntoView {
    view! {
        <a class="open-full" id="open-full" target="_blank" rel="noopener" href=move || lab.with(full_url)>
            "Open in autoscale-lab ↗"
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_paths_are_named_and_known_ones_are_not() {
        let embed = |c: &[&str]| Embed { on: true, controls: c.iter().map(|s| s.to_string()).collect() };
        assert!(unknown_controls(&embed(&["traffic.peak_users", "autoscaler.policy"])).is_empty());
        let notes = unknown_controls(&embed(&["traffic.peak_users", "trafic.peak", "cost"]));
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("trafic.peak, cost") && !notes[0].contains("called traffic.peak_users"),
            "{}",
            notes[0]
        );
    }
}
