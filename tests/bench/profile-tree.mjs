// A top-down CPU profile of the release page's load on a phone under a 4x CPU slowdown,
// until the fleet chart is drawn: each call with its inclusive time, the wasm-bindgen glue
// folded away. A diagnostic: prints figures. Names need a build with them (see README,
// "The page's responsiveness"). Usage: [MIN=ms] [DEPTH=n] node tests/bench/profile-tree.mjs DIST
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB } from '../e2e/serve.mjs';
const { server, origin } = await serve(path.resolve(process.argv[2]), { gzip: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
await cdp.send('Profiler.start');
await page.goto(origin + SUB);
await page.waitForFunction(() => document.getElementById('fleet-chart')?.getAttribute('data-drawn') === '1', null, { timeout: 60000 });
const { profile } = await cdp.send('Profiler.stop');
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
const byId = new Map(); for (const n of profile.nodes) byId.set(n.id, n);
const total = (n) => (n._t ??= (dt.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + total(byId.get(c)), 0));
const name = (n) => { const f = n.callFrame; return `${(f.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '')} ${f.url.split('/').pop()}`.slice(0, 150); };
const min = Number(process.env.MIN ?? 15), maxDepth = Number(process.env.DEPTH ?? 30);
const show = (n, depth) => {
  const kids = (n.children ?? []).map((c) => byId.get(c)).filter((c) => total(c) >= min).sort((a, b) => total(b) - total(a));
  // collapse single-child glue chains
  for (const c of kids) {
    const nm = name(c);
    const glue = /wasm-to-js|js-to-wasm|__wbg|closure|invoke|real |handleError|wasm-function/.test(nm);
    if (!glue || depth < 1) console.log(`${'  '.repeat(depth)}${total(c).toFixed(0)} ms ${nm}`);
    if (depth < maxDepth) show(c, glue ? depth : depth + 1);
  }
};
show(byId.get(profile.nodes[0].id), 0);
await browser.close(); server.close();
