//! The `knative` policy as a Knative Service's revision annotations
//! (`autoscaling.knative.dev/*`, serving.knative.dev/v1), and the cluster-wide keys it
//! relies on as the `config-autoscaler` ConfigMap: the rates and the scale-to-zero grace
//! period are not per-revision settings in Knative.

use serde_json::{json, Map, Value};

use crate::autoscaler::fmt_num;
use crate::choice::Choice;
use crate::scenario::{Policy, Scenario};

/// A duration as Knative writes one ("60s").
fn seconds(x: f64) -> String {
    format!("{}s", fmt_num(x.round()))
}

/// The Service and the ConfigMap of a `knative` scenario, or `None` for other policies.
pub fn knative_service(s: &Scenario, name: &str) -> Option<[Value; 2]> {
    let a = &s.autoscaler;
    if a.policy != Policy::Knative {
        return None;
    }
    let k = &a.knative;
    let key = |k: &str| format!("autoscaling.knative.dev/{k}");
    let mut notes = Map::new();
    let mut put = |k: &str, v: String| {
        notes.insert(key(k), Value::String(v));
    };
    put("class", "kpa.autoscaling.knative.dev".into());
    put("metric", k.kpa_metric.name().into());
    put("target", fmt_num(k.target()));
    put("target-utilization-percentage", fmt_num(k.kpa_target_utilization_pct));
    put("window", seconds(k.stable_window_s));
    put("panic-window-percentage", fmt_num(k.panic_window_pct));
    put("panic-threshold-percentage", fmt_num(k.panic_threshold_pct));
    put("min-scale", a.min_servers.to_string());
    put("max-scale", a.max_servers.to_string());
    put("initial-scale", a.initial_servers.to_string());
    put("activation-scale", k.activation_scale.to_string());
    put("scale-down-delay", seconds(k.scale_down_delay_s));
    let service = json!({
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": {"name": name},
        "spec": {"template": {
            "metadata": {"annotations": notes},
            "spec": {"containers": [{"image": format!("registry.example.com/{name}:latest")}]},
        }},
    });
    let config = json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "config-autoscaler", "namespace": "knative-serving"},
        "data": {
            "max-scale-up-rate": fmt_num(k.max_scale_up_rate),
            "max-scale-down-rate": fmt_num(k.max_scale_down_rate),
            "scale-to-zero-grace-period": seconds(k.scale_to_zero_grace_s),
            "enable-scale-to-zero": (a.min_servers == 0).to_string(),
            "allow-zero-initial-scale": (a.initial_servers == 0).to_string(),
        },
    });
    Some([service, config])
}
