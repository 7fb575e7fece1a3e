//! Elasticity metrics as the SPEC Research Group defines them and the BUNGEE reference
//! implementation computes them (Herbst et al., "Elasticity in Cloud Computing: What It Is,
//! and What It Is Not", ICAC 2013; "Ready for Rain? A View from SPEC Research on the Future
//! of Cloud Metrics", 2016): how closely the supply of servers followed the demand.
//!
//! Supply s(t) is the interval's ready servers. Demand d(t) is the fewest ready servers
//! that would meet the objective's latency percentile at the interval's offered load (its
//! time-average users x `msg_rate`, the load intensity BUNGEE derives demand from, not the
//! Poisson count that happened to arrive), from queueing theory: exponential service at the scenario's mean, `workers` slots per server;
//! balancers that split traffic blindly (round robin, random, weighted, consistent hash)
//! make each server an M/M/c queue with its share of the rate, the load-aware ones are
//! taken as one pooled M/M/(n c) queue (Erlang B by its recurrence up to 400 slots, by the
//! Halfin-Whitt limit above; see `erlang`). Response time T = W + S with the Erlang C wait W:
//! P(T > t) = (1 - C) e^{-mu t} + C (b e^{-a t} - a e^{-b t}) / (b - a), a = c mu - lambda, b = mu.

use serde::{Deserialize, Serialize};

use crate::balancer::Strategy;
use crate::report::SeriesRow;
use crate::scenario::Scenario;

/// Most servers a demand may come to; beyond it the demand is this.
const MAX_DEMAND: u32 = 100_000;

/// The elasticity of a run (percentages of the run's time, servers, changes per minute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Elasticity {
    /// Average shortfall of supply below demand over time, theta_U [servers].
    pub under_accuracy: f64,
    /// Average excess of supply over demand over time, theta_O [servers].
    pub over_accuracy: f64,
    /// The same, each interval's shortfall or excess divided by its demand [%].
    pub under_accuracy_pct: f64,
    pub over_accuracy_pct: f64,
    /// Share of time supply was below demand, tau_U, and above it, tau_O [%].
    pub under_timeshare_pct: f64,
    pub over_timeshare_pct: f64,
    /// Supply changes minus demand changes per minute, a change of k servers counting k
    /// (positive: the fleet moved more than the demand did) [1/min].
    pub jitter_per_min: f64,
    /// Share of time supply and demand did not move the same way, upsilon [%].
    pub instability_pct: f64,
    /// One number to rank by, lower is better (0: supply met demand exactly, always): the
    /// root mean square of the normalised accuracies and the timeshares [%].
    pub deviation_pct: f64,
}

/// Whether `strategy` spreads load as one pooled queue (it looks at the servers' loads).
fn pooled(strategy: Strategy) -> bool {
    matches!(
        strategy,
        Strategy::LeastConnections | Strategy::PowerOfTwoChoices | Strategy::LeastResponseTime | Strategy::PeakEwma
    )
}

/// P(T > t) for an M/M/c queue: arrival rate `lambda`, service rate `mu` per slot [1/s],
/// `c` slots, the Erlang B value `b` of (c, lambda / mu). Needs lambda < c mu.
fn tail(lambda: f64, mu: f64, c: f64, erlang_b: f64, t: f64) -> f64 {
    let rho = lambda / (c * mu);
    let wait = erlang_b / (1.0 - rho * (1.0 - erlang_b));
    let (a, b) = (c * mu - lambda, mu);
    let both = if (a - b).abs() < 1e-9 * b {
        // Two equal rates: Erlang-2.
        (1.0 + b * t) * libm::exp(-b * t)
    } else {
        (b * libm::exp(-a * t) - a * libm::exp(-b * t)) / (b - a)
    };
    (1.0 - wait) * libm::exp(-mu * t) + wait * both
}

