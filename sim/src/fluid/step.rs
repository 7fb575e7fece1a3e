//! One step of the fluid engine (arrivals, the activator, the backlog or the stationary
//! queues), and the running totals that become the series rows and the summary.

use super::fleet::FluidFleet;
use super::queueing::{round_robin_wait, shortest_queue_wait, two_choices_wait, wait, Response};
use super::Fluid;
use crate::autoscaler::Observation;
use crate::balancer::Strategy;
use crate::report::{Latency, ScalingEvent, ScalingKind, SeriesRow, Summary, Verdict};
use crate::service::MAX_CLASSES;

impl Fluid {
    /// The step (a, b]: its arrivals' fate and latency, added to `parts`.
    pub(super) fn step(&mut self, a: f64, b: f64, parts: &mut Vec<(f64, Response)>) {
        let dt = b - a;
        let s = &self.scenario;
        let lambda = self.traffic.mean_users(a, b) * s.traffic.msg_rate;
        let arrivals = lambda * dt;
        self.totals.arrived += arrivals;
        self.totals.bill(&self.fleet, dt);
        let ready = self.fleet.ready();
        if ready == 0 {
            if self.autoscaler.holds_requests() {
                if arrivals > 0.0 {
                    self.held.push((arrivals, 0.5 * (a + b)));
                }
                let current = self.fleet.pending();
                if arrivals > 0.0 && current == 0 {
                    if let Some(d) = self.autoscaler.on_request_held(a, current) {
                        self.fleet.grow(a, d.to);
                        self.events.push(ScalingEvent {
                            t: a,
                            kind: ScalingKind::Up,
                            from: 0,
                            to: d.to,
                            reason: d.reason,
                        });
                    }
                }
                self.totals.queue_area += self.held.iter().map(|h| h.0).sum::<f64>() * dt;
            } else {
                self.totals.failed += arrivals;
            }
            return;
        }
        let workers = s.service.workers;
        let slots = f64::from(ready * workers);
        let mu = 1.0 / self.service.mean_s;
        let by_class = self.fleet.ready_by_class().to_vec();
        let speeds = self.fleet.speeds().to_vec();
        let capacity: f64 = by_class.iter().zip(&speeds).map(|(&n, sp)| f64::from(n * workers) * mu * sp).sum();
        let speed_avg = capacity / (slots * mu);
        let room = s.service.queue_limit.map_or(f64::INFINITY, |k| f64::from(k) * f64::from(ready));
        // The activator's requests go to the servers, as many as their queues take.
        for (h, at) in std::mem::take(&mut self.held) {
            let moved = h.min((room - self.backlog).max(0.0));
            self.totals.dropped += h - moved;
            let delay_s = (a - at).max(0.0) + (self.backlog + moved / 2.0) / capacity;
            parts.push((moved, Response { delay_s, p_wait: 0.0, theta_s: 0.0, speed: speed_avg }));
            self.backlog += moved;
        }
        let completed;
        if self.backlog > 1e-9 || (s.service.queue_limit.is_none() && lambda >= 0.98 * capacity) {
            // Beyond capacity: the backlog carries over.
            let q0 = self.backlog;
            let mut q1 = (q0 + (lambda - capacity) * dt).max(0.0);
            let overflow = (q1 - room).max(0.0);
            q1 -= overflow;
            self.totals.dropped += overflow;
            let delay_s = 0.5 * (q0 + q1) / capacity;
            parts.push((arrivals - overflow, Response { delay_s, p_wait: 0.0, theta_s: 0.0, speed: speed_avg }));
            let busy = if q1 > 0.0 { 1.0 } else { ((lambda * dt + q0) / (capacity * dt)).min(1.0) };
            completed = busy * capacity * dt;
            self.totals.busy_area += busy * slots * dt;
            self.totals.queue_area += 0.5 * (q0 + q1) * dt;
            self.totals.conc_area += (0.5 * (q0 + q1) + busy * slots) * dt;
            self.totals.in_system = busy * slots;
            self.backlog = q1;
        } else {
            let stationary = self.stationary(lambda, ready, &by_class, &speeds);
            let (mut admitted_rate, mut busy, mut lq, mut l) = (0.0, 0.0, 0.0, 0.0);
            for (rate, servers, w, speed) in stationary {
                let admitted = rate * (1.0 - w.blocked);
                self.totals.dropped += rate * w.blocked * dt;
                let r = if w.fixed_s > 0.0 {
                    // Those that wait all wait the fixed part too: two parts.
                    let served = Response { delay_s: 0.0, p_wait: 0.0, theta_s: 0.0, speed };
                    parts.push((admitted * dt * (1.0 - w.p_wait), served));
                    let waited = Response { delay_s: w.fixed_s, p_wait: 1.0, theta_s: w.theta_s, speed };
                    parts.push((admitted * dt * w.p_wait, waited));
                    Response { delay_s: w.p_wait * w.fixed_s, ..waited }
                } else {
                    let r = Response { delay_s: 0.0, p_wait: w.p_wait, theta_s: w.theta_s, speed };
                    parts.push((admitted * dt, r));
                    r
                };
                admitted_rate += admitted;
                busy += w.utilization * f64::from(servers * workers);
                lq += admitted * w.p_wait * (w.theta_s + w.fixed_s);
                l += admitted * (r.mean_s(&self.service) - r.delay_s + w.p_wait * w.fixed_s);
            }
            completed = admitted_rate * dt;
            self.totals.busy_area += busy * dt;
            self.totals.queue_area += lq * dt;
            self.totals.conc_area += l * dt;
            self.totals.in_system = l;
        }
        self.totals.slots_area += slots * dt;
        self.fleet.served(completed / f64::from(ready));
    }

