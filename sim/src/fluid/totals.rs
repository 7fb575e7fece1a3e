//! The fluid engine's running totals: expected counts, rounded on their sums so that every
//! count conserves, and the integrals that become the series rows and the summary.

use super::fleet::FluidFleet;
use crate::autoscaler::Observation;
use crate::report::{Latency, SeriesRow, Summary, Verdict};
use crate::service::MAX_CLASSES;

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