/// The fewest servers meeting "percentile `q` of latency within `ceiling_s`" at `rate`
/// [1/s], with mean service `service_s` [s] and `workers` slots per server.
pub fn demand(rate: f64, service_s: f64, workers: u32, pooled: bool, q: f64, ceiling_s: f64) -> u32 {
    if rate <= 0.0 {
        return 0;
    }
    let (mu, w) = (1.0 / service_s, f64::from(workers));
    // Even an idle server cannot beat the service time itself.
    if libm::exp(-mu * ceiling_s) > 1.0 - q {
        return MAX_DEMAND;
    }
    let meets =
        |slots: f64, lambda: f64, b: f64| lambda < slots * mu && tail(lambda, mu, slots, b, ceiling_s) <= 1.0 - q;
    let first = ((rate / (w * mu)).floor() as u32).max(1);
    if pooled && (f64::from(first) * w) > f64::from(crate::erlang::EXACT_UP_TO) {
        // A large pool: Erlang B from the Halfin-Whitt limit, O(1) per size, so the fewest
        // servers are found by halving (`meets` is monotone in n).
        let a = rate / mu;
        let ok = |n: u32| {
            let slots = f64::from(n) * w;
            meets(slots, rate, crate::erlang::halfin_whitt_b(slots, a))
        };
        return fewest(first, ok);
    }
    if pooled {
        // Erlang B by its recurrence over the slots, carried from one n to the next.
        let a = rate / mu;
        let (mut b, mut k) = (1.0, 0u64);
        for n in first..=MAX_DEMAND {
            let slots = f64::from(n) * w;
            while (k as f64) < slots {
                k += 1;
                b = a * b / (k as f64 + a * b);
            }
            if meets(slots, rate, b) {
                return n;
            }
        }
    } else {
        let server_b = |lambda: f64| {
            let a = lambda / mu;
            (1..=workers).fold(1.0, |b, k| a * b / (f64::from(k) + a * b))
        };
        // More servers, less load on each: `meets` is monotone in n, so search by halving
        // (a fleet of thousands would take thousands of steps per interval otherwise).
        let ok = |n: u32| {
            let lambda = rate / f64::from(n);
            meets(w, lambda, server_b(lambda))
        };
        return fewest(first, ok);
    }
    MAX_DEMAND
}

