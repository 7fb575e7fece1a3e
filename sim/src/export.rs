//! Exports: a run's series as CSV, and the scenario's policy as the real system's
//! configuration: a Kubernetes HorizontalPodAutoscaler (YAML) for `target_tracking`, an
//! AWS CloudFormation template (JSON) for `step`, a Knative Service with its
//! `config-autoscaler` (YAML) for `knative`. Pure text out; the page and the command line
//! save it.

mod aws;
mod knative;
mod kubernetes;

pub use aws::{alarm_period_s, aws_template};
pub use knative::knative_service;
pub use kubernetes::hpa_manifest;

use serde_json::Value;

use crate::choice::Choice;
use crate::report::Report;
use crate::scenario::{Policy, Scenario};

crate::choices! {
    /// What `--export` and the page's Export menu write.
    pub enum Format {
        Csv = ("csv", "series CSV", "the run's series, one row per interval, with units in the header."),
        Hpa = ("hpa", "Kubernetes HPA (YAML)", "the target tracking policy as an autoscaling/v2 HorizontalPodAutoscaler, for kubectl apply -f."),
        Aws = ("aws", "AWS CloudFormation (JSON)", "the step scaling policy as two StepScaling policies and their CloudWatch alarms, for aws cloudformation deploy."),
        Knative = ("knative", "Knative Service (YAML)", "the Knative policy as a Service's autoscaling annotations and the config-autoscaler keys it needs."),
    }
}

impl Format {
    /// The policy a configuration format needs (`None` for the CSV, which any run has).
    pub fn policy(self) -> Option<Policy> {
        match self {
            Format::Csv => None,
            Format::Hpa => Some(Policy::TargetTracking),
            Format::Aws => Some(Policy::Step),
            Format::Knative => Some(Policy::Knative),
        }
    }

    /// The file name a download gets.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Csv => "series.csv",
            Format::Hpa => "hpa.yaml",
            Format::Aws => "aws-step-scaling.json",
            Format::Knative => "knative-service.yaml",
        }
    }

    /// Its media type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Aws => "application/json",
            Format::Hpa | Format::Knative => "application/yaml",
        }
    }
}

/// YAML documents, `---` between them, as kubectl takes them.
fn yaml(docs: &[Value]) -> String {
    docs.iter().map(|d| serde_yaml_ng::to_string(d).unwrap_or_default()).collect::<Vec<_>>().join("---\n")
}

/// The scenario's policy as `format`'s configuration for a service called `name`, or a
/// one-line message when the scenario's policy has none in that format. The CSV needs a
/// run: use [`series_csv`].
pub fn policy_config(format: Format, s: &Scenario, name: &str) -> Result<String, String> {
    let text = match format {
        Format::Csv => None,
        Format::Hpa => hpa_manifest(s, name).map(|m| yaml(&[m])),
        Format::Aws => aws_template(s, name).map(|t| serde_json::to_string_pretty(&t).unwrap_or_default() + "\n"),
        Format::Knative => knative_service(s, name).map(|docs| yaml(&docs)),
    };
    text.ok_or_else(|| match format.policy() {
        Some(p) => format!(
            "the {} export needs autoscaler.policy {}, not {}",
            format.name(),
            p.name(),
            s.autoscaler.policy.name()
        ),
        None => "the series CSV comes from a run, not from a policy".to_string(),
    })
}

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
