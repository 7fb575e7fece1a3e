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
    /// Where the run's intervals broke the objective, or that none did: "p95 above 200 ms
    /// in intervals adding up to 40 s; losses above 1 % in intervals adding up to 10 s".
    pub fn details(&self, objective: &Objective) -> String {
        let name = objective.percentile.name();
        let mut parts = Vec::new();
        if self.latency_violated_s > 0.0 {
            parts.push(format!(
                "{name} above {} ms in intervals adding up to {:.0} s",
                objective.latency_ms, self.latency_violated_s
            ));
        }
        if self.lost_violated_s > 0.0 {
            parts.push(format!(
                "losses above {} % in intervals adding up to {:.0} s",
                objective.drop_budget_pct, self.lost_violated_s
            ));
        }
        if parts.is_empty() {
            "within it in every interval".into()
        } else {
            parts.join("; ")
        }
    }

    /// The verdict as one sentence that cannot contradict itself: whether the run meets the
    /// objective and by how much, and, when it meets it over the run but not in every
    /// interval, for how long it did not. The page's headline and the command line say it.
    pub fn describe(&self, objective: &Objective) -> String {
        let name = objective.percentile.name();
        let sign = |ok: bool| if ok { "≤" } else { ">" };
        let latency =
            format!("{name} {:.0} ms {} {} ms", self.latency_ms, sign(self.latency_met), objective.latency_ms);
        let lost = format!("{:.2} % lost {} {} %", self.lost_pct, sign(self.lost_met), objective.drop_budget_pct);
        if !self.met {
            let broken: Vec<&str> = [(!self.latency_met, latency.as_str()), (!self.lost_met, lost.as_str())]
                .iter()
                .filter(|b| b.0)
                .map(|b| b.1)
                .collect();
            return format!("Misses the objective: {}.", broken.join(" and "));
        }
        let over_run = format!("Meets the objective over the run: {latency}, {lost}");
        if self.violated_s > 0.0 {
            format!("{over_run}; outside it in intervals adding up to {:.0} s.", self.violated_s)
        } else {
            format!("{over_run}, in every interval.")
        }
    }
}
