//! The fluid engine's validation cases: scenarios both engines run, each with what the
//! fluid engine claims for it. Shared by `tests/fluid.rs` (which asserts the claims) and
//! `examples/validate.rs` (which prints README's table).

#![allow(dead_code)]

use autoscale_sim::scenario::{Engine, Metric, Pattern, Policy, ServerClass, ServiceDist, StepLevel, Strategy};
use autoscale_sim::{run, Report, Scenario};

/// What a case is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// A steady fleet at utilisation up to 0.9: mean and p95 within 10 %, cost within 3 %.
    Steady,
    /// The policy's metric does not depend on latency: the same decisions (times within one
    /// interval, sizes within one server), cost within 3 %.
    SameDecisions,
    /// Reported, not claimed: deep overload, transients, latency-driven policies, herding.
    Reported,
}

pub struct Case {
    pub name: &'static str,
    pub claim: Claim,
    pub scenario: Scenario,
}

/// A fixed fleet of `n` servers under constant traffic at utilisation `rho` (10 ms service).
fn fixed(n: u32, rho: f64, strategy: Strategy, dist: ServiceDist, cv: f64, workers: u32, duration_s: f64) -> Scenario {
    let mut s = Scenario { seed: 7, duration_s, ..Scenario::default() };
    s.traffic.pattern = Pattern::Constant;
    s.traffic.msg_rate = 1.0;
    s.traffic.base_users = rho * f64::from(n * workers) * 100.0;
    (s.service.service_ms, s.service.service_dist, s.service.service_cv, s.service.workers) = (10.0, dist, cv, workers);
    s.service.queue_limit = None;
    s.autoscaler.policy = Policy::Fixed;
    (s.autoscaler.min_servers, s.autoscaler.max_servers, s.autoscaler.initial_servers) = (n, n, n);
    s.autoscaler.interval_s = 10.0;
    s.balancer.strategy = strategy;
    s
}

/// An autoscaled fleet of 25 ms servers under `pattern`.
fn scaled(policy: Policy, pattern: Pattern, startup_s: f64, duration_s: f64) -> Scenario {
    let mut s = Scenario { seed: 11, duration_s, ..Scenario::default() };
    s.traffic.pattern = pattern;
    (s.traffic.base_users, s.traffic.peak_users) = (40.0, 240.0);
    (s.traffic.spike_at_s, s.traffic.spike_len_s, s.traffic.period_s) = (200.0, 200.0, duration_s);
    s.service.startup_s = startup_s;
    s.service.queue_limit = None;
    s.autoscaler.policy = policy;
    (s.autoscaler.min_servers, s.autoscaler.max_servers, s.autoscaler.initial_servers) = (2, 40, 2);
    s.autoscaler.interval_s = 5.0;
    s
}

