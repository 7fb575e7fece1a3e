//! The toolbar: the presets menu, scenario import, the exports menu (scenario, report,
//! series, chart image, and the policy as a Kubernetes HPA, AWS CloudFormation or Knative
//! Service), the shareable link, undo and redo. Downloads and the clipboard are its only
//! effects.

use autoscale_sim::export::{policy_config, series_csv, Format};
use autoscale_sim::{Choice, Scenario};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::edits::{Edits, UndoButtons};
use crate::lab::Lab;
use crate::menu::Menu;
use crate::shown::Shown;
use crate::{presets, Shared};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Offers `text` as a file named `name`.
fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("{name}: the download failed ({e:?})");
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = document().ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The page's address with the state in its parameters (and other parameters, such as
/// `embed`, kept).
pub fn share_url(lab: &Lab) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let base = format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default());
    let params = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
        .unwrap_or_else(|_| web_sys::UrlSearchParams::new().expect("empty parameters"));
    for name in ["s", "v", "show", "compare", "tune"] {
        params.delete(name);
    }
    for (name, value) in lab.to_params() {
        params.set(name, &value);
    }
    format!("{base}?{}", String::from(params.to_string()))
}

/// Reads a scenario file chosen in the import control.
fn import(file: web_sys::File, scenario: Shown, edits: Edits, status: RwSignal<String>) {
    leptos::task::spawn_local(async move {
        let name = file.name();
        let text = JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
        let result = Scenario::parse(&text).and_then(|mut next| {
            presets::keep_trace(&mut next, &scenario.get_untracked());
            next.validate_settings().map(|()| next)
        });
        match result {
            Ok(next) => {
                edits.act(|l| l.set_shown(next));
                status.set(format!("{name} imported."));
            }
            Err(e) => status.set(format!("{name} was not imported: {e}. The scenario is unchanged.")),
        }
    });
}

#[component]
pub fn Toolbar(scenario: Shown, report: Memo<Shared>, edits: Edits) -> impl IntoView {
    let lab = scenario.lab();
    let status = RwSignal::new(String::new());
    let save = move |name: &str, mime: &str, text: String| {
        if let Err(e) = download(name, mime, &text) {
            status.set(e);
        }
    };
    let policy = move || scenario.with(|s| s.autoscaler.policy);
    let copy_link = move |_| {
        let url = lab.with_untracked(share_url);
        leptos::task::spawn_local(async move {
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            let copied = match clipboard {
                Some(c) => JsFuture::from(c.write_text(&url)).await.is_ok(),
                None => false,
            };
            status.set(if copied { "Link copied.".into() } else { format!("Copy this link: {url}") });
        });
    };
    let png = move || {
        let el = document().and_then(|d| d.get_element_by_id("fleet-chart"));
        leptos::task::spawn_local(async move {
            let result = match el {
                Some(el) => {
                    crate::plotly_js::download_png(
                        el.unchecked_ref(),
                        "autoscale-lab",
                        crate::chart::theme().background,
                    )
                    .await
                }
                None => Err("no chart to save".into()),
            };
            if let Err(e) = result {
                status.set(e);
            }
        });
    };
    let apply = move |next: Scenario| edits.act(|l| l.set_shown(next));
    let preset_items = presets::PRESETS
        .iter()
        .map(|p| {
            let id = p.id;
            view! {
                <button type="button" class="menu-item" id=format!("preset-{id}") on:click=move |_| {
                    if let Some(next) = presets::preset(id, &scenario.get_untracked()) {
                        apply(next);
                        status.set(format!("Preset: {}.", presets::label(id)));
                    }
                }>
                    <strong>{p.label}</strong><span>{p.look_at}</span>
                </button>
            }
        })
        .collect_view();
    let export_item = |id: &'static str, label: &'static str, about: &'static str| (id, label, about);
    let plain = [
        export_item("export-scenario", "Scenario (JSON)", "The controls' settings, for --scenario or Import."),
        export_item(
            "export-report",
            "Report (JSON)",
            "Everything this run measured, as autoscale-sim --json prints it.",
        ),
        export_item(
            "export-csv",
            "Series (CSV)",
            "Every interval's load, servers, latency and losses at full resolution.",
        ),
        export_item("export-png", "Chart (PNG)", "The charts as an image on the page's background."),
    ];
    let on_plain = move |id: &str| match id {
        "export-scenario" => save("scenario.json", "application/json", scenario.with_untracked(Scenario::to_json)),
        "export-report" => save("report.json", "application/json", report.with_untracked(|r| r.0.to_json())),
        "export-csv" => save(Format::Csv.file_name(), Format::Csv.mime(), report.with_untracked(|r| series_csv(&r.0))),
        _ => png(),
    };
    view! {
        <div class="toolbar" role="group" aria-label="Presets, import, export and undo">
            <Menu id="preset-menu" label="Presets">{preset_items}</Menu>
            <label class="file-button button-like secondary">"Import scenario…"
                <input type="file" id="import" class="visually-hidden" accept=".json,application/json" on:change=move |ev| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                        import(file, scenario, edits, status);
                    }
                    input.set_value("");
                } />
            </label>
            <Menu id="export-menu" label="Export">
                {plain.into_iter().map(|(id, label, about)| view! {
                    <button type="button" class="menu-item" id=id on:click=move |_| on_plain(id)>
                        <strong>{label}</strong><span>{about}</span>
                    </button>
                }).collect_view()}
                {Format::ALL.iter().copied().filter_map(|f| f.policy().map(|p| (f, p))).map(|(format, needs)| view! {
                    <button type="button" class="menu-item" id=format!("export-{}", format.name()) disabled=move || policy() != needs
                        on:click=move |_| match scenario.with_untracked(|s| policy_config(format, s, "chat")) {
                            Ok(text) => save(format.file_name(), format.mime(), text),
                            Err(e) => status.set(e),
                        }>
                        <strong>{format.label()}</strong>
                        <span>{move || if policy() == needs { format.help().to_string() } else { format!("For the {} policy only.", needs.label()) }}</span>
                    </button>
                }).collect_view()}
            </Menu>
            <button type="button" class="secondary" id="copy-link" on:click=copy_link>"Copy link"</button>
            <UndoButtons edits=edits />
            <p class="toolbar-status" id="toolbar-status" aria-live="polite">{move || status.get()}</p>
        </div>
    }
}
