//! The page's address and local storage: where the state comes from at start, and where
//! every change of it is written, so that a link or a reload restores it. Embedding
//! parameters (`embed`, `controls`, `play`) are read here too.

use leptos::prelude::*;

use crate::edits::Edits;
use crate::lab::Lab;
use crate::share;

/// Where the page keeps its last state (the address's parameters), so that a reload loses nothing.
pub const STORAGE_KEY: &str = "autoscale-lab.state";

/// Where versions before variants kept the last scenario (compact JSON); still read.
pub const OLD_STORAGE_KEY: &str = "autoscale-lab.scenario";

/// A query parameter of the page's address.
pub fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Whether the parameter `name` is on ("1" or "true").
pub fn flag(name: &str) -> bool {
    param(name).is_some_and(|v| v == "1" || v == "true")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// How the page is embedded: `?embed=1` shows the charts and the timeline, and only the
/// controls `?controls=` lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    pub on: bool,
    pub controls: Vec<String>,
}

impl Embed {
    pub fn from_address() -> Embed {
        let controls = param("controls").map(|c| c.split(',').map(|p| p.trim().to_string()).collect());
        Embed { on: flag("embed"), controls: controls.unwrap_or_default() }
    }

    /// Whether the control at `path` is shown.
    pub fn shows(&self, path: &str) -> bool {
        !self.on || self.controls.iter().any(|c| c == path)
    }
}

/// The state to start from: the link's, else the last one kept, else the defaults; with
/// notices about anything that had to be left out; and whether the address already
/// restores it (a link read without notices, or the defaults with nothing kept), so that
/// nothing needs writing before the first change.
pub fn initial_lab() -> (Lab, Vec<String>, bool) {
    if param("s").is_some() || param("v").is_some() {
        let (lab, notes) = Lab::from_params(param);
        let restored = notes.is_empty();
        return (lab, notes, restored);
    }
    let kept = |key| storage().and_then(|st| st.get_item(key).ok().flatten());
    let (lab, notes) = if let Some(query) = kept(STORAGE_KEY) {
        match web_sys::UrlSearchParams::new_with_str(&query) {
            Ok(params) => Lab::from_params(|name| params.get(name)),
            Err(_) => (Lab::default(), vec!["it is not readable; the defaults are shown".into()]),
        }
    } else if let Some(text) = kept(OLD_STORAGE_KEY) {
        let (s, notes) = share::decode_json(&text);
        (Lab::single(s), notes)
    } else {
        return (Lab::default(), Vec::new(), true);
    };
    (lab, notes.into_iter().map(|n| format!("saved state: {n}")).collect(), false)
}

/// How long the state must stay unchanged before the address and local storage take it
/// [ms]: a dragged slider writes them once it rests, not on every step (the write is off
/// the path from a key press to its run, and some browsers refuse more than 100 address
/// changes in 30 s).
pub const KEEP_AFTER_MS: u32 = 200;

/// The longest the write waits, once due, for the page to be idle [ms].
const IDLE_WAIT_MS: u32 = 500;

/// Writes the state into the address and local storage `KEEP_AFTER_MS` after its last
/// change, in the page's next idle moment (within `IDLE_WAIT_MS`: the address write took
/// 2-17 ms, and at a fixed delay it fell in the middle of a dragged slider's redraw), and
/// at once when the page is hidden, closed or unmounted, so that nothing is lost. A state
/// that ends a discrete action (a preset, Reset, Remove...) gets an address entry of its
/// own, so that Back returns before it; other changes replace the entry. An embedded page
/// keeps its state in its own address only and adds no entries, so that an iframe on a
/// documentation page never replaces the visitor's own last state nor takes over their
/// Back button. When the address already restores the state the page started
/// with (`restored`), the address is left as it is until the first change: computing it
/// and writing it was a 150 ms task of the page's load on a phone (4x CPU slowdown).
pub fn keep(lab: RwSignal<Lab>, embed: &Embed, edits: Edits, restored: bool) {
    let embed = embed.on;
    // The timer of the next write, and whether one is due. A timer is dropped (cancelled)
    // only outside its own callback (by the next change or by a flush), never while it runs.
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let due = StoredValue::new(false);
    // Changes so far: an idle callback writes only if no change came after its timer.
    let changes = StoredValue::new(0u64);
    let write = move || {
        due.try_set_value(false);
        let push = edits.settle() && !embed;
        let Some(url) = lab.try_with_untracked(crate::toolbar::share_url) else { return };
        if let Some(st) = storage().filter(|_| !embed) {
            let query = url.split_once('?').map_or("", |(_, q)| q);
            let _ = st.set_item(STORAGE_KEY, query);
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let null = wasm_bindgen::JsValue::NULL;
            let _ = if push {
                history.push_state_with_url(&null, "", Some(&url))
            } else {
                history.replace_state_with_url(&null, "", Some(&url))
            };
        }
    };
    Effect::new(move |ran: Option<()>| {
        lab.track();
        if ran.is_none() && restored {
            // Local storage takes a link as it is (so that the bare page opens at it next
            // time, as after any change); the defaults, with nothing kept, need nothing.
            let link = param("s").is_some() || param("v").is_some();
            let search = web_sys::window().and_then(|w| w.location().search().ok());
            if let (Some(st), Some(search), true) = (storage(), search, link && !embed) {
                let _ = st.set_item(STORAGE_KEY, search.trim_start_matches('?'));
            }
            return;
        }
        due.set_value(true);
        let change = changes.get_value() + 1;
        changes.set_value(change);
        let when_idle = move || {
            if changes.try_get_value() == Some(change) && due.try_get_value() == Some(true) {
                write();
            }
        };
        timer.set_value(Some(gloo_timers::callback::Timeout::new(KEEP_AFTER_MS, move || on_idle(when_idle))));
    });
    // A write still due happens at once: the page is hidden or closed, or the app unmounted.
    let flush = move || {
        if due.try_get_value() == Some(true) {
            timer.try_set_value(None);
            write();
        }
    };
    let listener = leptos::prelude::window_event_listener_untyped("pagehide", move |_| flush());
    on_cleanup(move || {
        listener.remove();
        flush();
    });
}

/// Calls `f` when the page is next idle (`requestIdleCallback`, at most `IDLE_WAIT_MS`
/// later), or at once where the browser has no idle callbacks.
fn on_idle(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let window = js_sys::global();
    let request = js_sys::Reflect::get(&window, &"requestIdleCallback".into()).ok();
    let Some(request) = request.and_then(|r| r.dyn_into::<js_sys::Function>().ok()) else {
        f();
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &IDLE_WAIT_MS.into());
    // Were it refused, the next change or the flush on leaving writes the state.
    let _ = request.call2(&window, &wasm_bindgen::closure::Closure::once_into_js(f), &options);
}
