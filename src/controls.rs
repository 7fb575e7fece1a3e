//! Controls: one table row per scenario field (label, unit, range, help), and the slider
//! and select components that edit a scenario signal through them.

use autoscale_sim::scenario::{Pattern, Policy, ServiceDist, Strategy};
use autoscale_sim::Scenario;
use leptos::prelude::*;

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

/// A choice among named variants, edited with a select.
pub struct ChoiceField {
    pub path: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    /// (value, label) pairs; values are the scenario JSON's names.
    pub options: &'static [(&'static str, &'static str)],
    pub get: fn(&Scenario) -> &'static str,
    pub set: fn(&mut Scenario, &str),
}

/// The queue-limit slider's top stop, which means "unbounded".
pub const QUEUE_UNBOUNDED: f64 = 1001.0;

macro_rules! number {
    ($path:literal, $label:literal, $unit:literal, $min:expr, $max:expr, $step:expr, $help:literal, |$s:ident| $field:expr, $conv:ty) => {
        NumberField {
            path: $path,
            label: $label,
            unit: $unit,
            min: $min,
            max: $max,
            step: $step,
            help: $help,
            get: |$s| $field as f64,
            set: |$s, v| $field = v as $conv,
        }
    };
}

pub const TRAFFIC: &[NumberField] = &[
    number!("duration_s", "Duration", "s", 10.0, 3600.0, 10.0, "Simulated time of the run.", |s| s.duration_s, f64),
    number!(
        "traffic.base_users",
        "Base users",
        "users",
        0.0,
        1000.0,
        1.0,
        "Concurrent users at the start and end of the run.",
        |s| s.traffic.base_users,
        f64
    ),
    number!(
        "traffic.peak_users",
        "Peak users",
        "users",
        0.0,
        2000.0,
        5.0,
        "Concurrent users at the peak (30 % to 70 % of the run for three-phase traffic).",
        |s| s.traffic.peak_users,
        f64
    ),
    number!(
        "traffic.msg_rate",
        "Messages per user",
        "msg/s",
        0.1,
        10.0,
        0.1,
        "Each user sends messages as a Poisson process at this rate.",
        |s| s.traffic.msg_rate,
        f64
    ),
    number!(
        "traffic.noise",
        "Noise",
        "±",
        0.0,
        1.0,
        0.05,
        "Users are scaled by a random factor in [1 - noise, 1 + noise], redrawn every second.",
        |s| s.traffic.noise,
        f64
    ),
    number!(
        "seed",
        "Seed",
        "",
        0.0,
        9999.0,
        1.0,
        "Seed of every random stream: the same seed gives the same run.",
        |s| s.seed,
        u64
    ),
];

pub const AUTOSCALER: &[NumberField] = &[
    number!(
        "autoscaler.scale_up",
        "Scale-up threshold",
        "users/server",
        1.0,
        200.0,
        1.0,
        "Add servers when average users per ready server exceed this.",
        |s| s.autoscaler.scale_up,
        f64
    ),
    number!(
        "autoscaler.scale_down",
        "Scale-down threshold",
        "users/server",
        0.0,
        200.0,
        1.0,
        "Remove servers when average users per ready server fall below this. Must be below the scale-up threshold.",
        |s| s.autoscaler.scale_down,
        f64
    ),
    number!(
        "autoscaler.min_servers",
        "Min servers",
        "servers",
        1.0,
        50.0,
        1.0,
        "The fleet never shrinks below this.",
        |s| s.autoscaler.min_servers,
        u32
    ),
    number!(
        "autoscaler.max_servers",
        "Max servers",
        "servers",
        1.0,
        100.0,
        1.0,
        "The fleet never grows above this.",
        |s| s.autoscaler.max_servers,
        u32
    ),
    number!(
        "autoscaler.initial_servers",
        "Initial servers",
        "servers",
        1.0,
        100.0,
        1.0,
        "Servers ready at the start; between min and max.",
        |s| s.autoscaler.initial_servers,
        u32
    ),
    number!(
        "autoscaler.cooldown_s",
        "Cooldown",
        "s",
        0.0,
        300.0,
        1.0,
        "No scaling action within this time of the previous one.",
        |s| s.autoscaler.cooldown_s,
        f64
    ),
    number!(
        "autoscaler.interval_s",
        "Evaluation interval",
        "s",
        0.5,
        60.0,
        0.5,
        "The policy looks at the metrics of each interval at its end.",
        |s| s.autoscaler.interval_s,
        f64
    ),
    number!(
        "autoscaler.step",
        "Step",
        "servers",
        1.0,
        10.0,
        1.0,
        "Servers added or removed by one action.",
        |s| s.autoscaler.step,
        u32
    ),
];

pub const SERVICE: &[NumberField] = &[
    number!("service.service_ms", "Service time", "ms", 1.0, 1000.0, 1.0, "Mean time one worker spends on one message.", |s| s.service.service_ms, f64),
    number!("service.service_cv", "Service variation", "cv", 0.0, 3.0, 0.1, "Coefficient of variation of the service time (lognormal only).", |s| s.service.service_cv, f64),
    number!("service.workers", "Workers per server", "slots", 1.0, 32.0, 1.0, "Messages one server processes at the same time.", |s| s.service.workers, u32),
    NumberField {
        path: "service.queue_limit",
        label: "Queue limit",
        unit: "requests",
        min: 0.0,
        max: QUEUE_UNBOUNDED,
        step: 1.0,
        help: "Waiting messages one server holds; an arrival that finds the queue full is dropped. The top stop is unbounded.",
        get: |s| s.service.queue_limit.map_or(QUEUE_UNBOUNDED, |q| q as f64),
        set: |s, v| s.service.queue_limit = if v >= QUEUE_UNBOUNDED { None } else { Some(v as u32) },
    },
    number!("service.startup_s", "Startup delay", "s", 0.0, 300.0, 1.0, "Time from the decision to add a server until it takes requests.", |s| s.service.startup_s, f64),
    number!("service.cost_per_hour", "Cost per server-hour", "$/h", 0.0, 5.0, 0.01, "Price of one server for an hour, whatever its state.", |s| s.service.cost_per_hour, f64),
];

