//! The trace the page ships: a per-second request rate derived from the Azure LLM inference
//! trace 2023 (conversation service; `scripts/azure-rates.py`), so that a visitor can
//! replay real traffic without a file of their own. A scenario that names it (a preset, a
//! link, an import) gets its rows here, since a trace's rows never travel in a link.

use std::sync::{Arc, OnceLock};

use autoscale_sim::scenario::Pattern;
use autoscale_sim::trace::Trace;
use autoscale_sim::Scenario;

/// The file name scenarios give as `traffic.trace_file`.
pub const NAME: &str = "azure_conv_rates.csv";

/// The credit its licence (CC-BY 4.0) asks for, shown wherever results from it are.
pub const ATTRIBUTION: &str =
    "Traffic: Azure LLM inference trace 2023 (conversation), Azure Public Dataset, CC-BY 4.0; \
     Patel et al., “Splitwise: Efficient generative LLM inference using phase splitting”, ISCA 2024.";

const TEXT: &str = include_str!("traces/azure_conv_rates.csv");

/// The parsed series, parsed once.
pub fn trace() -> Arc<Trace> {
    static TRACE: OnceLock<Arc<Trace>> = OnceLock::new();
    TRACE.get_or_init(|| Arc::new(Trace::parse(TEXT).unwrap_or(Trace::Rates(vec![[0.0, 0.0]])))).clone()
}

/// Whether the scenario replays the shipped trace.
pub fn replays(s: &Scenario) -> bool {
    s.traffic.pattern == Pattern::Trace && s.traffic.trace_file.as_deref() == Some(NAME)
}

/// Gives a scenario that names the shipped trace but holds no rows its rows.
pub fn fill(s: &mut Scenario) {
    if s.traffic.trace.is_none() && s.traffic.trace_file.as_deref() == Some(NAME) {
        s.traffic.trace = Some(trace());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_series_parses_and_spans_the_trace() {
        let Trace::Rates(points) = &*trace() else { panic!("a rate series") };
        assert!(points.len() > 3000, "{} rows", points.len());
        let mean = points.iter().map(|p| p[1]).sum::<f64>() / (points.len() - 1) as f64;
        assert!((5.0..6.0).contains(&mean), "about 5.5 requests/s on average (README of the trace): {mean}");
        assert!(trace().end_s() > 3400.0 && trace().end_s() < 3600.0);
    }

    #[test]
    fn a_scenario_naming_it_gets_its_rows() {
        let mut s =
            Scenario::parse(&format!(r#"{{"traffic": {{"pattern": "trace", "trace_file": "{NAME}"}}}}"#)).unwrap();
        assert!(s.validate().is_err(), "no rows yet");
        fill(&mut s);
        assert!(replays(&s) && s.validate().is_ok());
        let mut other = Scenario::default();
        fill(&mut other);
        assert!(other.traffic.trace.is_none());
    }
}
