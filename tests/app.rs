//! Browser tests of the page: mount the app in headless Chrome and use its controls, charts,
//! timeline and report as a person would. Run with `wasm-pack test --headless --chrome`
//! (README's test command does).

#![cfg(target_arch = "wasm32")]

mod browser;

use autoscale_sim::{run, Scenario};
use browser::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_report_is_byte_identical_to_the_native_golden_file() {
    let golden = include_str!("../sim/tests/golden/default_report.json");
    assert!(run(&Scenario::default()).to_json() == golden, "wasm and native runs differ");
}

#[wasm_bindgen_test]
async fn app_mounts_with_report_timeline_and_charts() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    until("the fleet chart drawn", || chart_data_len(&root, "fleet-chart") > 0).await;
    // Tick labels are not measured for overflow (plotly_js::allow_label_overflow).
    let allowed = js_sys::eval(
        "(el) => { const axes = Object.keys(el.layout).filter((k) => /^[xy]axis/.test(k)); return axes.length >= 4 && axes.every((k) => el.layout[k].ticklabeloverflow === 'allow'); }",
    )
    .unwrap()
    .unchecked_into::<js_sys::Function>();
    let chart = find(&root, "#fleet-chart").unwrap();
    assert_eq!(allowed.call1(&wasm_bindgen::JsValue::NULL, &chart).unwrap().as_bool(), Some(true));
    // The panels' and axes' titles are the page's (titles.rs), not plotly's.
    until("the chart's titles", || text(&root, ".plot-box .chart-titles").contains("Load and capacity")).await;
    assert!(count(&root, ".plot-box .chart-title[data-place=xaxis]") == 1, "the time axis' title");
    until("the run's report", || text(&root, "#report").contains("Total requests")).await;
    // The spread chart, far below the fold, is drawn once it comes near the viewport.
    assert_eq!(chart_data_len(&root, "spread-chart"), 0, "an off-screen chart is not drawn");
    find(&root, "#spread-chart").expect("the spread chart").scroll_into_view();
    until("the spread chart drawn in view", || chart_data_len(&root, "spread-chart") > 0).await;
    let report = text(&root, "#report");
    assert!(report.contains("Total requests") && report.contains("Peak servers"), "{report}");
    // The first run has nothing to be compared with (not the empty placeholder before it).
    let first = run(&Scenario::default());
    let verdict = autoscale_lab::headline::verdict(&first.scenario, &first.summary);
    until("the first run's verdict", || text(&root, "#headline-verdict").starts_with(&verdict)).await;
    assert!(
        !text(&root, "#headline-verdict").contains("Since the last change"),
        "{}",
        text(&root, "#headline-verdict")
    );
    let expected = run(&Scenario::default());
    assert!(report.contains(&expected.summary.completed.to_string()));
    assert_eq!(count(&root, "#timeline li"), expected.events.len() as u32);
    assert!(chart_data_len(&root, "fleet-chart") >= 10, "the fleet chart was drawn");
    assert_eq!(chart_data_len(&root, "spread-chart"), 1);
}

#[wasm_bindgen_test]
async fn changing_a_control_updates_report_and_timeline() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    let report_before = text(&root, "#report");
    let events_before = count(&root, "#timeline li");
    set_control(&root, "ctl-traffic-peak_users", "400");
    until("the report of 400 users", || text(&root, "#report") != report_before).await;
    assert!(count(&root, "#timeline li") > events_before, "more load, more scaling");
    assert!(text(&root, "#report").contains("400"), "peak load shows the new value");
    // The headline gives the new run's verdict and what the edit changed, from the runs.
    let (before, after) = (
        run(&Scenario::default()),
        run(&{
            let mut s = Scenario::default();
            s.traffic.peak_users = 400.0;
            s
        }),
    );
    let said = autoscale_lab::headline::change(&after.scenario, &before.summary, &after.summary).unwrap();
    until("the headline's change", || text(&root, "#headline-verdict").contains(&said)).await;
    assert!(text(&root, "#headline-verdict")
        .starts_with(&autoscale_lab::headline::verdict(&after.scenario, &after.summary)));
    set_control(&root, "ctl-balancer-strategy", "least_connections");
    let mut s = Scenario::default();
    s.traffic.peak_users = 400.0;
    s.balancer.strategy = autoscale_sim::scenario::Strategy::LeastConnections;
    let completed = run(&s).summary.completed.to_string();
    until("the least-connections run's report", || text(&root, "#report").contains(&completed)).await;
}

#[wasm_bindgen_test]
async fn invalid_combination_shows_a_message_and_keeps_the_last_run() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    let report_before = text(&root, "#report");
    set_control(&root, "ctl-autoscaler-scale_down", "50");
    until("the error message", || find(&root, "#scenario-error").is_some()).await;
    let message = text(&root, "#scenario-error");
    assert!(message.contains("scale_down") && message.contains("scale_up"), "{message}");
    assert_eq!(count(&root, ".control.invalid"), 1, "the offending control is marked");
    assert_eq!(text(&root, "#report"), report_before, "the last valid run stays");
    set_control(&root, "ctl-autoscaler-min_servers", "20");
    until("the error about min_servers", || text(&root, "#scenario-error").contains("scale_down")).await;
    set_control(&root, "ctl-autoscaler-scale_down", "10");
    until("the error moving to min_servers", || text(&root, "#scenario-error").contains("min_servers")).await;
    assert_eq!(count(&root, ".control.invalid"), 1, "the control the error names is marked");
    assert!(find(&root, "#ctl-autoscaler-min_servers").unwrap().closest(".control.invalid").unwrap().is_some());
    set_control(&root, "ctl-autoscaler-min_servers", "2");
    until("the error gone", || find(&root, "#scenario-error").is_none()).await;
}

