// What the page's load does on the main thread, task by task, under a CPU slowdown (as
// Lighthouse's mobile run applies): each long task with its start, and each plotly.js
// call timed. A diagnostic: prints figures. Usage: node tests/bench/load-tasks.mjs [dist] [slowdown]
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB } from '../e2e/serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const slowdown = Number(process.argv[3] ?? 4);
const { server, origin } = await serve(dist, { gzip: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  await page.addInitScript(() => {
    window.__tasks = [];
    window.__calls = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
    let wrapped = false;
    const wrap = () => {
      if (wrapped || !window.Plotly) return;
      wrapped = true;
      for (const name of ['react', 'newPlot']) {
        const f = window.Plotly[name];
        window.Plotly[name] = function (el, ...rest) {
          const t0 = performance.now();
          const r = f.call(this, el, ...rest);
          window.__calls.push([name, el.id, Math.round(t0), Math.round(performance.now() - t0)]);
          return r;
        };
      }
    };
    const timer = setInterval(() => { wrap(); if (wrapped) clearInterval(timer); }, 1);
  });
  await page.goto(origin + SUB);
  // The spread chart is drawn once it is near the viewport: scrolled to, after the fleet chart.
  await page.waitForFunction(() => document.getElementById('fleet-chart')?.dataset.drawn === '1', null, { timeout: 60000 });
  await page.waitForTimeout(1000);
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} @${Math.round(m.startTime)}`).join(', '));
  await page.evaluate(() => document.getElementById('spread-chart').scrollIntoView());
  await page.waitForFunction(() => document.getElementById('spread-chart')?.dataset.drawn === '1', null, { timeout: 60000 });
  await page.waitForTimeout(2000);
  const r = await page.evaluate(() => ({ tasks: window.__tasks, calls: window.__calls, plotly: performance.getEntriesByType('resource').filter((e) => e.name.includes('plotly')).map((e) => Math.round(e.responseEnd)) }));
  console.log(`CPU slowdown ${slowdown}x; plotly.js fetched by ${r.plotly.join(', ')} ms`);
  console.log(`long tasks [start, ms]: ${r.tasks.map(([s, d]) => `@${s} ${d}`).join('; ')}`);
  console.log(`blocking (sum of task - 50 ms): ${r.tasks.reduce((a, [, d]) => a + Math.max(0, d - 50), 0)} ms`);
  console.log(`marks: ${marks}`);
  console.log(`plotly calls: ${r.calls.map(([n, id, s, d]) => `${n} ${id} @${s} ${d} ms (sync part)`).join('; ')}`);
} finally {
  await browser.close();
  server.close();
}
