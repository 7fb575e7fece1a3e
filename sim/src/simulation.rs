//! A run of a scenario by the engine it resolves to (`Scenario::engine_used`): the exact
//! engine (`exact`, every message) or the fluid one (`fluid`, queueing theory per
//! interval). Both advance in slices so that the page's worker can report progress and
//! drop a run nobody wants any more; slicing never changes the report.

use crate::engine::Engine;
use crate::exact::Exact;
use crate::fluid::Fluid;
use crate::report::Report;
use crate::scenario::Scenario;

pub use crate::exact::{MAX_BACKLOG, MAX_SERVERS_CREATED};

/// Runs `scenario`, which must be valid (see `Scenario::validate`), to its end.
pub fn run(scenario: &Scenario) -> Report {
    let mut sim = Simulation::new(scenario);
    while !sim.advance(u64::MAX) {}
    sim.into_report()
}

/// Events of the exact engine worth one interval of the fluid engine, for slicing.
const EVENTS_PER_INTERVAL: u64 = 2_000;

/// A run in progress.
pub enum Simulation {
    Exact(Box<Exact>),
    Fluid(Box<Fluid>),
}

impl Simulation {
    /// Starts `s`, which must be valid, on the engine it resolves to.
    pub fn new(s: &Scenario) -> Simulation {
        match s.engine_used() {
            Engine::Fluid => Simulation::Fluid(Box::new(Fluid::new(s))),
            _ => Simulation::Exact(Box::new(Exact::new(s))),
        }
    }

    /// Which engine runs it.
    pub fn engine(&self) -> Engine {
        match self {
            Simulation::Exact(_) => Engine::Exact,
            Simulation::Fluid(_) => Engine::Fluid,
        }
    }

    /// Simulated time reached so far [s].
    pub fn now_s(&self) -> f64 {
        match self {
            Simulation::Exact(e) => e.now_s(),
            Simulation::Fluid(f) => f.now_s(),
        }
    }

    pub fn is_done(&self) -> bool {
        match self {
            Simulation::Exact(e) => e.is_done(),
            Simulation::Fluid(f) => f.is_done(),
        }
    }

    /// Does about `events` exact events' worth of work; returns whether the run is over.
    pub fn advance(&mut self, events: u64) -> bool {
        match self {
            Simulation::Exact(e) => e.advance(events),
            Simulation::Fluid(f) => f.advance((events / EVENTS_PER_INTERVAL).max(1)),
        }
    }

    /// The report; complete once `advance` has returned true.
    pub fn into_report(self) -> Report {
        match self {
            Simulation::Exact(e) => e.into_report(),
            Simulation::Fluid(f) => f.into_report(),
        }
    }
}
