//! The fleet: every server ever created, which of them are in rotation, and the counts the
//! metrics integrate. Only the fleet changes those counts: server states through one
//! state-change function, requests through `admit`, `finish` and `crash`.

use std::collections::VecDeque;

use crate::metrics::{Counts, Metrics};
use crate::server::{Admission, Server, ServerState, Waiting};
use crate::service::ServiceConfig;

#[derive(Clone, Debug)]
pub struct Fleet {
    /// Every server ever created, indexed by id.
    pub servers: Vec<Server>,
    /// Ids of the servers the balancer picks from: ready, or crashed and not yet noticed
    /// by health checks; in the order they joined.
    pub rotation: Vec<u32>,
    /// Changes whenever the rotation does, so that balancers rebuild what they derive from it.
    rotation_version: u64,
    /// Ids of the servers not gone, in id order: the working set that ticks, health checks
    /// and scale-in visit (a long run creates many servers that are long gone).
    live: Vec<u32>,
    /// Servers decided but not yet taking requests (see `pending`).
    pending: u32,
    /// What the metrics integrate; changed here only.
    counts: Counts,
    workers: u32,
    queue_limit: Option<u32>,
    /// Speeds of the server classes; empty when every server is standard.
    speeds: Vec<f64>,
    /// Requests the activator holds while no server is in rotation, with their users
    /// (Knative); counted as waiting.
    held: VecDeque<(Waiting, u64)>,
}

impl Fleet {
    pub fn new(service: &ServiceConfig) -> Fleet {
        Fleet {
            servers: Vec::new(),
            rotation: Vec::new(),
            rotation_version: 0,
            live: Vec::new(),
            pending: 0,
            counts: Counts::default(),
            workers: service.workers,
            queue_limit: service.queue_limit,
            speeds: service.classes.iter().map(|c| c.speed).collect(),
            held: VecDeque::new(),
        }
    }

    /// Creates a server in `state` at `t` [s] and returns its id; classes go in turn by id.
    pub fn add(&mut self, metrics: &mut Metrics, t: f64, state: ServerState) -> u32 {
        let id = self.servers.len() as u32;
        let mut server = Server::new(ServerState::Gone, self.workers, self.queue_limit, t);
        if !self.speeds.is_empty() {
            server.class = id as usize % self.speeds.len();
            server.speed = self.speeds[server.class];
        }
        self.servers.push(server);
        self.live.push(id);
        self.set_state(metrics, t, id, state);
        id
    }

    /// Moves server `id` to `state` at `t` [s], keeping the counts and the rotation right.
    pub fn set_state(&mut self, metrics: &mut Metrics, t: f64, id: u32, state: ServerState) {
        metrics.advance_fleet(t, &self.counts);
        let was_pending = self.is_pending(id as usize);
        let server = &mut self.servers[id as usize];
        let old = server.state;
        let c = &mut self.counts;
        if old.billed() != state.billed() {
            let sign = if state.billed() { 1 } else { u32::MAX };
            c.billed = c.billed.wrapping_add(sign);
            c.billed_by_class[server.class] = c.billed_by_class[server.class].wrapping_add(sign);
        }
        if old.serving() && !state.serving() {
            c.worker_slots -= server.workers as u64;
        } else if !old.serving() && state.serving() {
            c.worker_slots += server.workers as u64;
        }
        server.state = state;
        match state {
            ServerState::Gone => {
                server.gone_s = Some(t);
                // A gone server holds nothing: its queue's storage is given back.
                server.queue = Default::default();
            }
            ServerState::Crashed => server.crashed_s = Some(t),
            _ => {}
        }
        // Records the peak of billed servers with the new counts (no time passes).
        metrics.advance_fleet(t, &self.counts);
        // A crashed server stays in rotation until health checks notice.
        let server = &mut self.servers[id as usize];
        let keep = match state {
            ServerState::Ready => true,
            ServerState::Crashed => server.in_rotation,
            _ => false,
        };
        if keep && !server.in_rotation {
            self.rotation.push(id);
            self.rotation_version += 1;
        } else if !keep && server.in_rotation {
            if let Some(pos) = self.rotation.iter().position(|&r| r == id) {
                self.rotation.remove(pos);
                self.rotation_version += 1;
            }
        }
        server.in_rotation = keep;
        let now_pending = self.is_pending(id as usize);
        self.pending = self.pending + now_pending as u32 - was_pending as u32;
        if state == ServerState::Gone && old != ServerState::Gone {
            if let Ok(pos) = self.live.binary_search(&id) {
                self.live.remove(pos);
            }
        }
    }

    /// A number that changes whenever the rotation does.
    pub fn rotation_version(&self) -> u64 {
        self.rotation_version
    }

    /// Ids of the servers not gone, in id order.
    pub fn live(&self) -> &[u32] {
        &self.live
    }

