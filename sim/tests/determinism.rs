//! Determinism against stored figures: every policy with every balancer (and the patterns
//! in turn) runs to the digest recorded in `golden/digests.txt`. Two runs in one process
//! could agree while both depend on something outside the scenario (a hash map's order, an
//! address, the platform's maths); a stored digest cannot. `UPDATE_GOLDEN=1` rewrites the
//! file after an intended change; the commit must say why.

use autoscale_sim::scenario::{Pattern, Policy, Strategy};
use autoscale_sim::{run, Choice, Scenario};

/// FNV-1a, 64 bits: a stable digest of the report's JSON.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

fn scenario(policy: Policy, strategy: Strategy, pattern: Pattern) -> Scenario {
    let mut s = Scenario { duration_s: 40.0, seed: 2024, ..Scenario::default() };
    s.traffic.pattern = pattern;
    s.traffic.peak_users = 150.0;
    s.traffic.noise = 0.2;
    s.traffic.period_s = 40.0;
    s.traffic.spike_at_s = 10.0;
    s.traffic.trace =
        Some(std::sync::Arc::new(autoscale_sim::trace::Trace::Requests((0..2000).map(|i| i as f64 * 0.02).collect())));
    s.service.startup_s = 3.0;
    s.autoscaler.policy = policy;
    s.autoscaler.target_tracking.sync_period_s = 5.0;
    s.balancer.strategy = strategy;
    s
}

/// One line per policy and balancer: names, pattern, digest and a few figures to read.
fn digests() -> String {
    let mut out = String::new();
    let mut patterns = Pattern::ALL.iter().cycle();
    for &policy in Policy::ALL {
        for &strategy in Strategy::ALL {
            let pattern = *patterns.next().expect("cycles");
            let s = scenario(policy, strategy, pattern);
            s.validate().unwrap_or_else(|e| panic!("{e}"));
            let r = run(&s);
            let m = &r.summary;
            out += &format!(
                "{} {} {} {:016x} arrived={} completed={} p95={:.3} events={}\n",
                policy.name(),
                strategy.name(),
                pattern.name(),
                fnv1a(r.to_json().as_bytes()),
                m.arrived,
                m.completed,
                m.latency_ms.p95,
                r.events.len()
            );
        }
    }
    out
}

#[test]
fn every_policy_and_balancer_runs_to_its_stored_digest() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/digests.txt");
    let now = digests();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, &now).expect("write digests");
    }
    let stored = std::fs::read_to_string(path).expect("golden digests (UPDATE_GOLDEN=1 makes them)");
    for (got, want) in now.lines().zip(stored.lines()) {
        assert_eq!(got, want, "a run changed; if on purpose, run with UPDATE_GOLDEN=1 and say why");
    }
    assert_eq!(now.lines().count(), stored.lines().count(), "a policy or balancer was added or removed");
}

/// A run advanced in slices (as the page's worker does, between messages) gives the same
/// report, byte for byte, as one run to the end, however it is sliced.
#[test]
fn slicing_a_run_changes_nothing() {
    use autoscale_sim::Simulation;
    for (policy, strategy) in
        [(Policy::Threshold, Strategy::LeastConnections), (Policy::Predictive, Strategy::ConsistentHash)]
    {
        let mut s = scenario(policy, strategy, Pattern::Spike);
        s.failures = Some(autoscale_sim::failures::FailuresConfig { mtbf_s: Some(30.0), ..Default::default() });
        let whole = run(&s).to_json();
        for slice in [1, 7, 250] {
            let mut sim = Simulation::new(&s);
            let mut last = 0.0;
            let mut slices = 0;
            while !sim.advance(slice) {
                assert!(sim.now_s() >= last, "simulated time goes forward");
                last = sim.now_s();
                slices += 1;
            }
            assert!(sim.is_done());
            assert!(slices > 5, "{slices} slices of {slice} events");
            assert_eq!(sim.into_report().to_json(), whole, "slices of {slice} events");
        }
    }
}
