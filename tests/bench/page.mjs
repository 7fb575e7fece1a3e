// Responsiveness benchmarks of the release build in headless Chromium (playwright-core,
// the system's Chromium). Prints figures; asserts nothing (machines are shared and noisy).
// Usage: [ONLY=1,2] node tests/bench/page.mjs [dist-dir]   (scripts/bench-page.sh builds dist first)
//
// 1. Default scenario, "Peak users" moved by keyboard 50 times: keydown -> fleet chart redrawn.
// 2. A 2-million-message scenario while dragging: longest main-thread task, and the time from
//    the last key press to the latest scenario's charts against the run's own time.
// 3. A 3.6-million-message run with 36,000 intervals: progress visible, main-thread answers
//    during the run, longest task; JS heap and wasm memory over five reruns.
// 4. Compare mode with 4 variants: a shared change, longest task.
// 5. The exact engine in a worker against the native binary on the same scenario.
// 6. The fluid engine on a day of production traffic (2.6 billion messages, 86,400
//    intervals) in the page: the worker's time, load -> charts drawn, longest main-thread
//    task, against the native binary.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { settled as settledBy } from '../e2e/serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  let file = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html');
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}/`;
const link = (scenario) => `${origin}?s=${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
// ONLY=1,3 runs those parts alone.
const want = (n) => !process.env.ONLY || process.env.ONLY.split(',').includes(String(n));
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };
const ms = (x) => `${x.toFixed(0)} ms`;

// In the page: long tasks, and the time of every fleet-chart draw.
const instrument = () => {
  window.bench = { long: [], draws: [] };
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.bench.long.push({ at: e.startTime, ms: e.duration })))
    .observe({ type: 'longtask', buffered: false });
  const chart = document.getElementById('fleet-chart');
  new MutationObserver(() => window.bench.draws.push(performance.now())).observe(chart, { attributes: true, attributeFilter: ['data-drawn'] });
};
const settled = (page, timeout = 120000) => settledBy(page, timeout);
async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  await page.goto(url, { waitUntil: 'load' });
  await settled(page);
  await page.evaluate(instrument);
  return page;
}
const longest = (page, since) => page.evaluate((since) => Math.max(0, ...window.bench.long.filter((l) => l.at >= since).map((l) => l.ms)), since);
const status = async (page) => page.locator('#run-status').innerText();
// After an input: waits until the charts show the new scenario and have stopped redrawing
// (in compare mode each variant's run redraws them); the time of the last draw.
async function redrawn(page, drawsBefore) {
  await page.waitForFunction((n) => window.bench.draws.length > n && !!document.querySelector('.runs[data-current=true]'), drawsBefore, { timeout: 120000 });
  for (;;) {
    const n = await page.evaluate(() => window.bench.draws.length);
    await page.waitForTimeout(300);
    if (await page.evaluate((n) => window.bench.draws.length === n && !!document.querySelector('.runs[data-current=true]'), n)) break;
  }
  return page.evaluate(() => window.bench.draws[window.bench.draws.length - 1]);
}
const draws = (page) => page.evaluate(() => window.bench.draws.length);

