// CPU profile of the release page's load (until the charts are drawn): self time by
// function, heaviest first. A diagnostic: prints figures. Usage: node tests/bench/profile-load.mjs [dist] [top]
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB } from '../e2e/serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const top = Number(process.argv[3] ?? 30);
const { server, origin } = await serve(dist, { gzip: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1350, height: 940 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.goto(origin + SUB);
  await page.waitForFunction(() => document.getElementById('fleet-chart')?.data?.[0]?.y?.length > 0, null, { timeout: 60000 });
  await page.waitForTimeout(1000);
  const { profile } = await cdp.send('Profiler.stop');
  console.log(`load -> charts + 1 s: ${Date.now() - t0} ms`);
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const self = new Map(), incl = new Map(), parent = new Map(), byId = new Map();
  const keyOf = (n) => { const f = n.callFrame; return `${f.functionName || '(anonymous)'} ${(f.url.split('/').pop() || '')}:${f.lineNumber}`; };
  for (const n of profile.nodes) { byId.set(n.id, n); for (const c of n.children ?? []) parent.set(c, n.id); }
  for (const n of profile.nodes) {
    const key = keyOf(n);
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
  }
  // Inclusive time of the page's own functions (a build with names: see README).
  for (const [id, t] of dt) {
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) seen.add(keyOf(byId.get(p)));
    for (const k of seen) incl.set(k, (incl.get(k) ?? 0) + t);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`sampled ${total.toFixed(0)} ms`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
  // MAIN_TREE=1: the heaviest children under the app's mount (`main`), two levels deep.
  if (process.env.MAIN_TREE) {
    const total = (n) => (dt.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + total(byId.get(c)), 0);
    const show = (n, depth, max) => {
      if (depth > max) return;
      const kids = (n.children ?? []).map((c) => byId.get(c)).map((c) => [c, total(c)]).sort((a, b) => b[1] - a[1]).slice(0, 6);
      for (const [c, t] of kids) if (t > 2) { console.log(`${'  '.repeat(depth)}${t.toFixed(1)} ms ${keyOf(c).slice(0, 140)}`); show(c, depth + 1, max); }
    };
    for (const n of profile.nodes.filter((n) => n.callFrame.functionName.startsWith('autoscale_lab::main'))) show(n, 0, Number(process.env.MAIN_TREE));
  }
  console.log('inclusive, the page\'s own functions:');
  for (const [k, v] of [...incl].filter(([k]) => k.includes('autoscale_lab')).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await browser.close();
  server.close();
}
