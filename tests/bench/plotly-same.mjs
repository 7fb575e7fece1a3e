import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB } from '../e2e/serve.mjs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const out = {};
for (const d of process.argv.slice(2)) {
  const { server, origin } = await serve(path.resolve(d), { gzip: true });
  const page = await browser.newPage({ viewport: { width: 1350, height: 940 } });
  const errs = []; page.on('pageerror', (e) => errs.push(String(e))); page.on('console', (m) => m.type() === 'error' && errs.push(m.text()));
  const shots = [];
  const enc = (o) => '?s=' + Buffer.from(JSON.stringify(o)).toString('base64url');
  const qs = ['', enc({ duration_s: 3600, traffic: { pattern: 'constant', base_users: 100, peak_users: 100, noise: 0.3 }, autoscaler: { policy: 'threshold', cooldown_s: 0, interval_s: 1, scale_up: 30, scale_down: 25 } }),
    enc({ duration_s: 600, traffic: { pattern: 'spike', base_users: 50, peak_users: 2000 }, service: { queue_limit: 5 }, autoscaler: { policy: 'threshold', max_servers: 6 } }),
    enc({ duration_s: 3600, traffic: { pattern: 'sine', base_users: 100, peak_users: 900 }, autoscaler: { policy: 'predictive', interval_s: 5 } })];
  for (const q of qs) {
    await page.goto(origin + SUB + q);
    await page.waitForFunction(() => document.getElementById('fleet-chart')?.getAttribute('data-drawn') >= '1', null, { timeout: 60000 });
    await page.waitForTimeout(1500);
    shots.push(await page.evaluate(() => [...document.querySelectorAll('.js-plotly-plot')].map((e) => e.id + ':' + e.innerHTML).join('\n')));
  }
  out[d] = shots; console.log(d, shots.map((s) => s.length), 'errors', errs);
  await page.close(); server.close();
}
const [a, b] = Object.values(out); const fs = await import('node:fs'); fs.writeFileSync('/tmp/a.html', a[0].replace(/></g, '>\n<')); fs.writeFileSync('/tmp/b.html', b[0].replace(/></g, '>\n<'));
const norm = (s) => { const ids = [...new Set([...s.matchAll(/(?:trace|defs-)([0-9a-f]{6})\b/g)].map((m) => m[1]))]; ids.forEach((id, k) => { s = s.split(id).join(`U${k}_`); }); return s; };
a.forEach((s, i) => console.log('figure set', i, norm(s) === norm(b[i]) ? 'identical (but for plotly uids)' : 'DIFFERENT'));
await browser.close();