    /// Calls `f` on every server not gone, in id order.
    pub fn for_each_live(&mut self, mut f: impl FnMut(&mut Server)) {
        for &id in &self.live {
            f(&mut self.servers[id as usize]);
        }
    }

    /// How many servers are in `state`.
    pub fn count(&self, state: ServerState) -> u32 {
        self.live.iter().filter(|&&id| self.servers[id as usize].state == state).count() as u32
    }

    /// Servers decided but not yet taking requests: starting, checking, or crashed while
    /// checking (nobody knows yet).
    pub fn pending(&self) -> u32 {
        self.pending
    }

    fn is_pending(&self, id: usize) -> bool {
        match self.servers[id].state {
            ServerState::Starting | ServerState::Checking => true,
            ServerState::Crashed => !self.servers[id].in_rotation,
            _ => false,
        }
    }

    /// What the metrics integrate: requests held, worker slots, servers billed.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// Servers in rotation (ready, or crashed and not yet noticed).
    pub fn in_rotation(&self) -> u32 {
        self.rotation.len() as u32
    }

    /// Server `id` takes `request`: starts it, queues it or drops it.
    pub fn admit(&mut self, id: u32, request: Waiting) -> Admission {
        let admission = self.servers[id as usize].admit(request);
        match admission {
            Admission::Started => self.counts.busy += 1,
            Admission::Queued => self.counts.queued += 1,
            Admission::Dropped => {}
        }
        admission
    }

    /// The activator holds `request` from `user` until a server is in rotation.
    pub fn hold(&mut self, request: Waiting, user: u64) {
        self.held.push_back((request, user));
        self.counts.queued += 1;
    }

    /// Whether the activator holds requests.
    pub fn holds(&self) -> bool {
        !self.held.is_empty()
    }

    /// Hands every held request back, oldest first, to be routed.
    pub fn release_held(&mut self) -> VecDeque<(Waiting, u64)> {
        self.counts.queued -= self.held.len() as u64;
        std::mem::take(&mut self.held)
    }

    /// Server `id` finished a request at `t` [s]: returns the next one it starts, if any.
    /// A draining server that is left empty is gone.
    pub fn finish(&mut self, metrics: &mut Metrics, t: f64, id: u32) -> Option<Waiting> {
        let server = &mut self.servers[id as usize];
        let next = server.finish();
        if next.is_some() {
            self.counts.queued -= 1;
        } else {
            self.counts.busy -= 1;
            if server.state == ServerState::Draining && server.load() == 0 {
                self.set_state(metrics, t, id, ServerState::Gone);
            }
        }
        next
    }

    /// Worker slots of the ready servers, weighted by speed [standard slots].
    pub fn ready_capacity(&self) -> f64 {
        self.rotation
            .iter()
            .map(|&id| &self.servers[id as usize])
            .filter(|s| s.state == ServerState::Ready)
            .map(|s| s.workers as f64 * s.speed)
            .sum()
    }

    /// Takes `n` servers out: the newest starting or checking first (they hold nothing),
    /// then the ready server holding least work (the newest on ties), which drains first.
    pub fn shrink(&mut self, metrics: &mut Metrics, t: f64, n: u32) {
        for _ in 0..n {
            let pending = self.live.iter().rev().copied().find(|&id| self.is_pending(id as usize));
            if let Some(id) = pending {
                self.set_state(metrics, t, id, ServerState::Gone);
                continue;
            }
            let Some(pos) =
                (0..self.rotation.len()).rev().min_by_key(|&i| self.servers[self.rotation[i] as usize].load())
            else {
                return;
            };
            let id = self.rotation[pos];
            let next = if self.servers[id as usize].load() == 0 { ServerState::Gone } else { ServerState::Draining };
            self.set_state(metrics, t, id, next);
        }
    }

    /// Crashes server `id` at `t` [s] if it is running; returns the requests it held
    /// (now lost), or `None` if it was not running.
    pub fn crash(&mut self, metrics: &mut Metrics, t: f64, id: u32) -> Option<u64> {
        let server = self.servers.get(id as usize)?;
        let next = match server.state {
            ServerState::Ready | ServerState::Checking => ServerState::Crashed,
            // Already out of rotation: nothing will look for it.
            ServerState::Draining => ServerState::Gone,
            _ => return None,
        };
        let server = &mut self.servers[id as usize];
        let (busy, queued) = (server.busy as u64, server.queue.len() as u64);
        server.busy = 0;
        server.queue.clear();
        server.checks = 0;
        self.counts.busy -= busy;
        self.counts.queued -= queued;
        self.set_state(metrics, t, id, next);
        self.servers[id as usize].crashed_s = Some(t);
        Some(busy + queued)
    }

    /// Requests held by every server (in service plus queued) and by the activator.
    pub fn in_flight(&self) -> u64 {
        self.live.iter().map(|&id| self.servers[id as usize].load() as u64).sum::<u64>() + self.held.len() as u64
    }
}
