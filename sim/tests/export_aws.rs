//! The AWS export is a CloudFormation template whose resources pass schemas transcribed
//! from the AWS CloudFormation resource reference (`AWS::AutoScaling::ScalingPolicy`,
//! `AWS::CloudWatch::Alarm`) and the rules the Amazon EC2 Auto Scaling API adds
//! (PutScalingPolicy: step intervals neither overlap nor leave a gap; PutMetricAlarm: a
//! period of 10, 30 or a multiple of 60 seconds).

mod schema;

use autoscale_sim::export::{alarm_period_s, aws_template, policy_config, Format};
use autoscale_sim::scenario::{AdjustmentType, Policy, StepAdjustment};
use autoscale_sim::Scenario;
use schema::check;
use serde_json::{json, Value};

fn obj(required: Value, props: Value) -> Value {
    json!({"type": "object", "required": required, "properties": props, "additionalProperties": false})
}

/// A string, or a `Ref` to a parameter or resource.
fn string_or_ref() -> Value {
    json!({"oneOf": [{"type": "string"}, obj(json!(["Ref"]), json!({"Ref": {"type": "string"}}))]})
}

fn scaling_policy() -> Value {
    let step = obj(
        json!(["ScalingAdjustment"]),
        json!({"MetricIntervalLowerBound": {"type": "number"}, "MetricIntervalUpperBound": {"type": "number"},
               "ScalingAdjustment": {"type": "integer"}}),
    );
    obj(
        json!(["Type", "Properties"]),
        json!({"Type": {"const": "AWS::AutoScaling::ScalingPolicy"}, "Properties": obj(json!(["AutoScalingGroupName"]), json!({
            "AutoScalingGroupName": string_or_ref(),
            "PolicyType": {"enum": ["SimpleScaling", "StepScaling", "TargetTrackingScaling", "PredictiveScaling"]},
            "AdjustmentType": {"enum": ["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"]},
            "MetricAggregationType": {"enum": ["Minimum", "Maximum", "Average"]},
            "EstimatedInstanceWarmup": {"type": "integer", "minimum": 0},
            "MinAdjustmentMagnitude": {"type": "integer", "minimum": 0},
            "StepAdjustments": {"type": "array", "items": step}}))}),
    )
}

fn alarm() -> Value {
    obj(
        json!(["Type", "Properties"]),
        json!({"Type": {"const": "AWS::CloudWatch::Alarm"}, "Properties": obj(json!(["ComparisonOperator", "EvaluationPeriods"]), json!({
            "AlarmDescription": {"type": "string"},
            "Namespace": {"type": "string"}, "MetricName": {"type": "string"},
            "Dimensions": {"type": "array", "items": obj(json!(["Name", "Value"]), json!({"Name": {"type": "string"}, "Value": string_or_ref()}))},
            "Statistic": {"enum": ["SampleCount", "Average", "Sum", "Minimum", "Maximum"]},
            "Period": {"type": "integer", "minimum": 10},
            "EvaluationPeriods": {"type": "integer", "minimum": 1},
            "Threshold": {"type": "number"},
            "ComparisonOperator": {"enum": ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
                "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"]},
            "AlarmActions": {"type": "array", "items": string_or_ref()}}))}),
    )
}

/// PutScalingPolicy: "The ranges of your step adjustments can't overlap or have a gap";
/// at most one step without a lower bound and one without an upper bound.
fn steps_tile(steps: &[Value]) -> Result<(), String> {
    let bound = |s: &Value, k: &str| s.get(k).and_then(Value::as_f64);
    let mut spans: Vec<(f64, f64)> = steps
        .iter()
        .map(|s| {
            (
                bound(s, "MetricIntervalLowerBound").unwrap_or(f64::NEG_INFINITY),
                bound(s, "MetricIntervalUpperBound").unwrap_or(f64::INFINITY),
            )
        })
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in spans.windows(2) {
        if pair[0].1 != pair[1].0 {
            return Err(format!("steps {:?} and {:?} overlap or leave a gap", pair[0], pair[1]));
        }
    }
    Ok(())
}

