//! Metrics: integrates the fleet's state over time and turns it into series rows and a summary.

use crate::histogram::Histogram;
use crate::report::{Latency, SeriesRow, Summary, Verdict};
use crate::service::MAX_CLASSES;

/// Fleet-wide counts that change at events; the metrics integrate them over time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// Requests in service.
    pub busy: u64,
    /// Requests waiting in queues.
    pub queued: u64,
    /// Worker slots of ready and draining servers.
    pub worker_slots: u64,
    /// Servers billed (every state but gone), in all and by class.
    pub billed: u32,
    pub billed_by_class: [u32; MAX_CLASSES],
}

/// Sums over a span of time: one interval, or the whole run.
#[derive(Clone, Debug, Default)]
struct Sums {
    arrived: u64,
    completed: u64,
    dropped: u64,
    failed: u64,
    /// Integrals over time of the `Counts` fields [x s].
    busy: f64,
    queued: f64,
    worker_slots: f64,
    billed: f64,
    billed_by_class: [f64; MAX_CLASSES],
    latency: Histogram,
}

impl Sums {
    /// Adds `other` to these sums and empties it, keeping its histogram's memory.
    fn absorb(&mut self, other: &mut Sums) {
        self.arrived += other.arrived;
        self.completed += other.completed;
        self.dropped += other.dropped;
        self.failed += other.failed;
        self.busy += other.busy;
        self.queued += other.queued;
        self.worker_slots += other.worker_slots;
        self.billed += other.billed;
        for (a, b) in self.billed_by_class.iter_mut().zip(other.billed_by_class) {
            *a += b;
        }
        // The run's buckets already hold the interval's latencies (`Metrics::completed`).
        other.latency.close_into(&mut self.latency);
        other.clear();
    }

    /// Back to zero, keeping the histogram's memory.
    fn clear(&mut self) {
        let Sums { arrived, completed, dropped, failed, busy, queued, worker_slots, billed, billed_by_class, latency } =
            self;
        (*arrived, *completed, *dropped, *failed) = (0, 0, 0, 0);
        (*busy, *queued, *worker_slots, *billed) = (0.0, 0.0, 0.0, 0.0);
        *billed_by_class = [0.0; MAX_CLASSES];
        latency.clear();
    }

    fn utilization(&self) -> f64 {
        if self.worker_slots > 0.0 {
            self.busy / self.worker_slots
        } else {
            0.0
        }
    }
}

/// Rates and percentiles of an interval.
#[derive(Clone, Copy, Debug)]
pub struct IntervalStats {
    /// Arrivals per second [1/s].
    pub arrival_rps: f64,
    /// Busy over available worker time [0-1].
    pub utilization: f64,
    /// Time-average of waiting requests [requests].
    pub queue: f64,
    /// Time-average of requests held, in service or waiting [requests].
    pub concurrency: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// What the fleet looks like at the end of an interval.
#[derive(Clone, Copy, Debug)]
pub struct Snapshot {
    pub ready: u32,
    pub starting: u32,
    pub draining: u32,
    pub capacity_users: f64,
    /// A predictive policy's forecast made now: (for when [s], users).
    pub forecast: Option<(f64, f64)>,
}

#[derive(Debug, Default)]
pub struct Metrics {
    /// Times up to which requests and the fleet are integrated [s].
    last_t: f64,
    fleet_t: f64,
    interval_start: f64,
    interval: Sums,
    total: Sums,
    users_area: f64,
    peak_users: f64,
    peak_billed: u32,
    rows: Vec<SeriesRow>,
}

impl Metrics {
    /// Integrates the request counts (busy, queued), which held since the last call, up to `t` [s].
    /// Called at every event.
    #[inline]
    pub fn advance(&mut self, t: f64, counts: &Counts) {
        let dt = t - self.last_t;
        if dt > 0.0 {
            // Through i64: one instruction on x86-64, the same value below 2^53.
            self.interval.busy += counts.busy as i64 as f64 * dt;
            self.interval.queued += counts.queued as i64 as f64 * dt;
            self.last_t = t;
        }
    }

    /// Integrates the fleet counts (worker slots, billed servers) up to `t` [s]. Called
    /// before they change and before an interval closes; they change far less often.
    pub fn advance_fleet(&mut self, t: f64, counts: &Counts) {
        let dt = t - self.fleet_t;
        if dt > 0.0 {
            self.interval.worker_slots += counts.worker_slots as f64 * dt;
            self.interval.billed += counts.billed as f64 * dt;
            for (a, &n) in self.interval.billed_by_class.iter_mut().zip(&counts.billed_by_class) {
                *a += n as f64 * dt;
            }
            self.fleet_t = t;
        }
        self.peak_billed = self.peak_billed.max(counts.billed);
    }

