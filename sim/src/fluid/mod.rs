//! The fluid engine: a scenario answered with queueing theory instead of simulated
//! messages, interval by interval, in time that grows with the intervals and not with the
//! message rate.
//!
//! Each interval is one step, cut where the state changes fast: at the moments servers
//! become ready, and into steps of a second (at most 20 per interval) while a backlog
//! grows or drains. Per step: the arrival rate from the traffic (the exact engine's users
//! curve times `msg_rate`), the fleet from the same policies (`policy::Autoscaler`, shared
//! code) and the same fleet rules (`fleet`), and the latency of the step's arrivals from
//! the stationary wait of the servers at that rate (`queueing`: Erlang C per server, a
//! pooled M/M/(n c) for load-aware balancers, M/M/c/K blocking, Allen-Cunneen for round
//! robin's regular arrivals and non-exponential service). Beyond capacity (a scale-out
//! still starting, the fleet at its maximum) a fluid backlog q' = lambda - capacity carries
//! over, delaying each arrival by backlog / capacity, and overflows the queues as drops.
//! Counts are expectations, rounded on their running totals so that arrived = completed +
//! dropped + failed + in flight holds exactly. Not modelled: failures and health checks
//! (validation refuses them), the balancers' herding on stale latencies.

mod balancing;
mod fleet;
mod latency;
pub mod queueing;
mod service;
mod step;
mod totals;

use crate::engine::Engine;
use crate::policy::Autoscaler;
use crate::report::{Report, ScalingEvent, ScalingKind};
use crate::scenario::Scenario;
use crate::traffic::Traffic;

use fleet::FluidFleet;
use latency::RunLatency;
use queueing::{Response, Service};
use totals::Totals;

/// Longest step while a backlog changes [s], and most such steps in one interval.
const MAX_STEP_S: f64 = 1.0;
const SUBSTEPS: f64 = 20.0;

/// A fluid run in progress, advanced some intervals at a time (as the exact engine is
/// advanced some events at a time).
pub struct Fluid {
    scenario: Scenario,
    traffic: Traffic,
    autoscaler: Autoscaler,
    fleet: FluidFleet,
    service: Service,
    /// Requests waiting beyond the stationary queues (the fluid backlog) [requests].
    backlog: f64,
    /// Ready servers holding the backlog: those ready when it built up (servers that join
    /// later start empty).
    holders: u32,
    /// Requests the activator holds with no server in rotation (Knative): (count, mean
    /// arrival time [s]).
    held: Vec<(f64, f64)>,
    totals: Totals,
    run_latency: RunLatency,
    events: Vec<crate::report::ScalingEvent>,
    rows: Vec<crate::report::SeriesRow>,
    intervals: u64,
    done_intervals: u64,
    now_s: f64,
    /// Why the run stopped early, if it did.
    stopped: Option<String>,
}

impl Fluid {
    /// Starts `s`, which must be valid.
    pub fn new(s: &Scenario) -> Fluid {
        let service = Service::new(s.service.service_dist, s.service.service_ms / 1000.0, s.service.service_cv);
        let speeds = s.service.classes.iter().map(|c| c.speed).collect();
        let intervals = libm::ceil(s.duration_s / s.autoscaler.interval_s - 1e-9).max(1.0) as u64;
        Fluid {
            scenario: s.clone(),
            traffic: Traffic::new(&s.traffic, s.duration_s, s.seed),
            autoscaler: Autoscaler::new(&s.autoscaler, &s.service, s.traffic.msg_rate),
            fleet: FluidFleet::new(s.service.startup_s, s.service.workers, speeds, s.autoscaler.initial_servers),
            service,
            backlog: 0.0,
            holders: 0,
            held: Vec::new(),
            totals: Totals::new(s.service.class_costs()),
            run_latency: RunLatency::default(),
            events: Vec::new(),
            rows: Vec::with_capacity(intervals.min(200_000) as usize),
            intervals,
            done_intervals: 0,
            now_s: 0.0,
            stopped: None,
        }
    }

    pub fn now_s(&self) -> f64 {
        self.now_s
    }

    pub fn is_done(&self) -> bool {
        self.done_intervals >= self.intervals || self.stopped.is_some()
    }

    /// Runs at most `intervals` more intervals; returns whether the run is over.
    pub fn advance(&mut self, intervals: u64) -> bool {
        for _ in 0..intervals {
            if self.is_done() {
                break;
            }
            let k = self.done_intervals + 1;
            let t0 = self.now_s;
            let t1 = (k as f64 * self.scenario.autoscaler.interval_s).min(self.scenario.duration_s);
            self.interval(t0, t1);
            self.done_intervals = k;
            self.now_s = t1;
            if self.fleet.created() as usize >= crate::simulation::MAX_SERVERS_CREATED {
                self.stopped = Some(format!(
                    "the run stopped at t = {t1:.1} s: {} servers were created, the most one run may; lengthen the cooldown or shorten the run",
                    crate::simulation::MAX_SERVERS_CREATED
                ));
            }
        }
        self.is_done()
    }

