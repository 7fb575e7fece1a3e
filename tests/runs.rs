//! Browser tests of the runs: the worker gives the native report byte for byte; a newer
//! scenario replaces a run in flight; progress, Cancel, the stale label and the "Run it"
//! estimate; a fluid answer refined by the exact engine; and runs on the page when the
//! worker cannot start. Needs `dist/` (the
//! release build) for the worker, as scripts/test.sh arranges.

#![cfg(target_arch = "wasm32")]

mod browser;

use std::cell::RefCell;
use std::rc::Rc;

use autoscale_lab::pool::Pool;
use autoscale_lab::wire::{unpack, Reply, Request};
use autoscale_sim::Scenario;
use browser::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What a test pool heard: its replies, and why runs moved to the page.
type Heard = (Rc<RefCell<Vec<Reply>>>, Rc<RefCell<Vec<String>>>);

/// A pool whose replies and fallback notices are collected.
fn pool_at(url: &str) -> (Pool, Heard) {
    autoscale_lab::pool::set_worker_url(url);
    let (replies, notices) = (Rc::new(RefCell::new(Vec::new())), Rc::new(RefCell::new(Vec::new())));
    let (r, n) = (replies.clone(), notices.clone());
    (Pool::new(move |reply| r.borrow_mut().push(reply), move |why| n.borrow_mut().push(why)), (replies, notices))
}

fn done_ids(replies: &[Reply]) -> Vec<u32> {
    replies.iter().filter_map(|r| if let Reply::Done { id, .. } = r { Some(*id) } else { None }).collect()
}

/// A scenario of about 7 million messages on the exact engine: a second or two in a worker.
fn long() -> Scenario {
    let mut s = Scenario { duration_s: 3600.0, engine: autoscale_sim::scenario::Engine::Exact, ..Scenario::default() };
    s.traffic.peak_users = 2000.0;
    s
}

#[wasm_bindgen_test]
async fn the_worker_returns_the_golden_report_byte_for_byte() {
    let (pool, (replies, notices)) = pool_at(WORKER_URL);
    pool.send(Request::run(0, 1, &Scenario::default()));
    until("the worker's report", || !done_ids(&replies.borrow()).is_empty()).await;
    let Some(Reply::Done { report, .. }) = replies.borrow().last().cloned() else { panic!("a report") };
    let golden = include_str!("../sim/tests/golden/default_report.json");
    assert!(unpack(Scenario::default(), &report).unwrap().to_json() == golden, "the worker's report differs");
    assert!(notices.borrow().is_empty(), "ran in the worker: {:?}", notices.borrow());
}

#[wasm_bindgen_test]
async fn a_newer_scenario_replaces_the_run_in_flight() {
    let (pool, (replies, _)) = pool_at(WORKER_URL);
    pool.send(Request::run(0, 1, &long()));
    until("the first run under way", || replies.borrow().iter().any(|r| matches!(r, Reply::Progress { id: 1, .. })))
        .await;
    let second = Scenario { seed: 7, ..Scenario::default() };
    pool.send(Request::run(0, 2, &second));
    until("the second run's report", || done_ids(&replies.borrow()).contains(&2)).await;
    // Give a stale run every chance to answer: it must not.
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert_eq!(done_ids(&replies.borrow()), vec![2], "only the latest scenario's run ends");
}

#[wasm_bindgen_test]
async fn the_page_shows_progress_and_cancel_keeps_the_last_run() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    let before = text(&root, "#report");
    set_control(&root, "ctl-engine", "exact");
    set_control(&root, "ctl-duration_s", "3600");
    set_control(&root, "ctl-traffic-peak_users", "2000");
    until("the progress bar", || find(&root, "#run-progress").is_some()).await;
    // It fades in after 150 ms, once: it must not be rebuilt by every progress report.
    let opacity = || {
        find(&root, "#run-progress")
            .and_then(|el| web_sys::window()?.get_computed_style(&el).ok()??.get_property_value("opacity").ok())
    };
    until("the progress bar visible", || opacity().is_some_and(|o| o == "1")).await;
    assert!(text(&root, "#run-progress").contains("of 3600 simulated seconds"), "{}", text(&root, "#run-progress"));
    assert!(text(&root, "#stale-label").starts_with("Showing the earlier run ("), "{}", text(&root, "#stale-label"));
    assert!(find(&root, ".runs.stale").is_some(), "the charts are dimmed while the run is in flight");
    click(&root, "#run-cancel");
    until("the run cancelled", || text(&root, "#stale-label").ends_with("cancelled.")).await;
    assert!(find(&root, "#run-progress").is_none());
    assert_eq!(text(&root, "#report"), before, "the last complete run stays");
}

#[wasm_bindgen_test]
async fn an_invalid_edit_says_the_charts_show_the_earlier_run() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    set_control(&root, "ctl-autoscaler-scale_down", "10000");
    until("the stale label", || text(&root, "#stale-label").ends_with("the settings are invalid.")).await;
    assert!(text(&root, "#stale-label").contains("autoscaler.scale_down"), "{}", text(&root, "#stale-label"));
}

