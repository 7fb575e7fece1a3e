//! The page's end of the run workers: up to one worker per core (at most `MAX_WORKERS`),
//! spawned on first use; slot `k` always goes to worker `k mod n`, so a slot's newer
//! request replaces its older one in the same worker. Where workers cannot start (no
//! `Worker`, or none answered within `SILENCE_MS`), the same `Jobs` run on the page in
//! slices between frames, and the page says so.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_worker::{Spawnable, WorkerBridge};

use crate::jobs::Jobs;
use crate::wire::{Reply, Request};
use crate::worker::{now_ms, yield_to_events, RunWorker, WireCodec};

/// Most workers, whatever the core count: the variants one comparison holds.
pub const MAX_WORKERS: usize = 6;
/// A worker that has not answered this long after its first request never will [ms].
const SILENCE_MS: u32 = 4_000;
/// Work per slice when runs are on the page [ms]: short, so that input stays responsive.
const PAGE_SLICE_MS: f64 = 12.0;

thread_local! {
    static WORKER_URL: RefCell<String> = RefCell::new("./autoscale-worker_loader.js".into());
}

/// Where the worker's loader shim is, relative to the page (tests load it from `dist/`).
pub fn set_worker_url(url: &str) {
    WORKER_URL.with(|u| *u.borrow_mut() = url.into());
}

enum Backend {
    /// The workers, and how many replies each has sent.
    Workers(Vec<(WorkerBridge<RunWorker>, Rc<Cell<u64>>)>),
    /// The runs on the page itself, and whether a loop is working on them.
    Page(Rc<RefCell<Jobs>>, Rc<Cell<bool>>),
}

struct Inner {
    backend: Option<Backend>,
    on_reply: Rc<dyn Fn(Reply)>,
    on_fallback: Rc<dyn Fn(String)>,
    /// Every slot's latest run request, to send again if the workers fail.
    latest: BTreeMap<u32, Request>,
}

/// The run workers. Cheap to clone; every clone is the same pool.
#[derive(Clone)]
pub struct Pool(Rc<RefCell<Inner>>);

fn cores() -> usize {
    web_sys::window().map_or(1, |w| w.navigator().hardware_concurrency() as usize).clamp(1, MAX_WORKERS)
}

impl Pool {
    /// A pool whose replies go to `on_reply`; `on_fallback` hears why runs moved to the page.
    pub fn new(on_reply: impl Fn(Reply) + 'static, on_fallback: impl Fn(String) + 'static) -> Pool {
        Pool(Rc::new(RefCell::new(Inner {
            backend: None,
            on_reply: Rc::new(on_reply),
            on_fallback: Rc::new(on_fallback),
            latest: BTreeMap::new(),
        })))
    }

    /// Sends a request: a `Run` replaces the slot's run, a `Cancel` drops it.
    pub fn send(&self, request: Request) {
        let slot = match &request {
            Request::Run { slot, .. } | Request::Cancel { slot } => *slot,
        };
        let answer = {
            let mut inner = self.0.borrow_mut();
            match &request {
                Request::Run { .. } => inner.latest.insert(slot, request.clone()),
                Request::Cancel { .. } => inner.latest.remove(&slot),
            };
            if inner.backend.is_none() {
                inner.backend = Some(self.spawn(&inner));
            }
            match inner.backend.as_ref().expect("just made") {
                Backend::Workers(workers) => {
                    let (bridge, replies) = &workers[slot as usize % workers.len()];
                    if matches!(request, Request::Run { .. }) {
                        self.watch(slot, &request, replies.clone());
                    }
                    bridge.send(request);
                    None
                }
                Backend::Page(jobs, working) => {
                    let answer = jobs.borrow_mut().receive(request);
                    page_loop(jobs.clone(), working.clone(), inner.on_reply.clone());
                    answer
                }
            }
        };
        if let Some(reply) = answer {
            let on_reply = self.0.borrow().on_reply.clone();
            on_reply(reply);
        }
    }

    fn spawn(&self, inner: &Inner) -> Backend {
        let has_worker = js_sys::Reflect::get(&js_sys::global(), &"Worker".into()).is_ok_and(|w| w.is_function());
        if !has_worker {
            (inner.on_fallback)("This browser has no Web Workers: runs are on the page and may slow it.".into());
            return page_backend();
        }
        let url = WORKER_URL.with(|u| u.borrow().clone());
        let workers = (0..cores())
            .map(|_| {
                let (replies, on_reply) = (Rc::new(Cell::new(0u64)), inner.on_reply.clone());
                let counter = replies.clone();
                let bridge = RunWorker::spawner()
                    .callback(move |reply| {
                        counter.set(counter.get() + 1);
                        on_reply(reply);
                    })
                    .encoding::<WireCodec>()
                    .spawn_with_loader(&url);
                (bridge, replies)
            })
            .collect();
        Backend::Workers(workers)
    }

    /// A worker answers every run within `SILENCE_MS` (progress comes every 50 ms while it
    /// works); one that does not, while the run is still wanted, failed to load or stopped,
    /// and the runs move to the page.
    fn watch(&self, slot: u32, request: &Request, replies: Rc<Cell<u64>>) {
        let (before, weak, request) = (replies.get(), Rc::downgrade(&self.0), request.clone());
        gloo_timers::callback::Timeout::new(SILENCE_MS, move || {
            let Some(inner) = weak.upgrade() else { return };
            let wanted = inner.borrow().latest.get(&slot) == Some(&request);
            if wanted && replies.get() == before {
                let url = WORKER_URL.with(|u| u.borrow().clone());
                let what = if before == 0 { "did not start" } else { "stopped answering" };
                Pool(inner).to_page(format!("The run worker ({url}) {what}: runs are on the page and may slow it."));
            }
        })
        .forget();
    }

    /// Moves every run to the page and sends the latest requests again.
    fn to_page(&self, why: String) {
        let (requests, on_fallback) = {
            let mut inner = self.0.borrow_mut();
            inner.backend = Some(page_backend());
            (inner.latest.values().cloned().collect::<Vec<_>>(), inner.on_fallback.clone())
        };
        on_fallback(why);
        for r in requests {
            self.send(r);
        }
    }
}

fn page_backend() -> Backend {
    Backend::Page(Rc::new(RefCell::new(Jobs::default())), Rc::new(Cell::new(false)))
}

/// Works on the page's runs in short slices, yielding to input and painting between them.
fn page_loop(jobs: Rc<RefCell<Jobs>>, working: Rc<Cell<bool>>, on_reply: Rc<dyn Fn(Reply)>) {
    if working.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        while jobs.borrow().is_busy() {
            yield_to_events().await;
            let reply = jobs.borrow_mut().work(PAGE_SLICE_MS, &now_ms);
            if let Some(reply) = reply {
                on_reply(reply);
            }
        }
        working.set(false);
    });
}
