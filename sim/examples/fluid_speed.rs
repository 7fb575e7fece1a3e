//! The fluid engine's speed: a day of production traffic, and how the time grows with the
//! duration, the fleet and the message rate (it must not grow with the rate).
//!
//! `cargo run --release -p autoscale-sim --example fluid_speed`

use std::time::Instant;

use autoscale_sim::scenario::{Engine, Metric, Pattern, Policy};
use autoscale_sim::{run, Scenario};

/// Sine traffic between `base` and `peak` users at `rate` messages per user per second,
/// target tracking on utilisation 70 %, 8 workers per server, 1 s intervals.
fn day(duration_s: f64, base: f64, peak: f64, rate: f64) -> Scenario {
    let mut s = Scenario { duration_s, engine: Engine::Fluid, ..Scenario::default() };
    s.traffic.pattern = Pattern::Sine;
    (s.traffic.base_users, s.traffic.peak_users, s.traffic.msg_rate, s.traffic.period_s) = (base, peak, rate, 86_400.0);
    (s.service.workers, s.service.startup_s) = (8, 30.0);
    s.autoscaler.policy = Policy::TargetTracking;
    (s.autoscaler.metric, s.autoscaler.target, s.autoscaler.interval_s) = (Metric::Utilization, 70.0, 1.0);
    (s.autoscaler.min_servers, s.autoscaler.max_servers, s.autoscaler.initial_servers) = (2, 10_000, 200);
    s.validate().expect("valid");
    s
}

/// Median wall time of three runs [s], and the report's messages.
fn time(s: &Scenario) -> (f64, u64) {
    let mut times = Vec::new();
    let mut arrived = 0;
    for _ in 0..3 {
        let t = Instant::now();
        arrived = run(s).summary.arrived;
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times[1], arrived)
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}

fn main() {
    let s = day(86_400.0, 10_000.0, 50_000.0, 1.0);
    let (t, n) = time(&s);
    println!(
        "a day, 10,000-50,000 users x 1 msg/s ({:.2} billion messages), 86,400 intervals: {t:.3} s ({:.0} intervals/s)",
        n as f64 / 1e9,
        86_400.0 / t
    );
    println!(
        "exact engine estimate for the same day: {:.2e} message-equivalents (about {:.0} s at 75 ns each)",
        s.exact_work().total(),
        s.exact_work().total() * 75e-9
    );
    for hours in [1.0, 6.0, 24.0] {
        let (t, _) = time(&day(hours * 3600.0, 10_000.0, 50_000.0, 1.0));
        println!("duration {hours:>4} h: {t:.3} s");
    }
    for scale in [0.01, 0.1, 1.0] {
        let (t, _) = time(&day(86_400.0, 10_000.0 * scale, 50_000.0 * scale, 1.0));
        println!("fleet x {scale:<4} (peak {:.0} users): {t:.3} s", 50_000.0 * scale);
    }
    for rate in [0.001, 1.0, 1000.0] {
        let (t, n) = time(&day(86_400.0, 10_000.0, 50_000.0 * if rate > 1.0 { 0.2 } else { 1.0 }, rate));
        println!("message rate {rate:>7} per user ({n} messages): {t:.3} s");
    }
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory of this process: {mb:.0} MB");
    }
}
