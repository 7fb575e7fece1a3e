//! Exports: a run's series as CSV, and the scenario's policy as the real system's
//! configuration (a Kubernetes HorizontalPodAutoscaler for `target_tracking`, AWS step
//! scaling policies for `step`). Pure text out; the page and the command line save it.

use serde_json::{json, Value};

use crate::choice::Choice;
use crate::report::Report;
use crate::scenario::{
    AdjustmentType, AutoscalerConfig, Metric, Policy, RateKind, RatePolicy, Scenario, SelectPolicy, StepAdjustment,
};

/// The series, one row per interval, with a header naming each column and its unit.
pub fn series_csv(report: &Report) -> String {
    let mut out = String::from(
        "t_s,users,arrival_rps,completed,dropped,failed,ready,starting,draining,capacity_users,utilization,queue,p50_ms,p95_ms,p99_ms,forecast_t_s,forecast_users\n",
    );
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for r in &report.series {
        out += &format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.t,
            r.users,
            r.arrival_rps,
            r.completed,
            r.dropped,
            r.failed,
            r.ready,
            r.starting,
            r.draining,
            r.capacity_users,
            r.utilization,
            r.queue,
            r.p50_ms,
            r.p95_ms,
            r.p99_ms,
            opt(r.forecast_t),
            opt(r.forecast_users)
        );
    }
    out
}

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

/// A `autoscaling/v2` HorizontalPodAutoscaler for a `target_tracking` scenario (as JSON,
/// which `kubectl apply -f` takes as it takes YAML), or `None` for other policies.
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

fn aws_adjustment_type(t: AdjustmentType) -> &'static str {
    match t {
        AdjustmentType::ChangeInCapacity => "ChangeInCapacity",
        AdjustmentType::ExactCapacity => "ExactCapacity",
        AdjustmentType::PercentChangeInCapacity => "PercentChangeInCapacity",
    }
}

fn aws_policy(a: &AutoscalerConfig, group: &str, name: &str, steps: &[StepAdjustment]) -> Value {
    let steps: Vec<Value> = steps
        .iter()
        .map(|st| {
            let mut v = json!({"ScalingAdjustment": st.adjustment.round() as i64});
            if let Some(lo) = st.lower {
                v["MetricIntervalLowerBound"] = json!(lo);
            }
            if let Some(hi) = st.upper {
                v["MetricIntervalUpperBound"] = json!(hi);
            }
            v
        })
        .collect();
    let mut p = json!({
        "AutoScalingGroupName": group,
        "PolicyName": name,
        "PolicyType": "StepScaling",
        "AdjustmentType": aws_adjustment_type(a.step_scaling.adjustment_type),
        "MetricAggregationType": "Average",
        "EstimatedInstanceWarmup": a.step_scaling.warmup_s.round() as i64,
        "StepAdjustments": steps,
    });
    if a.step_scaling.adjustment_type == AdjustmentType::PercentChangeInCapacity {
        p["MinAdjustmentMagnitude"] = json!(a.step_scaling.min_adjustment_magnitude);
    }
    p
}

/// AWS EC2 Auto Scaling step-scaling policies for a `step` scenario: the scale-out and
/// scale-in `PutScalingPolicy` inputs, the alarms' thresholds, and the group's bounds;
/// `None` for other policies.
pub fn aws_step_policies(s: &Scenario, group: &str) -> Option<Value> {
    let a = &s.autoscaler;
    if a.policy != Policy::Step {
        return None;
    }
    let metric = a.metric.name();
    Some(json!({
        "AutoScalingGroup": {"AutoScalingGroupName": group, "MinSize": a.min_servers, "MaxSize": a.max_servers,
            "DesiredCapacity": a.initial_servers},
        "ScaleOutPolicy": aws_policy(a, group, &format!("{group}-scale-out"), &a.step_scaling.scale_out_steps),
        "ScaleOutAlarm": {"MetricName": metric, "Statistic": "Average", "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Threshold": a.scale_up, "Period": a.interval_s.round().max(10.0) as i64, "EvaluationPeriods": 1},
        "ScaleInPolicy": aws_policy(a, group, &format!("{group}-scale-in"), &a.step_scaling.scale_in_steps),
        "ScaleInAlarm": {"MetricName": metric, "Statistic": "Average", "ComparisonOperator": "LessThanOrEqualToThreshold",
            "Threshold": a.scale_down, "Period": a.interval_s.round().max(10.0) as i64, "EvaluationPeriods": 1},
    }))
}
