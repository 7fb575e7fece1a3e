//! The run worker's entry point (built by trunk as `autoscale-worker`, with its loader shim).

use autoscale_lab::worker::{RunWorker, WireCodec};
use gloo_worker::Registrable;

fn main() {
    console_error_panic_hook::set_once();
    RunWorker::registrar().encoding::<WireCodec>().register();
}
