//! Policy `step`: AWS EC2 Auto Scaling step scaling, as documented.
//!
//! Two alarms on `metric`: above `scale_up` (scale out) and below `scale_down` (scale in),
//! evaluated every interval. The breach (metric - alarm threshold) selects the step whose
//! bounds contain it: lower <= breach < upper, a missing bound being infinite. Adjustments
//! are ChangeInCapacity, ExactCapacity or PercentChangeInCapacity (rounded toward zero, at
//! least `min_adjustment_magnitude` and at least 1 server). Instance warm-up: for
//! `warmup_s` after its decision a new server is left out of the metric, and scale-out
//! adds to the capacity without it while it still counts toward desired capacity, so that
//! breaches in the same step during warm-up do not add servers twice.

use serde::{Deserialize, Serialize};

use super::AutoscalerConfig;
use crate::autoscaler::{fmt_num, Decision, Observation, Warming};
use crate::choice::Choice;
use crate::error::{range, ScenarioError};

/// The fields of `autoscaler` step scaling reads.
pub const READS: &[&str] = &[
    "metric",
    "scale_up",
    "scale_down",
    "adjustment_type",
    "scale_out_steps",
    "scale_in_steps",
    "min_adjustment_magnitude",
    "warmup_s",
];

/// Step scaling's own settings (the metric and the alarms are the autoscaler's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// How adjustments count.
    pub adjustment_type: AdjustmentType,
    /// The steps of the scale-out alarm (metric above `scale_up`) and the scale-in alarm
    /// (metric below `scale_down`).
    pub scale_out_steps: Vec<StepAdjustment>,
    pub scale_in_steps: Vec<StepAdjustment>,
    /// Least change of a percent adjustment [servers].
    pub min_adjustment_magnitude: u32,
    /// Instance warm-up: a new server is left out of the metric and of the capacity that
    /// scale-out steps add to, for this long after the decision [s].
    pub warmup_s: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            scale_out_steps: vec![
                StepAdjustment { lower: Some(0.0), upper: Some(10.0), adjustment: 1.0 },
                StepAdjustment { lower: Some(10.0), upper: None, adjustment: 2.0 },
            ],
            scale_in_steps: vec![StepAdjustment { lower: None, upper: Some(0.0), adjustment: -1.0 }],
            min_adjustment_magnitude: 1,
            warmup_s: 10.0,
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        for (name, list) in [("scale_out_steps", &self.scale_out_steps), ("scale_in_steps", &self.scale_in_steps)] {
            for (i, st) in list.iter().enumerate() {
                range(&format!("autoscaler.{name}[{i}].adjustment"), st.adjustment, -1e6, 1e6)?;
                if let (Some(lo), Some(hi)) = (st.lower, st.upper) {
                    if lo >= hi {
                        return Err(ScenarioError::new(
                            format!("autoscaler.{name}[{i}]"),
                            format!("lower ({lo}) must be below upper ({hi})"),
                        ));
                    }
                }
            }
        }
        range("autoscaler.warmup_s", self.warmup_s, 0.0, 86_400.0)?;
        range("autoscaler.min_adjustment_magnitude", self.min_adjustment_magnitude as f64, 0.0, 10_000.0)
    }
}

/// "users_per_server alarms > 30 / < 10, change_in_capacity, warm-up 10s".
pub fn describe(a: &AutoscalerConfig) -> String {
    let s = &a.step_scaling;
    format!(
        "{} alarms > {} / < {}, {}, warm-up {}s",
        a.metric.name(),
        a.scale_up,
        a.scale_down,
        s.adjustment_type.name(),
        s.warmup_s
    )
}

crate::choices! {
    /// How a step adjustment changes capacity (AWS `AdjustmentType`).
    pub enum AdjustmentType {
        ChangeInCapacity = ("change_in_capacity", "change in capacity", "add or remove this many servers."),
        ExactCapacity = ("exact_capacity", "exact capacity", "set the fleet to this many servers."),
        PercentChangeInCapacity = ("percent_change_in_capacity", "percent change", "change the fleet by this percentage."),
    }
}

/// An AWS step adjustment: applies when lower <= metric - alarm threshold < upper
/// (a missing bound is infinite).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepAdjustment {
    #[serde(default)]
    pub lower: Option<f64>,
    #[serde(default)]
    pub upper: Option<f64>,
    pub adjustment: f64,
}