#[wasm_bindgen_test]
async fn choosing_an_event_highlights_it() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    let button: web_sys::HtmlElement = find(&root, "#timeline li button").unwrap().unchecked_into();
    button.click();
    let chart = find(&root, "#fleet-chart").unwrap();
    let width = js_sys::eval("(el) => el.layout && el.layout.shapes[0].line.width")
        .unwrap()
        .unchecked_into::<js_sys::Function>();
    until("the event drawn wider", || width.call1(&wasm_bindgen::JsValue::NULL, &chart).unwrap().as_f64() == Some(4.0))
        .await;
    assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn missing_plotly_is_reported_not_fatal() {
    js_sys::eval("delete window.Plotly").unwrap();
    let (root, _handle) = mount().await;
    until("the chart's message", || text(&root, ".chart .message").contains("plotly.js did not load")).await;
    assert!(text(&root, "#report").contains("Total requests"), "the rest of the page works");
    set_control(&root, "ctl-traffic-peak_users", "200");
    until("the report of 200 users", || text(&root, "#report").contains("200")).await;
}

#[wasm_bindgen_test]
async fn policy_and_pattern_choices_show_their_own_controls() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    assert!(visible(&root, "ctl-autoscaler-cooldown_s") && !visible(&root, "ctl-autoscaler-target"));
    set_control(&root, "ctl-autoscaler-policy", "target_tracking");
    until("target tracking's controls", || visible(&root, "ctl-autoscaler-target")).await;
    assert!(!visible(&root, "ctl-autoscaler-cooldown_s"));
    let mut s = Scenario::default();
    s.autoscaler.policy = autoscale_sim::scenario::Policy::TargetTracking;
    let expected = run(&s);
    until("target tracking's timeline", || text(&root, "#timeline").contains("the target of 30")).await;
    assert_eq!(count(&root, "#timeline li"), expected.events.len() as u32);

    assert!(!visible(&root, "ctl-traffic-steps"));
    set_control(&root, "ctl-traffic-pattern", "step");
    until("the step pattern's controls", || visible(&root, "ctl-traffic-steps")).await;
    assert!(!visible(&root, "ctl-traffic-peak_users"));
    settled(&root).await;
    let report = text(&root, "#report");
    set_control(&root, "ctl-traffic-steps", "0:100, 30:oops");
    until("the bad list explained", || text(&root, ".control .message").contains("item 2")).await;
    assert_eq!(text(&root, "#report"), report, "and the run stays");
    set_control(&root, "ctl-traffic-steps", "0:50, 20:200");
    until("the report of the new steps (peak 200)", || text(&root, "#report").contains("200")).await;
    assert_ne!(text(&root, "#report"), report);
}

#[wasm_bindgen_test]
async fn failures_predictive_and_weighted_score_controls_drive_the_run() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    assert!(!visible(&root, "ctl-failures-crashes") && !visible(&root, "ctl-autoscaler-smoothing_level"));
    set_control(&root, "ctl-failures", "on");
    until("the failures controls", || visible(&root, "ctl-failures-crashes")).await;
    assert!(visible(&root, "ctl-failures-health_interval_s"));
    set_control(&root, "ctl-failures-crashes", "20:0");
    let s = Scenario {
        failures: Some(autoscale_sim::failures::FailuresConfig {
            crashes: vec![autoscale_sim::failures::Crash { at_s: 20.0, server: 0 }],
            ..Default::default()
        }),
        ..Scenario::default()
    };
    let expected = run(&s);
    until("the crash in the timeline", || text(&root, "#timeline").contains("server 0 crashed")).await;
    assert!(text(&root, "#report").contains(&format!("{} (", expected.summary.failed)), "failed count shown");

    set_control(&root, "ctl-autoscaler-policy", "predictive");
    until("predictive's controls", || visible(&root, "ctl-autoscaler-smoothing_level")).await;
    assert!(visible(&root, "ctl-autoscaler-forecast_horizon_s"));
    let horizon = find(&root, "#ctl-autoscaler-forecast_horizon_s-value").unwrap();
    assert_eq!(horizon.unchecked_into::<web_sys::HtmlInputElement>().value(), "auto");
    let spoken = find(&root, "#ctl-autoscaler-forecast_horizon_s").unwrap().get_attribute("aria-valuetext");
    assert_eq!(spoken.as_deref(), Some("auto"), "the slider says the word, not 0");
    set_control(&root, "ctl-autoscaler-policy", "weighted_score");
    until("the weighted score's controls", || visible(&root, "ctl-autoscaler-weights")).await;
    assert!(!visible(&root, "ctl-autoscaler-smoothing_level"));
    set_control(&root, "ctl-autoscaler-weights", "1, 0, 0");
    until("the bad weights explained", || text(&root, ".control .message").contains("five weights")).await;
    set_control(&root, "ctl-balancer-strategy", "weighted_round_robin");
    set_control(&root, "ctl-service-classes", "large:2, small:1");
    until("the classes in the address", || search_param("s").is_some_and(|s| s.len() > 40)).await;
    assert!(find(&root, "#scenario-error").is_none(), "a valid scenario");
}

#[wasm_bindgen_test]
async fn the_objective_is_judged_in_the_report() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    assert!(text(&root, "#objective").starts_with("Objective met (p95 ≤ 200 ms"), "{}", text(&root, "#objective"));
    set_control(&root, "ctl-objective-latency_ms", "1");
    until("the verdict at 1 ms", || text(&root, "#objective").starts_with("Objective violated")).await;
    let verdict = text(&root, "#objective");
    assert!(
        verdict.starts_with("Objective violated (p95 ≤ 1 ms")
            && verdict.contains("p95 above 1 ms in intervals adding up to"),
        "{verdict}"
    );
}
