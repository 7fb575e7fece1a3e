//! Browser tests: mount the app in headless Chrome and use it as a person would.
//! Run with `wasm-pack test --headless --chrome` (README's test command does).

#![cfg(target_arch = "wasm32")]

use autoscale_sim::{run, Scenario};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A stand-in for plotly.js that keeps each figure on its element, as Plotly does.
const PLOTLY_STUB: &str = "window.Plotly = { react: (el, fig) => { el.data = fig.data; el.layout = fig.layout; \
    window.plotlyCalls = (window.plotlyCalls || 0) + 1; return Promise.resolve(el); } };";

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits until `condition` holds (effects run a tick after a change, Plotly answers with
/// a promise); fails naming `what` after 5 s.
async fn until(what: &str, condition: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + 5000.0;
    while !condition() {
        assert!(js_sys::Date::now() < deadline, "timed out waiting for {what}");
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
}

/// Mounts the app in a fresh container, with no saved state and a plain address.
async fn mount() -> (web_sys::HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    open_at("", true).await
}

/// Mounts the app as if opened at the address query `query` (such as "?embed=1"), with or
/// without clearing the state kept in local storage; the handle unmounts it when dropped.
async fn open_at(query: &str, clear: bool) -> (web_sys::HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    let window = web_sys::window().unwrap();
    if clear {
        window.local_storage().unwrap().unwrap().clear().unwrap();
    }
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{query}")))
        .unwrap();
    let container: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), autoscale_lab::App);
    until("the first run's report", || text(&container, "#report").contains("Total requests")).await;
    // The state reaches the address and local storage (not an embed's) in an effect a tick
    // after mount.
    let storage = window.local_storage().unwrap().unwrap();
    if query.contains("embed=1") {
        until("the state in the address", || search_param("s").is_some()).await;
    } else {
        until("the state kept", || storage.get_item(autoscale_lab::STORAGE_KEY).unwrap().is_some()).await;
    }
    (container, handle)
}

fn find(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).unwrap()
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    find(root, selector).map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Sets a slider, select or text field to `value` as a person would, firing its input and
/// change events (the state changes at once; callers wait for what it should show).
fn set_control(root: &web_sys::HtmlElement, id: &str, value: &str) {
    let el = find(root, &format!("#{id}")).unwrap_or_else(|| panic!("no control #{id}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    for kind in ["input", "change"] {
        el.dispatch_event(&web_sys::Event::new(kind).unwrap()).unwrap();
    }
}

fn chart_data_len(root: &web_sys::HtmlElement, id: &str) -> u32 {
    let el = find(root, &format!("#{id}")).unwrap();
    let data = js_sys::Reflect::get(&el, &"data".into()).unwrap();
    data.dyn_into::<js_sys::Array>().map(|a| a.length()).unwrap_or(0)
}

#[wasm_bindgen_test]
fn wasm_report_is_byte_identical_to_the_native_golden_file() {
    let golden = include_str!("../sim/tests/golden/default_report.json");
    assert!(run(&Scenario::default()).to_json() == golden, "wasm and native runs differ");
}

#[wasm_bindgen_test]
async fn app_mounts_with_report_timeline_and_charts() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = mount().await;
    until("both charts drawn", || {
        chart_data_len(&root, "fleet-chart") > 0 && chart_data_len(&root, "spread-chart") > 0
    })
    .await;
    let report = text(&root, "#report");
    assert!(report.contains("Total requests") && report.contains("Peak servers"), "{report}");
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

fn visible(root: &web_sys::HtmlElement, id: &str) -> bool {
    let input = find(root, &format!("#{id}")).unwrap_or_else(|| panic!("no #{id}"));
    !input.closest(".control").unwrap().unwrap().class_list().contains("hidden")
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
    until("target tracking's timeline", || text(&root, "#timeline").contains("vs target 30")).await;
    assert_eq!(count(&root, "#timeline li"), expected.events.len() as u32);

    assert!(!visible(&root, "ctl-traffic-steps"));
    set_control(&root, "ctl-traffic-pattern", "step");
    until("the step pattern's controls", || visible(&root, "ctl-traffic-steps")).await;
    assert!(!visible(&root, "ctl-traffic-peak_users"));
    until("the step pattern's run", || text(&root, "#report").contains("Peak load")).await;
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
    assert!(text(&root, "label[for=ctl-autoscaler-forecast_horizon_s]").contains("auto"));
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

/// The `s` parameter of a kept query.
fn search_param_of(query: &str) -> String {
    web_sys::UrlSearchParams::new_with_str(query).unwrap().get("s").unwrap_or_default()
}

fn search_param(name: &str) -> Option<String> {
    let search = web_sys::window().unwrap().location().search().unwrap();
    web_sys::UrlSearchParams::new_with_str(&search).unwrap().get(name)
}

#[wasm_bindgen_test]
async fn a_shared_link_and_a_reload_restore_the_scenario() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, handle) = mount().await;
    set_control(&root, "ctl-traffic-peak_users", "250");
    set_control(&root, "ctl-autoscaler-policy", "target_tracking");
    until("target tracking's run of 250 users", || text(&root, "#timeline").contains("vs target")).await;
    until("the state in the address", || search_param("s").is_some()).await;
    let report = text(&root, "#report");
    let link = search_param("s").expect("the address holds the scenario");
    assert!(link.len() < 2000, "{} characters", link.len());
    drop(handle);
    root.remove();

    let (root, handle) = open_at(&format!("?s={link}"), true).await;
    assert_eq!(text(&root, "#report"), report, "the link gives the same run");
    assert!(find(&root, "#notice").is_none());
    drop(handle);
    root.remove();

    let (root, _handle) = open_at("", false).await;
    assert_eq!(text(&root, "#report"), report, "a reload keeps the last state");
}

