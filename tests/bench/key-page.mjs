// The page the key-press diagnostics drive (profile-keys.mjs, trace-keys.mjs): the release
// build served with gzip under the sub-path, opened at 1360 x 1000 with its first chart
// drawn, its fleet chart's draws counted in `window.draws` (and marked `drawn`), and the
// "Peak users" slider focused. `press(page, peak, i)` presses a key and waits for the redraw.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB } from '../e2e/serve.mjs';

export async function openKeyPage(dist) {
  const { server, origin } = await serve(path.resolve(dist ?? 'dist'), { gzip: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  await page.goto(origin + SUB);
  await page.waitForFunction(() => document.getElementById('fleet-chart')?.data?.[0]?.y?.length > 0, null, { timeout: 60000 });
  await page.evaluate(() => {
    window.draws = 0;
    new MutationObserver(() => { window.draws++; performance.mark('drawn'); }).observe(document.getElementById('fleet-chart'), { attributes: true, attributeFilter: ['data-drawn'] });
  });
  const peak = page.locator('#ctl-traffic-peak_users');
  await peak.focus();
  const close = async () => { await browser.close(); server.close(); };
  return { browser, page, peak, close };
}

// Press `i`: right and left in turn, waited for until the fleet chart shows the new run.
export async function press(page, peak, i) {
  const before = await page.evaluate(() => window.draws);
  await page.evaluate(() => performance.mark('press'));
  await peak.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
  await page.waitForFunction((n) => window.draws > n && !!document.querySelector('.runs[data-current=true]'), before);
}
