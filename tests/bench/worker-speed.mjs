// The exact engine's speed in the page's run worker, for one or more release builds
// alternated in one sitting (machines are noisy: compare builds by their ratio, not by
// figures from different hours). A benchmark: prints figures.
// Usage: node tests/bench/worker-speed.mjs [rounds] dist-dir [other-dist-dir ...]
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB } from '../e2e/serve.mjs';

const rounds = Number(process.argv[2] ?? 3);
const dists = process.argv.slice(3).map((d) => path.resolve(d));
if (dists.length === 0) dists.push(path.resolve('dist'));
const scenario = { engine: 'exact', duration_s: 3600, traffic: { peak_users: 900 } };
const query = `?s=${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;
const servers = await Promise.all(dists.map((d) => serve(d, { gzip: true })));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const rates = dists.map(() => []);
try {
  for (let round = 1; round <= rounds; round++) {
    for (const [i, { origin }] of servers.entries()) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
      await page.goto(`${origin}${SUB}${query}`);
      await page.waitForFunction(() => /^\d+ messages simulated in/.test(document.getElementById('run-status')?.innerText ?? ''), null, { timeout: 120000 });
      const text = await page.locator('#run-status').innerText();
      const [, n, t, unit] = text.match(/^(\d+) messages simulated in ([\d.]+) (m?s)/);
      const msTaken = parseFloat(t) * (unit === 's' ? 1000 : 1);
      rates[i].push(n / msTaken / 1e3);
      console.log(`round ${round} ${path.basename(dists[i])}: ${n} messages in ${msTaken.toFixed(0)} ms = ${(n / msTaken / 1e3).toFixed(2)} M/s`);
      await page.close();
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [i, d] of dists.entries()) console.log(`median ${path.basename(d)}: ${median(rates[i]).toFixed(2)} M/s${i > 0 ? ` (x ${(median(rates[i]) / median(rates[0])).toFixed(2)} of ${path.basename(dists[0])})` : ''}`);
} finally {
  await browser.close();
  servers.forEach((s) => s.server.close());
}
