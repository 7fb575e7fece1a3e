//! A search's result as text: the Pareto front as a table, the chosen setting against the
//! scenario's own, and the chosen scenario as JSON that `--scenario` accepts.

use std::fmt::Write;

use super::{Point, Tuning};
use crate::choice::Choice;
use crate::objective::Objective;

/// "12.5" or "3" (whole numbers without a fraction).
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The column name of a setting: the part after the section ("scale_up").
pub fn short(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A setting's values in words: "scale_up 30.26, min_servers 9".
pub fn settings(params: &[String], values: &[f64]) -> String {
    let words: Vec<String> = params.iter().zip(values).map(|(p, &x)| format!("{} {}", short(p), num(x))).collect();
    words.join(", ")
}

/// How `p`'s cost compares with `own`'s: "20.0 % cheaper than" or "44.9 % more than".
pub fn against(p: &Point, own: &Point) -> String {
    let change = if own.cost > 0.0 { 100.0 * (p.cost / own.cost - 1.0) } else { 0.0 };
    if change <= 0.0 {
        format!("{:.1} % cheaper than", -change)
    } else {
        format!("{change:.1} % more than")
    }
}

fn row(o: &mut String, mark: &str, p: &Point, widths: &[usize]) {
    let _ = write!(o, "{mark:<2}");
    for (x, w) in p.values.iter().zip(widths) {
        let _ = write!(o, "{:>w$}  ", num(*x), w = *w);
    }
    let verdict = if p.met { "met" } else { "violated" };
    let engine = if p.engine == crate::engine::Engine::Fluid { " (fluid)" } else { "" };
    let _ = writeln!(o, "{:>10.4}  {:>9.0}  {:>9.0}  {verdict}{engine}", p.cost, p.violated_s, p.latency_ms);
}

/// The search's result for people.
pub fn render_text(t: &Tuning, objective: &Objective) -> String {
    let mut o = String::new();
    let pct = objective.percentile.name();
    let evaluated = t.points.len() + 1;
    let _ = writeln!(
        o,
        "Tune: {evaluated} settings run ({} refused by the scenario's checks; engine work {:.3e}); objective {}.",
        t.refused,
        t.work_spent,
        objective.describe()
    );
    let widths: Vec<usize> = t.params.iter().map(|p| short(p).len().max(6)).collect();
    let _ = write!(o, "\nPareto front (cost against time in violation; * the cheapest that meets the objective):\n  ");
    for (p, w) in t.params.iter().zip(&widths) {
        let _ = write!(o, "{:>w$}  ", short(p), w = *w);
    }
    let _ = writeln!(o, "{:>10}  {:>9}  {:>9}  verdict", "cost [$]", "viol. [s]", format!("{pct} [ms]"));
    for &i in &t.front {
        row(&mut o, if Some(i) == t.best { "*" } else { "" }, &t.points[i], &widths);
    }
    let _ = write!(o, "\nThe scenario's own setting:\n");
    row(&mut o, "", &t.baseline, &widths);
    match (t.best, t.closest) {
        (Some(i), _) => {
            let p = &t.points[i];
            let b = &t.baseline;
            let than = against(p, b);
            let _ = writeln!(
                o,
                "\nCheapest setting that meets the objective: cost {:.4} $, {than} the scenario's own ({:.4} ${}){}.",
                p.cost,
                b.cost,
                if b.met { "" } else { ", which does not meet it" },
                if p.engine == crate::engine::Engine::Fluid {
                    ", by the fluid engine (the exact run is beyond the budget)"
                } else {
                    ", confirmed by an exact run"
                }
            );
        }
        (None, Some(i)) => {
            let p = &t.points[i];
            let _ = writeln!(
                o,
                "\nNo setting tried meets the objective. The closest: {} {:.0} ms, outside it for {:.0} s, cost {:.4} $.",
                pct, p.latency_ms, p.violated_s, p.cost
            );
        }
        (None, None) => {
            let why = t.refusal.as_deref().map_or(String::new(), |r| format!(" (the first refused: {r})"));
            let _ = writeln!(o, "\nNo setting in the space was valid for this scenario{why}.");
        }
    }
    let _ = writeln!(o, "\nThe chosen setting as a scenario (for --scenario):\n{}", t.chosen.to_json());
    o
}
