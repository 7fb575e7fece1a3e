//! How fast can an exact event loop go? Issue #12's benchmark scenario run by a loop written
//! for it alone, checked to give the engine's own figures to the last bit.
//!
//! `cargo run --release -p autoscale-sim --example ceiling` prints, in one run, the engine's
//! messages per second, this loop's, this loop's with its arrival and service times made
//! beforehand (free), and this loop's with them drawn on a second thread (`draws.rs`). The
//! loop keeps only what the benchmark needs: one worker per server, a random split, no
//! scaling, no failures; events in the engine's order (time, tick last, sequence number),
//! the same random streams, the same sums in the same order. It exits with an error if any
//! figure of any of the three differs from `run`'s (the summary's counts, utilisation and
//! latencies, every interval's mean queue and p95), so its speed is the speed of the
//! engine's semantics, not of a different simulation. README, "Speed and size", quotes it.

use std::collections::VecDeque;
use std::time::Instant;

use autoscale_sim::event::{key, time_of};
use autoscale_sim::histogram::Histogram;
use autoscale_sim::rng::{Rng, Stream};
use autoscale_sim::{run, Scenario};

#[path = "../../benches/common/mod.rs"]
mod common;
mod draws;

use draws::{made_draws, Draws, Inline, Made, Threaded};

/// The key of no event: above every real one.
const NONE: u128 = u128::MAX;

/// The figures compared with the engine's report.
struct Totals {
    arrived: u64,
    completed: u64,
    dropped: u64,
    /// Integral over time of requests in service [request s].
    busy: f64,
    latency: Histogram,
    /// Each interval's mean queue [requests] and p95 [ms], as the report's series has them.
    rows: Vec<(f64, f64)>,
}

/// The benchmark's run, event by event.
fn run_loop(s: &Scenario, mut draws: impl Draws) -> Totals {
    let n = s.autoscaler.initial_servers as usize;
    let limit = s.service.queue_limit.map_or(usize::MAX, |l| l as usize);
    let mut balancer_rng = Rng::new(s.seed, Stream::Balancer);
    // Per server: the key of its completion (`NONE` when idle), that request's arrival, its queue.
    let mut done = vec![NONE; n];
    let mut done_arrival = vec![0.0f64; n];
    let mut queues: Vec<VecDeque<(f64, f64)>> = vec![VecDeque::new(); n];
    let mut seq = 0u64;
    let mut arrival = draws.arrival().map_or(NONE, |t| key(t, false, 0));
    seq += u64::from(arrival != NONE);
    let (interval, duration) = (s.autoscaler.interval_s, s.duration_s);
    let mut ticks = 1u64;
    let mut tick = key(interval.min(duration), true, seq);
    seq += 1;
    let (mut busy, mut queued) = (0u64, 0u64);
    // The interval's sums, added into the run's at its tick (as `Metrics` does).
    let (mut i_busy, mut i_queued, mut last_t) = (0.0f64, 0.0f64, 0.0f64);
    let (mut i_arrived, mut i_completed, mut i_dropped) = (0u64, 0u64, 0u64);
    let mut i_latency = Histogram::default();
    let mut run =
        Totals { arrived: 0, completed: 0, dropped: 0, busy: 0.0, latency: Histogram::default(), rows: Vec::new() };
    let mut interval_start = 0.0;
    // The earliest completion, and its server.
    let (mut other, mut other_at) = (NONE, 0usize);
    // Integrates the counts up to `t`, as `Metrics::advance` does at every event.
    macro_rules! advance {
        ($t:expr) => {
            let dt = $t - last_t;
            if dt > 0.0 {
                i_busy += busy as i64 as f64 * dt;
                i_queued += queued as i64 as f64 * dt;
                last_t = $t;
            }
        };
    }
    loop {
        if arrival < other && arrival < tick {
            let t = time_of(arrival);
            advance!(t);
            arrival = draws.arrival().map_or(NONE, |next| key(next, false, seq));
            seq += u64::from(arrival != NONE);
            i_arrived += 1;
            let service = draws.service();
            let id = balancer_rng.below(n);
            if done[id] == NONE {
                busy += 1;
                done[id] = key(t + service, false, seq);
                seq += 1;
                done_arrival[id] = t;
                if done[id] < other {
                    (other, other_at) = (done[id], id);
                }
            } else if queues[id].len() < limit {
                queued += 1;
                queues[id].push_back((t, service));
            } else {
                i_dropped += 1;
            }
        } else if other < tick {
            let t = time_of(other);
            advance!(t);
            let id = other_at;
            i_latency.record_also_in(&mut run.latency, t - done_arrival[id]);
            i_completed += 1;
            if let Some((next_arrival, service)) = queues[id].pop_front() {
                queued -= 1;
                done[id] = key(t + service, false, seq);
                seq += 1;
                done_arrival[id] = next_arrival;
            } else {
                busy -= 1;
                done[id] = NONE;
            }
            (other, other_at) = (NONE, 0);
            for (i, &k) in done.iter().enumerate() {
                let earlier = k < other;
                other_at = std::hint::select_unpredictable(earlier, i, other_at);
                other = std::hint::select_unpredictable(earlier, k, other);
            }
        } else {
            let t = time_of(tick);
            advance!(t);
            // The tick: the interval's mean queue and percentiles (as its series row and the
            // autoscaler's observation read them), then its sums into the run's.
            let span = t - interval_start;
            let [_, p95, _] = i_latency.quantiles_s([0.50, 0.95, 0.99]);
            run.rows.push((if span > 0.0 { i_queued / span } else { 0.0 }, p95 * 1000.0));
            interval_start = t;
            run.busy += std::mem::take(&mut i_busy);
            i_queued = 0.0;
            run.arrived += std::mem::take(&mut i_arrived);
            run.completed += std::mem::take(&mut i_completed);
            run.dropped += std::mem::take(&mut i_dropped);
            i_latency.close_into(&mut run.latency);
            if t >= duration {
                return run;
            }
            ticks += 1;
            tick = key((ticks as f64 * interval).min(duration), true, seq);
            seq += 1;
        }
    }
}

