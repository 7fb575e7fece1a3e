//! Entry point of the page: mounts the app on the document body.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(autoscale_lab::App);
}
