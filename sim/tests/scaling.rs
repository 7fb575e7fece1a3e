//! Whole runs: the threshold rule, cooldown spacing, conservation and lossless scale-in.

mod common;

use autoscale_sim::scenario::{Policy, ServiceDist, Strategy};
use autoscale_sim::{run, Report, ScalingKind, Scenario};

fn assert_conserved(r: &Report) {
    let s = &r.summary;
    assert_eq!(s.arrived, s.completed + s.dropped + s.in_flight, "arrived = completed + dropped + in_flight");
    let served: u64 = r.servers.iter().map(|sv| sv.served).sum();
    assert_eq!(served, s.completed, "every completion belongs to a server");
    let rows: u64 = r.series.iter().map(|row| row.completed).sum();
    assert_eq!(rows, s.completed, "the series adds up to the summary");
}

#[test]
fn default_scenario_scales_up_then_back_down() {
    let r = run(&Scenario::default());
    assert_conserved(&r);
    let kinds: Vec<_> = r.events.iter().map(|e| e.kind).collect();
    assert!(kinds.len() >= 2, "{kinds:?}");
    assert_eq!(kinds.first(), Some(&ScalingKind::Up));
    assert_eq!(kinds.last(), Some(&ScalingKind::Down));
    assert!(r.summary.peak_servers > 2);
    assert_eq!(r.series.len(), 60);
}

#[test]
fn every_event_follows_the_threshold_rule_on_its_interval() {
    let s = Scenario::default();
    let r = run(&s);
    let a = &s.autoscaler;
    for e in &r.events {
        let row = r.series.iter().find(|row| row.t == e.t).expect("events fall on ticks");
        let ready_before = e.from; // startup_s = 0: every desired server was ready
        let per_server = row.users / ready_before as f64;
        match e.kind {
            ScalingKind::Up => {
                assert!(per_server > a.scale_up && e.to == (e.from + a.threshold.step).min(a.max_servers), "{e:?}")
            }
            ScalingKind::Down => {
                assert!(
                    per_server < a.scale_down && e.to == e.from.saturating_sub(a.threshold.step).max(a.min_servers),
                    "{e:?}"
                )
            }
            ScalingKind::Crash | ScalingKind::Replace => panic!("no failures configured: {e:?}"),
        }
        assert!(e.reason.contains(&format!("{per_server:.1}")), "reason names the metric value: {}", e.reason);
    }
}

#[test]
fn cooldown_spaces_actions() {
    let mut s = Scenario::default();
    s.traffic.peak_users = 400.0;
    s.autoscaler.cooldown_s = 7.0;
    let r = run(&s);
    assert!(r.events.len() >= 4);
    for pair in r.events.windows(2) {
        assert!(pair[1].t - pair[0].t >= 7.0, "{:?} then {:?}", pair[0], pair[1]);
        assert_eq!(pair[0].to, pair[1].from, "events chain");
    }
}

#[test]
fn scale_in_loses_no_request() {
    // Long queues, then a sharp drop in load: servers are drained while they hold work,
    // and starting servers are cancelled before they are ready.
    let mut s = Scenario { duration_s: 120.0, ..Scenario::default() };
    s.traffic.peak_users = 300.0;
    s.service.service_ms = 40.0;
    s.service.service_dist = ServiceDist::Lognormal;
    s.service.service_cv = 2.0;
    s.service.queue_limit = None;
    s.service.startup_s = 3.0;
    s.autoscaler.cooldown_s = 1.0;
    s.autoscaler.threshold.step = 3;
    s.balancer.strategy = Strategy::LeastConnections;
    let r = run(&s);
    assert_conserved(&r);
    assert!(r.events.iter().any(|e| e.kind == ScalingKind::Down));
    let removed: Vec<_> = r.servers.iter().filter(|sv| sv.gone_s.is_some()).collect();
    assert!(!removed.is_empty(), "the run removed servers");
    assert!(r.summary.dropped == 0, "unbounded queues drop nothing");
}

#[test]
fn fixed_policy_never_scales() {
    let mut s = Scenario::default();
    s.autoscaler.policy = Policy::Fixed;
    let r = run(&s);
    assert!(r.events.is_empty());
    assert!(r.series.iter().all(|row| row.ready == 2));
}

#[test]
fn same_scenario_same_bytes_other_seed_other_run() {
    let s = Scenario::default();
    assert_eq!(run(&s).to_json(), run(&s).to_json());
    let other = Scenario { seed: 43, ..Scenario::default() };
    assert_ne!(run(&s).summary, run(&other).summary);
}

#[test]
fn balancer_and_policy_do_not_change_the_traffic() {
    // Common random numbers: arrivals come from their own stream.
    let base = run(&Scenario::default());
    let mut s = Scenario::default();
    s.balancer.strategy = Strategy::LeastConnections;
    s.autoscaler.policy = Policy::Fixed;
    assert_eq!(run(&s).summary.arrived, base.summary.arrived);
}

