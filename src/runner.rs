//! The page's runs: which variants need one, sending them to the run workers (latest wins:
//! a slot's newer scenario replaces its run in flight), and what the page shows meanwhile
//! (the last finished run, its progress, why it is not the controls' scenario). The
//! simulation itself never runs here.

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::Arc;

use autoscale_sim::engine::Engine;
use autoscale_sim::{Report, Scenario, ScenarioError, Simulation};
use leptos::prelude::*;

use crate::compare_view::Run;
use crate::lab::Lab;
use crate::pool::Pool;
use crate::wire::{unpack, Reply, Request};
use crate::worker::mark;

/// Runs estimated to take longer than this wait for "Run it" [ms].
pub const GATE_MS: f64 = 10_000.0;
/// The engine's speed in a worker until a run has measured it [work units / ms]; measured
/// at 5,000-8,000 on a 2-core machine (README).
const FIRST_SPEED: f64 = 5_000.0;
/// Runs in flight longer than this show progress [ms].
pub const SLOW_MS: u32 = 120;
/// Runs smaller than this say too little about the speed [work units].
const MEASURABLE_WORK: f64 = 200_000.0;

/// A run's report, shared without copying; equal only to itself, so signals notice every run.
#[derive(Clone, Debug)]
pub struct Shared(pub Arc<Report>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A finished run and how long the worker took [ms].
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub report: Shared,
    pub elapsed_ms: f64,
}

/// A run in flight: its scenario, simulated time done [s] and work so far [ms].
#[derive(Clone, Debug, PartialEq)]
pub struct Running {
    pub id: u32,
    pub scenario: Scenario,
    pub done_s: f64,
    pub elapsed_ms: f64,
}

/// One variant's runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slot {
    pub done: Option<Finished>,
    pub running: Option<Running>,
    /// The exact run refining `done`'s fluid answer in the background (see `refinable`):
    /// not in `progress`, since the charts show the controls' scenario meanwhile.
    pub refining: Option<Running>,
    /// The scenario whose fluid answer was sent to be refined: refined once, whatever came
    /// of it.
    pub refined: Option<Scenario>,
    /// A scenario whose run was cancelled: not run again until it changes.
    pub cancelled: Option<Scenario>,
    /// A scenario the worker could not run, and why.
    pub failed: Option<(Scenario, String)>,
}

impl Slot {
    /// Whether this slot has, runs, or gave up on `s` already.
    fn settled(&self, s: &Scenario) -> bool {
        self.done.as_ref().is_some_and(|d| &d.report.0.scenario == s)
            || self.running.as_ref().is_some_and(|r| &r.scenario == s)
            || self.cancelled.as_ref() == Some(s)
            || self.failed.as_ref().is_some_and(|(f, _)| f == s)
    }
}

/// Simulated time done over the total of the runs in flight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub done_s: f64,
    pub total_s: f64,
    pub elapsed_ms: f64,
}

impl Progress {
    /// Time left at the speed so far [ms], once there is a speed to go by.
    pub fn left_ms(&self) -> Option<f64> {
        (self.done_s > 0.0).then(|| self.elapsed_ms * (self.total_s - self.done_s) / self.done_s)
    }
}

/// The variants that need a run: every one when comparing, else the shown one.
fn needed(lab: &Lab) -> Vec<(usize, Scenario)> {
    let all = lab.variants.iter().enumerate().map(|(i, v)| (i, v.scenario.clone()));
    if lab.comparing() {
        all.collect()
    } else {
        all.filter(|(i, _)| *i == lab.shown).collect()
    }
}

