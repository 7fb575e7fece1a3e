// README's screenshots, from the release build: the desktop fold after a change, a phone
// moving a slider, README's own iframe at 700 x 760, and a comparison.
// Usage: node tests/e2e/screenshots.mjs [dist-dir]   (writes docs/*.png)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, SUB, settled } from './serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const snippet = fs.readFileSync('README.md', 'utf8').match(/<iframe[^>]*><\/iframe>/)[0];
const { server, origin } = await serve(dist, { pages: { '/host.html': ['text/html', `<!doctype html><body style="margin:0">${snippet}</body>`] } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await desk.goto(origin + SUB);
  await settled(desk);
  await desk.fill('#ctl-traffic-peak_users-value', '174');
  await desk.locator('#ctl-traffic-peak_users-value').press('Enter');
  await desk.waitForFunction(() => /since the last change/i.test(document.querySelector('.headline')?.innerText ?? ''), null, { timeout: 30000 }).catch(() => {});
  await settled(desk);
  await desk.locator('#ctl-traffic-peak_users-value').blur();
  await desk.waitForTimeout(500);
  await desk.screenshot({ path: 'docs/screenshot.png' });

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await phone.goto(origin + SUB);
  await settled(phone);
  const slider = phone.locator('#ctl-autoscaler-max_servers');
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  await slider.press('ArrowLeft');
  await settled(phone);
  await phone.waitForTimeout(500);
  await phone.screenshot({ path: 'docs/phone.png' });

  const host = await browser.newPage({ viewport: { width: 700, height: 760 } });
  await host.goto(`${origin}/host.html`);
  const frame = await (await host.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => document.getElementById('fleet-chart')?.data?.length > 0, null, { timeout: 30000 });
  await host.waitForTimeout(2500);
  await host.screenshot({ path: 'docs/embed.png' });

  await desk.goto(origin + SUB);
  await settled(desk);
  await desk.evaluate(() => { const d = document.getElementById('preset-flash_crowd').closest('details'); d.open = true; });
  await desk.click('#preset-flash_crowd');
  await settled(desk);
  await desk.click('#duplicate-variant');
  await desk.selectOption('#ctl-autoscaler-policy', 'predictive');
  await desk.fill('#variant-name', 'predictive');
  await desk.locator('#variant-name').blur();
  await desk.waitForFunction(() => (document.getElementById('compare-table')?.innerText ?? '').includes('predictive'), null, { timeout: 30000 });
  await settled(desk);
  // The spread chart is drawn only near the viewport (src/chart.rs, `lazy`): scroll to it
  // first, so that the full-page picture has it.
  await desk.locator('#spread-chart').scrollIntoViewIfNeeded();
  await desk.waitForFunction(() => Number(document.getElementById('spread-chart')?.getAttribute('data-drawn') ?? 0) > 0, null, { timeout: 30000 });
  await desk.evaluate(() => window.scrollTo(0, 0));
  await desk.waitForTimeout(500);
  await desk.screenshot({ path: 'docs/compare.png', fullPage: true });
  console.log('docs/screenshot.png, docs/phone.png, docs/embed.png, docs/compare.png written');
} finally {
  await browser.close();
  server.close();
}
