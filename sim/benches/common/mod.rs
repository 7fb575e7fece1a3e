//! The benchmark's scenario, shared by `benches/throughput.rs` and `examples/ceiling/`.

use autoscale_sim::scenario::{Pattern, Policy};
use autoscale_sim::Scenario;

/// 100 users x 1 msg/s on 4 fixed servers for `hours` simulated hours: round robin and the
/// default 25 ms service, or, as issue #12 words it (`issue`), a random split and 30 ms.
pub fn scenario(hours: f64, issue: bool) -> Scenario {
    let mut s = Scenario { duration_s: hours * 3600.0, ..Scenario::default() };
    s.traffic.pattern = Pattern::Constant;
    s.traffic.base_users = 100.0;
    s.traffic.msg_rate = 1.0;
    s.autoscaler.policy = Policy::Fixed;
    s.autoscaler.min_servers = 4;
    s.autoscaler.initial_servers = 4;
    if issue {
        s.balancer.strategy = autoscale_sim::balancer::Strategy::Random;
        s.service.service_ms = 30.0;
    }
    s
}

/// `BENCH_HOURS` (default 10) and `BENCH_ROUNDS` (default 5) from the environment.
pub fn hours_and_rounds() -> (f64, u32) {
    let env = |name: &str, default: f64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    (env("BENCH_HOURS", 10.0), env("BENCH_ROUNDS", 5.0) as u32)
}
