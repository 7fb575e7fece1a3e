//! The Knative Pod Autoscaler, rule by rule, from Knative's documentation
//! (knative.dev/docs/serving/autoscaling: "Configuring targets", "Additional autoscaling
//! configuration for KPA", "Configuring scale bounds", "Configuring scale to zero") and its
//! source (knative/serving pkg/autoscaler/scaling/autoscaler.go `Scale`,
//! pkg/reconciler/autoscaling/kpa/scaler.go).

use autoscale_sim::autoscaler::Observation;
use autoscale_sim::policy::Autoscaler;
use autoscale_sim::scenario::{AutoscalerConfig, KpaMetric, Pattern, Policy, StepLevel};
use autoscale_sim::{run, ScalingKind, Scenario};

fn kpa(min: u32, max: u32) -> AutoscalerConfig {
    AutoscalerConfig {
        policy: Policy::Knative,
        min_servers: min,
        max_servers: max,
        initial_servers: min.max(1),
        ..AutoscalerConfig::default()
    }
}

fn obs(t: f64, concurrency: f64, ready: u32) -> Observation {
    Observation { t, concurrency, arrival_rps: concurrency, ready, ..Observation::default() }
}

/// Feeds one reading per second from `from` to `to` (inclusive) at a steady fleet of
/// `ready`; returns the last decision's target, if any changed the fleet.
fn feed(a: &mut Autoscaler, from: u32, to: u32, concurrency: f64, ready: u32) -> Option<u32> {
    let mut last = None;
    for t in from..=to {
        if let Some(d) = a.decide(&obs(t as f64, concurrency, ready)) {
            last = Some(d.to);
        }
    }
    last
}

fn new(c: &AutoscalerConfig) -> Autoscaler {
    Autoscaler::new(c, &Default::default(), 1.0)
}

#[test]
fn desire_is_the_stable_average_over_target_times_utilisation() {
    // "Configuring targets": target 100 (container-concurrency-target-default) at 70 %
    // (target-utilization-percentage): 70 concurrent requests per server. 140 -> 2, 141 -> 3.
    let mut a = new(&kpa(1, 50));
    assert_eq!(feed(&mut a, 1, 60, 140.0, 2), None, "140 / 70 = 2 servers: no change from 2");
    let mut a = new(&kpa(1, 50));
    assert_eq!(feed(&mut a, 1, 60, 141.0, 2), Some(3));
    // The rps metric's default target is 200 (requests-per-second-target-default).
    let mut c = kpa(1, 50);
    c.knative.kpa_metric = KpaMetric::Rps;
    let mut a = new(&c);
    assert_eq!(feed(&mut a, 1, 60, 560.0, 2), Some(4), "560 / (200 x 0.7) = 4");
}

#[test]
fn panic_mode_follows_the_panic_window_and_never_scales_down() {
    // "Additional autoscaling configuration for KPA": stable window 60 s, panic window 10 %
    // of it (6 s), panic when the panic window wants 200 % of the ready servers.
    let mut a = new(&kpa(1, 100));
    feed(&mut a, 1, 60, 70.0, 1);
    // A burst to 700 for 6 s: the stable average (60 s) is still low, the panic one is 700.
    let to = feed(&mut a, 61, 66, 700.0, 1).expect("panic scales up");
    assert_eq!(to, 10, "ceil(700 / 70): the panic window's desire");
    // The burst ends: while panicking (a stable window after the last reading over the
    // threshold) the fleet does not shrink, though the stable average would allow it.
    assert_eq!(feed(&mut a, 67, 126, 70.0, 10), None, "no scale-down while panicking");
    // Out of panic: back to the stable desire, by at most half per decision (max-scale-down-rate 2).
    assert_eq!(a.decide(&obs(127.0, 70.0, 10)).map(|d| d.to), Some(5));
}

#[test]
fn scale_rates_bound_each_decision() {
    // autoscaler.go: maxScaleUp = ceil(max-scale-up-rate x ready), maxScaleDown =
    // floor(ready / max-scale-down-rate); defaults 1000 and 2.
    let mut c = kpa(1, 1000);
    c.knative.max_scale_up_rate = 10.0;
    let mut a = new(&c);
    assert_eq!(a.decide(&obs(1.0, 70.0 * 500.0, 2)).map(|d| d.to), Some(20), "ceil(10 x 2)");
    // The fleet follows each decision: 10 -> 5 -> 2 -> 1, at most half each time.
    let mut a = new(&kpa(1, 1000));
    let (mut ready, mut path) = (10, vec![10]);
    for t in 1..=10 {
        if let Some(d) = a.decide(&obs(t as f64, 0.5, ready)) {
            ready = d.to;
            path.push(ready);
        }
    }
    assert_eq!(path, [10, 5, 2, 1]);
    let mut a = new(&kpa(1, 1000));
    assert_eq!(a.decide(&obs(1.0, 0.5, 10)).map(|d| d.to), Some(5), "floor(10 / 2)");
}

