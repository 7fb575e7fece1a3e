//! The traffic section and its patterns: the shape of concurrent users over time, one file
//! per pattern.
//!
//! Every pattern is linear, constant or monotone between its breakpoints, and may jump at
//! them; `users(t, Side::Before)` gives the value just before a jump. That is all the
//! arrival generator and the metrics need to be exact. A new pattern is a file here, a
//! variant of [`Pattern`] and its arms below.

mod constant;
mod custom;
mod sine;
mod spike;
mod step;
mod three_phase;
pub mod trace;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{range, ScenarioError};
use crate::trace::Trace;

crate::choices! {
    /// Shape of the user population over time.
    pub enum Pattern {
        ThreePhase = ("three_phase", "three-phase", "ramp base to peak over the first 30 %, hold the peak to 70 %, ramp back down."),
        Constant = ("constant", "constant", "base users for the whole run."),
        Step = ("step", "step", "levels that each hold from their time until the next."),
        Spike = ("spike", "spike (flash crowd)", "base users, and peak users from the spike's start for its length."),
        Sine = ("sine", "sine (daily cycle)", "a cycle from base users (t = 0) to peak users (half a period)."),
        Custom = ("custom", "custom points", "points [t_s, users] joined by straight lines."),
        Trace = ("trace", "trace (CSV file)", "replay a CSV file of requests or rates; users are its rate over msg_rate."),
    }
}

/// One level of a `step` pattern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepLevel {
    /// When the level starts [s].
    pub at_s: f64,
    /// Concurrent users from then on [users].
    pub users: f64,
}

/// The scenario's `traffic` section: who sends messages, and how many.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrafficConfig {
    pub pattern: Pattern,
    /// Concurrent users at the start and end of the run [users].
    pub base_users: f64,
    /// Concurrent users at the peak [users].
    pub peak_users: f64,
    /// Messages each user sends per second, as a Poisson process [1/s].
    pub msg_rate: f64,
    /// Multiplicative noise amplitude: users are scaled by a factor uniform in [1 - noise, 1 + noise], redrawn every second.
    pub noise: f64,
    /// Levels of the `step` pattern, in time order.
    pub steps: Vec<StepLevel>,
    /// Start and length of the `spike` pattern's flash crowd [s].
    pub spike_at_s: f64,
    pub spike_len_s: f64,
    /// Period of the `sine` pattern [s].
    pub period_s: f64,
    /// Points [t_s, users] of the `custom` pattern, in time order.
    pub points: Vec<[f64; 2]>,
    /// The CSV file of the `trace` pattern, relative to the scenario file (command line).
    pub trace_file: Option<String>,
    /// Multiplies the trace's times: 2 plays it twice as slowly [-].
    pub time_scale: f64,
    /// Multiplies the trace's rate: 2 replays every request twice on average [-].
    pub rate_scale: f64,
    /// The trace's contents, loaded by the command line from `trace_file` or by the page
    /// from a chosen file; never part of the JSON.
    #[serde(skip)]
    pub trace: Option<Arc<Trace>>,
}

impl Default for TrafficConfig {
    fn default() -> Self {
        TrafficConfig {
            pattern: Pattern::ThreePhase,
            base_users: 10.0,
            peak_users: 100.0,
            msg_rate: 1.0,
            noise: 0.0,
            steps: vec![StepLevel { at_s: 0.0, users: 100.0 }, StepLevel { at_s: 30.0, users: 20.0 }],
            spike_at_s: 20.0,
            spike_len_s: 10.0,
            period_s: 86_400.0,
            points: vec![[0.0, 10.0], [30.0, 100.0], [60.0, 10.0]],
            trace_file: None,
            time_scale: 1.0,
            rate_scale: 1.0,
            trace: None,
        }
    }
}

impl TrafficConfig {
    /// Checks the fields every pattern reads, then the chosen pattern's (the others are
    /// ignored).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range("traffic.base_users", self.base_users, 0.0, 1_000_000.0)?;
        range("traffic.peak_users", self.peak_users, 0.0, 1_000_000.0)?;
        range("traffic.msg_rate", self.msg_rate, 0.0, 10_000.0)?;
        range("traffic.noise", self.noise, 0.0, 1.0)?;
        match self.pattern {
            Pattern::ThreePhase | Pattern::Constant => Ok(()),
            Pattern::Step => step::validate(self),
            Pattern::Spike => spike::validate(self),
            Pattern::Sine => sine::validate(self),
            Pattern::Custom => custom::validate(self),
            Pattern::Trace => trace::validate(self),
        }
    }

    /// The most users the pattern reaches in a run of `duration_s`, before noise [users].
    pub fn max_users(&self, duration_s: f64) -> f64 {
        match self.pattern {
            Pattern::Constant => self.base_users,
            Pattern::ThreePhase | Pattern::Spike | Pattern::Sine => self.base_users.max(self.peak_users),
            Pattern::Step => self.steps.iter().map(|s| s.users).fold(0.0, f64::max),
            Pattern::Custom => self.points.iter().map(|p| p[1]).fold(0.0, f64::max),
            Pattern::Trace => trace::TraceShape::max_users(self, duration_s),
        }
    }
}

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
            Pattern::Trace => Shape::Trace(trace::TraceShape::new(c, duration_s)),
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

/// The time of the first of `items` (sorted by `time`) after `t`, or infinity; a binary
/// search, so a pattern of 100,000 points costs a few steps per call.
fn first_after_sorted<T>(items: &[T], time: impl Fn(&T) -> f64, t: f64) -> f64 {
    let i = items.partition_point(|x| time(x) <= t);
    items.get(i).map_or(f64::INFINITY, time)
}

/// A list of (time, users) in time order, as the step and custom patterns have.
struct TimedList<'a> {
    /// The list's path, such as `traffic.steps`.
    path: &'a str,
    /// What one entry is called in messages ("level", "point").
    noun: &'a str,
    /// Most entries allowed.
    max: usize,
    /// What the pattern needs, said when the list is empty or too long.
    needs: &'a str,
    /// The path of entry i's time (part 0) or users (part 1).
    part: fn(&str, usize, usize) -> String,
}

/// Checks a list of (time, users): 1 to `max` entries, each in range and after the previous.
fn check_points(points: impl ExactSizeIterator<Item = (f64, f64)>, list: TimedList) -> Result<(), ScenarioError> {
    if points.len() == 0 || points.len() > list.max {
        return Err(ScenarioError::new(list.path, list.needs));
    }
    let path = |i, part| (list.part)(list.path, i, part);
    let mut previous = None;
    for (i, (t, users)) in points.enumerate() {
        range(&path(i, 0), t, 0.0, 31_536_000.0)?;
        range(&path(i, 1), users, 0.0, 1_000_000.0)?;
        if let Some(before) = previous.filter(|&before| t <= before) {
            return Err(ScenarioError::new(
                path(i, 0),
                format!("{t} must be after the previous {}'s {before}", list.noun),
            ));
        }
        previous = Some(t);
    }
    Ok(())
}
