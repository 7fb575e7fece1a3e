//! Browser tests of the page's state: links, local storage, embedding and compared variants.

#![cfg(target_arch = "wasm32")]

mod browser;

use autoscale_sim::{run, Scenario};
use browser::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_shared_link_and_a_reload_restore_the_scenario() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let (root, handle) = mount().await;
    set_control(&root, "ctl-traffic-peak_users", "250");
    set_control(&root, "ctl-autoscaler-policy", "target_tracking");
    until("target tracking's run of 250 users", || text(&root, "#timeline").contains("the target of")).await;
    address_holds("s", &["\"peak_users\":250", "target_tracking"]).await;
    settled(&root).await;
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

    let (root, handle) = open_at("", false).await;
    assert_eq!(text(&root, "#report"), report, "a reload keeps the last state");
    // Gone before the next test: a page left mounted keeps writing its state.
    drop(handle);
    root.remove();
}

/// Opening the page at its defaults, with nothing kept, writes nothing (the address
/// already restores that state); the first change writes both.
#[wasm_bindgen_test]
async fn the_defaults_are_not_written_until_the_first_change() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let (root, handle) = mount().await;
    gloo_timers::future::TimeoutFuture::new(3 * autoscale_lab::address::KEEP_AFTER_MS).await;
    assert_eq!(storage.get_item(autoscale_lab::STORAGE_KEY).unwrap(), None, "nothing kept");
    assert_eq!(search_param("s"), None, "the address is left as it is");
    set_control(&root, "ctl-traffic-peak_users", "140");
    address_holds("s", &["\"peak_users\":140"]).await;
    until("the state kept", || storage.get_item(autoscale_lab::STORAGE_KEY).unwrap().is_some()).await;
    drop(handle);
    root.remove();
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
    settled(&root).await;
    let table = text(&root, "#compare-table");

    // The whole state travels in the link: another browser sees the same comparison.
    address_holds("v", &["least conn", "least_connections"]).await;
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
async fn a_scenario_kept_by_an_older_version_is_restored_and_embeds_keep_their_own() {
    js_sys::eval(PLOTLY_STUB).unwrap();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage.set_item(autoscale_lab::OLD_STORAGE_KEY, r#"{"traffic":{"peak_users":170}}"#).unwrap();
    let (root, handle) = open_at("", false).await;
    until("the kept scenario's run", || text(&root, "#report").contains("170")).await;
    // The kept state is this page's (a state an earlier test's page kept could be there
    // first), and no write of it is pending when the page goes.
    let kept_scenario = || {
        let query = storage.get_item(autoscale_lab::STORAGE_KEY).unwrap()?;
        String::from_utf8(autoscale_lab::share::from_base64url(&search_param_of(&query))?).ok()
    };
    until("the state kept under the new key", || kept_scenario().is_some_and(|s| s.contains("170"))).await;
    gloo_timers::future::TimeoutFuture::new(2 * autoscale_lab::address::KEEP_AFTER_MS).await;
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
