//! Playback: replays a finished run as it unfolded, by showing the report up to a moment.

use autoscale_sim::Report;

/// Speeds offered, in simulated seconds per wall-clock second.
pub const SPEEDS: &[f64] = &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];

/// Wall-clock time between two frames of playback [ms].
pub const FRAME_MS: u32 = 100;

/// The part of `report` that had happened by simulated time `t` [s]: the series rows and
/// scaling events up to `t`. The summary and the server list stay those of the whole run.
pub fn until(report: &Report, t: f64) -> Report {
    Report {
        scenario: report.scenario.clone(),
        summary: report.summary.clone(),
        events: report.events.iter().filter(|e| e.t <= t).cloned().collect(),
        series: report.series.iter().filter(|r| r.t <= t).cloned().collect(),
        servers: report.servers.clone(),
    }
}

/// The next playback time after one frame at `speed`, and whether playback reached the end.
pub fn advance(t: f64, speed: f64, duration_s: f64) -> (f64, bool) {
    let next = t + speed * FRAME_MS as f64 / 1000.0;
    if next >= duration_s {
        (duration_s, true)
    } else {
        (next, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autoscale_sim::{run, Scenario};

    #[test]
    fn until_keeps_what_had_happened() {
        let full = run(&Scenario::default());
        let part = until(&full, 20.0);
        assert_eq!(part.series.len(), 20);
        assert!(part.events.iter().all(|e| e.t <= 20.0));
        assert!(part.events.len() < full.events.len());
        assert_eq!(until(&full, 60.0), full);
    }

    #[test]
    fn advance_stops_at_the_end() {
        assert_eq!(advance(0.0, 10.0, 60.0), (1.0, false));
        assert_eq!(advance(59.5, 10.0, 60.0), (60.0, true));
    }
}
