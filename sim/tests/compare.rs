//! Comparisons and the objective: variants see the same messages, the objective's verdict
//! counts what hand-made series say it should, and the conclusion names the cheapest variant
//! that meets it.

use autoscale_sim::compare::{cheapest_meeting, conclusion, share_conditions, table, Variant};
use autoscale_sim::objective::{Objective, Percentile};
use autoscale_sim::scenario::{Pattern, Policy, Strategy};
use autoscale_sim::verdict::judge;
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

/// A report whose series is set by hand: 10 s intervals with the given (completed, p95 ms,
/// arrived, dropped, failed), and the run's p95 and totals.
fn hand_report(rows: &[(u64, f64, u64, u64, u64)], run_p95: f64) -> Report {
    let mut s = Scenario { duration_s: 10.0 * rows.len() as f64, ..Scenario::default() };
    s.autoscaler.interval_s = 10.0;
    let mut r = run(&s);
    assert_eq!(r.series.len(), rows.len());
    for (row, &(completed, p95, arrived, dropped, failed)) in r.series.iter_mut().zip(rows) {
        (row.completed, row.p95_ms, row.dropped, row.failed) = (completed, p95, dropped, failed);
        row.arrival_rps = arrived as f64 / 10.0;
    }
    let m = &mut r.summary;
    m.arrived = rows.iter().map(|r| r.2).sum();
    m.dropped = rows.iter().map(|r| r.3).sum();
    m.failed = rows.iter().map(|r| r.4).sum();
    m.latency_ms.p95 = run_p95;
    r
}

#[test]
fn the_verdict_counts_the_intervals_that_broke_the_objective() {
    // p95 <= 200 ms, lost <= 0.1 % (the defaults). Intervals of 10 s:
    //   1: p95 150, 1000 arrived, 0 lost        -> fine
    //   2: p95 350, 1000 arrived, 0 lost        -> slow
    //   3: p95 900 but nothing completed, 500 arrived, 5 dropped (1 %)  -> lossy only
    //   4: p95 250, 1000 arrived, 1 dropped + 1 failed (0.2 %)          -> slow and lossy
    //   5: p95 200 (at the ceiling), 2000 arrived, 2 lost (exactly 0.1 %) -> fine
    // Slow: 2 and 4 = 20 s. Lossy: 3 and 4 = 20 s. Either: 2, 3, 4 = 30 s.
    // Over the run: 9 lost of 5500 = 0.1636 % > 0.1 %; p95 180 <= 200.
    let rows = [
        (990, 150.0, 1000, 0, 0),
        (1000, 350.0, 1000, 0, 0),
        (0, 900.0, 500, 5, 0),
        (990, 250.0, 1000, 1, 1),
        (1990, 200.0, 2000, 2, 0),
    ];
    let v = judge(&hand_report(&rows, 180.0));
    assert_eq!((v.latency_violated_s, v.lost_violated_s, v.violated_s), (20.0, 20.0, 30.0), "{v:?}");
    assert!(v.latency_met && !v.lost_met && !v.met, "{v:?}");
    assert!((v.lost_pct - 100.0 * 9.0 / 5500.0).abs() < 1e-12, "{}", v.lost_pct);
    assert_eq!(v.latency_ms, 180.0);
    // The same series with a run p95 of 201 ms misses the ceiling too.
    assert!(!judge(&hand_report(&rows, 201.0)).latency_met);
    // A p99 objective reads the p99 columns, which this series leaves as the run's own.
    let mut r = hand_report(&rows, 180.0);
    r.scenario.objective = Objective { percentile: Percentile::P99, latency_ms: 1e6, drop_budget_pct: 100.0 };
    let v = judge(&r);
    assert!(v.met && v.violated_s == 0.0, "{v:?}");
}

#[test]
fn every_run_carries_its_verdict() {
    for report in run_all(&variants(6)) {
        assert_eq!(report.summary.objective, judge(&report), "the verdict is the judge's, after the run");
        let v = report.summary.objective;
        assert!(v.violated_s >= v.latency_violated_s.max(v.lost_violated_s));
        assert!(v.violated_s <= v.latency_violated_s + v.lost_violated_s + 1e-9);
    }
}

#[test]
fn an_undersized_fleet_violates_and_a_generous_one_does_not() {
    let reports = run_all(&variants(3));
    let small = &reports[2].summary.objective;
    assert!(!small.met && small.violated_s > 60.0, "3 servers for 300 users: {small:?}");
    assert!(small.describe(&reports[2].scenario.objective).starts_with("Misses the objective: p95"));
    let reports = run_all(&variants(16));
    let big = &reports[2].summary.objective;
    assert!(big.met && big.violated_s == 0.0, "16 servers: {big:?}");
    let words = big.describe(&reports[2].scenario.objective);
    let expected = format!(
        "Meets the objective over the run: p95 {:.0} ms ≤ 200 ms, 0.00 % lost ≤ 0.1 %, in every interval.",
        big.latency_ms
    );
    assert_eq!(words, expected);
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
