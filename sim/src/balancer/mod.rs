//! The balancer section and its strategies: picks the server in rotation for each request.
//!
//! Each strategy keeps its own state (a variant of `Picker`); the small ones are here, the
//! others in a file each. A new strategy is a variant of [`Strategy`], its state and its
//! arms below (and a file if it has more than a few lines).

mod consistent_hash;
mod latency;
mod least;
mod weighted;

use serde::{Deserialize, Serialize};

use crate::error::{range, ScenarioError};
use crate::rng::{Rng, Stream};
use crate::server::Server;

pub use consistent_hash::Ring;
pub use latency::Latencies;

crate::choices! {
    /// How the balancer picks a server for each request.
    pub enum Strategy {
        RoundRobin = ("round_robin", "round robin", "each server in rotation in turn."),
        Random = ("random", "random", "a server in rotation at random."),
        /// Fewest requests in service plus queued.
        LeastConnections = ("least_connections", "least connections", "the server holding fewest requests (in service plus queued)."),
        /// Two servers at random, the one holding fewer requests.
        PowerOfTwoChoices = ("power_of_two_choices", "power of two choices", "two servers at random, the one holding fewer requests."),
        /// Sticky sessions: a user's messages go to the server its id hashes to on a ring.
        ConsistentHash = ("consistent_hash", "consistent hash (sticky)", "a user's messages stick to the server its id hashes to on a ring."),
        /// Weighted random with the seed's dynamic weights base * (1 - rtt / rtt_max).
        LeastResponseTime = ("least_response_time", "least response time", "weighted random choice, weights 1 - rtt / rtt_max from each server's average response time."),
        /// Two at random, the lower peak-EWMA latency x (outstanding + 1), as Finagle and Linkerd.
        PeakEwma = ("peak_ewma", "peak EWMA", "two servers at random, the lower peak-EWMA latency x (outstanding + 1), as Finagle and Linkerd."),
        /// Smooth weighted round robin (as nginx), weighted by each server's class `speed`.
        WeightedRoundRobin = ("weighted_round_robin", "weighted round robin", "in turn, each server as often as its class's speed (nginx's smooth weighted round robin)."),
    }
}

/// The scenario's `balancer` section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BalancerConfig {
    pub strategy: Strategy,
    /// Virtual nodes per server on the hash ring (consistent_hash).
    pub virtual_nodes: u32,
    /// Time constant of the latency averages (least_response_time, peak_ewma) [s].
    pub ewma_tau_s: f64,
}

impl Default for BalancerConfig {
    fn default() -> Self {
        BalancerConfig { strategy: Strategy::RoundRobin, virtual_nodes: 100, ewma_tau_s: 10.0 }
    }
}

impl BalancerConfig {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range("balancer.virtual_nodes", self.virtual_nodes as f64, 1.0, 10_000.0)?;
        range("balancer.ewma_tau_s", self.ewma_tau_s, 0.001, 86_400.0)
    }
}

/// Each strategy's state.
#[derive(Clone, Debug)]
enum Picker {
    /// Position in the rotation.
    RoundRobin(usize),
    Random(Rng),
    LeastConnections(least::Least),
    PowerOfTwoChoices(Rng),
    ConsistentHash(Ring),
    LeastResponseTime(Latencies, Rng),
    PeakEwma(Latencies, Rng),
    WeightedRoundRobin(weighted::Smooth),
}

#[derive(Clone, Debug)]
pub struct Balancer {
    picker: Picker,
    /// What `pick` needs told, known from the strategy once (read for every request).
    needs_user: bool,
    needs_latency: bool,
    needs_loads: bool,
}

