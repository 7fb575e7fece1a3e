//! A search space for `tune`: which settings may vary and over which ranges, the budget
//! and the seed, read from JSON such as
//! `{"vary": {"autoscaler.scale_up": [10, 60], "autoscaler.min_servers": [1, 10]}, "budget": 200}`.
//! Without `vary`, the policy's own settings vary over sensible ranges (`defaults`).
//! Errors are `ScenarioError`s whose path names the space file's field.

use serde_json::Value;

use crate::error::ScenarioError;
use crate::scenario::{Policy, Scenario};

/// Most evaluations a search may ask for.
pub const MAX_BUDGET: usize = 100_000;

/// One setting that varies: its path in the scenario JSON and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// As the scenario JSON names it, e.g. `autoscaler.scale_up`.
    pub path: String,
    pub lo: f64,
    pub hi: f64,
    /// Whole numbers only (servers, steps).
    pub integer: bool,
}

/// What may vary, how many runs the search may make, and its seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Space {
    pub params: Vec<Param>,
    /// Evaluations (runs) the search makes at most.
    pub budget: usize,
    /// Engine work the search may spend at most [message-equivalents, `work::estimate`],
    /// if limited: the cost of a search, whatever its runs' sizes.
    pub work: Option<f64>,
    pub seed: u64,
}

/// Sensible ranges for a policy's own settings: (path, lo, hi).
pub fn defaults(policy: Policy) -> &'static [(&'static str, f64, f64)] {
    match policy {
        Policy::Threshold => &[
            ("autoscaler.scale_up", 5.0, 100.0),
            ("autoscaler.scale_down", 1.0, 50.0),
            ("autoscaler.cooldown_s", 0.0, 120.0),
            ("autoscaler.min_servers", 1.0, 10.0),
        ],
        Policy::TargetTracking | Policy::Predictive => {
            &[("autoscaler.target", 5.0, 100.0), ("autoscaler.min_servers", 1.0, 10.0)]
        }
        Policy::Step => &[
            ("autoscaler.scale_up", 5.0, 100.0),
            ("autoscaler.scale_down", 1.0, 50.0),
            ("autoscaler.min_servers", 1.0, 10.0),
        ],
        Policy::WeightedScore => &[("autoscaler.score_threshold", 0.05, 0.9), ("autoscaler.min_servers", 1.0, 10.0)],
        Policy::Knative => &[("autoscaler.kpa_target", 1.0, 200.0), ("autoscaler.stable_window_s", 6.0, 300.0)],
        Policy::Fixed => &[("autoscaler.initial_servers", 1.0, 50.0)],
    }
}

impl Space {
    /// Reads a space file for searches on `base`.
    pub fn parse(text: &str, base: &Scenario) -> Result<Space, ScenarioError> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| ScenarioError::document(format!("the search space is not JSON: {e}")))?;
        let Value::Object(map) = &v else {
            return Err(ScenarioError::document("the search space must be a JSON object"));
        };
        for key in map.keys() {
            if !["vary", "budget", "work", "seed"].contains(&key.as_str()) {
                return Err(ScenarioError::new(
                    key.clone(),
                    "is not a field of a search space (vary, budget, work, seed)",
                ));
            }
        }
        let budget =
            match v.get("budget") {
                None => 200,
                Some(b) => b.as_u64().filter(|b| (1..=MAX_BUDGET as u64).contains(b)).ok_or_else(|| {
                    ScenarioError::new("budget", format!("must be a whole number from 1 to {MAX_BUDGET}"))
                })? as usize,
            };
        let work = match v.get("work") {
            None => None,
            Some(w) => Some(w.as_f64().filter(|w| (1.0..=1e15).contains(w)).ok_or_else(|| {
                ScenarioError::new(
                    "work",
                    "must be the engine work the search may spend, 1 to 1e15 message-equivalents",
                )
            })?),
        };
        let seed = match v.get("seed") {
            None => base.seed,
            Some(s) => s.as_u64().ok_or_else(|| ScenarioError::new("seed", "must be a whole number"))?,
        };
        let scenario = serde_json::to_value(base).map_err(|e| ScenarioError::document(e.to_string()))?;
        let params = match v.get("vary") {
            None => defaults(base.autoscaler.policy)
                .iter()
                .map(|&(path, lo, hi)| param(&scenario, path, lo, hi, &format!("vary.{path}")))
                .collect::<Result<Vec<_>, _>>()?,
            Some(Value::Object(vary)) if !vary.is_empty() => {
                let mut out = Vec::new();
                for (path, range) in vary {
                    let at = format!("vary.{path}");
                    let pair =
                        range.as_array().filter(|a| a.len() == 2).and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)));
                    let (lo, hi) =
                        pair.ok_or_else(|| ScenarioError::new(&at, "must be a range [low, high] of two numbers"))?;
                    out.push(param(&scenario, path, lo, hi, &at)?);
                }
                out
            }
            Some(_) => {
                return Err(ScenarioError::new(
                    "vary",
                    "must map settings to ranges, e.g. {\"autoscaler.scale_up\": [10, 60]}",
                ))
            }
        };
        Ok(Space { params, budget, work, seed })
    }
}

/// A setting of the scenario at `path`, checked: it exists and is a number (or `null`,
/// an optional number), and `lo <= hi`.
pub fn param(scenario: &Value, path: &str, lo: f64, hi: f64, at: &str) -> Result<Param, ScenarioError> {
    let current = lookup(scenario, path)
        .ok_or_else(|| ScenarioError::new(at, format!("`{path}` is not a setting of the scenario")))?;
    if !(current.is_number() || current.is_null()) {
        return Err(ScenarioError::new(at, format!("`{path}` is not a number, so it cannot vary over a range")));
    }
    if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
        return Err(ScenarioError::new(at, format!("the range [{lo}, {hi}] must run from low to high")));
    }
    Ok(Param { path: path.to_string(), lo, hi, integer: current.is_u64() })
}

/// The value at a dotted path ("autoscaler.scale_up", "seed").
pub fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, key| v.get(key))
}

/// Writes `x` at `path`, as a whole number for an integer setting.
pub fn write(v: &mut Value, p: &Param, x: f64) {
    let mut slot = v;
    for key in p.path.split('.') {
        slot = &mut slot[key];
    }
    *slot = if p.integer { Value::from(x.round().max(0.0) as u64) } else { Value::from(x) };
}