#[wasm_bindgen_test]
async fn a_damaged_or_edited_link_loads_with_a_notice() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, handle) = open_at("?s=not-a-scenario", true).await;
    until("the notice", || find(&root, "#notice").is_some()).await;
    assert!(
        text(&root, "#notice").contains("damaged") || text(&root, "#notice").contains("not readable"),
        "{}",
        text(&root, "#notice")
    );
    assert_eq!(count(&root, "#timeline li"), run(&Scenario::default()).events.len() as u32, "defaults shown");
    drop(handle);
    root.remove();
    // {"traffic":{"peak_users":120,"colour":"red"}}
    let edited = autoscale_lab::share::base64url(br#"{"traffic":{"peak_users":120,"colour":"red"}}"#);
    let (root, _handle) = open_at(&format!("?s={edited}"), true).await;
    until("the notice naming the field", || text(&root, "#notice").contains("traffic.colour")).await;
    assert!(text(&root, "#report").contains("120"), "the valid part is used");
}

#[wasm_bindgen_test]
async fn embed_mode_shows_charts_timeline_and_chosen_controls() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, _handle) = open_at("?embed=1&controls=traffic.peak_users", true).await;
    assert!(find(&root, ".page.embed").is_some());
    assert!(find(&root, "#ctl-traffic-peak_users").is_some());
    assert!(find(&root, "#ctl-autoscaler-policy").is_none(), "only the chosen controls");
    assert!(find(&root, "#fleet-chart").is_some() && find(&root, "#timeline").is_some());
    // The page chrome is hidden by the stylesheet's .embed rules (the end-to-end test sees it).
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    let el: web_sys::HtmlElement = find(root, selector).unwrap_or_else(|| panic!("no {selector}")).unchecked_into();
    el.click();
}

/// The distinct legend groups (one per variant) of the traces drawn in chart `id`.
fn legend_groups(root: &web_sys::HtmlElement, id: &str) -> Vec<String> {
    let el = find(root, &format!("#{id}")).unwrap();
    let Ok(data) = js_sys::Reflect::get(&el, &"data".into()).unwrap().dyn_into::<js_sys::Array>() else {
        return Vec::new();
    };
    let mut groups: Vec<String> =
        data.iter().filter_map(|t| js_sys::Reflect::get(&t, &"legendgroup".into()).ok()?.as_string()).collect();
    groups.dedup();
    groups
}

