//! Policies reproduce their documented behaviour on whole runs.
//! Target tracking: the Kubernetes HPA documentation (algorithm details, stabilisation
//! window, scaling policies). Step scaling: the AWS EC2 Auto Scaling documentation (step
//! adjustments, instance warm-up).

use autoscale_sim::scenario::{Metric, MetricTarget, Pattern, Policy, RateKind, RatePolicy, SelectPolicy, StepLevel};
use autoscale_sim::{run, Report, ScalingKind, Scenario};

/// Constant-rate steps of users, deterministic service so that metrics are steady.
fn stepped(levels: &[(f64, f64)], duration_s: f64, policy: Policy) -> Scenario {
    let mut s = Scenario { duration_s, ..Scenario::default() };
    s.traffic.pattern = Pattern::Step;
    s.traffic.steps = levels.iter().map(|&(at_s, users)| StepLevel { at_s, users }).collect();
    s.service.queue_limit = None;
    s.autoscaler.policy = policy;
    s.autoscaler.max_servers = 40;
    s
}

fn servers_at(r: &Report, t: f64) -> u32 {
    let row = r.series.iter().find(|row| row.t == t).unwrap();
    row.ready + row.starting
}

#[test]
fn hpa_scales_up_to_ceil_of_ratio_times_servers() {
    // 2 servers, 150 users, target 30 users per server: ratio 2.5, desired ceil(2.5 * 2) = 5.
    let r = run(&stepped(&[(0.0, 150.0)], 60.0, Policy::TargetTracking));
    let first = &r.events[0];
    assert_eq!((first.t, first.from, first.to), (15.0, 2, 5), "{first:?}");
    assert_eq!(servers_at(&r, 60.0), 5, "then steady: 30 per server is on target");
    assert!(
        first.reason.contains("75.0 users per server, 150 % above the target of 30: 5 servers wanted"),
        "{}",
        first.reason
    );
}

#[test]
fn hpa_holds_within_tolerance() {
    // 2 servers, 65 users: 32.5 per server, 8 % above target, inside the 10 % tolerance.
    let r = run(&stepped(&[(0.0, 65.0)], 120.0, Policy::TargetTracking));
    assert!(r.events.is_empty(), "{:?}", r.events);
}

#[test]
fn hpa_scales_in_only_after_the_stabilisation_window() {
    // 240 users need 8 servers; at 100 s load drops to 60 (2 servers would do). The default
    // scale-down window is 300 s: the fleet shrinks only once every recommendation of the
    // last 300 s is below 8, that is after the last sync at high load (t = 90 s) + 300 s.
    let r = run(&stepped(&[(0.0, 240.0), (100.0, 60.0)], 600.0, Policy::TargetTracking));
    let first_down = r.events.iter().find(|e| e.kind == ScalingKind::Down).expect("scales in eventually");
    assert!(first_down.t >= 390.0, "scaled in at {} s, inside the window", first_down.t);
    assert!(first_down.t <= 405.0, "scaled in at {} s, long after the window", first_down.t);
    assert_eq!(servers_at(&r, 380.0), 8);
    assert_eq!(servers_at(&r, 600.0), 2);
    // With no window it scales in at the first sync after the drop.
    let mut s = stepped(&[(0.0, 240.0), (100.0, 60.0)], 600.0, Policy::TargetTracking);
    s.autoscaler.target_tracking.scale_down_window_s = 0.0;
    let r = run(&s);
    assert_eq!(r.events.iter().find(|e| e.kind == ScalingKind::Down).unwrap().t, 105.0);
}

#[test]
fn hpa_scale_up_is_rate_limited_by_its_policies() {
    // 2 servers, 1200 users: desired 40. Defaults allow max(100 %, 4 servers) per 15 s:
    // 2 -> 6 (4 servers beats 100 %), then 6 -> 12 (100 % beats 4), then 12 -> 24 -> 40.
    let r = run(&stepped(&[(0.0, 1200.0)], 90.0, Policy::TargetTracking));
    let sizes: Vec<u32> = r.events.iter().map(|e| e.to).collect();
    assert_eq!(&sizes[..4], &[6, 12, 24, 40], "{:?}", r.events);
    assert!(r.events[0].reason.contains("limited to 6 by the scaling policies"), "{}", r.events[0].reason);
    // selectPolicy Min takes the smaller step: 2 -> 4 (100 % of 2 beats 4 servers).
    let mut s = stepped(&[(0.0, 1200.0)], 30.0, Policy::TargetTracking);
    s.autoscaler.target_tracking.scale_up_select_policy = SelectPolicy::Min;
    assert_eq!(run(&s).events[0].to, 4);
    // Disabled: never up.
    s.autoscaler.target_tracking.scale_up_select_policy = SelectPolicy::Disabled;
    assert!(run(&s).events.is_empty());
}

