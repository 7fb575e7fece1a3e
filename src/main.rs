//! Entry point of the page: replaces index.html's placeholder with the app.

fn main() {
    console_error_panic_hook::set_once();
    // index.html's placeholder, shown while the page loaded.
    if let Some(skeleton) = web_sys::window().and_then(|w| w.document()?.get_element_by_id("skeleton")) {
        skeleton.remove();
    }
    leptos::mount::mount_to_body(autoscale_lab::App);
    autoscale_lab::worker::mark("app-mounted");
}
