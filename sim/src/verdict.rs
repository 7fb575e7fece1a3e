//! A run's verdict against its objective: whether it held over the run, and for how long
//! it did not, judged from the finished report's summary and series.
//!
//! The objective holds for a run when the run's percentile is within the ceiling and its
//! lost share (dropped plus failed, over arrived) is within the budget. Time in violation
//! counts the evaluation intervals whose own percentile or lost share broke the objective.

use crate::choice::Choice;
use crate::objective::Objective;
use crate::report::{Report, Verdict};

/// How the run of `report` measured against its scenario's objective.
pub fn judge(report: &Report) -> Verdict {
    let objective = &report.scenario.objective;
    let summary = &report.summary;
    let l = &summary.latency_ms;
    let latency_ms = objective.percentile.of(l.p50, l.p95, l.p99);
    let run_lost_pct = lost_pct(summary.dropped + summary.failed, summary.arrived);
    let (mut latency_violated_s, mut lost_violated_s, mut violated_s) = (0.0, 0.0, 0.0);
    let mut start = 0.0;
    for row in &report.series {
        let length = row.t - start;
        start = row.t;
        // An interval that completed nothing has no latency to judge.
        let slow =
            row.completed > 0 && objective.percentile.of(row.p50_ms, row.p95_ms, row.p99_ms) > objective.latency_ms;
        let arrived = (row.arrival_rps * length).round() as u64;
        let lossy = lost_pct(row.dropped + row.failed, arrived) > objective.drop_budget_pct;
        latency_violated_s += if slow { length } else { 0.0 };
        lost_violated_s += if lossy { length } else { 0.0 };
        violated_s += if slow || lossy { length } else { 0.0 };
    }
    let latency_met = latency_ms <= objective.latency_ms;
    let lost_met = run_lost_pct <= objective.drop_budget_pct;
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

/// Lost over arrived [%]; nothing arrived loses nothing.
fn lost_pct(lost: u64, arrived: u64) -> f64 {
    if arrived == 0 {
        0.0
    } else {
        100.0 * lost as f64 / arrived as f64
    }
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
