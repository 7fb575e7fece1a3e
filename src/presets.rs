//! Presets: named starting points a newcomer can pick, as scenario JSON.

use autoscale_sim::Scenario;

/// A named starting point: what it is, and in a sentence what to look at.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    pub id: &'static str,
    pub label: &'static str,
    pub look_at: &'static str,
    /// The scenario, as JSON (fields left out keep their defaults).
    pub json: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "sage_demo",
        label: "The SAGE demo",
        look_at: "Three phases of load under the threshold policy: watch each scale-up follow the users line, a cooldown later.",
        json: "{}",
    },
    Preset {
        id: "flash_crowd",
        label: "A flash crowd",
        look_at: "300 users arrive at once and new servers take 20 s to start: the p95 spike is the price of that startup.",
        json: r#"{"duration_s": 600, "traffic": {"pattern": "spike", "base_users": 20, "peak_users": 300, "spike_at_s": 120, "spike_len_s": 90},
            "service": {"startup_s": 20}, "autoscaler": {"policy": "target_tracking", "interval_s": 5, "max_servers": 20}}"#,
    },
    Preset {
        id: "production_day",
        label: "A production day",
        look_at: "A day of chat traffic from 10,000 to 50,000 users (queueing theory, too big to simulate per message here): does the fleet follow the daily wave, and what does the night cost?",
        json: r#"{"duration_s": 86400, "traffic": {"pattern": "sine", "base_users": 10000, "peak_users": 50000, "msg_rate": 1, "period_s": 86400},
            "service": {"workers": 8, "startup_s": 30},
            "autoscaler": {"policy": "target_tracking", "metric": "utilization", "target": 70, "interval_s": 10,
            "min_servers": 2, "max_servers": 10000, "initial_servers": 200}}"#,
    },
    Preset {
        id: "failure_peak",
        label: "Two servers fail at the peak",
        look_at: "Two of the fleet crash at 300 s: see how long the survivors queue before replacements are in rotation.",
        json: r#"{"duration_s": 600, "traffic": {"base_users": 20, "peak_users": 150},
            "service": {"startup_s": 30}, "autoscaler": {"policy": "target_tracking", "interval_s": 5, "max_servers": 12},
            "failures": {"crashes": [{"at_s": 300, "server": 0}, {"at_s": 300, "server": 1}]}}"#,
    },
    Preset {
        id: "scale_to_zero",
        label: "Scale to zero (Knative)",
        look_at: "Between bursts no server runs and nothing is paid; the first messages of each burst wait for a cold start.",
        json: r#"{"duration_s": 900, "traffic": {"pattern": "step", "steps": [{"at_s": 0, "users": 0}, {"at_s": 60, "users": 200},
            {"at_s": 240, "users": 0}, {"at_s": 600, "users": 300}, {"at_s": 720, "users": 0}]},
            "service": {"workers": 4, "startup_s": 3, "queue_limit": null},
            "autoscaler": {"policy": "knative", "kpa_target": 4, "min_servers": 0, "initial_servers": 0, "max_servers": 20}}"#,
    },
    Preset {
        id: "azure_trace",
        label: "Real traffic: an Azure LLM service",
        look_at: "An hour of a real conversation service's requests (shipped with the page; 400 ms each, so p95 within 2 s) under predictive scaling: real traffic is burstier than any pattern.",
        json: r#"{"duration_s": 3502, "traffic": {"pattern": "trace", "trace_file": "azure_conv_rates.csv"},
            "service": {"service_ms": 400, "startup_s": 60},
            "autoscaler": {"policy": "predictive", "metric": "utilization", "target": 60, "interval_s": 15,
            "min_servers": 1, "initial_servers": 2, "max_servers": 20}, "objective": {"latency_ms": 2000}}"#,
    },
];

/// The label of the preset `id` ("" if there is none).
pub fn label(id: &str) -> &'static str {
    PRESETS.iter().find(|p| p.id == id).map_or("", |p| p.label)
}

/// The preset `id`, keeping `current`'s trace rows when the preset names the same file.
pub fn preset(id: &str, current: &Scenario) -> Option<Scenario> {
    let found = PRESETS.iter().find(|p| p.id == id)?;
    let mut s = Scenario::parse(found.json).ok()?;
    keep_trace(&mut s, current);
    Some(s)
}

/// Gives `next` the trace rows `current` holds if `next` names the same trace file (or the
/// shipped trace's rows, if it names that).
pub fn keep_trace(next: &mut Scenario, current: &Scenario) {
    crate::shipped_trace::fill(next);
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
    fn every_preset_is_a_valid_scenario_that_runs_at_once() {
        for p in PRESETS {
            let id = p.id;
            let s = preset(id, &Scenario::default()).unwrap_or_else(|| panic!("{id} parses"));
            s.validate().unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(
                s.work().total() < 200_000.0 * crate::GATE_MS / 1000.0,
                "{id} runs without asking, on a slow machine too"
            );
            assert!(p.look_at.ends_with(['.', '?']) && p.look_at.len() < 200, "{id}: one sentence");
        }
        let azure = preset("azure_trace", &Scenario::default()).unwrap();
        assert!(crate::shipped_trace::replays(&azure));
        assert_eq!(
            azure.duration_s.ceil(),
            crate::shipped_trace::trace().end_s().ceil(),
            "the preset plays the whole trace"
        );
        assert_eq!(preset("sage_demo", &Scenario::default()), Some(Scenario::default()));
    }

    #[test]
    fn a_scenario_naming_the_loaded_file_keeps_its_rows() {
        let mut current = Scenario::default();
        crate::trace_input::load_trace(&mut current, "mine.csv", "t\n0\n1\n").unwrap();
        let mut next = Scenario::default();
        next.traffic.trace_file = Some("mine.csv".into());
        keep_trace(&mut next, &current);
        assert_eq!(next.traffic.trace, current.traffic.trace);
    }
}