/// What the page shows of the runs.
#[derive(Clone, Copy)]
pub struct Runner {
    /// The shown variant's latest finished run (an earlier one until its first).
    pub report: Memo<Shared>,
    /// How long the worker took for `report` [ms].
    pub elapsed_ms: Memo<f64>,
    /// Comparing: every variant's run (empty otherwise).
    pub runs: Memo<Vec<Run>>,
    /// Why the shown scenario cannot run, naming its field.
    pub error: Memo<Option<ScenarioError>>,
    /// Variants whose run would take longer than `GATE_MS`: name and estimate [ms].
    pub gated: Memo<Vec<(String, f64)>>,
    /// Large scenarios the person approved with "Run it".
    pub approved: RwSignal<Vec<Scenario>>,
    pub slots: RwSignal<Vec<Slot>>,
    /// The runs in flight, if any.
    pub progress: Memo<Option<Progress>>,
    /// Runs have been in flight for longer than `SLOW_MS`: the page shows their progress
    /// and dims the charts. A quicker run changes nothing on the page but its results (no
    /// flicker, no layout shift, no work for the browser).
    pub slow: RwSignal<bool>,
    /// Why runs are on the page rather than in workers, if they are.
    pub fallback: RwSignal<Option<String>>,
    /// The engine's measured speed [work units / ms].
    pub speed: RwSignal<f64>,
    /// The exact engine is refining the shown variant's fluid answer.
    pub refining: Memo<bool>,
    pool: StoredValue<Pool, LocalStorage>,
    lab: RwSignal<Lab>,
}

impl Runner {
    pub fn new(lab: RwSignal<Lab>) -> Runner {
        let slots = RwSignal::new(Vec::<Slot>::new());
        let speed = RwSignal::new(FIRST_SPEED);
        let fallback = RwSignal::new(None::<String>);
        let approved = RwSignal::new(Vec::<Scenario>::new());
        // A reply may come after the page was unmounted (tests): then nobody needs it.
        let on_reply = move |reply: Reply| {
            slots.try_update(|v| receive(v, reply, speed));
        };
        let pool = StoredValue::new_local(Pool::new(on_reply, move |why| {
            fallback.try_set(Some(why));
        }));
        let scenario = Memo::new(move |_| lab.with(|l| l.shown_scenario().clone()));
        let error = Memo::new(move |_| scenario.with(|s| s.validate().err()));
        let gated = Memo::new(move |_| {
            let names = lab.with(|l| l.variants.iter().map(|v| v.name.clone()).collect::<Vec<_>>());
            let (speed, needed) = (speed.get(), lab.with(needed));
            let approved = approved.get();
            needed
                .into_iter()
                .filter(|(_, s)| s.validate().is_ok() && !approved.contains(s))
                .map(|(i, s)| (names[i].clone(), s.work().total() / speed))
                .filter(|(_, ms)| *ms > GATE_MS)
                .collect()
        });
        let runner = Runner {
            report: Memo::new(move |prev: Option<&Shared>| {
                let shown = lab.with(|l| l.shown);
                let done = slots.with(|v| v.get(shown).and_then(|s| s.done.as_ref()).map(|d| d.report.clone()));
                done.or_else(|| prev.cloned()).unwrap_or_else(placeholder)
            }),
            elapsed_ms: Memo::new(move |_| {
                let shown = lab.with(|l| l.shown);
                slots.with(|v| v.get(shown).and_then(|s| s.done.as_ref()).map_or(0.0, |d| d.elapsed_ms))
            }),
            runs: Memo::new(move |_| runs(&lab.read(), &slots.read())),
            error,
            gated,
            approved,
            slots,
            progress: Memo::new(move |_| progress(&slots.read())),
            slow: RwSignal::new(false),
            fallback,
            speed,
            refining: Memo::new(move |_| {
                let shown = lab.with(|l| l.shown);
                slots.with(|v| v.get(shown).is_some_and(|s| s.refining.is_some()))
            }),
            pool,
            lab,
        };
        // `slow` turns on SLOW_MS after runs start, if the same busy spell lasts until then:
        // a timer left from an earlier spell (a run that ended, then a new one) is dropped,
        // which cancels it, so it cannot call a quick run slow.
        let busy = Memo::new(move |_| runner.progress.with(Option::is_some));
        let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        Effect::new(move |_| {
            if busy.get() {
                let slow = runner.slow;
                let timeout = gloo_timers::callback::Timeout::new(SLOW_MS, move || {
                    if busy.try_get_untracked() == Some(true) {
                        slow.try_set(true);
                    }
                });
                timer.set_value(Some(timeout));
            } else {
                timer.set_value(None);
                runner.slow.set(false);
            }
        });
        Effect::new(move |_| {
            let needed = lab.with(needed);
            let approved = approved.get();
            let speed = speed.get_untracked();
            runner.reconcile(needed, &approved, speed);
        });
        // A fluid answer of a scenario whose exact run the page would make without asking
        // (under `GATE_MS`) is refined: the exact run goes on in the background and its
        // report replaces the fluid one when it ends.
        let refinable = Memo::new(move |_| {
            let speed = speed.get();
            // Slots change at every progress reply: the variants are read (and cloned) only
            // once a fluid answer waits for its refinement.
            let waiting = slots.with(|v| {
                v.iter().any(|slot| slot.done.as_ref().is_some_and(|d| unrefined(slot, &d.report.0.scenario)))
            });
            if !waiting {
                return Vec::new();
            }
            let needed = lab.with(needed);
            slots.with(|v| refinable(v, &needed, speed))
        });
        Effect::new(move |_| {
            let wanted = refinable.get();
            if !wanted.is_empty() {
                runner.refine(wanted);
            }
        });
        runner
    }

