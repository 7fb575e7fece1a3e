//! Where the ceiling loop gets its arrival times and service times: drawn as it goes from
//! the engine's own streams, made beforehand, or drawn on a second thread.

use autoscale_sim::rng::{Rng, Stream};
use autoscale_sim::traffic::{Arrivals, Traffic};
use autoscale_sim::Scenario;

/// Where arrival times and service times come from: drawn as the loop goes, made
/// beforehand, or drawn on another thread.
pub trait Draws {
    fn arrival(&mut self) -> Option<f64>;
    fn service(&mut self) -> f64;
}

/// Drawn as the loop goes, from the engine's streams.
pub struct Inline {
    arrivals: Arrivals,
    arrival_rng: Rng,
    service_rng: Rng,
    mean_s: f64,
}

impl Inline {
    pub fn new(s: &Scenario) -> Inline {
        Inline {
            arrivals: Arrivals::new(Traffic::new(&s.traffic, s.duration_s, s.seed), &s.traffic),
            arrival_rng: Rng::new(s.seed, Stream::Arrivals),
            service_rng: Rng::new(s.seed, Stream::Service),
            mean_s: s.service.service_ms / 1000.0,
        }
    }
}

impl Draws for Inline {
    #[inline(always)]
    fn arrival(&mut self) -> Option<f64> {
        self.arrivals.next(&mut self.arrival_rng)
    }

    #[inline(always)]
    fn service(&mut self) -> f64 {
        self.service_rng.exp_mean(self.mean_s)
    }
}

/// Made beforehand: arrival times and service times, in arrival order.
pub struct Made<'a> {
    times: &'a [f64],
    services: &'a [f64],
    next: usize,
    service: usize,
}

impl<'a> Made<'a> {
    pub fn new(times: &'a [f64], services: &'a [f64]) -> Made<'a> {
        Made { times, services, next: 0, service: 0 }
    }
}

impl Draws for Made<'_> {
    #[inline(always)]
    fn arrival(&mut self) -> Option<f64> {
        self.next += 1;
        self.times.get(self.next - 1).copied()
    }

    #[inline(always)]
    fn service(&mut self) -> f64 {
        self.service += 1;
        self.services[self.service - 1]
    }
}

/// Drawn on a thread of its own and handed over in chunks of pairs (the next arrival's
/// time, infinity for none; this arrival's service time): what a second core could do.
pub struct Threaded {
    first: Option<f64>,
    chunk: Vec<(f64, f64)>,
    at: usize,
    service: f64,
    full: std::sync::mpsc::Receiver<Vec<(f64, f64)>>,
}

impl Threaded {
    pub fn new(s: &Scenario) -> Threaded {
        const CHUNK: usize = 4096;
        let mut source = Inline::new(s);
        let first = source.arrival();
        let (send, full) = std::sync::mpsc::sync_channel(4);
        std::thread::spawn(move || loop {
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut ended = false;
            while chunk.len() < CHUNK && !ended {
                let next = source.arrival();
                ended = next.is_none();
                chunk.push((next.unwrap_or(f64::INFINITY), source.service()));
            }
            // Ended, or the loop is gone: stop drawing.
            if send.send(chunk).is_err() || ended {
                return;
            }
        });
        Threaded { first, chunk: Vec::new(), at: 0, service: 0.0, full }
    }
}

impl Draws for Threaded {
    #[inline(always)]
    fn arrival(&mut self) -> Option<f64> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        if self.at == self.chunk.len() {
            self.chunk = self.full.recv().expect("the drawing thread sends up to the last arrival");
            self.at = 0;
        }
        let (next, service) = self.chunk[self.at];
        self.at += 1;
        self.service = service;
        next.is_finite().then_some(next)
    }

    #[inline(always)]
    fn service(&mut self) -> f64 {
        self.service
    }
}

/// Every arrival time and service time of `s`, drawn as the engine draws them.
pub fn made_draws(s: &Scenario) -> (Vec<f64>, Vec<f64>) {
    let mut draws = Inline::new(s);
    let times: Vec<f64> = std::iter::from_fn(|| draws.arrival()).collect();
    let services = times.iter().map(|_| draws.service()).collect();
    (times, services)
}
