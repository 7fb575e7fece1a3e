//! Property tests: invariants that hold for every valid scenario. The generators draw
//! every pattern, policy, balancer and distribution from their `ALL` lists, so a new one is
//! tested without touching this file. (Determinism is checked against stored digests in
//! `determinism.rs`.)

use std::sync::Arc;

use autoscale_sim::failures::{Crash, FailuresConfig};
use autoscale_sim::scenario::{Pattern, Policy, ServerClass, ServiceDist, Strategy};
use autoscale_sim::trace::Trace;
use autoscale_sim::ScalingKind;
use autoscale_sim::{run, Choice, Scenario};
use proptest::prelude::*;

prop_compose! {
    fn scenario()(
        seed in any::<u64>(),
        duration_s in 5.0..90.0f64,
        pattern in prop::sample::select(Pattern::ALL),
        base in 0.0..150.0f64, peak in 0.0..300.0f64, msg_rate in 0.1..3.0f64, noise in 0.0..0.5f64,
        service_ms in 1.0..80.0f64, dist in prop::sample::select(ServiceDist::ALL), cv in 0.2..2.0f64, workers in 1..4u32,
        queue_limit in proptest::option::of(0..50u32), startup_s in 0.0..8.0f64,
        scale_up in 5.0..60.0f64, down_frac in 0.0..0.95f64,
        min in 0..5u32, extra in 0..8u32, kpa_target in 0.5..20.0f64, stable_window_s in 6.0..60.0f64, initial_frac in 0.0..1.0f64,
        cooldown_s in 0.0..15.0f64, interval_s in 0.5..4.0f64, step in 1..4u32,
        strategy in prop::sample::select(Strategy::ALL), policy in prop::sample::select(Policy::ALL), warmup_s in 0.0..20.0f64,
        failures in proptest::option::of((0.0..90.0f64, 0..6u32, proptest::option::of(5.0..200.0f64), 0.5..20.0f64, 1..4u32, 0..3u32)),
        classes in 0..3usize, trace_gaps in proptest::collection::vec(0.0..0.5f64, 1..200),
    ) -> Scenario {
        let mut s = Scenario { seed, duration_s, ..Scenario::default() };
        s.traffic.pattern = pattern;
        let times = trace_gaps.iter().scan(0.0, |t, g| { *t += g; Some(*t) }).collect();
        s.traffic.trace = Some(Arc::new(Trace::Requests(times)));
        s.traffic.rate_scale = msg_rate;
        s.traffic.period_s = duration_s / 2.0 + 1.0;
        s.traffic.spike_at_s = duration_s / 3.0;
        (s.traffic.base_users, s.traffic.peak_users, s.traffic.msg_rate, s.traffic.noise) = (base, peak, msg_rate, noise);
        s.service.service_ms = service_ms;
        s.service.service_dist = dist;
        (s.service.service_cv, s.service.workers, s.service.queue_limit, s.service.startup_s) = (cv, workers, queue_limit, startup_s);
        let a = &mut s.autoscaler;
        a.policy = policy;
        a.step_scaling.warmup_s = warmup_s;
        a.target_tracking.sync_period_s = interval_s * 3.0;
        a.target_tracking.scale_down_window_s = duration_s / 4.0;
        (a.scale_up, a.scale_down) = (scale_up, scale_up * down_frac);
        // Only Knative's activator can scale to and from zero.
        let min = if policy == Policy::Knative { min } else { min.max(1) };
        (a.min_servers, a.max_servers) = (min, (min + extra).max(1));
        (a.knative.kpa_target, a.knative.stable_window_s) = (Some(kpa_target), stable_window_s);
        a.initial_servers = min + (extra as f64 * initial_frac) as u32;
        (a.cooldown_s, a.interval_s, a.threshold.step) = (cooldown_s, interval_s, step);
        s.balancer.strategy = strategy;
        s.service.classes = (0..classes).map(|i| ServerClass { name: format!("c{i}"), speed: 0.5 + i as f64, cost_per_hour: None }).collect();
        s.failures = failures.map(|(at_s, server, mtbf_s, health_interval_s, unhealthy_after, healthy_after)| FailuresConfig {
            crashes: vec![Crash { at_s, server }], mtbf_s, health_interval_s, unhealthy_after, healthy_after,
        });
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold(s in scenario()) {
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate());
        let r = run(&s);
        let m = &r.summary;
        prop_assert_eq!(m.arrived, m.completed + m.dropped + m.failed + m.in_flight);
        if s.failures.is_none() {
            prop_assert_eq!(m.failed, 0);
        }
        let a = &s.autoscaler;
        for row in &r.series {
            let desired = row.ready + row.starting;
            prop_assert!(desired >= a.min_servers && desired <= a.max_servers, "{:?}", row);
            prop_assert!(row.ready >= 1 || s.failures.is_some() || a.min_servers == 0);
            prop_assert!((0.0..=1.0 + 1e-9).contains(&row.utilization), "{:?}", row);
        }
        let changes: Vec<_> = r.events.iter().filter(|e| matches!(e.kind, ScalingKind::Up | ScalingKind::Down)).cloned().collect();
        for pair in changes.windows(2) {
            if a.policy == Policy::Threshold {
                prop_assert!(pair[1].t - pair[0].t >= a.cooldown_s - 1e-9, "event inside the cooldown: {:?}", pair);
            }
            prop_assert_eq!(pair[0].to, pair[1].from);
        }
        for pair in r.events.windows(2) {
            prop_assert_eq!(pair[0].to, pair[1].from);
        }
        for e in &changes {
            prop_assert!(e.from != e.to && e.to >= a.min_servers && e.to <= a.max_servers);
        }
        if a.policy == Policy::Fixed {
            prop_assert!(changes.is_empty());
        }
        prop_assert!(m.latency_ms.p50 <= m.latency_ms.p95 && m.latency_ms.p95 <= m.latency_ms.p99 && m.latency_ms.p99 <= m.latency_ms.max + 1e-9);
    }

    #[test]
    fn json_round_trips_exactly(s in scenario(), peak in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO) {
        let mut s = s;
        s.traffic.trace = None; // never part of the JSON
        s.traffic.peak_users = peak;
        let back = Scenario::parse(&s.to_json()).expect("a scenario's own JSON parses");
        prop_assert_eq!(&back, &s);
        let compact = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(Scenario::parse(&compact).unwrap(), s);
    }

    #[test]
    fn no_run_costs_much_more_than_its_estimate(s in scenario()) {
        // The estimate is calibrated at 48-74 ns per unit natively (examples/work.rs); a
        // run may take up to 10 x 75 ns per unit, plus 250 ms for small runs on a shared,
        // busy machine (CI compiles beside it), and never more. Over-estimates are allowed:
        // the terms are bounds.
        let units = s.work().total();
        let start = std::time::Instant::now();
        let r = run(&s);
        let took = start.elapsed().as_secs_f64();
        let allowed = 10.0 * 75e-9 * units + 0.25;
        prop_assert!(took <= allowed, "{:.3} s measured, {:.3} s allowed for {units:.3e} units ({} messages)", took, allowed, r.summary.arrived);
    }

    #[test]
    fn the_fluid_engine_keeps_the_invariants(s in scenario()) {
        let mut s = s;
        s.failures = None;
        s.engine = autoscale_sim::scenario::Engine::Fluid;
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate());
        let r = run(&s);
        prop_assert_eq!(r.summary.engine, autoscale_sim::scenario::Engine::Fluid);
        let m = &r.summary;
        prop_assert_eq!(m.arrived, m.completed + m.dropped + m.failed + m.in_flight);
        prop_assert_eq!(r.series.iter().map(|row| row.completed).sum::<u64>(), m.completed);
        let a = &s.autoscaler;
        for row in &r.series {
            let desired = row.ready + row.starting;
            prop_assert!(desired >= a.min_servers && desired <= a.max_servers, "{:?}", row);
            prop_assert!((0.0..=1.0 + 1e-9).contains(&row.utilization), "{:?}", row);
            prop_assert!(row.p50_ms <= row.p95_ms + 1e-6 && row.p95_ms <= row.p99_ms + 1e-6, "{:?}", row);
        }
        let l = &m.latency_ms;
        prop_assert!(l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max + 1e-9, "{:?}", l);
        prop_assert!(l.mean.is_finite() && m.cost.is_finite());
    }
}
