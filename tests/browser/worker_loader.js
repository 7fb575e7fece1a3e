// The run worker for the browser tests. wasm-bindgen's test runner wraps every worker in a
// blob: script (to forward its console), where trunk's loader shim cannot resolve its
// relative URLs; this one loads the release build's worker from dist/ by absolute URL.
importScripts(self.location.origin + "/dist/autoscale-worker.js");
wasm_bindgen({ module_or_path: self.location.origin + "/dist/autoscale-worker_bg.wasm" });