    /// One interval: its steps, then the policy's decision at its end.
    fn interval(&mut self, t0: f64, t1: f64) {
        let mut parts: Vec<(f64, Response)> = Vec::new();
        self.totals.start_interval();
        let mut a = t0;
        // A backlog changes fast: then steps of a second, at most SUBSTEPS per interval.
        let fine = ((t1 - t0) / SUBSTEPS).max(MAX_STEP_S);
        while a < t1 {
            self.fleet.advance(a);
            let changing = self.backlog > 0.0 || !self.held.is_empty();
            let mut b = if changing { (a + fine).min(t1) } else { t1 };
            if let Some(r) = self.fleet.next_ready(a) {
                b = b.min(r);
            }
            self.step(a, b, &mut parts);
            a = b;
        }
        self.fleet.advance(t1);
        // Percentiles of the interval, starting from the previous interval's.
        let hints = self.rows.last().map(|r| [r.p50_ms, r.p95_ms, r.p99_ms]);
        let mut pct = [0.0; 3];
        for (i, q) in [0.50, 0.95, 0.99].into_iter().enumerate() {
            let hint = hints.map(|h| h[i] / 1000.0);
            pct[i] = queueing::quantile(&parts, &self.service, q, hint) * 1000.0;
            // Quantiles never decrease; at a jump (a constant service time) the root-finder's
            // tolerance could say otherwise.
            if i > 0 {
                pct[i] = pct[i].max(pct[i - 1]);
            }
        }
        let [p50, p95, p99] = pct;
        self.run_latency.add(&parts, &self.service);
        let users = self.traffic.mean_users(t0, t1);
        let obs = self.totals.observation(t1, users, p95, &self.fleet, self.scenario.autoscaler.step_scaling.warmup_s);
        if let Some(d) = self.autoscaler.decide(&obs) {
            let from = obs.current();
            self.resize(t1, from, d.to);
            let kind = if d.to > from { ScalingKind::Up } else { ScalingKind::Down };
            self.events.push(ScalingEvent { t: t1, kind, from, to: d.to, reason: d.reason });
        }
        let row = self.totals.close_interval(
            t1,
            users,
            self.traffic.max_users(t0, t1),
            [p50, p95, p99],
            &self.fleet,
            self.capacity_users(),
            self.autoscaler.forecast(),
            self.in_flight(),
        );
        self.rows.push(row);
    }

    /// Users the ready servers carry at full utilisation [users].
    fn capacity_users(&self) -> f64 {
        let per_user = self.scenario.traffic.msg_rate * self.service.mean_s;
        if per_user > 0.0 {
            self.fleet.ready_capacity() / per_user
        } else {
            0.0
        }
    }

    /// Requests held anywhere now: the backlog, the activator's, and those in the
    /// stationary queues and in service.
    fn in_flight(&self) -> f64 {
        self.backlog + self.held.iter().map(|h| h.0).sum::<f64>() + self.totals.in_system
    }

    /// Moves the desired fleet from `from` to `to` servers at `t`.
    fn resize(&mut self, t: f64, from: u32, to: u32) {
        if to > from {
            self.fleet.grow(t, to - from);
        } else if to < from {
            // The newest servers go first: those that joined after the backlog built up hold
            // none of it; the holders taken out drain their share.
            let before = self.fleet.ready();
            let holders = self.holders.min(before);
            let pending = self.fleet.pending();
            let removed = (from - to).saturating_sub(pending).min(before);
            let holders_out = removed.saturating_sub(before - holders);
            let share = if holders > 0 { self.backlog / f64::from(holders) } else { 0.0 };
            let rate = f64::from(self.scenario.service.workers) / self.service.mean_s;
            self.fleet.shrink(t, from - to, if holders_out > 0 { share } else { 0.0 }, rate);
            self.backlog -= share * f64::from(holders_out);
            self.holders = holders - holders_out;
        }
    }

    /// The report of the run so far; complete once `advance` has returned true.
    pub fn into_report(self) -> Report {
        let s = self.scenario;
        let end = self.now_s;
        let changes = self.events.iter().filter(|e| matches!(e.kind, ScalingKind::Up | ScalingKind::Down)).count();
        let latency = self.run_latency.summary(&self.service, self.totals.completed_real());
        let mut summary = self.totals.summary(s.duration_s, changes as u32, latency);
        summary.engine = Engine::Fluid;
        summary.stopped = self.stopped;
        let servers = self.fleet.summaries(end);
        let mut report = Report { scenario: s, summary, events: self.events, series: self.rows, servers };
        report.summary.objective = crate::verdict::judge(&report);
        report.summary.elasticity = crate::elasticity::of_run(&report.scenario, &report.series);
        report
    }
}
