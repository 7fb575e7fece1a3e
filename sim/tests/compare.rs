//! Comparisons and the objective: variants see the same messages, the objective's verdict
//! matches the series it was computed from, and the conclusion names the cheapest variant
//! that meets it.

use autoscale_sim::compare::{cheapest_meeting, conclusion, share_conditions, table, Variant};
use autoscale_sim::objective::{Objective, Percentile};
use autoscale_sim::scenario::{Pattern, Policy, Strategy};
use autoscale_sim::{run, Report, Scenario};

/// A ten-minute ramp from 50 to 300 users on 25 ms messages, with 30 s startups.
fn base() -> Scenario {
    let mut s = Scenario { duration_s: 600.0, seed: 7, ..Scenario::default() };
    s.traffic.pattern = Pattern::ThreePhase;
    s.traffic.base_users = 50.0;
    s.traffic.peak_users = 300.0;
    s.service.startup_s = 30.0;
    s.autoscaler.max_servers = 20;
    s.validate().unwrap();
    s
}

/// Variants of `base`: the default threshold policy, target tracking, and a fixed fleet of `fixed` servers.
fn variants(fixed: u32) -> Vec<Variant> {
    let a = base();
    let mut b = Scenario { seed: 999, duration_s: 30.0, ..a.clone() };
    b.autoscaler.policy = Policy::TargetTracking;
    b.balancer.strategy = Strategy::LeastConnections;
    let mut c = Scenario::default();
    c.autoscaler.policy = Policy::Fixed;
    (c.autoscaler.min_servers, c.autoscaler.initial_servers, c.autoscaler.max_servers) = (fixed, fixed, fixed);
    let mut out = vec![
        Variant { name: "threshold".into(), scenario: a.clone() },
        Variant { name: "target tracking".into(), scenario: b },
        Variant { name: "fixed".into(), scenario: c },
    ];
    for v in &mut out[1..] {
        share_conditions(&a, &mut v.scenario);
        v.scenario.validate().unwrap();
    }
    out
}

fn run_all(vs: &[Variant]) -> Vec<Report> {
    vs.iter().map(|v| run(&v.scenario)).collect()
}

#[test]
fn variants_share_the_same_messages() {
    let vs = variants(12);
    assert_eq!(vs[1].scenario.seed, 7, "the seed is the first variant's");
    assert_eq!(vs[2].scenario.traffic, vs[0].scenario.traffic);
    assert_eq!(vs[2].scenario.autoscaler.policy, Policy::Fixed, "the policy is the variant's own");
    let reports = run_all(&vs);
    for r in &reports[1..] {
        assert_eq!(r.summary.arrived, reports[0].summary.arrived);
        let rates = |r: &Report| r.series.iter().map(|row| row.arrival_rps).collect::<Vec<_>>();
        assert_eq!(rates(r), rates(&reports[0]), "arrivals interval by interval");
    }
    assert_ne!(reports[0].summary.server_seconds, reports[2].summary.server_seconds, "the fleets differ");
}

#[test]
fn the_verdict_matches_the_series() {
    for report in run_all(&variants(6)) {
        let o = report.scenario.objective;
        let v = report.summary.objective;
        let (mut slow, mut previous) = (0.0, 0.0);
        for row in &report.series {
            if row.completed > 0 && row.p95_ms > o.latency_ms {
                slow += row.t - previous;
            }
            previous = row.t;
        }
        assert!((v.latency_violated_s - slow).abs() < 1e-9, "{} vs {slow}", v.latency_violated_s);
        let lost = 100.0 * (report.summary.dropped + report.summary.failed) as f64 / report.summary.arrived as f64;
        assert!((v.lost_pct - lost).abs() < 1e-12);
        assert_eq!(v.latency_met, report.summary.latency_ms.p95 <= o.latency_ms);
        assert_eq!(v.met, v.latency_met && lost <= o.drop_budget_pct);
        assert!(v.violated_s >= v.latency_violated_s.max(v.lost_violated_s));
        assert!(v.violated_s <= v.latency_violated_s + v.lost_violated_s + 1e-9);
        println!(
            "{:?}: p95 {:.0} ms, lost {:.2} %, {:.0} s slow, {:.0} s lossy, cost {:.4}: {}",
            report.scenario.autoscaler.policy,
            v.latency_ms,
            v.lost_pct,
            v.latency_violated_s,
            v.lost_violated_s,
            report.summary.cost,
            v.describe(&o)
        );
    }
}

#[test]
fn an_undersized_fleet_violates_and_a_generous_one_does_not() {
    let reports = run_all(&variants(3));
    let small = &reports[2].summary.objective;
    assert!(!small.met && small.violated_s > 60.0, "3 servers for 300 users: {small:?}");
    assert!(small.describe(&reports[2].scenario.objective).starts_with("violated: p95"));
    let reports = run_all(&variants(16));
    let big = &reports[2].summary.objective;
    assert!(big.met && big.violated_s == 0.0, "16 servers: {big:?}");
    assert_eq!(big.describe(&reports[2].scenario.objective), "met in every interval");
}

#[test]
fn the_conclusion_names_the_cheapest_variant_that_meets_the_objective() {
    let vs = variants(16);
    let reports = run_all(&vs);
    let refs: Vec<&Report> = reports.iter().collect();
    let names: Vec<&str> = vs.iter().map(|v| v.name.as_str()).collect();
    let best = cheapest_meeting(&refs).expect("the 16-server fleet meets it");
    for (i, r) in reports.iter().enumerate() {
        if r.summary.objective.met {
            assert!(r.summary.cost >= reports[best].summary.cost, "{i} is cheaper than the best");
        }
    }
    let text = conclusion(&names, &refs);
    assert!(text.contains(names[best]), "{text}");
    println!("{text}");
    let rows = table(&refs);
    assert_eq!(rows[0].label, "Cost");
    assert!(rows.iter().all(|row| row.values.len() == 3));
    assert!(rows[0].change_pct(2).unwrap() > 0.0, "16 fixed servers cost more than the threshold policy");

    // An objective nobody can meet: the conclusion says so and names the nearest.
    let mut strict = vs.clone();
    let impossible = Objective { percentile: Percentile::P99, latency_ms: 1.0, drop_budget_pct: 0.0 };
    strict.iter_mut().for_each(|v| v.scenario.objective = impossible);
    let reports = run_all(&strict);
    let refs: Vec<&Report> = reports.iter().collect();
    assert_eq!(cheapest_meeting(&refs), None);
    assert!(conclusion(&names, &refs).starts_with("No variant meets the objective (p99 ≤ 1 ms"));
}

#[test]
fn a_bad_objective_is_named() {
    let err = Scenario::from_json(r#"{"objective": {"latency_ms": 0}}"#).unwrap_err().to_string();
    assert!(err.contains("`objective.latency_ms`"), "{err}");
    let err = Scenario::from_json(r#"{"objective": {"drop_budget_pct": 101}}"#).unwrap_err().to_string();
    assert!(err.contains("`objective.drop_budget_pct`"), "{err}");
    let err = Scenario::from_json(r#"{"objective": {"percentile": "p90"}}"#).unwrap_err().to_string();
    assert!(err.contains("p90"), "{err}");
    let s = Scenario::from_json(r#"{"objective": {"percentile": "p99", "latency_ms": 500}}"#).unwrap();
    assert_eq!(s.objective.describe(), "p99 ≤ 500 ms, lost ≤ 0.1 %");
}
