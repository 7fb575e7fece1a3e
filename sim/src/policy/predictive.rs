//! Policy `predictive`: scales out ahead of need by forecasting the load with Holt's double
//! exponential smoothing, far enough ahead to cover the time a new server takes to start.
//!
//! Every interval the load L (users for `users_per_server`, arrivals per second for
//! `rps_per_server` and `utilization`) updates a level and a trend:
//! level = a L + (1 - a)(level + trend dt), trend = b (level - level_before) / dt + (1 - b) trend.
//! The forecast for `horizon` seconds ahead is level + trend x horizon. Desired servers =
//! the servers that the larger of the forecast and the load now need at `target`; scale-in
//! acts on the highest desire of the last `scale_down_window_s`, as target tracking does.

use serde::{Deserialize, Serialize};

use super::window::{Extreme, Window};

use super::AutoscalerConfig;
use crate::autoscaler::{fmt_num, Decision, Metric, Observation};
use crate::choice::Choice;
use crate::error::{range, ScenarioError};
use crate::service::ServiceConfig;

/// The fields of `autoscaler` predictive reads (the scale-in window is target tracking's).
pub const READS: &[&str] =
    &["metric", "target", "smoothing_level", "smoothing_trend", "forecast_horizon_s", "scale_down_window_s"];

/// Predictive's own settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Holt's smoothing of the level and of the trend [0-1].
    pub smoothing_level: f64,
    pub smoothing_trend: f64,
    /// How far ahead to forecast; `null`: `service.startup_s` + `interval_s` [s].
    pub forecast_horizon_s: Option<f64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { smoothing_level: 0.5, smoothing_trend: 0.3, forecast_horizon_s: None }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range("autoscaler.smoothing_level", self.smoothing_level, 0.0, 1.0)?;
        range("autoscaler.smoothing_trend", self.smoothing_trend, 0.0, 1.0)?;
        if let Some(h) = self.forecast_horizon_s {
            range("autoscaler.forecast_horizon_s", h, 0.0, 86_400.0)?;
        }
        Ok(())
    }
}

/// Whether predictive can forecast `metric`: load that does not depend on the fleet.
pub fn forecasts(metric: Metric) -> bool {
    matches!(metric, Metric::UsersPerServer | Metric::RpsPerServer | Metric::Utilization)
}

/// "users_per_server target 30, smoothing 0.5 / trend 0.3, horizon 60s, scale-in window 300s".
pub fn describe(a: &AutoscalerConfig) -> String {
    let p = &a.predictive;
    format!(
        "{} target {}, smoothing {} / trend {}, horizon {}, scale-in window {}s",
        a.metric.name(),
        a.target,
        p.smoothing_level,
        p.smoothing_trend,
        p.forecast_horizon_s.map_or("startup + interval".to_string(), |h| format!("{h}s")),
        a.target_tracking.scale_down_window_s
    )
}

#[derive(Clone, Debug)]
pub struct Predictive {
    config: AutoscalerConfig,
    /// How far ahead the forecast looks [s].
    horizon_s: f64,
    /// Mean service time [s] and workers per server, to turn arrivals into utilisation.
    service_s: f64,
    workers: f64,
    msg_rate: f64,
    /// Holt's state: level [load], trend [load/s], and the time of the last update [s].
    level: Option<f64>,
    trend: f64,
    last_t: f64,
    /// The forecast made at the last update: (for when [s], users).
    forecast: Option<(f64, f64)>,
    /// The highest desire of the scale-in window.
    desires: Window,
}

impl Predictive {
    pub fn new(c: &AutoscalerConfig, service: &ServiceConfig, msg_rate: f64) -> Predictive {
        Predictive {
            config: c.clone(),
            horizon_s: c.predictive.forecast_horizon_s.unwrap_or(service.startup_s + c.interval_s),
            service_s: service.service_ms / 1000.0,
            workers: service.workers as f64,
            msg_rate,
            level: None,
            trend: 0.0,
            last_t: 0.0,
            forecast: None,
            desires: Window::new(Extreme::Max),
        }
    }

