//! Prints README's validation table: every case of `tests/fluid_cases` run by both engines.
//!
//! `cargo run --release -p autoscale-sim --example validate`

#[path = "../tests/fluid_cases/mod.rs"]
mod cases;

use std::time::Instant;

fn main() {
    println!("| case | claim | utilisation | mean ms exact / fluid | p50 | p95 | p99 | lost % | cost | scaling events | time exact / fluid |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for c in cases::cases() {
        let t = Instant::now();
        let (e, f) = cases::both(&c.scenario);
        let elapsed = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = autoscale_sim::run(&autoscale_sim::Scenario {
            engine: autoscale_sim::scenario::Engine::Fluid,
            ..c.scenario.clone()
        });
        let fluid_s = t.elapsed().as_secs_f64();
        let (le, lf) = (&e.summary.latency_ms, &f.summary.latency_ms);
        let pair = |x: f64, y: f64| format!("{x:.1} / {y:.1} ({:+.1} %)", cases::diff(y, x) * 100.0);
        let lost = |r: &autoscale_sim::Report| {
            let s = &r.summary;
            100.0 * (s.dropped + s.failed) as f64 / s.arrived.max(1) as f64
        };
        println!(
            "| {} | {:?} | {:.2} / {:.2} | {} | {} | {} | {} | {:.2} / {:.2} | {:+.1} % | {} / {} | {:.0} ms / {:.1} ms |",
            c.name,
            c.claim,
            e.summary.utilization,
            f.summary.utilization,
            pair(le.mean, lf.mean),
            pair(le.p50, lf.p50),
            pair(le.p95, lf.p95),
            pair(le.p99, lf.p99),
            lost(&e),
            lost(&f),
            cases::diff(f.summary.cost, e.summary.cost) * 100.0,
            e.summary.scaling_events,
            f.summary.scaling_events,
            (elapsed - fluid_s) * 1000.0,
            fluid_s * 1000.0,
        );
    }
}