    /// The stationary queues of the ready servers at `lambda`: (arrival rate of the group,
    /// servers in it, their wait, their speed), by the balancer's model.
    fn stationary(
        &self,
        lambda: f64,
        ready: u32,
        by_class: &[u32],
        speeds: &[f64],
    ) -> Vec<(f64, u32, super::queueing::Wait, f64)> {
        let s = &self.scenario;
        let (c, k, cs2) = (s.service.workers, s.service.queue_limit, self.service.scv);
        let mu = 1.0 / self.service.mean_s;
        let n = f64::from(ready);
        match s.balancer.strategy {
            Strategy::PowerOfTwoChoices | Strategy::PeakEwma
                if c == 1 && k.is_none() && by_class.len() == 1 && cs2 == 1.0 =>
            {
                vec![(lambda, ready, two_choices_wait(lambda / n, mu), 1.0)]
            }
            Strategy::LeastConnections | Strategy::PowerOfTwoChoices | Strategy::PeakEwma => {
                // Load-aware: the pool of every slot, each arrival behind its own server.
                let speed = by_class.iter().zip(speeds).map(|(&m, sp)| f64::from(m) * sp).sum::<f64>() / n;
                let pool = wait(lambda, mu * speed, ready * c, k.map(|q| q.saturating_mul(ready)), 1.0, cs2);
                vec![(lambda, ready, shortest_queue_wait(pool, mu * speed, ready, c), speed)]
            }
            Strategy::ConsistentHash => {
                // Arcs of V points per server: shares spread by about 1 / sqrt(V).
                let spread = (1.0 / f64::from(s.balancer.virtual_nodes).sqrt()).min(0.9);
                let (hi, lo) = (ready / 2, ready - ready / 2);
                let mut out = Vec::new();
                for (m, factor) in [(hi, 1.0 + spread), (lo, 1.0 - spread * f64::from(hi) / f64::from(lo.max(1)))] {
                    if m > 0 {
                        let per = lambda / n * factor;
                        out.push((per * f64::from(m), m, wait(per, mu, c, k, 1.0, cs2), 1.0));
                    }
                }
                out
            }
            strategy => {
                // A blind split: every server its share; round robin's arrivals are regular.
                let ca2 =
                    if matches!(strategy, Strategy::RoundRobin | Strategy::WeightedRoundRobin) { 1.0 / n } else { 1.0 };
                let weighted = strategy == Strategy::WeightedRoundRobin;
                let total_speed: f64 = by_class.iter().zip(speeds).map(|(&m, sp)| f64::from(m) * sp).sum();
                by_class
                    .iter()
                    .zip(speeds)
                    .filter(|(&m, _)| m > 0)
                    .map(|(&m, &sp)| {
                        let per = if weighted { lambda * sp / total_speed } else { lambda / n };
                        let w = wait(per, mu * sp, c, k, ca2, cs2);
                        // Round robin's regular arrivals, exactly (GI/M/1) where no queue limit bites.
                        let regular = strategy == Strategy::RoundRobin && c == 1 && cs2 == 1.0 && w.blocked < 1e-6;
                        let w = if regular { round_robin_wait(per, mu * sp, ready) } else { w };
                        (per * f64::from(m), m, w, sp)
                    })
                    .collect()
            }
        }
    }
}