#[test]
fn scale_down_delay_keeps_the_highest_desire_of_its_window() {
    // "Configuring scale bounds", scale-down-delay: a window that must pass at reduced
    // concurrency before a scale-down decision is applied.
    let mut c = kpa(1, 50);
    c.knative.scale_down_delay_s = 30.0;
    c.knative.stable_window_s = 6.0;
    let mut a = new(&c);
    feed(&mut a, 1, 10, 280.0, 4);
    // Demand drops to 1 server: nothing for 30 s, then down.
    let first = (11..=60).find(|&t| a.decide(&obs(t as f64, 70.0, 4)).is_some()).unwrap();
    assert!((40..=41).contains(&first), "scaled down at {first} s, not before the 30 s delay");
}

#[test]
fn scales_to_zero_after_a_stable_window_without_requests_and_the_grace_period() {
    // "Configuring scale to zero": min-scale 0 (the KPA's default), scale-to-zero-grace-period
    // 30 s; the desire is 0 only once the stable window (60 s) holds no request.
    let mut a = new(&kpa(0, 10));
    feed(&mut a, 1, 100, 10.0, 1);
    let mut zero_at = None;
    for t in 101..=300 {
        if let Some(d) = a.decide(&obs(t as f64, 0.0, 1)) {
            assert_eq!(d.to, 0);
            zero_at = Some(t);
            break;
        }
    }
    assert_eq!(zero_at, Some(190), "last request in (99, 100]: 60 s window, then 30 s grace");
}

#[test]
fn activation_scale_is_the_least_fleet_when_scaling_from_zero() {
    // "Configuring scale bounds", activation-scale: the minimum number of replicas when
    // the revision scales up from zero.
    let mut c = kpa(0, 10);
    c.initial_servers = 0;
    c.knative.activation_scale = 3;
    let mut a = new(&c);
    assert_eq!(a.on_request_held(1.0, 0).map(|d| d.to), Some(3));
    assert_eq!(a.on_request_held(1.5, 3), None, "already scaling from zero");
}

/// One request per second for 20 s, then silence, then again: min-scale 0, initial 0,
/// a 4 s cold start.
fn cold_start_scenario() -> Scenario {
    let mut s = Scenario { duration_s: 400.0, ..Scenario::default() };
    s.traffic.pattern = Pattern::Step;
    s.traffic.msg_rate = 1.0;
    s.traffic.steps = vec![
        StepLevel { at_s: 0.0, users: 5.0 },
        StepLevel { at_s: 60.0, users: 0.0 },
        StepLevel { at_s: 300.0, users: 5.0 },
    ];
    s.service.startup_s = 4.0;
    s.autoscaler = kpa(0, 10);
    s.autoscaler.initial_servers = 0;
    s.validate().unwrap();
    s
}

#[test]
fn a_cold_start_shows_as_latency_not_as_losses() {
    let r = run(&cold_start_scenario());
    let s = &r.summary;
    assert_eq!(s.dropped + s.failed, 0, "the activator holds requests while no server is ready");
    assert_eq!(s.arrived, s.completed + s.in_flight);
    assert!(s.latency_ms.max >= 3000.0, "the first requests waited for the 4 s start: {}", s.latency_ms.max);
    let ups: Vec<_> = r.events.iter().filter(|e| e.kind == ScalingKind::Up && e.from == 0).collect();
    assert_eq!(ups.len(), 2, "scaled from zero at the start and after the silence: {:?}", r.events);
    assert!(ups[0].reason.contains("activator"), "{}", ups[0].reason);
    let downs_to_zero = r.events.iter().filter(|e| e.to == 0).count();
    assert_eq!(downs_to_zero, 1, "scaled to zero once during the silence: {:?}", r.events);
    let zero = r.events.iter().find(|e| e.to == 0).unwrap();
    assert!(
        (150.0..=152.0).contains(&zero.t),
        "60 s stable window + 30 s grace after the last request near 60 s: {}",
        zero.t
    );
}

#[test]
fn zero_servers_need_knative_and_knative_keeps_its_documented_limits() {
    let mut s = Scenario::default();
    s.autoscaler.min_servers = 0;
    let e = s.validate().unwrap_err();
    assert_eq!(e.path, "autoscaler.min_servers");
    assert!(e.to_string().contains("knative"), "{e}");
    s.autoscaler.policy = Policy::Knative;
    s.validate().unwrap();
    // The stable window is 6 s to 1 h; the panic threshold 110 % to 1000 %.
    s.autoscaler.knative.stable_window_s = 5.0;
    assert_eq!(s.validate().unwrap_err().path, "autoscaler.stable_window_s");
    s.autoscaler.knative.stable_window_s = 60.0;
    s.autoscaler.knative.panic_threshold_pct = 100.0;
    assert_eq!(s.validate().unwrap_err().path, "autoscaler.panic_threshold_pct");
    let json = r#"{"autoscaler": {"policy": "knative", "kpa_metric": "cpu"}}"#;
    let e = Scenario::parse(json).unwrap_err();
    assert_eq!(e.path, "autoscaler.kpa_metric", "{e}");
}
