// A Chromium trace of the release page while "Peak users" is moved by keyboard: for each
// press, the main thread's tasks from the key press to the fleet chart's redraw (what the
// browser did: script, style, layout, paint), and their totals. A diagnostic: prints figures.
// Usage: node tests/bench/trace-keys.mjs [dist] [presses] [--each]
import { openKeyPage, press as pressKey } from './key-page.mjs';

const presses = Number(process.argv[3] ?? 20);
const each = process.argv.includes('--each');
const { browser, page, peak, close } = await openKeyPage(process.argv[2]);
try {
  await page.waitForTimeout(500);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
  for (let i = 0; i < presses; i++) {
    await pressKey(page, peak, i);
    await page.waitForTimeout(200);
  }
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const ev = trace.traceEvents;
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && ev.some((x) => x.pid === e.pid && x.name === 'press'));
  const onMain = ev.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const workerTids = new Set(ev.filter((e) => e.name === 'thread_name' && e.pid === main.pid && /Worker/i.test(e.args?.name ?? '')).map((e) => e.tid));
  const onWorkers = ev.filter((e) => e.pid === main.pid && workerTids.has(e.tid) && e.ph === 'X' && e.dur > 0).sort((a, b) => a.ts - b.ts);
  const marks = (n) => onMain.filter((e) => e.name === n).map((e) => e.ts).sort((a, b) => a - b);
  const press = marks('press'), drawn = marks('drawn'), requested = marks('run-requested'), received = marks('run-received');
  const complete = onMain.filter((e) => e.ph === 'X' && e.dur > 0).sort((a, b) => a.ts - b.ts);
  // Interesting leaves: what the time went to, by name, within each press window.
  const kinds = ['EventDispatch', 'FunctionCall', 'TimerFire', 'RunMicrotasks', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'HitTest', 'ParseHTML', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'v8.callFunction', 'ResizeObserverCallback', 'IntersectionObserverController::computeIntersections', 'UpdateLayer', 'ScrollAnimator'];
  const total = new Map();
  const lat = [];
  for (let i = 0; i < press.length; i++) {
    const t0 = press[i], t1 = drawn.find((d) => d > t0);
    if (!t1) continue;
    lat.push((t1 - t0) / 1000);
    const req = requested.find((d) => d > t0), rec = received.find((d) => d > t0);
    const tasks = complete.filter((e) => e.name === 'RunTask' && e.ts + e.dur > t0 && e.ts < t1);
    const busy = tasks.reduce((a, e) => a + Math.min(e.ts + e.dur, t1) - Math.max(e.ts, t0), 0) / 1000;
    const per = new Map();
    for (const e of complete) {
      if (e.ts < t0 || e.ts > t1 || !kinds.includes(e.name)) continue;
      per.set(e.name, (per.get(e.name) ?? 0) + e.dur / 1000);
    }
    for (const [k, v] of per) total.set(k, (total.get(k) ?? 0) + v);
    if (each) {
      console.log(`press ${i}: ${((t1 - t0) / 1000).toFixed(1)} ms (requested +${((req - t0) / 1000).toFixed(1)}, received +${((rec - t0) / 1000).toFixed(1)}), main busy ${busy.toFixed(1)} ms in ${tasks.length} tasks`);
      for (const e of onWorkers.filter((w) => w.name === 'RunTask' && w.ts > t0 && w.ts < t1)) {
        const inside = onWorkers.filter((x) => x.tid === e.tid && x.ts >= e.ts && x.ts + x.dur <= e.ts + e.dur && x !== e && x.dur > 50);
        console.log(`  worker ${e.tid} +${((e.ts - t0) / 1000).toFixed(1).padStart(6)} ${(e.dur / 1000).toFixed(1).padStart(6)} ms  ${inside.slice(0, 4).map((x) => `${x.name}${x.args?.data?.type ? '(' + x.args.data.type + ')' : ''} ${(x.dur / 1000).toFixed(1)}`).join(', ')}`);
      }
      for (const e of tasks) {
        const inside = complete.filter((x) => x.ts >= e.ts && x.ts + x.dur <= e.ts + e.dur && kinds.includes(x.name) && x !== e);
        const top = inside.filter((x) => !inside.some((y) => y !== x && y.ts <= x.ts && y.ts + y.dur >= x.ts + x.dur && y.dur > x.dur));
        console.log(`  +${((e.ts - t0) / 1000).toFixed(1).padStart(6)} ${(e.dur / 1000).toFixed(1).padStart(6)} ms  ${top.map((x) => `${x.name}${x.args?.data?.type ? '(' + x.args.data.type + ')' : ''} ${(x.dur / 1000).toFixed(1)}`).join(', ')}`);
      }
    }
  }
  const n = lat.length;
  console.log(`${n} presses, key -> fleet chart drawn: median ${[...lat].sort((a, b) => a - b)[n >> 1].toFixed(1)} ms; per press (ms, nested events counted in each):`);
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1])) console.log(`${(v / n).toFixed(2).padStart(8)}  ${k}`);
} finally {
  await close();
}
