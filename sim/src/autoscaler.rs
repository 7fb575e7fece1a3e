//! The autoscaler: at the end of each interval, decides the fleet's new size and says why.

use crate::scenario::{AutoscalerConfig, Policy};

/// What the autoscaler sees of the interval that just ended.
#[derive(Clone, Copy, Debug)]
pub struct Observation {
    /// End of the interval [s].
    pub t: f64,
    /// Time-average concurrent users over the interval [users].
    pub users: f64,
    /// Servers taking requests at the end of the interval.
    pub ready: u32,
    /// Servers decided but not yet ready.
    pub starting: u32,
}

/// A change of the desired fleet size.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// Desired servers (ready + starting) after the change.
    pub to: u32,
    /// Why, naming the metric and its value.
    pub reason: String,
}

#[derive(Clone, Debug)]
pub struct Autoscaler {
    config: AutoscalerConfig,
    /// Time of the last scaling action [s].
    last_action_s: Option<f64>,
}

impl Autoscaler {
    pub fn new(config: &AutoscalerConfig) -> Autoscaler {
        Autoscaler { config: config.clone(), last_action_s: None }
    }

    /// The decision for this observation, if any; a decision starts a cooldown.
    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        let c = &self.config;
        if let Some(last) = self.last_action_s {
            if obs.t - last < c.cooldown_s {
                return None;
            }
        }
        let decision = match c.policy {
            Policy::Fixed => None,
            Policy::Threshold => threshold(c, obs),
        }?;
        self.last_action_s = Some(obs.t);
        Some(decision)
    }
}

/// The seed's rule: step up above `scale_up` users per ready server, down below `scale_down`.
fn threshold(c: &AutoscalerConfig, obs: &Observation) -> Option<Decision> {
    let current = obs.ready + obs.starting;
    let per_server = obs.users / obs.ready.max(1) as f64;
    let (to, reason) = if per_server > c.scale_up {
        let to = (current + c.step).min(c.max_servers);
        (to, format!("users per server {per_server:.1} > scale_up {}", fmt_num(c.scale_up)))
    } else if per_server < c.scale_down {
        let to = current.saturating_sub(c.step).max(c.min_servers);
        (to, format!("users per server {per_server:.1} < scale_down {}", fmt_num(c.scale_down)))
    } else {
        return None;
    };
    (to != current).then_some(Decision { to, reason })
}

/// A number without a trailing ".0" when it is whole.
fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(t: f64, users: f64, ready: u32) -> Observation {
        Observation { t, users, ready, starting: 0 }
    }

    #[test]
    fn threshold_steps_up_and_down_within_bounds() {
        let c = AutoscalerConfig { cooldown_s: 0.0, ..AutoscalerConfig::default() };
        let mut a = Autoscaler::new(&c);
        assert_eq!(a.decide(&obs(1.0, 61.0, 2)).map(|d| d.to), Some(3));
        assert_eq!(a.decide(&obs(2.0, 60.0, 2)), None, "exactly at the threshold holds");
        assert_eq!(a.decide(&obs(3.0, 500.0, 10)), None, "already at max_servers");
        assert_eq!(a.decide(&obs(4.0, 19.0, 2)), None, "already at min_servers");
        let d = a.decide(&obs(5.0, 29.0, 3)).unwrap();
        assert_eq!(d.to, 2);
        assert_eq!(d.reason, "users per server 9.7 < scale_down 10");
    }

    #[test]
    fn cooldown_suppresses_actions() {
        let mut a = Autoscaler::new(&AutoscalerConfig::default());
        assert!(a.decide(&obs(10.0, 100.0, 2)).is_some());
        assert!(a.decide(&obs(14.0, 200.0, 3)).is_none(), "4 s after an action, cooldown 5 s");
        assert!(a.decide(&obs(15.0, 200.0, 3)).is_some());
    }

    #[test]
    fn fixed_never_scales() {
        let c = AutoscalerConfig { policy: Policy::Fixed, ..AutoscalerConfig::default() };
        let mut a = Autoscaler::new(&c);
        assert!(a.decide(&obs(10.0, 1e6, 2)).is_none());
    }
}
