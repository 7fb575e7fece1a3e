//! Trace replay: the Azure conversation trace replays its requests exactly; rate series,
//! time and rate scaling, and the command line's `trace_file`.

use std::sync::Arc;

use autoscale_sim::scenario::{Pattern, Policy};
use autoscale_sim::trace::Trace;
use autoscale_sim::{run, Scenario};

/// The shared Azure conversation trace, or `None` (with a message) when it is absent.
fn azure_conv() -> Option<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/traces/azure_llm_conv_2023.csv");
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("SKIPPED: {path} not readable ({e}); the trace tests need ../shared/traces beside the project");
            None
        }
    }
}

fn trace_scenario(trace: Trace, duration_s: f64) -> Scenario {
    let mut s = Scenario { duration_s, ..Scenario::default() };
    s.traffic.pattern = Pattern::Trace;
    s.traffic.trace = Some(Arc::new(trace));
    s.autoscaler.interval_s = 60.0;
    s.autoscaler.policy = Policy::Fixed;
    s
}

/// Seconds since midnight of a row such as `2023-11-16 18:15:46.6805900,374,44`, read
/// independently of the parser under test.
fn clock_seconds(row: &str) -> f64 {
    let time = &row.split(',').next().unwrap()[11..];
    let mut parts = time.split(':').map(|p| p.parse::<f64>().unwrap());
    let (h, m, s) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    h * 3600.0 + m * 60.0 + s
}

#[test]
fn azure_conversation_trace_replays_its_count_and_per_minute_rates() {
    let Some(text) = azure_conv() else { return };
    let rows: Vec<f64> = text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(clock_seconds).collect();
    assert_eq!(rows.len(), 19_366, "the trace's documented row count");
    let t0 = rows.iter().cloned().fold(f64::INFINITY, f64::min);
    let span = rows.iter().cloned().fold(0.0, f64::max) - t0;
    let duration = (span / 60.0).ceil() * 60.0;
    let mut want = vec![0u64; (duration / 60.0) as usize];
    for t in &rows {
        want[((t - t0) / 60.0) as usize] += 1;
    }

    let trace = Trace::parse(&text).unwrap();
    let mut s = trace_scenario(trace, duration);
    s.validate().unwrap();
    let r = run(&s);
    assert_eq!(r.summary.arrived, 19_366);
    let got: Vec<u64> = r.series.iter().map(|row| (row.arrival_rps * 60.0).round() as u64).collect();
    assert_eq!(got, want, "requests per minute");
    let peak = *want.iter().max().unwrap() as f64 / 60.0;
    println!("Azure conversation trace: {} requests over {span:.0} s, peak minute {peak:.1} req/s", rows.len());

    // Users are the trace's rate over msg_rate: twice the users at half the message rate.
    s.traffic.msg_rate = 0.5;
    let half = run(&s);
    for (a, b) in r.series.iter().zip(&half.series) {
        assert!((b.users - 2.0 * a.users).abs() < 1e-9 * (1.0 + a.users));
    }
    let mean_users: f64 = r.series.iter().map(|row| row.users).sum::<f64>() / r.series.len() as f64;
    assert!(
        (mean_users - 19_366.0 / duration).abs() < 0.01,
        "mean users {mean_users} = requests / duration at 1 msg/s"
    );
}

#[test]
fn azure_trace_compares_target_tracking_and_predictive() {
    let Some(text) = azure_conv() else { return };
    let trace = Trace::parse(&text).unwrap();
    let mut s = trace_scenario(trace, 3600.0);
    s.autoscaler.interval_s = 15.0;
    s.service.service_ms = 400.0;
    s.service.startup_s = 60.0;
    s.autoscaler.metric = autoscale_sim::scenario::Metric::Utilization;
    s.autoscaler.target = 60.0;
    s.autoscaler.min_servers = 1;
    s.autoscaler.initial_servers = 2;
    s.autoscaler.max_servers = 20;
    for policy in [Policy::TargetTracking, Policy::Predictive] {
        s.autoscaler.policy = policy;
        s.validate().unwrap();
        let m = run(&s).summary;
        assert_eq!(m.arrived, 19_366);
        assert_eq!(m.arrived, m.completed + m.dropped + m.failed + m.in_flight);
        println!(
            "{policy:?}: p95 {:.0} ms, dropped {}, avg servers {:.2}, events {}",
            m.latency_ms.p95, m.dropped, m.avg_servers, m.scaling_events
        );
        assert!(m.scaling_events > 0, "{policy:?} reacts to the trace");
    }
}