fn check_template(t: &Value) {
    assert_eq!(t["AWSTemplateFormatVersion"], "2010-09-09");
    let resources = t["Resources"].as_object().unwrap();
    for (name, r) in resources {
        let schema = if r["Type"] == "AWS::CloudWatch::Alarm" { alarm() } else { scaling_policy() };
        check(&schema, r, name).unwrap();
        // Every Ref names a parameter or a resource of the template.
        for action in r["Properties"]["AlarmActions"].as_array().into_iter().flatten() {
            assert!(resources.contains_key(action["Ref"].as_str().unwrap()), "{action}");
        }
        if let Some(steps) = r["Properties"]["StepAdjustments"].as_array() {
            steps_tile(steps).unwrap();
        }
        if let Some(p) = r["Properties"]["Period"].as_i64() {
            assert!(p == 10 || p == 30 || p % 60 == 0, "period {p}");
        }
    }
}

#[test]
fn the_step_policy_exports_as_a_cloudformation_template() {
    let mut s = Scenario::default();
    assert!(aws_template(&s, "chat").is_none());
    s.autoscaler.policy = Policy::Step;
    let t = aws_template(&s, "chat").unwrap();
    check_template(&t);
    let out = &t["Resources"]["ScaleOutPolicy"]["Properties"];
    assert_eq!(out["PolicyType"], "StepScaling");
    assert_eq!(out["EstimatedInstanceWarmup"], 10);
    assert_eq!(
        out["StepAdjustments"],
        json!([{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 10.0, "ScalingAdjustment": 1},
               {"MetricIntervalLowerBound": 10.0, "ScalingAdjustment": 2}])
    );
    assert_eq!(
        t["Resources"]["ScaleInPolicy"]["Properties"]["StepAdjustments"],
        json!([{"MetricIntervalUpperBound": 0.0, "ScalingAdjustment": -1}])
    );
    assert_eq!(t["Resources"]["ScaleOutAlarm"]["Properties"]["Threshold"], 30.0);
    assert_eq!(t["Metadata"]["AutoscaleLab"]["MaxSize"], 10);
    assert!(out.get("MinAdjustmentMagnitude").is_none(), "only for percent adjustments");
    // The text is the same template.
    let text = policy_config(Format::Aws, &s, "chat").unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), t);
    // Percent adjustments carry their least magnitude.
    s.autoscaler.step_scaling.adjustment_type = AdjustmentType::PercentChangeInCapacity;
    let t = aws_template(&s, "chat").unwrap();
    check_template(&t);
    assert_eq!(t["Resources"]["ScaleOutPolicy"]["Properties"]["MinAdjustmentMagnitude"], 1);
}

#[test]
fn the_checks_are_not_rubber_stamps() {
    let mut s = Scenario::default();
    s.autoscaler.policy = Policy::Step;
    let t = aws_template(&s, "chat").unwrap();
    let mut bad = t["Resources"]["ScaleOutAlarm"].clone();
    bad["Properties"]["Statistic"] = json!("Mean");
    assert!(check(&alarm(), &bad, "alarm").is_err());
    bad = t["Resources"]["ScaleOutPolicy"].clone();
    bad["Properties"]["StepAdjustment"] = json!([]);
    assert!(check(&scaling_policy(), &bad, "policy").unwrap_err().contains("unknown field StepAdjustment"));
    s.autoscaler.step_scaling.scale_out_steps = vec![
        StepAdjustment { lower: Some(0.0), upper: Some(5.0), adjustment: 1.0 },
        StepAdjustment { lower: Some(10.0), upper: None, adjustment: 2.0 },
    ];
    let t = aws_template(&s, "chat").unwrap();
    let steps = t["Resources"]["ScaleOutPolicy"]["Properties"]["StepAdjustments"].as_array().unwrap().clone();
    assert!(steps_tile(&steps).unwrap_err().contains("gap"));
}

#[test]
fn alarm_periods_are_ones_cloudwatch_accepts() {
    let got: Vec<i64> =
        [0.5, 1.0, 10.0, 15.0, 30.0, 45.0, 60.0, 61.0, 600.0].iter().map(|&x| alarm_period_s(x)).collect();
    assert_eq!(got, [10, 10, 10, 30, 30, 60, 60, 120, 600]);
}