#[wasm_bindgen_test]
async fn a_run_estimated_over_ten_seconds_waits_for_approval() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    // 72 million messages' worth of work on the exact engine: about 14 s at the first-guess
    // speed (under `auto` the fluid engine would answer it at once).
    set_control(&root, "ctl-engine", "exact");
    set_control(&root, "ctl-duration_s", "3600");
    set_control(&root, "ctl-traffic-peak_users", "2000");
    set_control(&root, "ctl-traffic-msg_rate", "10");
    until("the estimate", || find(&root, "#run-estimate").is_some()).await;
    let estimate = text(&root, "#run-estimate");
    assert!(
        estimate.starts_with("This run would take about ")
            && estimate.ends_with(" s at this machine's measured speed."),
        "{estimate}"
    );
    assert!(find(&root, "#run-progress").is_none(), "nothing runs before approval");
    assert!(text(&root, "#stale-label").ends_with("waiting for “Run it”."), "{}", text(&root, "#stale-label"));
    click(&root, "#run-large");
    until("the approved run under way", || find(&root, "#run-progress").is_some()).await;
    click(&root, "#run-cancel");
    until("the run cancelled", || find(&root, "#run-progress").is_none()).await;
}

/// A fluid answer whose exact run the page would make without asking is refined in the
/// background: the status says so, the charts stay current, and the exact report takes its
/// place.
#[wasm_bindgen_test]
async fn a_fluid_answer_is_refined_by_the_exact_engine() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    let engine = |root: &web_sys::HtmlElement| {
        find(root, "#run-status").and_then(|e| e.get_attribute("data-engine")).unwrap_or_default()
    };
    // 4.5 million messages: beyond `auto`'s exact budget, a second or two exactly.
    set_control(&root, "ctl-autoscaler-max_servers", "100");
    set_control(&root, "ctl-duration_s", "3600");
    set_control(&root, "ctl-traffic-peak_users", "1800");
    until("the fluid answer", || engine(&root) == "fluid").await;
    // What the edit changed is measured from the previous scenario's run, the fluid answer's
    // and then the exact one's: the servers before the edit stay the same.
    let servers_before = |root: &web_sys::HtmlElement| {
        let said = text(root, "#headline .change");
        said.split("servers ").nth(1).and_then(|rest| rest.split(" ->").next()).map(str::to_string)
    };
    let fluid_said = servers_before(&root).expect("the edit changed the servers");
    let mut saw_refining = false;
    let deadline = js_sys::Date::now() + 30_000.0;
    while engine(&root) != "exact" {
        assert!(js_sys::Date::now() < deadline, "timed out waiting for the exact refinement");
        if find(&root, "#run-refining").is_some() {
            saw_refining = true;
            assert!(find(&root, ".runs[data-current=true]").is_some(), "the fluid answer is the controls' scenario");
            assert!(find(&root, ".runs.stale").is_none(), "a refinement does not dim the charts");
        }
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
    assert!(saw_refining, "the status said the answer was being refined");
    until("the refinement's note gone", || find(&root, "#run-refining").is_none()).await;
    assert_eq!(servers_before(&root), Some(fluid_said), "{}", text(&root, "#headline .change"));
    assert!(text(&root, "#run-status").contains("messages simulated in"), "{}", text(&root, "#run-status"));
    assert!(find(&root, ".runs[data-current=true]").is_some());
}

#[wasm_bindgen_test]
async fn runs_move_to_the_page_when_the_worker_cannot_start() {
    let (pool, (replies, notices)) = pool_at("/no-such-worker.js");
    pool.send(Request::run(0, 1, &Scenario::default()));
    until("the run on the page", || !done_ids(&replies.borrow()).is_empty()).await;
    autoscale_lab::pool::set_worker_url(WORKER_URL);
    assert_eq!(notices.borrow().len(), 1);
    assert!(notices.borrow()[0].contains("/no-such-worker.js) did not start"), "{:?}", notices.borrow());
}

#[wasm_bindgen_test]
async fn a_quick_run_changes_nothing_but_its_results() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    // A run answered within SLOW_MS must show neither a progress bar nor dimmed charts. A
    // busy machine can delay an answer past it; such tries say nothing, so up to ten tries,
    // at least one of them quick.
    let mut quick = 0;
    for users in (140..190).step_by(5).take(10) {
        let (before, start) = (text(&root, "#report"), js_sys::Date::now());
        set_control(&root, "ctl-traffic-peak_users", &users.to_string());
        let mut flickered = false;
        while text(&root, "#report") == before {
            assert!(js_sys::Date::now() < start + 10_000.0, "timed out waiting for the new report");
            flickered |= find(&root, "#run-progress").is_some() || find(&root, ".runs.stale").is_some();
            gloo_timers::future::TimeoutFuture::new(2).await;
        }
        let took = js_sys::Date::now() - start;
        settled(&root).await;
        if took < f64::from(autoscale_lab::runner::SLOW_MS) - 20.0 {
            assert!(!flickered, "a run answered in {took} ms showed progress or dimmed the charts");
            quick += 1;
        }
        if quick >= 3 {
            break;
        }
    }
    assert!(quick > 0, "no run was answered within {} ms", autoscale_lab::runner::SLOW_MS);
}
