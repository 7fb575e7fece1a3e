//! The work a run will cost, estimated before it runs from every term the engine pays,
//! in units of one simulated message on a small fleet (about 75 ns natively, 130 ns in the
//! page's wasm). Validation refuses a scenario above [`MAX_WORK`] naming the dominant term;
//! the page asks before running anything above its own, lower limit.
//!
//! Each term is an upper bound of its count times a cost relative to one message, measured
//! with `cargo run --release -p autoscale-sim --example work` (it prints estimate against
//! measured time for a spread of scenarios).

use crate::balancer::{BalancerConfig, Strategy};
use crate::error::ScenarioError;
use crate::failures::FailuresConfig;
use crate::pattern::{Pattern, TrafficConfig};
use crate::policy::{AutoscalerConfig, Policy};

/// Most work a scenario may cost [message-equivalents]: about a minute natively.
pub const MAX_WORK: f64 = 8e8;

/// Cost of visiting one server in a per-message scan [message-equivalents], by strategy.
fn per_server_scanned(strategy: Strategy) -> Option<f64> {
    match strategy {
        Strategy::WeightedRoundRobin => Some(0.06),
        Strategy::LeastResponseTime => Some(0.1),
        _ => None,
    }
}
/// Cost of an interval's bookkeeping (metrics row, quantiles, the policy) and of visiting
/// one live server at a tick or health check [message-equivalents].
const PER_INTERVAL: f64 = 30.0;
const PER_SERVER_VISIT: f64 = 0.1;
/// Cost of checking one server's health [message-equivalents].
const PER_SERVER_CHECKED: f64 = 0.04;
/// Cost of one point of a consistent-hash ring when it is rebuilt [message-equivalents].
const PER_RING_POINT: f64 = 0.05;

/// One term of the estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// What is paid for, in words ("messages", "health checks x servers"...).
    pub what: &'static str,
    /// The scenario field that drives it, for the error's path.
    pub path: &'static str,
    /// How many times it is paid, and at what cost each [message-equivalents].
    pub count: f64,
    pub cost: f64,
}

impl Term {
    pub fn work(&self) -> f64 {
        self.count * self.cost
    }
}

/// The estimate: every term, and their sum.
#[derive(Clone, Debug, PartialEq)]
pub struct Work {
    pub terms: Vec<Term>,
}

impl Work {
    /// Sum of the terms [message-equivalents]; infinite if any count is.
    pub fn total(&self) -> f64 {
        self.terms.iter().map(Term::work).sum()
    }

    /// The largest term.
    pub fn dominant(&self) -> &Term {
        self.terms.iter().max_by(|a, b| a.work().total_cmp(&b.work())).expect("at least one term")
    }

    /// Refuses a run above `MAX_WORK`, naming the dominant term and its size.
    pub fn check(&self) -> Result<(), ScenarioError> {
        let total = self.total();
        if total <= MAX_WORK {
            return Ok(());
        }
        let d = self.dominant();
        Err(ScenarioError::new(
            d.path,
            format!(
                "the run would cost about {total:.2e} message-equivalents, more than the {MAX_WORK:.0e} allowed (about a minute natively); most of it is {} ({:.2e} x {})",
                d.what, d.count, d.cost
            ),
        ))
    }
}

/// The sections of a scenario the estimate reads (`scenario` builds it: the estimate is
/// below the scenario in the layers).
pub struct Inputs<'a> {
    pub duration_s: f64,
    pub traffic: &'a TrafficConfig,
    pub autoscaler: &'a AutoscalerConfig,
    pub balancer: &'a BalancerConfig,
    pub failures: Option<&'a FailuresConfig>,
    /// Mean service time [ms] and slots per server, for the demand the elasticity metrics
    /// compute per interval.
    pub service_ms: f64,
    pub workers: u32,
}

/// Cost of one step of the fluid engine [message-equivalents]: an upper bound (measured with
/// `examples/fluid_speed`: a day of 86,400 intervals in 0.42 s, about 65 units per interval
/// against the 120 estimated).
const PER_FLUID_STEP: f64 = 40.0;

/// The fluid engine's work: a few steps per interval (one while nothing changes fast, at
/// most 20 while a backlog does), whatever the message rate.
pub fn fluid_estimate(duration_s: f64, interval_s: f64) -> Work {
    let steps = 3.0 * duration_s / interval_s;
    Work {
        terms: vec![Term { what: "fluid steps", path: "autoscaler.interval_s", count: steps, cost: PER_FLUID_STEP }],
    }
}

/// An upper bound on the messages of a run of `duration_s`: peak users all along.
pub fn max_messages(duration_s: f64, traffic: &TrafficConfig) -> f64 {
    traffic.max_users(duration_s) * (1.0 + traffic.noise) * traffic.msg_rate * duration_s
}