try {
  // 1. Default scenario, 50 key presses, each waited for. The press is timed from the
  // keydown event's own time stamp (what a person's key press is); playwright's own work
  // before it (finding the element, sending the key) is printed apart.
  if (want(1)) {
    const page = await open(origin);
    await page.evaluate(() => document.addEventListener('keydown', (e) => { window.bench.keydown = e.timeStamp; }, { capture: true }));
    const peak = page.locator('#ctl-traffic-peak_users');
    await peak.focus();
    const lat = [], parts = [];
    for (let i = 0; i < 50; i++) {
      const key = i < 25 ? 'ArrowRight' : 'ArrowLeft';
      const before = await page.evaluate(() => window.bench.draws.length);
      await page.evaluate(() => { window.bench.pressed = performance.now(); });
      await peak.press(key);
      await page.waitForFunction((n) => window.bench.draws.length > n && !!document.querySelector('.runs[data-current=true]'), before);
      lat.push(await page.evaluate(() => window.bench.draws[window.bench.draws.length - 1] - window.bench.keydown));
      parts.push(await page.evaluate(() => {
        const last = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
        const { pressed, keydown, draws } = window.bench;
        const part = [keydown - pressed, last('run-requested') - keydown, last('run-received') - last('run-requested'),
          last('draw-start:fleet-chart') - last('run-received'), last('draw-end:fleet-chart') - last('draw-start:fleet-chart'), draws.at(-1) - last('run-received')];
        performance.clearMarks();
        return part;
      }));
    }
    const med = (k, p = 50) => pct(parts.map((x) => x[k]), p);
    console.log(`1. default scenario, 50 key presses (keydown) -> fleet chart redrawn: p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))} (${await status(page)})`);
    console.log(`   medians: keydown -> run requested ${ms(med(1))}, requested -> report received ${ms(med(2))}, received -> fleet chart drawn ${ms(med(5))} (page ${ms(med(3))}, Plotly.react ${ms(med(4))}); playwright before the keydown ${ms(med(0))}`);
    console.log(`   95th percentiles: keydown -> run requested ${ms(med(1, 95))}, requested -> report received ${ms(med(2, 95))}, received -> fleet chart drawn ${ms(med(5, 95))} (page ${ms(med(3, 95))}, Plotly.react ${ms(med(4, 95))})`);
    await page.close();
  }

  // 2. About 2 million messages; 20 presses 40 ms apart, as a drag.
  if (want(2)) {
    const page = await open(link({ engine: 'exact', duration_s: 3600, traffic: { peak_users: 480 } }));
    const own = await status(page);
    const peak = page.locator('#ctl-traffic-peak_users');
    await peak.focus();
    const t0 = await page.evaluate(() => performance.now());
    let last = 0;
    for (let i = 0; i < 20; i++) {
      await peak.press('ArrowRight');
      last = await page.evaluate(() => performance.now());
      await page.waitForTimeout(40);
    }
    await settled(page);
    const drawn = await page.evaluate(() => window.bench.draws[window.bench.draws.length - 1]);
    const runMs = parseFloat((await status(page)).match(/in ([\d.]+) (m?s)/).slice(1).join(' ').replace(/ ms$/, '').replace(/ s$/, 'e3'));
    const runText = await status(page);
    console.log(`2. ~2 M messages, 20 presses 40 ms apart: longest main-thread task ${ms(await longest(page, t0))}; last press -> latest charts ${ms(drawn - last)}; the run itself: ${runText} (first: ${own}); margin ${ms(drawn - last - runMs)}`);
    await page.close();
  }

  // 3. 3.6 million messages, 36,000 intervals: one step below, then a key press starts it.
  if (want(3)) {
    const page = await open(link({ engine: 'exact', duration_s: 3600, traffic: { peak_users: 1395 }, autoscaler: { interval_s: 0.1 } }));
    const mem = async () => page.evaluate(() => { if (window.gc) window.gc(); return { heap: performance.memory.usedJSHeapSize, wasm: window.wasmBindings.memory_bytes(), nodes: document.getElementsByTagName('*').length }; });
    const peak = page.locator('#ctl-traffic-peak_users');
    await peak.focus();
    const t0 = await page.evaluate(() => performance.now());
    await peak.press('ArrowRight');
    const seen = await page.waitForFunction(() => { const p = document.getElementById('run-progress'); return p && getComputedStyle(p).opacity > 0.5 && performance.now(); }, null, { polling: 'raf' }).then((h) => h.jsonValue());
    // The main thread during the run: scroll, click, and how long a round trip takes.
    const answers = [];
    while (await page.locator('#run-progress').count() > 0) {
      const a = Date.now();
      await page.mouse.wheel(0, 200);
      await page.click('#ctl-traffic-peak_users-help', { trial: true }).catch(() => {});
      await page.evaluate(() => 1);
      answers.push(Date.now() - a);
      await page.waitForTimeout(50);
    }
    await settled(page);
    const m = await mem();
    console.log(`3. 3.6 M messages, 36,000 intervals: progress visible after ${ms(seen - t0)}; ${answers.length} scroll+click round trips during the run, slowest ${ms(Math.max(...answers))}; longest main-thread task ${ms(await longest(page, t0))}; ${await status(page)}`);
    console.log(`   memory after the run: JS heap ${(m.heap / 2 ** 20).toFixed(1)} MiB, page wasm ${(m.wasm / 2 ** 20).toFixed(1)} MiB, ${m.nodes} DOM elements`);
    const heaps = [];
    for (let i = 0; i < 5; i++) {
      const n = await draws(page);
      await peak.press(i % 2 ? 'ArrowRight' : 'ArrowLeft');
      await redrawn(page, n);
      const r = await mem();
      heaps.push(`${(r.heap / 2 ** 20).toFixed(1)}/${(r.wasm / 2 ** 20).toFixed(1)}`);
    }
    console.log(`   five reruns, JS heap / page wasm [MiB]: ${heaps.join(', ')}`);
    await page.close();
  }

  // 4. Compare mode, 4 variants, one shared change.
  if (want(4)) {
    const page = await open(link({ duration_s: 600, traffic: { peak_users: 300 } }));
    for (let i = 0; i < 3; i++) await page.click('#duplicate-variant');
    await settled(page);
    const groups = await page.evaluate(() => new Set(document.getElementById('fleet-chart').data.map((t) => t.legendgroup).filter(Boolean)).size);
    const peak = page.locator('#ctl-traffic-peak_users');
    await peak.focus();
    const n = await draws(page);
    const t0 = await page.evaluate(() => performance.now());
    await peak.press('ArrowRight');
    const t1 = await redrawn(page, n);
    console.log(`4. compare, ${groups} variants, one shared change: longest main-thread task ${ms(await longest(page, t0))}; change -> all redrawn ${ms(t1 - t0)}`);
    await page.close();
  }

  // 5. Engine speed: a worker in the page against the native binary, same scenario.
  if (want(5)) {
    const scenario = { engine: 'exact', duration_s: 3600, traffic: { peak_users: 900 } };
    const page = await open(link(scenario));
    const text = await status(page);
    const [, n, t, unit] = text.match(/^(\d+) messages simulated in ([\d.]+) (m?s)/);
    const pageMs = parseFloat(t) * (unit === 's' ? 1000 : 1);
    await page.close();
    const file = path.join(fs.mkdtempSync('/tmp/bench-'), 's.json');
    fs.writeFileSync(file, JSON.stringify(scenario));
    const bin = path.resolve('target/release/autoscale-sim');
    spawnSync('cargo', ['build', '--release', '-q', '-p', 'autoscale-sim'], { stdio: 'inherit' });
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const a = process.hrtime.bigint();
      spawnSync(bin, ['--scenario', file], { encoding: 'utf8' });
      best = Math.min(best, Number(process.hrtime.bigint() - a) / 1e6);
    }
    console.log(`5. ${n} messages: worker ${ms(pageMs)} (${(n / pageMs / 1e3).toFixed(1)} M/s), native ${ms(best)} (${(n / best / 1e3).toFixed(1)} M/s, process included); worker / native = ${(pageMs / best).toFixed(2)}`);
  }

  // 6. A day of production traffic, fluid engine, in the worker and natively.
  if (want(6)) {
    const scenario = { duration_s: 86400, traffic: { pattern: 'sine', base_users: 10000, peak_users: 50000, msg_rate: 1, period_s: 86400 },
      service: { workers: 8, startup_s: 30 },
      autoscaler: { policy: 'target_tracking', metric: 'utilization', target: 70, interval_s: 1, min_servers: 2, max_servers: 10000, initial_servers: 200 } };
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    await page.goto(origin, { waitUntil: 'load' });
    await settled(page);
    await page.evaluate((url) => { history.replaceState(null, '', url); }, link(scenario));
    await page.reload({ waitUntil: 'load' });
    const loaded = Date.now();
    await page.waitForFunction(() => document.getElementById('run-status')?.dataset.engine === 'fluid'
      && !!document.querySelector('.runs[data-current=true]') && document.getElementById('fleet-chart')?.data?.[0]?.y?.length > 0, null, { timeout: 120000 });
    const toCharts = Date.now() - loaded;
    // Long tasks since the page loaded (the browser keeps them for a buffered observer).
    const longTask = await page.evaluate(() => new Promise((ok) => {
      new PerformanceObserver((l) => ok(Math.max(0, ...l.getEntries().map((e) => e.duration)))).observe({ type: 'longtask', buffered: true });
      setTimeout(() => ok(0), 500);
    }));
    const text = await status(page);
    const [, n, t, unit] = text.match(/^(\d+) messages answered by the fluid engine in ([\d.]+) (m?s)/);
    const workerMs = parseFloat(t) * (unit === 's' ? 1000 : 1);
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
    await page.close();
    const file = path.join(fs.mkdtempSync('/tmp/bench-'), 'day.json');
    fs.writeFileSync(file, JSON.stringify(scenario));
    const bin = path.resolve('target/release/autoscale-sim');
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const a = process.hrtime.bigint();
      spawnSync(bin, ['--scenario', file], { encoding: 'utf8' });
      best = Math.min(best, Number(process.hrtime.bigint() - a) / 1e6);
    }
    console.log(`6. fluid day, ${(n / 1e9).toFixed(2)} billion messages, 86,400 intervals: worker ${ms(workerMs)}, page load -> charts ${ms(toCharts)}, longest main-thread task ${ms(longTask)}, JS heap ${(heap / 2 ** 20).toFixed(1)} MiB; native ${ms(best)} (process included); worker / native = ${(workerMs / best).toFixed(2)}`);
  }
} finally {
  await browser.close();
  server.close();
}
