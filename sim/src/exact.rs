//! The exact engine: simulates every message, running a scenario's events in time order.
//!
//! Traffic -> balancer -> servers, with the autoscaler and the metrics woken by a tick at
//! the end of every interval, and crashes and health checks when the scenario has
//! failures. Only simulated time exists here; nothing reads a clock.

use crate::autoscaler::Observation;
use crate::balancer::Balancer;
use crate::event::{CrashCause, EventKind, EventQueue};
use crate::failures::FailuresConfig;
use crate::fleet::Fleet;
use crate::metrics::{IntervalStats, Metrics, Snapshot};
use crate::policy::Autoscaler;
use crate::report::{Report, ScalingEvent, ScalingKind, ServerSummary};
use crate::rng::{Rng, Stream};
use crate::scenario::Scenario;
use crate::server::{Admission, ServerState, Waiting};
use crate::service::ServiceTime;
use crate::traffic::{Arrivals, Traffic};

mod crashes;

/// Most requests the servers' queues may hold together; beyond it the run stops and says
/// so (16 bytes each: at most about 320 MB with the queues' spare capacity).
pub const MAX_BACKLOG: u64 = 10_000_000;

/// Most servers one run may create (each is kept, with its line in the report's server
/// list: about 200 bytes); beyond it the run stops and says so.
pub const MAX_SERVERS_CREATED: usize = 1_000_000;

/// A run in progress, advanced a slice of events at a time so that a caller (the page's
/// worker) can report progress and drop a run nobody wants any more between slices. The
/// slices change nothing: any slicing gives the report `run` gives.
pub struct Exact {
    scenario: Scenario,
    traffic: Traffic,
    arrivals: Arrivals,
    arrival_rng: Rng,
    service: ServiceTime,
    service_rng: Rng,
    balancer: Balancer,
    /// Which user sent each message, drawn only for strategies that need it.
    user_rng: Rng,
    autoscaler: Autoscaler,
    queue: EventQueue,
    fleet: Fleet,
    /// Crashes and health checks; `None` runs without either.
    failures: Option<FailuresConfig>,
    failure_rng: Rng,
    metrics: Metrics,
    events: Vec<ScalingEvent>,
    /// Why the run stopped early, if it did.
    stopped: Option<String>,
    /// Ticks done so far, and the time of the last one [s].
    ticks: u64,
    last_tick_s: f64,
    /// Simulated time of the latest event [s].
    now_s: f64,
    /// The run reached its end (or a limit).
    done: bool,
}

impl Exact {
    /// Starts `s`, which must be valid (see `Scenario::validate`).
    pub fn new(s: &Scenario) -> Exact {
        let traffic = Traffic::new(&s.traffic, s.duration_s, s.seed);
        let mut sim = Exact {
            scenario: s.clone(),
            arrivals: Arrivals::new(traffic.clone(), &s.traffic),
            traffic,
            arrival_rng: Rng::new(s.seed, Stream::Arrivals),
            service: ServiceTime::new(&s.service),
            service_rng: Rng::new(s.seed, Stream::Service),
            balancer: Balancer::new(&s.balancer, s.seed),
            user_rng: Rng::new(s.seed, Stream::Users),
            autoscaler: Autoscaler::new(&s.autoscaler, &s.service, s.traffic.msg_rate),
            queue: EventQueue::default(),
            fleet: Fleet::new(&s.service),
            failures: s.failures.clone(),
            failure_rng: Rng::new(s.seed, Stream::Failures),
            metrics: Metrics::default(),
            events: Vec::new(),
            stopped: None,
            ticks: 0,
            last_tick_s: 0.0,
            now_s: 0.0,
            done: false,
        };
        for _ in 0..s.autoscaler.initial_servers {
            // The initial fleet was there before the run: in rotation, healthy.
            let id = sim.fleet.add(&mut sim.metrics, 0.0, ServerState::Ready);
            sim.schedule_random_crash(0.0, id);
        }
        sim.schedule_first_events();
        sim
    }

    /// Simulated time reached so far [s], from 0 to the scenario's duration.
    pub fn now_s(&self) -> f64 {
        self.now_s
    }

