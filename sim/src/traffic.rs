//! Traffic: concurrent users over time, and the message arrivals they generate.
//!
//! Users u(t) follow a pattern that is linear between breakpoints, times a noise factor
//! that is constant over each whole simulated second. Each user sends messages as a
//! Poisson process at `msg_rate`, so arrivals form a non-homogeneous Poisson process of
//! rate u(t) * msg_rate, sampled exactly by thinning over pieces on which u is linear.

use crate::rng::{splitmix64, unit_f64, Rng};
use crate::scenario::{Pattern, TrafficConfig};

/// The users curve of one run: pattern, noise and the run's length.
#[derive(Clone, Debug)]
pub struct Traffic {
    config: TrafficConfig,
    duration_s: f64,
    noise_seed: u64,
}

impl Traffic {
    pub fn new(config: &TrafficConfig, duration_s: f64, seed: u64) -> Traffic {
        Traffic { config: config.clone(), duration_s, noise_seed: splitmix64(seed ^ 0x6e6f_6973_6500) }
    }

    /// Users of the pattern alone, before noise, at time `t` [users].
    fn shape(&self, t: f64) -> f64 {
        let c = &self.config;
        match c.pattern {
            Pattern::Constant => c.base_users,
            Pattern::ThreePhase => {
                let ramp = 0.3 * self.duration_s;
                if t < ramp {
                    c.base_users + (c.peak_users - c.base_users) * (t / ramp)
                } else if t <= self.duration_s - ramp {
                    c.peak_users
                } else {
                    c.peak_users + (c.base_users - c.peak_users) * ((t - (self.duration_s - ramp)) / ramp)
                }
            }
        }
    }

    /// Times inside the run where the pattern's slope changes [s].
    fn breakpoints(&self) -> [f64; 2] {
        match self.config.pattern {
            Pattern::Constant => [f64::INFINITY; 2],
            Pattern::ThreePhase => [0.3 * self.duration_s, 0.7 * self.duration_s],
        }
    }

    /// Noise factor of the whole second containing `t`; reproducible for any `t`.
    fn noise(&self, t: f64) -> f64 {
        let n = self.config.noise;
        if n == 0.0 {
            return 1.0;
        }
        let second = t.max(0.0).floor() as u64;
        1.0 + n * (2.0 * unit_f64(splitmix64(self.noise_seed ^ second)) - 1.0)
    }

    /// Concurrent users at time `t`, noise included [users].
    pub fn users_at(&self, t: f64) -> f64 {
        self.shape(t) * self.noise(t)
    }

    /// End of the piece starting at `t`: the next whole second, breakpoint or the run's end.
    fn piece_end(&self, t: f64) -> f64 {
        let mut end = (t.floor() + 1.0).min(self.duration_s);
        for b in self.breakpoints() {
            if b > t && b < end {
                end = b;
            }
        }
        end
    }

    /// Calls `f(t0, t1, u0, u1)` for each piece of [a, b] on which users are linear.
    fn for_each_piece(&self, a: f64, b: f64, mut f: impl FnMut(f64, f64, f64, f64)) {
        let mut t = a;
        while t < b {
            let end = self.piece_end(t).min(b);
            let k = self.noise(t);
            f(t, end, self.shape(t) * k, self.shape(end) * k);
            t = end;
        }
    }

    /// Time-average of users over [a, b] [users].
    pub fn mean_users(&self, a: f64, b: f64) -> f64 {
        if b <= a {
            return self.users_at(a);
        }
        let mut area = 0.0;
        self.for_each_piece(a, b, |t0, t1, u0, u1| area += 0.5 * (u0 + u1) * (t1 - t0));
        area / (b - a)
    }

    /// Highest users over [a, b] [users].
    pub fn max_users(&self, a: f64, b: f64) -> f64 {
        let mut max = self.users_at(a);
        self.for_each_piece(a, b, |_, _, u0, u1| max = max.max(u0).max(u1));
        max
    }
}

/// Generates the arrival times of the whole run in order.
#[derive(Clone, Debug)]
pub struct Arrivals {
    traffic: Traffic,
    msg_rate: f64,
    /// Time the generator has reached [s].
    t: f64,
    piece_start: f64,
    piece_end: f64,
    /// Arrival rate at the piece's start and end [1/s].
    rate0: f64,
    rate1: f64,
    rate_max: f64,
}

impl Arrivals {
    pub fn new(traffic: Traffic) -> Arrivals {
        let msg_rate = traffic.config.msg_rate;
        let mut arrivals = Arrivals {
            traffic,
            msg_rate,
            t: 0.0,
            piece_start: 0.0,
            piece_end: 0.0,
            rate0: 0.0,
            rate1: 0.0,
            rate_max: 0.0,
        };
        arrivals.enter_piece();
        arrivals
    }

    fn enter_piece(&mut self) {
        let tr = &self.traffic;
        let end = tr.piece_end(self.t);
        let k = tr.noise(self.t) * self.msg_rate;
        self.piece_start = self.t;
        self.piece_end = end;
        self.rate0 = tr.shape(self.t) * k;
        self.rate1 = tr.shape(end) * k;
        self.rate_max = self.rate0.max(self.rate1);
    }

    /// The next arrival time, or `None` once the run's end is reached.
    pub fn next(&mut self, rng: &mut Rng) -> Option<f64> {
        let duration = self.traffic.duration_s;
        loop {
            if self.t >= duration {
                return None;
            }
            if self.rate_max <= 0.0 {
                self.t = self.piece_end;
                self.enter_piece();
                continue;
            }
            let candidate = self.t + rng.exp(self.rate_max);
            if candidate >= self.piece_end {
                // Memorylessness lets the next piece start afresh at its boundary.
                self.t = self.piece_end;
                self.enter_piece();
                continue;
            }
            self.t = candidate;
            if self.rate0 == self.rate1 {
                return Some(candidate);
            }
            let frac = (candidate - self.piece_start) / (self.piece_end - self.piece_start);
            let rate = self.rate0 + (self.rate1 - self.rate0) * frac;
            // Thinning keeps the candidate with probability rate / rate_max.
            if rng.uniform() * self.rate_max < rate {
                return Some(candidate);
            }
        }
    }
}
