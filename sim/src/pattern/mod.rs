//! Traffic patterns: the shape of concurrent users over time, one file per pattern.
//!
//! Every pattern is linear, constant or monotone between its breakpoints, and may jump at
//! them; `users(t, Side::Before)` gives the value just before a jump. That is all the
//! arrival generator and the metrics need to be exact.

mod constant;
mod custom;
mod sine;
mod spike;
mod step;
mod three_phase;
pub mod trace;

use crate::scenario::{Pattern, TrafficConfig};

/// Which side of a possible jump at `t` to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The limit from the left: the value just before `t`.
    Before,
    /// The value from `t` on.
    After,
}

/// A pattern's users curve, ready to evaluate.
#[derive(Clone, Debug)]
pub enum Shape {
    Constant(constant::Constant),
    ThreePhase(three_phase::ThreePhase),
    Step(step::Step),
    Spike(spike::Spike),
    Sine(sine::Sine),
    Custom(custom::Custom),
    Trace(trace::TraceShape),
}

impl Shape {
    /// The curve the configuration describes over a run of `duration_s`.
    pub fn new(c: &TrafficConfig, duration_s: f64) -> Shape {
        match c.pattern {
            Pattern::Constant => Shape::Constant(constant::Constant::new(c)),
            Pattern::ThreePhase => Shape::ThreePhase(three_phase::ThreePhase::new(c, duration_s)),
            Pattern::Step => Shape::Step(step::Step::new(c)),
            Pattern::Spike => Shape::Spike(spike::Spike::new(c)),
            Pattern::Sine => Shape::Sine(sine::Sine::new(c)),
            Pattern::Custom => Shape::Custom(custom::Custom::new(c)),
            Pattern::Trace => Shape::Trace(trace::TraceShape::new(c)),
        }
    }

    /// Users at `t` [users], on the given side of a jump.
    #[inline]
    pub fn users(&self, t: f64, side: Side) -> f64 {
        match self {
            Shape::Constant(p) => p.users(t, side),
            Shape::ThreePhase(p) => p.users(t, side),
            Shape::Step(p) => p.users(t, side),
            Shape::Spike(p) => p.users(t, side),
            Shape::Sine(p) => p.users(t, side),
            Shape::Custom(p) => p.users(t, side),
            Shape::Trace(p) => p.users(t, side),
        }
    }

    /// The first breakpoint after `t` [s] (infinity if none): slope changes, jumps, extrema.
    pub fn next_break(&self, t: f64) -> f64 {
        match self {
            Shape::Constant(_) => f64::INFINITY,
            Shape::ThreePhase(p) => p.next_break(t),
            Shape::Step(p) => p.next_break(t),
            Shape::Spike(p) => p.next_break(t),
            Shape::Sine(p) => p.next_break(t),
            Shape::Custom(p) => p.next_break(t),
            Shape::Trace(p) => p.next_break(t),
        }
    }
}

/// The first of `times` (sorted) after `t`, or infinity.
fn first_after(times: impl IntoIterator<Item = f64>, t: f64) -> f64 {
    times.into_iter().find(|&b| b > t).unwrap_or(f64::INFINITY)
}
