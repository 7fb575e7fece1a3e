//! Traffic: concurrent users over time, and the message arrivals they generate.
//!
//! Users u(t) follow a pattern (see `pattern`), times a noise factor that is constant over
//! each whole simulated second. Each user sends messages as a Poisson process at
//! `msg_rate`, so arrivals form a non-homogeneous Poisson process of rate u(t) * msg_rate,
//! sampled exactly by thinning over pieces on which u is monotone.

use std::sync::Arc;

use crate::pattern::{Shape, Side};
use crate::rng::{splitmix64, unit_f64, Rng};
use crate::scenario::{Pattern, TrafficConfig};
use crate::trace::Trace;

/// The users curve of one run: pattern, noise and the run's length.
#[derive(Clone, Debug)]
pub struct Traffic {
    shape: Shape,
    noise: f64,
    msg_rate: f64,
    duration_s: f64,
    noise_seed: u64,
}

impl Traffic {
    pub fn new(config: &TrafficConfig, duration_s: f64, seed: u64) -> Traffic {
        Traffic {
            shape: Shape::new(config, duration_s),
            // A trace brings its own variation.
            noise: if config.pattern == Pattern::Trace { 0.0 } else { config.noise },
            msg_rate: config.msg_rate,
            duration_s,
            noise_seed: splitmix64(seed ^ 0x6e6f_6973_6500),
        }
    }

    /// Noise factor of the whole second containing `t`; reproducible for any `t`.
    fn noise(&self, t: f64) -> f64 {
        if self.noise == 0.0 {
            return 1.0;
        }
        let second = t.max(0.0).floor() as u64;
        1.0 + self.noise * (2.0 * unit_f64(splitmix64(self.noise_seed ^ second)) - 1.0)
    }

    /// Concurrent users at time `t`, noise included [users].
    pub fn users_at(&self, t: f64) -> f64 {
        self.shape.users(t, Side::After) * self.noise(t)
    }

    /// End of the piece starting at `t`: the next whole second, breakpoint or the run's end.
    /// Always after `t`, so that every loop over pieces moves on.
    fn piece_end(&self, t: f64) -> f64 {
        let second = (t.floor() + 1.0).min(self.duration_s);
        let b = self.shape.next_break(t);
        let end = if b > t { second.min(b) } else { second };
        if end > t {
            end
        } else {
            t.floor() + 1.0
        }
    }

    /// Calls `f(t0, t1, u0, u_mid, u1)` for each piece of [a, b], with users at its start,
    /// middle and just before its end.
    fn for_each_piece(&self, a: f64, b: f64, mut f: impl FnMut(f64, f64, f64, f64, f64)) {
        let mut t = a;
        while t < b {
            let end = self.piece_end(t).min(b);
            let k = self.noise(t);
            let s = &self.shape;
            let mid = s.users(0.5 * (t + end), Side::After) * k;
            f(t, end, s.users(t, Side::After) * k, mid, s.users(end, Side::Before) * k);
            t = end;
        }
    }

    /// Time-average of users over [a, b] [users]: Simpson's rule on each piece, exact for
    /// linear pieces.
    pub fn mean_users(&self, a: f64, b: f64) -> f64 {
        if b <= a {
            return self.users_at(a);
        }
        let mut area = 0.0;
        self.for_each_piece(a, b, |t0, t1, u0, um, u1| area += (t1 - t0) * (u0 + 4.0 * um + u1) / 6.0);
        area / (b - a)
    }

    /// Highest users over [a, b] [users].
    pub fn max_users(&self, a: f64, b: f64) -> f64 {
        let mut max = self.users_at(a);
        self.for_each_piece(a, b, |_, _, u0, _, u1| max = max.max(u0).max(u1));
        max
    }
}

