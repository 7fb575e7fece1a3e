//! Balancer strategies on whole runs: what the load-balancing literature predicts.

mod common;

use autoscale_sim::run;
use autoscale_sim::scenario::{ServiceDist, Strategy};
use common::fixed_fleet;

fn p95_with(strategy: Strategy) -> f64 {
    // 4 servers at utilisation 0.85: where the choice of server matters most.
    let mut s = fixed_fleet(136.0, 25.0, ServiceDist::Exponential, 4, 3_000.0, 11);
    s.balancer.strategy = strategy;
    let r = run(&s);
    assert_eq!(r.summary.arrived, r.summary.completed + r.summary.dropped + r.summary.in_flight);
    r.summary.latency_ms.p95
}

#[test]
fn load_aware_strategies_beat_random() {
    // Random splitting gives 4 M/M/1 queues (p95 = ln 20 / (mu - lambda) = 499 ms). Joining
    // the shorter of two queues (Mitzenmacher) or the shortest cuts the tail sharply.
    let random = p95_with(Strategy::Random);
    for strategy in [Strategy::PowerOfTwoChoices, Strategy::LeastConnections, Strategy::PeakEwma] {
        let p95 = p95_with(strategy);
        assert!(p95 < 0.75 * random, "{strategy:?}: p95 {p95:.0} ms vs random {random:.0} ms");
    }
    assert!(p95_with(Strategy::LeastConnections) <= p95_with(Strategy::PowerOfTwoChoices) * 1.05);
}

#[test]
fn consistent_hash_spreads_users_over_every_server() {
    let mut s = fixed_fleet(200.0, 10.0, ServiceDist::Exponential, 4, 600.0, 5);
    s.traffic.msg_rate = 0.5;
    s.traffic.base_users = 400.0;
    s.balancer.strategy = Strategy::ConsistentHash;
    let r = run(&s);
    let total: u64 = r.servers.iter().map(|sv| sv.served).sum();
    for sv in &r.servers {
        let share = sv.served as f64 / total as f64;
        // 100 virtual nodes a server: arcs within about +-40 % of a quarter.
        assert!((0.15..0.35).contains(&share), "server {} has {share:.2}", sv.id);
    }
}

#[test]
fn least_response_time_runs_and_conserves() {
    let p95 = p95_with(Strategy::LeastResponseTime);
    assert!(p95 > 0.0);
}
