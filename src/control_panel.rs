//! The control panel: every section of the field table (only the controls an embedding
//! asks for), the scenario's error naming its field, and Reset. The first sections are
//! built at once, the others once `rest` is true (the page's start, see `App`).

use autoscale_sim::{Scenario, ScenarioError};
use leptos::prelude::*;

use crate::address::Embed;
use crate::controls::FieldControl;
use crate::edits::Edits;
use crate::fields;
use crate::shown::Shown;

/// Sections built with the page's first task: what a first screen shows.
const FIRST_SECTIONS: usize = 2;

#[component]
pub fn ControlPanel(
    scenario: Shown,
    edits: Edits,
    error: Signal<Option<ScenarioError>>,
    embed: Embed,
    rest: Signal<bool>,
) -> impl IntoView {
    let hidden = embed.on && embed.controls.is_empty();
    let sections = fields::SECTIONS
        .iter()
        .filter(|section| section.fields.iter().any(|f| embed.shows(f.path())))
        .enumerate()
        .map(|(i, section)| {
            let embed = embed.clone();
            let fieldset = move || {
                let controls = section.fields.iter().filter(|f| embed.shows(f.path()));
                let controls =
                    controls.map(|f| view! { <FieldControl field=f scenario=scenario error=error /> }).collect_view();
                view! { <fieldset><legend>{section.title}</legend>{controls}</fieldset> }
            };
            view! { <Show when=move || i < FIRST_SECTIONS || rest.get()>{fieldset.clone()}</Show> }
        })
        .collect_view();
    view! {
        <aside class="controls" id="scenario-controls" aria-label="Scenario" class:hidden=hidden>
            <Show when=move || error.with(Option::is_some)>
                <p class="message banner" role="alert" id="scenario-error">
                    {move || error.with(|e| e.as_ref().map(ToString::to_string))} " The charts show the last valid run."
                </p>
            </Show>
            {sections}
            <button type="button" class="secondary chrome" on:click=move |_| edits.act(|l| l.set_shown(Scenario::default()))>"Reset to defaults"</button>
        </aside>
    }
}
