// CPU profile of the fleet chart's first draw on a phone under a 4x CPU slowdown: self and
// inclusive time by plotly.js function inside `Plotly.react`. A diagnostic: prints figures.
// Build with PLOTLY_UNMINIFIED=1 for names. Usage: node tests/bench/profile-draw.mjs [dist] [top]
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
  const keyOf = (n) => { const f = n.callFrame; return `${f.functionName || '(anonymous)'} ${(f.url.split('/').pop() || '')}:${f.lineNumber}`; };
  const isReact = (n) => n.callFrame.functionName === 'react' && n.callFrame.url.includes('plotly');
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
} finally {
  await browser.close();
  server.close();
}
