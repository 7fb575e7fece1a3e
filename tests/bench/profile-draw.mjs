// CPU profile of the page's load on a phone under a 4x CPU slowdown, until the fleet chart's
// first draw: self and inclusive time by plotly.js function inside `Plotly.react`, or with
// TREE=1 the whole load as a call tree (each call's inclusive time, wasm-bindgen's glue
// folded away; MIN=ms and DEPTH=n prune it). A diagnostic: prints figures. Build with
// PLOTLY_UNMINIFIED=1 for plotly's names, and keep the page's (README, "The page's
// responsiveness"). Usage: [TREE=1] node tests/bench/profile-draw.mjs [dist] [top]
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB } from '../e2e/serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const top = Number(process.argv[3] ?? 40);
const { server, origin } = await serve(dist, { gzip: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.SLOWDOWN ?? 4) });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.goto(origin + SUB);
  await page.waitForFunction(() => document.getElementById('fleet-chart')?.getAttribute('data-drawn') === '1', null, { timeout: 60000 });
  const { profile } = await cdp.send('Profiler.stop');
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const byId = new Map(), parent = new Map();
  for (const n of profile.nodes) { byId.set(n.id, n); for (const c of n.children ?? []) parent.set(c, n.id); }
  if (process.env.TREE) {
    const total = (n) => (n._t ??= (dt.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + total(byId.get(c)), 0));
    const name = (n) => `${(n.callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '')} ${n.callFrame.url.split('/').pop()}`.slice(0, 150);
    const min = Number(process.env.MIN ?? 15), maxDepth = Number(process.env.DEPTH ?? 30);
    const show = (n, depth) => {
      for (const c of (n.children ?? []).map((c) => byId.get(c)).filter((c) => total(c) >= min).sort((a, b) => total(b) - total(a))) {
        const glue = /wasm-to-js|js-to-wasm|__wbg|closure|invoke|real |handleError|wasm-function/.test(name(c));
        if (!glue || depth < 1) console.log(`${'  '.repeat(depth)}${total(c).toFixed(0)} ms ${name(c)}`);
        if (depth < maxDepth) show(c, glue ? depth : depth + 1);
      }
    };
    show(byId.get(profile.nodes[0].id), 0);
  } else {
  const keyOf = (n) => { const f = n.callFrame; return `${f.functionName || '(anonymous)'} ${(f.url.split('/').pop() || '')}:${f.lineNumber}`; };
  // The draw's steps after a yield (scripts/plotly-lab.js) run from plotly's syncOrAsync.
  const isReact = (n) => ['react', 'syncOrAsync', 'lib.syncOrAsync', 'Lib.syncOrAsync'].includes(n.callFrame.functionName) && n.callFrame.url.includes('plotly');
  const self = new Map(), incl = new Map();
  let inReact = 0;
  for (const [id, t] of dt) {
    const chain = [];
    for (let p = id; p !== undefined; p = parent.get(p)) chain.push(byId.get(p));
    if (!chain.some(isReact)) continue;
    inReact += t;
    self.set(keyOf(chain[0]), (self.get(keyOf(chain[0])) ?? 0) + t);
    for (const k of new Set(chain.map(keyOf))) incl.set(k, (incl.get(k) ?? 0) + t);
  }
  console.log(`inside Plotly.react: ${inReact.toFixed(0)} ms sampled`);
  console.log('self:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
  console.log('inclusive:');
  for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
  }
} finally {
  await browser.close();
  server.close();
}
