//! Helpers shared by the integration tests: scenarios for textbook queues.

#![allow(dead_code)]

use autoscale_sim::scenario::{Pattern, Policy, ServiceDist, Strategy};
use autoscale_sim::Scenario;

/// A fixed fleet of `servers` servers under constant Poisson traffic of `lambda` msg/s.
pub fn fixed_fleet(
    lambda: f64,
    service_ms: f64,
    dist: ServiceDist,
    servers: u32,
    duration_s: f64,
    seed: u64,
) -> Scenario {
    let mut s = Scenario { seed, duration_s, ..Scenario::default() };
    s.traffic.pattern = Pattern::Constant;
    s.traffic.base_users = lambda;
    s.traffic.msg_rate = 1.0;
    s.service.service_ms = service_ms;
    s.service.service_dist = dist;
    s.service.queue_limit = None;
    s.autoscaler.policy = Policy::Fixed;
    s.autoscaler.min_servers = servers;
    s.autoscaler.max_servers = servers;
    s.autoscaler.initial_servers = servers;
    s.autoscaler.interval_s = 10.0;
    s.balancer.strategy = Strategy::Random;
    s.validate().expect("valid test scenario");
    s
}

/// Asserts that `got` is within `rel` (a fraction) of `want`.
pub fn assert_close(what: &str, got: f64, want: f64, rel: f64) {
    let err = (got - want).abs() / want;
    assert!(err <= rel, "{what}: got {got:.5}, theory {want:.5}, error {:.2} % > {:.2} %", err * 100.0, rel * 100.0);
}