    /// Sends the exact runs that refine the fluid answers of `wanted` (slot, scenario).
    fn refine(&self, wanted: Vec<(usize, Scenario)>) {
        let mut requests = Vec::new();
        self.slots.update(|slots| {
            for (k, s) in wanted {
                let Some(slot) = slots.get_mut(k) else { continue };
                let id = NEXT_ID.fetch_add(1, Relaxed) + 1;
                requests.push(Request::refine(k as u32, id, &s));
                slot.refined = Some(s.clone());
                slot.refining = Some(Running { id, scenario: s, done_s: 0.0, elapsed_ms: 0.0 });
            }
        });
        self.pool.with_value(|pool| requests.into_iter().for_each(|r| pool.send(r)));
    }

    /// Sends a run for every needed variant whose scenario has none yet, cancels runs no
    /// longer wanted (invalid, waiting for approval, or a variant that went away).
    fn reconcile(&self, needed: Vec<(usize, Scenario)>, approved: &[Scenario], speed: f64) {
        let count = self.lab.with_untracked(|l| l.variants.len());
        let mut requests = Vec::new();
        self.slots.update(|slots| {
            slots.resize_with(count.max(slots.len()), Slot::default);
            for (k, slot) in slots.iter_mut().enumerate() {
                if !needed.iter().any(|(i, _)| *i == k) {
                    // Only what is shown is kept: memory stays one report per shown run.
                    if slot.running.take().is_some() | slot.refining.take().is_some() {
                        requests.push(Request::Cancel { slot: k as u32 });
                    }
                    if k >= count || self.lab.with_untracked(|l| l.shown != k) {
                        *slot = Slot::default();
                    }
                }
            }
            for (k, s) in &needed {
                if slots[*k].settled(s) {
                    continue;
                }
                let runnable = s.validate().is_ok() && (s.work().total() / speed <= GATE_MS || approved.contains(s));
                let slot = &mut slots[*k];
                if runnable {
                    let id = NEXT_ID.fetch_add(1, Relaxed) + 1;
                    // The worker replaces the slot's refinement, if any, by this run.
                    slot.refining = None;
                    requests.push(Request::run(*k as u32, id, s));
                    slot.running = Some(Running { id, scenario: s.clone(), done_s: 0.0, elapsed_ms: 0.0 });
                } else if slot.running.take().is_some() | slot.refining.take().is_some() {
                    requests.push(Request::Cancel { slot: *k as u32 });
                }
            }
        });
        if !requests.is_empty() {
            mark("run-requested");
        }
        self.pool.with_value(|pool| requests.into_iter().for_each(|r| pool.send(r)));
    }

