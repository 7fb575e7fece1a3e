//! Exports: the HPA manifest passes a JSON Schema transcribed from the Kubernetes
//! autoscaling/v2 API reference and the API server's rules, as JSON and as the YAML the
//! export writes; the CSV holds the series. (AWS: `export_aws.rs`; Knative: `export_knative.rs`.)

mod schema;

use autoscale_sim::export::{hpa_manifest, policy_config, series_csv, Format};
use autoscale_sim::scenario::{Metric, MetricTarget, Policy, SelectPolicy};
use autoscale_sim::{run, Scenario};
use schema::check;
use serde_json::{json, Value};

/// HorizontalPodAutoscaler autoscaling/v2, transcribed from the Kubernetes API reference
/// (the fields this exporter can write; all others are rejected as unknown).
fn hpa_schema() -> Value {
    let obj = |required: Value, props: Value| json!({"type": "object", "required": required, "properties": props, "additionalProperties": false});
    let quantity = json!({"type": "string"});
    let metric_target = obj(
        json!(["type"]),
        json!({
        "type": {"enum": ["Utilization", "Value", "AverageValue"]},
        "averageUtilization": {"type": "integer", "minimum": 1},
        "averageValue": quantity, "value": quantity}),
    );
    let rules = obj(
        json!([]),
        json!({
        "stabilizationWindowSeconds": {"type": "integer", "minimum": 0, "maximum": 3600},
        "selectPolicy": {"enum": ["Max", "Min", "Disabled"]},
        "policies": {"type": "array", "items": obj(json!(["type", "value", "periodSeconds"]), json!({
            "type": {"enum": ["Pods", "Percent"]},
            "value": {"type": "integer", "minimum": 1},
            "periodSeconds": {"type": "integer", "minimum": 1, "maximum": 1800}}))}}),
    );
    let metric = json!({"oneOf": [
        obj(json!(["type", "resource"]), json!({"type": {"const": "Resource"},
            "resource": obj(json!(["name", "target"]), json!({"name": {"type": "string"}, "target": metric_target}))})),
        obj(json!(["type", "pods"]), json!({"type": {"const": "Pods"},
            "pods": obj(json!(["metric", "target"]), json!({
                "metric": obj(json!(["name"]), json!({"name": {"type": "string"}})), "target": metric_target}))}))]});
    obj(
        json!(["apiVersion", "kind", "metadata", "spec"]),
        json!({
        "apiVersion": {"const": "autoscaling/v2"},
        "kind": {"const": "HorizontalPodAutoscaler"},
        "metadata": obj(json!(["name"]), json!({"name": {"type": "string"}})),
        "spec": obj(json!(["scaleTargetRef", "maxReplicas"]), json!({
            "scaleTargetRef": obj(json!(["kind", "name"]), json!({"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"}})),
            "minReplicas": {"type": "integer", "minimum": 1},
            "maxReplicas": {"type": "integer", "minimum": 1},
            "metrics": {"type": "array", "items": metric},
            "behavior": obj(json!([]), json!({"scaleUp": rules, "scaleDown": rules}))}))}),
    )
}

/// What the API server's validation adds to the schema (kubernetes
/// pkg/apis/autoscaling/validation, validateScalingRules): a direction's `policies` may be
/// empty only when its `selectPolicy` is `Disabled`.
fn api_server_rules(m: &Value) -> Result<(), String> {
    for direction in ["scaleUp", "scaleDown"] {
        let rules = &m["spec"]["behavior"][direction];
        let empty = rules["policies"].as_array().is_none_or(|p| p.is_empty());
        if empty && rules["selectPolicy"] != "Disabled" {
            return Err(format!("spec.behavior.{direction}.policies: must specify at least one Policy"));
        }
    }
    Ok(())
}

