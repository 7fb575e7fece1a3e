//! The load balancer: picks the ready server for each request, one file per strategy.

mod consistent_hash;
mod latency;

use crate::rng::{Rng, Stream};
use crate::scenario::{BalancerConfig, Strategy};
use crate::server::Server;

pub use consistent_hash::Ring;
pub use latency::Latencies;

#[derive(Clone, Debug)]
pub struct Balancer {
    strategy: Strategy,
    /// Round-robin position in the ready list.
    cursor: usize,
    rng: Rng,
    ring: Ring,
    latencies: Latencies,
    /// Smooth weighted round robin's current weight of each server, by id.
    current: Vec<f64>,
}

impl Balancer {
    pub fn new(config: &BalancerConfig, seed: u64) -> Balancer {
        Balancer {
            strategy: config.strategy,
            cursor: 0,
            rng: Rng::new(seed, Stream::Balancer),
            ring: Ring::new(config.virtual_nodes),
            latencies: Latencies::new(config.ewma_tau_s),
            current: Vec::new(),
        }
    }

    /// Whether `pick` needs the request's user (so the caller draws one).
    pub fn needs_user(&self) -> bool {
        self.strategy == Strategy::ConsistentHash
    }

    /// Whether `observe` should be told each request's latency.
    pub fn needs_latency(&self) -> bool {
        matches!(self.strategy, Strategy::LeastResponseTime | Strategy::PeakEwma)
    }

    /// The id of the server for the next request at time `t` [s] from user `user`, among
    /// the non-empty list `ready` of ready server ids (in the order they became ready).
    #[inline]
    pub fn pick(&mut self, t: f64, user: u64, ready: &[u32], servers: &[Server]) -> u32 {
        let load = |id: u32| servers[id as usize].load();
        match self.strategy {
            Strategy::RoundRobin => {
                if self.cursor >= ready.len() {
                    self.cursor = 0;
                }
                let id = ready[self.cursor];
                self.cursor += 1;
                id
            }
            Strategy::Random => ready[self.rng.below(ready.len())],
            // Ties go to the server earliest in the ready list.
            Strategy::LeastConnections => *ready.iter().min_by_key(|&&id| load(id)).expect("ready is not empty"),
            Strategy::PowerOfTwoChoices => {
                let (a, b) = self.two(ready);
                if load(b) < load(a) {
                    b
                } else {
                    a
                }
            }
            Strategy::ConsistentHash => self.ring.pick(user, ready),
            Strategy::LeastResponseTime => self.latencies.pick_weighted(ready, &mut self.rng),
            Strategy::WeightedRoundRobin => self.smooth_weighted(ready, servers),
            Strategy::PeakEwma => {
                let (a, b) = self.two(ready);
                let cost = |id: u32| self.latencies.peak_cost(t, id, load(id));
                if cost(b) < cost(a) {
                    b
                } else {
                    a
                }
            }
        }
    }

    /// nginx's smooth weighted round robin: every server gains its weight, the highest
    /// (earliest on ties) is picked and loses the total. Over any run of picks each server
    /// gets its share of weight, spread out rather than in bursts.
    fn smooth_weighted(&mut self, ready: &[u32], servers: &[Server]) -> u32 {
        let (mut best, mut best_weight, mut total) = (ready[0], f64::NEG_INFINITY, 0.0);
        for &id in ready {
            let i = id as usize;
            if self.current.len() <= i {
                self.current.resize(i + 1, 0.0);
            }
            let w = servers[i].speed;
            self.current[i] += w;
            total += w;
            if self.current[i] > best_weight {
                (best, best_weight) = (id, self.current[i]);
            }
        }
        self.current[best as usize] -= total;
        best
    }

    /// Two distinct ready servers at random (the same one twice if only one is ready).
    fn two(&mut self, ready: &[u32]) -> (u32, u32) {
        let n = ready.len();
        if n == 1 {
            return (ready[0], ready[0]);
        }
        let i = self.rng.below(n);
        let j = (i + 1 + self.rng.below(n - 1)) % n;
        (ready[i], ready[j])
    }

    /// A request to `server` completed after `latency` [s] at time `t` [s].
    #[inline]
    pub fn observe(&mut self, t: f64, server: u32, latency: f64) {
        self.latencies.observe(t, server, latency);
    }
}

#[cfg(test)]
mod tests;
