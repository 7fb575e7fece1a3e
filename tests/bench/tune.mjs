// Tune in the page, timed: the flash-crowd and Azure-trace presets under target tracking
// and threshold, budget 200, against the release build in Debian's Chromium.
// Usage: node tests/bench/tune.mjs [dist-dir]   (prints one line per case)
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB, settled as settledBy } from '../e2e/serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const { server, origin } = await serve(dist);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const settled = (page, timeout = 60000) => settledBy(page, timeout);
try {
  for (const preset of ['flash_crowd', 'azure_trace']) {
    for (const policy of ['target_tracking', 'threshold']) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
      await page.goto(origin + SUB);
      await settled(page);
      await page.evaluate((id) => { document.getElementById(`preset-${id}`).closest('details').open = true; }, preset);
      await page.click(`#preset-${preset}`);
      await settled(page);
      await page.selectOption('#ctl-autoscaler-policy', policy);
      await settled(page);
      await page.selectOption('#tune-budget', '200');
      const t0 = Date.now();
      let slowest = 0;
      await page.click('#tune-start');
      while (!(await page.locator('#tune-result').count()) && Date.now() - t0 < 300000) {
        const a = Date.now();
        await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
        slowest = Math.max(slowest, Date.now() - a);
        await page.waitForTimeout(50);
      }
      const took = Date.now() - t0;
      console.log(`${preset}, ${policy}: ${took} ms, slowest frame ${slowest} ms; ${await page.locator('#tune-result').innerText()}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
