//! Calibrates the work estimate: runs scenarios that stress each term and prints the
//! estimate [message-equivalents], the measured time and the time per unit. Run with
//! `cargo run --release -p autoscale-sim --example work`.

use std::time::Instant;

use autoscale_sim::failures::FailuresConfig;
use autoscale_sim::scenario::{Pattern, Policy, Strategy};
use autoscale_sim::{run, Scenario};

fn fleet(servers: u32, users: f64, duration_s: f64) -> Scenario {
    let mut s = Scenario { duration_s, ..Scenario::default() };
    s.traffic.pattern = Pattern::Constant;
    s.traffic.base_users = users;
    s.service.queue_limit = None;
    s.autoscaler.policy = Policy::Fixed;
    (s.autoscaler.min_servers, s.autoscaler.max_servers, s.autoscaler.initial_servers) = (servers, servers, servers);
    s
}

fn main() {
    let mut cases: Vec<(&str, Scenario)> = Vec::new();
    cases.push(("messages: 4 servers, 3.6 M messages", fleet(4, 100.0, 36_000.0)));
    let mut s = fleet(2000, 20_000.0, 100.0);
    s.balancer.strategy = Strategy::LeastConnections;
    cases.push(("least connections over 2000 servers", s));
    let mut s = fleet(2000, 20_000.0, 100.0);
    s.balancer.strategy = Strategy::WeightedRoundRobin;
    cases.push(("weighted round robin over 2000 servers", s));
    let mut s = fleet(2000, 20_000.0, 100.0);
    s.balancer.strategy = Strategy::LeastResponseTime;
    cases.push(("least response time over 2000 servers", s));
    let mut s = fleet(3000, 0.0, 20_000.0);
    s.autoscaler.interval_s = 0.1;
    cases.push(("intervals: 200,000 x 3000 servers", s));
    let mut s = fleet(3000, 0.0, 20_000.0);
    s.autoscaler.interval_s = 100.0;
    s.failures = Some(FailuresConfig { health_interval_s: 0.1, healthy_after: 0, ..FailuresConfig::default() });
    cases.push(("health checks: 200,000 x 3000 servers", s));
    let mut s = fleet(10_000, 100.0, 60.0);
    s.autoscaler.interval_s = 10.0;
    let fast =
        FailuresConfig { health_interval_s: 1.0, unhealthy_after: 1, healthy_after: 0, ..FailuresConfig::default() };
    s.failures = Some(FailuresConfig { mtbf_s: Some(10.0), ..fast });
    cases.push(("crashes: MTBF 10 s over 10,000 servers, replaced within 1 s", s));
    let mut s = fleet(200, 2000.0, 600.0);
    s.traffic.pattern = Pattern::Sine;
    s.traffic.period_s = 60.0;
    s.traffic.peak_users = 4000.0;
    s.balancer.strategy = Strategy::ConsistentHash;
    s.balancer.virtual_nodes = 500;
    s.autoscaler.policy = Policy::Threshold;
    (s.autoscaler.min_servers, s.autoscaler.initial_servers, s.autoscaler.cooldown_s) = (20, 20, 0.0);
    cases.push(("consistent hash: 200 servers x 500 nodes, scaling every second", s));
    let mut s = fleet(50, 300.0, 20_000.0);
    s.traffic.pattern = Pattern::Sine;
    s.traffic.period_s = 3600.0;
    s.traffic.base_users = 50.0;
    s.autoscaler.policy = Policy::TargetTracking;
    s.autoscaler.interval_s = 0.1;
    s.autoscaler.target_tracking.sync_period_s = 0.1;
    s.autoscaler.min_servers = 2;
    cases.push(("target tracking every 0.1 s", s));
    println!("{:<64} {:>14} {:>10} {:>12}", "scenario", "estimate", "measured", "ns per unit");
    for (name, s) in cases {
        s.validate_settings().unwrap_or_else(|e| panic!("{name}: {e}"));
        let units = s.work().total();
        let start = Instant::now();
        let r = run(&s);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:<64} {units:>14.3e} {:>9.2}s {:>12.1}   ({} messages)",
            secs,
            secs * 1e9 / units,
            r.summary.arrived
        );
    }
}
