//! The load balancer: picks the ready server that receives each request.

use crate::rng::{Rng, Stream};
use crate::scenario::Strategy;
use crate::server::Server;

#[derive(Clone, Debug)]
pub struct Balancer {
    strategy: Strategy,
    /// Round-robin position in the ready list.
    cursor: usize,
    rng: Rng,
}

impl Balancer {
    pub fn new(strategy: Strategy, seed: u64) -> Balancer {
        Balancer { strategy, cursor: 0, rng: Rng::new(seed, Stream::Balancer) }
    }

    /// The id of the server for the next request, from the non-empty list `ready` of
    /// ready server ids (in the order they became ready).
    #[inline]
    pub fn pick(&mut self, ready: &[u32], servers: &[Server]) -> u32 {
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
            Strategy::LeastConnections => {
                // Ties go to the server earliest in the ready list.
                *ready.iter().min_by_key(|&&id| servers[id as usize].load()).expect("ready is not empty")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{ServerState, Waiting};

    fn fleet(loads: &[usize]) -> Vec<Server> {
        loads
            .iter()
            .map(|&n| {
                let mut s = Server::new(ServerState::Ready, 1, None, 0.0);
                for _ in 0..n {
                    s.admit(Waiting { arrival: 0.0, service: 1.0 });
                }
                s
            })
            .collect()
    }

    #[test]
    fn round_robin_cycles_in_order() {
        let servers = fleet(&[0, 0, 0]);
        let mut b = Balancer::new(Strategy::RoundRobin, 1);
        let picks: Vec<_> = (0..7).map(|_| b.pick(&[0, 1, 2], &servers)).collect();
        assert_eq!(picks, vec![0, 1, 2, 0, 1, 2, 0]);
    }

    #[test]
    fn least_connections_takes_the_emptiest() {
        let servers = fleet(&[3, 1, 2, 1]);
        let mut b = Balancer::new(Strategy::LeastConnections, 1);
        assert_eq!(b.pick(&[0, 1, 2, 3], &servers), 1);
        assert_eq!(b.pick(&[0, 2, 3], &servers), 3);
    }

    #[test]
    fn random_spreads_evenly() {
        let servers = fleet(&[0, 0, 0, 0]);
        let mut b = Balancer::new(Strategy::Random, 7);
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            counts[b.pick(&[0, 1, 2, 3], &servers) as usize] += 1;
        }
        // Each count is Binomial(40000, 1/4): standard deviation about 87, so 500 is over 5 sigma.
        assert!(counts.iter().all(|&c| (c as i32 - 10_000).abs() < 500), "{counts:?}");
    }
}