    /// Cancels every run in flight; the charts keep the last finished runs.
    pub fn cancel(&self) {
        let mut requests = Vec::new();
        self.slots.update(|slots| {
            for (k, slot) in slots.iter_mut().enumerate() {
                if let Some(r) = slot.running.take() {
                    slot.cancelled = Some(r.scenario);
                    requests.push(Request::Cancel { slot: k as u32 });
                }
            }
        });
        self.pool.with_value(|pool| requests.into_iter().for_each(|r| pool.send(r)));
    }
}

/// Run ids, unique in the page, so that a reply names the request it answers.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

thread_local! {
    static PLACEHOLDER: Shared = Shared(Arc::new(Simulation::new(&Scenario::default()).into_report()));
}

/// An empty report to show before the first run ends (one per page: `is_placeholder`
/// knows it).
fn placeholder() -> Shared {
    PLACEHOLDER.with(Shared::clone)
}

/// Whether `report` is the placeholder shown before the first run ends: the page then says
/// that the run is on its way, never the empty report's verdict.
pub fn is_placeholder(report: &Shared) -> bool {
    PLACEHOLDER.with(|p| Arc::ptr_eq(&p.0, &report.0))
}

/// Applies a worker's reply to its slot; replies about a replaced run are dropped.
fn receive(slots: &mut [Slot], reply: Reply, speed: RwSignal<f64>) {
    let Some(slot) = slots.get_mut(reply.slot() as usize) else { return };
    if slot.refining.as_ref().is_some_and(|r| r.id == reply.id()) {
        refined(slot, reply);
        return;
    }
    let Some(running) = slot.running.as_mut() else { return };
    match reply {
        Reply::Progress { id, done_s, elapsed_ms, .. } if id == running.id => {
            running.done_s = done_s;
            running.elapsed_ms = elapsed_ms;
        }
        Reply::Done { id, elapsed_ms, report, .. } if id == running.id => {
            mark("run-received");
            let scenario = slot.running.take().expect("running").scenario;
            let work = scenario.work().total();
            match unpack(scenario.clone(), &report) {
                Ok(r) => {
                    slot.done = Some(Finished { report: Shared(Arc::new(r)), elapsed_ms });
                    if work >= MEASURABLE_WORK && elapsed_ms > 0.0 {
                        speed.try_update_untracked(|s| *s = 0.5 * *s + 0.5 * work / elapsed_ms);
                    }
                }
                Err(e) => slot.failed = Some((scenario, e)),
            }
        }
        Reply::Failed { id, message, .. } if id == running.id => {
            slot.failed = Some((slot.running.take().expect("running").scenario, message));
        }
        _ => {}
    }
}

/// Applies a reply about a slot's refinement: its report replaces the fluid one; a
/// refinement that failed leaves the fluid answer.
fn refined(slot: &mut Slot, reply: Reply) {
    match reply {
        Reply::Progress { .. } => {}
        Reply::Done { elapsed_ms, report, .. } => {
            let asked = slot.refining.take().expect("refining").scenario;
            if let Ok(r) = unpack(asked, &report) {
                slot.done = Some(Finished { report: Shared(Arc::new(r)), elapsed_ms });
            }
        }
        Reply::Failed { .. } => slot.refining = None,
    }
}

/// Whether `slot` shows a fluid answer of `s` with nothing in flight, not yet refined.
fn unrefined(slot: &Slot, s: &Scenario) -> bool {
    let fluid = |d: &Finished| d.report.0.summary.engine == Engine::Fluid && &d.report.0.scenario == s;
    slot.done.as_ref().is_some_and(fluid)
        && slot.running.is_none()
        && slot.refining.is_none()
        && slot.refined.as_ref() != Some(s)
}

