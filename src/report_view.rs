//! The report panel: the seed's metrics plus latency, drops, utilisation and cost.
//!
//! It doubles as the charts' text alternative, so every figure is written out in words.

use autoscale_sim::Report;
use autoscale_sim::{Scenario, Summary};
use leptos::prelude::*;

/// (label, value, unit) rows of the panel, in the seed's order first.
pub fn rows(m: &Summary) -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("Total requests", m.completed.to_string(), "completed"),
        ("Duration", format!("{:.0}", m.duration_s), "s"),
        ("Throughput", format!("{:.2}", m.throughput_rps), "req/s"),
        ("Peak load", format!("{:.0}", m.peak_users), "users"),
        ("Peak servers", m.peak_servers.to_string(), "servers"),
        ("Scaling events", m.scaling_events.to_string(), ""),
        ("Average load", format!("{:.1}", m.avg_users), "users"),
        ("Average servers", format!("{:.2}", m.avg_servers), "servers"),
        ("Latency p50", format!("{:.1}", m.latency_ms.p50), "ms"),
        ("Latency p95", format!("{:.1}", m.latency_ms.p95), "ms"),
        ("Latency p99", format!("{:.1}", m.latency_ms.p99), "ms"),
        ("Latency mean / max", format!("{:.1} / {:.0}", m.latency_ms.mean, m.latency_ms.max), "ms"),
        ("Dropped", format!("{} ({:.2} %)", m.dropped, 100.0 * m.dropped as f64 / m.arrived.max(1) as f64), ""),
        ("Failed (crashes)", format!("{} ({:.2} %)", m.failed, 100.0 * m.failed as f64 / m.arrived.max(1) as f64), ""),
        ("In flight at end", m.in_flight.to_string(), ""),
        ("Utilisation", format!("{:.1}", 100.0 * m.utilization), "%"),
        ("Server time", format!("{:.0}", m.server_seconds), "server-s"),
        ("Cost", format!("{:.4}", m.cost), "$"),
        // Elasticity (SPEC Research Group): supply (ready servers) against demand.
        ("Under-provisioned", elastic(m.elasticity.under_timeshare_pct, m.elasticity.under_accuracy), ""),
        ("Over-provisioned", elastic(m.elasticity.over_timeshare_pct, m.elasticity.over_accuracy), ""),
        (
            "Jitter / instability",
            format!("{:+.2} per min / {:.1} %", m.elasticity.jitter_per_min, m.elasticity.instability_pct),
            "",
        ),
        ("Elasticity deviation", format!("{:.1}", m.elasticity.deviation_pct), "%"),
    ]
}

/// "12.5 % of the time, 0.40 servers on average".
fn elastic(timeshare_pct: f64, servers: f64) -> String {
    format!("{timeshare_pct:.1} % of the time, {servers:.2} servers on average")
}

/// The objective and how the run measured against it, in words (after "met" or "violated").
pub fn objective_line(s: &Scenario, m: &Summary) -> String {
    format!("({}): {}.", s.objective.describe(), m.objective.details(&s.objective))
}

/// The fleet chart's text alternative: the run's figures in one sentence.
pub fn fleet_label(r: &Report) -> String {
    let m = &r.summary;
    format!(
        "Load, servers and latency over {:.0} s: peak {:.0} users, {} to {} servers, p95 latency {:.1} ms, {} dropped. The report lists every figure.",
        m.duration_s, m.peak_users, r.scenario.autoscaler.initial_servers, m.peak_servers, m.latency_ms.p95, m.dropped
    )
}

#[component]
pub fn ReportPanel(
    summary: Signal<Summary>,
    objective: Signal<String>,
    met: Signal<bool>,
    /// In compare mode, the name of the variant this report is of.
    variant: Signal<Option<String>>,
    /// The first run has not ended yet: the summary is an empty run's, judged as nothing.
    pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <section class="report" aria-labelledby="report-title">
            <h2 id="report-title">"Report" {move || variant.get().map(|v| format!(" of variant {v}"))}</h2>
            <Show when=move || summary.with(|m| m.stopped.is_some())>
                <p class="message" id="stopped" role="alert">{move || summary.with(|m| m.stopped.clone())}</p>
            </Show>
            <p id="objective" class="objective" class:met=move || !pending.get() && met.get() class:violated=move || !pending.get() && !met.get()>
                <strong>{move || match (pending.get(), met.get()) {
                    (true, _) => "Objective: ",
                    (false, true) => "Objective met ",
                    (false, false) => "Objective violated ",
                }}</strong>
                {move || if pending.get() { "judged once the first run ends.".to_string() } else { objective.get() }}
            </p>
            <dl id="report">
                {move || rows(&summary.get()).into_iter().map(|(label, value, unit)| view! {
                    <div class="metric">
                        <dt>{label}</dt>
                        <dd><span class="value">{value}</span>" "<small>{unit}</small></dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
    }
}
