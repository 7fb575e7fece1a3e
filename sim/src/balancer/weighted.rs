//! Strategy `weighted_round_robin`: nginx's smooth weighted round robin, each server
//! weighted by its class `speed`. Every server gains its weight, the highest (earliest on
//! ties) is picked and loses the total. Over any run of picks each server gets its share
//! of weight, spread out rather than in bursts.

use crate::server::Server;

#[derive(Clone, Debug, Default)]
pub struct Smooth {
    /// Each server's current weight, by id.
    current: Vec<f64>,
}

impl Smooth {
    /// The next server among the (non-empty) `ready` servers.
    pub fn pick(&mut self, ready: &[u32], servers: &[Server]) -> u32 {
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
}
