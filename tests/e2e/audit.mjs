// Accessibility and quality audit of the release build (Debian's Chromium, offline):
// axe-core in the light, dark, phone, compare, embed and error states must find no
// violation; Lighthouse (desktop and mobile, dist/ served with gzip) must score 100 for
// accessibility and best practices and at least 95 for SEO. Performance is printed, a
// benchmark and not a pass/fail check (machines are shared and noisy).
// Usage: node tests/e2e/audit.mjs [dist-dir]   (prints the scores and "N passed, M failed")
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve, SUB, settled } from './serve.mjs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const require = createRequire(import.meta.url);
const dist = path.resolve(process.argv[2] ?? 'dist');
// As a documentation site would: under a sub-path, gzip, cached assets.
const { server, origin } = await serve(dist, { gzip: true, pages: { '/robots.txt': ['text/plain', 'User-agent: *\nAllow: /\n'] } });

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name} ${detail}`); }
}

const chromePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

// axe-core in each state.
const browser = await chromium.launch({ executablePath: chromePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
async function axe(name, { viewport = { width: 1360, height: 1000 }, scheme = 'light', query = '', prepare } = {}) {
  const page = await browser.newPage({ viewport, colorScheme: scheme });
  try {
    await page.goto(origin + SUB + query);
    await settled(page);
    if (prepare) await prepare(page);
    await page.waitForTimeout(400);
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`));
    check(`axe-core, ${name}: no violation`, found.length === 0, found.join(' | '));
  } catch (e) {
    check(`axe-core, ${name}`, false, e.message);
  } finally {
    await page.close();
  }
}
try {
  await axe('light');
  await axe('dark', { scheme: 'dark' });
  await axe('phone', { viewport: { width: 390, height: 844 } });
  await axe('compare', { prepare: async (p) => { await p.click('#duplicate-variant'); await p.selectOption('#ctl-autoscaler-policy', 'target_tracking'); await p.waitForSelector('#compare-table'); await settled(p); } });
  await axe('embed', { viewport: { width: 700, height: 760 }, query: '?embed=1&controls=traffic.peak_users,autoscaler.policy' });
  await axe('error', { prepare: async (p) => {
    await p.fill('#ctl-autoscaler-min_servers-value', '9'); await p.locator('#ctl-autoscaler-min_servers-value').press('Enter');
    await p.fill('#ctl-autoscaler-max_servers-value', '3'); await p.locator('#ctl-autoscaler-max_servers-value').press('Enter');
    await p.waitForSelector('#scenario-error');
  } });
  await axe('dark compare on a phone', { viewport: { width: 390, height: 844 }, scheme: 'dark', prepare: async (p) => { await p.click('#duplicate-variant'); await p.waitForSelector('#compare-table'); await settled(p); } });
} finally {
  await browser.close();
}

// Lighthouse, desktop and mobile.
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
try {
  for (const formFactor of ['desktop', 'mobile']) {
    const config = formFactor === 'desktop'
      ? { extends: 'lighthouse:default', settings: { formFactor: 'desktop', screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttling: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1 } } }
      : { extends: 'lighthouse:default' };
    const result = await lighthouse(origin + SUB, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] }, config);
    const c = result.lhr.categories;
    const score = (k) => Math.round((c[k]?.score ?? 0) * 100);
    const failing = (k) => c[k].auditRefs.map((r) => result.lhr.audits[r.id]).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id).join(', ');
    console.log(`lighthouse ${formFactor}: performance ${score('performance')}, accessibility ${score('accessibility')}, best practices ${score('best-practices')}, SEO ${score('seo')}`
      + ` (FCP ${result.lhr.audits['first-contentful-paint'].displayValue}, LCP ${result.lhr.audits['largest-contentful-paint'].displayValue}, TBT ${result.lhr.audits['total-blocking-time'].displayValue})`);
    check(`lighthouse ${formFactor}: accessibility 100`, score('accessibility') === 100, failing('accessibility'));
    check(`lighthouse ${formFactor}: best practices 100`, score('best-practices') === 100, failing('best-practices'));
    check(`lighthouse ${formFactor}: SEO at least 95`, score('seo') >= 95, failing('seo'));
  }
} finally {
  await chrome.kill();
  server.close();
}
console.log(`audit: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
