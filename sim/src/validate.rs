//! Scenario validation: every range and every relation between fields, with messages that
//! name the field and what is allowed.

use crate::scenario::{
    AutoscalerConfig, Metric, Pattern, Policy, Scenario, ServiceDist, TrafficConfig, MAX_CLASSES, MAX_INTERVALS,
};

impl Scenario {
    /// Checks every range and every relation between fields, and that a trace pattern has
    /// its trace's contents.
    pub fn validate(&self) -> Result<(), String> {
        self.validate_settings()?;
        let t = &self.traffic;
        if t.pattern == Pattern::Trace && t.trace.is_none() {
            let name = t.trace_file.as_deref().map_or(String::new(), |f| format!(" (`{f}`)"));
            return Err(format!("invalid scenario field `traffic.trace_file`: the trace pattern needs a trace's contents{name}: the command line reads `trace_file` next to the scenario file; the page loads a CSV file you choose"));
        }
        Ok(())
    }

    /// Checks every range and every relation between fields, but not whether a trace's
    /// contents are loaded: a link or a file names a trace without holding its rows.
    pub fn validate_settings(&self) -> Result<(), String> {
        let t = &self.traffic;
        let s = &self.service;
        let a = &self.autoscaler;
        range("duration_s", self.duration_s, 0.001, 31_536_000.0)?;
        range("traffic.base_users", t.base_users, 0.0, 1_000_000.0)?;
        range("traffic.peak_users", t.peak_users, 0.0, 1_000_000.0)?;
        range("traffic.msg_rate", t.msg_rate, 0.0, 10_000.0)?;
        range("traffic.noise", t.noise, 0.0, 1.0)?;
        t.validate_pattern()?;
        range("service.service_ms", s.service_ms, 0.001, 3_600_000.0)?;
        range("service.service_cv", s.service_cv, 0.0, 10.0)?;
        if s.service_dist == ServiceDist::Lognormal && s.service_cv <= 0.0 {
            return Err("invalid scenario field `service.service_cv`: must be above 0 for a lognormal service time (use \"constant\" for no variation)".into());
        }
        range("service.workers", s.workers as f64, 1.0, 10_000.0)?;
        if let Some(q) = s.queue_limit {
            range("service.queue_limit", q as f64, 0.0, 10_000_000.0)?;
        }
        range("service.startup_s", s.startup_s, 0.0, 86_400.0)?;
        range("service.cost_per_hour", s.cost_per_hour, 0.0, 1_000_000.0)?;
        if s.classes.len() > MAX_CLASSES {
            return Err(format!("invalid scenario field `service.classes`: at most {MAX_CLASSES} server classes"));
        }
        for (i, c) in s.classes.iter().enumerate() {
            range(&format!("service.classes[{i}].speed"), c.speed, 0.01, 100.0)?;
            if let Some(cost) = c.cost_per_hour {
                range(&format!("service.classes[{i}].cost_per_hour"), cost, 0.0, 1_000_000.0)?;
            }
        }
        range("autoscaler.scale_up", a.scale_up, 0.0, 1_000_000.0)?;
        range("autoscaler.scale_down", a.scale_down, 0.0, 1_000_000.0)?;
        below("autoscaler.scale_down", a.scale_down, "autoscaler.scale_up", a.scale_up)?;
        range("autoscaler.min_servers", a.min_servers as f64, 1.0, 10_000.0)?;
        range("autoscaler.max_servers", a.max_servers as f64, 1.0, 10_000.0)?;
        if a.min_servers > a.max_servers {
            return Err(format!(
                "invalid scenario field `autoscaler.min_servers`: {} must not exceed autoscaler.max_servers ({})",
                a.min_servers, a.max_servers
            ));
        }
        if a.initial_servers < a.min_servers || a.initial_servers > a.max_servers {
            return Err(format!(
                "invalid scenario field `autoscaler.initial_servers`: {} must be between min_servers ({}) and max_servers ({})",
                a.initial_servers, a.min_servers, a.max_servers
            ));
        }
        range("autoscaler.cooldown_s", a.cooldown_s, 0.0, 86_400.0)?;
        range("autoscaler.interval_s", a.interval_s, 0.01, 86_400.0)?;
        range("autoscaler.step", a.step as f64, 1.0, 10_000.0)?;
        a.validate_policy()?;
        range("balancer.virtual_nodes", self.balancer.virtual_nodes as f64, 1.0, 10_000.0)?;
        range("balancer.ewma_tau_s", self.balancer.ewma_tau_s, 0.001, 86_400.0)?;
        if let Some(f) = &self.failures {
            f.validate()?;
        }
        self.objective.validate()?;
        if let (Pattern::Trace, Some(trace)) = (t.pattern, &t.trace) {
            let start = trace.start_s() * t.time_scale;
            if start >= self.duration_s {
                return Err(format!(
                    "invalid scenario field `duration_s`: the trace starts at {start} s, after the run's end ({} s); a trace's seconds are used as written (date-times start at 0)",
                    self.duration_s
                ));
            }
        }
        if self.duration_s / a.interval_s > MAX_INTERVALS {
            return Err(format!(
                "invalid scenario field `autoscaler.interval_s`: duration_s / interval_s is {:.0} intervals, at most {MAX_INTERVALS:.0} are allowed",
                self.duration_s / a.interval_s
            ));
        }
        Ok(())
    }
}

