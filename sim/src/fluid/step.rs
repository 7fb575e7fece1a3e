//! One step of the fluid engine: arrivals, the activator, the backlog or the stationary
//! queues by the balancer's model.

use super::balancing::{round_robin_wait, shortest_queue_wait, two_choices_wait};
use super::queueing::{wait, Response};
use super::Fluid;
use crate::balancer::Strategy;
use crate::report::{ScalingEvent, ScalingKind};

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
        let blind = !matches!(
            s.balancer.strategy,
            Strategy::LeastConnections | Strategy::PowerOfTwoChoices | Strategy::PeakEwma
        );
        // A backlog from nowhere in particular (the activator's) is on every server.
        let holders = if self.holders == 0 { ready } else { self.holders.min(ready) };
        let completed = if self.backlog > 1e-9 && blind && holders < ready && by_class.len() == 1 {
            // A blind split leaves the backlog on the servers that took it: they get their
            // share of new arrivals behind it, the servers that joined since start empty.
            let f = f64::from(holders) / f64::from(ready);
            let others = self.stationary(lambda * (1.0 - f), ready - holders, &[ready - holders], &speeds);
            let fits = others.iter().all(|(_, _, w, _)| w.utilization < 0.98);
            if fits {
                let held = self.backlog_step(lambda * f, capacity * f, holders, dt, speed_avg, parts);
                held + self.stationary_step(others, dt, parts)
            } else {
                self.holders = ready;
                self.backlog_step(lambda, capacity, ready, dt, speed_avg, parts)
            }
        } else if self.backlog > 1e-9 || (s.service.queue_limit.is_none() && lambda >= 0.98 * capacity) {
            // Beyond capacity: the backlog carries over, on every server.
            self.holders = ready;
            self.backlog_step(lambda, capacity, ready, dt, speed_avg, parts)
        } else {
            self.holders = ready;
            let stationary = self.stationary(lambda, ready, &by_class, &speeds);
            self.totals.in_system = 0.0;
            self.stationary_step(stationary, dt, parts)
        };
        if self.backlog <= 1e-9 {
            self.holders = ready;
        }
        self.totals.slots_area += slots * dt;
        self.fleet.served(completed / f64::from(ready));
    }

    /// A backlog on `servers` servers of `capacity` [1/s] under arrivals at `lambda` for
    /// `dt` [s]: it grows or drains, overflows their queues as drops, delays each arrival
    /// by backlog / capacity. Returns the requests completed.
    fn backlog_step(
        &mut self,
        lambda: f64,
        capacity: f64,
        servers: u32,
        dt: f64,
        speed: f64,
        parts: &mut Vec<(f64, Response)>,
    ) -> f64 {
        let s = &self.scenario;
        let room = s.service.queue_limit.map_or(f64::INFINITY, |k| f64::from(k) * f64::from(servers));
        let slots = f64::from(servers * s.service.workers);
        let q0 = self.backlog;
        let mut q1 = (q0 + (lambda - capacity) * dt).max(0.0);
        let overflow = (q1 - room).max(0.0);
        q1 -= overflow;
        self.totals.dropped += overflow;
        let delay_s = 0.5 * (q0 + q1) / capacity;
        parts.push((lambda * dt - overflow, Response { delay_s, p_wait: 0.0, theta_s: 0.0, speed }));
        let busy = if q1 > 0.0 { 1.0 } else { ((lambda * dt + q0) / (capacity * dt)).min(1.0) };
        self.totals.busy_area += busy * slots * dt;
        self.totals.queue_area += 0.5 * (q0 + q1) * dt;
        self.totals.conc_area += (0.5 * (q0 + q1) + busy * slots) * dt;
        self.totals.in_system = busy * slots;
        self.backlog = q1;
        busy * capacity * dt
    }

    /// Stationary groups of servers (from `stationary`) for `dt` [s]: drops, latency parts,
    /// integrals. Returns the requests completed; adds to `in_system`.
    fn stationary_step(
        &mut self,
        groups: Vec<(f64, u32, super::queueing::Wait, f64)>,
        dt: f64,
        parts: &mut Vec<(f64, Response)>,
    ) -> f64 {
        let workers = self.scenario.service.workers;
        let (mut admitted_rate, mut busy, mut lq, mut l) = (0.0, 0.0, 0.0, 0.0);
        for (rate, servers, w, speed) in groups {
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
        self.totals.busy_area += busy * dt;
        self.totals.queue_area += lq * dt;
        self.totals.conc_area += l * dt;
        self.totals.in_system += l;
        admitted_rate * dt
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
