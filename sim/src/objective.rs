//! The objective section: a ceiling for a latency percentile and a budget for lost messages.
//!
//! The objective only judges a run, after its report exists (`verdict::judge`); it never
//! changes a run.

use serde::{Deserialize, Serialize};

use crate::choice::Choice;
use crate::error::{range, ScenarioError};

crate::choices! {
    /// Which latency percentile the objective holds to its ceiling.
    pub enum Percentile {
        P50 = ("p50", "p50", "the median: half of the messages are faster."),
        P95 = ("p95", "p95", "95 % of the messages are faster."),
        P99 = ("p99", "p99", "99 % of the messages are faster."),
    }
}

impl Percentile {
    /// This percentile among a run's or an interval's three.
    pub fn of(self, p50: f64, p95: f64, p99: f64) -> f64 {
        match self {
            Percentile::P50 => p50,
            Percentile::P95 => p95,
            Percentile::P99 => p99,
        }
    }
}

/// What the fleet is meant to deliver.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Objective {
    /// The latency percentile held to `latency_ms`.
    pub percentile: Percentile,
    /// Ceiling for that percentile of latency, queueing included [ms].
    pub latency_ms: f64,
    /// Share of arrived messages that may be lost, dropped or failed [%].
    pub drop_budget_pct: f64,
}

impl Default for Objective {
    fn default() -> Self {
        Objective { percentile: Percentile::P95, latency_ms: 200.0, drop_budget_pct: 0.1 }
    }
}

impl Objective {
    /// Checks the ceiling and the budget.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range("objective.latency_ms", self.latency_ms, 0.001, 3_600_000.0)?;
        range("objective.drop_budget_pct", self.drop_budget_pct, 0.0, 100.0)
    }

    /// The objective in words: "p95 ≤ 200 ms, lost ≤ 0.1 %".
    pub fn describe(&self) -> String {
        format!("{} ≤ {} ms, lost ≤ {} %", self.percentile.name(), self.latency_ms, self.drop_budget_pct)
    }
}
