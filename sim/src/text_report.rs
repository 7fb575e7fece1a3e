//! The seed-style text report of the command line: configuration, metrics and the
//! numbered list of scaling events.

use std::fmt::Write;

use crate::choice::Choice;
use crate::pattern::Pattern;
use crate::report::{Report, ScalingKind};

/// How much the text report says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Configuration, metrics and events.
    Summary,
    /// Also a status line per interval, with the events as they happen.
    PerInterval,
}

const RULE: &str = "======================================================================";

/// The seed-style text report.
pub fn render_text(r: &Report, detail: Detail) -> String {
    let s = &r.scenario;
    let m = &r.summary;
    let mut o = String::new();
    let _ = writeln!(o, "{RULE}\n📋 Configuration\n{RULE}");
    let _ = writeln!(o, "   Simulation duration: {}s", s.duration_s);
    match (&s.traffic.trace, s.traffic.pattern) {
        (Some(trace), Pattern::Trace) => {
            let name = s.traffic.trace_file.as_deref().unwrap_or("trace");
            let _ = writeln!(
                o,
                "   Traffic: trace {name}, {}, time x{} rate x{}",
                trace.describe(),
                s.traffic.time_scale,
                s.traffic.rate_scale
            );
        }
        _ => {
            let _ = writeln!(o, "   Traffic: {}", s.traffic.pattern.name());
            let _ = writeln!(o, "   Base load: {} concurrent users", s.traffic.base_users);
            let _ = writeln!(o, "   Peak load: {} concurrent users", s.traffic.peak_users);
        }
    }
    let a = &s.autoscaler;
    let _ =
        writeln!(o, "   Policy: {}, {}-{} servers, {}", a.policy.name(), a.min_servers, a.max_servers, a.describe());
    let sv = &s.service;
    let queue = sv.queue_limit.map_or("unbounded".to_string(), |q| q.to_string());
    let _ = writeln!(
        o,
        "   Service: {} ms {}, {} worker(s), queue {}; balancer {}; seed {}",
        sv.service_ms,
        sv.service_dist.name(),
        sv.workers,
        queue,
        s.balancer.strategy.name(),
        s.seed
    );
    let _ = writeln!(o, "{RULE}\n");
    if let Some(why) = &m.stopped {
        let _ = writeln!(o, "⛔ {why}\n");
    }
    if detail == Detail::PerInterval {
        let mut events = r.events.iter().peekable();
        for row in &r.series {
            while let Some(e) = events.next_if(|e| e.t <= row.t) {
                let what = match e.kind {
                    ScalingKind::Up => format!("scaling up to {} servers", e.to),
                    ScalingKind::Down => format!("scaling down to {} servers", e.to),
                    ScalingKind::Crash => "crash".to_string(),
                    ScalingKind::Replace => "replacement".to_string(),
                };
                let _ = writeln!(o, "⚠️  t={:>7.1}s {what}: {}", e.t, e.reason);
            }
            let _ = writeln!(
                o,
                "📊 t={:>7.1}s | Load: {:>5.0} users | Servers: {:>3} | Requests: {:>6} | Dropped: {:>4} | p95: {:>7.1} ms",
                row.t,
                row.users,
                row.ready + row.starting,
                row.completed,
                row.dropped,
                row.p95_ms
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "{RULE}\n📊 Auto-Scaling System Metrics\n{RULE}");
    let lines = [
        format!("Total requests processed: {}", m.completed),
        format!(
            "Arrived / dropped / failed / in flight: {} / {} / {} / {}",
            m.arrived, m.dropped, m.failed, m.in_flight
        ),
        format!("Total duration: {:.2}s", m.duration_s),
        format!("Average throughput: {:.2} req/s", m.throughput_rps),
        format!("Peak load: {:.0} concurrent users", m.peak_users),
        format!("Peak servers: {}", m.peak_servers),
        format!("Scaling events: {}", m.scaling_events),
        format!("Average load: {:.1} users", m.avg_users),
        format!("Average servers: {:.2}", m.avg_servers),
        format!(
            "Latency (ms): mean {:.1}, p50 {:.1}, p95 {:.1}, p99 {:.1}, max {:.1}",
            m.latency_ms.mean, m.latency_ms.p50, m.latency_ms.p95, m.latency_ms.p99, m.latency_ms.max
        ),
        format!("Utilization: {:.1} %", m.utilization * 100.0),
        format!("Server-seconds: {:.1}, cost: {:.4}", m.server_seconds, m.cost),
        format!("Objective {}: {}", s.objective.describe(), m.objective.describe(&s.objective)),
    ];
    for line in lines {
        let _ = writeln!(o, "   {line}");
    }
    let _ = writeln!(o, "{RULE}\n\n🔄 Scaling Events:");
    if r.events.is_empty() {
        let _ = writeln!(o, "   (none)");
    }
    for (i, e) in r.events.iter().enumerate() {
        let (icon, kind) = match e.kind {
            ScalingKind::Up => ("📈", "SCALE_UP"),
            ScalingKind::Down => ("📉", "SCALE_DOWN"),
            ScalingKind::Crash => ("💥", "CRASH"),
            ScalingKind::Replace => ("🔁", "REPLACE"),
        };
        let _ = writeln!(o, "   {}. {icon} {kind}: {} servers (t={:.1}s, {})", i + 1, e.to, e.t, e.reason);
    }
    let _ = writeln!(o, "{RULE}");
    o
}
