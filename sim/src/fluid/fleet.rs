//! The fluid engine's fleet: servers in cohorts (those one decision created, with
//! consecutive ids), so that a step costs O(1) in the number of servers. It follows the
//! exact fleet's rules: servers start for `startup_s`, the initial fleet is ready at 0,
//! scale-in takes the newest starting servers first and then the newest ready ones (the
//! exact fleet's least-loaded, newest on ties: every server carries the same load here),
//! which drain what they hold before they go; classes go in turn by id.

use std::collections::VecDeque;

use crate::report::ServerSummary;

/// Where a cohort is, for the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Starting = 0,
    Ready = 1,
    Draining = 2,
}

/// Servers created together: ids `first..first + count`.
#[derive(Clone, Copy, Debug)]
struct Cohort {
    first: u32,
    count: u32,
    created_s: f64,
    /// When the cohort starts (or started) taking requests [s].
    ready_s: f64,
    /// `served_per_ready` when it became ready.
    served_mark: f64,
}

#[derive(Clone, Debug)]
pub struct FluidFleet {
    startup_s: f64,
    workers: u32,
    /// Speeds of the classes by index; one entry when every server is standard.
    speeds: Vec<f64>,
    starting: VecDeque<Cohort>,
    ready: VecDeque<Cohort>,
    /// Draining servers and when each cohort is gone [s].
    draining: Vec<(Cohort, f64)>,
    /// Summaries of the servers gone so far.
    gone: Vec<ServerSummary>,
    created: u32,
    /// Requests completed per ready server since the start (each ready server gets the
    /// same share).
    served_per_ready: f64,
    /// Servers by class: ready, and billed (every state but gone); kept up to date at each
    /// change, so that a step never visits the cohorts.
    ready_by_class: Vec<u32>,
    billed_by_class: Vec<u32>,
    counts: [u32; 3],
}

impl FluidFleet {
    pub fn new(startup_s: f64, workers: u32, speeds: Vec<f64>, initial: u32) -> FluidFleet {
        let speeds = if speeds.is_empty() { vec![1.0] } else { speeds };
        let mut f = FluidFleet {
            startup_s,
            workers,
            speeds,
            starting: VecDeque::new(),
            ready: VecDeque::new(),
            draining: Vec::new(),
            gone: Vec::new(),
            created: 0,
            served_per_ready: 0.0,
            ready_by_class: Vec::new(),
            billed_by_class: Vec::new(),
            counts: [0; 3],
        };
        f.ready_by_class = vec![0; f.speeds.len()];
        f.billed_by_class = vec![0; f.speeds.len()];
        if initial > 0 {
            let c = Cohort { first: 0, count: initial, created_s: 0.0, ready_s: 0.0, served_mark: 0.0 };
            f.created = initial;
            f.recount(&c, None, Some(Place::Ready));
            f.ready.push_back(c);
        }
        f
    }

    /// Moves a cohort's servers in the counts from `from` to `to` (`None`: not yet
    /// created, or gone).
    fn recount(&mut self, c: &Cohort, from: Option<Place>, to: Option<Place>) {
        let n = self.speeds.len() as u32;
        if let Some(p) = from {
            self.counts[p as usize] -= c.count;
        }
        if let Some(p) = to {
            self.counts[p as usize] += c.count;
        }
        for j in 0..n {
            let m = ids_in_class(c.first, c.count, j, n);
            let j = j as usize;
            if from == Some(Place::Ready) {
                self.ready_by_class[j] -= m;
            }
            if to == Some(Place::Ready) {
                self.ready_by_class[j] += m;
            }
            if from.is_none() {
                self.billed_by_class[j] += m;
            }
            if to.is_none() {
                self.billed_by_class[j] -= m;
            }
        }
    }

    pub fn ready(&self) -> u32 {
        self.counts[Place::Ready as usize]
    }

    pub fn pending(&self) -> u32 {
        self.counts[Place::Starting as usize]
    }

    pub fn draining(&self) -> u32 {
        self.counts[Place::Draining as usize]
    }

    pub fn billed(&self) -> u32 {
        self.billed_by_class.iter().sum()
    }

    /// Servers ever created.
    pub fn created(&self) -> u32 {
        self.created
    }

    /// The next time after `t` at which a starting server becomes ready, if any [s].
    pub fn next_ready(&self, t: f64) -> Option<f64> {
        self.starting.iter().map(|c| c.ready_s).filter(|&r| r > t).reduce(f64::min)
    }

    /// Moves the servers that are ready by `t` into rotation, and lets drained ones go.
    /// Returns whether the rotation grew.
    pub fn advance(&mut self, t: f64) -> bool {
        let mut grew = false;
        while self.starting.front().is_some_and(|c| c.ready_s <= t) {
            let mut c = self.starting.pop_front().expect("front");
            c.served_mark = self.served_per_ready;
            self.recount(&c, Some(Place::Starting), Some(Place::Ready));
            self.ready.push_back(c);
            grew = true;
        }
        let mut k = 0;
        while k < self.draining.len() {
            if self.draining[k].1 <= t {
                let (c, at) = self.draining.swap_remove(k);
                self.recount(&c, Some(Place::Draining), None);
                self.retire(c, at);
            } else {
                k += 1;
            }
        }
        grew
    }

    /// Each ready server completed `per_server` more requests.
    pub fn served(&mut self, per_server: f64) {
        self.served_per_ready += per_server;
    }

    fn retire(&mut self, c: Cohort, at: f64) {
        let served = (self.served_per_ready - c.served_mark).max(0.0);
        let served = if c.ready_s <= at { served } else { 0.0 };
        for id in c.first..c.first + c.count {
            self.gone.push(ServerSummary {
                id,
                served: served.round() as u64,
                created_s: c.created_s,
                gone_s: Some(at),
            });
        }
    }

