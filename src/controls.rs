//! Controls: the components that edit a scenario signal through the field table in
//! `fields`: sliders, selects and text lists, each with label, unit, value and help.

use autoscale_sim::{Scenario, ScenarioError};
use leptos::prelude::*;

use crate::shown::Shown;
use crate::slider_scale::{decimals, Scale};

/// A numeric field edited with a slider.
pub struct NumberField {
    /// The scenario field's path, as the core's messages name it.
    pub path: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub help: &'static str,
    pub get: fn(&Scenario) -> f64,
    pub set: fn(&mut Scenario, f64),
}

/// A choice among named variants, edited with a select; the core's `Choice` table gives
/// the options and their help.
pub struct ChoiceField {
    pub path: &'static str,
    pub label: &'static str,
    /// What the choice is about, before each option's help.
    pub lead: &'static str,
    /// (value, label) pairs; values are the scenario JSON's names.
    pub options: fn() -> Vec<(&'static str, &'static str)>,
    /// Every option's help, one sentence each.
    pub describe: fn() -> String,
    pub get: fn(&Scenario) -> String,
    pub set: fn(&mut Scenario, &str),
}

/// A list edited as text, such as "0:100, 600:20".
pub struct TextField {
    pub path: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub get: fn(&Scenario) -> String,
    /// Parses the text into the scenario, or says what is wrong with it.
    pub set: fn(&mut Scenario, &str) -> Result<(), String>,
}

/// A trace file, chosen or dropped (see `trace_input`).
pub struct TraceField {
    pub path: &'static str,
    pub label: &'static str,
    pub help: &'static str,
}

pub enum Input {
    Number(NumberField),
    Choice(ChoiceField),
    Text(TextField),
    Trace(TraceField),
}

/// One control, shown only when `when` holds for the scenario (for example, the spike's
/// start only for the spike pattern).
pub struct Field {
    pub input: Input,
    pub when: fn(&Scenario) -> bool,
}

impl Field {
    pub fn path(&self) -> &'static str {
        match &self.input {
            Input::Number(f) => f.path,
            Input::Choice(f) => f.path,
            Input::Text(f) => f.path,
            Input::Trace(f) => f.path,
        }
    }
}

impl NumberField {
    /// How the slider maps its thumb to the field's range (logarithmic for wide ranges).
    pub fn scale(&self) -> Scale {
        Scale { min: self.min, max: self.max, step: self.step }
    }

    /// The value typed in the exact entry: a number, or a word the control shows
    /// ("unbounded", "auto", "never"); `None` if it is neither.
    pub fn parse(&self, text: &str) -> Option<f64> {
        let text = text.trim();
        match (self.path, text) {
            ("service.queue_limit", "unbounded") => Some(QUEUE_UNBOUNDED),
            ("autoscaler.forecast_horizon_s", "auto") | ("failures.mtbf_s", "never") => Some(0.0),
            _ => text.parse::<f64>().ok().filter(|v| v.is_finite()),
        }
    }

    /// What a screen reader says for value `v`: the value with its unit.
    pub fn spoken(&self, v: f64) -> String {
        let shown = display(self, v);
        let with_unit = if self.unit.is_empty() || shown.parse::<f64>().is_err() {
            shown
        } else {
            format!("{shown} {}", self.unit)
        };
        match crate::slider_scale::human_duration(v).filter(|_| self.unit == "s") {
            Some(human) => format!("{with_unit} ({human})"),
            None => with_unit,
        }
    }
}

/// The queue-limit slider's top stop, which means "unbounded".
pub const QUEUE_UNBOUNDED: f64 = 1001.0;

/// The value as the control shows it.
pub fn display(field: &NumberField, v: f64) -> String {
    if field.path == "service.queue_limit" && v >= QUEUE_UNBOUNDED {
        return "unbounded".into();
    }
    if v == 0.0 {
        match field.path {
            "autoscaler.forecast_horizon_s" => return "auto".into(),
            "failures.mtbf_s" => return "never".into(),
            _ => {}
        }
    }
    let decimals = decimals(field.step).min(2);
    format!("{v:.decimals$}")
}

/// DOM id of a field's input.
pub fn input_id(path: &str) -> String {
    format!("ctl-{}", path.replace('.', "-"))
}

