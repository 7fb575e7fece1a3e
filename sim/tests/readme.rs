//! README documents every choice: each JSON name of every closed set (patterns, policies,
//! balancers, metrics, distributions, percentiles...) appears in it in backticks, and the
//! command line's help lists the policies, balancers and patterns. A variant added to a
//! `choices!` table without its documentation fails here.

use autoscale_sim::objective::Percentile;
use autoscale_sim::scenario::{
    AdjustmentType, KpaMetric, Metric, Pattern, Policy, RateKind, SelectPolicy, ServiceDist, Strategy,
};
use autoscale_sim::Choice;

fn missing<T: Choice>(readme: &str) -> Vec<&'static str> {
    T::NAMES.iter().copied().filter(|n| !readme.contains(&format!("`{n}`"))).collect()
}

#[test]
fn readme_names_every_choice() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README.md");
    let gaps = [
        ("traffic.pattern", missing::<Pattern>(&readme)),
        ("autoscaler.policy", missing::<Policy>(&readme)),
        ("balancer.strategy", missing::<Strategy>(&readme)),
        ("autoscaler.metric", missing::<Metric>(&readme)),
        ("service.service_dist", missing::<ServiceDist>(&readme)),
        ("objective.percentile", missing::<Percentile>(&readme)),
        ("autoscaler.scale_up_select_policy", missing::<SelectPolicy>(&readme)),
        ("autoscaler.adjustment_type", missing::<AdjustmentType>(&readme)),
        ("rate policy type", missing::<RateKind>(&readme)),
        ("autoscaler.kpa_metric", missing::<KpaMetric>(&readme)),
    ];
    let gaps: Vec<_> = gaps.iter().filter(|(_, m)| !m.is_empty()).collect();
    assert!(gaps.is_empty(), "README does not name: {gaps:?}");
}

#[test]
fn help_lists_every_policy_balancer_and_pattern() {
    let help = autoscale_sim::cli::usage();
    for name in Policy::NAMES.iter().chain(Strategy::NAMES).chain(Pattern::NAMES) {
        assert!(help.contains(name), "--help lacks {name}");
    }
}
