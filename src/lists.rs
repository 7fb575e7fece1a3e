//! Lists typed as text in the page: "0:100, 600:20", "large:2", "100% / 15s", "0..10: +1".
//! Each parser says which item is wrong and what it should look like.

use autoscale_sim::scenario::{Metric, MetricTarget, RateKind, RatePolicy, ServerClass, StepAdjustment};
use autoscale_sim::Choice;

/// The non-empty items of a comma-separated list, numbered from 1.
fn items(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).enumerate().map(|(i, s)| (i + 1, s))
}

fn finite(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// "0:100, 600:20" -> [(0, 100), (600, 20)], or what is wrong with it.
pub fn parse_pairs(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut out = Vec::new();
    for (i, item) in text.split(',').map(str::trim).filter(|s| !s.is_empty()).enumerate() {
        let pair = item.split_once(':').and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
        match pair {
            Some((t, u)) if f64::is_finite(t) && f64::is_finite(u) => out.push((t, u)),
            _ => return Err(format!("item {} (\"{item}\") is not time:users, such as 60:100", i + 1)),
        }
    }
    if out.is_empty() {
        return Err("give at least one time:users pair, such as 0:100".into());
    }
    Ok(out)
}

/// "large:2, small:1" -> server classes named by speed, or what is wrong with it.
pub fn parse_classes(text: &str) -> Result<Vec<ServerClass>, String> {
    let mut out = Vec::new();
    for (i, item) in text.split(',').map(str::trim).filter(|s| !s.is_empty()).enumerate() {
        let class = item.split_once(':').and_then(|(name, speed)| {
            let speed: f64 = speed.trim().parse().ok().filter(|v: &f64| v.is_finite())?;
            Some(ServerClass { name: name.trim().to_string(), speed, cost_per_hour: None })
        });
        match class {
            Some(c) if !c.name.is_empty() => out.push(c),
            _ => return Err(format!("item {} (\"{item}\") is not name:speed, such as large:2", i + 1)),
        }
    }
    Ok(out)
}

/// "0.3, 0.25, 0.25, 0.15, 0.05" -> the weighted score's five weights.
pub fn parse_weights(text: &str) -> Result<[f64; 5], String> {
    let values: Vec<f64> = text
        .split(',')
        .map(|v| v.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect::<Option<_>>()
        .ok_or_else(|| format!("\"{text}\" is not five numbers separated by commas"))?;
    values.try_into().map_err(|v: Vec<f64>| {
        format!("give five weights (utilisation, memory, response time, queue, trend), not {}", v.len())
    })
}

pub fn show_pairs(pairs: impl Iterator<Item = (f64, f64)>) -> String {
    pairs.map(|(t, u)| format!("{t}:{u}")).collect::<Vec<_>>().join(", ")
}

/// "100% / 15s, 4 servers / 15s" -> HPA behaviour policies.
pub fn parse_rate_policies(text: &str) -> Result<Vec<RatePolicy>, String> {
    let mut out = Vec::new();
    for (n, item) in items(text) {
        let policy = item.split_once('/').and_then(|(amount, period)| {
            let period_s = finite(period.trim().trim_end_matches('s'))?;
            let amount = amount.trim();
            let (kind, value) = if let Some(v) = amount.strip_suffix('%') {
                (RateKind::Percent, finite(v)?)
            } else {
                let v = amount.strip_suffix("servers").or_else(|| amount.strip_suffix("server"))?;
                (RateKind::Servers, finite(v)?)
            };
            Some(RatePolicy { kind, value, period_s })
        });
        out.push(policy.ok_or_else(|| format!("item {n} (\"{item}\") is not like 100% / 15s or 4 servers / 15s"))?);
    }
    Ok(out)
}

pub fn show_rate_policies(list: &[RatePolicy]) -> String {
    let show = |p: &RatePolicy| match p.kind {
        RateKind::Percent => format!("{}% / {}s", p.value, p.period_s),
        RateKind::Servers => format!("{} servers / {}s", p.value, p.period_s),
    };
    list.iter().map(show).collect::<Vec<_>>().join(", ")
}

/// "0..10: +1, 10..: +2" -> AWS step adjustments (an empty bound is infinite).
pub fn parse_steps(text: &str) -> Result<Vec<StepAdjustment>, String> {
    let mut out = Vec::new();
    for (n, item) in items(text) {
        let bound = |b: &str| if b.trim().is_empty() { Some(None) } else { finite(b).map(Some) };
        let step = item.split_once(':').and_then(|(range, adj)| {
            let (lo, hi) = range.split_once("..")?;
            Some(StepAdjustment {
                lower: bound(lo)?,
                upper: bound(hi)?,
                adjustment: finite(adj.trim().trim_start_matches('+'))?,
            })
        });
        out.push(
            step.ok_or_else(|| format!("item {n} (\"{item}\") is not lower..upper: adjustment, such as 0..10: +1"))?,
        );
    }
    Ok(out)
}

pub fn show_steps(list: &[StepAdjustment]) -> String {
    let b = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    list.iter().map(|s| format!("{}..{}: {:+}", b(s.lower), b(s.upper), s.adjustment)).collect::<Vec<_>>().join(", ")
}

/// "p95_latency_ms: 200" -> further metrics and targets for target tracking.
pub fn parse_metric_targets(text: &str) -> Result<Vec<MetricTarget>, String> {
    let mut out = Vec::new();
    for (n, item) in items(text) {
        let m = item.split_once(':').and_then(|(metric, target)| {
            Some(MetricTarget { metric: Metric::from_name(metric.trim())?, target: finite(target)? })
        });
        out.push(m.ok_or_else(|| format!("item {n} (\"{item}\") is not metric: target, such as p95_latency_ms: 200"))?);
    }
    Ok(out)
}

pub fn show_metric_targets(list: &[MetricTarget]) -> String {
    list.iter().map(|m| format!("{}: {}", m.metric.name(), m.target)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_parse_and_explain_mistakes() {
        assert_eq!(parse_pairs("0:100, 600:20").unwrap(), vec![(0.0, 100.0), (600.0, 20.0)]);
        assert!(parse_pairs("0:100, 600").unwrap_err().contains("item 2"));
        assert!(parse_pairs("").is_err());
        assert!(parse_pairs("a:b").unwrap_err().contains("\"a:b\""));
    }

    #[test]
    fn classes_weights_and_crashes_parse_and_explain_mistakes() {
        let c = parse_classes("large:2, small:1").unwrap();
        assert_eq!((c[0].name.as_str(), c[0].speed, c[1].speed), ("large", 2.0, 1.0));
        assert!(parse_classes("").unwrap().is_empty());
        assert_eq!(parse_classes("large").unwrap_err(), "item 1 (\"large\") is not name:speed, such as large:2");
        assert_eq!(parse_weights("1, 0, 0, 0, 0").unwrap(), [1.0, 0.0, 0.0, 0.0, 0.0]);
        assert!(parse_weights("1, 2").unwrap_err().contains("not 2"));
    }

    #[test]
    fn policies_steps_and_metrics_round_trip_and_explain_mistakes() {
        let p = parse_rate_policies("100% / 15s, 4 servers / 15s").unwrap();
        assert_eq!(p, autoscale_sim::scenario::AutoscalerConfig::default().target_tracking.scale_up_policies);
        assert_eq!(show_rate_policies(&p), "100% / 15s, 4 servers / 15s");
        assert!(parse_rate_policies("fast").unwrap_err().starts_with("item 1 (\"fast\")"));
        let s = parse_steps("0..10: +1, 10..: +2").unwrap();
        assert_eq!(s, autoscale_sim::scenario::AutoscalerConfig::default().step_scaling.scale_out_steps);
        assert_eq!(show_steps(&s), "0..10: +1, 10..: +2");
        assert_eq!(parse_steps("..0: -1").unwrap()[0].upper, Some(0.0));
        assert!(parse_steps("0-10: 1").unwrap_err().contains("lower..upper"));
        let m = parse_metric_targets("p95_latency_ms: 200").unwrap();
        assert_eq!(show_metric_targets(&m), "p95_latency_ms: 200");
        assert!(parse_metric_targets("cpu: 50").is_err());
        assert!(parse_metric_targets("").unwrap().is_empty());
    }
}
