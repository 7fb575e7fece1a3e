//! Predictive and weighted-score policies, and server classes, in whole runs.

use autoscale_sim::scenario::{Pattern, Policy, ServerClass, Strategy};
use autoscale_sim::{run, ScalingKind, Scenario};

/// A steady climb from 20 to 400 users over 10 minutes, servers taking 60 s to start.
fn ramp(policy: Policy) -> Scenario {
    let mut s = Scenario { duration_s: 900.0, ..Scenario::default() };
    s.traffic.pattern = Pattern::Custom;
    s.traffic.points = vec![[0.0, 20.0], [600.0, 400.0], [900.0, 400.0]];
    s.service.startup_s = 60.0;
    s.autoscaler.policy = policy;
    s.autoscaler.interval_s = 5.0;
    s.autoscaler.target_tracking.tolerance = 0.0;
    s.autoscaler.target_tracking.sync_period_s = 5.0;
    (s.autoscaler.min_servers, s.autoscaler.initial_servers, s.autoscaler.max_servers) = (1, 1, 40);
    s.validate().unwrap();
    s
}

#[test]
fn predictive_scales_out_ahead_of_a_ramp_that_target_tracking_chases() {
    let reactive = run(&ramp(Policy::TargetTracking));
    let predictive = run(&ramp(Policy::Predictive));
    // Capacity short of the load: users above what ready servers hold at the target.
    let short = |r: &autoscale_sim::Report| {
        r.series.iter().filter(|row| row.users > row.ready as f64 * 30.0 + 1.0).count() as f64 * 5.0
    };
    let (a, b) = (short(&reactive), short(&predictive));
    println!("seconds below need: target tracking {a}, predictive {b}");
    println!(
        "p95: target tracking {:.0} ms, predictive {:.0} ms",
        reactive.summary.latency_ms.p95, predictive.summary.latency_ms.p95
    );
    assert!(b < 0.5 * a, "predictive {b} s short of capacity vs target tracking {a} s");
    let f = predictive.series.iter().find(|row| row.t == 300.0).unwrap();
    assert_eq!(f.forecast_t, Some(365.0), "horizon = startup 60 s + interval 5 s");
    let want = 20.0 + 380.0 * 365.0 / 600.0;
    assert!((f.forecast_users.unwrap() - want).abs() < 0.05 * want, "forecast {:?} vs {want}", f.forecast_users);
    assert!(reactive.series.iter().all(|row| row.forecast_users.is_none()));
}

#[test]
fn weighted_score_scales_with_load_and_names_its_scores() {
    let mut s = Scenario { duration_s: 300.0, ..Scenario::default() };
    s.autoscaler.policy = Policy::WeightedScore;
    s.traffic.peak_users = 400.0;
    s.service.service_ms = 60.0;
    s.validate().unwrap();
    let r = run(&s);
    let up = r.events.iter().filter(|e| e.kind == ScalingKind::Up).count();
    let down = r.events.iter().filter(|e| e.kind == ScalingKind::Down).count();
    assert!(up > 0 && down > 0, "{:#?}", r.events);
    for e in &r.events {
        assert!(e.reason.starts_with("score ") && e.reason.contains("utilization"), "{}", e.reason);
    }
    assert!(r.summary.peak_servers > 5);
}

#[test]
fn weighted_round_robin_shares_by_class_speed_and_classes_set_the_cost() {
    let mut s = Scenario { duration_s: 600.0, ..Scenario::default() };
    s.traffic.pattern = Pattern::Constant;
    s.traffic.base_users = 60.0;
    s.autoscaler.policy = Policy::Fixed;
    s.balancer.strategy = Strategy::WeightedRoundRobin;
    s.service.classes = vec![
        ServerClass { name: "large".into(), speed: 2.0, cost_per_hour: None },
        ServerClass { name: "small".into(), speed: 1.0, cost_per_hour: Some(0.01) },
    ];
    s.validate().unwrap();
    let r = run(&s);
    let (large, small) = (r.servers[0].served as f64, r.servers[1].served as f64);
    assert!((large / small - 2.0).abs() < 0.01, "served {large} vs {small}");
    // Both for 600 s: 0.10 x 2 (large, by speed) + 0.01 (small) per hour.
    assert!((r.summary.cost - (0.2 + 0.01) / 6.0).abs() < 1e-12, "{}", r.summary.cost);
    // A speed-2 server halves the service time: at equal utilisation it serves twice as many.
    assert!((r.series.last().unwrap().capacity_users - 3.0 / 0.025).abs() < 1e-9);
}

#[test]
fn bad_new_fields_are_named() {
    let e = Scenario::from_json(r#"{"autoscaler": {"policy": "predictive", "metric": "p95_latency_ms"}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("invalid scenario field `autoscaler.metric`: the predictive policy forecasts"), "{e}");
    let e = Scenario::from_json(r#"{"service": {"classes": [{"name": "x", "speed": 0}]}}"#).unwrap_err().to_string();
    assert_eq!(e, "invalid scenario field `service.classes[0].speed`: 0 is out of range, allowed 0.01 to 100");
    let e = Scenario::from_json(r#"{"autoscaler": {"weights": {"cpu": 1}}}"#).unwrap_err().to_string();
    assert!(e.starts_with("invalid scenario field `autoscaler.weights.cpu`: unknown field `cpu`"), "{e}");
}
