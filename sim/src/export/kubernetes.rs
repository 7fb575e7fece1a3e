//! The `target_tracking` policy as a Kubernetes `autoscaling/v2` HorizontalPodAutoscaler.

use serde_json::{json, Value};

use crate::scenario::{Metric, Policy, RateKind, RatePolicy, Scenario, SelectPolicy};

/// The custom (Pods) metric a metric maps to in Kubernetes, for those that are not CPU.
fn pods_metric(metric: Metric) -> &'static str {
    match metric {
        Metric::UsersPerServer => "chat_connected_users",
        Metric::RpsPerServer => "chat_messages_per_second",
        Metric::QueuePerServer => "chat_queue_length",
        Metric::P95LatencyMs => "chat_latency_p95_milliseconds",
        Metric::Utilization => "cpu",
    }
}

fn hpa_metric(metric: Metric, target: f64) -> Value {
    if metric == Metric::Utilization {
        return json!({"type": "Resource", "resource": {"name": "cpu",
            "target": {"type": "Utilization", "averageUtilization": target.round().max(1.0) as i64}}});
    }
    // Quantities are strings; milli-units keep fractional targets exact.
    let milli = (target * 1000.0).round() as i64;
    let quantity = if milli % 1000 == 0 { (milli / 1000).to_string() } else { format!("{milli}m") };
    json!({"type": "Pods", "pods": {"metric": {"name": pods_metric(metric)},
        "target": {"type": "AverageValue", "averageValue": quantity}}})
}

/// One direction's `HPAScalingRules`. The API server refuses an empty `policies` list unless
/// `selectPolicy` is `Disabled` (kubernetes pkg/apis/autoscaling/validation, "must specify at
/// least one Policy"); an empty list allows no change here either, so it is written as
/// `Disabled`.
fn hpa_rules(window_s: f64, select: SelectPolicy, policies: &[RatePolicy]) -> Value {
    let select = if policies.is_empty() { SelectPolicy::Disabled } else { select };
    let select = match select {
        SelectPolicy::Max => "Max",
        SelectPolicy::Min => "Min",
        SelectPolicy::Disabled => "Disabled",
    };
    let policies: Vec<Value> = policies
        .iter()
        .map(|p| {
            let kind = if p.kind == RateKind::Percent { "Percent" } else { "Pods" };
            json!({"type": kind, "value": p.value.round().max(1.0) as i64, "periodSeconds": p.period_s.round().clamp(1.0, 1800.0) as i64})
        })
        .collect();
    json!({"stabilizationWindowSeconds": window_s.round().clamp(0.0, 3600.0) as i64, "selectPolicy": select, "policies": policies})
}

/// An `autoscaling/v2` HorizontalPodAutoscaler for a `target_tracking` scenario, or `None`
/// for other policies (`super::Format::Hpa` writes it as YAML).
/// Tolerance and sync period are cluster-wide settings in Kubernetes, not part of the object.
pub fn hpa_manifest(s: &Scenario, name: &str) -> Option<Value> {
    let a = &s.autoscaler;
    if a.policy != Policy::TargetTracking {
        return None;
    }
    let mut metrics = vec![hpa_metric(a.metric, a.target)];
    metrics.extend(a.target_tracking.metrics.iter().map(|m| hpa_metric(m.metric, m.target)));
    Some(json!({
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": a.min_servers,
            "maxReplicas": a.max_servers,
            "metrics": metrics,
            "behavior": {
                "scaleUp": hpa_rules(a.target_tracking.scale_up_window_s, a.target_tracking.scale_up_select_policy, &a.target_tracking.scale_up_policies),
                "scaleDown": hpa_rules(a.target_tracking.scale_down_window_s, a.target_tracking.scale_down_select_policy, &a.target_tracking.scale_down_policies),
            }
        }
    }))
}