/// The estimate for a scenario (valid in every other respect).
pub fn estimate(s: &Inputs) -> Work {
    let a = s.autoscaler;
    let servers = a.max_servers as f64;
    let intervals = s.duration_s / a.interval_s;
    let messages = max_messages(s.duration_s, s.traffic);
    let mut terms = vec![
        Term { what: "messages", path: "traffic.peak_users", count: messages, cost: 1.0 },
        Term {
            what: "intervals x servers",
            path: "autoscaler.interval_s",
            count: intervals,
            cost: PER_INTERVAL + servers * PER_SERVER_VISIT,
        },
    ];
    terms[0].path = match s.traffic.pattern {
        Pattern::Constant => "traffic.base_users",
        Pattern::Step => "traffic.steps",
        Pattern::Custom => "traffic.points",
        Pattern::Trace => "traffic.rate_scale",
        Pattern::ThreePhase | Pattern::Spike | Pattern::Sine => "traffic.peak_users",
    };
    if s.balancer.strategy == Strategy::LeastConnections {
        // An ordered set of the rotation: O(log R) per pick and per load change.
        terms.push(Term {
            what: "messages x ordered-set steps of the balancer",
            path: "balancer.strategy",
            count: messages,
            cost: 0.4 * servers.max(2.0).log2(),
        });
    }
    if let Some(per_server) = per_server_scanned(s.balancer.strategy) {
        terms.push(Term {
            what: "messages x servers scanned by the balancer",
            path: "balancer.strategy",
            count: messages,
            cost: servers * per_server,
        });
    }
    if s.balancer.strategy == Strategy::ConsistentHash {
        // The ring is rebuilt when the rotation changes: at most twice per interval.
        let points = servers * s.balancer.virtual_nodes as f64;
        terms.push(Term {
            what: "ring rebuilds x ring points",
            path: "balancer.virtual_nodes",
            count: 2.0 * intervals,
            cost: points * PER_RING_POINT * (1.0 + points.max(2.0).log2() / 16.0),
        });
    }
    if let Some(f) = s.failures {
        terms.push(Term {
            what: "health checks x servers",
            path: "failures.health_interval_s",
            count: s.duration_s / f.health_interval_s,
            cost: servers * PER_SERVER_CHECKED,
        });
        let crashes = f.crashes.len() as f64 + f.mtbf_s.map_or(0.0, |m| s.duration_s / m * servers);
        terms.push(Term { what: "crashes", path: "failures.mtbf_s", count: crashes, cost: 2.0 + servers * 0.01 });
    }
    if a.policy == Policy::Threshold {
        // Every action may start `step` servers (each kept in the report).
        let actions = s.duration_s / a.interval_s.max(a.cooldown_s);
        terms.push(Term {
            what: "servers started",
            path: "autoscaler.step",
            count: actions * (a.threshold.step.min(a.max_servers) as f64),
            cost: 3.0,
        });
    }
    if a.policy == Policy::TargetTracking {
        let t = &a.target_tracking;
        let changes_kept = (t.scale_up_policies.iter().chain(&t.scale_down_policies))
            .map(|p| p.period_s / t.sync_period_s.max(a.interval_s))
            .fold(0.0, f64::max);
        terms.push(Term {
            what: "decisions x rate-limit history",
            path: "autoscaler.sync_period_s",
            count: s.duration_s / t.sync_period_s.max(a.interval_s),
            cost: 1.0 + changes_kept * 0.01,
        });
    }
    // The elasticity metrics' demand: an Erlang recurrence over the slots the interval's
    // load needs (about rate x service time, plus a server's slots), per interval.
    let peak_rate = messages / s.duration_s.max(1e-9);
    let slots = peak_rate * s.service_ms / 1000.0 + 2.0 * f64::from(s.workers);
    terms.push(Term {
        what: "intervals x demand slots",
        path: "autoscaler.interval_s",
        count: intervals,
        cost: slots * 0.05,
    });
    Work { terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn the_default_run_is_small_and_the_audits_runs_are_refused_by_their_term() {
        assert!(Scenario::default().work().total() < 1e4);
        // Health checks every 0.1 s for a year over 10,000 servers.
        let mut s = Scenario { duration_s: 31_536_000.0, ..Scenario::default() };
        s.traffic.peak_users = 0.0;
        s.traffic.base_users = 0.0;
        s.autoscaler.interval_s = 300.0;
        (s.autoscaler.max_servers, s.autoscaler.min_servers, s.autoscaler.initial_servers) = (10_000, 2, 2);
        s.failures = Some(FailuresConfig { health_interval_s: 0.1, ..FailuresConfig::default() });
        let e = s.work().check().unwrap_err();
        assert_eq!(e.path, "failures.health_interval_s", "{e}");
        assert!(e.to_string().contains("health checks x servers"), "{e}");
        // Weighted round robin over 10,000 servers for 8.6 million messages.
        let mut s = Scenario { duration_s: 86_400.0, ..Scenario::default() };
        s.autoscaler.max_servers = 10_000;
        s.balancer.strategy = Strategy::WeightedRoundRobin;
        assert_eq!(s.exact_work().check().unwrap_err().path, "balancer.strategy");
        // Too large for the exact engine: auto answers it with the fluid one; exact refuses it.
        assert!(s.validate().is_ok() && s.engine_used() == crate::engine::Engine::Fluid);
        s.engine = crate::engine::Engine::Exact;
        let e = s.validate().unwrap_err();
        assert!(e.path == "balancer.strategy" && e.to_string().contains("engine fluid"), "{e}");
        s.engine = crate::engine::Engine::Auto;
        // 10,000 servers x 10,000 virtual nodes.
        s.balancer.strategy = Strategy::ConsistentHash;
        s.balancer.virtual_nodes = 10_000;
        assert_eq!(s.exact_work().check().unwrap_err().path, "balancer.virtual_nodes");
    }
}