/// Any field, hidden while it does not apply.
#[component]
pub fn FieldControl(field: &'static Field, scenario: Shown, error: Signal<Option<ScenarioError>>) -> impl IntoView {
    let path = field.path();
    // Memos, here and in each input: a change of the scenario updates only the controls
    // whose value it changed (every control's DOM was rewritten on every key press).
    let shown = Memo::new(move |_| scenario.with(|s| (field.when)(s) && crate::fields::read_by_policy(s, path)));
    let id = input_id(path);
    let help_id = format!("{id}-help");
    // The core's error names its field by path: the control with that path is marked.
    let invalid = move || error.with(|e| e.as_ref().is_some_and(|e| e.is_about(path)));
    let (label, help, input) = match &field.input {
        Input::Number(f) => (f.label, f.help.to_string(), slider(f, scenario, id.clone(), help_id.clone()).into_any()),
        Input::Choice(f) => (
            f.label,
            format!("{} {}", f.lead, (f.describe)()),
            choice(f, scenario, id.clone(), help_id.clone()).into_any(),
        ),
        Input::Text(f) => (f.label, f.help.to_string(), text(f, scenario, id.clone(), help_id.clone()).into_any()),
        Input::Trace(f) => (
            f.label,
            f.help.to_string(),
            crate::trace_input::trace_input(f, scenario, id.clone(), help_id.clone()).into_any(),
        ),
    };
    view! {
        <div class="control" class:invalid=invalid class:hidden=move || !shown.get()>
            <div class="head"><label for=id.clone() class="name">{label}</label>{value_view(field, scenario)}</div>
            {input}
            <p class="help" id=help_id role="tooltip">{help}</p>
            <Show when=invalid>
                <p class="message" role="alert">{move || error.with(|e| e.as_ref().map(ToString::to_string))}</p>
            </Show>
        </div>
    }
}

/// A number's exact entry: shows the value, takes a typed one (any value the core accepts,
/// beyond the slider's range too; the core's check names a value it refuses).
fn value_view(field: &'static Field, scenario: Shown) -> impl IntoView {
    match &field.input {
        Input::Number(f) => {
            let value = Memo::new(move |_| scenario.with(|s| (f.get)(s)));
            let problem = RwSignal::new(None::<String>);
            let on_change = move |ev| {
                let text = event_target_value(&ev);
                match f.parse(&text) {
                    Some(v) => {
                        problem.set(None);
                        scenario.update(|s| (f.set)(s, v));
                    }
                    None => problem.set(Some(format!("{}: “{}” is not a number", f.label, text.trim()))),
                }
            };
            Some(view! {
                <span class="exact">
                    <input type="text" inputmode="decimal" class="value" id=format!("{}-value", input_id(f.path))
                        aria-label=format!("{} exact value", f.label) spellcheck="false"
                        prop:value=move || display(f, value.get())
                        on:change=on_change />
                    <small>{f.unit}</small>
                </span>
                <Show when=move || problem.get().is_some()>
                    <span class="message" role="alert">{move || problem.get()}</span>
                </Show>
            })
        }
        _ => None,
    }
}

fn slider(f: &'static NumberField, scenario: Shown, id: String, help_id: String) -> impl IntoView {
    let scale = f.scale();
    let (min, max, step) = scale.attributes();
    let value = Memo::new(move |_| scenario.with(|s| (f.get)(s)));
    let on_input = move |ev| {
        if let Ok(p) = event_target_value(&ev).parse::<f64>() {
            scenario.update(|s| (f.set)(s, scale.value(p)));
        }
    };
    view! {
        <input type="range" id=id min=min max=max step=step aria-describedby=help_id
            prop:value=move || scale.position(value.get()).to_string()
            aria-valuetext=move || f.spoken(value.get())
            on:input=on_input />
    }
}

fn choice(f: &'static ChoiceField, scenario: Shown, id: String, help_id: String) -> impl IntoView {
    let chosen = Memo::new(move |_| scenario.with(|s| (f.get)(s)));
    view! {
        <select id=id aria-describedby=help_id
            prop:value=move || chosen.get()
            on:change=move |ev| scenario.update(|s| (f.set)(s, &event_target_value(&ev)))>
            {(f.options)().into_iter().map(|(value, label)| view! {
                <option value=value selected=move || chosen.with(|c| *c == value)>{label}</option>
            }).collect_view()}
        </select>
    }
}

fn text(f: &'static TextField, scenario: Shown, id: String, help_id: String) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let value = Memo::new(move |_| scenario.with(|s| (f.get)(s)));
    let on_change = move |ev| {
        let text = event_target_value(&ev);
        let mut next = scenario.get_untracked();
        match (f.set)(&mut next, &text) {
            Ok(()) => {
                problem.set(None);
                scenario.set(next);
            }
            // The scenario keeps its last good list; the text stays for the person to fix.
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <input type="text" id=id aria-describedby=help_id spellcheck="false"
            prop:value=move || value.get()
            on:change=on_change />
        <Show when=move || problem.get().is_some()>
            <p class="message" role="alert">{move || problem.get()}</p>
        </Show>
    }
}
