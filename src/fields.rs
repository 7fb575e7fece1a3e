//! The field table: every control of the page, by section, with its range, unit, help
//! and the scenarios it applies to. Adding a scenario field is adding a row here; a
//! choice's options, labels and help come from the core's `Choice` tables, and which
//! policy reads an `autoscaler` field from `Policy::uses`.

use autoscale_sim::failures::{Crash, FailuresConfig};
use autoscale_sim::objective::Percentile;
use autoscale_sim::scenario::{
    AdjustmentType, Engine, KpaMetric, Metric, Pattern, Policy, SelectPolicy, ServiceDist, StepLevel, Strategy,
};
use autoscale_sim::{Choice, Scenario};

use crate::controls::{ChoiceField, Field, Input, NumberField, TextField, TraceField, QUEUE_UNBOUNDED};
use crate::lists::{
    parse_classes, parse_metric_targets, parse_pairs, parse_rate_policies, parse_steps, parse_weights,
    show_metric_targets, show_pairs, show_rate_policies, show_steps,
};

/// A titled group of controls.
pub struct Section {
    pub title: &'static str,
    pub fields: &'static [Field],
}

fn always(_: &Scenario) -> bool {
    true
}

const fn number(
    path: &'static str,
    label: &'static str,
    unit: &'static str,
    range: (f64, f64, f64),
    help: &'static str,
) -> NumberField {
    NumberField { path, label, unit, min: range.0, max: range.1, step: range.2, help, get: |_| 0.0, set: |_, _| {} }
}

macro_rules! num {
    ($path:literal, $label:literal, $unit:literal, $range:expr, $help:literal, |$s:ident| $field:expr, $conv:ty, $when:expr) => {
        Field {
            input: Input::Number(NumberField {
                get: |$s| $field as f64,
                set: |$s, v| $field = v as $conv,
                ..number($path, $label, $unit, $range, $help)
            }),
            when: $when,
        }
    };
}

/// A select over a core `Choice`: its options, labels and help come from the choice's table.
macro_rules! pick {
    ($path:literal, $label:literal, $lead:literal, $choice:ty, |$s:ident| $field:expr, $when:expr) => {
        Field {
            input: Input::Choice(ChoiceField {
                path: $path,
                label: $label,
                lead: $lead,
                options: || <$choice>::ALL.iter().map(|c| (c.name(), c.label())).collect(),
                describe: <$choice>::describe_all,
                get: |$s| $field.name().to_string(),
                set: |$s, v| {
                    if let Some(value) = <$choice>::from_name(v) {
                        $field = value;
                    }
                },
            }),
            when: $when,
        }
    };
}

autoscale_sim::choices! {
    /// Whether the scenario has a failures block.
    pub enum Failures {
        Off = ("off", "off", "servers never crash, and there are no health checks."),
        On = ("on", "on", "servers crash (at chosen times or at random), health checks notice, and replacements start; requests lost to a crash are counted apart from drops."),
    }
}

fn has_failures(s: &Scenario) -> bool {
    s.failures.is_some()
}

/// The scenario's failures, created with defaults when a control first edits them.
fn failures(s: &mut Scenario) -> &mut FailuresConfig {
    s.failures.get_or_insert_with(FailuresConfig::default)
}

/// A number field of the failures block, shown while failures are on.
macro_rules! fail {
    ($path:literal, $label:literal, $unit:literal, $range:expr, $help:literal, $field:ident, $conv:ty) => {
        Field {
            input: Input::Number(NumberField {
                get: |s| s.failures.as_ref().map_or(FailuresConfig::default().$field, |f| f.$field) as f64,
                set: |s, v| failures(s).$field = v as $conv,
                ..number($path, $label, $unit, $range, $help)
            }),
            when: has_failures,
        }
    };
}

/// A list typed as text, with its parser and printer from `lists`.
macro_rules! list {
    ($path:literal, $label:literal, $help:literal, |$s:ident| $field:expr, $parse:path, $show:path, $when:expr) => {
        Field {
            input: Input::Text(TextField {
                path: $path,
                label: $label,
                help: $help,
                get: |$s| $show(&$field),
                set: |$s, text| {
                    $field = $parse(text)?;
                    Ok(())
                },
            }),
            when: $when,
        }
    };
}

fn pattern_in(s: &Scenario, patterns: &[Pattern]) -> bool {
    patterns.contains(&s.traffic.pattern)
}

