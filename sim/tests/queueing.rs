//! Long runs agree with queueing theory.
//!
//! Tolerances: each run has about 600,000 requests. For M/M/1 at rho = 0.75 the sample
//! mean of sojourn times has relative standard error about 0.9 % (batch-means estimate,
//! autocorrelation included, and the same order as Daley's asymptotic variance); 4 % is
//! over four standard errors. Percentiles carry the histogram's 0.8 % bucket error on top
//! of a sampling error of the same size as the mean's; 5-6 % covers both. Over seeds 1 to
//! 20 the largest errors seen were 1.7 % (M/M/1 mean), 2.2 % (p95), 2.7 % (p99), 2.6 %
//! (random split, whose four queues have a quarter of the requests each), 1.0 % (M/D/1),
//! 1.4 % (M/M/2) and 1.6 % (blocking): every tolerance is at least 1.5 times the worst.

mod common;

use autoscale_sim::run;
use autoscale_sim::scenario::ServiceDist;
use common::{assert_close, fixed_fleet};

const SEED: u64 = 7;

#[test]
fn mm1_mean_and_percentiles_of_time_in_system() {
    // lambda = 30/s, mu = 40/s: time in system is exponential with rate mu - lambda = 10/s.
    let r = run(&fixed_fleet(30.0, 25.0, ServiceDist::Exponential, 1, 20_000.0, SEED));
    let l = r.summary.latency_ms;
    assert_close("mean", l.mean, 100.0, 0.04);
    assert_close("p50", l.p50, 1000.0 * 2f64.ln() / 10.0, 0.05);
    assert_close("p95", l.p95, 1000.0 * 20f64.ln() / 10.0, 0.05);
    assert_close("p99", l.p99, 1000.0 * 100f64.ln() / 10.0, 0.06);
    assert_close("utilization", r.summary.utilization, 0.75, 0.02);
    assert_close("throughput", r.summary.throughput_rps, 30.0, 0.01);
}

#[test]
fn random_split_over_four_servers_gives_four_mm1_queues() {
    // A Poisson stream of 120/s split at random over 4 servers: four M/M/1 queues at 30/s each.
    let r = run(&fixed_fleet(120.0, 25.0, ServiceDist::Exponential, 4, 5_000.0, SEED));
    assert_close("mean", r.summary.latency_ms.mean, 100.0, 0.04);
    assert_close("p95", r.summary.latency_ms.p95, 1000.0 * 20f64.ln() / 10.0, 0.05);
    let total: u64 = r.servers.iter().map(|s| s.served).sum();
    for s in &r.servers {
        assert_close("share of server", s.served as f64 / total as f64, 0.25, 0.02);
    }
}

#[test]
fn md1_matches_pollaczek_khinchine() {
    // Constant 25 ms service at 30/s: W = 1/mu + rho / (2 mu (1 - rho)) = 25 + 37.5 ms.
    let r = run(&fixed_fleet(30.0, 25.0, ServiceDist::Constant, 1, 20_000.0, SEED));
    assert_close("mean", r.summary.latency_ms.mean, 62.5, 0.03);
}

#[test]
fn mm2_matches_erlang_c() {
    // Two workers on one server, 60/s, mu = 40/s each: P(wait) = 9/14, W = 25 + P(wait) / 20 s.
    let mut s = fixed_fleet(60.0, 25.0, ServiceDist::Exponential, 1, 10_000.0, SEED);
    s.service.workers = 2;
    let r = run(&s);
    assert_close("mean", r.summary.latency_ms.mean, 25.0 + 1000.0 * (9.0 / 14.0) / 20.0, 0.04);
}

#[test]
fn mm1k_blocking_probability() {
    // At most 4 waiting, so K = 5 in the system: P(block) = (1 - rho) rho^K / (1 - rho^(K+1)).
    let mut s = fixed_fleet(30.0, 25.0, ServiceDist::Exponential, 1, 20_000.0, SEED);
    s.service.queue_limit = Some(4);
    let r = run(&s);
    let rho: f64 = 0.75;
    let want = (1.0 - rho) * rho.powi(5) / (1.0 - rho.powi(6));
    assert_close("drop fraction", r.summary.dropped as f64 / r.summary.arrived as f64, want, 0.05);
}

#[test]
fn lognormal_service_has_the_configured_mean() {
    // Light load so that latency is nearly all service: 1 msg/s on a 25 ms server.
    let mut s = fixed_fleet(1.0, 25.0, ServiceDist::Lognormal, 1, 100_000.0, SEED);
    s.service.service_cv = 0.5;
    let r = run(&s);
    // M/G/1: W = E[S] + lambda E[S^2] / (2 (1 - rho)), E[S^2] = E[S]^2 (1 + cv^2).
    let (es, lambda) = (0.025, 1.0);
    let rho = lambda * es;
    let want = 1000.0 * (es + lambda * es * es * 1.25 / (2.0 * (1.0 - rho)));
    assert_close("mean", r.summary.latency_ms.mean, want, 0.02);
}