    /// Whether the run is over; `into_report` gives its report.
    pub fn is_done(&self) -> bool {
        self.done
    }

    fn schedule_first_events(&mut self) {
        let duration = self.scenario.duration_s;
        if let Some(t) = self.arrivals.next(&mut self.arrival_rng) {
            self.queue.schedule(t, EventKind::Arrival);
        }
        self.queue.schedule(self.tick_time(1), EventKind::Tick);
        if let Some(f) = &self.failures {
            for c in f.sorted_crashes().into_iter().filter(|c| c.at_s <= duration) {
                self.queue.schedule(c.at_s, EventKind::Crash { server: c.server, cause: CrashCause::Scheduled });
            }
            if f.health_interval_s <= duration {
                self.queue.schedule(f.health_interval_s, EventKind::HealthCheck);
            }
        }
    }

    /// Handles at most `events` more events [events]; returns whether the run is over.
    pub fn advance(&mut self, events: u64) -> bool {
        let duration = self.scenario.duration_s;
        let mut left = events;
        while !self.done {
            if left == 0 {
                return false;
            }
            left -= 1;
            // The arrival, when it is the earliest event, is taken by its own test, so that
            // the branch that found it also picks its handler (one hard-to-predict branch
            // per event instead of that and a jump on the event's kind).
            if let Some(t) = self.queue.pop_arrival() {
                if self.begin(t) {
                    self.arrive(t);
                }
                continue;
            }
            let Some((t, kind)) = self.queue.pop() else {
                self.done = true;
                break;
            };
            if !self.begin(t) {
                break;
            }
            match kind {
                EventKind::Arrival => self.arrive(t),
                EventKind::Completion { server, arrival } => self.complete(t, server, arrival),
                EventKind::ServerReady { server } => self.server_running(t, server, ServerState::Starting),
                EventKind::Tick => {
                    self.tick(t);
                    if t >= duration {
                        self.done = true;
                        break;
                    }
                    self.queue.schedule(self.tick_time(self.ticks + 1), EventKind::Tick);
                }
                EventKind::Crash { server, cause } => self.crash(t, server, cause),
                EventKind::HealthCheck => self.health_check(t),
            }
        }
        true
    }

    /// Moves the clock to the event at `t` and integrates the metrics up to it; at a memory
    /// limit, ends the run there instead and returns false.
    #[inline(always)]
    fn begin(&mut self, t: f64) -> bool {
        self.now_s = t;
        // One branch for both limits (`|`, not `||`): neither is ever near on most runs.
        if (self.fleet.counts().queued >= MAX_BACKLOG) | (self.fleet.servers.len() >= MAX_SERVERS_CREATED) {
            self.stopped = Some(self.limit_reached(t));
            // The interval so far is recorded, so that every count adds up.
            self.metrics.advance(t, self.fleet.counts());
            self.tick(t);
            self.done = true;
            return false;
        }
        self.metrics.advance(t, self.fleet.counts());
        true
    }

    /// Tells the balancer the load of server `id`, if it keeps track.
    fn load_changed(&mut self, id: u32) {
        if self.balancer.needs_loads() {
            self.balancer.load_changed(id, self.fleet.servers[id as usize].load());
        }
    }

    /// Why the run must stop at `t`, once a memory limit is reached.
    #[cold]
    fn limit_reached(&self, t: f64) -> String {
        if self.fleet.counts().queued >= MAX_BACKLOG {
            format!(
                "the run stopped at t = {t:.1} s: {MAX_BACKLOG} requests were waiting, the most the queues may hold; set service.queue_limit or add capacity"
            )
        } else {
            format!(
                "the run stopped at t = {t:.1} s: {MAX_SERVERS_CREATED} servers were created, the most one run may; lengthen the cooldown or shorten the run"
            )
        }
    }