/// Whether the scenario's policy reads the `autoscaler` field at `path` (other fields
/// apply by their own `when`).
pub fn read_by_policy(s: &Scenario, path: &str) -> bool {
    path.strip_prefix("autoscaler.").is_none_or(|name| s.autoscaler.policy.uses(name))
}

pub const SECTIONS: &[Section] = &[
    Section {
        title: "Traffic",
        fields: &[
            pick!("traffic.pattern", "Traffic pattern", "How many users are connected over time.", Pattern, |s| s.traffic.pattern, always),
            num!("duration_s", "Duration", "s", (1.0, 31_536_000.0, 1.0), "Simulated time of the run.", |s| s.duration_s, f64, always),
            num!("traffic.base_users", "Base users", "users", (0.0, 1_000_000.0, 1.0), "Concurrent users outside the peak (at the start and end of three-phase traffic, the trough of the sine).",
                |s| s.traffic.base_users, f64, |s| pattern_in(s, &[Pattern::ThreePhase, Pattern::Constant, Pattern::Spike, Pattern::Sine])),
            num!("traffic.peak_users", "Peak users", "users", (0.0, 1_000_000.0, 1.0), "Concurrent users at the peak.",
                |s| s.traffic.peak_users, f64, |s| pattern_in(s, &[Pattern::ThreePhase, Pattern::Spike, Pattern::Sine])),
            num!("traffic.spike_at_s", "Spike start", "s", (0.0, 31_536_000.0, 1.0), "When the flash crowd arrives.", |s| s.traffic.spike_at_s, f64, |s| pattern_in(s, &[Pattern::Spike])),
            num!("traffic.spike_len_s", "Spike length", "s", (0.0, 31_536_000.0, 1.0), "How long the flash crowd stays.", |s| s.traffic.spike_len_s, f64, |s| pattern_in(s, &[Pattern::Spike])),
            num!("traffic.period_s", "Period", "s", (1.0, 31_536_000.0, 1.0), "Length of one cycle, trough to trough (86400 s is a day).", |s| s.traffic.period_s, f64, |s| pattern_in(s, &[Pattern::Sine])),
            Field {
                input: Input::Text(TextField {
                    path: "traffic.steps",
                    label: "Steps (time:users)",
                    help: "Each level holds from its time [s] until the next, for example 0:100, 30:20.",
                    get: |s| show_pairs(s.traffic.steps.iter().map(|l| (l.at_s, l.users))),
                    set: |s, text| {
                        s.traffic.steps = parse_pairs(text)?.into_iter().map(|(at_s, users)| StepLevel { at_s, users }).collect();
                        Ok(())
                    },
                }),
                when: |s| pattern_in(s, &[Pattern::Step]),
            },
            Field {
                input: Input::Text(TextField {
                    path: "traffic.points",
                    label: "Points (time:users)",
                    help: "Users at given times [s], joined by straight lines, for example 0:10, 30:100, 60:10.",
                    get: |s| show_pairs(s.traffic.points.iter().map(|p| (p[0], p[1]))),
                    set: |s, text| {
                        s.traffic.points = parse_pairs(text)?.into_iter().map(|(t, u)| [t, u]).collect();
                        Ok(())
                    },
                }),
                when: |s| pattern_in(s, &[Pattern::Custom]),
            },
            Field {
                input: Input::Trace(TraceField {
                    path: "traffic.trace_file",
                    label: "Trace file",
                    help: "A CSV file: one row per request with a time in the first column (seconds, or a date-time such as 2023-11-16 18:15:46.68; the Azure LLM traces load as they are), or a rate series with the header t_s,rps. The run then lasts the trace.",
                }),
                when: |s| pattern_in(s, &[Pattern::Trace]),
            },
            num!("traffic.time_scale", "Time scale", "×", (0.1, 10.0, 0.1), "Multiplies the trace's times: 2 plays it twice as slowly.",
                |s| s.traffic.time_scale, f64, |s| pattern_in(s, &[Pattern::Trace])),
            num!("traffic.rate_scale", "Rate scale", "×", (0.0, 10.0, 0.1), "Multiplies the trace's rate: 2 sends every request twice.",
                |s| s.traffic.rate_scale, f64, |s| pattern_in(s, &[Pattern::Trace])),
            num!("traffic.msg_rate", "Messages per user", "msg/s", (0.01, 10_000.0, 0.01), "Each user sends messages as a Poisson process at this rate. For a trace, users are its rate divided by this.", |s| s.traffic.msg_rate, f64, always),
            num!("traffic.noise", "Noise", "±", (0.0, 1.0, 0.05), "Users are scaled by a random factor in [1 - noise, 1 + noise], redrawn every second (not for a trace).", |s| s.traffic.noise, f64, |s| !pattern_in(s, &[Pattern::Trace])),
            num!("seed", "Random seed", "", (0.0, 9999.0, 1.0), "Seed of every random stream: the same seed gives the same run.", |s| s.seed, u64, always),
        ],
    },
    Section {
        title: "Autoscaler",
        fields: &[
            pick!("autoscaler.policy", "Policy", "The rule that decides the fleet's size.", Policy, |s| s.autoscaler.policy, always),
            pick!("autoscaler.metric", "Metric", "What the policy measures (predictive forecasts users, requests per second or utilisation).", Metric, |s| s.autoscaler.metric, always),
            num!("autoscaler.target", "Target", "per server", (1.0, 100_000.0, 1.0), "Target tracking keeps the metric near this: desired = ceil(ready x metric / target). Predictive sizes the fleet for the forecast at this target.",
                |s| s.autoscaler.target, f64, always),
            num!("autoscaler.smoothing_level", "Level smoothing", "α", (0.05, 1.0, 0.05), "Holt's weight of the newest reading in the level: higher follows faster, lower smooths more.",
                |s| s.autoscaler.predictive.smoothing_level, f64, always),
            num!("autoscaler.smoothing_trend", "Trend smoothing", "β", (0.0, 1.0, 0.05), "Holt's weight of the newest change in the trend.",
                |s| s.autoscaler.predictive.smoothing_trend, f64, always),
            Field {
                input: Input::Number(NumberField {
                    get: |s| s.autoscaler.predictive.forecast_horizon_s.unwrap_or(0.0),
                    set: |s, v| s.autoscaler.predictive.forecast_horizon_s = (v > 0.0).then_some(v),
                    ..number("autoscaler.forecast_horizon_s", "Forecast horizon", "s", (0.0, 600.0, 5.0),
                        "How far ahead to forecast. Auto: the startup delay plus one interval, so servers are ready when the load comes.")
                }),
                when: always,
            },
            num!("autoscaler.tolerance", "Tolerance", "", (0.0, 0.5, 0.01), "No change while the metric is within this fraction of the target (HPA default 0.1).",
                |s| s.autoscaler.target_tracking.tolerance, f64, always),
            num!("autoscaler.sync_period_s", "Sync period", "s", (1.0, 60.0, 1.0), "How often target tracking evaluates (HPA default 15 s).",
                |s| s.autoscaler.target_tracking.sync_period_s, f64, always),
            num!("autoscaler.scale_down_window_s", "Scale-down window", "s", (0.0, 86_400.0, 1.0), "Scale in only to the highest recommendation of this window (HPA default 300 s).",
                |s| s.autoscaler.target_tracking.scale_down_window_s, f64, always),
            num!("autoscaler.scale_up_window_s", "Scale-up window", "s", (0.0, 86_400.0, 1.0), "Scale out only to the lowest recommendation of this window (HPA default 0 s).",
                |s| s.autoscaler.target_tracking.scale_up_window_s, f64, always),
            list!("autoscaler.metrics", "More metrics (metric: target)", "Further metrics for target tracking, for example p95_latency_ms: 200; the largest proposal wins.",
                |s| s.autoscaler.target_tracking.metrics, parse_metric_targets, show_metric_targets, always),
            list!("autoscaler.scale_up_policies", "Scale-up limits", "HPA behaviour policies: at most this much growth per period, for example 100% / 15s, 4 servers / 15s.",
                |s| s.autoscaler.target_tracking.scale_up_policies, parse_rate_policies, show_rate_policies, always),
            list!("autoscaler.scale_down_policies", "Scale-down limits", "HPA behaviour policies for scale-in, for example 100% / 15s.",
                |s| s.autoscaler.target_tracking.scale_down_policies, parse_rate_policies, show_rate_policies, always),
            pick!("autoscaler.scale_up_select_policy", "Scale-up limit selection", "Which scale-up rate limit applies (behavior.scaleUp.selectPolicy); disabled: never up.", SelectPolicy, |s| s.autoscaler.target_tracking.scale_up_select_policy, always),
            pick!("autoscaler.scale_down_select_policy", "Scale-down limit selection", "Which scale-down rate limit applies (behavior.scaleDown.selectPolicy); disabled: never down.", SelectPolicy, |s| s.autoscaler.target_tracking.scale_down_select_policy, always),
            num!("autoscaler.scale_up", "Scale-up threshold", "per server", (1.0, 100_000.0, 1.0), "Threshold: add servers above this many users per ready server. Step scaling: the high alarm on the metric.",
                |s| s.autoscaler.scale_up, f64, always),
            num!("autoscaler.scale_down", "Scale-down threshold", "per server", (0.0, 100_000.0, 1.0), "Threshold: remove servers below this. Step scaling: the low alarm. Must be below the scale-up threshold.",
                |s| s.autoscaler.scale_down, f64, always),
            pick!("autoscaler.adjustment_type", "Adjustment type", "How step adjustments count.", AdjustmentType, |s| s.autoscaler.step_scaling.adjustment_type, always),
            list!("autoscaler.scale_out_steps", "Scale-out steps", "Adjustments by how far the metric is above the high alarm: lower..upper: adjustment, for example 0..10: +1, 10..: +2 (an empty bound is infinite).",
                |s| s.autoscaler.step_scaling.scale_out_steps, parse_steps, show_steps, always),
            list!("autoscaler.scale_in_steps", "Scale-in steps", "Adjustments by how far the metric is below the low alarm (negative distances), for example ..0: -1.",
                |s| s.autoscaler.step_scaling.scale_in_steps, parse_steps, show_steps, always),
            num!("autoscaler.min_adjustment_magnitude", "Least percent change", "servers", (0.0, 20.0, 1.0), "A percent adjustment changes at least this many servers.",
                |s| s.autoscaler.step_scaling.min_adjustment_magnitude, u32, |s| s.autoscaler.step_scaling.adjustment_type == AdjustmentType::PercentChangeInCapacity),
            num!("autoscaler.warmup_s", "Instance warm-up", "s", (0.0, 86_400.0, 1.0), "A new server is left out of the metric, and not added to again, for this long.",
                |s| s.autoscaler.step_scaling.warmup_s, f64, always),
            num!("autoscaler.score_threshold", "Score threshold", "±", (0.05, 1.0, 0.05), "Act when the weighted score rises above this or falls below minus this (seed: 0.3).",
                |s| s.autoscaler.weighted_score.score_threshold, f64, always),
            Field {
                input: Input::Text(TextField {
                    path: "autoscaler.weights",
                    label: "Weights",
                    help: "Weights of the utilisation, memory, response-time, queue and trend scores (seed: 0.3, 0.25, 0.25, 0.15, 0.05).",
                    get: |s| { let w = &s.autoscaler.weighted_score.weights; format!("{}, {}, {}, {}, {}", w.utilization, w.memory, w.response_time, w.queue, w.trend) },
                    set: |s, text| {
                        let [utilization, memory, response_time, queue, trend] = parse_weights(text)?;
                        s.autoscaler.weighted_score.weights = autoscale_sim::scenario::ScoreWeights { utilization, memory, response_time, queue, trend };
                        Ok(())
                    },
                }),
                when: always,
            },
            num!("autoscaler.memory_users", "Memory per server", "users", (1.0, 500.0, 1.0), "Connected users that fill one server's memory; the memory score reads users per server against it.",
                |s| s.autoscaler.weighted_score.memory_users, f64, always),
            num!("autoscaler.latency_low_ms", "Fast below", "ms", (1.0, 2000.0, 1.0), "p95 latency under this votes to scale in.",
                |s| s.autoscaler.weighted_score.latency_low_ms, f64, always),
            num!("autoscaler.latency_high_ms", "Slow above", "ms", (1.0, 5000.0, 1.0), "p95 latency over this votes to scale out.",
                |s| s.autoscaler.weighted_score.latency_high_ms, f64, always),
            num!("autoscaler.queue_low", "Short queue below", "per server", (0.1, 100.0, 0.1), "Fewer waiting requests per server than this votes to scale in.",
                |s| s.autoscaler.weighted_score.queue_low, f64, always),
            num!("autoscaler.queue_high", "Long queue above", "per server", (0.1, 200.0, 0.1), "More waiting requests per server than this votes to scale out.",
                |s| s.autoscaler.weighted_score.queue_high, f64, always),
            pick!("autoscaler.kpa_metric", "Knative metric", "What the Knative autoscaler averages (autoscaling.knative.dev/metric).", KpaMetric, |s| s.autoscaler.knative.kpa_metric, always),
            Field {
                input: Input::Number(NumberField {
                    get: |s| s.autoscaler.knative.kpa_target.unwrap_or(0.0),
                    set: |s, v| s.autoscaler.knative.kpa_target = (v > 0.0).then_some(v),
                    ..number("autoscaler.kpa_target", "Knative target", "per server", (0.0, 1000.0, 1.0),
                        "Requests in flight (or per second) each server should carry (autoscaling.knative.dev/target). Default: Knative's, 100 in flight or 200 per second.")
                }),
                when: always,
            },
            num!("autoscaler.kpa_target_utilization_pct", "Target utilisation", "%", (1.0, 100.0, 1.0), "Share of the target aimed at, leaving headroom for bursts (Knative default 70 %).",
                |s| s.autoscaler.knative.kpa_target_utilization_pct, f64, always),
            num!("autoscaler.stable_window_s", "Stable window", "s", (6.0, 3600.0, 1.0), "The metric is averaged over this window in stable mode (Knative default 60 s).",
                |s| s.autoscaler.knative.stable_window_s, f64, always),
            num!("autoscaler.panic_window_pct", "Panic window", "% of stable", (1.0, 100.0, 1.0), "The short window that detects bursts, as a share of the stable window (default 10 %: 6 s).",
                |s| s.autoscaler.knative.panic_window_pct, f64, always),
            num!("autoscaler.panic_threshold_pct", "Panic threshold", "% of ready", (110.0, 1000.0, 10.0), "Panic (follow the short window, never scale down) when it wants this share of the ready servers (default 200 %).",
                |s| s.autoscaler.knative.panic_threshold_pct, f64, always),
            num!("autoscaler.max_scale_up_rate", "Max scale-up rate", "×", (1.1, 1000.0, 0.1), "One decision grows the fleet to at most this many times the ready servers (default 1000).",
                |s| s.autoscaler.knative.max_scale_up_rate, f64, always),
            num!("autoscaler.max_scale_down_rate", "Max scale-down rate", "÷", (1.1, 100.0, 0.1), "One decision shrinks the fleet to at least the ready servers divided by this (default 2).",
                |s| s.autoscaler.knative.max_scale_down_rate, f64, always),
            num!("autoscaler.scale_down_delay_s", "Scale-down delay", "s", (0.0, 3600.0, 5.0), "Scale down only once the lower demand has lasted this long (default 0 s).",
                |s| s.autoscaler.knative.scale_down_delay_s, f64, always),
            num!("autoscaler.scale_to_zero_grace_s", "Scale-to-zero grace", "s", (6.0, 3600.0, 1.0), "With min servers 0, the last server stays this long after the demand fell to zero (default 30 s).",
                |s| s.autoscaler.knative.scale_to_zero_grace_s, f64, always),
            num!("autoscaler.activation_scale", "Activation scale", "servers", (1.0, 100.0, 1.0), "Servers started at once when scaling from zero (default 1).",
                |s| s.autoscaler.knative.activation_scale, u32, always),
            num!("autoscaler.min_servers", "Min servers", "servers", (0.0, 10_000.0, 1.0), "The fleet never shrinks below this. 0 scales to zero (Knative only: its activator holds requests during a cold start).", |s| s.autoscaler.min_servers, u32, always),
            num!("autoscaler.max_servers", "Max servers", "servers", (1.0, 10_000.0, 1.0), "The fleet never grows above this.", |s| s.autoscaler.max_servers, u32, always),
            num!("autoscaler.initial_servers", "Initial servers", "servers", (0.0, 10_000.0, 1.0), "Servers ready at the start; between min and max.", |s| s.autoscaler.initial_servers, u32, always),
            num!("autoscaler.cooldown_s", "Cooldown", "s", (0.0, 86_400.0, 1.0), "No scaling action within this time of the previous one.",
                |s| s.autoscaler.cooldown_s, f64, always),
            num!("autoscaler.interval_s", "Evaluation interval", "s", (0.1, 86_400.0, 0.1), "Metrics are measured over each interval and the policy looks at them at its end.", |s| s.autoscaler.interval_s, f64, always),
            num!("autoscaler.step", "Step", "servers", (1.0, 10.0, 1.0), "Servers added or removed by one action.", |s| s.autoscaler.threshold.step, u32, always),
        ],
    },
    Section {
        title: "Servers",
        fields: &[
            pick!("service.service_dist", "Service distribution", "Exponential (M/M/c), constant (M/D/c) or lognormal with the variation below.", ServiceDist, |s| s.service.service_dist, always),
            num!("service.service_ms", "Service time", "ms", (0.1, 600_000.0, 0.1), "Mean time one worker spends on one message.", |s| s.service.service_ms, f64, always),
            num!("service.service_cv", "Service variation", "cv", (0.1, 3.0, 0.1), "Coefficient of variation of the lognormal service time.",
                |s| s.service.service_cv, f64, |s| s.service.service_dist == ServiceDist::Lognormal),
            num!("service.workers", "Workers per server", "slots", (1.0, 10_000.0, 1.0), "Messages one server processes at the same time.", |s| s.service.workers, u32, always),
            Field {
                input: Input::Number(NumberField {
                    get: |s| s.service.queue_limit.map_or(QUEUE_UNBOUNDED, |q| q as f64),
                    set: |s, v| s.service.queue_limit = if v >= QUEUE_UNBOUNDED { None } else { Some(v as u32) },
                    ..number("service.queue_limit", "Queue limit", "requests", (0.0, QUEUE_UNBOUNDED, 1.0),
                        "Waiting messages one server holds; an arrival that finds the queue full is dropped. The top stop is unbounded.")
                }),
                when: always,
            },
            num!("service.startup_s", "Startup delay", "s", (0.0, 86_400.0, 1.0), "Time from the decision to add a server until it takes requests.", |s| s.service.startup_s, f64, always),
            num!("service.cost_per_hour", "Cost per server-hour", "$/h", (0.0, 5.0, 0.01), "Price of one standard server for an hour, whatever its state.", |s| s.service.cost_per_hour, f64, always),
            Field {
                input: Input::Text(TextField {
                    path: "service.classes",
                    label: "Server classes (name:speed)",
                    help: "Servers of different sizes, taken in turn by server id, for example large:2, small:1. A speed-2 server works twice as fast and costs twice as much. Empty: all standard.",
                    get: |s| s.service.classes.iter().map(|c| format!("{}:{}", c.name, c.speed)).collect::<Vec<_>>().join(", "),
                    set: |s, text| {
                        s.service.classes = parse_classes(text)?;
                        Ok(())
                    },
                }),
                when: always,
            },
        ],
    },
    Section {
        title: "Load balancer",
        fields: &[
            pick!("balancer.strategy", "Balancer", "How the balancer picks a server for each message.", Strategy, |s| s.balancer.strategy, always),
            num!("balancer.virtual_nodes", "Virtual nodes", "per server", (1.0, 500.0, 1.0), "Points each server owns on the hash ring: more points, a more even spread.",
                |s| s.balancer.virtual_nodes, u32, |s| s.balancer.strategy == Strategy::ConsistentHash),
            num!("balancer.ewma_tau_s", "Latency memory", "s", (0.5, 120.0, 0.5), "Time constant of each server's moving average of response time.",
                |s| s.balancer.ewma_tau_s, f64, |s| matches!(s.balancer.strategy, Strategy::LeastResponseTime | Strategy::PeakEwma)),
        ],
    },
    Section {
        title: "Failures",
        fields: &[
            Field {
                input: Input::Choice(ChoiceField {
                    path: "failures",
                    label: "Failures and health checks",
                    lead: "Whether servers fail.",
                    options: || Failures::ALL.iter().map(|c| (c.name(), c.label())).collect(),
                    describe: Failures::describe_all,
                    get: |s| if s.failures.is_some() { Failures::On } else { Failures::Off }.name().to_string(),
                    set: |s, v| match Failures::from_name(v) {
                        Some(Failures::On) => {
                            failures(s);
                        }
                        Some(Failures::Off) => s.failures = None,
                        None => {}
                    },
                }),
                when: always,
            },
            Field {
                input: Input::Text(TextField {
                    path: "failures.crashes",
                    label: "Crashes (time:server)",
                    help: "Server ids crash at the given times [s], for example 120:0, 300:2. Ids count from 0 in creation order, as in the report.",
                    get: |s| s.failures.as_ref().map_or(String::new(), |f| show_pairs(f.crashes.iter().map(|c| (c.at_s, c.server as f64)))),
                    set: |s, text| {
                        let crashes = if text.trim().is_empty() { Vec::new() } else { parse_pairs(text)? };
                        let mut list = Vec::new();
                        for (i, (at_s, server)) in crashes.into_iter().enumerate() {
                            if server < 0.0 || server.fract() != 0.0 || server > u32::MAX as f64 {
                                return Err(format!("item {} names server {server}: a server id is a whole number from 0", i + 1));
                            }
                            list.push(Crash { at_s, server: server as u32 });
                        }
                        failures(s).crashes = list;
                        Ok(())
                    },
                }),
                when: has_failures,
            },
            Field {
                input: Input::Number(NumberField {
                    get: |s| s.failures.as_ref().and_then(|f| f.mtbf_s).unwrap_or(0.0),
                    set: |s, v| failures(s).mtbf_s = (v > 0.0).then_some(v),
                    ..number("failures.mtbf_s", "Mean time between failures", "s", (0.0, 7200.0, 10.0),
                        "Each running server crashes at random with this mean uptime. Never: only the crashes listed.")
                }),
                when: has_failures,
            },
            fail!("failures.health_interval_s", "Health-check interval", "s", (1.0, 120.0, 1.0), "Every server is checked this often (seed 003: 30 s).", health_interval_s, f64),
            fail!("failures.unhealthy_after", "Unhealthy after", "checks", (1.0, 10.0, 1.0), "Failed checks in a row that take a server out of rotation (seed 003: 3).", unhealthy_after, u32),
            fail!("failures.healthy_after", "Healthy after", "checks", (0.0, 10.0, 1.0), "Passed checks a new server needs before it takes traffic (seed 003: 2).", healthy_after, u32),
        ],
    },
    Section {
        title: "Objective",
        fields: &[
            pick!("objective.percentile", "Latency percentile", "The percentile of latency held to the ceiling below, over the run and in every interval.", Percentile, |s| s.objective.percentile, always),
            num!("objective.latency_ms", "Latency ceiling", "ms", (1.0, 600_000.0, 1.0), "The objective holds when the run's percentile is at most this; intervals above it count as time in violation.",
                |s| s.objective.latency_ms, f64, always),
            num!("objective.drop_budget_pct", "Loss budget", "%", (0.0, 10.0, 0.01), "Share of messages that may be dropped or lost to crashes.",
                |s| s.objective.drop_budget_pct, f64, always),
            pick!("engine", "Engine", "Which engine answers: every message simulated, or queueing theory per interval for runs too large to simulate message by message.", Engine, |s| s.engine, always),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crashes_are_typed_as_time_server_pairs() {
        let crashes = SECTIONS.iter().flat_map(|s| s.fields).find(|f| f.path() == "failures.crashes").unwrap();
        let Input::Text(f) = &crashes.input else { panic!("a text field") };
        let mut s = Scenario::default();
        (f.set)(&mut s, "120:0, 300:2").unwrap();
        assert_eq!((f.get)(&s), "120:0, 300:2");
        assert!(s.failures.is_some(), "editing a failures field turns failures on");
        assert_eq!(
            (f.set)(&mut s, "5:1.5").unwrap_err(),
            "item 1 names server 1.5: a server id is a whole number from 0"
        );
    }

    #[test]
    fn every_choice_round_trips_through_the_scenario() {
        for section in SECTIONS {
            for field in section.fields {
                if let Input::Choice(f) = &field.input {
                    for (value, _) in (f.options)() {
                        let mut s = Scenario::default();
                        (f.set)(&mut s, value);
                        assert_eq!((f.get)(&s), value, "{}", f.path);
                    }
                }
            }
        }
    }

    #[test]
    fn every_slider_writes_what_it_reads() {
        for section in SECTIONS {
            for field in section.fields {
                if let Input::Number(f) = &field.input {
                    let mut s = Scenario::default();
                    (f.set)(&mut s, f.max);
                    assert_eq!((f.get)(&s), f.max, "{}", f.path);
                }
            }
        }
    }
}
