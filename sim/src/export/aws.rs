//! The `step` policy as an AWS CloudFormation template: two `AWS::AutoScaling::ScalingPolicy`
//! resources of type StepScaling and the two `AWS::CloudWatch::Alarm`s that trigger them,
//! for an existing Auto Scaling group named by a parameter. `aws cloudformation deploy
//! --template-file` takes it as it is; the resources' properties are those of the
//! `PutScalingPolicy` and `PutMetricAlarm` calls of the AWS CLI.

use serde_json::{json, Value};

use crate::choice::Choice;
use crate::scenario::{AdjustmentType, AutoscalerConfig, Metric, Policy, Scenario, StepAdjustment};

fn adjustment_type(t: AdjustmentType) -> &'static str {
    match t {
        AdjustmentType::ChangeInCapacity => "ChangeInCapacity",
        AdjustmentType::ExactCapacity => "ExactCapacity",
        AdjustmentType::PercentChangeInCapacity => "PercentChangeInCapacity",
    }
}

fn scaling_policy(a: &AutoscalerConfig, steps: &[StepAdjustment]) -> Value {
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
        "AutoScalingGroupName": {"Ref": "AutoScalingGroupName"},
        "PolicyType": "StepScaling",
        "AdjustmentType": adjustment_type(a.step_scaling.adjustment_type),
        "MetricAggregationType": "Average",
        "EstimatedInstanceWarmup": a.step_scaling.warmup_s.round() as i64,
        "StepAdjustments": steps,
    });
    if a.step_scaling.adjustment_type == AdjustmentType::PercentChangeInCapacity {
        p["MinAdjustmentMagnitude"] = json!(a.step_scaling.min_adjustment_magnitude);
    }
    json!({"Type": "AWS::AutoScaling::ScalingPolicy", "Properties": p})
}

/// A CloudWatch alarm period: 10, 30 or a multiple of 60 seconds (PutMetricAlarm), the
/// nearest at or above the evaluation interval.
pub fn alarm_period_s(interval_s: f64) -> i64 {
    match interval_s {
        x if x <= 10.0 => 10,
        x if x <= 30.0 => 30,
        x => ((x / 60.0).ceil() as i64).clamp(1, 1440) * 60,
    }
}

/// The CloudWatch metric a lab metric maps to: CPU from EC2, the others published by the
/// service under its own namespace.
fn metric_source(metric: Metric) -> (&'static str, &'static str) {
    match metric {
        Metric::Utilization => ("AWS/EC2", "CPUUtilization"),
        Metric::UsersPerServer => ("Chat", "ConnectedUsersPerInstance"),
        Metric::RpsPerServer => ("Chat", "MessagesPerSecondPerInstance"),
        Metric::QueuePerServer => ("Chat", "QueueLengthPerInstance"),
        Metric::P95LatencyMs => ("Chat", "LatencyP95Milliseconds"),
    }
}

fn alarm(a: &AutoscalerConfig, threshold: f64, comparison: &str, policy: &str, what: &str) -> Value {
    let (namespace, metric) = metric_source(a.metric);
    json!({"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": format!("{what} when {} is {comparison} {threshold}", a.metric.name()),
        "Namespace": namespace,
        "MetricName": metric,
        "Dimensions": [{"Name": "AutoScalingGroupName", "Value": {"Ref": "AutoScalingGroupName"}}],
        "Statistic": "Average",
        "Period": alarm_period_s(a.interval_s),
        "EvaluationPeriods": 1,
        "Threshold": threshold,
        "ComparisonOperator": comparison,
        "AlarmActions": [{"Ref": policy}],
    }})
}

/// The CloudFormation template of a `step` scenario, or `None` for other policies. The
/// group's size bounds are not part of a scaling policy: they are in `Metadata` and the
/// description.
pub fn aws_template(s: &Scenario, group: &str) -> Option<Value> {
    let a = &s.autoscaler;
    if a.policy != Policy::Step {
        return None;
    }
    Some(json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!(
            "Step scaling exported by autoscale-lab; set the group to min {}, max {}, desired {} servers.",
            a.min_servers, a.max_servers, a.initial_servers
        ),
        "Metadata": {"AutoscaleLab": {"MinSize": a.min_servers, "MaxSize": a.max_servers, "DesiredCapacity": a.initial_servers}},
        "Parameters": {"AutoScalingGroupName": {"Type": "String", "Default": group,
            "Description": "The existing Auto Scaling group these policies scale"}},
        "Resources": {
            "ScaleOutPolicy": scaling_policy(a, &a.step_scaling.scale_out_steps),
            "ScaleOutAlarm": alarm(a, a.scale_up, "GreaterThanOrEqualToThreshold", "ScaleOutPolicy", "Scale out"),
            "ScaleInPolicy": scaling_policy(a, &a.step_scaling.scale_in_steps),
            "ScaleInAlarm": alarm(a, a.scale_down, "LessThanOrEqualToThreshold", "ScaleInPolicy", "Scale in"),
        },
    }))
}
