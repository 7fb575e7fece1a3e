//! The field table: every control of the page, by section, with its range, unit, help
//! and the scenarios it applies to. Adding a scenario field is adding a row here.

use autoscale_sim::scenario::{Pattern, Policy, ServiceDist, StepLevel, Strategy};
use autoscale_sim::Scenario;
use serde::{de::DeserializeOwned, Serialize};

use crate::controls::{ChoiceField, Field, Input, NumberField, TextField, QUEUE_UNBOUNDED};

/// A titled group of controls.
pub struct Section {
    pub title: &'static str,
    pub fields: &'static [Field],
}

/// An enum value's name in the scenario JSON.
pub fn tag<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The enum value named `name` in the scenario JSON.
pub fn untag<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

/// "0:100, 600:20" -> [(0, 100), (600, 20)], or what is wrong with it.
pub fn parse_pairs(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut out = Vec::new();
    for (i, item) in text.split(',').map(str::trim).filter(|s| !s.is_empty()).enumerate() {
        let pair = item.split_once(':').and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
        match pair {
            Some((t, u)) if f64::is_finite(t) && f64::is_finite(u) => out.push((t, u)),
            _ => return Err(format!("item {} (\"{item}\") is not time:users, such as 60:100", i + 1)),
        }
    }
    if out.is_empty() {
        return Err("give at least one time:users pair, such as 0:100".into());
    }
    Ok(out)
}