/// autoscaling/v2 HPAScalingRules: each direction has its own selectPolicy; the
/// documentation's "disable scale down" is `scaleDown: {selectPolicy: Disabled}`, which
/// leaves scaling up as it was.
#[test]
fn hpa_select_policy_is_per_direction() {
    let mut s = stepped(&[(0.0, 1200.0), (60.0, 10.0)], 400.0, Policy::TargetTracking);
    s.autoscaler.target_tracking.scale_down_window_s = 0.0;
    let both = run(&s);
    assert!(both.events.iter().any(|e| e.to < e.from), "it scales in once the load drops");
    s.autoscaler.target_tracking.scale_down_select_policy = SelectPolicy::Disabled;
    let r = run(&s);
    assert_eq!(
        r.events.iter().map(|e| e.to).take(4).collect::<Vec<_>>(),
        both.events.iter().map(|e| e.to).take(4).collect::<Vec<_>>(),
        "scaling up is unchanged"
    );
    assert!(r.events.iter().all(|e| e.to > e.from), "never in: {:?}", r.events);
}

#[test]
fn hpa_counts_starting_servers_as_idle_when_scaling_up() {
    // Servers take 40 s to start. At 15 s: 150 users on 2 -> 5. At 30 s the 3 new servers
    // are still starting: counted as idle, the ratio over all 5 is 150 / 5 / 30 = 1: no
    // further scale-up, where counting only the ready ones (75 per server) would ask for 5 more.
    let mut s = stepped(&[(0.0, 150.0)], 60.0, Policy::TargetTracking);
    s.service.startup_s = 40.0;
    s.service.queue_limit = Some(1000);
    let r = run(&s);
    assert_eq!(r.events.len(), 1, "{:?}", r.events);
    assert_eq!(r.events[0].to, 5);
}

#[test]
fn hpa_largest_proposal_over_metrics_wins() {
    // Users say 5 servers; a tight p95 target says more.
    let mut s = stepped(&[(0.0, 150.0)], 30.0, Policy::TargetTracking);
    s.autoscaler.target_tracking.metrics = vec![MetricTarget { metric: Metric::P95LatencyMs, target: 20.0 }];
    s.autoscaler.target_tracking.scale_up_policies =
        vec![RatePolicy { kind: RateKind::Servers, value: 100.0, period_s: 15.0 }];
    let r = run(&s);
    assert!(r.events[0].to > 5, "{:?}", r.events[0]);
    assert!(r.events[0].reason.starts_with("p95 latency "), "{}", r.events[0].reason);
}

#[test]
fn step_scaling_with_warm_up_does_not_double_count() {
    // 2 servers, 120 users: 60 per server breaches the 30 alarm by 30: the +2 step -> 4.
    // New servers start in 5 s and warm up for 30 s. The alarm keeps breaching in the same
    // step meanwhile (the warming servers are left out of the metric), yet no server is added
    // until warm-up ends, where without warm-up accounting every interval would add 2 more.
    let mut s = stepped(&[(0.0, 120.0)], 40.0, Policy::Step);
    s.service.startup_s = 5.0;
    s.autoscaler.step_scaling.warmup_s = 30.0;
    let r = run(&s);
    assert_eq!((r.events[0].t, r.events[0].to), (1.0, 4), "{:?}", r.events);
    assert!(r.events.iter().skip(1).all(|e| e.t > 31.0), "{:?}", r.events);
    assert!(r.events[0].reason.contains("30.0 above the high alarm of 30"), "{}", r.events[0].reason);
}

#[test]
fn step_scaling_scales_in_through_its_low_alarm() {
    let r = run(&stepped(&[(0.0, 150.0), (100.0, 20.0)], 200.0, Policy::Step));
    assert!(r.events.iter().any(|e| e.kind == ScalingKind::Down));
    assert_eq!(servers_at(&r, 200.0), 2);
    assert_eq!(r.summary.arrived, r.summary.completed + r.summary.dropped + r.summary.in_flight);
}
