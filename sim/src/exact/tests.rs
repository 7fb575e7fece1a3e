//! The plain loop (see `PLAIN`) against the loop with every test: which scenarios are
//! plain, and that both loops give a plain scenario the same report.

use super::Exact;
use crate::balancer::Strategy;
use crate::failures::FailuresConfig;
use crate::scenario::{Pattern, Policy, Scenario};
use crate::service::{ServerClass, ServiceDist};

/// Runs `s` to its end, in the plain loop if `plain` allows it.
fn run(s: &Scenario, plain: bool) -> (bool, String) {
    let mut sim = Exact::new(s);
    let was_plain = sim.plain;
    sim.plain &= plain;
    while !sim.advance(1_000) {}
    (was_plain, serde_json::to_string(&sim.into_report()).expect("a report serialises"))
}

fn scenario(edit: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut s = Scenario { duration_s: 600.0, ..Scenario::default() };
    edit(&mut s);
    s.validate().expect("a valid scenario");
    s
}

#[test]
fn plain_scenarios_lack_failures_balancer_feedback_odd_speeds_and_replays() {
    let plain = |s: &Scenario| run(s, true).0;
    assert!(plain(&scenario(|_| {})));
    assert!(plain(&scenario(|s| s.balancer.strategy = Strategy::Random)));
    assert!(plain(&scenario(|s| s.autoscaler.policy = Policy::Knative)));
    assert!(!plain(&scenario(|s| s.failures = Some(FailuresConfig::default()))));
    assert!(!plain(&scenario(|s| s.balancer.strategy = Strategy::LeastConnections)));
    assert!(!plain(&scenario(|s| s.balancer.strategy = Strategy::ConsistentHash)));
    assert!(!plain(&scenario(|s| s.balancer.strategy = Strategy::PeakEwma)));
    let class = |speed| ServerClass { name: "c".into(), speed, cost_per_hour: None };
    assert!(plain(&scenario(|s| s.service.classes = vec![class(1.0)])));
    assert!(!plain(&scenario(|s| s.service.classes = vec![class(1.0), class(2.0)])));
    assert!(!plain(&scenario(|s| {
        s.traffic.pattern = Pattern::Trace;
        s.traffic.trace = Some(std::sync::Arc::new(crate::trace::Trace::parse("0.5\n1\n2.5\n").unwrap()));
    })));
}

#[test]
fn both_loops_give_a_plain_scenario_the_same_report() {
    let cases = [
        scenario(|_| {}),
        scenario(|s| {
            s.balancer.strategy = Strategy::Random;
            s.service.service_dist = ServiceDist::Constant;
            s.service.queue_limit = Some(3);
        }),
        scenario(|s| {
            s.autoscaler.policy = Policy::Knative;
            s.autoscaler.min_servers = 0;
            s.autoscaler.initial_servers = 0;
        }),
        scenario(|s| s.traffic.pattern = Pattern::Spike),
    ];
    for s in &cases {
        let (plain, fast) = run(s, true);
        assert!(plain, "{:?} is plain", s.autoscaler.policy);
        assert_eq!(fast, run(s, false).1);
    }
}
