//! Failures: server crashes, at chosen times or at random, and the health checks that
//! notice them (seed 003: a check every 30 s, unhealthy after 3 failed checks, healthy
//! after 2 passed).
//!
//! A crashed server loses what it holds and refuses what the balancer still sends it,
//! until its `unhealthy_after`-th failed check takes it out of rotation and a replacement
//! starts. With health checks on, a new server takes traffic only after passing
//! `healthy_after` checks. Requests lost this way are counted as `failed`, apart from drops.

use serde::{Deserialize, Serialize};

use crate::error::{range, ScenarioError};

/// One crash at a chosen time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crash {
    /// When the server crashes [s].
    pub at_s: f64,
    /// The server's id (creation order from 0, as in the report's `servers`); nothing
    /// happens if it is not running then.
    pub server: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FailuresConfig {
    pub crashes: Vec<Crash>,
    /// Mean time between failures of each running server, exponential; `null`: none at
    /// random [s].
    pub mtbf_s: Option<f64>,
    /// Time between two health checks of every server [s].
    pub health_interval_s: f64,
    /// Consecutive failed checks that take a server out of rotation.
    pub unhealthy_after: u32,
    /// Consecutive passed checks a new server needs before it takes traffic.
    pub healthy_after: u32,
}

impl Default for FailuresConfig {
    fn default() -> Self {
        FailuresConfig {
            crashes: Vec::new(),
            mtbf_s: None,
            health_interval_s: 30.0,
            unhealthy_after: 3,
            healthy_after: 2,
        }
    }
}

impl FailuresConfig {
    /// Checks every field; messages name the field and the allowed range.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.crashes.len() > 10_000 {
            return Err(ScenarioError::new("failures.crashes", "at most 10000 crashes"));
        }
        for (i, c) in self.crashes.iter().enumerate() {
            range(&format!("failures.crashes[{i}].at_s"), c.at_s, 0.0, 31_536_000.0)?;
        }
        if let Some(m) = self.mtbf_s {
            range("failures.mtbf_s", m, 1.0, 1e9)?;
        }
        range("failures.health_interval_s", self.health_interval_s, 0.1, 86_400.0)?;
        range("failures.unhealthy_after", self.unhealthy_after as f64, 1.0, 1000.0)?;
        range("failures.healthy_after", self.healthy_after as f64, 0.0, 1000.0)
    }

    /// Crashes in time order (ties in the order given).
    pub fn sorted_crashes(&self) -> Vec<Crash> {
        let mut c = self.crashes.clone();
        c.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
        c
    }
}
