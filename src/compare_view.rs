//! The difference table: every variant's cost, server time, latency, losses, time above
//! the objective and scaling events side by side, changes against the first variant, each
//! variant's verdict, and one sentence naming the cheapest variant that meets the objective.

use autoscale_sim::compare::{cheapest_meeting, conclusion, table, Better};
use autoscale_sim::Report;
use leptos::prelude::*;

use crate::compare_charts::colour;
use crate::Shared;

/// A variant's run in a comparison: its name and report, or why it could not run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub name: String,
    pub report: Result<Shared, String>,
}

/// A table cell: the value, and its change against the first variant in percent.
pub fn cell(value: f64, decimals: usize, change: Option<f64>) -> String {
    match change {
        Some(c) if c.abs() >= 0.05 => format!("{value:.decimals$} ({c:+.1} %)"),
        Some(_) => format!("{value:.decimals$} (same)"),
        None => format!("{value:.decimals$}"),
    }
}

#[component]
pub fn CompareTable(runs: Signal<Vec<Run>>) -> impl IntoView {
    let body = move || {
        let runs = runs.get();
        // (place among all variants, for its colour; name; report) of the variants that ran.
        let ran: Vec<(usize, &str, &Report)> = runs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.name.as_str(), &*r.report.as_ref().ok()?.0)))
            .collect();
        let names: Vec<&str> = ran.iter().map(|r| r.1).collect();
        let reports: Vec<&Report> = ran.iter().map(|r| r.2).collect();
        let best = cheapest_meeting(&reports);
        let failed: Vec<String> =
            runs.iter().filter_map(|r| Some(format!("{} was not run: {}", r.name, r.report.as_ref().err()?))).collect();
        let header = ran
            .iter()
            .enumerate()
            .map(|(i, (place, name, _))| {
                view! {
                    <th scope="col" class:best=best == Some(i)>
                        <span class="swatch" style=format!("background:{}", colour(*place))></span>{name.to_string()}
                    </th>
                }
            })
            .collect_view();
        let rows = table(&reports)
            .into_iter()
            .map(|row| {
                let lowest = row.values.iter().copied().fold(f64::INFINITY, f64::min);
                let cells = (0..row.values.len())
                    .map(|i| {
                        let v = row.values[i];
                        let change = if i == 0 { None } else { row.change_pct(i) };
                        let good = row.better == Better::Lower && v == lowest && row.values.len() > 1;
                        view! { <td class:lowest=good>{cell(v, row.decimals, change)}</td> }
                    })
                    .collect_view();
                let label =
                    if row.unit.is_empty() { row.label.clone() } else { format!("{} [{}]", row.label, row.unit) };
                view! { <tr><th scope="row">{label}</th>{cells}</tr> }
            })
            .collect_view();
        let verdicts = reports
            .iter()
            .map(|r| {
                let v = r.summary.objective;
                view! {
                    <td class:met=v.met class:violated=!v.met>
                        <strong>{if v.met { "met" } else { "violated" }}</strong>
                        <br /><small>{v.details(&r.scenario.objective)}</small>
                    </td>
                }
            })
            .collect_view();
        let objective = reports.first().map(|r| r.scenario.objective.describe()).unwrap_or_default();
        view! {
            <p id="compare-conclusion" class="conclusion">{conclusion(&names, &reports)}</p>
            {failed.into_iter().map(|f| view! { <p class="message" role="alert">{f}</p> }).collect_view()}
            <div class="table-scroll">
                <table id="compare-table">
                    <caption>"Every variant on the same messages. Lowest values are marked; changes are against the first variant."</caption>
                    <thead><tr><th scope="col">"Metric"</th>{header}</tr></thead>
                    <tbody>
                        {rows}
                        <tr class="verdict"><th scope="row">{format!("Objective ({objective})")}</th>{verdicts}</tr>
                    </tbody>
                </table>
            </div>
        }
    };
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">"Comparison"</h2>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_the_change_against_the_first() {
        assert_eq!(cell(0.5, 4, None), "0.5000");
        assert_eq!(cell(12.0, 0, Some(-25.0)), "12 (-25.0 %)");
        assert_eq!(cell(3.0, 1, Some(0.01)), "3.0 (same)");
    }
}