    #[inline]
    pub fn arrived(&mut self) {
        self.interval.arrived += 1;
    }

    #[inline]
    pub fn dropped(&mut self) {
        self.interval.dropped += 1;
    }

    /// `n` requests were lost to a server failure.
    pub fn failed(&mut self, n: u64) {
        self.interval.failed += n;
    }

    /// A request finished after `latency` [s].
    #[inline]
    pub fn completed(&mut self, latency: f64) {
        self.interval.completed += 1;
        // Into the run's buckets at once, rather than the interval's moved over at its end.
        self.interval.latency.record_also_in(&mut self.total.latency, latency);
    }

    /// The interval so far, up to `t` (after `advance` and `advance_fleet` to `t`).
    pub fn interval_stats(&self, t: f64) -> IntervalStats {
        let s = &self.interval;
        let span = t - self.interval_start;
        let per_second = |x: f64| if span > 0.0 { x / span } else { 0.0 };
        let [p50_ms, p95_ms, p99_ms] = s.latency.quantiles_s([0.50, 0.95, 0.99]).map(|q| q * 1000.0);
        IntervalStats {
            arrival_rps: per_second(s.arrived as f64),
            utilization: s.utilization(),
            queue: per_second(s.queued),
            concurrency: per_second(s.busy + s.queued),
            p50_ms,
            p95_ms,
            p99_ms,
        }
    }

    /// Ends the interval at `t` (after `advance` and `advance_fleet` to `t`), with the users
    /// it saw and its `interval_stats` at `t`.
    pub fn close_interval(&mut self, t: f64, mean_users: f64, max_users: f64, fleet: Snapshot, st: IntervalStats) {
        // Servers are only added at ticks, so the most billed at once shows at a tick.
        self.peak_billed = self.peak_billed.max(fleet.ready + fleet.starting + fleet.draining);
        let s = &self.interval;
        let span = t - self.interval_start;
        self.rows.push(SeriesRow {
            t,
            users: mean_users,
            arrival_rps: st.arrival_rps,
            completed: s.completed,
            dropped: s.dropped,
            failed: s.failed,
            ready: fleet.ready,
            starting: fleet.starting,
            draining: fleet.draining,
            capacity_users: fleet.capacity_users,
            utilization: st.utilization,
            queue: st.queue,
            p50_ms: st.p50_ms,
            p95_ms: st.p95_ms,
            p99_ms: st.p99_ms,
            forecast_t: fleet.forecast.map(|f| f.0),
            forecast_users: fleet.forecast.map(|f| f.1),
        });
        self.users_area += mean_users * span;
        self.peak_users = self.peak_users.max(max_users);
        self.total.absorb(&mut self.interval);
        self.interval_start = t;
    }

    /// The run's summary and series, at its end; the objective's verdict is left for
    /// `verdict::judge` to fill once the report exists.
    pub fn finish(
        self,
        duration_s: f64,
        scaling_events: u32,
        in_flight: u64,
        cost_per_hour: [f64; MAX_CLASSES],
    ) -> (Summary, Vec<SeriesRow>) {
        let s = &self.total;
        let ms = |seconds: f64| seconds * 1000.0;
        let [p50, p95, p99] = s.latency.quantiles_s([0.50, 0.95, 0.99]).map(ms);
        let summary = Summary {
            arrived: s.arrived,
            completed: s.completed,
            dropped: s.dropped,
            failed: s.failed,
            in_flight,
            duration_s,
            throughput_rps: s.completed as f64 / duration_s,
            peak_users: self.peak_users,
            avg_users: self.users_area / duration_s,
            peak_servers: self.peak_billed,
            avg_servers: s.billed / duration_s,
            scaling_events,
            latency_ms: Latency { mean: ms(s.latency.mean_s()), p50, p95, p99, max: ms(s.latency.max_s()) },
            utilization: s.utilization(),
            server_seconds: s.billed,
            cost: s.billed_by_class.iter().zip(cost_per_hour).map(|(b, c)| b / 3600.0 * c).sum(),
            objective: Verdict::default(),
            elasticity: crate::elasticity::Elasticity::default(),
            stopped: None,
            engine: crate::engine::Engine::Exact,
        };
        (summary, self.rows)
    }
}