#[test]
fn an_hpa_direction_without_policies_exports_as_disabled() {
    let mut s = Scenario::default();
    s.autoscaler.policy = Policy::TargetTracking;
    s.autoscaler.target_tracking.scale_down_policies.clear();
    let m = hpa_manifest(&s, "chat").unwrap();
    check(&hpa_schema(), &m, "hpa").unwrap();
    api_server_rules(&m).unwrap();
    assert_eq!(m["spec"]["behavior"]["scaleDown"]["selectPolicy"], "Disabled");
    assert_eq!(m["spec"]["behavior"]["scaleUp"]["selectPolicy"], "Max");
    // Per direction: disabling scale-down leaves scale-up's selection alone.
    s.autoscaler.target_tracking.scale_down_policies =
        Scenario::default().autoscaler.target_tracking.scale_down_policies;
    s.autoscaler.target_tracking.scale_down_select_policy = SelectPolicy::Disabled;
    s.autoscaler.target_tracking.scale_up_select_policy = SelectPolicy::Min;
    let m = hpa_manifest(&s, "chat").unwrap();
    assert_eq!(
        (&m["spec"]["behavior"]["scaleUp"]["selectPolicy"], &m["spec"]["behavior"]["scaleDown"]["selectPolicy"]),
        (&json!("Min"), &json!("Disabled"))
    );
    // The rule is not a rubber stamp.
    let mut bad = m.clone();
    bad["spec"]["behavior"]["scaleUp"]["policies"] = json!([]);
    assert!(api_server_rules(&bad).unwrap_err().contains("scaleUp.policies"));
}

#[test]
fn hpa_manifest_passes_the_autoscaling_v2_schema() {
    let mut s = Scenario::default();
    assert!(hpa_manifest(&s, "chat").is_none(), "only target tracking maps to an HPA");
    s.autoscaler.policy = Policy::TargetTracking;
    s.autoscaler.target = 27.5;
    s.autoscaler.target_tracking.metrics = vec![
        MetricTarget { metric: Metric::Utilization, target: 60.0 },
        MetricTarget { metric: Metric::P95LatencyMs, target: 200.0 },
    ];
    let m = hpa_manifest(&s, "chat").unwrap();
    check(&hpa_schema(), &m, "hpa").unwrap();
    api_server_rules(&m).unwrap();
    assert_eq!(m["spec"]["metrics"][0]["pods"]["target"]["averageValue"], "27500m");
    assert_eq!(m["spec"]["metrics"][1]["resource"]["target"]["averageUtilization"], 60);
    assert_eq!(m["spec"]["behavior"]["scaleDown"]["stabilizationWindowSeconds"], 300);
    assert_eq!(
        m["spec"]["behavior"]["scaleUp"]["policies"][1],
        json!({"type": "Pods", "value": 4, "periodSeconds": 15})
    );
    // The checker is not a rubber stamp.
    let mut bad = m.clone();
    bad["spec"]["behavior"]["scaleUp"]["selectPolicy"] = json!("Largest");
    assert!(check(&hpa_schema(), &bad, "hpa").is_err());
    bad = m.clone();
    bad["spec"]["minReplica"] = json!(2);
    assert!(check(&hpa_schema(), &bad, "hpa").unwrap_err().contains("unknown field minReplica"));
}

#[test]
fn the_hpa_export_is_yaml_of_the_same_manifest() {
    let mut s = Scenario::default();
    s.autoscaler.policy = Policy::TargetTracking;
    let text = policy_config(Format::Hpa, &s, "chat").unwrap();
    assert!(text.starts_with("apiVersion: autoscaling/v2\n"), "{text}");
    let back: Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(back, hpa_manifest(&s, "chat").unwrap(), "YAML reads back as the checked manifest");
    check(&hpa_schema(), &back, "hpa").unwrap();
    api_server_rules(&back).unwrap();
    assert!(policy_config(Format::Hpa, &Scenario::default(), "chat")
        .unwrap_err()
        .contains("needs autoscaler.policy target_tracking"));
}

#[test]
fn series_csv_has_a_row_per_interval() {
    let r = run(&Scenario::default());
    let csv = series_csv(&r);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), r.series.len() + 1);
    let header: Vec<&str> = lines[0].split(',').collect();
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(header.len(), first.len());
    assert_eq!(first[0].parse::<f64>().unwrap(), r.series[0].t);
    assert_eq!(first[3].parse::<u64>().unwrap(), r.series[0].completed);
}
