//! The Tune panel: choose which of the policy's settings may vary and the budget, press
//! Tune, and the core's search (`autoscale_sim::tune::Tuner`) hands out batches that run in
//! the page's workers (a pool of their own, one slot per setting of the batch); a progress
//! line, then the scatter, the front with an Apply button per setting (a new variant, so
//! compare mode shows it against the current one). The page never runs a simulation.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use autoscale_sim::tune::{space, table, Space, Tuner, Tuning};
use autoscale_sim::{Choice, Report, Scenario};
use leptos::prelude::*;

use crate::edits::Edits;
use crate::lab::Lab;
use crate::pool::Pool;
use crate::wire::{self, Reply, Request};

/// Budgets the panel offers [runs].
pub const BUDGETS: [usize; 4] = [50, 100, 200, 400];

/// Where a search is.
#[derive(Clone, Debug)]
pub enum State {
    Idle,
    Running { done: usize, of: usize },
    Finished(Arc<Tuning>, String),
    Failed(String),
}

/// Hands out the next batch (set once the pool exists, which the step needs).
type Step = Rc<RefCell<Option<Box<dyn Fn()>>>>;

/// The batch in flight and the search it belongs to.
#[derive(Default)]
struct Driver {
    tuner: Option<Tuner>,
    batch: Vec<Scenario>,
    reports: Vec<Option<Report>>,
    /// Tells this batch's replies from a cancelled one's.
    round: u32,
}

/// The search space the panel's choices describe, as the core reads a space file.
pub fn space_of(base: &Scenario, off: &[String], budget: usize) -> Result<Space, String> {
    let vary: serde_json::Map<String, serde_json::Value> = space::defaults(base.autoscaler.policy)
        .iter()
        .filter(|(path, _, _)| !off.iter().any(|o| o == path))
        .map(|&(path, lo, hi)| (path.to_string(), serde_json::json!([lo, hi])))
        .collect();
    if vary.is_empty() {
        return Err("choose at least one setting that may vary".into());
    }
    let text = serde_json::json!({ "vary": vary, "budget": budget }).to_string();
    Space::parse(&text, base).map_err(|e| e.to_string())
}

