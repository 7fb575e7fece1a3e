//! The simulation: runs a scenario's events in time order and produces its report.
//!
//! Traffic -> balancer -> servers, with the autoscaler and the metrics woken by a tick at
//! the end of every interval. Only simulated time exists here; nothing reads a clock.

use crate::autoscaler::{Autoscaler, Observation};
use crate::balancer::Balancer;
use crate::event::{EventKind, EventQueue};
use crate::metrics::{Counts, Metrics, Snapshot};
use crate::report::{Report, ScalingEvent, ScalingKind, ServerSummary};
use crate::rng::{Rng, Stream};
use crate::scenario::Scenario;
use crate::server::{Admission, Server, ServerState, Waiting};
use crate::service::ServiceTime;
use crate::traffic::{Arrivals, Traffic};

/// Runs `scenario`, which must be valid (see `Scenario::validate`), to its end.
pub fn run(scenario: &Scenario) -> Report {
    let mut sim = Simulation::new(scenario);
    sim.run();
    sim.into_report()
}

struct Simulation {
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
    /// Every server ever created, indexed by id.
    servers: Vec<Server>,
    /// Ids of ready servers, in the order they became ready.
    ready: Vec<u32>,
    counts: Counts,
    metrics: Metrics,
    events: Vec<ScalingEvent>,
    /// Ticks done so far, and the time of the last one [s].
    ticks: u64,
    last_tick_s: f64,
}

impl Simulation {
    fn new(s: &Scenario) -> Simulation {
        let traffic = Traffic::new(&s.traffic, s.duration_s, s.seed);
        let mut sim = Simulation {
            scenario: s.clone(),
            arrivals: Arrivals::new(traffic.clone()),
            traffic,
            arrival_rng: Rng::new(s.seed, Stream::Arrivals),
            service: ServiceTime::new(&s.service),
            service_rng: Rng::new(s.seed, Stream::Service),
            balancer: Balancer::new(&s.balancer, s.seed),
            user_rng: Rng::new(s.seed, Stream::Users),
            autoscaler: Autoscaler::new(&s.autoscaler),
            queue: EventQueue::default(),
            servers: Vec::new(),
            ready: Vec::new(),
            counts: Counts::default(),
            metrics: Metrics::default(),
            events: Vec::new(),
            ticks: 0,
            last_tick_s: 0.0,
        };
        for _ in 0..s.autoscaler.initial_servers {
            let id = sim.add_server(0.0, ServerState::Ready);
            sim.ready.push(id);
        }
        sim
    }

    fn run(&mut self) {
        let duration = self.scenario.duration_s;
        if let Some(t) = self.arrivals.next(&mut self.arrival_rng) {
            self.queue.schedule(t, EventKind::Arrival);
        }
        self.queue.schedule(self.tick_time(1), EventKind::Tick);
        while let Some((t, kind)) = self.queue.pop() {
            self.metrics.advance(t, &self.counts);
            match kind {
                EventKind::Arrival => self.arrive(t),
                EventKind::Completion { server, arrival } => self.complete(t, server, arrival),
                EventKind::ServerReady { server } => self.server_ready(t, server),
                EventKind::Tick => {
                    self.tick(t);
                    if t >= duration {
                        break;
                    }
                    self.queue.schedule(self.tick_time(self.ticks + 1), EventKind::Tick);
                }
            }
        }
    }

    fn arrive(&mut self, t: f64) {
        if let Some(next) = self.arrivals.next(&mut self.arrival_rng) {
            self.queue.schedule(next, EventKind::Arrival);
        }
        self.metrics.arrived();
        let request = Waiting { arrival: t, service: self.service.sample(&mut self.service_rng) };
        let user = if self.balancer.needs_user() {
            // A user among the u(t) connected now: users keep their ids as the crowd changes.
            let users = self.traffic.users_at(t).max(1.0) as usize;
            self.user_rng.below(users) as u64
        } else {
            0
        };
        let id = self.balancer.pick(t, user, &self.ready, &self.servers);
        let server = &mut self.servers[id as usize];
        server.routed += 1;
        match server.admit(request) {
            Admission::Started => {
                self.counts.busy += 1;
                self.queue.schedule(t + request.service, EventKind::Completion { server: id, arrival: t });
            }
            Admission::Queued => self.counts.queued += 1,
            Admission::Dropped => self.metrics.dropped(),
        }
    }

    fn complete(&mut self, t: f64, id: u32, arrival: f64) {
        self.metrics.completed(t - arrival);
        if self.balancer.needs_latency() {
            self.balancer.observe(t, id, t - arrival);
        }
        let server = &mut self.servers[id as usize];
        match server.finish() {
            Some(next) => {
                self.counts.queued -= 1;
                self.queue.schedule(t + next.service, EventKind::Completion { server: id, arrival: next.arrival });
            }
            None => {
                self.counts.busy -= 1;
                if server.state == ServerState::Draining && server.load() == 0 {
                    self.remove(id, t);
                }
            }
        }
    }

    fn server_ready(&mut self, t: f64, id: u32) {
        self.metrics.advance_fleet(t, &self.counts);
        let server = &mut self.servers[id as usize];
        // A server cancelled while starting is already gone.
        if server.state == ServerState::Starting {
            server.state = ServerState::Ready;
            self.counts.worker_slots += server.workers as u64;
            self.ready.push(id);
        }
    }