impl AutoscalerConfig {
    /// Checks the fields of target tracking and step scaling.
    pub(crate) fn validate_policy(&self) -> Result<(), String> {
        range("autoscaler.target", self.target, 1e-9, 1e9)?;
        for (i, m) in self.metrics.iter().enumerate() {
            range(&format!("autoscaler.metrics[{i}].target"), m.target, 1e-9, 1e9)?;
        }
        range("autoscaler.tolerance", self.tolerance, 0.0, 10.0)?;
        range("autoscaler.sync_period_s", self.sync_period_s, 0.01, 86_400.0)?;
        range("autoscaler.scale_up_window_s", self.scale_up_window_s, 0.0, 86_400.0)?;
        range("autoscaler.scale_down_window_s", self.scale_down_window_s, 0.0, 86_400.0)?;
        for (name, list) in
            [("scale_up_policies", &self.scale_up_policies), ("scale_down_policies", &self.scale_down_policies)]
        {
            for (i, p) in list.iter().enumerate() {
                range(&format!("autoscaler.{name}[{i}].value"), p.value, 1e-9, 1e6)?;
                range(&format!("autoscaler.{name}[{i}].period_s"), p.period_s, 1e-3, 86_400.0)?;
            }
        }
        for (name, list) in [("scale_out_steps", &self.scale_out_steps), ("scale_in_steps", &self.scale_in_steps)] {
            for (i, st) in list.iter().enumerate() {
                range(&format!("autoscaler.{name}[{i}].adjustment"), st.adjustment, -1e6, 1e6)?;
                if let (Some(lo), Some(hi)) = (st.lower, st.upper) {
                    if lo >= hi {
                        return Err(format!(
                            "invalid scenario field `autoscaler.{name}[{i}]`: lower ({lo}) must be below upper ({hi})"
                        ));
                    }
                }
            }
        }
        range("autoscaler.warmup_s", self.warmup_s, 0.0, 86_400.0)?;
        range("autoscaler.smoothing_level", self.smoothing_level, 0.0, 1.0)?;
        range("autoscaler.smoothing_trend", self.smoothing_trend, 0.0, 1.0)?;
        if let Some(h) = self.forecast_horizon_s {
            range("autoscaler.forecast_horizon_s", h, 0.0, 86_400.0)?;
        }
        if self.policy == Policy::Predictive
            && !matches!(self.metric, Metric::UsersPerServer | Metric::RpsPerServer | Metric::Utilization)
        {
            return Err("invalid scenario field `autoscaler.metric`: the predictive policy forecasts users_per_server, rps_per_server or utilization (load that does not depend on the fleet)".into());
        }
        let w = &self.weights;
        for (name, v) in [
            ("utilization", w.utilization),
            ("memory", w.memory),
            ("response_time", w.response_time),
            ("queue", w.queue),
            ("trend", w.trend),
        ] {
            range(&format!("autoscaler.weights.{name}"), v, 0.0, 10.0)?;
        }
        range("autoscaler.score_threshold", self.score_threshold, 0.0, 10.0)?;
        range("autoscaler.memory_users", self.memory_users, 0.001, 1_000_000.0)?;
        range("autoscaler.latency_low_ms", self.latency_low_ms, 0.001, 3_600_000.0)?;
        range("autoscaler.latency_high_ms", self.latency_high_ms, 0.001, 3_600_000.0)?;
        range("autoscaler.queue_low", self.queue_low, 0.001, 1_000_000.0)?;
        range("autoscaler.queue_high", self.queue_high, 0.001, 1_000_000.0)?;
        below("autoscaler.latency_low_ms", self.latency_low_ms, "latency_high_ms", self.latency_high_ms)?;
        below("autoscaler.queue_low", self.queue_low, "queue_high", self.queue_high)?;
        range("autoscaler.min_adjustment_magnitude", self.min_adjustment_magnitude as f64, 0.0, 10_000.0)
    }
}