/// The least n from `first` for which the monotone `ok` holds (at most MAX_DEMAND), by
/// doubling then halving.
fn fewest(first: u32, ok: impl Fn(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (first, first);
    while !ok(hi) {
        if hi >= MAX_DEMAND {
            return MAX_DEMAND;
        }
        lo = hi + 1;
        hi = hi.saturating_mul(2).min(MAX_DEMAND);
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    hi
}

/// Each interval's demand in `scenario`'s terms.
pub fn demands(scenario: &Scenario, series: &[SeriesRow]) -> Vec<u32> {
    let q = match scenario.objective.percentile {
        crate::objective::Percentile::P50 => 0.50,
        crate::objective::Percentile::P95 => 0.95,
        crate::objective::Percentile::P99 => 0.99,
    };
    let (service_s, workers) = (scenario.service.service_ms / 1000.0, scenario.service.workers);
    let one_queue = pooled(scenario.balancer.strategy);
    let ceiling_s = scenario.objective.latency_ms / 1000.0;
    // Rates repeat (a pattern's levels, a trace's counts): each is worked out once.
    let mut known = std::collections::BTreeMap::new();
    let msg_rate = scenario.traffic.msg_rate;
    series
        .iter()
        .map(|r| {
            let rate = r.users * msg_rate;
            *known.entry(rate.to_bits()).or_insert_with(|| demand(rate, service_s, workers, one_queue, q, ceiling_s))
        })
        .collect()
}

/// The metrics of supply against demand, one (interval length [s], supply, demand) per
/// interval in time order.
pub fn measure(intervals: &[(f64, u32, u32)]) -> Elasticity {
    let total: f64 = intervals.iter().map(|i| i.0).sum();
    if total <= 0.0 {
        return Elasticity::default();
    }
    let mut e = Elasticity::default();
    let (mut supply_changes, mut demand_changes, mut unstable) = (0.0, 0.0, 0.0);
    for (i, &(dt, s, d)) in intervals.iter().enumerate() {
        let (s, d) = (f64::from(s), f64::from(d));
        let short = (d - s).max(0.0);
        let excess = (s - d).max(0.0);
        e.under_accuracy += short * dt;
        e.over_accuracy += excess * dt;
        e.under_accuracy_pct += short / d.max(1.0) * dt;
        e.over_accuracy_pct += excess / d.max(1.0) * dt;
        e.under_timeshare_pct += if s < d { dt } else { 0.0 };
        e.over_timeshare_pct += if s > d { dt } else { 0.0 };
        if let Some(&(_, s0, d0)) = i.checked_sub(1).map(|j| &intervals[j]) {
            let (ds, dd) = (s - f64::from(s0), d - f64::from(d0));
            supply_changes += ds.abs();
            demand_changes += dd.abs();
            unstable += if sign(ds) != sign(dd) { dt } else { 0.0 };
        }
    }
    e.under_accuracy /= total;
    e.over_accuracy /= total;
    for pct in
        [&mut e.under_accuracy_pct, &mut e.over_accuracy_pct, &mut e.under_timeshare_pct, &mut e.over_timeshare_pct]
    {
        *pct *= 100.0 / total;
    }
    let after_first = total - intervals[0].0;
    e.instability_pct = if after_first > 0.0 { 100.0 * unstable / after_first } else { 0.0 };
    e.jitter_per_min = (supply_changes - demand_changes) / (total / 60.0);
    let parts = [e.under_accuracy_pct, e.over_accuracy_pct, e.under_timeshare_pct, e.over_timeshare_pct];
    e.deviation_pct = libm::sqrt(parts.iter().map(|p| p * p).sum::<f64>() / 4.0);
    e
}

/// -1, 0 or 1 (f64::signum gives 1 for 0).
fn sign(x: f64) -> i8 {
    (x > 0.0) as i8 - (x < 0.0) as i8
}

/// The elasticity of a finished run of `scenario` with `series`.
pub fn of_run(scenario: &Scenario, series: &[SeriesRow]) -> Elasticity {
    let demand = demands(scenario, series);
    let mut start = 0.0;
    let intervals: Vec<(f64, u32, u32)> = series
        .iter()
        .zip(demand)
        .map(|(r, d)| {
            let dt = r.t - start;
            start = r.t;
            (dt, r.ready, d)
        })
        .collect();
    measure(&intervals)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-computed: four 15 s intervals, supply 2, 2, 4, 4 against demand 3, 3, 3, 3.
    /// Under: 1 server short for 30 s of 60: theta_U = 0.5 servers, normalised 1/3 for half
    /// the time = 16.67 %, tau_U = 50 %. Over: 1 server for 30 s: theta_O = 0.5, 16.67 %,
    /// tau_O = 50 %. Supply moved 2 servers in a minute, demand none: jitter +2 per minute.
    /// Instability: of the three later intervals, supply moved and demand did not in one:
    /// 15 s of 45 = 33.3 %.
    #[test]
    fn a_step_curve_measures_as_computed_by_hand() {
        let e = measure(&[(15.0, 2, 3), (15.0, 2, 3), (15.0, 4, 3), (15.0, 4, 3)]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(e.under_accuracy, 0.5) && close(e.over_accuracy, 0.5), "{e:?}");
        assert!(close(e.under_accuracy_pct, 100.0 / 6.0) && close(e.over_accuracy_pct, 100.0 / 6.0), "{e:?}");
        assert!(close(e.under_timeshare_pct, 50.0) && close(e.over_timeshare_pct, 50.0), "{e:?}");
        assert!(close(e.jitter_per_min, 2.0), "{e:?}");
        assert!(close(e.instability_pct, 100.0 / 3.0), "{e:?}");
        let rms = libm::sqrt((2.0 * (100.0f64 / 6.0).powi(2) + 2.0 * 2500.0) / 4.0);
        assert!(close(e.deviation_pct, rms), "{e:?}");
    }

    /// Supply that follows demand exactly, one interval late, is unstable at every move and
    /// short or over by the move's size.
    #[test]
    fn perfect_and_lagging_supply() {
        let perfect = measure(&[(10.0, 2, 2), (10.0, 5, 5), (10.0, 3, 3)]);
        assert_eq!(perfect.deviation_pct, 0.0);
        assert_eq!((perfect.jitter_per_min, perfect.instability_pct), (0.0, 0.0));
        let late = measure(&[(10.0, 2, 2), (10.0, 2, 5), (10.0, 5, 3)]);
        assert!((late.under_accuracy - 1.0).abs() < 1e-9, "3 short for 10 s of 30: {late:?}");
        assert!((late.over_accuracy - 2.0 / 3.0).abs() < 1e-9, "2 over for 10 s of 30: {late:?}");
        assert!((late.instability_pct - 100.0).abs() < 1e-9, "{late:?}");
    }

    /// Demand from queueing theory. M/M/1 response time is exponential with rate mu - lambda:
    /// at 25 ms service and 100 messages/s on one server, P(T > 0.2 s) = e^{-(40 - 100/n) 0.2}
    /// needs n with 40 - 100/n >= ln(20)/0.2 = 14.98: n = 4 (15 / s), 3 gives 6.7 / s.
    /// Pooled (M/M/n), fewer or as many servers suffice.
    #[test]
    fn demand_agrees_with_the_exponential_tail() {
        assert_eq!(demand(100.0, 0.025, 1, false, 0.95, 0.2), 4);
        let pooled = demand(100.0, 0.025, 1, true, 0.95, 0.2);
        assert!((3..=4).contains(&pooled), "{pooled}");
        assert_eq!(demand(0.0, 0.025, 1, false, 0.95, 0.2), 0);
        // A ceiling below what service alone takes can never be met.
        assert_eq!(demand(1.0, 1.0, 1, false, 0.95, 0.5), MAX_DEMAND);
        // The tail formula at c = 1 is the M/M/1 one.
        let b1 = 0.5 / 1.5; // Erlang B(1, a = 0.5)
        let t = tail(20.0, 40.0, 1.0, b1, 0.1);
        assert!((t - libm::exp(-(40.0 - 20.0) * 0.1)).abs() < 1e-12, "{t}");
    }
}