fn main() {
    let (hours, rounds) = common::hours_and_rounds();
    let s = common::scenario(hours, true);
    if let Err(e) = s.validate() {
        eprintln!("the benchmark scenario is invalid: {e}");
        std::process::exit(1);
    }
    // The loop's figures against the report's, bit for bit.
    let report = run(&s);
    let (times, services) = made_draws(&s);
    let made = || Made::new(&times, &services);
    for (name, totals) in [
        ("inline", run_loop(&s, Inline::new(&s))),
        ("made", run_loop(&s, made())),
        ("threaded", run_loop(&s, Threaded::new(&s))),
    ] {
        let m = &report.summary;
        let [p50, p95, p99] = totals.latency.quantiles_s([0.50, 0.95, 0.99]).map(|q| q * 1000.0);
        let ours = (
            totals.arrived,
            totals.completed,
            totals.dropped,
            totals.busy / slot_seconds(&s),
            totals.latency.mean_s() * 1000.0,
            p50,
            p95,
            p99,
        );
        let theirs = (
            m.arrived,
            m.completed,
            m.dropped,
            m.utilization,
            m.latency_ms.mean,
            m.latency_ms.p50,
            m.latency_ms.p95,
            m.latency_ms.p99,
        );
        if ours != theirs || totals.latency.max_s() * 1000.0 != m.latency_ms.max {
            eprintln!("the loop ({name} draws) differs from the engine: {ours:?} against {theirs:?}");
            std::process::exit(1);
        }
        let rows: Vec<(f64, f64)> = report.series.iter().map(|r| (r.queue, r.p95_ms)).collect();
        if let Some(k) = (0..rows.len().max(totals.rows.len())).find(|&k| rows.get(k) != totals.rows.get(k)) {
            let (ours, theirs) = (totals.rows.get(k), rows.get(k));
            eprintln!("the loop ({name} draws) differs from the engine in interval {k}'s (queue, p95): {ours:?} against {theirs:?}");
            std::process::exit(1);
        }
    }
    println!("issue #12's scenario over {hours} simulated hours; the loop's figures equal the engine's (arrived, completed, dropped, utilisation, mean, p50, p95, p99, max; every interval's mean queue and p95)");
    // `BENCH_ROUNDS=0`: the check alone (scripts/test.sh runs it so that it cannot rot).
    if rounds == 0 {
        return;
    }
    println!("million messages per second: engine; loop; loop with the draws made beforehand; loop drawing on a second thread");
    let mut ratios = [Vec::new(), Vec::new(), Vec::new()];
    for round in 1..=rounds {
        let timed = |f: &mut dyn FnMut() -> u64| {
            let start = Instant::now();
            let messages = f();
            messages as f64 / start.elapsed().as_secs_f64() / 1e6
        };
        let engine = timed(&mut || run(&s).summary.arrived);
        let loops = [
            timed(&mut || run_loop(&s, Inline::new(&s)).arrived),
            timed(&mut || run_loop(&s, made()).arrived),
            timed(&mut || run_loop(&s, Threaded::new(&s)).arrived),
        ];
        let [a, b, c] = loops.map(|m| m / engine);
        println!(
            "round {round}: {engine:.2}; {:.2}; {:.2}; {:.2}: x {a:.2}, x {b:.2}, x {c:.2} the engine",
            loops[0], loops[1], loops[2]
        );
        for (list, ratio) in ratios.iter_mut().zip([a, b, c]) {
            list.push(ratio);
        }
    }
    let [a, b, c] = ratios.map(|mut list| {
        list.sort_by(f64::total_cmp);
        list[list.len() / 2]
    });
    println!("median: the loop x {a:.2} the engine; with the draws made beforehand x {b:.2}; drawing on a second thread x {c:.2}");
}

/// Worker slots integrated over the run: every server ready throughout [slot s].
fn slot_seconds(s: &Scenario) -> f64 {
    s.autoscaler.initial_servers as f64 * s.service.workers as f64 * s.duration_s
}