#[component]
pub fn TunePanel(lab: RwSignal<Lab>, edits: Edits) -> impl IntoView {
    let state = RwSignal::new(State::Idle);
    // What the scatter draws: the search so far while it runs, then its result.
    let so_far = RwSignal::new(None::<Arc<Tuning>>);
    let budget = RwSignal::new(100usize);
    let off = RwSignal::new(Vec::<String>::new());
    let driver: Rc<RefCell<Driver>> = Rc::default();
    let policy = move || lab.with(|l| l.shown_scenario().autoscaler.policy);
    let percentile = move || lab.with(|l| l.shown_scenario().objective.percentile.name());

    // Hands out the next batch, or finishes. Runs outside any borrow of the driver, since
    // a pool on the page (no workers) may answer inside `send`.
    let step: Step = Rc::default();
    let pool = {
        let (driver, step) = (driver.clone(), step.clone());
        Pool::new(
            move |reply| {
                let complete = {
                    let mut d = driver.borrow_mut();
                    match reply {
                        Reply::Done { slot, id, report, .. } if id == d.round => {
                            let i = slot as usize;
                            match d.batch.get(i).cloned().map(|s| wire::unpack(s, &report)) {
                                Some(Ok(r)) => d.reports[i] = Some(r),
                                Some(Err(e)) => state.set(State::Failed(e)),
                                None => {}
                            }
                        }
                        Reply::Failed { id, message, .. } if id == d.round => {
                            d.tuner = None;
                            state.set(State::Failed(format!("A setting could not run: {message}")));
                        }
                        _ => {}
                    }
                    d.tuner.is_some() && !d.reports.is_empty() && d.reports.iter().all(Option::is_some)
                };
                if complete {
                    {
                        let mut d = driver.borrow_mut();
                        let reports: Vec<Report> = d.reports.drain(..).flatten().collect();
                        if let Some(t) = d.tuner.as_mut() {
                            t.feed(&reports);
                            let (done, of) = t.progress();
                            state.set(State::Running { done, of });
                            so_far.set(Some(Arc::new(t.snapshot())));
                        }
                    }
                    let step = step.clone();
                    gloo_timers::callback::Timeout::new(0, move || {
                        if let Some(f) = step.borrow().as_ref() {
                            f();
                        }
                    })
                    .forget();
                }
            },
            |_| {},
        )
    };
    {
        let (driver, pool) = (driver.clone(), pool.clone());
        *step.borrow_mut() = Some(Box::new(move || {
            let sends = {
                let mut d = driver.borrow_mut();
                let Some(tuner) = d.tuner.as_mut() else { return };
                match tuner.next_batch() {
                    Some(batch) => {
                        d.round += 1;
                        d.reports = vec![None; batch.len()];
                        d.batch = batch;
                        let round = d.round;
                        d.batch.iter().enumerate().map(|(i, s)| Request::run(i as u32, round, s)).collect()
                    }
                    None => {
                        let tuning = Arc::new(d.tuner.take().expect("searching").finish());
                        let words = summary(&tuning);
                        so_far.set(Some(tuning.clone()));
                        // The front's settings join the state, so that the link carries them.
                        let found = tuning.found();
                        lab.update(|l| l.found = Some(found));
                        state.set(State::Finished(tuning, words));
                        Vec::new()
                    }
                }
            };
            for request in sends {
                pool.send(request);
            }
        }));
    }
    let start = {
        let (driver, step) = (driver.clone(), step.clone());
        move || {
            let base = lab.with_untracked(|l| l.shown_scenario().clone());
            let tuner = space_of(&base, &off.get_untracked(), budget.get_untracked())
                .and_then(|space| Tuner::new(&base, &space).map_err(|e| e.to_string()));
            match tuner {
                Ok(t) => {
                    so_far.set(None);
                    let mut d = driver.borrow_mut();
                    d.tuner = Some(t);
                    d.round += 1;
                    state.set(State::Running { done: 0, of: budget.get_untracked() });
                }
                Err(e) => {
                    state.set(State::Failed(e));
                    return;
                }
            }
            if let Some(f) = step.borrow().as_ref() {
                f();
            }
        }
    };
    let cancel = {
        let (driver, pool) = (driver.clone(), pool.clone());
        move || {
            let n = {
                let mut d = driver.borrow_mut();
                d.round += 1;
                d.tuner = None;
                d.batch.len()
            };
            for slot in 0..n {
                pool.send(Request::Cancel { slot: slot as u32 });
            }
            state.set(State::Idle);
        }
    };
    // The handlers hold the pool and the driver (not Send): kept on this thread.
    let start = StoredValue::new_local(start);
    let cancel = StoredValue::new_local(cancel);
    let apply = move |s: Scenario| {
        edits.act(|l| {
            if l.duplicate() {
                let i = l.shown;
                l.rename(i, &format!("tuned {}", l.variants.len()));
                l.set_shown(s);
            }
        });
    };
    let running = move || matches!(state.get(), State::Running { .. });
    let params = move || {
        space::defaults(policy())
            .iter()
            .map(|&(path, lo, hi)| {
                let name = table::short(path);
                let checked = move || !off.with(|o| o.iter().any(|p| p == path));
                view! {
                    <label class="tune-param">
                        <input type="checkbox" id=format!("tune-vary-{name}") prop:checked=checked on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            off.update(|o| { o.retain(|p| p != path); if !on { o.push(path.to_string()); } });
                        } />
                        {format!(" {name} {lo}–{hi}")}
                    </label>
                }
            })
            .collect_view()
    };
    let theme = crate::chart::theme();
    let result = move || match state.get() {
        State::Finished(t, words) => {
            let front = t.front.clone();
            let pct = percentile();
            let rows = front
                .into_iter()
                .map(|i| {
                    let p = &t.points[i];
                    let text = crate::tune_chart::describe(&t, p, pct);
                    let best = Some(i) == t.best;
                    let (t2, s) = (t.clone(), t.points.get(i).map(|_| i));
                    let scenario = move || s.and_then(|i| t2.scenario_of(i));
                    view! {
                        <li class:best=best>
                            <span>{if best { "★ " } else { "" }}{text}</span>" "
                            <button type="button" class="secondary" id=format!("tune-apply-{i}")
                                on:click=move |_| if let Some(s) = scenario() { apply(s) }>"Apply as a variant"</button>
                        </li>
                    }
                })
                .collect_view();
            let mut order: Vec<usize> = (0..t.points.len()).collect();
            order.sort_by(|&a, &b| t.points[a].cost.total_cmp(&t.points[b].cost));
            let everything = order.into_iter().map(|i| {
                let text = crate::tune_chart::describe(&t, &t.points[i], pct);
                let t2 = t.clone();
                view! {
                    <li>{text}" "
                        <button type="button" class="secondary" on:click=move |_| if let Some(s) = t2.scenario_of(i) { apply(s) }>"Apply"</button>
                    </li>
                }
            }).collect_view();
            view! {
                <p id="tune-result" role="status">{words}</p>
                <ol class="tune-front" id="tune-front">{rows}</ol>
                <details class="tune-all"><summary>{format!("Every setting tried ({}), by cost", t.points.len())}</summary>
                    <ol class="tune-front">{everything}</ol>
                </details>
            }
            .into_any()
        }
        State::Idle => {
            // A search's front from the link (or an earlier search): its settings, applicable.
            let Some(found) = lab.with(|l| l.found.clone()) else { return ().into_any() };
            let rows = found.front.iter().enumerate().map(|(k, row)| {
                let (params, row) = (found.params.clone(), row.clone());
                let words = table::settings(&params, &row);
                let best = found.best == Some(k);
                view! {
                    <li class:best=best>{if best { "★ " } else { "" }}{words}" "
                        <button type="button" class="secondary" id=format!("tune-found-{k}") on:click=move |_| {
                            let base = lab.with_untracked(|l| l.shown_scenario().clone());
                            match autoscale_sim::tune::apply(&base, &params, &row) {
                                Ok(s) => apply(s),
                                Err(e) => state.set(State::Failed(format!("This setting does not fit the variant shown: {e}"))),
                            }
                        }>"Apply as a variant"</button>
                    </li>
                }
            }).collect_view();
            view! {
                <p id="tune-found">"Found by a search (kept in the link; Tune again for its figures):"</p>
                <ol class="tune-front">{rows}</ol>
            }
            .into_any()
        }
        State::Failed(e) => view! { <p class="message" id="tune-result" role="alert">{e}</p> }.into_any(),
        _ => ().into_any(),
    };
    view! {
        <section class="tune chrome" aria-labelledby="tune-title">
            <h2 id="tune-title">"Tune: the cheapest setting that meets the objective"</h2>
            <p class="hint">"Searches the chosen settings of the variant shown on its own traffic, in the page's workers, and draws cost against time outside the objective."</p>
            <fieldset class="tune-space" disabled=running>
                <legend>"May vary"</legend>
                {params}
                <label>" Budget "
                    <select id="tune-budget" on:change=move |ev| budget.set(event_target_value(&ev).parse().unwrap_or(100))>
                        {BUDGETS.iter().map(|&b| view! { <option value=b.to_string() selected=b == 100>{format!("{b} runs")}</option> }).collect_view()}
                    </select>
                </label>
            </fieldset>
            <Show when=move || !running() fallback=move || view! {
                <p id="tune-progress" class="progress">
                    <progress max=move || match state.get() { State::Running { of, .. } => of as f64, _ => 1.0 }
                        value=move || match state.get() { State::Running { done, .. } => done as f64, _ => 0.0 }></progress>
                    {move || match state.get() { State::Running { done, of } => format!(" {done} of {of} runs"), _ => String::new() }}
                    " " <button type="button" class="secondary" id="tune-cancel" on:click=move |_| cancel.with_value(|f| f())>"Cancel"</button>
                </p>
            }>
                <button type="button" id="tune-start" on:click=move |_| start.with_value(|f| f())>"Tune"</button>
            </Show>
            <Show when=move || so_far.with(Option::is_some)>
                <crate::chart::Chart id="tune-chart" label=Signal::derive(|| "Cost against time outside the objective for every setting tried".to_string())
                    figure=move || match so_far.get() {
                        Some(t) => crate::tune_chart::figure(&t, percentile(), theme),
                        None => plotly::Plot::new(),
                    } />
            </Show>
            {result}
        </section>
    }
}

