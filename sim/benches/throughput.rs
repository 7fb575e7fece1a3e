//! Benchmark: simulated requests per wall-clock second on a long fixed-fleet run.
//!
//! `cargo bench -p autoscale-sim` prints the figure README quotes. Not a timed test: it
//! asserts nothing about speed, it reports it.

use std::time::Instant;

use autoscale_sim::run;

mod common;

/// `BENCH_HOURS` and `BENCH_ROUNDS` (environment) shorten it, for a profiler (callgrind);
/// `BENCH_SCENARIO=issue` runs issue #12's own wording of it: a random split and 30 ms
/// service instead of round robin and the default 25 ms.
fn main() {
    let (hours, rounds) = common::hours_and_rounds();
    let issue = std::env::var("BENCH_SCENARIO").is_ok_and(|v| v == "issue");
    let s = common::scenario(hours, issue);
    s.validate().expect("the benchmark scenario is valid");

    let (split, service) = if issue { ("random split", 30) } else { ("round robin", 25) };
    println!(
        "scenario: 100 users x 1 msg/s, 4 servers (fixed, {split}), {service} ms exponential service, {hours} simulated hours"
    );
    let mut rates = Vec::new();
    for round in 1..=rounds.max(1) {
        let start = Instant::now();
        let report = run(&s);
        let secs = start.elapsed().as_secs_f64();
        let requests = report.summary.arrived;
        let rate = requests as f64 / secs;
        rates.push(rate);
        println!("round {round}: {requests} requests in {secs:.3} s = {:.2} million requests/s", rate / 1e6);
    }
    rates.sort_by(f64::total_cmp);
    println!("median: {:.2} million simulated requests per second", rates[rates.len() / 2] / 1e6);
}