#[wasm_bindgen_test]
async fn compare_mode_overlays_every_variant_and_a_link_restores_them() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, handle) = mount().await;
    until("the fleet chart drawn", || chart_data_len(&root, "fleet-chart") > 0).await;
    assert!(legend_groups(&root, "fleet-chart").is_empty(), "one run: the plain fleet figure");
    assert!(find(&root, "#compare-table").is_none());
    set_control(&root, "ctl-traffic-peak_users", "300");
    click(&root, "#duplicate-variant");
    set_control(&root, "ctl-autoscaler-policy", "target_tracking");
    click(&root, "#duplicate-variant");
    set_control(&root, "ctl-balancer-strategy", "least_connections");
    set_control(&root, "variant-name", "least conn");
    until("three variants overlaid", || legend_groups(&root, "fleet-chart") == ["A", "B", "least conn"]).await;
    until("the comparison table", || find(&root, "#compare-table").is_some()).await;
    assert_eq!(count(&root, ".variant-tab"), 3);
    assert_eq!(count(&root, "#compare-table thead th"), 4, "a column per variant");
    assert!(text(&root, "#compare-conclusion").contains("objective"), "{}", text(&root, "#compare-conclusion"));
    let table = text(&root, "#compare-table");

    // The whole state travels in the link: another browser sees the same comparison.
    let query = web_sys::window().unwrap().location().search().unwrap();
    assert!(search_param("v").is_some() && search_param("compare").as_deref() == Some("1"), "{query}");
    assert!(query.len() < 2000, "{} characters", query.len());
    let report = text(&root, "#report");
    drop(handle);
    root.remove();
    let (root, handle) = open_at(&query, true).await;
    until("the comparison table", || text(&root, "#compare-table") == table).await;
    assert!(find(&root, "#notice").is_none(), "{}", text(&root, "#notice"));
    assert_eq!(text(&root, "#report"), report, "the same variant is shown");
    assert_eq!(
        find(&root, "#variant-name").unwrap().unchecked_into::<web_sys::HtmlInputElement>().value(),
        "least conn"
    );

    // Removing a variant removes its overlay; turning compare off gives the plain figure.
    click(&root, "#remove-variant");
    until("two variants overlaid", || legend_groups(&root, "fleet-chart") == ["A", "B"]).await;
    click(&root, "#compare");
    until("the plain figure", || legend_groups(&root, "fleet-chart").is_empty()).await;
    assert!(find(&root, "#compare-table").is_none());
    drop(handle);
    root.remove();
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
        verdict.starts_with("Objective violated (p95 ≤ 1 ms") && verdict.contains("above the ceiling for"),
        "{verdict}"
    );
}

#[wasm_bindgen_test]
async fn a_scenario_kept_by_an_older_version_is_restored_and_embeds_keep_their_own() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage.set_item(autoscale_lab::OLD_STORAGE_KEY, r#"{"traffic":{"peak_users":170}}"#).unwrap();
    let (root, handle) = open_at("", false).await;
    until("the kept scenario's run", || text(&root, "#report").contains("170")).await;
    until("the state kept under the new key", || storage.get_item(autoscale_lab::STORAGE_KEY).unwrap().is_some()).await;
    let kept = storage.get_item(autoscale_lab::STORAGE_KEY).unwrap().expect("the state is kept under the new key");
    drop(handle);
    root.remove();
    // An embedded page changes nothing kept for the visitor.
    let (root, handle) = open_at("?embed=1&controls=traffic.peak_users", false).await;
    set_control(&root, "ctl-traffic-peak_users", "90");
    until("the embed's own address", || search_param("s").is_some_and(|s| s != search_param_of(&kept))).await;
    assert_eq!(storage.get_item(autoscale_lab::STORAGE_KEY).unwrap(), Some(kept));
    drop(handle);
    root.remove();
}
