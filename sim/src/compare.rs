//! Comparison of variants: scenarios that differ in how the fleet is run (policy,
//! thresholds, balancer, servers) but share the conditions it is run under (seed, duration,
//! traffic, failures, objective), so that every variant sees the same messages.

use std::fmt::Write;

use crate::choice::Choice;
use crate::report::Report;
use crate::scenario::Scenario;

/// A named scenario in a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: String,
    pub scenario: Scenario,
}

/// Gives `to` the conditions of `from`: seed, duration, traffic (with its trace), failures
/// and objective. With the same seed and traffic every variant receives the same arrivals.
pub fn share_conditions(from: &Scenario, to: &mut Scenario) {
    to.seed = from.seed;
    to.duration_s = from.duration_s;
    to.traffic = from.traffic.clone();
    to.failures = from.failures.clone();
    to.objective = from.objective;
    to.engine = from.engine;
}

/// Which way a row of the table is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Lower,
    /// Neither: a count that describes rather than judges (scaling events).
    Neither,
}

/// One row of the difference table: a metric's value for every variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub unit: &'static str,
    pub values: Vec<f64>,
    pub better: Better,
    /// Decimals worth showing.
    pub decimals: usize,
}

impl Row {
    /// Difference of variant `i` from the first, in percent of the first (`None` when the
    /// first is zero).
    pub fn change_pct(&self, i: usize) -> Option<f64> {
        let first = *self.values.first()?;
        (first != 0.0).then(|| 100.0 * (self.values[i] - first) / first)
    }
}

/// The difference table of `reports`: cost, server time, latency, losses, time above the
/// objective and scaling events, one value per report.
pub fn table(reports: &[&Report]) -> Vec<Row> {
    let percentile = reports.first().map_or("p95", |r| r.scenario.objective.percentile.name());
    let row = |label: String, unit, decimals, f: &dyn Fn(&Report) -> f64| Row {
        label,
        unit,
        values: reports.iter().map(|r| f(r)).collect(),
        better: if unit.is_empty() { Better::Neither } else { Better::Lower },
        decimals,
    };
    vec![
        row("Cost".into(), "$", 4, &|r| r.summary.cost),
        row("Server time".into(), "server-s", 0, &|r| r.summary.server_seconds),
        row("Average servers".into(), "servers", 2, &|r| r.summary.avg_servers),
        row("Latency p95".into(), "ms", 1, &|r| r.summary.latency_ms.p95),
        row("Latency p99".into(), "ms", 1, &|r| r.summary.latency_ms.p99),
        row("Dropped".into(), "messages", 0, &|r| r.summary.dropped as f64),
        row("Failed (crashes)".into(), "messages", 0, &|r| r.summary.failed as f64),
        row(format!("Time {percentile} above objective"), "s", 0, &|r| r.summary.objective.latency_violated_s),
        row("Time over loss budget".into(), "s", 0, &|r| r.summary.objective.lost_violated_s),
        row("Scaling events".into(), "", 0, &|r| r.summary.scaling_events as f64),
        // Elasticity (SPEC): how closely ready servers followed the demand.
        row("Under-provisioned time".into(), "%", 1, &|r| r.summary.elasticity.under_timeshare_pct),
        row("Over-provisioned time".into(), "%", 1, &|r| r.summary.elasticity.over_timeshare_pct),
        row("Average shortfall".into(), "servers", 2, &|r| r.summary.elasticity.under_accuracy),
        row("Average excess".into(), "servers", 2, &|r| r.summary.elasticity.over_accuracy),
        row("Elasticity deviation".into(), "%", 1, &|r| r.summary.elasticity.deviation_pct),
    ]
}

/// The variant that meets the objective at the lowest cost, if any does (the first of equals).
pub fn cheapest_meeting(reports: &[&Report]) -> Option<usize> {
    reports
        .iter()
        .enumerate()
        .filter(|(_, r)| r.summary.objective.met)
        .min_by(|a, b| a.1.summary.cost.total_cmp(&b.1.summary.cost))
        .map(|(i, _)| i)
}

/// One sentence answering "which variant meets the objective more cheaply?".
pub fn conclusion(names: &[&str], reports: &[&Report]) -> String {
    let Some(first) = reports.first() else { return "Nothing to compare.".into() };
    let objective = first.scenario.objective.describe();
    let meeting = reports.iter().filter(|r| r.summary.objective.met).count();
    match cheapest_meeting(reports) {
        None => {
            // Nobody meets it: name the one in violation for the shortest time.
            let nearest = (0..reports.len())
                .min_by(|&a, &b| {
                    let v = |i: usize| reports[i].summary.objective.violated_s;
                    v(a).total_cmp(&v(b))
                })
                .unwrap_or(0);
            format!(
                "No variant meets the objective ({objective}); {} breaks it for the shortest time ({:.0} s).",
                names[nearest], reports[nearest].summary.objective.violated_s
            )
        }
        Some(best) if meeting == 1 => {
            format!("Only {} meets the objective ({objective}), at {:.4} $.", names[best], reports[best].summary.cost)
        }
        Some(best) => {
            let cost = reports[best].summary.cost;
            let next = reports
                .iter()
                .enumerate()
                .filter(|&(i, r)| i != best && r.summary.objective.met)
                .map(|(_, r)| r.summary.cost)
                .fold(f64::INFINITY, f64::min);
            let saving = if next > 0.0 { 100.0 * (next - cost) / next } else { 0.0 };
            format!(
                "{meeting} variants meet the objective ({objective}); {} is the cheapest at {cost:.4} $, {saving:.1} % below the next.",
                names[best]
            )
        }
    }
}

/// The comparison as text: the difference table (changes against the first variant in
/// brackets), each variant's verdict, and the conclusion.
pub fn render_text(names: &[&str], reports: &[&Report]) -> String {
    let mut o = String::new();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0).max(18);
    let _ = write!(o, "{:<30}", "");
    for name in names {
        let _ = write!(o, " {name:>width$}");
    }
    let _ = writeln!(o);
    for row in table(reports) {
        let label = if row.unit.is_empty() { row.label.clone() } else { format!("{} [{}]", row.label, row.unit) };
        let _ = write!(o, "{label:<30}");
        for (i, v) in row.values.iter().enumerate() {
            let value = format!("{v:.*}", row.decimals);
            let cell = match row.change_pct(i) {
                Some(c) if i > 0 => format!("{value} ({c:+.0} %)"),
                _ => value,
            };
            let _ = write!(o, " {cell:>width$}");
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o);
    for (name, r) in names.iter().zip(reports) {
        let _ = writeln!(o, "{name}: {}", r.summary.objective.describe(&r.scenario.objective));
    }
    let _ = writeln!(o, "{}", conclusion(names, reports));
    o
}