pub const CHOICES: &[ChoiceField] = &[
    ChoiceField {
        path: "traffic.pattern",
        label: "Traffic pattern",
        help: "Three-phase: ramp up over the first 30 %, peak to 70 %, ramp down. Constant: base users throughout.",
        options: &[("three_phase", "three-phase"), ("constant", "constant")],
        get: |s| match s.traffic.pattern {
            Pattern::ThreePhase => "three_phase",
            Pattern::Constant => "constant",
        },
        set: |s, v| s.traffic.pattern = if v == "constant" { Pattern::Constant } else { Pattern::ThreePhase },
    },
    ChoiceField {
        path: "autoscaler.policy",
        label: "Policy",
        help: "Threshold: the seed's rule on users per ready server. Fixed: never scales.",
        options: &[("threshold", "threshold"), ("fixed", "fixed")],
        get: |s| match s.autoscaler.policy {
            Policy::Threshold => "threshold",
            Policy::Fixed => "fixed",
        },
        set: |s, v| s.autoscaler.policy = if v == "fixed" { Policy::Fixed } else { Policy::Threshold },
    },
    ChoiceField {
        path: "service.service_dist",
        label: "Service distribution",
        help: "Exponential (M/M/c), constant (M/D/c) or lognormal with the variation below.",
        options: &[("exponential", "exponential"), ("constant", "constant"), ("lognormal", "lognormal")],
        get: |s| match s.service.service_dist {
            ServiceDist::Exponential => "exponential",
            ServiceDist::Constant => "constant",
            ServiceDist::Lognormal => "lognormal",
        },
        set: |s, v| {
            s.service.service_dist = match v {
                "constant" => ServiceDist::Constant,
                "lognormal" => ServiceDist::Lognormal,
                _ => ServiceDist::Exponential,
            }
        },
    },
    ChoiceField {
        path: "balancer.strategy",
        label: "Balancer",
        help: "Round robin takes servers in turn; random picks one at random; least connections picks the server holding fewest messages.",
        options: &[("round_robin", "round robin"), ("random", "random"), ("least_connections", "least connections")],
        get: |s| match s.balancer.strategy {
            Strategy::RoundRobin => "round_robin",
            Strategy::Random => "random",
            Strategy::LeastConnections => "least_connections",
        },
        set: |s, v| {
            s.balancer.strategy = match v {
                "random" => Strategy::Random,
                "least_connections" => Strategy::LeastConnections,
                _ => Strategy::RoundRobin,
            }
        },
    },
];

/// The value as the control shows it.
pub fn display(field: &NumberField, v: f64) -> String {
    if field.path == "service.queue_limit" && v >= QUEUE_UNBOUNDED {
        return "unbounded".into();
    }
    let decimals = if field.step >= 1.0 {
        0
    } else if field.step >= 0.1 {
        1
    } else {
        2
    };
    format!("{v:.decimals$}")
}

/// DOM id of a field's input.
pub fn input_id(path: &str) -> String {
    format!("ctl-{}", path.replace('.', "-"))
}

/// Whether the core's message `error` is about `path`.
fn names(error: &Option<String>, path: &str) -> bool {
    error.as_ref().is_some_and(|e| e.contains(&format!("`{path}`")))
}

#[component]
pub fn Slider(
    field: &'static NumberField,
    scenario: RwSignal<Scenario>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = input_id(field.path);
    let help_id = format!("{id}-help");
    let value = move || scenario.with(|s| (field.get)(s));
    let on_input = move |ev| {
        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
            scenario.update(|s| (field.set)(s, v.clamp(field.min, field.max)));
        }
    };
    view! {
        <div class="control" class:invalid=move || names(&error.get(), field.path)>
            <label for=id.clone()>
                <span class="name">{field.label}</span>
                <output for=id.clone()>{move || display(field, value())}" "<small>{field.unit}</small></output>
            </label>
            <input type="range" id=id min=field.min max=field.max step=field.step
                prop:value=move || value().to_string()
                aria-describedby=help_id.clone()
                on:input=on_input />
            <p class="help" id=help_id role="tooltip">{field.help}</p>
            <Show when=move || names(&error.get(), field.path)>
                <p class="message" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}

#[component]
pub fn Choice(field: &'static ChoiceField, scenario: RwSignal<Scenario>) -> impl IntoView {
    let id = input_id(field.path);
    let help_id = format!("{id}-help");
    view! {
        <div class="control">
            <label for=id.clone()><span class="name">{field.label}</span></label>
            <select id=id aria-describedby=help_id.clone()
                prop:value=move || scenario.with(|s| (field.get)(s))
                on:change=move |ev| scenario.update(|s| (field.set)(s, &event_target_value(&ev)))>
                {field.options.iter().map(|(value, label)| view! {
                    <option value=*value selected=move || scenario.with(|s| (field.get)(s) == *value)>{*label}</option>
                }).collect_view()}
            </select>
            <p class="help" id=help_id role="tooltip">{field.help}</p>
        </div>
    }
}
