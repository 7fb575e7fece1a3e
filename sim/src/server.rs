//! A server: worker slots, a bounded FIFO queue, and its life from starting to gone.

use std::collections::VecDeque;

/// Where a server is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerState {
    /// Decided, not yet taking requests.
    Starting,
    /// Running, waiting to pass its health checks before it takes requests.
    Checking,
    /// Taking requests from the balancer.
    Ready,
    /// Taking no new requests; finishing what it holds before it goes.
    Draining,
    /// Crashed: holds nothing, refuses requests, and stays in rotation until health checks
    /// notice.
    Crashed,
    /// Removed from the fleet.
    Gone,
}

impl ServerState {
    /// Whether the server is billed in this state.
    pub fn billed(self) -> bool {
        !matches!(self, ServerState::Gone)
    }

    /// Whether its worker slots count as capacity (for utilisation).
    pub fn serving(self) -> bool {
        matches!(self, ServerState::Ready | ServerState::Draining)
    }
}

/// A request waiting in a queue.
#[derive(Clone, Copy, Debug)]
pub struct Waiting {
    /// Arrival time at the balancer [s].
    pub arrival: f64,
    /// Service time it will need [s].
    pub service: f64,
}

/// What the balancer did with a request it sent here.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Admission {
    /// A worker was free: the request is in service.
    Started,
    /// All workers busy: the request waits.
    Queued,
    /// The queue is full: the request is lost.
    Dropped,
}

#[derive(Clone, Debug)]
pub struct Server {
    pub state: ServerState,
    /// Worker slots [requests].
    pub workers: u32,
    /// Index of the server's class in `service.classes` (0 when there are none).
    pub class: usize,
    /// Speed relative to a standard server: service times are divided by it [-].
    pub speed: f64,
    /// Requests in service now.
    pub busy: u32,
    pub queue: VecDeque<Waiting>,
    /// Largest queue length; `None` is unbounded.
    pub queue_limit: Option<u32>,
    /// Requests this server has completed.
    pub served: u64,
    /// Requests the balancer sent here in the current interval.
    pub routed: u64,
    /// When the server was decided [s].
    pub created_s: f64,
    /// When the server was removed [s].
    pub gone_s: Option<f64>,
    /// When it crashed [s], if it did.
    pub crashed_s: Option<f64>,
    /// Consecutive health checks passed (checking) or failed (crashed).
    pub checks: u32,
    /// Whether the balancer may pick it (ready, or crashed and not yet noticed).
    pub in_rotation: bool,
}

impl Server {
    pub fn new(state: ServerState, workers: u32, queue_limit: Option<u32>, created_s: f64) -> Server {
        Server {
            state,
            workers,
            class: 0,
            speed: 1.0,
            busy: 0,
            queue: VecDeque::new(),
            queue_limit,
            served: 0,
            routed: 0,
            created_s,
            gone_s: None,
            crashed_s: None,
            checks: 0,
            in_rotation: false,
        }
    }

    /// Requests held: in service plus queued.
    #[inline]
    pub fn load(&self) -> usize {
        self.busy as usize + self.queue.len()
    }

    /// Accepts a request into service or the queue, or drops it.
    #[inline]
    pub fn admit(&mut self, request: Waiting) -> Admission {
        if self.busy < self.workers {
            self.busy += 1;
            Admission::Started
        } else if self.queue_limit.is_none_or(|limit| self.queue.len() < limit as usize) {
            self.queue.push_back(request);
            Admission::Queued
        } else {
            Admission::Dropped
        }
    }

    /// Frees the worker of a finished request and returns the next waiting request, which
    /// takes that worker at once.
    #[inline]
    pub fn finish(&mut self) -> Option<Waiting> {
        self.served += 1;
        match self.queue.pop_front() {
            Some(next) => Some(next),
            None => {
                self.busy -= 1;
                None
            }
        }
    }
}