/// Generates the arrival times of the whole run in order.
#[derive(Clone, Debug)]
pub struct Arrivals {
    traffic: Traffic,
    /// Time the generator has reached [s].
    t: f64,
    piece_end: f64,
    /// Noise times msg_rate on the current piece [msg/s per user].
    k: f64,
    /// Whether the rate is the same all over the piece (no thinning needed).
    flat: bool,
    /// Mean time between candidates, 1 / (highest rate on the piece) [s].
    mean_gap: f64,
    rate_max: f64,
    /// A request trace replays its own times instead.
    replay: Option<Replay>,
}

/// Replays a request trace: each request's time x `time_scale`, `rate_scale` copies on
/// average (the whole part always, one more with the fractional part's probability).
#[derive(Clone, Debug)]
struct Replay {
    trace: Arc<Trace>,
    next: usize,
    time_scale: f64,
    rate_scale: f64,
    /// Copies of the current request still to send.
    copies: u32,
}

impl Replay {
    fn next(&mut self, rng: &mut Rng, duration: f64) -> Option<f64> {
        let Trace::Requests(times) = &*self.trace else { return None };
        loop {
            let &t = times.get(self.next)?;
            let t = t * self.time_scale;
            // A request at exactly the run's end plays: it belongs to the last interval,
            // (end - interval, end] (see event.rs).
            if t > duration {
                return None;
            }
            if self.copies == 0 {
                let whole = self.rate_scale.floor();
                self.copies = whole as u32 + (rng.uniform() < self.rate_scale - whole) as u32;
                if self.copies == 0 {
                    self.next += 1;
                    continue;
                }
            }
            self.copies -= 1;
            if self.copies == 0 {
                self.next += 1;
            }
            return Some(t);
        }
    }
}

impl Arrivals {
    pub fn new(traffic: Traffic, config: &TrafficConfig) -> Arrivals {
        let replay = match &config.trace {
            Some(trace) if config.pattern == Pattern::Trace && matches!(**trace, Trace::Requests(_)) => Some(Replay {
                trace: trace.clone(),
                next: 0,
                time_scale: config.time_scale,
                rate_scale: config.rate_scale,
                copies: 0,
            }),
            _ => None,
        };
        let mut a =
            Arrivals { traffic, t: 0.0, piece_end: 0.0, k: 0.0, flat: true, mean_gap: 0.0, rate_max: 0.0, replay };
        a.enter_piece();
        a
    }

    fn enter_piece(&mut self) {
        let tr = &self.traffic;
        let end = tr.piece_end(self.t);
        self.k = tr.noise(self.t) * tr.msg_rate;
        let r0 = tr.shape.users(self.t, Side::After) * self.k;
        let r1 = tr.shape.users(end, Side::Before) * self.k;
        // The shape is monotone on a piece, so its highest rate is at one end.
        self.rate_max = r0.max(r1);
        self.flat = r0 == r1;
        self.mean_gap = if self.rate_max > 0.0 { 1.0 / self.rate_max } else { 0.0 };
        self.piece_end = end;
    }

    /// The next arrival time, or `None` once the run's end is reached.
    #[inline(always)]
    pub fn next(&mut self, rng: &mut Rng) -> Option<f64> {
        let duration = self.traffic.duration_s;
        if let Some(replay) = &mut self.replay {
            return replay.next(rng, duration);
        }
        loop {
            if self.t >= duration {
                return None;
            }
            if self.rate_max <= 0.0 {
                self.t = self.piece_end;
                self.enter_piece();
                continue;
            }
            let candidate = self.t + rng.exp_mean(self.mean_gap);
            if candidate >= self.piece_end {
                // Memorylessness lets the next piece start afresh at its boundary.
                self.t = self.piece_end;
                self.enter_piece();
                continue;
            }
            self.t = candidate;
            if self.flat {
                return Some(candidate);
            }
            // Thinning keeps the candidate with probability rate / rate_max.
            let rate = self.traffic.shape.users(candidate, Side::After) * self.k;
            if rng.uniform() * self.rate_max < rate {
                return Some(candidate);
            }
        }
    }
}