pub fn cases() -> Vec<Case> {
    use ServiceDist::{Constant, Exponential as Exp, Lognormal};
    use Strategy::*;
    let case = |name, claim, scenario| Case { name, claim, scenario };
    let mut out = vec![
        case("random, M/M/1, rho 0.3", Claim::Steady, fixed(4, 0.3, Random, Exp, 1.0, 1, 300.0)),
        case("random, M/M/1, rho 0.6", Claim::Steady, fixed(4, 0.6, Random, Exp, 1.0, 1, 300.0)),
        case("random, M/M/1, rho 0.8", Claim::Steady, fixed(4, 0.8, Random, Exp, 1.0, 1, 600.0)),
        case("random, M/M/1, rho 0.9", Claim::Steady, fixed(4, 0.9, Random, Exp, 1.0, 1, 1200.0)),
        case("random, M/M/1, rho 0.95", Claim::Reported, fixed(4, 0.95, Random, Exp, 1.0, 1, 1200.0)),
        case("random, 20 servers, rho 0.8", Claim::Steady, fixed(20, 0.8, Random, Exp, 1.0, 1, 300.0)),
        case("random, M/M/4, rho 0.8", Claim::Steady, fixed(4, 0.8, Random, Exp, 1.0, 4, 300.0)),
        case("random, M/D/1, rho 0.8", Claim::Steady, fixed(4, 0.8, Random, Constant, 0.0, 1, 600.0)),
        case("random, lognormal cv 2, rho 0.7", Claim::Reported, fixed(4, 0.7, Random, Lognormal, 2.0, 1, 600.0)),
        case("round robin, rho 0.5", Claim::Steady, fixed(4, 0.5, RoundRobin, Exp, 1.0, 1, 300.0)),
        case("round robin, rho 0.8", Claim::Steady, fixed(4, 0.8, RoundRobin, Exp, 1.0, 1, 600.0)),
        case("round robin, rho 0.9", Claim::Steady, fixed(4, 0.9, RoundRobin, Exp, 1.0, 1, 1200.0)),
        case("round robin, M/M/4, rho 0.9", Claim::Steady, fixed(4, 0.9, RoundRobin, Exp, 1.0, 4, 600.0)),
        case(
            "round robin, lognormal cv 0.5, rho 0.8",
            Claim::Steady,
            fixed(4, 0.8, RoundRobin, Lognormal, 0.5, 1, 600.0),
        ),
        case("least connections, rho 0.6", Claim::Steady, fixed(4, 0.6, LeastConnections, Exp, 1.0, 1, 300.0)),
        case("least connections, rho 0.9", Claim::Steady, fixed(4, 0.9, LeastConnections, Exp, 1.0, 1, 1200.0)),
        case("power of two, rho 0.8", Claim::Reported, fixed(8, 0.8, PowerOfTwoChoices, Exp, 1.0, 1, 600.0)),
        case("consistent hash, rho 0.6", Claim::Reported, fixed(8, 0.6, ConsistentHash, Exp, 1.0, 1, 300.0)),
        case("least response time, rho 0.6", Claim::Reported, fixed(4, 0.6, LeastResponseTime, Exp, 1.0, 1, 300.0)),
    ];
    let mut limited = fixed(4, 0.95, Random, Exp, 1.0, 1, 600.0);
    limited.service.queue_limit = Some(5);
    out.push(case("queue limit 5, rho 0.95", Claim::Reported, limited));
    let mut overload = fixed(4, 1.2, Random, Exp, 1.0, 1, 300.0);
    overload.service.queue_limit = Some(20);
    out.push(case("queue limit 20, overload rho 1.2", Claim::Reported, overload));
    let mut classes = fixed(4, 0.7, WeightedRoundRobin, Exp, 1.0, 1, 600.0);
    classes.service.classes = vec![
        ServerClass { name: "large".into(), speed: 2.0, cost_per_hour: None },
        ServerClass { name: "small".into(), speed: 1.0, cost_per_hour: None },
    ];
    classes.traffic.base_users *= 1.5;
    out.push(case("classes 2:1, weighted round robin, rho 0.7", Claim::Steady, classes));

    out.push(case(
        "threshold, three-phase (SAGE demo)",
        Claim::SameDecisions,
        Scenario { seed: 11, ..Scenario::default() },
    ));
    out.push(case("threshold, sine", Claim::SameDecisions, scaled(Policy::Threshold, Pattern::Sine, 0.0, 1200.0)));
    out.push(case(
        "threshold, spike, 20 s startup",
        Claim::Reported,
        scaled(Policy::Threshold, Pattern::Spike, 20.0, 600.0),
    ));
    out.push(case(
        "HPA users/server, sine",
        Claim::SameDecisions,
        scaled(Policy::TargetTracking, Pattern::Sine, 5.0, 1200.0),
    ));
    out.push(case(
        "HPA, spike, 20 s startup",
        Claim::Reported,
        scaled(Policy::TargetTracking, Pattern::Spike, 20.0, 600.0),
    ));
    let mut util = scaled(Policy::TargetTracking, Pattern::Sine, 5.0, 1200.0);
    (util.autoscaler.metric, util.autoscaler.target) = (Metric::Utilization, 60.0);
    out.push(case("HPA utilisation 60 %, sine", Claim::Reported, util));
    let mut step = scaled(Policy::Step, Pattern::ThreePhase, 10.0, 900.0);
    (step.autoscaler.scale_up, step.autoscaler.scale_down) = (30.0, 10.0);
    out.push(case("AWS step, three-phase, 10 s startup", Claim::SameDecisions, step));
    out.push(case("predictive, sine", Claim::SameDecisions, scaled(Policy::Predictive, Pattern::Sine, 10.0, 1200.0)));
    let mut score = scaled(Policy::WeightedScore, Pattern::Sine, 0.0, 1200.0);
    score.autoscaler.cooldown_s = 30.0;
    out.push(case("weighted score (reads p95), sine", Claim::Reported, score));
    let mut kn = scaled(Policy::Knative, Pattern::Step, 3.0, 900.0);
    kn.traffic.steps = vec![
        StepLevel { at_s: 0.0, users: 0.0 },
        StepLevel { at_s: 60.0, users: 200.0 },
        StepLevel { at_s: 300.0, users: 0.0 },
        StepLevel { at_s: 600.0, users: 300.0 },
    ];
    (kn.autoscaler.min_servers, kn.autoscaler.initial_servers) = (0, 0);
    kn.autoscaler.knative.kpa_target = Some(1.0);
    kn.autoscaler.interval_s = 2.0;
    out.push(case("Knative, bursts with scale to zero", Claim::Reported, kn));
    for c in &mut out {
        c.scenario.validate().unwrap_or_else(|e| panic!("{}: {e}", c.name));
    }
    out
}

/// Both engines' reports of a case.
pub fn both(s: &Scenario) -> (Report, Report) {
    let exact = run(&Scenario { engine: Engine::Exact, ..s.clone() });
    let fluid = run(&Scenario { engine: Engine::Fluid, ..s.clone() });
    (exact, fluid)
}

/// Relative difference of the fluid value against the exact one [fraction].
pub fn diff(fluid: f64, exact: f64) -> f64 {
    if exact.abs() < 1e-12 {
        if fluid.abs() < 1e-12 {
            0.0
        } else {
            f64::INFINITY
        }
    } else {
        fluid / exact - 1.0
    }
}

/// Scaling decisions (up and down) as (time, to).
pub fn decisions(r: &Report) -> Vec<(f64, u32)> {
    use autoscale_sim::ScalingKind;
    r.events.iter().filter(|e| matches!(e.kind, ScalingKind::Up | ScalingKind::Down)).map(|e| (e.t, e.to)).collect()
}

/// Whether two runs took the same decisions: as many, each within one interval and one server.
pub fn same_decisions(a: &Report, b: &Report, interval_s: f64) -> bool {
    let (x, y) = (decisions(a), decisions(b));
    x.len() == y.len()
        && x.iter().zip(&y).all(|(p, q)| (p.0 - q.0).abs() <= interval_s + 1e-9 && p.1.abs_diff(q.1) <= 1)
}