    /// Records the interval that ends at `t` and applies the autoscaler's decision.
    fn tick(&mut self, t: f64) {
        self.metrics.advance_fleet(t, &self.counts);
        let start = self.last_tick_s;
        self.ticks += 1;
        self.last_tick_s = t;
        let users = self.traffic.mean_users(start, t);
        let obs = self.observe(t, users);
        if let Some(decision) = self.autoscaler.decide(&obs) {
            let from = obs.ready + obs.starting;
            self.resize(t, from, decision.to);
            let kind = if decision.to > from { ScalingKind::Up } else { ScalingKind::Down };
            self.events.push(ScalingEvent { t, kind, from, to: decision.to, reason: decision.reason });
        }
        let snapshot = Snapshot {
            ready: self.ready.len() as u32,
            starting: self.count_state(ServerState::Starting),
            draining: self.count_state(ServerState::Draining),
            capacity_users: self.capacity_users(),
        };
        self.metrics.close_interval(t, users, self.traffic.max_users(start, t), snapshot);
    }

    /// What the autoscaler sees at the tick `t`; resets the per-server interval counts.
    fn observe(&mut self, t: f64, users: f64) -> Observation {
        let stats = self.metrics.interval_stats(t);
        let warm_from = t - self.scenario.autoscaler.warmup_s;
        let (mut warming, mut warming_ready, mut routed_warming, mut routed) = (0, 0, 0, 0);
        for s in self.servers.iter_mut().filter(|s| s.state != ServerState::Gone) {
            // The initial fleet (created at 0) was there before the run: never warming.
            let warm = s.created_s > 0.0 && s.created_s > warm_from && s.state != ServerState::Draining;
            warming += warm as u32;
            warming_ready += (warm && s.state == ServerState::Ready) as u32;
            routed_warming += if warm { s.routed } else { 0 };
            routed += s.routed;
            s.routed = 0;
        }
        Observation {
            t,
            users,
            arrival_rps: stats.arrival_rps,
            utilization: stats.utilization,
            queue: stats.queue,
            p95_ms: stats.p95_ms,
            ready: self.ready.len() as u32,
            starting: self.count_state(ServerState::Starting),
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
        let slots = self.ready.len() as f64 * self.scenario.service.workers as f64;
        if per_user > 0.0 {
            slots / per_user
        } else {
            0.0
        }
    }

    fn count_state(&self, state: ServerState) -> u32 {
        // Servers that are gone are skipped quickly; the fleet is small.
        self.servers.iter().filter(|s| s.state == state).count() as u32
    }

    /// Moves the desired fleet size from `from` to `to` servers.
    fn resize(&mut self, t: f64, from: u32, to: u32) {
        if to > from {
            let startup = self.scenario.service.startup_s;
            for _ in from..to {
                if startup > 0.0 {
                    let id = self.add_server(t, ServerState::Starting);
                    self.queue.schedule(t + startup, EventKind::ServerReady { server: id });
                } else {
                    let id = self.add_server(t, ServerState::Ready);
                    self.ready.push(id);
                }
            }
            return;
        }
        for _ in to..from {
            // Cancel the newest starting server first; it holds nothing.
            if let Some(id) = self.servers.iter().rposition(|s| s.state == ServerState::Starting) {
                self.metrics.advance_fleet(t, &self.counts);
                self.counts.billed -= 1;
                self.servers[id].state = ServerState::Gone;
                self.servers[id].gone_s = Some(t);
                continue;
            }
            // Otherwise drain the ready server holding least work (the newest on ties).
            let pos = (0..self.ready.len())
                .rev()
                .min_by_key(|&i| self.servers[self.ready[i] as usize].load())
                .expect("the fleet never scales in below one ready server");
            let id = self.ready.remove(pos);
            let server = &mut self.servers[id as usize];
            server.state = ServerState::Draining;
            if server.load() == 0 {
                self.remove(id, t);
            }
        }
    }

    fn add_server(&mut self, t: f64, state: ServerState) -> u32 {
        self.metrics.advance_fleet(t, &self.counts);
        let s = &self.scenario.service;
        let server = Server::new(state, s.workers, s.queue_limit, t);
        if state == ServerState::Ready {
            self.counts.worker_slots += server.workers as u64;
        }
        self.counts.billed += 1;
        self.servers.push(server);
        (self.servers.len() - 1) as u32
    }

    /// Removes a drained server from the fleet.
    fn remove(&mut self, id: u32, t: f64) {
        self.metrics.advance_fleet(t, &self.counts);
        let server = &mut self.servers[id as usize];
        server.state = ServerState::Gone;
        server.gone_s = Some(t);
        self.counts.worker_slots -= server.workers as u64;
        self.counts.billed -= 1;
    }

    fn into_report(self) -> Report {
        let s = &self.scenario;
        let in_flight = self.servers.iter().map(|sv| sv.load() as u64).sum();
        let (summary, series) =
            self.metrics.finish(s.duration_s, self.events.len() as u32, in_flight, s.service.cost_per_hour);
        let servers = self
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
        Report { scenario: self.scenario, summary, events: self.events, series, servers }
    }
}
