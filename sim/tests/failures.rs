//! Failures: crashes lose requests until health checks notice, replacements keep the
//! fleet, and every request is accounted for.

use autoscale_sim::failures::{Crash, FailuresConfig};
use autoscale_sim::scenario::{Pattern, Policy, Strategy};
use autoscale_sim::{run, ScalingKind, Scenario};

/// 4 fixed servers, 40 msg/s round robin, a crash of server 0 at 120 s.
fn crash_scenario() -> Scenario {
    let mut s = Scenario { duration_s: 400.0, ..Scenario::default() };
    s.traffic.pattern = Pattern::Constant;
    s.traffic.base_users = 40.0;
    s.autoscaler.policy = Policy::Fixed;
    (s.autoscaler.min_servers, s.autoscaler.initial_servers, s.autoscaler.max_servers) = (4, 4, 4);
    s.balancer.strategy = Strategy::RoundRobin;
    s.failures = Some(FailuresConfig { crashes: vec![Crash { at_s: 120.0, server: 0 }], ..FailuresConfig::default() });
    s.validate().unwrap();
    s
}

#[test]
fn a_crash_is_noticed_after_three_checks_and_replaced() {
    let s = crash_scenario();
    let r = run(&s);
    let m = &r.summary;
    assert_eq!(m.arrived, m.completed + m.dropped + m.failed + m.in_flight, "conservation with failures");
    let kinds: Vec<(f64, ScalingKind)> = r.events.iter().map(|e| (e.t, e.kind)).collect();
    // Checks every 30 s: the crash at 120 s fails the checks at 120, 150 and 180.
    assert_eq!(kinds, vec![(120.0, ScalingKind::Crash), (180.0, ScalingKind::Replace)]);
    assert!(r.events[1].reason.contains("server 0 failed 3 health checks"), "{}", r.events[1].reason);
    // Round robin sends a quarter of 40 msg/s to the dead server for 60 s: about 600.
    assert!((500..=700).contains(&m.failed), "failed {}", m.failed);
    assert_eq!(m.scaling_events, 0, "crashes and replacements are not scaling decisions");
    // The replacement (id 4) passes 2 checks (210 s, 240 s) before it takes traffic.
    assert_eq!(r.servers[4].created_s, 180.0);
    assert_eq!(r.servers[0].gone_s, Some(180.0));
    let row = |t: f64| r.series.iter().find(|row| row.t == t).unwrap();
    assert_eq!((row(200.0).ready, row(200.0).starting), (3, 1));
    assert_eq!((row(240.0).ready, row(240.0).starting), (4, 0));
    for row in &r.series {
        assert!(row.ready + row.starting >= s.autoscaler.min_servers, "{row:?}");
        assert_eq!(row.failed > 0, row.t > 120.0 && row.t <= 180.0, "failures only while unnoticed: {row:?}");
    }
}

#[test]
fn faster_health_checks_lose_fewer_requests() {
    let mut s = crash_scenario();
    let slow = run(&s).summary.failed;
    s.failures.as_mut().unwrap().health_interval_s = 5.0;
    let fast = run(&s).summary.failed;
    assert!(fast * 4 < slow, "5 s checks ({fast}) vs 30 s checks ({slow})");
}

#[test]
fn a_crash_of_a_server_that_is_not_running_is_reported_and_skipped() {
    let mut s = crash_scenario();
    s.failures.as_mut().unwrap().crashes = vec![Crash { at_s: 10.0, server: 9 }];
    let r = run(&s);
    assert_eq!(r.summary.failed, 0);
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].reason, "scheduled crash of server 9 skipped: it was not running");
}

#[test]
fn random_failures_are_seeded_and_keep_the_fleet() {
    let mut s = crash_scenario();
    s.duration_s = 3600.0;
    s.autoscaler.interval_s = 10.0;
    let f = s.failures.as_mut().unwrap();
    f.crashes.clear();
    f.mtbf_s = Some(600.0);
    let r = run(&s);
    assert_eq!(r.to_json(), run(&s).to_json(), "seeded");
    let crashes = r.events.iter().filter(|e| e.kind == ScalingKind::Crash).count() as f64;
    // About 4 servers x 3600 s / 600 s = 24 crashes (Poisson: within 4 sigma).
    assert!((crashes - 24.0).abs() <= 4.0 * 24f64.sqrt(), "{crashes} crashes");
    let m = &r.summary;
    assert_eq!(m.arrived, m.completed + m.dropped + m.failed + m.in_flight);
    for row in &r.series {
        assert!(row.ready + row.starting >= 4, "{row:?}");
    }
}

#[test]
fn an_autoscaled_fleet_replaces_crashes_and_keeps_scaling() {
    let mut s = Scenario { duration_s: 600.0, ..Scenario::default() };
    s.autoscaler.policy = Policy::TargetTracking;
    s.service.startup_s = 20.0;
    s.failures = Some(FailuresConfig {
        crashes: vec![Crash { at_s: 200.0, server: 0 }, Crash { at_s: 200.0, server: 1 }],
        ..FailuresConfig::default()
    });
    s.validate().unwrap();
    let r = run(&s);
    let m = &r.summary;
    assert_eq!(m.arrived, m.completed + m.dropped + m.failed + m.in_flight);
    assert_eq!(r.events.iter().filter(|e| e.kind == ScalingKind::Replace).count(), 2, "{:#?}", r.events);
    assert!(m.failed > 0);
    assert!(r.series.iter().all(|row| row.ready + row.starting >= s.autoscaler.min_servers));
}

#[test]
fn bad_failure_fields_are_named() {
    let e = Scenario::from_json(r#"{"failures": {"health_interval_s": 0}}"#).unwrap_err().to_string();
    assert_eq!(e, "invalid scenario field `failures.health_interval_s`: 0 is out of range, allowed 0.1 to 86400");
    let e = Scenario::from_json(r#"{"failures": {"crashes": [{"at_s": 5}]}}"#).unwrap_err().to_string();
    assert!(e.starts_with("invalid scenario field `failures.crashes[0]`: missing field `server`"), "{e}");
    assert!(Scenario::from_json(r#"{"failures": null}"#).is_ok());
}
