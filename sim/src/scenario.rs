//! The scenario: every input of a run, as plain data with defaults, parsed from JSON and
//! validated.
//!
//! Field names are a public interface shared by the command line, the page's shareable
//! state and the tests. Every field is optional; an unknown field, a wrong type or an
//! out-of-range value is a [`ScenarioError`] naming the field and what is allowed. Each
//! section's type lives with its defaults and its validation: `pattern` (traffic),
//! `service`, `policy` (autoscaler), `balancer`, `failures`, `objective`; this file holds
//! the whole and the relations between sections.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::autoscaler::Metric;
pub use crate::balancer::{BalancerConfig, Strategy};
pub use crate::engine::Engine;
use crate::error::range;
pub use crate::error::ScenarioError;
pub use crate::failures::FailuresConfig;
pub use crate::objective::{Objective, Percentile};
pub use crate::pattern::{Pattern, StepLevel, TrafficConfig};
pub use crate::policy::knative::KpaMetric;
pub use crate::policy::step_scaling::{AdjustmentType, StepAdjustment};
pub use crate::policy::target_tracking::{MetricTarget, RateKind, RatePolicy, SelectPolicy};
pub use crate::policy::weighted_score::ScoreWeights;
pub use crate::policy::{AutoscalerConfig, Policy};
pub use crate::service::{ServerClass, ServiceConfig, ServiceDist, MAX_CLASSES};

/// A complete description of one simulation run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Seed of every random stream of the run.
    pub seed: u64,
    /// Simulated time covered by the run [s].
    pub duration_s: f64,
    pub traffic: TrafficConfig,
    pub service: ServiceConfig,
    pub autoscaler: AutoscalerConfig,
    pub balancer: BalancerConfig,
    /// Server crashes and health checks; `null`: no failures and no health checks.
    pub failures: Option<FailuresConfig>,
    /// The latency ceiling and loss budget the report and comparisons judge the run by.
    pub objective: Objective,
    /// Which engine answers: `exact`, `fluid` or `auto` (exact when small, see `engine`).
    pub engine: Engine,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            seed: 42,
            duration_s: 60.0,
            traffic: TrafficConfig::default(),
            service: ServiceConfig::default(),
            autoscaler: AutoscalerConfig::default(),
            balancer: BalancerConfig::default(),
            failures: None,
            objective: Objective::default(),
            engine: Engine::Auto,
        }
    }
}

/// Most points a consistent-hash ring may have (16 bytes each: 160 MB).
pub const MAX_RING_POINTS: f64 = 10_000_000.0;