#[derive(Clone, Debug)]
pub struct StepScaling {
    config: AutoscalerConfig,
}

impl StepScaling {
    pub fn new(config: &AutoscalerConfig) -> StepScaling {
        StepScaling { config: config.clone() }
    }

    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        let c = &self.config;
        let m = obs.value(c.metric, Warming::LeftOut);
        let current = obs.current() as i64;
        let (alarm, steps, out) = if m > c.scale_up {
            (c.scale_up, &c.step_scaling.scale_out_steps, true)
        } else if m < c.scale_down {
            (c.scale_down, &c.step_scaling.scale_in_steps, false)
        } else {
            return None;
        };
        // AWS, "Set the default instance warmup" / step scaling: while instances are warming
        // up, scale-in waits for them to finish.
        if !out && obs.warming > 0 {
            return None;
        }
        let breach = m - alarm;
        let step = find_step(steps, breach, out)?;
        // Scale-out counts capacity without the warming servers; scale-in counts them all.
        let base = if out { current - obs.warming as i64 } else { current };
        let target = match c.step_scaling.adjustment_type {
            AdjustmentType::ChangeInCapacity => base + step.adjustment.trunc() as i64,
            AdjustmentType::ExactCapacity => step.adjustment.trunc() as i64,
            AdjustmentType::PercentChangeInCapacity => {
                let raw = (base as f64 * step.adjustment / 100.0).trunc() as i64;
                let least = (c.step_scaling.min_adjustment_magnitude as i64).max(1);
                let change = if raw.abs() < least { least * step.adjustment.signum() as i64 } else { raw };
                base + change
            }
        };
        let to = target.clamp(c.min_servers as i64, c.max_servers as i64);
        // An alarm only moves capacity its own way.
        if (out && to <= current) || (!out && to >= current) {
            return None;
        }
        let (kind, side) = if out { ("high", "above") } else { ("low", "below") };
        let bounds = |b: Option<f64>, inf: &str| b.map_or(inf.to_string(), fmt_num);
        let action = match c.step_scaling.adjustment_type {
            AdjustmentType::ChangeInCapacity => format!("changes capacity by {:+}", step.adjustment.trunc()),
            AdjustmentType::PercentChangeInCapacity => format!("changes capacity by {:+} %", step.adjustment),
            AdjustmentType::ExactCapacity => format!("sets capacity to {}", step.adjustment.trunc()),
        };
        Some(Decision {
            to: to as u32,
            reason: format!(
                "{}, {:.1} {side} the {kind} alarm of {}: the step {}{}, {}{} {action}{}",
                crate::autoscaler::quantity(c.metric, m),
                breach.abs(),
                fmt_num(alarm),
                if out { "[" } else { "(" },
                bounds(step.lower, "-inf"),
                bounds(step.upper, "+inf"),
                if out { ")" } else { "]" },
                if out && obs.warming > 0 {
                    format!(" ({} servers still warming up)", obs.warming)
                } else {
                    String::new()
                },
            ),
        })
    }
}