    #[inline(always)]
    fn arrive(&mut self, t: f64) {
        if let Some(next) = self.arrivals.next(&mut self.arrival_rng) {
            self.queue.schedule(next, EventKind::Arrival);
        }
        self.metrics.arrived();
        let service = self.service.sample(&mut self.service_rng);
        let user = if self.balancer.needs_user() {
            // A user among the u(t) connected now: users keep their ids as the crowd changes.
            let users = self.traffic.users_at(t).max(1.0) as usize;
            self.user_rng.below(users) as u64
        } else {
            0
        };
        if self.fleet.rotation.is_empty() {
            if self.autoscaler.holds_requests() {
                self.hold(t, Waiting { arrival: t, service }, user);
            } else {
                // Every server in rotation failed and none has replaced them yet.
                self.metrics.failed(1);
            }
            return;
        }
        self.route(t, user, Waiting { arrival: t, service });
    }

    /// The activator holds a request that found no server, and wakes the autoscaler.
    fn hold(&mut self, t: f64, request: Waiting, user: u64) {
        self.fleet.hold(request, user);
        let from = self.fleet.in_rotation() + self.fleet.pending();
        if let Some(decision) = self.autoscaler.on_request_held(t, from) {
            self.resize(t, from, decision.to);
            self.events.push(ScalingEvent { t, kind: ScalingKind::Up, from, to: decision.to, reason: decision.reason });
        }
    }

    /// A server may have joined the rotation at `t`: the activator's requests go to the balancer.
    fn rotation_joined(&mut self, t: f64) {
        if self.fleet.holds() && !self.fleet.rotation.is_empty() {
            for (request, user) in self.fleet.release_held() {
                self.route(t, user, request);
            }
        }
    }

    /// Sends `request` (its service time at standard speed) to the server the balancer picks.
    #[inline(always)]
    fn route(&mut self, t: f64, user: u64, request: Waiting) {
        let f = &self.fleet;
        let id = self.balancer.pick(t, user, &f.rotation, f.rotation_version(), &f.servers);
        let server = &mut self.fleet.servers[id as usize];
        server.routed += 1;
        if server.state == ServerState::Crashed {
            self.metrics.failed(1);
            return;
        }
        // x / 1.0 is x: a standard server (the common case) skips a slow division.
        let speed = server.speed;
        let service = if speed == 1.0 { request.service } else { request.service / speed };
        let request = Waiting { arrival: request.arrival, service };
        let admission = self.fleet.admit(id, request);
        self.load_changed(id);
        match admission {
            Admission::Started => {
                self.queue
                    .schedule(t + request.service, EventKind::Completion { server: id, arrival: request.arrival });
            }
            Admission::Queued => {}
            Admission::Dropped => self.metrics.dropped(),
        }
    }

    fn complete(&mut self, t: f64, id: u32, arrival: f64) {
        if self.fleet.servers[id as usize].crashed_s.is_some() {
            // The crash already counted this request as failed.
            return;
        }
        let next = self.fleet.finish(&mut self.metrics, t, id);
        self.load_changed(id);
        if let Some(next) = next {
            self.queue.schedule(t + next.service, EventKind::Completion { server: id, arrival: next.arrival });
        }
        self.metrics.completed(t - arrival);
        if self.balancer.needs_latency() {
            self.balancer.observe(t, id, t - arrival);
        }
    }

    /// Server `id`, in state `from`, has started: it takes requests at once, or after its
    /// health checks when the scenario has them.
    fn server_running(&mut self, t: f64, id: u32, from: ServerState) {
        // A server cancelled while starting is already gone.
        if self.fleet.servers[id as usize].state != from {
            return;
        }
        let checking = self.failures.as_ref().is_some_and(|f| f.healthy_after > 0);
        let state = if checking { ServerState::Checking } else { ServerState::Ready };
        self.fleet.set_state(&mut self.metrics, t, id, state);
        self.schedule_random_crash(t, id);
        self.rotation_joined(t);
    }