#[test]
fn rate_series_gives_poisson_arrivals_at_its_rate() {
    let trace = Trace::parse("t_s,rps\n0,20\n100,50\n200,0\n").unwrap();
    let mut s = trace_scenario(trace, 300.0);
    s.autoscaler.interval_s = 100.0;
    s.traffic.msg_rate = 2.0;
    s.validate().unwrap();
    let r = run(&s);
    let per_piece: Vec<f64> = r.series.iter().map(|row| row.arrival_rps * 100.0).collect();
    for (got, want) in per_piece.iter().zip([2000.0, 5000.0, 0.0]) {
        assert!((got - want).abs() <= 4.0 * want.sqrt(), "{got} vs {want} within 4 sigma");
    }
    let users: Vec<f64> = r.series.iter().map(|row| row.users).collect();
    assert_eq!(users, vec![10.0, 25.0, 0.0], "users = rate / msg_rate");
}

/// A trace's last request plays when the run ends exactly at its time, and requests with
/// the same time fall in the same interval, including at an interval's end.
#[test]
fn the_last_request_plays_and_equal_times_share_an_interval() {
    let mut times = vec![0.5, 1.0, 1.0, 1.0, 2.0, 2.5];
    times.extend([3.0; 5]);
    let mut s = trace_scenario(Trace::Requests(times.clone()), 3.0);
    s.autoscaler.interval_s = 1.0;
    let r = run(&s);
    assert_eq!(r.summary.arrived, times.len() as u64, "every request, the five at exactly 3 s included");
    let per_interval: Vec<f64> = r.series.iter().map(|row| row.arrival_rps).collect();
    assert_eq!(per_interval, vec![4.0, 1.0, 6.0], "(0, 1]: 0.5 and three at 1; (1, 2]: 2; (2, 3]: 2.5 and five at 3");
}

#[test]
fn time_and_rate_scaling() {
    let times: Vec<f64> = (0..1000).map(|i| i as f64 * 0.1).collect();
    let trace = Trace::Requests(times);
    let mut s = trace_scenario(trace, 300.0);
    s.traffic.rate_scale = 2.0;
    assert_eq!(run(&s).summary.arrived, 2000, "a whole rate scale replays every request that many times");
    s.traffic.rate_scale = 0.5;
    let half = run(&s).summary.arrived as f64;
    assert!((half - 500.0).abs() <= 4.0 * (1000.0f64 * 0.25).sqrt(), "{half}: binomial(1000, 0.5)");
    s.traffic.rate_scale = 1.0;
    s.traffic.time_scale = 2.0;
    s.autoscaler.interval_s = 100.0;
    let r = run(&s);
    // Intervals are (start, end] (event.rs): the request at exactly 100 s is the first
    // interval's, so 0, 0.2, ..., 100: 501.
    assert_eq!(r.series[0].arrival_rps * 100.0, 501.0, "twice as slow: half the requests in the first 100 s");
    assert_eq!(r.summary.arrived, 1000);
    s.duration_s = 50.0;
    s.autoscaler.interval_s = 10.0;
    assert_eq!(run(&s).summary.arrived, 251, "the run's end cuts the trace after its request at exactly 50 s");
}

#[test]
fn a_trace_without_contents_or_starting_after_the_run_is_explained() {
    let e = Scenario::from_json(r#"{"traffic": {"pattern": "trace", "trace_file": "x.csv"}}"#).unwrap_err().to_string();
    assert!(
        e.starts_with(
            "invalid scenario field `traffic.trace_file`: the trace pattern needs a trace's contents (`x.csv`)"
        ),
        "{e}"
    );
    let s = trace_scenario(Trace::Requests(vec![1.7e9]), 600.0);
    let e = s.validate().unwrap_err().to_string();
    assert!(e.contains("the trace starts at 1700000000 s, after the run's end (600 s)"), "{e}");
}

#[test]
fn a_trace_far_longer_than_the_run_bins_only_the_run() {
    // Reproducer: a last time of 1e15 s sized 1e14 bins and aborted on a failed
    // allocation; 1e9 s took 3.1 GB for a 60 s run. Only the run's bins are made now.
    for last in [1e9, 1e15, 1e300] {
        let trace = Trace::parse(&format!("0\n1\n2.5\n{last}\n")).unwrap();
        let s = trace_scenario(trace, 60.0);
        s.validate().unwrap();
        assert!(s.max_requests().is_finite());
        let r = run(&s);
        assert_eq!(r.summary.arrived, r.summary.completed + r.summary.dropped + r.summary.in_flight);
        assert!(r.summary.arrived <= 10, "{last}: {} arrivals", r.summary.arrived);
    }
}
