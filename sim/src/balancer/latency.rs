//! Latency-aware strategies. `least_response_time`: a weighted random choice with the
//! seed's dynamic weights, weight = base * (1 - rtt / rtt_max), rtt being each server's
//! moving average of response time (base 1, and a floor of 0.05 so the slowest server
//! still gets a trickle of traffic and can show it has recovered). `peak_ewma` (Finagle,
//! Linkerd): of two random servers, the lower cost = peak-EWMA latency x (outstanding + 1),
//! where the average jumps up to any slower sample at once and decays with `ewma_tau_s`.

use crate::rng::Rng;

/// Weight of the slowest server, so that it is never starved entirely.
const FLOOR: f64 = 0.05;

#[derive(Clone, Debug)]
pub struct Latencies {
    /// Decay time constant [s].
    tau_s: f64,
    /// Per server id: the moving average [s] (0 before any sample) and when it was updated.
    ewma: Vec<f64>,
    updated: Vec<f64>,
}

impl Latencies {
    pub fn new(tau_s: f64) -> Latencies {
        Latencies { tau_s, ewma: Vec::new(), updated: Vec::new() }
    }

    /// A response from `server` took `latency` [s], observed at `t` [s]. The average
    /// follows a slower sample at once (the peak) and a faster one gradually.
    pub fn observe(&mut self, t: f64, server: u32, latency: f64) {
        let i = server as usize;
        if i >= self.ewma.len() {
            self.ewma.resize(i + 1, 0.0);
            self.updated.resize(i + 1, t);
        }
        let old = self.ewma[i];
        self.ewma[i] = if old == 0.0 || latency > old {
            latency
        } else {
            let w = libm::exp(-(t - self.updated[i]).max(0.0) / self.tau_s);
            old * w + latency * (1.0 - w)
        };
        self.updated[i] = t;
    }

    fn rtt(&self, server: u32) -> f64 {
        self.ewma.get(server as usize).copied().unwrap_or(0.0)
    }

    /// The seed's dynamic weights: base * (1 - rtt / rtt_max), at least the floor.
    pub fn pick_weighted(&self, ready: &[u32], rng: &mut Rng) -> u32 {
        let rtt_max = ready.iter().map(|&id| self.rtt(id)).fold(0.0, f64::max);
        let weight = |id: u32| if rtt_max > 0.0 { (1.0 - self.rtt(id) / rtt_max).max(FLOOR) } else { 1.0 };
        let total: f64 = ready.iter().map(|&id| weight(id)).sum();
        let mut x = rng.uniform() * total;
        for &id in ready {
            x -= weight(id);
            if x < 0.0 {
                return id;
            }
        }
        *ready.last().expect("ready is not empty")
    }

    /// Peak-EWMA cost of sending one more request to `server` holding `load` requests.
    pub fn peak_cost(&self, t: f64, server: u32, load: usize) -> f64 {
        let i = server as usize;
        let decayed = match (self.ewma.get(i), self.updated.get(i)) {
            (Some(&e), Some(&at)) => e * libm::exp(-(t - at).max(0.0) / self.tau_s),
            _ => 0.0,
        };
        decayed * (load as f64 + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn slower_servers_get_less_traffic() {
        let mut l = Latencies::new(10.0);
        l.observe(0.0, 0, 0.010);
        l.observe(0.0, 1, 0.100);
        let mut rng = Rng::new(1, Stream::Balancer);
        let fast = (0..10_000).filter(|_| l.pick_weighted(&[0, 1], &mut rng) == 0).count();
        // Weights 1 - 0.1 = 0.9 and the floor 0.05: the fast server gets 0.9 / 0.95 of it.
        assert!((9_300..9_650).contains(&fast), "{fast}");
    }

    #[test]
    fn peak_ewma_jumps_up_and_decays_down() {
        let mut l = Latencies::new(10.0);
        l.observe(0.0, 0, 0.010);
        l.observe(1.0, 0, 0.500);
        assert_eq!(l.ewma[0], 0.5, "a slow sample is taken at once");
        l.observe(11.0, 0, 0.010);
        assert!(l.ewma[0] < 0.5 && l.ewma[0] > 0.010, "a fast one only partly");
        assert!(l.peak_cost(11.0, 0, 3) > l.peak_cost(11.0, 0, 0));
    }
}
