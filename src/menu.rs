//! A toolbar menu: a `<details>` whose summary opens a list of actions. Choosing an action,
//! pressing Escape or clicking elsewhere closes it; everything else is the browser's own
//! (keyboard, screen readers), so the menu works before and without any script of ours.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn close(node: &web_sys::Element) {
    let _ = node.remove_attribute("open");
}

/// Whether the event happened inside `node`.
fn inside(node: &web_sys::Element, ev: &web_sys::Event) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).is_some_and(|t| node.contains(Some(&t)))
}

#[component]
pub fn Menu(id: &'static str, label: &'static str, children: Children) -> impl IntoView {
    let node = NodeRef::<leptos::html::Details>::new();
    let element = move || node.get_untracked().map(|d| d.unchecked_into::<web_sys::Element>());
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(d) = element().filter(|d| d.has_attribute("open") && !inside(d, &ev)) {
            close(&d);
        }
    });
    on_cleanup(move || outside.remove());
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            if let Some(d) = element().filter(|d| d.has_attribute("open")) {
                close(&d);
                if let Some(summary) = d.query_selector("summary").ok().flatten() {
                    let _ = summary.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
        }
    };
    // An action chosen (a button, or a file picked) closes the menu.
    let chosen = move |ev: &web_sys::Event| {
        let on_action = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button:not([disabled]), input").ok().flatten())
            .is_some();
        if let (true, Some(d)) = (on_action, element()) {
            close(&d);
        }
    };
    view! {
        <details class="menu" id=id node_ref=node on:keydown=on_key>
            <summary>{label}</summary>
            <div class="menu-items" on:click=move |ev| chosen(&ev) on:change=move |ev| chosen(&ev)>{children()}</div>
        </details>
    }
}