#[test]
fn default_report_matches_the_golden_file() {
    // The browser test compares the wasm build's report with the same file: together they
    // show that native and wasm runs are byte-identical. UPDATE_GOLDEN=1 rewrites it.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/default_report.json");
    let json = run(&Scenario::default()).to_json();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, &json).unwrap();
    }
    let golden = std::fs::read_to_string(path).expect("golden file (UPDATE_GOLDEN=1 makes it)");
    assert!(golden == json, "the default report changed; if on purpose, run with UPDATE_GOLDEN=1");
}

#[test]
fn traffic_with_noise_stays_reproducible_and_differs() {
    let mut s = Scenario::default();
    s.traffic.noise = 0.3;
    let a = run(&s);
    assert_eq!(a.to_json(), run(&s).to_json());
    assert_ne!(a.summary.arrived, run(&Scenario::default()).summary.arrived);
    assert_conserved(&a);
}

#[test]
fn mean_users_follow_the_three_phase_shape() {
    let r = run(&Scenario::default());
    // 60 s: ramp 10 -> 100 over 18 s, hold to 42 s, ramp back to 10 by 60 s.
    let at = |t: f64| r.series.iter().find(|row| row.t == t).unwrap().users;
    assert!((at(1.0) - 12.5).abs() < 1e-9, "{}", at(1.0));
    assert!((at(30.0) - 100.0).abs() < 1e-9);
    assert!((at(60.0) - 12.5).abs() < 1e-9);
    assert!((r.summary.avg_users - (10.0 * 0.6 + 100.0 * 0.4 + 0.6 * 90.0 / 2.0 * 1.0)).abs() < 1e-6);
}

#[test]
fn a_backlog_beyond_the_cap_stops_the_run_and_says_so() {
    // Reproducer: with an unbounded queue memory grew with the backlog (30 million
    // messages, 473 MB). One slow server under 20,000 messages/s reaches the cap at about
    // 500 s; the run stops there, conserving every message, and the report says why.
    let mut s = Scenario { duration_s: 2000.0, ..Scenario::default() };
    s.traffic.pattern = autoscale_sim::scenario::Pattern::Constant;
    s.traffic.base_users = 2000.0;
    s.traffic.msg_rate = 10.0;
    s.service.queue_limit = None;
    s.service.service_ms = 1000.0;
    s.autoscaler.policy = autoscale_sim::scenario::Policy::Fixed;
    (s.autoscaler.min_servers, s.autoscaler.max_servers, s.autoscaler.initial_servers) = (1, 1, 1);
    // The exact engine's memory limit (the fluid engine's backlog is a number).
    s.engine = autoscale_sim::scenario::Engine::Exact;
    s.validate().unwrap();
    let r = run(&s);
    let m = &r.summary;
    let why = m.stopped.as_deref().expect("the run stopped");
    let at: f64 = why.trim_start_matches("the run stopped at t = ").split(' ').next().unwrap().parse().unwrap();
    assert!((450.0..550.0).contains(&at) && why.contains("10000000 requests were waiting"), "{why}");
    assert_eq!(m.arrived, m.completed + m.dropped + m.in_flight);
    assert!(m.in_flight >= autoscale_sim::simulation::MAX_BACKLOG);
    assert!(r.to_json().contains("\"stopped\":"));
    assert!(!run(&Scenario::default()).to_json().contains("stopped"), "absent from a run that finished");
}

#[test]
fn a_run_that_creates_a_million_servers_stops_and_says_so() {
    // Every server ever created is kept with its line in the report: a fleet swinging
    // between 1 and 1,000 servers every second creates a million in about 2,000 s. The run
    // stops there (about 200 MB), conserving every message, and the report says why.
    use autoscale_sim::scenario::{Pattern, StepLevel};
    let mut s = Scenario { duration_s: 2400.0, ..Scenario::default() };
    s.traffic.pattern = Pattern::Step;
    s.traffic.msg_rate = 0.001;
    s.traffic.steps =
        (0..2400).map(|i| StepLevel { at_s: i as f64, users: if i % 2 == 0 { 1e6 } else { 0.0 } }).collect();
    let a = &mut s.autoscaler;
    (a.min_servers, a.initial_servers, a.max_servers, a.cooldown_s) = (1, 1, 1000, 0.0);
    a.threshold.step = 1000;
    s.engine = autoscale_sim::scenario::Engine::Exact;
    s.validate().unwrap();
    let r = run(&s);
    let m = &r.summary;
    let why = m.stopped.as_deref().expect("the run stopped");
    assert!(why.contains("1000000 servers were created"), "{why}");
    let max = autoscale_sim::simulation::MAX_SERVERS_CREATED;
    assert!((max..max + 1000).contains(&r.servers.len()), "{} servers", r.servers.len());
    assert_eq!(m.arrived, m.completed + m.dropped + m.in_flight);
}
