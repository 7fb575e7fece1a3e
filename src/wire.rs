//! What the page and its run workers say to each other, and how a report crosses between
//! them: the small parts as JSON, the series (the only part that grows with the run) as
//! columns of numbers, so that the page reads a 36,000-interval report in a few
//! milliseconds instead of parsing 10 MB of JSON on the main thread.

use autoscale_sim::report::{ScalingEvent, ServerSummary};
use autoscale_sim::trace::Trace;
use autoscale_sim::{Report, Scenario, SeriesRow, Summary};
use serde::{Deserialize, Serialize};

/// From the page to a worker. `slot` is the variant's place (0 for the shown run); a new
/// `Run` for a slot replaces that slot's run in progress (latest wins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Runs `scenario` (its JSON, plus its trace's contents, which the JSON never holds:
    /// see `pack_trace`); `id` tells its replies from a replaced run's.
    Run {
        slot: u32,
        id: u32,
        scenario: String,
        #[serde(with = "serde_bytes")]
        trace: Vec<u8>,
        /// Run it with the exact engine whatever its `engine` says: the refinement of a
        /// fluid answer (the report keeps the scenario as asked; its summary names the engine).
        #[serde(default)]
        exact: bool,
    },
    /// Drops the slot's run in progress, if any.
    Cancel { slot: u32 },
}

/// From a worker to the page, about the run `id` of `slot`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// Simulated time done [s] after `elapsed_ms` of work [ms].
    Progress { slot: u32, id: u32, done_s: f64, elapsed_ms: f64 },
    /// The finished run, packed (see `pack`).
    Done { slot: u32, id: u32, elapsed_ms: f64, report: Packed },
    /// The scenario could not run: the one-line reason.
    Failed { slot: u32, id: u32, message: String },
}

impl Reply {
    pub fn slot(&self) -> u32 {
        match self {
            Reply::Progress { slot, .. } | Reply::Done { slot, .. } | Reply::Failed { slot, .. } => *slot,
        }
    }

    /// The run it is about.
    pub fn id(&self) -> u32 {
        match self {
            Reply::Progress { id, .. } | Reply::Done { id, .. } | Reply::Failed { id, .. } => *id,
        }
    }
}

impl Request {
    /// The request to run `s` in `slot`.
    pub fn run(slot: u32, id: u32, s: &Scenario) -> Request {
        Request::Run { slot, id, scenario: s.to_json(), trace: pack_trace(s.traffic.trace.as_deref()), exact: false }
    }

    /// The request to run `s` in `slot` with the exact engine (see `Run::exact`).
    pub fn refine(slot: u32, id: u32, s: &Scenario) -> Request {
        Request::Run { slot, id, scenario: s.to_json(), trace: pack_trace(s.traffic.trace.as_deref()), exact: true }
    }

    /// The scenario a `Run` carries, with its trace (and the exact engine if `exact`), or
    /// why it cannot run.
    pub fn scenario(scenario: &str, trace: &[u8], exact: bool) -> Result<Scenario, String> {
        let mut s = Scenario::parse(scenario).map_err(|e| e.to_string())?;
        s.traffic.trace = unpack_trace(trace)?.map(std::sync::Arc::new);
        if exact {
            s.engine = autoscale_sim::engine::Engine::Exact;
        }
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }
}

/// A trace as bytes: a kind byte (0 none, 1 request times, 2 rate points), then f64s.
pub fn pack_trace(trace: Option<&Trace>) -> Vec<u8> {
    let (kind, values): (u8, Vec<f64>) = match trace {
        None => (0, Vec::new()),
        Some(Trace::Requests(times)) => (1, times.clone()),
        Some(Trace::Rates(points)) => (2, points.iter().flatten().copied().collect()),
    };
    std::iter::once(kind).chain(values.iter().flat_map(|x| x.to_le_bytes())).collect()
}

