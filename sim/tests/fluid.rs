//! The fluid engine against the exact one on every case of `fluid_cases` (README's
//! validation table), and its own invariants.
//!
//! Tolerances: in a steady fleet at utilisation up to 0.9 the fluid mean and p95 are
//! within 10 % of the exact run's and the cost within 3 % (the exact p95 of a run of
//! 30,000-500,000 messages is itself within about 3 % of its limit at these loads); with a
//! policy whose metric does not depend on latency, both engines take the same decisions
//! (times within one interval, sizes within one server) and the cost is within 3 %.

mod fluid_cases;

use autoscale_sim::scenario::{Engine, Pattern, Policy};
use autoscale_sim::{run, Report, Scenario};
use fluid_cases::{both, cases, diff, same_decisions, Claim};

fn conserves(r: &Report) {
    let s = &r.summary;
    assert_eq!(s.arrived, s.completed + s.dropped + s.failed + s.in_flight, "{s:?}");
    let rows: u64 = r.series.iter().map(|row| row.completed).sum();
    assert_eq!(rows, s.completed, "the rows add up to the summary");
    let l = &s.latency_ms;
    assert!(l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max, "{l:?}");
}

#[test]
fn the_fluid_engine_meets_its_claims_on_every_case() {
    let mut failures = Vec::new();
    for c in cases() {
        let (e, f) = both(&c.scenario);
        assert_eq!((e.summary.engine, f.summary.engine), (Engine::Exact, Engine::Fluid));
        conserves(&f);
        let (le, lf) = (&e.summary.latency_ms, &f.summary.latency_ms);
        let cost = diff(f.summary.cost, e.summary.cost);
        let mut check = |what: &str, d: f64, tolerance: f64| {
            if d.abs() > tolerance {
                failures.push(format!("{}: {what} {:+.1} % (tolerance {:.0} %)", c.name, d * 100.0, tolerance * 100.0));
            }
        };
        match c.claim {
            Claim::Steady => {
                check("mean", diff(lf.mean, le.mean), 0.10);
                check("p95", diff(lf.p95, le.p95), 0.10);
                check("cost", cost, 0.03);
            }
            Claim::SameDecisions => {
                let same = same_decisions(&e, &f, c.scenario.autoscaler.interval_s);
                check("cost", cost, 0.03);
                if !same {
                    failures.push(format!(
                        "{}: decisions {:?} vs {:?}",
                        c.name,
                        fluid_cases::decisions(&e),
                        fluid_cases::decisions(&f)
                    ));
                }
            }
            Claim::Reported => {}
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(cases().len() >= 30);
}

#[test]
fn the_fluid_engine_is_deterministic_and_its_cost_does_not_grow_with_the_rate() {
    let mut s = Scenario { duration_s: 3600.0, engine: Engine::Fluid, ..Scenario::default() };
    s.traffic.pattern = Pattern::Sine;
    (s.traffic.base_users, s.traffic.peak_users, s.traffic.period_s) = (10_000.0, 50_000.0, 3600.0);
    s.service.workers = 8;
    s.autoscaler.policy = Policy::TargetTracking;
    (s.autoscaler.metric, s.autoscaler.target) = (autoscale_sim::scenario::Metric::Utilization, 70.0);
    (s.autoscaler.max_servers, s.autoscaler.min_servers, s.autoscaler.initial_servers) = (10_000, 2, 100);
    s.validate().unwrap();
    let (a, b) = (run(&s), run(&s));
    assert_eq!(a.to_json(), b.to_json());
    conserves(&a);
    assert!(a.summary.arrived > 100_000_000, "{} messages", a.summary.arrived);
    // The estimate (steps) is the same at a thousandth of the rate.
    let mut slow = s.clone();
    slow.traffic.msg_rate /= 1000.0;
    assert_eq!(slow.work().total(), s.work().total());
}

#[test]
fn auto_picks_by_size_and_the_fluid_engine_refuses_failures() {
    let small = Scenario::default();
    assert_eq!(small.engine_used(), Engine::Exact);
    let mut big = Scenario { duration_s: 86_400.0, ..Scenario::default() };
    big.traffic.peak_users = 2000.0;
    assert_eq!(big.engine_used(), Engine::Fluid);
    big.failures = Some(Default::default());
    assert_eq!(big.engine_used(), Engine::Exact, "auto gives failures to the exact engine");
    big.engine = Engine::Fluid;
    let e = big.validate().unwrap_err();
    assert_eq!(e.path, "engine");
    let e = Scenario::parse(r#"{"engine": "approximate"}"#).unwrap_err();
    assert!(e.path == "engine" && e.to_string().contains("`exact`"), "{e}");
}
