//! The run worker: a Web Worker holding `Jobs`, working on them in slices of about
//! `BUDGET_MS` and yielding to its event loop between slices, so that a newer request (a
//! dragged slider) or a cancel is read within one slice. Plumbing by gloo-worker; messages
//! cross as JS values (`WireCodec`), the report's series as a byte array.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::jobs::Jobs;
use crate::wire::{Reply, Request};

/// Work between two looks at the worker's messages [ms]: a newer request (a dragged
/// slider) waits at most this long for the run it replaces to stop.
pub const BUDGET_MS: f64 = 15.0;

/// Time between two progress replies [ms]: at least 10 replies a second, and not one per
/// slice, which would keep the page busy for nothing.
pub const PROGRESS_MS: f64 = 50.0;

/// The worker's state: the runs, whom to answer, whether a slice is scheduled, and when
/// progress was last sent [ms].
pub struct RunWorker {
    jobs: Jobs,
    to: Option<HandlerId>,
    scheduled: bool,
    progress_ms: f64,
}

/// Milliseconds from the page's or worker's `performance` clock (the Date clock where
/// there is none) [ms]; only differences are used.
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .filter(|p| !p.is_undefined())
        .map_or_else(js_sys::Date::now, |p| p.unchecked_into::<web_sys::Performance>().now())
}

/// A performance mark on the page's timeline, for the benchmarks' breakdown of an input's
/// latency (`tests/bench/page.mjs`); nothing where there is no page.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Lets the event loop run (incoming messages, timers) without the 4 ms clamp of nested
/// timeouts: a message posted to oneself arrives after everything already queued.
pub async fn yield_to_events() {
    let Ok(channel) = web_sys::MessageChannel::new() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| channel.port1().set_onmessage(Some(&resolve)));
    if channel.port2().post_message(&JsValue::NULL).is_ok() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

impl RunWorker {
    fn schedule(&mut self, scope: &WorkerScope<Self>) {
        if self.jobs.is_busy() && !self.scheduled {
            self.scheduled = true;
            scope.send_future(yield_to_events());
        }
    }
}

impl Worker for RunWorker {
    type Message = ();
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        RunWorker { jobs: Jobs::default(), to: None, scheduled: false, progress_ms: f64::NEG_INFINITY }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, (): ()) {
        self.scheduled = false;
        if let (Some(reply), Some(to)) = (self.jobs.work(BUDGET_MS, &now_ms), self.to) {
            let now = now_ms();
            let progress = matches!(reply, Reply::Progress { .. });
            if !progress || now - self.progress_ms >= PROGRESS_MS {
                self.progress_ms = if progress { now } else { f64::NEG_INFINITY };
                scope.respond(to, reply);
            }
        }
        self.schedule(scope);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, id: HandlerId) {
        self.to = Some(id);
        if let Some(reply) = self.jobs.receive(request) {
            scope.respond(id, reply);
        }
        self.schedule(scope);
    }
}

/// Messages as JS values through serde-wasm-bindgen: byte arrays become `Uint8Array`s, so a
/// report's series crosses as one copy of memory rather than a JSON text to parse.
pub struct WireCodec;

impl gloo_worker::Codec for WireCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        serde_wasm_bindgen::to_value(&input).unwrap_or(JsValue::NULL)
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        // Both ends are this crate; a message it cannot read is a bug in it.
        serde_wasm_bindgen::from_value(input).expect("a worker message this page sent")
    }
}
