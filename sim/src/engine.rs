//! Which engine answers a scenario: the exact one (every message, `simulation`), the fluid
//! one (queueing theory per interval, `fluid`), or `auto`, which picks exact when the run
//! costs about a second in the page or less and fluid above.

crate::choices! {
    /// The scenario's `engine`.
    pub enum Engine {
        Auto = ("auto", "auto", "exact when the run answers in about a second in the page, fluid above."),
        Exact = ("exact", "exact (every message)", "simulates every message: seeded, exact, its time grows with the messages."),
        Fluid = ("fluid", "fluid (queueing theory)", "steps through the intervals with queueing formulas: a day of production traffic in about a second, validated against the exact engine."),
    }
}

/// Most work `auto` gives the exact engine [message-equivalents]: about 0.7 s in the
/// page's worker (130 ns per unit), 0.4 s natively.
pub const AUTO_EXACT_WORK: f64 = 5e6;

impl Engine {
    /// The engine that runs: `auto` resolved by the exact run's estimated work and whether
    /// the fluid engine models the scenario (`fluid_models`).
    pub fn resolve(self, exact_work: f64, fluid_models: bool) -> Engine {
        match self {
            Engine::Auto if exact_work <= AUTO_EXACT_WORK || !fluid_models => Engine::Exact,
            Engine::Auto => Engine::Fluid,
            other => other,
        }
    }
}