    /// Records the interval that ends at `t` and applies the autoscaler's decision.
    fn tick(&mut self, t: f64) {
        self.metrics.advance_fleet(t, self.fleet.counts());
        let start = self.last_tick_s;
        self.ticks += 1;
        self.last_tick_s = t;
        let users = self.traffic.mean_users(start, t);
        // Nothing the decision does at t changes the interval's figures: read them once.
        let stats = self.metrics.interval_stats(t);
        let obs = self.observe(t, users, &stats);
        if let Some(decision) = self.autoscaler.decide(&obs) {
            let from = obs.current();
            self.resize(t, from, decision.to);
            let kind = if decision.to > from { ScalingKind::Up } else { ScalingKind::Down };
            self.events.push(ScalingEvent { t, kind, from, to: decision.to, reason: decision.reason });
        }
        let f = &self.fleet;
        let snapshot = Snapshot {
            ready: f.in_rotation(),
            starting: f.pending(),
            draining: f.count(ServerState::Draining),
            capacity_users: self.capacity_users(),
            forecast: self.autoscaler.forecast(),
        };
        self.metrics.close_interval(t, users, self.traffic.max_users(start, t), snapshot, stats);
    }

    /// What the autoscaler sees at the tick `t`; resets the per-server interval counts.
    fn observe(&mut self, t: f64, users: f64, stats: &IntervalStats) -> Observation {
        let warm_from = t - self.scenario.autoscaler.step_scaling.warmup_s;
        let (mut warming, mut warming_ready, mut routed_warming, mut routed) = (0, 0, 0, 0);
        self.fleet.for_each_live(|s| {
            // The initial fleet (created at 0) was there before the run: never warming.
            let warm = s.created_s > 0.0 && s.created_s > warm_from && s.state != ServerState::Draining;
            warming += warm as u32;
            warming_ready += (warm && s.state == ServerState::Ready) as u32;
            routed_warming += if warm { s.routed } else { 0 };
            routed += s.routed;
            s.routed = 0;
        });
        Observation {
            t,
            users,
            arrival_rps: stats.arrival_rps,
            utilization: stats.utilization,
            queue: stats.queue,
            concurrency: stats.concurrency,
            p95_ms: stats.p95_ms,
            ready: self.fleet.in_rotation(),
            starting: self.fleet.pending(),
            warming,
            warming_ready,
            warming_share: if routed > 0 { routed_warming as f64 / routed as f64 } else { 0.0 },
        }
    }

    /// Time of tick `k`: a multiple of the interval (no accumulated rounding), or the run's end.
    fn tick_time(&self, k: u64) -> f64 {
        (k as f64 * self.scenario.autoscaler.interval_s).min(self.scenario.duration_s)
    }

    /// Users the ready servers carry at full utilisation [users].
    fn capacity_users(&self) -> f64 {
        let per_user = self.scenario.traffic.msg_rate * self.service.mean_s();
        if per_user > 0.0 {
            self.fleet.ready_capacity() / per_user
        } else {
            0.0
        }
    }

    /// Moves the desired fleet size from `from` to `to` servers.
    fn resize(&mut self, t: f64, from: u32, to: u32) {
        if to < from {
            self.fleet.shrink(&mut self.metrics, t, from - to);
        }
        for _ in from..to {
            self.start_server(t);
        }
    }

    /// Starts a new server at `t`; returns its id.
    fn start_server(&mut self, t: f64) -> u32 {
        let startup = self.scenario.service.startup_s;
        let id = self.fleet.add(&mut self.metrics, t, ServerState::Starting);
        if startup > 0.0 {
            self.queue.schedule(t + startup, EventKind::ServerReady { server: id });
        } else {
            self.server_running(t, id, ServerState::Starting);
        }
        id
    }

    /// The report of the run so far; complete once `advance` has returned true.
    pub fn into_report(self) -> Report {
        let s = &self.scenario;
        let cost = s.service.class_costs();
        let changes = self.events.iter().filter(|e| matches!(e.kind, ScalingKind::Up | ScalingKind::Down)).count();
        let (summary, series) = self.metrics.finish(s.duration_s, changes as u32, self.fleet.in_flight(), cost);
        let servers = self
            .fleet
            .servers
            .iter()
            .enumerate()
            .map(|(id, sv)| ServerSummary {
                id: id as u32,
                served: sv.served,
                created_s: sv.created_s,
                gone_s: sv.gone_s,
            })
            .collect();
        let mut report = Report { scenario: self.scenario, summary, events: self.events, series, servers };
        report.summary.stopped = self.stopped;
        report.summary.objective = crate::verdict::judge(&report);
        report.summary.elasticity = crate::elasticity::of_run(&report.scenario, &report.series);
        report
    }
}