/// Running totals: expected counts (rounded on their sums) and integrals over time.
#[derive(Clone, Debug)]
pub struct Totals {
    cost_per_hour: [f64; MAX_CLASSES],
    pub arrived: f64,
    pub dropped: f64,
    pub failed: f64,
    /// Requests in the stationary queues and in service after the last step.
    pub in_system: f64,
    /// Integrals over the interval [x s].
    pub busy_area: f64,
    pub slots_area: f64,
    pub queue_area: f64,
    pub conc_area: f64,
    interval: [f64; 3],
    interval_start: f64,
    run_busy: f64,
    run_slots: f64,
    billed_area: f64,
    billed_by_class: [f64; MAX_CLASSES],
    peak_billed: u32,
    users_area: f64,
    peak_users: f64,
    counted: [u64; 4],
    completed_real: f64,
}

impl Totals {
    pub fn new(cost_per_hour: [f64; MAX_CLASSES]) -> Totals {
        Totals {
            cost_per_hour,
            arrived: 0.0,
            dropped: 0.0,
            failed: 0.0,
            in_system: 0.0,
            busy_area: 0.0,
            slots_area: 0.0,
            queue_area: 0.0,
            conc_area: 0.0,
            interval: [0.0; 3],
            interval_start: 0.0,
            run_busy: 0.0,
            run_slots: 0.0,
            billed_area: 0.0,
            billed_by_class: [0.0; MAX_CLASSES],
            peak_billed: 0,
            users_area: 0.0,
            peak_users: 0.0,
            counted: [0; 4],
            completed_real: 0.0,
        }
    }

    pub fn start_interval(&mut self) {
        self.interval = [self.arrived, self.dropped, self.failed];
        (self.busy_area, self.slots_area, self.queue_area, self.conc_area) = (0.0, 0.0, 0.0, 0.0);
    }

    /// Servers billed over a step of `dt` [s].
    pub fn bill(&mut self, fleet: &FluidFleet, dt: f64) {
        let billed = fleet.billed_by_class();
        self.billed_area += f64::from(billed.iter().sum::<u32>()) * dt;
        for (a, &n) in self.billed_by_class.iter_mut().zip(billed) {
            *a += f64::from(n) * dt;
        }
        self.peak_billed = self.peak_billed.max(fleet.billed());
    }