/// Most intervals one run may record; bounds the series' memory.
pub const MAX_INTERVALS: f64 = 200_000.0;

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario = Scenario::parse(text)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Parses a scenario from JSON text without validating it, so that a caller can first
    /// attach what the JSON only names (a trace's contents).
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let mut value: Value =
            serde_json::from_str(text).map_err(|e| ScenarioError::document(format!("not valid JSON: {e}")))?;
        // Before the HPA's select policy was per direction, one `select_policy` set both.
        if let Some(Value::Object(a)) = value.get_mut("autoscaler") {
            if let Some(both) = a.remove("select_policy") {
                for key in ["scale_up_select_policy", "scale_down_select_policy"] {
                    a.entry(key).or_insert_with(|| both.clone());
                }
            }
        }
        // Serde would also take an array for a struct, by position; a scenario is objects only.
        let Some(object) = value.as_object() else {
            return Err(ScenarioError::document("expected a JSON object such as {\"duration_s\": 60}"));
        };
        for section in ["traffic", "service", "autoscaler", "balancer", "failures", "objective"] {
            if object.get(section).is_some_and(|v| !(v.is_object() || section == "failures" && v.is_null())) {
                return Err(ScenarioError::new(section, "expected an object"));
            }
        }
        if let Some(Value::Object(autoscaler)) = object.get("autoscaler") {
            check_autoscaler_fields(autoscaler)?;
        }
        serde_path_to_error::deserialize(value.clone()).map_err(|e| {
            let path = e.path().to_string();
            let problem = e.into_inner().to_string();
            match path.as_str() {
                "." | "" => ScenarioError::document(problem),
                // The policies' settings are flattened into `autoscaler`, where serde loses
                // the field's name: find it by reading one field at a time.
                "autoscaler" => {
                    autoscaler_field_error(&value["autoscaler"]).unwrap_or(ScenarioError::new(path, problem))
                }
                _ => ScenarioError::new(path, problem),
            }
        })
    }

    /// Checks every range and every relation between fields, and that a trace pattern has
    /// its trace's contents.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.validate_settings()?;
        let t = &self.traffic;
        if t.pattern == Pattern::Trace && t.trace.is_none() {
            let name = t.trace_file.as_deref().map_or(String::new(), |f| format!(" (`{f}`)"));
            return Err(ScenarioError::new("traffic.trace_file", format!("the trace pattern needs a trace's contents{name}: the command line reads `trace_file` next to the scenario file; the page loads a CSV file you choose")));
        }
        Ok(())
    }

    /// Checks every range and every relation between fields, but not whether a trace's
    /// contents are loaded: a link or a file names a trace without holding its rows.
    pub fn validate_settings(&self) -> Result<(), ScenarioError> {
        range("duration_s", self.duration_s, 0.001, 31_536_000.0)?;
        self.traffic.validate()?;
        self.service.validate()?;
        self.autoscaler.validate()?;
        self.balancer.validate()?;
        if let Some(f) = &self.failures {
            f.validate()?;
        }
        self.objective.validate()?;
        let t = &self.traffic;
        if let (Pattern::Trace, Some(trace)) = (t.pattern, &t.trace) {
            let start = trace.start_s() * t.time_scale;
            if start >= self.duration_s {
                return Err(ScenarioError::new("duration_s", format!(
                    "the trace starts at {start} s, after the run's end ({} s); a trace's seconds are used as written (date-times start at 0)",
                    self.duration_s
                )));
            }
        }
        let ring = self.autoscaler.max_servers as f64 * self.balancer.virtual_nodes as f64;
        if self.balancer.strategy == Strategy::ConsistentHash && ring > MAX_RING_POINTS {
            return Err(ScenarioError::new(
                "balancer.virtual_nodes",
                format!(
                    "max_servers x virtual_nodes is {ring:.0} ring points, at most {MAX_RING_POINTS:.0} are allowed (16 bytes each)"
                ),
            ));
        }
        let intervals = self.duration_s / self.autoscaler.interval_s;
        if intervals > MAX_INTERVALS {
            return Err(ScenarioError::new(
                "autoscaler.interval_s",
                format!("duration_s / interval_s is {intervals:.0} intervals, at most {MAX_INTERVALS:.0} are allowed"),
            ));
        }
        if self.engine == Engine::Fluid && self.failures.is_some() {
            return Err(ScenarioError::new(
                "engine",
                "the fluid engine does not model failures and health checks: use engine exact, or auto (which runs them exactly)",
            ));
        }
        let (engine, work) = self.engine_and_work();
        work.check().map_err(|e| {
            match engine == Engine::Exact && self.engine == Engine::Exact && self.failures.is_none() {
                true => ScenarioError::new(
                    e.path,
                    format!("{}; engine fluid (or auto) answers it with queueing theory", e.problem),
                ),
                false => e,
            }
        })
    }

    /// The engine that runs this scenario: `auto` resolved by the exact run's size and
    /// whether the fluid engine models it (it does not model failures).
    pub fn engine_used(&self) -> Engine {
        self.engine_and_work().0
    }

    /// The work the run will cost on the engine it resolves to, term by term (see `work`).
    pub fn work(&self) -> crate::work::Work {
        self.engine_and_work().1
    }

    /// The engine the scenario resolves to and its work, from one exact estimate.
    fn engine_and_work(&self) -> (Engine, crate::work::Work) {
        let exact = self.exact_work();
        match self.engine.resolve(exact.total(), self.failures.is_none()) {
            Engine::Fluid => (Engine::Fluid, crate::work::fluid_estimate(self.duration_s, self.autoscaler.interval_s)),
            engine => (engine, exact),
        }
    }

    /// The work the exact engine would cost, term by term.
    pub fn exact_work(&self) -> crate::work::Work {
        crate::work::estimate(&crate::work::Inputs {
            duration_s: self.duration_s,
            traffic: &self.traffic,
            autoscaler: &self.autoscaler,
            balancer: &self.balancer,
            failures: self.failures.as_ref(),
            service_ms: self.service.service_ms,
            workers: self.service.workers,
        })
    }

    /// An upper bound on the messages the run will simulate: peak users for the whole run.
    pub fn max_requests(&self) -> f64 {
        crate::work::max_messages(self.duration_s, &self.traffic)
    }

    /// The scenario as pretty JSON, every field resolved.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serialises")
    }
}

/// The field names of `autoscaler`, every policy's settings included.
fn autoscaler_fields() -> Vec<String> {
    match serde_json::to_value(AutoscalerConfig::default()) {
        Ok(Value::Object(fields)) => fields.into_iter().map(|(k, _)| k).collect(),
        _ => Vec::new(),
    }
}

/// Refuses a field of `autoscaler` that no policy has (serde cannot, through flattening).
fn check_autoscaler_fields(autoscaler: &Map<String, Value>) -> Result<(), ScenarioError> {
    let known = autoscaler_fields();
    match autoscaler.keys().find(|k| !known.contains(k)) {
        None => Ok(()),
        Some(unknown) => Err(ScenarioError::new(
            format!("autoscaler.{unknown}"),
            format!("unknown field `{unknown}`, expected one of `{}`", known.join("`, `")),
        )),
    }
}

/// The error of the policy settings block that fails to read `autoscaler`, with its path.
fn autoscaler_field_error(autoscaler: &Value) -> Option<ScenarioError> {
    use crate::policy::{knative, predictive, step_scaling, target_tracking, threshold, weighted_score};
    fn read<T: serde::de::DeserializeOwned>(v: &Value) -> Option<ScenarioError> {
        serde_path_to_error::deserialize::<_, T>(v.clone())
            .err()
            .map(|e| ScenarioError::new(format!("autoscaler.{}", e.path()), e.into_inner().to_string()))
    }
    read::<threshold::Settings>(autoscaler)
        .or_else(|| read::<target_tracking::Settings>(autoscaler))
        .or_else(|| read::<step_scaling::Settings>(autoscaler))
        .or_else(|| read::<predictive::Settings>(autoscaler))
        .or_else(|| read::<weighted_score::Settings>(autoscaler))
        .or_else(|| read::<knative::Settings>(autoscaler))
}