impl TrafficConfig {
    /// Checks the fields of the chosen pattern (the others are ignored).
    pub(crate) fn validate_pattern(&self) -> Result<(), String> {
        match self.pattern {
            Pattern::ThreePhase | Pattern::Constant => Ok(()),
            Pattern::Step => {
                if self.steps.is_empty() || self.steps.len() > 10_000 {
                    return Err(
                        "invalid scenario field `traffic.steps`: the step pattern needs 1 to 10000 levels".into()
                    );
                }
                for (i, s) in self.steps.iter().enumerate() {
                    range(&format!("traffic.steps[{i}].at_s"), s.at_s, 0.0, 31_536_000.0)?;
                    range(&format!("traffic.steps[{i}].users"), s.users, 0.0, 1_000_000.0)?;
                    if i > 0 && s.at_s <= self.steps[i - 1].at_s {
                        return Err(format!("invalid scenario field `traffic.steps[{i}].at_s`: {} must be after the previous level's {}", s.at_s, self.steps[i - 1].at_s));
                    }
                }
                Ok(())
            }
            Pattern::Spike => {
                range("traffic.spike_at_s", self.spike_at_s, 0.0, 31_536_000.0)?;
                range("traffic.spike_len_s", self.spike_len_s, 0.0, 31_536_000.0)
            }
            Pattern::Sine => range("traffic.period_s", self.period_s, 1.0, 31_536_000.0),
            Pattern::Trace => {
                range("traffic.msg_rate", self.msg_rate, 1e-6, 10_000.0)?;
                range("traffic.time_scale", self.time_scale, 0.001, 1000.0)?;
                range("traffic.rate_scale", self.rate_scale, 0.0, 1000.0)?;
                Ok(())
            }
            Pattern::Custom => {
                if self.points.is_empty() || self.points.len() > 100_000 {
                    return Err("invalid scenario field `traffic.points`: the custom pattern needs 1 to 100000 points [t_s, users]".into());
                }
                for (i, [t, u]) in self.points.iter().enumerate() {
                    range(&format!("traffic.points[{i}][0]"), *t, 0.0, 31_536_000.0)?;
                    range(&format!("traffic.points[{i}][1]"), *u, 0.0, 1_000_000.0)?;
                    if i > 0 && *t <= self.points[i - 1][0] {
                        return Err(format!("invalid scenario field `traffic.points[{i}][0]`: {t} must be after the previous point's {}", self.points[i - 1][0]));
                    }
                }
                Ok(())
            }
        }
    }
}

/// Checks that `value` is a finite number in [lo, hi].
pub(crate) fn range(field: &str, value: f64, lo: f64, hi: f64) -> Result<(), String> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(())
    } else {
        Err(format!("invalid scenario field `{field}`: {value} is out of range, allowed {lo} to {hi}"))
    }
}

/// Checks that `value` of `field` is below `limit`, the value of `other`.
fn below(field: &str, value: f64, other: &str, limit: f64) -> Result<(), String> {
    if value < limit {
        Ok(())
    } else {
        Err(format!("invalid scenario field `{field}`: {value} must be below {other} ({limit})"))
    }
}