    /// Adds `n` servers decided at `t`; they are ready after the startup delay.
    pub fn grow(&mut self, t: f64, n: u32) {
        let c = Cohort { first: self.created, count: n, created_s: t, ready_s: t + self.startup_s, served_mark: 0.0 };
        self.created += n;
        self.recount(&c, None, Some(Place::Starting));
        self.starting.push_back(c);
        if self.startup_s <= 0.0 {
            self.advance(t);
        }
    }

    /// Takes `n` servers out at `t`: the newest starting ones, then the newest ready ones,
    /// each holding `backlog_each` waiting requests, which it finishes at `rate_each` [1/s]
    /// before it goes.
    pub fn shrink(&mut self, t: f64, mut n: u32, backlog_each: f64, rate_each: f64) {
        while n > 0 {
            let Some(gone) = take_newest(&mut self.starting, &mut n) else { break };
            self.recount(&gone, Some(Place::Starting), None);
            self.retire(Cohort { ready_s: f64::INFINITY, ..gone }, t);
        }
        while n > 0 {
            let Some(out) = take_newest(&mut self.ready, &mut n) else { break };
            let drain_s = if backlog_each > 0.0 && rate_each > 0.0 { backlog_each / rate_each } else { 0.0 };
            if drain_s > 0.0 {
                self.recount(&out, Some(Place::Ready), Some(Place::Draining));
                self.draining.push((out, t + drain_s));
            } else {
                self.recount(&out, Some(Place::Ready), None);
                self.retire(out, t);
            }
        }
    }

    /// Ready servers of each class, by class index.
    pub fn ready_by_class(&self) -> &[u32] {
        &self.ready_by_class
    }

    /// Billed servers of each class, by class index.
    pub fn billed_by_class(&self) -> &[u32] {
        &self.billed_by_class
    }

    pub fn speeds(&self) -> &[f64] {
        &self.speeds
    }

    /// Worker slots of the ready servers, weighted by speed [standard slots].
    pub fn ready_capacity(&self) -> f64 {
        self.ready_by_class.iter().zip(&self.speeds).map(|(&n, s)| f64::from(n * self.workers) * s).sum()
    }

    /// Servers created within (t - warmup_s, t] after the start, not draining: (all, ready).
    /// Cohorts are in creation order, so only the recent ones are visited.
    pub fn warming(&self, t: f64, warmup_s: f64) -> (u32, u32) {
        let warm = |c: &Cohort| c.created_s > 0.0 && c.created_s > t - warmup_s;
        let recent =
            |list: &mut dyn Iterator<Item = &Cohort>| list.take_while(|c| warm(c)).map(|c| c.count).sum::<u32>();
        let ready = recent(&mut self.ready.iter().rev());
        let starting = recent(&mut self.starting.iter().rev());
        (ready + starting, ready)
    }

    /// Every server's summary, by id, at the run's end `t`.
    pub fn summaries(mut self, t: f64) -> Vec<ServerSummary> {
        let live: Vec<Cohort> = self
            .ready
            .iter()
            .chain(self.starting.iter())
            .chain(self.draining.iter().map(|(c, _)| c))
            .copied()
            .collect();
        for c in live {
            let served = if c.ready_s <= t { (self.served_per_ready - c.served_mark).max(0.0) } else { 0.0 };
            for id in c.first..c.first + c.count {
                self.gone.push(ServerSummary {
                    id,
                    served: served.round() as u64,
                    created_s: c.created_s,
                    gone_s: None,
                });
            }
        }
        self.gone.sort_by_key(|s| s.id);
        self.gone
    }
}

/// Takes up to `n` of the newest servers of `list` (from its last cohort), lowering `n`.
fn take_newest(list: &mut VecDeque<Cohort>, n: &mut u32) -> Option<Cohort> {
    let back = list.back_mut()?;
    let k = (*n).min(back.count);
    back.count -= k;
    let taken = Cohort { first: back.first + back.count, count: k, ..*back };
    if back.count == 0 {
        list.pop_back();
    }
    *n -= k;
    Some(taken)
}

/// How many of the ids `first..first + count` are in class `j` of `n` (id mod n == j).
fn ids_in_class(first: u32, count: u32, j: u32, n: u32) -> u32 {
    let below = |x: u32| if x > j { (x - j - 1) / n + 1 } else { 0 };
    below(first + count) - below(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_in_takes_the_newest_and_ids_keep_their_class() {
        let mut f = FluidFleet::new(10.0, 1, vec![2.0, 1.0], 2);
        f.grow(5.0, 3);
        assert_eq!((f.ready(), f.pending()), (2, 3));
        f.shrink(6.0, 2, 0.0, 0.0);
        assert_eq!((f.ready(), f.pending()), (2, 1), "starting servers go first");
        assert!(f.advance(15.0));
        assert_eq!(f.ready_by_class(), vec![2, 1], "ids 0 and 2 are class 0, id 1 class 1");
        f.shrink(20.0, 2, 4.0, 2.0);
        assert_eq!((f.ready(), f.draining()), (1, 2));
        f.advance(22.0);
        assert_eq!(f.draining(), 0, "drained after backlog / rate = 2 s");
        assert_eq!(ids_in_class(0, 10, 1, 3), 3);
        let s = f.summaries(30.0);
        assert_eq!(s.iter().map(|s| s.id).collect::<Vec<_>>(), vec![0, 1, 2, 3, 4]);
        assert_eq!(s[3].gone_s, Some(6.0));
    }
}