fn show_pairs(pairs: impl Iterator<Item = (f64, f64)>) -> String {
    pairs.map(|(t, u)| format!("{t}:{u}")).collect::<Vec<_>>().join(", ")
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

macro_rules! pick {
    ($path:literal, $label:literal, $help:literal, $options:expr, |$s:ident| $field:expr, $when:expr) => {
        Field {
            input: Input::Choice(ChoiceField {
                path: $path,
                label: $label,
                help: $help,
                options: $options,
                get: |$s| tag(&$field),
                set: |$s, v| {
                    if let Some(value) = untag(v) {
                        $field = value;
                    }
                },
            }),
            when: $when,
        }
    };
}

fn pattern_in(s: &Scenario, patterns: &[Pattern]) -> bool {
    patterns.contains(&s.traffic.pattern)
}

fn policy_in(s: &Scenario, policies: &[Policy]) -> bool {
    policies.contains(&s.autoscaler.policy)
}

const METRICS: &[(&str, &str)] = &[
    ("users_per_server", "users per server"),
    ("utilization", "utilisation [%]"),
    ("rps_per_server", "requests/s per server"),
    ("queue_per_server", "queue per server"),
    ("p95_latency_ms", "p95 latency [ms]"),
];

pub const SECTIONS: &[Section] = &[
    Section {
        title: "Traffic",
        fields: &[
            pick!("traffic.pattern", "Traffic pattern", "Three-phase: ramp up over the first 30 %, peak to 70 %, ramp down. Constant: base users. Step: levels at given times. Spike: a flash crowd. Sine: a daily cycle. Custom: points joined by lines.",
                &[("three_phase", "three-phase"), ("constant", "constant"), ("step", "step"), ("spike", "spike (flash crowd)"), ("sine", "sine (daily cycle)"), ("custom", "custom points")],
                |s| s.traffic.pattern, always),
            num!("duration_s", "Duration", "s", (10.0, 3600.0, 10.0), "Simulated time of the run.", |s| s.duration_s, f64, always),
            num!("traffic.base_users", "Base users", "users", (0.0, 1000.0, 1.0), "Concurrent users outside the peak (at the start and end of three-phase traffic, the trough of the sine).",
                |s| s.traffic.base_users, f64, |s| pattern_in(s, &[Pattern::ThreePhase, Pattern::Constant, Pattern::Spike, Pattern::Sine])),
            num!("traffic.peak_users", "Peak users", "users", (0.0, 2000.0, 5.0), "Concurrent users at the peak.",
                |s| s.traffic.peak_users, f64, |s| pattern_in(s, &[Pattern::ThreePhase, Pattern::Spike, Pattern::Sine])),
            num!("traffic.spike_at_s", "Spike start", "s", (0.0, 3600.0, 5.0), "When the flash crowd arrives.", |s| s.traffic.spike_at_s, f64, |s| pattern_in(s, &[Pattern::Spike])),
            num!("traffic.spike_len_s", "Spike length", "s", (0.0, 3600.0, 5.0), "How long the flash crowd stays.", |s| s.traffic.spike_len_s, f64, |s| pattern_in(s, &[Pattern::Spike])),
            num!("traffic.period_s", "Period", "s", (10.0, 86400.0, 10.0), "Length of one cycle, trough to trough (86400 s is a day).", |s| s.traffic.period_s, f64, |s| pattern_in(s, &[Pattern::Sine])),
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
            num!("traffic.msg_rate", "Messages per user", "msg/s", (0.1, 10.0, 0.1), "Each user sends messages as a Poisson process at this rate.", |s| s.traffic.msg_rate, f64, always),
            num!("traffic.noise", "Noise", "±", (0.0, 1.0, 0.05), "Users are scaled by a random factor in [1 - noise, 1 + noise], redrawn every second.", |s| s.traffic.noise, f64, always),
            num!("seed", "Seed", "", (0.0, 9999.0, 1.0), "Seed of every random stream: the same seed gives the same run.", |s| s.seed, u64, always),
        ],
    },
    Section {
        title: "Autoscaler",
        fields: &[
            pick!("autoscaler.policy", "Policy", "Threshold: the seed's rule on users per ready server. Target tracking: the Kubernetes HPA algorithm. Step: AWS step scaling. Fixed: never scales.",
                &[("threshold", "threshold (seed)"), ("target_tracking", "target tracking (Kubernetes HPA)"), ("step", "step scaling (AWS)"), ("fixed", "fixed")],
                |s| s.autoscaler.policy, always),
            pick!("autoscaler.metric", "Metric", "What the policy measures.", METRICS, |s| s.autoscaler.metric, |s| policy_in(s, &[Policy::TargetTracking, Policy::Step])),
            num!("autoscaler.target", "Target", "per server", (1.0, 500.0, 1.0), "Target tracking keeps the metric near this: desired = ceil(ready x metric / target).",
                |s| s.autoscaler.target, f64, |s| policy_in(s, &[Policy::TargetTracking])),
            num!("autoscaler.tolerance", "Tolerance", "", (0.0, 0.5, 0.01), "No change while the metric is within this fraction of the target (HPA default 0.1).",
                |s| s.autoscaler.tolerance, f64, |s| policy_in(s, &[Policy::TargetTracking])),
            num!("autoscaler.sync_period_s", "Sync period", "s", (1.0, 60.0, 1.0), "How often target tracking evaluates (HPA default 15 s).",
                |s| s.autoscaler.sync_period_s, f64, |s| policy_in(s, &[Policy::TargetTracking])),
            num!("autoscaler.scale_down_window_s", "Scale-down window", "s", (0.0, 900.0, 5.0), "Scale in only to the highest recommendation of this window (HPA default 300 s).",
                |s| s.autoscaler.scale_down_window_s, f64, |s| policy_in(s, &[Policy::TargetTracking])),
            num!("autoscaler.scale_up_window_s", "Scale-up window", "s", (0.0, 900.0, 5.0), "Scale out only to the lowest recommendation of this window (HPA default 0 s).",
                |s| s.autoscaler.scale_up_window_s, f64, |s| policy_in(s, &[Policy::TargetTracking])),
            pick!("autoscaler.select_policy", "Rate-limit selection", "Which scaling policy applies: the one allowing the largest change, the smallest, or no scaling at all.",
                &[("max", "max (largest change)"), ("min", "min (smallest change)"), ("disabled", "disabled")], |s| s.autoscaler.select_policy, |s| policy_in(s, &[Policy::TargetTracking])),
            num!("autoscaler.scale_up", "Scale-up threshold", "per server", (1.0, 200.0, 1.0), "Threshold: add servers above this many users per ready server. Step scaling: the high alarm on the metric.",
                |s| s.autoscaler.scale_up, f64, |s| policy_in(s, &[Policy::Threshold, Policy::Step])),
            num!("autoscaler.scale_down", "Scale-down threshold", "per server", (0.0, 200.0, 1.0), "Threshold: remove servers below this. Step scaling: the low alarm. Must be below the scale-up threshold.",
                |s| s.autoscaler.scale_down, f64, |s| policy_in(s, &[Policy::Threshold, Policy::Step])),
            pick!("autoscaler.adjustment_type", "Adjustment type", "How step adjustments count: servers added, an exact size, or a percentage of the fleet.",
                &[("change_in_capacity", "change in capacity"), ("exact_capacity", "exact capacity"), ("percent_change_in_capacity", "percent change")],
                |s| s.autoscaler.adjustment_type, |s| policy_in(s, &[Policy::Step])),
            num!("autoscaler.warmup_s", "Instance warm-up", "s", (0.0, 600.0, 5.0), "A new server is left out of the metric, and not added to again, for this long.",
                |s| s.autoscaler.warmup_s, f64, |s| policy_in(s, &[Policy::Step])),
            num!("autoscaler.min_servers", "Min servers", "servers", (1.0, 50.0, 1.0), "The fleet never shrinks below this.", |s| s.autoscaler.min_servers, u32, always),
            num!("autoscaler.max_servers", "Max servers", "servers", (1.0, 100.0, 1.0), "The fleet never grows above this.", |s| s.autoscaler.max_servers, u32, always),
            num!("autoscaler.initial_servers", "Initial servers", "servers", (1.0, 100.0, 1.0), "Servers ready at the start; between min and max.", |s| s.autoscaler.initial_servers, u32, always),
            num!("autoscaler.cooldown_s", "Cooldown", "s", (0.0, 300.0, 1.0), "No scaling action within this time of the previous one.",
                |s| s.autoscaler.cooldown_s, f64, |s| policy_in(s, &[Policy::Threshold])),
            num!("autoscaler.interval_s", "Evaluation interval", "s", (0.5, 60.0, 0.5), "Metrics are measured over each interval and the policy looks at them at its end.", |s| s.autoscaler.interval_s, f64, always),
            num!("autoscaler.step", "Step", "servers", (1.0, 10.0, 1.0), "Servers added or removed by one action.", |s| s.autoscaler.step, u32, |s| policy_in(s, &[Policy::Threshold])),
        ],
    },
    Section {
        title: "Servers",
        fields: &[
            pick!("service.service_dist", "Service distribution", "Exponential (M/M/c), constant (M/D/c) or lognormal with the variation below.",
                &[("exponential", "exponential"), ("constant", "constant"), ("lognormal", "lognormal")], |s| s.service.service_dist, always),
            num!("service.service_ms", "Service time", "ms", (1.0, 1000.0, 1.0), "Mean time one worker spends on one message.", |s| s.service.service_ms, f64, always),
            num!("service.service_cv", "Service variation", "cv", (0.1, 3.0, 0.1), "Coefficient of variation of the lognormal service time.",
                |s| s.service.service_cv, f64, |s| s.service.service_dist == ServiceDist::Lognormal),
            num!("service.workers", "Workers per server", "slots", (1.0, 32.0, 1.0), "Messages one server processes at the same time.", |s| s.service.workers, u32, always),
            Field {
                input: Input::Number(NumberField {
                    get: |s| s.service.queue_limit.map_or(QUEUE_UNBOUNDED, |q| q as f64),
                    set: |s, v| s.service.queue_limit = if v >= QUEUE_UNBOUNDED { None } else { Some(v as u32) },
                    ..number("service.queue_limit", "Queue limit", "requests", (0.0, QUEUE_UNBOUNDED, 1.0),
                        "Waiting messages one server holds; an arrival that finds the queue full is dropped. The top stop is unbounded.")
                }),
                when: always,
            },
            num!("service.startup_s", "Startup delay", "s", (0.0, 300.0, 1.0), "Time from the decision to add a server until it takes requests.", |s| s.service.startup_s, f64, always),
            num!("service.cost_per_hour", "Cost per server-hour", "$/h", (0.0, 5.0, 0.01), "Price of one server for an hour, whatever its state.", |s| s.service.cost_per_hour, f64, always),
        ],
    },
    Section {
        title: "Load balancer",
        fields: &[
            pick!("balancer.strategy", "Balancer", "Round robin: in turn. Random. Least connections: fewest held. Power of two: the emptier of two at random. Consistent hash: a user sticks to a server. Least response time: weights 1 - rtt / rtt_max. Peak EWMA: latency x load, of two at random.",
                &[("round_robin", "round robin"), ("random", "random"), ("least_connections", "least connections"), ("power_of_two_choices", "power of two choices"),
                  ("consistent_hash", "consistent hash (sticky)"), ("least_response_time", "least response time"), ("peak_ewma", "peak EWMA")],
                |s| s.balancer.strategy, always),
            num!("balancer.virtual_nodes", "Virtual nodes", "per server", (1.0, 500.0, 1.0), "Points each server owns on the hash ring: more points, a more even spread.",
                |s| s.balancer.virtual_nodes, u32, |s| s.balancer.strategy == Strategy::ConsistentHash),
            num!("balancer.ewma_tau_s", "Latency memory", "s", (0.5, 120.0, 0.5), "Time constant of each server's moving average of response time.",
                |s| s.balancer.ewma_tau_s, f64, |s| matches!(s.balancer.strategy, Strategy::LeastResponseTime | Strategy::PeakEwma)),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_parse_and_explain_mistakes() {
        assert_eq!(parse_pairs("0:100, 600:20").unwrap(), vec![(0.0, 100.0), (600.0, 20.0)]);
        assert!(parse_pairs("0:100, 600").unwrap_err().contains("item 2"));
        assert!(parse_pairs("").is_err());
        assert!(parse_pairs("a:b").unwrap_err().contains("\"a:b\""));
    }

    #[test]
    fn every_choice_round_trips_through_the_scenario() {
        for section in SECTIONS {
            for field in section.fields {
                if let Input::Choice(f) = &field.input {
                    for (value, _) in f.options {
                        let mut s = Scenario::default();
                        (f.set)(&mut s, value);
                        assert_eq!((f.get)(&s), *value, "{}", f.path);
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
