//! Presets: named starting points a newcomer can pick, as scenario JSON.

use autoscale_sim::Scenario;

/// (id, label, scenario JSON).
pub const PRESETS: &[(&str, &str, &str)] = &[
    ("sage_demo", "The SAGE demo (three-phase, threshold)", "{}"),
    (
        "flash_crowd",
        "A flash crowd (HPA, 20 s startup)",
        r#"{"duration_s": 600, "traffic": {"pattern": "spike", "base_users": 20, "peak_users": 300, "spike_at_s": 120, "spike_len_s": 90},
            "service": {"startup_s": 20}, "autoscaler": {"policy": "target_tracking", "interval_s": 5, "max_servers": 20}}"#,
    ),
    (
        "daily_chat",
        "A day of chat traffic (sine, 1-minute intervals)",
        r#"{"duration_s": 86400, "traffic": {"pattern": "sine", "base_users": 5, "peak_users": 60, "msg_rate": 0.2, "noise": 0.1},
            "service": {"startup_s": 60}, "autoscaler": {"scale_up": 15, "scale_down": 5, "min_servers": 1, "initial_servers": 1,
            "cooldown_s": 300, "interval_s": 60}}"#,
    ),
    (
        "production_day",
        "A production day (50,000 users, fluid engine)",
        r#"{"duration_s": 86400, "traffic": {"pattern": "sine", "base_users": 10000, "peak_users": 50000, "msg_rate": 1, "period_s": 86400},
            "service": {"workers": 8, "startup_s": 30},
            "autoscaler": {"policy": "target_tracking", "metric": "utilization", "target": 70, "interval_s": 10,
            "min_servers": 2, "max_servers": 10000, "initial_servers": 200}}"#,
    ),
    (
        "failure_peak",
        "Two servers fail during the peak",
        r#"{"duration_s": 600, "traffic": {"base_users": 20, "peak_users": 150},
            "service": {"startup_s": 30}, "autoscaler": {"policy": "target_tracking", "interval_s": 5, "max_servers": 12},
            "failures": {"crashes": [{"at_s": 300, "server": 0}, {"at_s": 300, "server": 1}]}}"#,
    ),
    (
        "scale_to_zero",
        "Scale to zero between bursts (Knative)",
        r#"{"duration_s": 900, "traffic": {"pattern": "step", "steps": [{"at_s": 0, "users": 0}, {"at_s": 60, "users": 200},
            {"at_s": 240, "users": 0}, {"at_s": 600, "users": 300}, {"at_s": 720, "users": 0}]},
            "service": {"workers": 4, "startup_s": 3, "queue_limit": null},
            "autoscaler": {"policy": "knative", "kpa_target": 4, "min_servers": 0, "initial_servers": 0, "max_servers": 20}}"#,
    ),
    (
        "azure_trace",
        "Azure LLM conversation trace (choose the CSV file)",
        r#"{"duration_s": 3600, "traffic": {"pattern": "trace", "trace_file": "azure_llm_conv_2023.csv"},
            "service": {"service_ms": 400, "startup_s": 60},
            "autoscaler": {"policy": "predictive", "metric": "utilization", "target": 60, "interval_s": 15,
            "min_servers": 1, "initial_servers": 2, "max_servers": 20}}"#,
    ),
];

/// The preset `id`, keeping `current`'s trace rows when the preset names the same file.
pub fn preset(id: &str, current: &Scenario) -> Option<Scenario> {
    let (_, _, json) = PRESETS.iter().find(|p| p.0 == id)?;
    let mut s = Scenario::parse(json).ok()?;
    keep_trace(&mut s, current);
    Some(s)
}

/// Gives `next` the trace rows `current` holds if `next` names the same trace file.
pub fn keep_trace(next: &mut Scenario, current: &Scenario) {
    if next.traffic.trace.is_none()
        && next.traffic.trace_file.is_some()
        && next.traffic.trace_file == current.traffic.trace_file
    {
        next.traffic.trace = current.traffic.trace.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_a_valid_scenario_or_asks_for_its_trace() {
        for (id, _, _) in PRESETS {
            let s = preset(id, &Scenario::default()).unwrap_or_else(|| panic!("{id} parses"));
            s.validate_settings().unwrap_or_else(|e| panic!("{id}: {e}"));
            match s.validate() {
                Ok(()) => assert!(
                    s.work().total() < 200_000.0 * crate::GATE_MS / 1000.0,
                    "{id} runs without asking, on a slow machine too"
                ),
                Err(e) => assert!(*id == "azure_trace" && e.path == "traffic.trace_file", "{id}: {e}"),
            }
        }
        assert_eq!(preset("sage_demo", &Scenario::default()), Some(Scenario::default()));
    }

    #[test]
    fn the_trace_preset_keeps_a_loaded_azure_trace() {
        let mut current = Scenario::default();
        crate::trace_input::load_trace(&mut current, "azure_llm_conv_2023.csv", "t\n0\n1\n").unwrap();
        let s = preset("azure_trace", &current).unwrap();
        assert!(s.traffic.trace.is_some() && s.validate().is_ok());
    }
}