    /// The load the metric scales with, fleet size aside.
    fn load(&self, obs: &Observation) -> f64 {
        match self.config.metric {
            Metric::UsersPerServer => obs.users,
            _ => obs.arrival_rps,
        }
    }

    /// Servers that `load` needs at the target.
    fn need(&self, load: f64) -> u32 {
        let target = self.config.target;
        let servers = match self.config.metric {
            Metric::Utilization => load * self.service_s / self.workers / (target / 100.0),
            _ => load / target,
        };
        (servers - 1e-9).ceil().clamp(0.0, u32::MAX as f64) as u32
    }

    /// The forecast made at the last update, in users: (for when [s], users).
    pub fn forecast(&self) -> Option<(f64, f64)> {
        self.forecast
    }

    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        let c = &self.config;
        let load = self.load(obs);
        let dt = (obs.t - self.last_t).max(1e-9);
        let (level, trend) = match self.level {
            None => (load, 0.0),
            Some(before) => {
                let level = c.predictive.smoothing_level * load
                    + (1.0 - c.predictive.smoothing_level) * (before + self.trend * dt);
                (
                    level,
                    c.predictive.smoothing_trend * (level - before) / dt
                        + (1.0 - c.predictive.smoothing_trend) * self.trend,
                )
            }
        };
        (self.level, self.trend, self.last_t) = (Some(level), trend, obs.t);
        let predicted = (level + trend * self.horizon_s).max(0.0);
        let users = if c.metric == Metric::UsersPerServer {
            predicted
        } else if self.msg_rate > 0.0 {
            predicted / self.msg_rate
        } else {
            0.0
        };
        self.forecast = Some((obs.t + self.horizon_s, users));

        let desire = self.need(predicted.max(load));
        let window = c.target_tracking.scale_down_window_s;
        self.desires.expire(obs.t - window - 1e-9);
        self.desires.push(obs.t, desire);
        let current = obs.current();
        let stabilised = if desire >= current { desire } else { self.desires.extreme().unwrap_or(desire) };
        let to = stabilised.clamp(c.min_servers, c.max_servers);
        if to == current {
            return None;
        }
        let unit = if c.metric == Metric::UsersPerServer { "users" } else { "requests/s" };
        let mut reason = format!(
            "{predicted:.1} {unit} forecast in {} s (now {load:.1}); at the target of {} that needs {desire} servers",
            fmt_num(self.horizon_s),
            crate::autoscaler::quantity(c.metric, c.target),
        );
        if stabilised != desire {
            reason += &format!(", held at {stabilised} by the {} s scale-in window", fmt_num(window));
        }
        Some(Decision { to, reason })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn predictive() -> Predictive {
        let c = AutoscalerConfig {
            policy: Policy::Predictive,
            target: 10.0,
            max_servers: 100,
            target_tracking: crate::policy::target_tracking::Settings {
                scale_down_window_s: 0.0,
                ..Default::default()
            },
            ..AutoscalerConfig::default()
        };
        let service = ServiceConfig { startup_s: 30.0, ..ServiceConfig::default() };
        Predictive::new(&c, &service, 1.0)
    }

    fn obs(t: f64, users: f64, ready: u32) -> Observation {
        Observation { t, users, ready, ..Observation::default() }
    }

    #[test]
    fn a_steady_ramp_is_met_ahead_of_time() {
        let mut p = predictive();
        // Users grow by 1 per second; the horizon is startup 30 s + interval 1 s.
        let mut ready = 2;
        for t in 1..=60 {
            if let Some(d) = p.decide(&obs(t as f64, t as f64, ready)) {
                ready = d.to;
            }
        }
        let (when, users) = p.forecast().unwrap();
        assert_eq!(when, 91.0);
        assert!((users - 91.0).abs() < 1.0, "Holt's trend follows a ramp: {users}");
        assert_eq!(ready, 10, "60 users now, 91 forecast at 10 per server");
    }

    #[test]
    fn never_below_what_the_load_needs_now() {
        let mut p = predictive();
        p.decide(&obs(1.0, 100.0, 2));
        // A sudden fall makes the trend negative; the forecast may dip, the fleet follows the load.
        let d = p.decide(&obs(2.0, 50.0, 10)).unwrap();
        assert_eq!(d.to, 5);
    }
}
