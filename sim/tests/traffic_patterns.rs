//! Traffic patterns: the users curve each describes, and arrivals that follow it.

use autoscale_sim::scenario::{Pattern, Policy, StepLevel};
use autoscale_sim::{run, Report, Scenario};

fn scenario(pattern: Pattern, duration_s: f64) -> Scenario {
    let mut s = Scenario { duration_s, ..Scenario::default() };
    s.traffic.pattern = pattern;
    s.autoscaler.policy = Policy::Fixed;
    s.service.queue_limit = None;
    s.autoscaler.min_servers = 10;
    s.autoscaler.initial_servers = 10;
    s
}

fn users_at(r: &Report, t: f64) -> f64 {
    r.series.iter().find(|row| row.t == t).unwrap_or_else(|| panic!("no row at {t}")).users
}

/// Arrivals are Poisson with mean msg_rate x the integral of users: 4 standard deviations.
fn assert_poisson_count(r: &Report, expected: f64) {
    let got = r.summary.arrived as f64;
    assert!((got - expected).abs() < 4.0 * expected.sqrt(), "arrived {got}, expected {expected:.0}");
}

#[test]
fn step_levels_hold_until_the_next_step() {
    let mut s = scenario(Pattern::Step, 600.0);
    s.traffic.steps = vec![StepLevel { at_s: 0.0, users: 100.0 }, StepLevel { at_s: 200.0, users: 20.0 }];
    let r = run(&s);
    assert_eq!(users_at(&r, 200.0), 100.0);
    assert_eq!(users_at(&r, 201.0), 20.0);
    assert_eq!(users_at(&r, 600.0), 20.0);
    assert_poisson_count(&r, 100.0 * 200.0 + 20.0 * 400.0);
    assert!((r.summary.avg_users - (100.0 * 200.0 + 20.0 * 400.0) / 600.0).abs() < 1e-9);
}

#[test]
fn a_step_inside_an_interval_is_averaged_exactly() {
    let mut s = scenario(Pattern::Step, 20.0);
    s.autoscaler.interval_s = 10.0;
    s.traffic.steps = vec![StepLevel { at_s: 0.0, users: 10.0 }, StepLevel { at_s: 2.5, users: 50.0 }];
    let r = run(&s);
    assert!((users_at(&r, 10.0) - (10.0 * 2.5 + 50.0 * 7.5) / 10.0).abs() < 1e-9);
}

#[test]
fn spike_is_a_flash_crowd() {
    let mut s = scenario(Pattern::Spike, 600.0);
    (s.traffic.base_users, s.traffic.peak_users, s.traffic.spike_at_s, s.traffic.spike_len_s) =
        (20.0, 200.0, 300.0, 60.0);
    let r = run(&s);
    assert_eq!(users_at(&r, 300.0), 20.0);
    assert_eq!(users_at(&r, 301.0), 200.0);
    assert_eq!(users_at(&r, 360.0), 200.0);
    assert_eq!(users_at(&r, 361.0), 20.0);
    assert_eq!(r.summary.peak_users, 200.0);
    assert_poisson_count(&r, 20.0 * 540.0 + 200.0 * 60.0);
}

#[test]
fn sine_averages_to_the_midpoint_over_a_period() {
    let mut s = scenario(Pattern::Sine, 3600.0);
    (s.traffic.base_users, s.traffic.peak_users, s.traffic.period_s) = (20.0, 100.0, 1200.0);
    s.autoscaler.interval_s = 10.0;
    let r = run(&s);
    assert!((r.summary.avg_users - 60.0).abs() < 0.01, "{}", r.summary.avg_users);
    assert!((r.summary.peak_users - 100.0).abs() < 0.01);
    assert_poisson_count(&r, 60.0 * 3600.0);
    // Near the crest (t = 600 s) the users are near the peak; near a trough, near the base.
    assert!(users_at(&r, 600.0) > 99.0 && users_at(&r, 1200.0) < 21.0);
}

#[test]
fn custom_points_are_joined_by_straight_lines() {
    let mut s = scenario(Pattern::Custom, 120.0);
    s.traffic.points = vec![[0.0, 10.0], [60.0, 100.0], [120.0, 10.0]];
    let r = run(&s);
    // The interval ending at 30 s averages the line over [29, 30]: 10 + 90 * 29.5 / 60.
    assert!((users_at(&r, 30.0) - (10.0 + 90.0 * 29.5 / 60.0)).abs() < 1e-9);
    assert!((r.summary.avg_users - 55.0).abs() < 1e-9);
    assert_poisson_count(&r, 55.0 * 120.0);
}

#[test]
fn three_phase_arrivals_follow_the_curve() {
    let r = run(&scenario(Pattern::ThreePhase, 3000.0));
    assert_poisson_count(&r, 73.0 * 3000.0);
}

#[test]
fn pattern_fields_are_validated() {
    for (json, field) in [
        (r#"{"traffic": {"pattern": "step", "steps": []}}"#, "traffic.steps"),
        (
            r#"{"traffic": {"pattern": "step", "steps": [{"at_s": 5, "users": 1}, {"at_s": 5, "users": 2}]}}"#,
            "traffic.steps[1].at_s",
        ),
        (r#"{"traffic": {"pattern": "step", "steps": [{"at": 5, "users": 1}]}}"#, "traffic.steps[0]"),
        (r#"{"traffic": {"pattern": "custom", "points": [[0, 1], [0, 2]]}}"#, "traffic.points[1][0]"),
        (r#"{"traffic": {"pattern": "custom", "points": [[0, -1]]}}"#, "traffic.points[0][1]"),
        (r#"{"traffic": {"pattern": "sine", "period_s": 0}}"#, "traffic.period_s"),
        (r#"{"traffic": {"pattern": "spike", "spike_len_s": -3}}"#, "traffic.spike_len_s"),
    ] {
        let e = Scenario::from_json(json).expect_err(json);
        assert!(e.is_about(field), "{json}: {e} (path {})", e.path);
    }
    let ok = r#"{"traffic": {"pattern": "step", "steps": [{"at_s": 0, "users": 100}, {"at_s": 600, "users": 20}]}}"#;
    assert!(Scenario::from_json(ok).is_ok());
}
