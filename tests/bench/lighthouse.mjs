// Lighthouse performance of the release build, with what makes it: the metrics, the
// main thread's work by kind and by script, and the long tasks (desktop and mobile, dist/
// served with gzip under the sub-path, as audit.mjs does). A benchmark: prints figures.
// Usage: node tests/bench/lighthouse.mjs [dist-dir] [runs]
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serve, SUB } from '../e2e/serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 1);
const { server, origin } = await serve(dist, { gzip: true });
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
const desktop = { extends: 'lighthouse:default', settings: { onlyCategories: ['performance'], formFactor: 'desktop', screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttling: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1 } } };
const mobile = { extends: 'lighthouse:default', settings: { onlyCategories: ['performance'] } };
try {
  for (let run = 1; run <= runs; run++) {
    for (const [name, config] of [['desktop', desktop], ['mobile', mobile]]) {
      const { lhr } = await lighthouse(origin + SUB, { port: chrome.port, output: 'json', logLevel: 'error' }, config);
      const a = lhr.audits;
      const ms = (id) => Math.round(a[id].numericValue);
      console.log(`${name} run ${run}: performance ${Math.round(lhr.categories.performance.score * 100)}`
        + ` FCP ${ms('first-contentful-paint')} ms, LCP ${ms('largest-contentful-paint')} ms, TBT ${ms('total-blocking-time')} ms,`
        + ` SI ${ms('speed-index')} ms, CLS ${a['cumulative-layout-shift'].numericValue.toFixed(3)}`);
      const kinds = (a['mainthread-work-breakdown'].details?.items ?? []).map((i) => `${i.groupLabel} ${Math.round(i.duration)}`);
      console.log(`  main thread (ms): ${kinds.join(', ')}`);
      const scripts = (a['bootup-time'].details?.items ?? []).map((i) => `${i.url.split('/').pop() || i.url} ${Math.round(i.total)} (eval ${Math.round(i.scripting)}, parse ${Math.round(i.scriptParseCompile)})`);
      console.log(`  scripts (ms): ${scripts.join('; ')}`);
      const tasks = (a['long-tasks'].details?.items ?? []).map((i) => `${(i.url ?? '').split('/').pop() || '?'} @${Math.round(i.startTime)} ${Math.round(i.duration)}`);
      console.log(`  long tasks (ms): ${tasks.join('; ')}`);
      const lcp = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet;
      if (lcp) console.log(`  LCP element: ${lcp.slice(0, 120)}`);
      const shifts = (a['layout-shifts']?.details?.items ?? []).map((i) => `${(i.node?.snippet ?? '?').slice(0, 60)} ${i.score.toFixed(3)}`);
      if (shifts.length) console.log(`  layout shifts: ${shifts.join('; ')}`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