/// The search's answer in one sentence.
fn summary(t: &Tuning) -> String {
    let runs = t.points.len() + 1;
    match (t.best, t.closest) {
        (Some(i), _) => {
            let (p, b) = (&t.points[i], &t.baseline);
            let than = table::against(p, b);
            let own = if b.met { "" } else { ", which misses the objective" };
            format!("{runs} settings run. The cheapest that meets the objective costs {:.4} $, {than} the current setting ({:.4} ${own}).", p.cost, b.cost)
        }
        (None, Some(i)) => format!(
            "{runs} settings run; none meets the objective. The closest is outside it for {:.0} s.",
            t.points[i].violated_s
        ),
        (None, None) => format!("{runs} settings run; none was valid for this scenario."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panels_choices_make_the_cores_space() {
        let s = Scenario::default();
        let space = space_of(&s, &[], 50).unwrap();
        assert_eq!(space.budget, 50);
        assert_eq!(space.params.len(), space::defaults(s.autoscaler.policy).len());
        let fewer = space_of(&s, &["autoscaler.cooldown_s".to_string()], 50).unwrap();
        assert!(fewer.params.iter().all(|p| p.path != "autoscaler.cooldown_s"));
        let all: Vec<String> = space::defaults(s.autoscaler.policy).iter().map(|p| p.0.to_string()).collect();
        assert!(space_of(&s, &all, 50).unwrap_err().contains("at least one"));
    }
}