/// The needed variants (slot, scenario) whose shown answer is the fluid engine's, not yet
/// refined, and whose exact run would take at most `GATE_MS` at `speed` [work units / ms].
fn refinable(slots: &[Slot], needed: &[(usize, Scenario)], speed: f64) -> Vec<(usize, Scenario)> {
    let affordable = |s: &Scenario| {
        let work = s.exact_work();
        work.check().is_ok() && work.total() / speed <= GATE_MS
    };
    needed
        .iter()
        .filter(|(k, s)| slots.get(*k).is_some_and(|slot| unrefined(slot, s)) && affordable(s))
        .cloned()
        .collect()
}

fn progress(slots: &[Slot]) -> Option<Progress> {
    let running: Vec<&Running> = slots.iter().filter_map(|s| s.running.as_ref()).collect();
    (!running.is_empty()).then(|| Progress {
        done_s: running.iter().map(|r| r.done_s).sum(),
        total_s: running.iter().map(|r| r.scenario.duration_s).sum(),
        elapsed_ms: running.iter().map(|r| r.elapsed_ms).fold(0.0, f64::max),
    })
}

fn runs(lab: &Lab, slots: &[Slot]) -> Vec<Run> {
    if !lab.comparing() {
        return Vec::new();
    }
    let slot = |i: usize| slots.get(i).cloned().unwrap_or_default();
    let report = |i: usize, s: &Scenario| match (slot(i), s.validate()) {
        (_, Err(e)) => Err(e.to_string()),
        (Slot { failed: Some((f, why)), .. }, _) if &f == s => Err(why),
        (Slot { done: Some(d), .. }, _) => Ok(d.report),
        _ => Err("running…".into()),
    };
    lab.variants.iter().enumerate().map(|(i, v)| Run { name: v.name.clone(), report: report(i, &v.scenario) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a current fluid answer, not yet refined, nothing in flight, and an exact run
    /// under the gate is refined.
    #[test]
    fn a_fluid_answer_is_refined_once_when_the_exact_run_is_affordable() {
        let s = Scenario { engine: Engine::Fluid, ..Scenario::default() };
        let fluid = Shared(Arc::new(autoscale_sim::run(&s)));
        assert_eq!(fluid.0.summary.engine, Engine::Fluid);
        let done = Slot { done: Some(Finished { report: fluid, elapsed_ms: 1.0 }), ..Slot::default() };
        let needed = vec![(0, s.clone())];
        let speed = FIRST_SPEED;
        assert_eq!(refinable(std::slice::from_ref(&done), &needed, speed), needed, "refined");
        let tried = Slot { refined: Some(s.clone()), ..done.clone() };
        assert!(refinable(&[tried], &needed, speed).is_empty(), "once");
        let running = Slot {
            running: Some(Running { id: 1, scenario: s.clone(), done_s: 0.0, elapsed_ms: 0.0 }),
            ..done.clone()
        };
        assert!(refinable(&[running], &needed, speed).is_empty(), "a newer run comes");
        let work = s.exact_work().total();
        assert!(refinable(std::slice::from_ref(&done), &needed, work / GATE_MS / 2.0).is_empty(), "beyond the gate");
        let mut other = s.clone();
        other.seed += 1;
        assert!(refinable(&[done], &[(0, other)], speed).is_empty(), "not the controls' scenario");
        let exact = Shared(Arc::new(autoscale_sim::run(&Scenario::default())));
        let exact = Slot { done: Some(Finished { report: exact, elapsed_ms: 1.0 }), ..Slot::default() };
        assert!(refinable(&[exact], &[(0, Scenario::default())], speed).is_empty(), "already exact");
    }

    #[test]
    fn only_the_placeholder_is_the_placeholder() {
        assert!(is_placeholder(&placeholder()));
        // A finished run, even an empty-looking one of the same scenario, is a run.
        let run = Shared(Arc::new(autoscale_sim::run(&Scenario::default())));
        assert!(!is_placeholder(&run));
        let copy = Shared(Arc::new((*placeholder().0).clone()));
        assert!(!is_placeholder(&copy));
    }
}
