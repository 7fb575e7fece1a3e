//! The variant bar: a tab per variant (the controls edit the chosen one), its name,
//! duplicate and remove buttons, and the switch between one run and the comparison.

use leptos::prelude::*;

use crate::compare_charts::colour;
use crate::edits::Edits;
use crate::lab::{Lab, MAX_NAME, MAX_VARIANTS};

#[component]
pub fn VariantBar(lab: RwSignal<Lab>, edits: Edits) -> impl IntoView {
    let count = move || lab.with(|l| l.variants.len());
    let tabs = move || {
        lab.with(|l| {
            l.variants
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let chosen = i == l.shown;
                    view! {
                        <button type="button" role="tab" class="variant-tab" aria-selected=chosen.to_string()
                            id=format!("variant-tab-{i}") aria-controls="scenario-controls"
                            tabindex=if chosen { "0" } else { "-1" }
                            style=format!("--variant:{}", colour(i))
                            on:click=move |_| lab.update(|l| l.show(i))>
                            <span class="swatch" style=format!("background:{}", colour(i))></span>{v.name.clone()}
                        </button>
                    }
                })
                .collect_view()
        })
    };
    // The tabs' keys (WAI-ARIA tabs): arrows, Home and End choose a tab and move the focus.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let (n, i) = lab.with_untracked(|l| (l.variants.len(), l.shown));
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (i + 1) % n,
            "ArrowLeft" | "ArrowUp" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        lab.update(|l| l.show(next));
        let focus = move || {
            let tab = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("variant-tab-{next}")));
            if let Some(tab) = tab.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok()) {
                let _ = tab.focus();
            }
        };
        request_animation_frame(focus);
    };
    let shown_name = move || lab.with(|l| l.variants[l.shown].name.clone());
    view! {
        <section class="variants" aria-label="Variants">
            <div role="tablist" aria-label="Variant the controls edit" id="variant-tabs" on:keydown=on_key>{tabs}</div>
            <label>"Name "
                <input type="text" id="variant-name" maxlength=MAX_NAME.to_string() prop:value=shown_name
                    on:change=move |ev| {
                        let name = event_target_value(&ev);
                        lab.update(|l| l.rename(l.shown, &name));
                    } />
            </label>
            <button type="button" id="duplicate-variant" disabled=move || { count() >= MAX_VARIANTS }
                title="Copy the variant shown, to change some of its controls and compare"
                on:click=move |_| edits.act(|l| { l.duplicate(); })>"Duplicate variant"</button>
            <button type="button" class="secondary" id="remove-variant" disabled=move || { count() < 2 }
                on:click=move |_| edits.act(|l| l.remove(l.shown))>"Remove variant"</button>
            <label class="switch">
                <input type="checkbox" id="compare" prop:checked=move || lab.with(|l| l.compare)
                    disabled=move || { count() < 2 }
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        lab.update(|l| l.compare = on);
                    } />
                " Compare variants"
            </label>
            <p class="hint">"Variants share the seed, duration, traffic, failures and objective; the controls edit the chosen one."</p>
        </section>
    }
}
