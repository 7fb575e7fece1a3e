//! Service times: how long one message occupies a worker, by distribution.

use crate::rng::Rng;
use crate::scenario::{ServiceConfig, ServiceDist};

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
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match self.dist {
            ServiceDist::Exponential => rng.exp_mean(self.mean_s),
            ServiceDist::Constant => self.mean_s,
            ServiceDist::Lognormal => libm::exp(self.mu + self.sigma * rng.normal()),
        }
    }
}
