//! Policy `threshold`, the seed's rule: step up above `scale_up` users per ready server,
//! down below `scale_down`, with a cooldown after each action.

use serde::{Deserialize, Serialize};

use super::AutoscalerConfig;
use crate::autoscaler::{fmt_num, Decision, Metric, Observation, Warming};
use crate::error::{range, ScenarioError};

/// The fields of `autoscaler` threshold reads.
pub const READS: &[&str] = &["scale_up", "scale_down", "cooldown_s", "step"];

/// Threshold's own settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Servers added or removed by one action.
    pub step: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { step: 1 }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range("autoscaler.step", self.step as f64, 1.0, 10_000.0)
    }
}

/// "up > 30 / down < 10 users per server, step 1, cooldown 5s".
pub fn describe(a: &AutoscalerConfig) -> String {
    format!(
        "up > {} / down < {} users per server, step {}, cooldown {}s",
        a.scale_up, a.scale_down, a.threshold.step, a.cooldown_s
    )
}

#[derive(Clone, Debug)]
pub struct Threshold {
    config: AutoscalerConfig,
    /// Time of the last scaling action [s].
    last_action_s: Option<f64>,
}

impl Threshold {
    pub fn new(config: &AutoscalerConfig) -> Threshold {
        Threshold { config: config.clone(), last_action_s: None }
    }

    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        let c = &self.config;
        if self.last_action_s.is_some_and(|last| obs.t - last < c.cooldown_s) {
            return None;
        }
        let current = obs.current();
        let per_server = obs.value(Metric::UsersPerServer, Warming::Counted);
        let (to, reason) = if per_server > c.scale_up {
            let to = (current + c.threshold.step).min(c.max_servers);
            (to, format!("{per_server:.1} users per server, above the scale-up threshold of {}", fmt_num(c.scale_up)))
        } else if per_server < c.scale_down {
            let to = current.saturating_sub(c.threshold.step).max(c.min_servers);
            (
                to,
                format!(
                    "{per_server:.1} users per server, below the scale-down threshold of {}",
                    fmt_num(c.scale_down)
                ),
            )
        } else {
            return None;
        };
        if to == current {
            return None;
        }
        self.last_action_s = Some(obs.t);
        Some(Decision { to, reason })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Autoscaler, Policy};
    use crate::service::ServiceConfig;

    fn obs(t: f64, users: f64, ready: u32) -> Observation {
        Observation { t, users, ready, ..Observation::default() }
    }

    #[test]
    fn steps_up_and_down_within_bounds() {
        let c = AutoscalerConfig { cooldown_s: 0.0, ..AutoscalerConfig::default() };
        let mut a = Autoscaler::new(&c, &ServiceConfig::default(), 1.0);
        assert_eq!(a.decide(&obs(1.0, 61.0, 2)).map(|d| d.to), Some(3));
        assert_eq!(a.decide(&obs(2.0, 60.0, 2)), None, "exactly at the threshold holds");
        assert_eq!(a.decide(&obs(3.0, 500.0, 10)), None, "already at max_servers");
        assert_eq!(a.decide(&obs(4.0, 19.0, 2)), None, "already at min_servers");
        let d = a.decide(&obs(5.0, 29.0, 3)).unwrap();
        assert_eq!(d.to, 2);
        assert_eq!(d.reason, "9.7 users per server, below the scale-down threshold of 10");
    }

    #[test]
    fn cooldown_suppresses_actions() {
        let mut a = Autoscaler::new(&AutoscalerConfig::default(), &ServiceConfig::default(), 1.0);
        assert!(a.decide(&obs(10.0, 100.0, 2)).is_some());
        assert!(a.decide(&obs(14.0, 200.0, 3)).is_none(), "4 s after an action, cooldown 5 s");
        assert!(a.decide(&obs(15.0, 200.0, 3)).is_some());
    }

    #[test]
    fn fixed_never_scales() {
        let c = AutoscalerConfig { policy: Policy::Fixed, ..AutoscalerConfig::default() };
        let mut a = Autoscaler::new(&c, &ServiceConfig::default(), 1.0);
        assert!(a.decide(&obs(10.0, 1e6, 2)).is_none());
    }
}
