//! The scenario JSON: defaults, round trips, and errors that name the field and the range.

use autoscale_sim::Scenario;

fn err(json: &str) -> String {
    Scenario::from_json(json).expect_err("should be rejected").to_string()
}

#[test]
fn empty_object_is_the_default_scenario() {
    assert_eq!(Scenario::from_json("{}").unwrap(), Scenario::default());
}

#[test]
fn the_issue_example_parses_and_round_trips() {
    let text = r#"{ "seed": 42, "duration_s": 60,
      "traffic":    { "pattern": "three_phase", "base_users": 10, "peak_users": 100, "msg_rate": 1.0, "noise": 0.0 },
      "service":    { "service_ms": 25, "service_dist": "exponential", "service_cv": 1.0, "workers": 1, "queue_limit": 100, "startup_s": 0, "cost_per_hour": 0.10 },
      "autoscaler": { "policy": "threshold", "scale_up": 30, "scale_down": 10, "min_servers": 2, "max_servers": 10, "initial_servers": 2, "cooldown_s": 5, "interval_s": 1, "step": 1 },
      "balancer":   { "strategy": "round_robin" } }"#;
    let s = Scenario::from_json(text).unwrap();
    assert_eq!(s, Scenario::default());
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn partial_objects_keep_other_defaults() {
    let s = Scenario::from_json(r#"{"traffic": {"peak_users": 250}, "service": {"queue_limit": null}}"#).unwrap();
    assert_eq!(s.traffic.peak_users, 250.0);
    assert_eq!(s.traffic.base_users, 10.0);
    assert_eq!(s.service.queue_limit, None);
}

#[test]
fn unknown_field_is_named() {
    let e = err(r#"{"traffic": {"peak_user": 5}}"#);
    assert!(e.contains("traffic") && e.contains("peak_user"), "{e}");
}

#[test]
fn wrong_type_is_named() {
    let e = err(r#"{"autoscaler": {"min_servers": "two"}}"#);
    assert!(e.contains("autoscaler.min_servers"), "{e}");
}

#[test]
fn unknown_choice_is_named() {
    let e = err(r#"{"balancer": {"strategy": "fastest"}}"#);
    assert!(e.contains("balancer.strategy") && e.contains("round_robin"), "{e}");
}

#[test]
fn out_of_range_values_name_field_and_range() {
    for (json, field) in [
        (r#"{"duration_s": -1}"#, "duration_s"),
        (r#"{"traffic": {"noise": 2}}"#, "traffic.noise"),
        (r#"{"service": {"workers": 0}}"#, "service.workers"),
        (r#"{"autoscaler": {"interval_s": 0}}"#, "autoscaler.interval_s"),
    ] {
        let e = err(json);
        assert!(e.contains(field) && e.contains("allowed"), "{json}: {e}");
    }
}

#[test]
fn impossible_combinations_are_explained() {
    let e = err(r#"{"autoscaler": {"scale_up": 10, "scale_down": 20}}"#);
    assert!(e.contains("scale_down") && e.contains("below autoscaler.scale_up"), "{e}");
    let e = err(r#"{"autoscaler": {"min_servers": 5, "max_servers": 3, "initial_servers": 4}}"#);
    assert!(e.contains("min_servers") && e.contains("max_servers"), "{e}");
    let e = err(r#"{"autoscaler": {"initial_servers": 20}}"#);
    assert!(e.contains("initial_servers"), "{e}");
    let e = err(r#"{"duration_s": 100000, "autoscaler": {"interval_s": 0.1}}"#);
    assert!(e.contains("intervals"), "{e}");
}

#[test]
fn malformed_json_is_an_error_not_a_panic() {
    for text in ["", "{", "[]", "null", "{\"traffic\": [\"constant\"]}", "{\"seed\": -3}", "{\"seed\": 1e400}", "\u{0}"]
    {
        assert!(Scenario::from_json(text).is_err(), "{text:?}");
    }
}

#[test]
fn max_requests_follows_the_pattern() {
    // Steps of 500 users although base and peak say 10 and 100: the bound must see 500.
    let s = Scenario::from_json(
        r#"{"duration_s": 10, "traffic": {"pattern": "step", "steps": [{"at_s": 0, "users": 500}]}}"#,
    )
    .unwrap();
    assert_eq!(s.max_requests(), 500.0 * 1.0 * 10.0);
}

#[test]
fn numbers_read_back_exactly() {
    // Without serde_json's float_roundtrip, 99.99999999999999 read back as 100.
    let s = Scenario::from_json(r#"{"traffic": {"peak_users": 99.99999999999999}}"#).unwrap();
    assert_eq!(s.traffic.peak_users, 99.99999999999999);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    for x in [0.1 + 0.2, 1.0 / 3.0, 5e-324, 123_456.789_012_345_67, f64::EPSILON] {
        let mut s = Scenario::default();
        s.traffic.noise = x.min(1.0);
        s.duration_s = 10.0 + x;
        assert_eq!(Scenario::parse(&s.to_json()).unwrap(), s, "{x:e}");
    }
}

#[test]
fn a_rejection_is_one_short_line() {
    // Reproducers from the fuzz audit: a 100 KB value was echoed whole; a newline inside a
    // key broke the message into three lines.
    let long = "y".repeat(100_000);
    let e = err(&format!(r#"{{"traffic": {{"pattern": "{long}"}}}}"#));
    assert!(e.len() < 400 && e.starts_with("invalid scenario field `traffic.pattern`: unknown variant `yyy"), "{e}");
    let e = err(r#"{"autoscaler": {"a\nb": 1}}"#);
    assert!(!e.contains('\n') && e.starts_with("invalid scenario field `autoscaler.a\\nb`"), "{e}");
    let e = err(r#"{"a\nb\rc": 1}"#);
    assert!(!e.contains('\n') && !e.contains('\r'), "{e}");
}

#[test]
fn runs_too_large_for_a_minute_are_refused_by_their_dominant_term() {
    // Reproducers from the fuzz audit, each accepted before and running for 9 s to far
    // over 30 s (or forever); each is now refused by the exact engine, naming the field
    // that drives its cost (`auto` gives the ones without failures to the fluid engine).
    let refused = |json: &str, path: &str| {
        let e = Scenario::from_json(json).expect_err(json);
        assert_eq!(e.path, path, "{json}: {e}");
        let text = e.to_string();
        assert!(text.contains("message-equivalents") && text.contains("about a minute") && text.len() < 400, "{text}");
    };
    refused(
        r#"{"engine": "exact", "duration_s": 31536000, "traffic": {"peak_users": 1000000, "msg_rate": 10000}, "autoscaler": {"interval_s": 3600}}"#,
        "traffic.peak_users",
    );
    // The same year under `auto` is the fluid engine's: 8,760 intervals, whatever the rate.
    let year = Scenario::from_json(r#"{"duration_s": 31536000, "traffic": {"peak_users": 1000000, "msg_rate": 10000}, "autoscaler": {"interval_s": 3600}}"#).unwrap();
    assert_eq!(year.engine_used(), autoscale_sim::scenario::Engine::Fluid);
    refused(
        r#"{"duration_s": 31536000, "traffic": {"peak_users": 0, "base_users": 0}, "autoscaler": {"interval_s": 300, "max_servers": 10000}, "failures": {"health_interval_s": 0.1}}"#,
        "failures.health_interval_s",
    );
    refused(
        r#"{"engine": "exact", "duration_s": 86400, "autoscaler": {"max_servers": 10000, "step": 10000, "cooldown_s": 0}}"#,
        "autoscaler.step",
    );
    refused(
        r#"{"engine": "exact", "duration_s": 86400, "autoscaler": {"max_servers": 10000}, "balancer": {"strategy": "weighted_round_robin"}}"#,
        "balancer.strategy",
    );
    refused(
        r#"{"engine": "exact", "duration_s": 3600, "autoscaler": {"max_servers": 2000}, "balancer": {"strategy": "consistent_hash", "virtual_nodes": 5000}}"#,
        "balancer.virtual_nodes",
    );
    // The default and the seed's own runs stay far below the cap.
    assert!(Scenario::default().work().total() < 1e4);
}

#[test]
fn a_hash_ring_too_large_for_memory_is_refused() {
    // 10,000 servers x 10,000 virtual nodes took 1.6 GB even for a one-second run.
    let e = Scenario::from_json(
        r#"{"duration_s": 1, "autoscaler": {"max_servers": 10000}, "balancer": {"strategy": "consistent_hash", "virtual_nodes": 10000}}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "balancer.virtual_nodes");
    assert!(e.to_string().contains("100000000 ring points, at most 10000000"), "{e}");
    let ok =
        r#"{"autoscaler": {"max_servers": 1000}, "balancer": {"strategy": "consistent_hash", "virtual_nodes": 10000}}"#;
    assert!(Scenario::from_json(ok).is_ok());
}

/// Files written before the select policy was per direction (one `select_policy`) still
/// load: it sets both directions, unless a direction says otherwise.
#[test]
fn an_older_single_select_policy_sets_both_directions() {
    use autoscale_sim::scenario::SelectPolicy;
    let s = Scenario::from_json(r#"{"autoscaler": {"policy": "target_tracking", "select_policy": "min"}}"#).unwrap();
    let t = &s.autoscaler.target_tracking;
    assert_eq!((t.scale_up_select_policy, t.scale_down_select_policy), (SelectPolicy::Min, SelectPolicy::Min));
    let s = Scenario::from_json(r#"{"autoscaler": {"select_policy": "min", "scale_down_select_policy": "disabled"}}"#)
        .unwrap();
    let t = &s.autoscaler.target_tracking;
    assert_eq!((t.scale_up_select_policy, t.scale_down_select_policy), (SelectPolicy::Min, SelectPolicy::Disabled));
    let e = err(r#"{"autoscaler": {"select_policy": "largest"}}"#);
    assert!(e.contains("select_policy`") && e.contains("`largest`"), "{e}");
}