impl Balancer {
    pub fn new(config: &BalancerConfig, seed: u64) -> Balancer {
        let rng = || Rng::new(seed, Stream::Balancer);
        let latencies = || Latencies::new(config.ewma_tau_s);
        let picker = match config.strategy {
            Strategy::RoundRobin => Picker::RoundRobin(0),
            Strategy::Random => Picker::Random(rng()),
            Strategy::LeastConnections => Picker::LeastConnections(least::Least::default()),
            Strategy::PowerOfTwoChoices => Picker::PowerOfTwoChoices(rng()),
            Strategy::ConsistentHash => Picker::ConsistentHash(Ring::new(config.virtual_nodes)),
            Strategy::LeastResponseTime => Picker::LeastResponseTime(latencies(), rng()),
            Strategy::PeakEwma => Picker::PeakEwma(latencies(), rng()),
            Strategy::WeightedRoundRobin => Picker::WeightedRoundRobin(weighted::Smooth::default()),
        };
        Balancer {
            needs_user: matches!(picker, Picker::ConsistentHash(_)),
            needs_latency: matches!(picker, Picker::LeastResponseTime(..) | Picker::PeakEwma(..)),
            needs_loads: matches!(picker, Picker::LeastConnections(_)),
            picker,
        }
    }

    /// Whether `pick` needs the request's user (so the caller draws one).
    #[inline(always)]
    pub fn needs_user(&self) -> bool {
        self.needs_user
    }

    /// Whether `observe` should be told each request's latency.
    #[inline(always)]
    pub fn needs_latency(&self) -> bool {
        self.needs_latency
    }

    /// Whether `load_changed` should be told of every change of a server's load.
    #[inline(always)]
    pub fn needs_loads(&self) -> bool {
        self.needs_loads
    }

    /// Server `id` now holds `load` requests (in service plus queued).
    #[inline]
    pub fn load_changed(&mut self, id: u32, load: usize) {
        if let Picker::LeastConnections(least) = &mut self.picker {
            least.load_changed(id, load);
        }
    }

    /// The id of the server for the next request at time `t` [s] from user `user`, among
    /// the non-empty `rotation` of server ids (in the order they joined it); `version`
    /// changes whenever the rotation does.
    #[inline(always)]
    pub fn pick(&mut self, t: f64, user: u64, rotation: &[u32], version: u64, servers: &[Server]) -> u32 {
        // The cheapest and most common strategies are inlined into the engine's loop.
        match &mut self.picker {
            Picker::RoundRobin(cursor) => {
                if *cursor >= rotation.len() {
                    *cursor = 0;
                }
                let id = rotation[*cursor];
                *cursor += 1;
                id
            }
            Picker::Random(rng) => rotation[rng.below(rotation.len())],
            _ => self.pick_other(t, user, rotation, version, servers),
        }
    }

    /// `pick` for the strategies that keep more state.
    #[inline(never)]
    fn pick_other(&mut self, t: f64, user: u64, rotation: &[u32], version: u64, servers: &[Server]) -> u32 {
        let load = |id: u32| servers[id as usize].load();
        match &mut self.picker {
            Picker::RoundRobin(_) | Picker::Random(_) => unreachable!("picked inline"),
            // Ties go to the server earliest in the rotation.
            Picker::LeastConnections(least) => least.pick(rotation, version, servers),
            Picker::PowerOfTwoChoices(rng) => {
                let (a, b) = two(rng, rotation);
                if load(b) < load(a) {
                    b
                } else {
                    a
                }
            }
            Picker::ConsistentHash(ring) => ring.pick(user, rotation, version),
            Picker::LeastResponseTime(latencies, rng) => latencies.pick_weighted(rotation, rng),
            Picker::WeightedRoundRobin(smooth) => smooth.pick(rotation, servers),
            Picker::PeakEwma(latencies, rng) => {
                let (a, b) = two(rng, rotation);
                let cost = |id: u32| latencies.peak_cost(t, id, load(id));
                if cost(b) < cost(a) {
                    b
                } else {
                    a
                }
            }
        }
    }

    /// A request to `server` completed after `latency` [s] at time `t` [s].
    #[inline]
    pub fn observe(&mut self, t: f64, server: u32, latency: f64) {
        if let Picker::LeastResponseTime(latencies, _) | Picker::PeakEwma(latencies, _) = &mut self.picker {
            latencies.observe(t, server, latency);
        }
    }
}

/// Two distinct servers of `rotation` at random (the same one twice if it holds one).
fn two(rng: &mut Rng, rotation: &[u32]) -> (u32, u32) {
    let n = rotation.len();
    if n == 1 {
        return (rotation[0], rotation[0]);
    }
    let i = rng.below(n);
    let j = (i + 1 + rng.below(n - 1)) % n;
    (rotation[i], rotation[j])
}

#[cfg(test)]
mod tests;
