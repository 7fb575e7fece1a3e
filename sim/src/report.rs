//! The report of a run: plain data, serialised as the command line's `--json` output.

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;

/// Everything a run produced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The scenario as run, every field resolved.
    pub scenario: Scenario,
    pub summary: Summary,
    /// Every capacity change, in time order.
    pub events: Vec<ScalingEvent>,
    /// One row per evaluation interval.
    pub series: Vec<SeriesRow>,
    /// One entry per server that existed, in order of creation.
    pub servers: Vec<ServerSummary>,
}

/// Totals of the run: the seed's report plus latency, drops, utilisation and cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Messages that reached the balancer.
    pub arrived: u64,
    pub completed: u64,
    /// Messages refused because the chosen server's queue was full.
    pub dropped: u64,
    /// Messages lost to server failures: held by a server when it crashed, or sent to a
    /// crashed server (or to no server) before health checks noticed.
    pub failed: u64,
    /// Messages still queued or in service when the run ended.
    pub in_flight: u64,
    pub duration_s: f64,
    /// Completed messages per second [1/s].
    pub throughput_rps: f64,
    /// Highest concurrent users [users].
    pub peak_users: f64,
    /// Time-average concurrent users [users].
    pub avg_users: f64,
    /// Most servers billed at once (starting, ready or draining).
    pub peak_servers: u32,
    /// Time-average of servers billed.
    pub avg_servers: f64,
    pub scaling_events: u32,
    pub latency_ms: Latency,
    /// Busy worker time over ready and draining worker time [0-1].
    pub utilization: f64,
    /// Integral of servers billed over time [server-s].
    pub server_seconds: f64,
    /// server_seconds / 3600 * cost_per_hour [currency].
    pub cost: f64,
    /// How the run measured against the scenario's objective.
    pub objective: Verdict,
    /// How closely the ready servers followed the demand (SPEC elasticity metrics).
    pub elasticity: crate::elasticity::Elasticity,
    /// Why the run stopped before `duration_s`, if it did: the waiting requests reached
    /// `simulation::MAX_BACKLOG` (an unbounded queue under more load than the fleet serves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// Which engine produced the report: `exact` (every message) or `fluid` (queueing
    /// theory per interval; counts are rounded expectations).
    pub engine: crate::engine::Engine,
}

/// How a run measured against its objective.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Both the latency ceiling and the loss budget held over the whole run.
    pub met: bool,
    /// The run's value of the objective's percentile [ms].
    pub latency_ms: f64,
    pub latency_met: bool,
    /// Dropped plus failed over arrived, over the whole run [%].
    pub lost_pct: f64,
    pub lost_met: bool,
    /// Length of the intervals whose percentile was above the ceiling [s].
    pub latency_violated_s: f64,
    /// Length of the intervals that lost more than the budget [s].
    pub lost_violated_s: f64,
    /// Length of the intervals that broke either [s].
    pub violated_s: f64,
}

/// Latency from arrival at the balancer to completion, queueing included [ms].
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// Direction of a capacity change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalingKind {
    Up,
    Down,
    /// A server crashed (`from` = `to`: the autoscaler does not know yet).
    Crash,
    /// Health checks took a crashed server out of rotation and a new one replaces it.
    Replace,
}

/// One capacity change, or a failure and its repair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScalingEvent {
    /// When it was decided [s].
    pub t: f64,
    pub kind: ScalingKind,
    /// Desired servers before and after.
    pub from: u32,
    pub to: u32,
    pub reason: String,
}

/// Metrics of one evaluation interval, ending at `t`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesRow {
    /// End of the interval [s].
    pub t: f64,
    /// Time-average concurrent users [users].
    pub users: f64,
    /// Arrivals per second [1/s].
    pub arrival_rps: f64,
    pub completed: u64,
    pub dropped: u64,
    pub failed: u64,
    /// Servers by state at the end of the interval, after the autoscaler's decision.
    pub ready: u32,
    pub starting: u32,
    pub draining: u32,
    /// Users the ready servers carry at 100 % utilisation [users].
    pub capacity_users: f64,
    /// Busy over available worker time in the interval [0-1].
    pub utilization: f64,
    /// Time-average of requests waiting in all queues [requests].
    pub queue: f64,
    /// Latency percentiles of requests completed in the interval [ms].
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// A `predictive` policy's forecast of users, made at `t` for `forecast_t` [s, users].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_t: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_users: Option<f64>,
}

/// What one server did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerSummary {
    pub id: u32,
    pub served: u64,
    /// When it was decided and when it was removed (`null`: still there at the end) [s].
    pub created_s: f64,
    pub gone_s: Option<f64>,
}

impl Report {
    /// The report as compact JSON, byte-identical for the same scenario on every target.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }
}
