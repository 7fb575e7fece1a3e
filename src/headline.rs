//! The answer first: a strip above the charts with the verdict in words that cannot
//! contradict themselves, the figures the question is about (the objective's percentile,
//! messages lost, cost, servers), and what the last edit changed. Its words are pure
//! functions, tested natively; the component only keeps the previous run of the variant.

use autoscale_sim::{Choice, Report, Scenario, Summary};
use leptos::prelude::*;

use crate::runner::Shared;

/// The verdict as one sentence (the core's words, as the command line says it).
pub fn verdict(s: &Scenario, m: &Summary) -> String {
    m.objective.describe(&s.objective)
}

/// The strip's figures: (label, value with unit).
pub fn figures(s: &Scenario, m: &Summary) -> Vec<(&'static str, String)> {
    let name = match s.objective.percentile.name() {
        "p50" => "p50 latency",
        "p99" => "p99 latency",
        _ => "p95 latency",
    };
    vec![
        (name, format!("{:.0} ms", m.objective.latency_ms)),
        ("lost", format!("{:.2} %", m.objective.lost_pct)),
        ("cost", format!("${:.4}", m.cost)),
        ("servers", format!("{:.1} avg, {} peak", m.avg_servers, m.peak_servers)),
    ]
}

/// What changed from run `before` to run `after` of the same variant: "p95 182 -> 240 ms,
/// cost +12.0 %, servers 3.2 -> 4.1 avg"; `None` when nothing the strip shows changed.
pub fn change(s: &Scenario, before: &Summary, after: &Summary) -> Option<String> {
    let name = s.objective.percentile.name();
    let mut parts = Vec::new();
    let (p0, p1) = (before.objective.latency_ms, after.objective.latency_ms);
    if format!("{p0:.0}") != format!("{p1:.0}") {
        parts.push(format!("{name} {p0:.0} -> {p1:.0} ms"));
    }
    let (l0, l1) = (before.objective.lost_pct, after.objective.lost_pct);
    if format!("{l0:.2}") != format!("{l1:.2}") {
        parts.push(format!("lost {l0:.2} -> {l1:.2} %"));
    }
    if before.cost > 0.0 && format!("{:.4}", before.cost) != format!("{:.4}", after.cost) {
        parts.push(format!("cost {:+.1} %", 100.0 * (after.cost / before.cost - 1.0)));
    }
    if format!("{:.1}", before.avg_servers) != format!("{:.1}", after.avg_servers) {
        parts.push(format!("servers {:.1} -> {:.1} avg", before.avg_servers, after.avg_servers));
    }
    if before.objective.met != after.objective.met {
        parts.push(if after.objective.met { "now meets the objective".into() } else { "no longer meets it".into() });
    }
    (!parts.is_empty()).then(|| format!("Since the last change: {}.", parts.join(", ")))
}

/// What the strip says before the first run ends.
pub const FIRST_RUN: &str = "Simulating the first run… the answer appears here in a moment.";