fn unpack_trace(bytes: &[u8]) -> Result<Option<Trace>, String> {
    let damaged = || format!("the trace sent to the worker is damaged ({} bytes)", bytes.len());
    let (&kind, rest) = bytes.split_first().ok_or_else(damaged)?;
    if rest.len() % 8 != 0 {
        return Err(damaged());
    }
    let values: Vec<f64> = rest.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes"))).collect();
    match kind {
        0 => Ok(None),
        1 => Ok(Some(Trace::Requests(values))),
        2 if values.len().is_multiple_of(2) => {
            Ok(Some(Trace::Rates(values.chunks_exact(2).map(|p| [p[0], p[1]]).collect())))
        }
        _ => Err(damaged()),
    }
}

/// A report without its scenario (the page sent it): summary, events and servers as JSON,
/// the series as little-endian f64 columns, `COLUMNS` of them, one after another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Packed {
    pub meta: String,
    #[serde(with = "serde_bytes")]
    pub columns: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Meta {
    summary: Summary,
    events: Vec<ScalingEvent>,
    servers: Vec<ServerSummary>,
}

/// Columns of a series row, in order; a forecast that is absent travels as NaN.
const COLUMNS: usize = 17;

fn row_values(r: &SeriesRow) -> [f64; COLUMNS] {
    [
        r.t,
        r.users,
        r.arrival_rps,
        r.completed as f64,
        r.dropped as f64,
        r.failed as f64,
        f64::from(r.ready),
        f64::from(r.starting),
        f64::from(r.draining),
        r.capacity_users,
        r.utilization,
        r.queue,
        r.p50_ms,
        r.p95_ms,
        r.p99_ms,
        r.forecast_t.unwrap_or(f64::NAN),
        r.forecast_users.unwrap_or(f64::NAN),
    ]
}

fn row_from(v: &[f64; COLUMNS]) -> SeriesRow {
    let some = |x: f64| (!x.is_nan()).then_some(x);
    SeriesRow {
        t: v[0],
        users: v[1],
        arrival_rps: v[2],
        completed: v[3] as u64,
        dropped: v[4] as u64,
        failed: v[5] as u64,
        ready: v[6] as u32,
        starting: v[7] as u32,
        draining: v[8] as u32,
        capacity_users: v[9],
        utilization: v[10],
        queue: v[11],
        p50_ms: v[12],
        p95_ms: v[13],
        p99_ms: v[14],
        forecast_t: some(v[15]),
        forecast_users: some(v[16]),
    }
}

/// Packs `report` for the page (in the worker).
pub fn pack(report: &Report) -> Packed {
    let meta = Meta { summary: report.summary.clone(), events: report.events.clone(), servers: report.servers.clone() };
    let n = report.series.len();
    let mut columns = vec![0u8; n * COLUMNS * 8];
    for (i, row) in report.series.iter().enumerate() {
        for (c, x) in row_values(row).iter().enumerate() {
            let at = (c * n + i) * 8;
            columns[at..at + 8].copy_from_slice(&x.to_le_bytes());
        }
    }
    Packed { meta: serde_json::to_string(&meta).expect("a report always serialises"), columns }
}

/// The report of `scenario` from its packed form (in the page).
pub fn unpack(scenario: Scenario, packed: &Packed) -> Result<Report, String> {
    let meta: Meta = serde_json::from_str(&packed.meta).map_err(|e| format!("the worker's report is damaged: {e}"))?;
    let bytes = &packed.columns;
    if !bytes.len().is_multiple_of(COLUMNS * 8) {
        return Err(format!("the worker's series is damaged: {} bytes", bytes.len()));
    }
    let n = bytes.len() / (COLUMNS * 8);
    let value = |c: usize, i: usize| {
        let at = (c * n + i) * 8;
        f64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
    };
    let series = (0..n).map(|i| row_from(&std::array::from_fn(|c| value(c, i)))).collect();
    Ok(Report { scenario, summary: meta.summary, events: meta.events, series, servers: meta.servers })
}

