//! The service-level objective: a ceiling for a latency percentile and a budget for lost
//! messages, and how a run measured against it (whether it held, and for how long it did not).
//!
//! The objective holds for a run when the run's percentile is within the ceiling and its
//! lost share (dropped plus failed, over arrived) is within the budget. Time in violation
//! counts the evaluation intervals whose own percentile or lost share broke the objective.

use serde::{Deserialize, Serialize};

use crate::report::{SeriesRow, Summary};
use crate::validate::range;

/// Which latency percentile the objective holds to its ceiling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Percentile {
    P50,
    P95,
    P99,
}

impl Percentile {
    /// The name used in reports: "p95".
    pub fn name(self) -> &'static str {
        match self {
            Percentile::P50 => "p50",
            Percentile::P95 => "p95",
            Percentile::P99 => "p99",
        }
    }

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
    pub(crate) fn validate(&self) -> Result<(), String> {
        range("objective.latency_ms", self.latency_ms, 0.001, 3_600_000.0)?;
        range("objective.drop_budget_pct", self.drop_budget_pct, 0.0, 100.0)
    }

    /// The objective in words: "p95 ≤ 200 ms, lost ≤ 0.1 %".
    pub fn describe(&self) -> String {
        format!("{} ≤ {} ms, lost ≤ {} %", self.percentile.name(), self.latency_ms, self.drop_budget_pct)
    }

    /// How the run of `summary` and `series` measured against the objective.
    pub fn evaluate(&self, summary: &Summary, series: &[SeriesRow]) -> Verdict {
        let l = &summary.latency_ms;
        let latency_ms = self.percentile.of(l.p50, l.p95, l.p99);
        let run_lost_pct = lost_pct(summary.dropped + summary.failed, summary.arrived);
        let (mut latency_violated_s, mut lost_violated_s, mut violated_s) = (0.0, 0.0, 0.0);
        let mut start = 0.0;
        for row in series {
            let length = row.t - start;
            start = row.t;
            // An interval that completed nothing has no latency to judge.
            let slow = row.completed > 0 && self.percentile.of(row.p50_ms, row.p95_ms, row.p99_ms) > self.latency_ms;
            let arrived = (row.arrival_rps * length).round() as u64;
            let lossy = lost_pct(row.dropped + row.failed, arrived) > self.drop_budget_pct;
            latency_violated_s += if slow { length } else { 0.0 };
            lost_violated_s += if lossy { length } else { 0.0 };
            violated_s += if slow || lossy { length } else { 0.0 };
        }
        let latency_met = latency_ms <= self.latency_ms;
        let lost_met = run_lost_pct <= self.drop_budget_pct;
        Verdict {
            met: latency_met && lost_met,
            latency_ms,
            latency_met,
            lost_pct: run_lost_pct,
            lost_met,
            latency_violated_s,
            lost_violated_s,
            violated_s,
        }
    }
}

/// Lost over arrived [%]; nothing arrived loses nothing.
fn lost_pct(lost: u64, arrived: u64) -> f64 {
    if arrived == 0 {
        0.0
    } else {
        100.0 * lost as f64 / arrived as f64
    }
}

/// How a run measured against its objective.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Verdict {
    /// Both the latency ceiling and the loss budget held over the whole run.
    pub met: bool,
    /// The run's value of the objective's percentile [ms].
    pub latency_ms: f64,
    pub latency_met: bool,
    /// Dropped plus failed over arrived, over the whole run [%].
    pub lost_pct: f64,
    pub lost_met: bool,
    /// Length of the intervals whose percentile was above the ceiling [s].
    pub latency_violated_s: f64,
    /// Length of the intervals that lost more than the budget [s].
    pub lost_violated_s: f64,
    /// Length of the intervals that broke either [s].
    pub violated_s: f64,
}

impl Verdict {
    /// What broke the objective and for how long, or that nothing did:
    /// "p95 312 ms, above the ceiling for 40 s; lost 1.20 %, over budget for 10 s".
    pub fn details(&self, objective: &Objective) -> String {
        let name = objective.percentile.name();
        let mut parts = Vec::new();
        if !self.latency_met || self.latency_violated_s > 0.0 {
            parts.push(format!(
                "{name} {:.0} ms, above the ceiling for {:.0} s",
                self.latency_ms, self.latency_violated_s
            ));
        }
        if !self.lost_met || self.lost_violated_s > 0.0 {
            parts.push(format!("lost {:.2} %, over budget for {:.0} s", self.lost_pct, self.lost_violated_s));
        }
        if parts.is_empty() {
            "within it in every interval".into()
        } else {
            parts.join("; ")
        }
    }

    /// The verdict in words: "met in every interval", "met over the run; p95 ..., above
    /// the ceiling for 40 s" or "violated: p95 312 ms, above the ceiling for 40 s; ...".
    pub fn describe(&self, objective: &Objective) -> String {
        match (self.met, self.violated_s > 0.0) {
            (true, false) => "met in every interval".into(),
            (true, true) => format!("met over the run; {}", self.details(objective)),
            (false, _) => format!("violated: {}", self.details(objective)),
        }
    }
}