/// The headline strip of `report`, the shown variant's latest run (`variant` is its
/// place); dimmed like the charts while it is not the controls' scenario (`stale`).
#[component]
pub fn Headline(report: Memo<Shared>, variant: Signal<usize>, stale: Signal<bool>) -> impl IntoView {
    // (variant, its run, the run of the variant's previous scenario, what changed from it):
    // the previous run is the memo's own previous value, so nothing is written from here. A
    // run of the same scenario (the exact engine's refinement of a fluid answer) is measured
    // from the run before that answer: the edit, not the engine, is what changed.
    type Changed = (usize, Shared, Option<Shared>, Option<String>);
    let changed = Memo::new(move |prev: Option<&Changed>| {
        let (now, shown) = (report.get(), variant.get());
        let from =
            |base: &Option<Shared>| base.as_ref().and_then(|b| change(&now.0.scenario, &b.0.summary, &now.0.summary));
        match prev {
            Some((v, before, base, said)) if *v == shown && *before == now => (shown, now, base.clone(), said.clone()),
            Some((v, before, base, _)) if *v == shown && before.0.scenario == now.0.scenario => {
                let said = from(base);
                (shown, now, base.clone(), said)
            }
            // The placeholder shown before the first run (nothing arrived) is no run to
            // compare with.
            Some((v, before, _, _)) if *v == shown && before.0.summary.arrived > 0 => {
                let base = Some(before.clone());
                let said = from(&base);
                (shown, now, base, said)
            }
            _ => (shown, now, None, None),
        }
    });
    let run = move || report.get().0;
    // Before the first run ends the strip says so, in the same shape (no verdict of an
    // empty run, and no jump of the page when the answer arrives).
    let first = move || report.with(crate::runner::is_placeholder);
    let met = move || !first() && report.with(|r| r.0.summary.objective.met);
    view! {
        <section class="headline" id="headline" tabindex="-1" class:met=met class:violated=move || !first() && !met() class:stale=stale aria-labelledby="headline-verdict">
            <p class="question">"Which settings meet the latency objective at the lowest cost, for this traffic?"</p>
            <p id="headline-verdict" class="verdict" aria-live="polite" aria-atomic="true">
                {move || if first() { FIRST_RUN.to_string() } else { let r: std::sync::Arc<Report> = run(); verdict(&r.scenario, &r.summary) }}
                " "<span class="change">{move || changed.with(|c| c.3.clone())}</span>
            </p>
            <dl class="figures">
                {move || { let r = run(); let mut f = figures(&r.scenario, &r.summary); if first() { f.iter_mut().for_each(|(_, v)| *v = "…".into()); } f }.into_iter().map(|(label, value)| view! {
                    <div><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autoscale_sim::run;

    fn ramp(servers: u32) -> Scenario {
        let mut s = Scenario { duration_s: 300.0, ..Scenario::default() };
        s.traffic.peak_users = 300.0;
        s.autoscaler.policy = autoscale_sim::scenario::Policy::Fixed;
        (s.autoscaler.min_servers, s.autoscaler.initial_servers, s.autoscaler.max_servers) =
            (servers, servers, servers);
        s
    }

    #[test]
    fn a_met_run_never_reads_as_violated() {
        let s = ramp(16);
        let r = run(&s);
        assert!(r.summary.objective.met);
        let text = verdict(&s, &r.summary);
        assert!(text.starts_with("Meets the objective over the run: p95 "), "{text}");
        assert!(!text.contains("violated") && !text.contains('>'), "{text}");
    }

    #[test]
    fn a_missed_run_names_what_broke_with_the_sign_that_says_so() {
        let s = ramp(3);
        let r = run(&s);
        assert!(!r.summary.objective.met);
        let text = verdict(&s, &r.summary);
        assert!(text.starts_with("Misses the objective: "), "{text}");
        assert!(text.contains(" ms > 200 ms") || text.contains("% lost > 0.1 %"), "{text}");
        assert!(!text.contains("Meets"), "{text}");
    }

    #[test]
    fn the_change_says_what_moved_and_nothing_when_nothing_did() {
        let s = ramp(3);
        let (few, many) = (run(&s).summary, run(&ramp(16)).summary);
        let text = change(&s, &few, &many).unwrap();
        assert!(text.starts_with("Since the last change: p95 "), "{text}");
        assert!(text.contains("cost +") && text.contains("now meets the objective"), "{text}");
        assert_eq!(change(&s, &few, &few), None);
    }

    #[test]
    fn figures_follow_the_objective_s_percentile() {
        let mut s = ramp(4);
        s.objective.percentile = autoscale_sim::objective::Percentile::P99;
        let m = run(&s).summary;
        let f = figures(&s, &m);
        assert_eq!(f[0].0, "p99 latency");
        assert_eq!(f[0].1, format!("{:.0} ms", m.latency_ms.p99));
        assert!(f[2].1.starts_with('$'));
    }
}