#[cfg(test)]
mod tests {
    use super::*;
    use autoscale_sim::failures::FailuresConfig;
    use autoscale_sim::run;
    use autoscale_sim::scenario::Policy;

    fn round_trip(s: Scenario) {
        let report = run(&s);
        let back = unpack(s, &pack(&report)).unwrap();
        assert_eq!(back.to_json(), report.to_json());
    }

    #[test]
    fn a_packed_report_reads_back_byte_identical() {
        round_trip(Scenario::default());
        let mut s = Scenario::default();
        s.autoscaler.policy = Policy::Predictive;
        s.failures = Some(FailuresConfig { mtbf_s: Some(60.0), ..Default::default() });
        round_trip(s);
    }

    #[test]
    fn every_policy_and_balancer_reads_back_byte_identical() {
        use autoscale_sim::scenario::Strategy;
        use autoscale_sim::Choice;
        for &policy in Policy::ALL {
            for &strategy in Strategy::ALL {
                let mut s = Scenario { duration_s: 40.0, ..Scenario::default() };
                s.traffic.peak_users = 150.0;
                s.autoscaler.policy = policy;
                s.balancer.strategy = strategy;
                round_trip(s);
            }
        }
    }

    #[test]
    fn empty_and_overloaded_runs_read_back_too() {
        let mut idle = Scenario::default();
        idle.traffic.base_users = 0.0;
        idle.traffic.peak_users = 0.0;
        idle.autoscaler.min_servers = 1;
        idle.autoscaler.initial_servers = 1;
        round_trip(idle);
        let mut flood = Scenario::default();
        flood.traffic.peak_users = 2000.0;
        flood.autoscaler.max_servers = 2;
        flood.service.queue_limit = Some(5);
        round_trip(flood);
    }

    #[test]
    fn a_request_carries_its_trace() {
        for trace in [Trace::Requests(vec![0.5, 1.0, 2.25]), Trace::Rates(vec![[0.0, 10.0], [30.0, 20.0]])] {
            let mut s = Scenario::default();
            s.traffic.pattern = autoscale_sim::scenario::Pattern::Trace;
            s.traffic.trace = Some(std::sync::Arc::new(trace));
            let Request::Run { scenario, trace, exact, .. } = Request::run(0, 1, &s) else { unreachable!() };
            assert_eq!(Request::scenario(&scenario, &trace, exact).unwrap(), s);
        }
        let s = Scenario::default();
        assert!(Request::scenario(&s.to_json(), &[1, 2, 3], false)
            .unwrap_err()
            .contains("trace sent to the worker is damaged"));
    }

    /// A refinement runs the scenario as asked with the exact engine; a plain run as asked.
    #[test]
    fn a_refinement_forces_the_exact_engine() {
        let s = Scenario::default();
        assert_eq!(s.engine, autoscale_sim::engine::Engine::Auto);
        let Request::Run { scenario, trace, exact, .. } = Request::refine(0, 1, &s) else { unreachable!() };
        assert!(exact);
        let forced = Request::scenario(&scenario, &trace, exact).unwrap();
        assert_eq!(forced.engine, autoscale_sim::engine::Engine::Exact);
        assert_eq!(Scenario { engine: s.engine, ..forced }, s);
        let Request::Run { exact, .. } = Request::run(0, 1, &s) else { unreachable!() };
        assert!(!exact);
    }

    #[test]
    fn a_damaged_packet_is_named_not_a_panic() {
        let report = run(&Scenario::default());
        let mut p = pack(&report);
        p.columns.pop();
        assert!(unpack(Scenario::default(), &p).unwrap_err().contains("series is damaged"));
        let p = Packed { meta: "{".into(), columns: Vec::new() };
        assert!(unpack(Scenario::default(), &p).unwrap_err().contains("report is damaged"));
    }
}
