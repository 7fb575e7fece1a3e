//! The runs one worker holds: at most one per slot (a newer request for a slot replaces its
//! run, so a dragged slider never leaves a backlog), advanced a slice of events at a time
//! so that progress is reported and new requests are read between slices. Pure: the clock
//! is passed in, so the same code runs in the worker, on the page (when workers cannot
//! start) and in native tests.

use autoscale_sim::Simulation;

use crate::wire::{pack, Reply, Request};

/// Events in the first slice; later slices aim at `SLICE_MS` of work each.
const FIRST_SLICE: u64 = 20_000;
/// Work between two looks at the clock [ms].
const SLICE_MS: f64 = 8.0;
/// Bounds of a slice [events].
const MIN_SLICE: f64 = 100.0;
const MAX_SLICE: f64 = 50_000_000.0;

struct Job {
    slot: u32,
    id: u32,
    sim: Simulation,
    duration_s: f64,
    /// Work done on it so far [ms].
    elapsed_ms: f64,
}

/// The runs in progress, oldest request first.
#[derive(Default)]
pub struct Jobs {
    jobs: Vec<Job>,
    /// Events per slice, tuned to the machine's speed.
    slice: u64,
}

impl Jobs {
    /// Takes a request; a scenario that cannot run is answered at once.
    pub fn receive(&mut self, request: Request) -> Option<Reply> {
        match request {
            Request::Cancel { slot } => {
                self.jobs.retain(|j| j.slot != slot);
                None
            }
            Request::Run { slot, id, scenario, trace, exact } => {
                self.jobs.retain(|j| j.slot != slot);
                let s = match Request::scenario(&scenario, &trace, exact) {
                    Ok(s) => s,
                    Err(message) => return Some(Reply::Failed { slot, id, message }),
                };
                self.jobs.push(Job { slot, id, duration_s: s.duration_s, sim: Simulation::new(&s), elapsed_ms: 0.0 });
                None
            }
        }
    }

    /// Whether a run waits for work.
    pub fn is_busy(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// Works on the oldest run for about `budget_ms` [ms] of `clock` [ms]: its progress, or
    /// its report when it ends.
    pub fn work(&mut self, budget_ms: f64, clock: &dyn Fn() -> f64) -> Option<Reply> {
        let job = self.jobs.first_mut()?;
        if self.slice == 0 {
            self.slice = FIRST_SLICE;
        }
        let start = clock();
        let mut done = false;
        while !done {
            let before = clock();
            done = job.sim.advance(self.slice);
            if !done {
                // A whole slice: its time gives the speed. Aim each slice at SLICE_MS,
                // changing by at most 4x at a time.
                let per_ms = self.slice as f64 / (clock() - before).max(0.1);
                let slice = self.slice as f64;
                self.slice = (per_ms * SLICE_MS).clamp(slice / 4.0, slice * 4.0).clamp(MIN_SLICE, MAX_SLICE) as u64;
            }
            if clock() - start >= budget_ms {
                break;
            }
        }
        job.elapsed_ms += clock() - start;
        let (slot, id, elapsed_ms) = (job.slot, job.id, job.elapsed_ms);
        if !done {
            return Some(Reply::Progress { slot, id, done_s: job.sim.now_s().min(job.duration_s), elapsed_ms });
        }
        let job = self.jobs.remove(0);
        Some(Reply::Done { slot, id, elapsed_ms, report: pack(&job.sim.into_report()) })
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::wire::unpack;
    use autoscale_sim::{run, Scenario};

    /// A clock that moves 1 ms each time it is read.
    fn ticking() -> impl Fn() -> f64 {
        let now = Cell::new(0.0);
        move || {
            now.set(now.get() + 1.0);
            now.get()
        }
    }

    fn request(slot: u32, id: u32, s: &Scenario) -> Request {
        Request::run(slot, id, s)
    }

    fn finish(jobs: &mut Jobs, clock: &dyn Fn() -> f64) -> Vec<Reply> {
        let mut replies = Vec::new();
        while let Some(r) = jobs.work(1.0, clock) {
            replies.push(r);
        }
        replies
    }

    #[test]
    fn a_run_reports_progress_then_the_report_run_gives() {
        let mut s = Scenario { duration_s: 600.0, ..Scenario::default() };
        s.traffic.peak_users = 1000.0;
        let mut jobs = Jobs::default();
        assert_eq!(jobs.receive(request(0, 1, &s)), None);
        let replies = finish(&mut jobs, &ticking());
        let progress: Vec<f64> = replies
            .iter()
            .filter_map(|r| if let Reply::Progress { done_s, .. } = r { Some(*done_s) } else { None })
            .collect();
        assert!(progress.len() >= 2, "{} progress replies", progress.len());
        assert!(progress.windows(2).all(|w| w[0] <= w[1]) && progress.iter().all(|&d| d <= 600.0));
        let Some(Reply::Done { slot: 0, id: 1, report, .. }) = replies.last() else { panic!("ends with the report") };
        assert_eq!(unpack(s.clone(), report).unwrap().to_json(), run(&s).to_json());
        assert!(!jobs.is_busy());
    }

    #[test]
    fn a_newer_request_for_a_slot_replaces_its_run_and_others_go_on() {
        let mut old = Scenario { duration_s: 600.0, ..Scenario::default() };
        old.traffic.peak_users = 1000.0;
        let new = Scenario { seed: 9, ..old.clone() };
        let other = Scenario { seed: 5, ..old.clone() };
        let mut jobs = Jobs::default();
        let clock = ticking();
        jobs.receive(request(0, 1, &old));
        jobs.receive(request(1, 2, &other));
        assert!(matches!(jobs.work(5.0, &clock), Some(Reply::Progress { id: 1, .. })));
        jobs.receive(request(0, 3, &new));
        let done: Vec<(u32, u32)> = finish(&mut jobs, &clock)
            .iter()
            .filter_map(|r| if let Reply::Done { slot, id, .. } = r { Some((*slot, *id)) } else { None })
            .collect();
        assert_eq!(done, vec![(1, 2), (0, 3)], "run 1 was replaced, never finished");
    }

    #[test]
    fn many_quick_runs_keep_the_slice_within_bounds() {
        // A clock that never moves: every slice looks instantaneous.
        let mut jobs = Jobs::default();
        for id in 0..200 {
            jobs.receive(request(0, id, &Scenario { duration_s: 600.0, ..Scenario::default() }));
            while jobs.work(1.0, &|| 0.0).is_some_and(|r| matches!(r, Reply::Progress { .. })) {}
            assert!((MIN_SLICE as u64..=MAX_SLICE as u64).contains(&jobs.slice), "{}", jobs.slice);
        }
    }

    #[test]
    fn cancel_drops_the_run_and_a_bad_scenario_is_named() {
        let mut jobs = Jobs::default();
        jobs.receive(request(0, 1, &Scenario::default()));
        jobs.receive(Request::Cancel { slot: 0 });
        assert!(!jobs.is_busy() && jobs.work(5.0, &ticking()).is_none());
        let bad =
            Request::Run { slot: 0, id: 2, scenario: "{\"duration_s\": -1}".into(), trace: vec![0], exact: false };
        let Some(Reply::Failed { id: 2, message, .. }) = jobs.receive(bad) else { panic!("refused") };
        assert!(message.contains("duration_s"), "{message}");
    }
}