/// The step whose bounds contain `breach`. AWS (Amazon EC2 Auto Scaling User Guide, "Step
/// adjustments for step scaling"): when the metric is above the alarm threshold the lower
/// bound is inclusive and the upper exclusive; below it, the lower bound is exclusive and
/// the upper inclusive.
fn find_step(steps: &[StepAdjustment], breach: f64, above: bool) -> Option<&StepAdjustment> {
    steps.iter().find(|s| {
        let (lo, hi) = (s.lower.unwrap_or(f64::NEG_INFINITY), s.upper.unwrap_or(f64::INFINITY));
        if above {
            lo <= breach && breach < hi
        } else {
            lo < breach && breach <= hi
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autoscaler::Metric;

    fn config(kind: AdjustmentType) -> AutoscalerConfig {
        AutoscalerConfig {
            metric: Metric::UsersPerServer,
            scale_up: 30.0,
            scale_down: 10.0,
            max_servers: 100,
            step_scaling: Settings { adjustment_type: kind, ..Settings::default() },
            ..AutoscalerConfig::default()
        }
    }

    fn obs(users: f64, ready: u32, starting: u32, warming: u32) -> Observation {
        Observation {
            users,
            ready,
            starting,
            warming,
            warming_ready: warming - starting.min(warming),
            ..Observation::default()
        }
    }

    #[test]
    fn breach_size_picks_the_step() {
        let mut p = StepScaling::new(&config(AdjustmentType::ChangeInCapacity));
        // 35 per server: breach 5, in [0, 10): +1.  45 per server: breach 15, in [10, inf): +2.
        assert_eq!(p.decide(&obs(350.0, 10, 0, 0)).map(|d| d.to), Some(11));
        assert_eq!(p.decide(&obs(450.0, 10, 0, 0)).map(|d| d.to), Some(12));
        // 5 per server: below the low alarm, step (-inf, 0): -1.
        assert_eq!(p.decide(&obs(50.0, 10, 0, 0)).map(|d| d.to), Some(9));
        assert_eq!(p.decide(&obs(200.0, 10, 0, 0)), None, "between the alarms");
    }

    #[test]
    fn percent_change_rounds_toward_zero_with_at_least_one() {
        let mut c = config(AdjustmentType::PercentChangeInCapacity);
        c.step_scaling.scale_out_steps = vec![StepAdjustment { lower: Some(0.0), upper: None, adjustment: 25.0 }];
        c.step_scaling.scale_in_steps = vec![StepAdjustment { lower: None, upper: Some(0.0), adjustment: -25.0 }];
        let mut p = StepScaling::new(&c);
        assert_eq!(p.decide(&obs(350.0, 10, 0, 0)).map(|d| d.to), Some(12), "25 % of 10 = 2.5 -> 2");
        assert_eq!(p.decide(&obs(100.0, 3, 0, 0)).map(|d| d.to), Some(4), "25 % of 3 = 0.75 -> at least 1");
        assert_eq!(p.decide(&obs(20.0, 10, 0, 0)).map(|d| d.to), Some(8), "-2.5 -> -2");
    }

    #[test]
    fn exact_capacity_sets_the_size() {
        let mut c = config(AdjustmentType::ExactCapacity);
        c.step_scaling.scale_out_steps = vec![StepAdjustment { lower: Some(0.0), upper: None, adjustment: 20.0 }];
        let mut p = StepScaling::new(&c);
        assert_eq!(p.decide(&obs(350.0, 10, 0, 0)).map(|d| d.to), Some(20));
    }

    #[test]
    fn warming_servers_are_not_added_twice() {
        let mut p = StepScaling::new(&config(AdjustmentType::ChangeInCapacity));
        // 10 servers, the alarm in the +2 step: 12. Two are warming and the breach stays in
        // the same step: (12 - 2) + 2 = 12, no change.
        assert_eq!(p.decide(&obs(450.0, 10, 0, 0)).map(|d| d.to), Some(12));
        assert_eq!(p.decide(&obs(450.0, 10, 2, 2)), None);
        // Without warm-up accounting it would have gone to 14.
    }

    /// AWS, "Step adjustments for step scaling": above the threshold a breach on a boundary
    /// belongs to the step above it ([lower, upper)); below the threshold, to the step
    /// whose upper bound it is ((lower, upper]).
    #[test]
    fn a_breach_on_a_step_boundary_picks_the_step_aws_picks() {
        let mut c = config(AdjustmentType::ChangeInCapacity);
        c.step_scaling.scale_in_steps = vec![
            StepAdjustment { lower: Some(-5.0), upper: Some(0.0), adjustment: -1.0 },
            StepAdjustment { lower: None, upper: Some(-5.0), adjustment: -3.0 },
        ];
        let mut p = StepScaling::new(&c);
        // Scale-out: 40 per server is a breach of exactly +10: the [10, inf) step, +2.
        assert_eq!(p.decide(&obs(400.0, 10, 0, 0)).map(|d| d.to), Some(12));
        // Scale-in: 5 per server is a breach of exactly -5: (-inf, -5], -3 (not (-5, 0]).
        let d = p.decide(&obs(50.0, 10, 0, 0)).unwrap();
        assert_eq!(d.to, 7, "{}", d.reason);
        assert!(d.reason.contains("step (-inf, -5]"), "{}", d.reason);
    }

    /// AWS, "Set the default instance warmup": with step scaling, scale-in waits while
    /// instances are warming up.
    #[test]
    fn scale_in_waits_for_warming_servers() {
        let mut p = StepScaling::new(&config(AdjustmentType::ChangeInCapacity));
        assert_eq!(p.decide(&obs(50.0, 10, 0, 1)), None, "one server still warming");
        assert_eq!(p.decide(&obs(50.0, 10, 0, 0)).map(|d| d.to), Some(9));
    }
}
