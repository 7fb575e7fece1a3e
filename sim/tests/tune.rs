//! The search (`tune`): deterministic for a seed, its choice meets the objective in an
//! exact run, it finds a fleet size computable by hand, it says when nothing meets the
//! objective, and a bad search space is refused naming its field.

use autoscale_sim::tune::{table, tune, Space, Tuning};
use autoscale_sim::{run, Report, Scenario};

fn batch(b: &[Scenario]) -> Vec<Report> {
    b.iter().map(run).collect()
}

fn search(s: &Scenario, space: &str) -> Tuning {
    let space = Space::parse(space, s).unwrap();
    tune(s, &space, &batch, &mut |_, _| {}).unwrap()
}

fn flash_crowd() -> Scenario {
    Scenario::parse(
        r#"{"duration_s": 600, "traffic": {"pattern": "spike", "base_users": 20, "peak_users": 300, "spike_at_s": 120, "spike_len_s": 90},
            "service": {"startup_s": 20}, "autoscaler": {"policy": "target_tracking", "interval_s": 5, "max_servers": 20}}"#,
    )
    .unwrap()
}

#[test]
fn a_search_is_deterministic_for_its_seed() {
    let s = flash_crowd();
    let a = search(&s, r#"{"budget": 40, "seed": 7}"#);
    let b = search(&s, r#"{"budget": 40, "seed": 7}"#);
    assert_eq!(a.points, b.points);
    assert_eq!((a.front.clone(), a.best), (b.front.clone(), b.best));
    let c = search(&s, r#"{"budget": 40, "seed": 8}"#);
    assert_ne!(a.points, c.points, "another seed tries other settings");
    assert!(a.points.len() <= 39, "the budget holds (the scenario's own setting is one run): {}", a.points.len());
}

#[test]
fn the_chosen_setting_meets_the_objective_in_an_exact_run() {
    let t = search(&flash_crowd(), r#"{"budget": 60}"#);
    let best = &t.points[t.best.expect("a flash crowd with 20 servers can meet p95 <= 200 ms")];
    let mut s = t.chosen.clone();
    s.engine = autoscale_sim::engine::Engine::Exact;
    let r = run(&s);
    assert!(r.summary.objective.met, "{:?}", r.summary.objective);
    assert_eq!(r.summary.cost, best.cost, "the reported cost is that run's");
    assert!(t.front.iter().all(|&i| t.points[i].cost >= t.points[t.front[0]].cost), "the front is by cost");
    // Every point on the front is undominated.
    for &i in &t.front {
        let p = &t.points[i];
        assert!(!t.points.iter().any(|q| q.cost < p.cost && q.violated_s < p.violated_s), "{p:?} is dominated");
    }
}

#[test]
fn finds_the_smallest_fixed_fleet_meeting_an_m_m_1_p95() {
    // 40 messages/s split at random over n servers with exponential 100 ms service: each is
    // M/M/1 with arrival rate 40/n, and its time in system is exponential with rate
    // 10 - 40/n, so p95 = ln 20 / (10 - 40/n): 1.50 s for n = 5, 0.90 s for n = 6.
    // Under a 1 s ceiling the cheapest fleet is 6 servers.
    let s = Scenario::parse(
        r#"{"duration_s": 1200, "traffic": {"pattern": "constant", "base_users": 40, "msg_rate": 1},
            "service": {"service_ms": 100, "queue_limit": null}, "balancer": {"strategy": "random"},
            "autoscaler": {"policy": "fixed", "min_servers": 1, "initial_servers": 10, "max_servers": 50},
            "objective": {"latency_ms": 1000}}"#,
    )
    .unwrap();
    let t = search(&s, r#"{"vary": {"autoscaler.initial_servers": [1, 20]}, "budget": 30}"#);
    let best = &t.points[t.best.unwrap()];
    assert_eq!(best.values, vec![6.0], "{}", table::render_text(&t, &s.objective));
    let p95_s = best.latency_ms / 1000.0;
    assert!((p95_s - 20f64.ln() / (10.0 - 40.0 / 6.0)).abs() < 0.1, "p95 {p95_s} s, theory 0.90 s");
    let five = t.points.iter().find(|p| p.values == vec![5.0]).expect("5 servers tried");
    assert!(!five.met && five.latency_ms > 1200.0, "{five:?}");
    assert_eq!(t.chosen.autoscaler.initial_servers, 6);
}

#[test]
fn an_impossible_objective_says_so_and_shows_the_closest() {
    let mut s = flash_crowd();
    s.objective.latency_ms = 1.0;
    let t = search(&s, r#"{"budget": 20}"#);
    assert!(t.best.is_none());
    let closest = &t.points[t.closest.unwrap()];
    assert!(t.points.iter().all(|p| p.violated_s >= closest.violated_s));
    let text = table::render_text(&t, &s.objective);
    assert!(text.contains("No setting tried meets the objective. The closest:"), "{text}");
}

#[test]
fn bad_search_spaces_are_refused_naming_the_field() {
    let s = Scenario::default();
    let cases = [
        ("not json", ""),
        ("[1, 2]", ""),
        (r#"{"vry": {}}"#, "vry"),
        (r#"{"budget": 0}"#, "budget"),
        (r#"{"budget": 1.5}"#, "budget"),
        (r#"{"seed": -1}"#, "seed"),
        (r#"{"vary": []}"#, "vary"),
        (r#"{"vary": {}}"#, "vary"),
        (r#"{"vary": {"autoscaler.nope": [1, 2]}}"#, "vary.autoscaler.nope"),
        (r#"{"vary": {"autoscaler.scale_up": [5]}}"#, "vary.autoscaler.scale_up"),
        (r#"{"vary": {"autoscaler.scale_up": [60, 10]}}"#, "vary.autoscaler.scale_up"),
        (r#"{"vary": {"autoscaler.policy": [1, 2]}}"#, "vary.autoscaler.policy"),
    ];
    for (text, path) in cases {
        let e = Space::parse(text, &s).expect_err(text);
        assert_eq!(e.path, path, "{text}: {e}");
        assert!(!e.to_string().contains('\n'), "one line: {e}");
    }
}

#[test]
fn invalid_combinations_are_counted_not_run() {
    // Scale-down above scale-up is refused by the scenario's checks.
    let s = Scenario::default();
    let t =
        search(&s, r#"{"vary": {"autoscaler.scale_up": [5, 20], "autoscaler.scale_down": [10, 40]}, "budget": 30}"#);
    assert!(t.refused > 0, "some settings had scale_down >= scale_up");
    let at = |name: &str| t.params.iter().position(|p| p == name).unwrap();
    let (up, down) = (at("autoscaler.scale_up"), at("autoscaler.scale_down"));
    assert!(t.points.iter().all(|p| p.values[down] < p.values[up]), "only valid ones ran");
}

#[test]
fn a_trace_travels_to_every_setting_tried() {
    let mut s = Scenario::parse(
        r#"{"traffic": {"pattern": "trace"}, "service": {"service_ms": 400}, "autoscaler": {"policy": "target_tracking", "metric": "utilization", "target": 60}, "objective": {"latency_ms": 3000}}"#,
    )
    .unwrap();
    let rows: String = (0..600).map(|i| format!("{}\n", i as f64 * 0.2)).collect();
    s.traffic.trace = Some(std::sync::Arc::new(autoscale_sim::trace::Trace::parse(&format!("t\n{rows}")).unwrap()));
    s.duration_s = 120.0;
    let t = search(&s, r#"{"budget": 20}"#);
    assert_eq!(t.refused, 0, "{:?}", t.refusal);
    assert!(t.points.len() > 5);
    assert!(t.points.iter().all(|p| p.cost > 0.0));
}

#[test]
fn a_work_budget_bounds_the_search_whatever_its_runs_cost() {
    let s = flash_crowd();
    let one = s.work().total();
    let t = search(&s, &format!(r#"{{"budget": 200, "work": {}}}"#, one * 12.5));
    assert!(t.work_spent <= one * 12.5 * 1.000001, "{} of {}", t.work_spent, one * 12.5);
    assert!(t.points.len() < 13 && t.points.len() >= 5, "about a dozen runs of this size: {}", t.points.len());
    let e = Space::parse(r#"{"work": 0}"#, &s).unwrap_err();
    assert_eq!(e.path, "work");
}

#[test]
fn what_a_search_found_applies_back_to_the_same_scenarios() {
    let s = flash_crowd();
    let t = search(&s, r#"{"budget": 30}"#);
    let found = t.found();
    assert_eq!(found.front.len(), t.front.len());
    for (row, &i) in found.front.iter().zip(&t.front) {
        let again = autoscale_sim::tune::apply(&s, &found.params, row).unwrap();
        assert_eq!(Some(again), t.scenario_of(i), "a found setting is the scenario that ran");
    }
    assert_eq!(found.best.map(|b| t.front[b]), t.best.filter(|b| t.front.contains(b)));
    assert!(autoscale_sim::tune::apply(&s, &["autoscaler.nope".into()], &[1.0]).is_err());
    assert!(autoscale_sim::tune::apply(&s, &found.params, &[1.0]).is_err(), "one value per setting");
}
