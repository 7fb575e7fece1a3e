//! The Knative export: a serving.knative.dev/v1 Service whose revision annotations pass
//! the rules of knative/serving's annotation validation (`pkg/apis/autoscaling`,
//! `ValidateAnnotations`: known keys, the KPA's metrics, the documented ranges), and the
//! config-autoscaler ConfigMap's keys with the ranges its validation allows
//! (`pkg/autoscaler/config`). Read back from the YAML the export writes.

use autoscale_sim::export::{policy_config, Format};
use autoscale_sim::scenario::{KpaMetric, Policy};
use autoscale_sim::Scenario;
use serde::Deserialize;
use serde_json::Value;

/// "60s", "1m30s"... as a number of seconds (the subset Go's time.ParseDuration takes that
/// the export writes: whole seconds).
fn duration_s(v: &str) -> Result<f64, String> {
    v.strip_suffix('s').and_then(|n| n.parse::<f64>().ok()).ok_or_else(|| format!("`{v}` is not a duration"))
}

fn number(v: &str) -> Result<f64, String> {
    v.parse::<f64>().map_err(|_| format!("`{v}` is not a number"))
}

fn within(key: &str, x: f64, lo: f64, hi: f64) -> Result<(), String> {
    if (lo..=hi).contains(&x) {
        Ok(())
    } else {
        Err(format!("{key} = {x}: must be within [{lo}, {hi}]"))
    }
}

/// Knative's annotation rules for a KPA-class revision.
fn validate_annotations(notes: &serde_json::Map<String, Value>) -> Result<(), String> {
    let get = |k: &str| notes.get(&format!("autoscaling.knative.dev/{k}")).and_then(Value::as_str);
    for (k, v) in notes {
        let key = k.strip_prefix("autoscaling.knative.dev/").ok_or(format!("{k}: not an autoscaling key"))?;
        let v = v.as_str().ok_or(format!("{k}: annotation values are strings"))?;
        match key {
            "class" => (v == "kpa.autoscaling.knative.dev").then_some(()).ok_or(format!("{k}: {v}"))?,
            "metric" => {
                ["concurrency", "rps"].contains(&v).then_some(()).ok_or(format!("{k}: {v} is not a KPA metric"))?
            }
            "target" => within(k, number(v)?, 0.01, f64::MAX)?,
            "target-utilization-percentage" => within(k, number(v)?, 1.0, 100.0)?,
            "window" => within(k, duration_s(v)?, 6.0, 3600.0)?,
            "panic-window-percentage" => within(k, number(v)?, 1.0, 100.0)?,
            "panic-threshold-percentage" => within(k, number(v)?, 110.0, 1000.0)?,
            "min-scale" | "max-scale" | "initial-scale" => {
                within(k, v.parse::<u32>().map_err(|e| e.to_string())? as f64, 0.0, f64::MAX)?
            }
            "activation-scale" => within(k, v.parse::<u32>().map_err(|e| e.to_string())? as f64, 1.0, f64::MAX)?,
            "scale-down-delay" => within(k, duration_s(v)?, 0.0, 3600.0)?,
            _ => return Err(format!("{k}: unknown autoscaling annotation")),
        }
    }
    let (min, max) = (
        get("min-scale").unwrap_or("0").parse::<u32>().unwrap(),
        get("max-scale").unwrap_or("0").parse::<u32>().unwrap(),
    );
    if max != 0 && max < min {
        return Err(format!("max-scale {max} is below min-scale {min}"));
    }
    Ok(())
}

fn validate_config(data: &serde_json::Map<String, Value>) -> Result<(), String> {
    for (k, v) in data {
        let v = v.as_str().ok_or(format!("{k}: ConfigMap values are strings"))?;
        match k.as_str() {
            "max-scale-up-rate" | "max-scale-down-rate" => {
                (number(v)? > 1.0).then_some(()).ok_or(format!("{k} = {v}: must be greater than 1.0"))?
            }
            "scale-to-zero-grace-period" => within(k, duration_s(v)?, 6.0, f64::MAX)?,
            "enable-scale-to-zero" | "allow-zero-initial-scale" => {
                ["true", "false"].contains(&v).then_some(()).ok_or(format!("{k}: {v}"))?
            }
            _ => return Err(format!("{k}: not a config-autoscaler key")),
        }
    }
    Ok(())
}

fn documents(text: &str) -> Vec<Value> {
    serde_yaml_ng::Deserializer::from_str(text).map(|d| Value::deserialize(d).unwrap()).collect()
}

#[test]
fn the_knative_policy_exports_as_a_service_and_its_config() {
    let mut s = Scenario::default();
    assert!(policy_config(Format::Knative, &s, "chat").unwrap_err().contains("needs autoscaler.policy knative"));
    s.autoscaler.policy = Policy::Knative;
    s.autoscaler.min_servers = 0;
    s.autoscaler.knative.kpa_metric = KpaMetric::Rps;
    s.autoscaler.knative.scale_down_delay_s = 90.0;
    let docs = documents(&policy_config(Format::Knative, &s, "chat").unwrap());
    assert_eq!(docs.len(), 2);
    let (service, config) = (&docs[0], &docs[1]);
    assert_eq!((&service["apiVersion"], &service["kind"]), (&"serving.knative.dev/v1".into(), &"Service".into()));
    let notes = service["spec"]["template"]["metadata"]["annotations"].as_object().unwrap();
    validate_annotations(notes).unwrap();
    let note = |k: &str| notes[&format!("autoscaling.knative.dev/{k}")].as_str().unwrap().to_string();
    assert_eq!((note("metric"), note("target"), note("window")), ("rps".into(), "200".into(), "60s".into()));
    assert_eq!(
        (note("min-scale"), note("max-scale"), note("scale-down-delay")),
        ("0".into(), "10".into(), "90s".into())
    );
    assert_eq!(config["metadata"]["name"], "config-autoscaler");
    validate_config(config["data"].as_object().unwrap()).unwrap();
    assert_eq!(config["data"]["enable-scale-to-zero"], "true");
    assert_eq!(config["data"]["scale-to-zero-grace-period"], "30s");
}

#[test]
fn the_rules_are_not_rubber_stamps() {
    let mut notes = serde_json::Map::new();
    notes.insert("autoscaling.knative.dev/window".into(), "5s".into());
    assert!(validate_annotations(&notes).unwrap_err().contains("[6, 3600]"));
    notes.clear();
    notes.insert("autoscaling.knative.dev/metric".into(), "cpu".into());
    assert!(validate_annotations(&notes).is_err(), "cpu needs the HPA class");
    notes.clear();
    notes.insert("autoscaling.knative.dev/min-scale".into(), "3".into());
    notes.insert("autoscaling.knative.dev/max-scale".into(), "2".into());
    assert!(validate_annotations(&notes).unwrap_err().contains("below min-scale"));
    let mut data = serde_json::Map::new();
    data.insert("max-scale-down-rate".into(), "1".into());
    assert!(validate_config(&data).is_err());
}