    /// What the policy sees at the interval's end `t`.
    pub fn observation(&self, t: f64, users: f64, p95_ms: f64, fleet: &FluidFleet, warmup_s: f64) -> Observation {
        let span = (t - self.interval_start).max(1e-12);
        let (warming, warming_ready) = fleet.warming(t, warmup_s);
        let ready = fleet.ready();
        Observation {
            t,
            users,
            arrival_rps: (self.arrived - self.interval[0]) / span,
            utilization: if self.slots_area > 0.0 { self.busy_area / self.slots_area } else { 0.0 },
            queue: self.queue_area / span,
            concurrency: self.conc_area / span,
            p95_ms,
            ready,
            starting: fleet.pending(),
            warming,
            warming_ready,
            warming_share: if ready > 0 { f64::from(warming_ready) / f64::from(ready) } else { 0.0 },
        }
    }

    /// The series row of the interval ending at `t`, with `in_flight` requests held now.
    #[allow(clippy::too_many_arguments)]
    pub fn close_interval(
        &mut self,
        t: f64,
        users: f64,
        max_users: f64,
        [p50_ms, p95_ms, p99_ms]: [f64; 3],
        fleet: &FluidFleet,
        capacity_users: f64,
        forecast: Option<(f64, f64)>,
        in_flight: f64,
    ) -> SeriesRow {
        let span = t - self.interval_start;
        let (a, d, f) = (self.arrived.round() as u64, self.dropped.round() as u64, self.failed.round() as u64);
        self.completed_real = (self.arrived - self.dropped - self.failed - in_flight).max(0.0);
        let settled = (a.saturating_sub(d + f)).min(self.completed_real.round() as u64);
        let c = settled.max(self.counted[3]).min(a.saturating_sub(d + f));
        let delta = |new: u64, old: u64| new.saturating_sub(old);
        let row = SeriesRow {
            t,
            users,
            arrival_rps: if span > 0.0 { delta(a, self.counted[0]) as f64 / span } else { 0.0 },
            completed: delta(c, self.counted[3]),
            dropped: delta(d, self.counted[1]),
            failed: delta(f, self.counted[2]),
            ready: fleet.ready(),
            starting: fleet.pending(),
            draining: fleet.draining(),
            capacity_users,
            utilization: if self.slots_area > 0.0 { self.busy_area / self.slots_area } else { 0.0 },
            queue: if span > 0.0 { self.queue_area / span } else { 0.0 },
            p50_ms,
            p95_ms,
            p99_ms,
            forecast_t: forecast.map(|f| f.0),
            forecast_users: forecast.map(|f| f.1),
        };
        self.counted = [a.max(self.counted[0]), d.max(self.counted[1]), f.max(self.counted[2]), c];
        self.peak_billed = self.peak_billed.max(fleet.billed());
        self.run_busy += self.busy_area;
        self.run_slots += self.slots_area;
        self.users_area += users * span;
        self.peak_users = self.peak_users.max(max_users);
        self.interval_start = t;
        row
    }

    /// Requests completed so far, as an expectation.
    pub fn completed_real(&self) -> f64 {
        self.completed_real
    }

    pub fn summary(&self, duration_s: f64, scaling_events: u32, latency_ms: Latency) -> Summary {
        let [arrived, dropped, failed, completed] = self.counted;
        Summary {
            arrived,
            completed,
            dropped,
            failed,
            in_flight: arrived - dropped - failed - completed,
            duration_s,
            throughput_rps: completed as f64 / duration_s,
            peak_users: self.peak_users,
            avg_users: self.users_area / duration_s,
            peak_servers: self.peak_billed,
            avg_servers: self.billed_area / duration_s,
            scaling_events,
            latency_ms,
            utilization: if self.run_slots > 0.0 { self.run_busy / self.run_slots } else { 0.0 },
            server_seconds: self.billed_area,
            cost: self.billed_by_class.iter().zip(self.cost_per_hour).map(|(b, c)| b / 3600.0 * c).sum(),
            objective: Verdict::default(),
            elasticity: crate::elasticity::Elasticity::default(),
            stopped: None,
            engine: crate::engine::Engine::Fluid,
        }
    }
}
