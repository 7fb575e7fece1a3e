//! The service section: how long one message occupies a worker, how many workers and how
//! much queue a server has, what it costs; and the sampler of service times.

use serde::{Deserialize, Serialize};

use crate::error::{range, ScenarioError};
use crate::rng::Rng;

crate::choices! {
    /// Distribution of a request's service time.
    pub enum ServiceDist {
        Exponential = ("exponential", "exponential", "memoryless: most messages are quick, a few take long (cv 1)."),
        Constant = ("constant", "constant", "every message takes exactly the mean."),
        /// Log-normal with mean `service_ms` and coefficient of variation `service_cv`.
        Lognormal = ("lognormal", "log-normal", "a long right tail, with the coefficient of variation you choose."),
    }
}

/// The scenario's `service` section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceConfig {
    /// Mean service time of one message [ms].
    pub service_ms: f64,
    pub service_dist: ServiceDist,
    /// Coefficient of variation of the service time (lognormal only) [-].
    pub service_cv: f64,
    /// Requests one server processes concurrently [slots].
    pub workers: u32,
    /// Waiting requests a server holds before it drops arrivals; `null` is unbounded [requests].
    pub queue_limit: Option<u32>,
    /// Delay between the decision to add a server and the server taking requests [s].
    pub startup_s: f64,
    /// Price of one server for one hour, whatever its state [currency/h].
    pub cost_per_hour: f64,
    /// Server sizes; servers take them in turn by id. Empty: every server is standard.
    pub classes: Vec<ServerClass>,
}

/// Most server classes a scenario may have.
pub const MAX_CLASSES: usize = 8;

/// A server size: how fast it works and what it costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerClass {
    pub name: String,
    /// Speed relative to a standard server, which also weights it for
    /// `weighted_round_robin` [-].
    pub speed: f64,
    /// Price per hour; `null` (or missing) is `service.cost_per_hour` times `speed` [currency/h].
    #[serde(default)]
    pub cost_per_hour: Option<f64>,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            service_ms: 25.0,
            service_dist: ServiceDist::Exponential,
            service_cv: 1.0,
            workers: 1,
            queue_limit: Some(100),
            startup_s: 0.0,
            cost_per_hour: 0.10,
            classes: Vec::new(),
        }
    }
}

impl ServiceConfig {
    /// Checks every range of the section.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range("service.service_ms", self.service_ms, 0.001, 3_600_000.0)?;
        range("service.service_cv", self.service_cv, 0.0, 10.0)?;
        if self.service_dist == ServiceDist::Lognormal && self.service_cv <= 0.0 {
            return Err(ScenarioError::new(
                "service.service_cv",
                "must be above 0 for a lognormal service time (use \"constant\" for no variation)",
            ));
        }
        range("service.workers", self.workers as f64, 1.0, 10_000.0)?;
        if let Some(q) = self.queue_limit {
            range("service.queue_limit", q as f64, 0.0, 10_000_000.0)?;
        }
        range("service.startup_s", self.startup_s, 0.0, 86_400.0)?;
        range("service.cost_per_hour", self.cost_per_hour, 0.0, 1_000_000.0)?;
        if self.classes.len() > MAX_CLASSES {
            return Err(ScenarioError::new("service.classes", format!("at most {MAX_CLASSES} server classes")));
        }
        for (i, c) in self.classes.iter().enumerate() {
            range(&format!("service.classes[{i}].speed"), c.speed, 0.01, 100.0)?;
            if let Some(cost) = c.cost_per_hour {
                range(&format!("service.classes[{i}].cost_per_hour"), cost, 0.0, 1_000_000.0)?;
            }
        }
        Ok(())
    }

    /// Price per hour of each class, by class index; the first is the standard server's
    /// when there are no classes [currency/h].
    pub fn class_costs(&self) -> [f64; MAX_CLASSES] {
        let mut cost = [0.0; MAX_CLASSES];
        cost[0] = self.cost_per_hour;
        for (i, c) in self.classes.iter().enumerate() {
            cost[i] = c.cost_per_hour.unwrap_or(self.cost_per_hour * c.speed);
        }
        cost
    }
}

/// Samples service times [s] from the configured distribution.
#[derive(Clone, Debug)]
pub struct ServiceTime {
    dist: ServiceDist,
    /// Mean service time [s].
    mean_s: f64,
    /// Parameters of the underlying normal of the lognormal.
    mu: f64,
    sigma: f64,
}

impl ServiceTime {
    pub fn new(config: &ServiceConfig) -> ServiceTime {
        let mean_s = config.service_ms / 1000.0;
        // For a lognormal with mean m and coefficient of variation cv:
        // sigma^2 = ln(1 + cv^2), mu = ln(m) - sigma^2 / 2.
        let sigma2 = libm::log(1.0 + config.service_cv * config.service_cv);
        ServiceTime {
            dist: config.service_dist,
            mean_s,
            mu: libm::log(mean_s) - sigma2 / 2.0,
            sigma: libm::sqrt(sigma2),
        }
    }

    /// Mean service time [s].
    pub fn mean_s(&self) -> f64 {
        self.mean_s
    }

    /// One service time [s].
    #[inline(always)]
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match self.dist {
            ServiceDist::Exponential => rng.exp_mean(self.mean_s),
            ServiceDist::Constant => self.mean_s,
            ServiceDist::Lognormal => self.lognormal(rng),
        }
    }

    #[inline(never)]
    fn lognormal(&self, rng: &mut Rng) -> f64 {
        libm::exp(self.mu + self.sigma * rng.normal())
    }
}
