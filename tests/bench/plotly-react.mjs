// Plotly.react alone on the release build's default fleet figure, as built and with one
// change at a time, alternated in one sitting (12 rounds x 5 timed redraws each); prints the
// median per variant [ms]. Which parts of a redraw cost what (README, "The page's
// responsiveness"). Usage: node tests/bench/plotly-react.mjs [dist-dir]
// A lead, not a verdict: variants redrawn in one page can mislead (line simplification off
// showed 41 -> 29 ms in this harness on a 36,000-interval figure, and no change between
// builds alternated); confirm with builds.
import http from 'node:http'; import fs from 'node:fs'; import path from 'node:path';
import { chromium } from 'playwright-core';
const dist = path.resolve(process.argv[2] ?? 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => { let f = path.join(dist, new URL(req.url, 'http://x').pathname); if (!fs.existsSync(f) || fs.statSync(f).isDirectory()) f = path.join(dist, 'index.html'); res.writeHead(200, { 'content-type': types[path.extname(f)] ?? 'application/octet-stream' }); fs.createReadStream(f).pipe(res); });
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
await page.waitForFunction(() => document.getElementById('fleet-chart')?.data?.[0]?.y?.length > 0 && !!document.querySelector('.runs[data-current=true]'), null, { timeout: 60000 });
await page.waitForTimeout(1000);
const out = await page.evaluate(async (ROUNDS) => {
  const gd = document.getElementById('fleet-chart');
  const data0 = JSON.parse(JSON.stringify(gd.data)), layout0 = JSON.parse(JSON.stringify(gd.layout));
  const info = { traces: data0.length, points: data0.map(t => t.x?.length), shapes: (layout0.shapes || []).length, annotations: (layout0.annotations||[]).length, hovermode: layout0.hovermode };
  const W = gd._fullLayout.width;
  const ax = (l, f) => { const m = { ...l }; for (const k of Object.keys(m)) if (/^[xy]axis/.test(k)) m[k] = f({ ...m[k] }); return m; };
  const variants = {
    'as built': (d, l) => [d, l],
    "with plotly's legend": (d, l) => [d, { ...l, showlegend: true, legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' }, margin: { ...l.margin, t: 72 } }],
    // plotly's default, which the page overrides (src/plotly_js.rs, allow_label_overflow)
    'tick labels hidden past the div': (d, l) => [d, ax(l, (a) => ({ ...a, ticklabeloverflow: 'hide past div' }))],
    'half the points': (d, l) => [d.map((t) => ({ ...t, x: t.x.filter((_, i) => i % 2 == 0), y: t.y.filter((_, i) => i % 2 == 0) })), l],
    'fixed width': (d, l) => [d, { ...l, autosize: false, width: W }],
    'no event lines (shapes)': (d, l) => [d, { ...l, shapes: [] }],
    // The page draws the titles (src/titles.rs); this is what plotly drawing them cost.
    'titles drawn by plotly': (d, l) => [d, {
      ...ax(l, (a) => a),
      xaxis: { ...l.xaxis, title: { text: 'time [s]' } }, yaxis: { ...l.yaxis, title: { text: 'users' } },
      yaxis2: { ...l.yaxis2, title: { text: 'servers' } }, yaxis3: { ...l.yaxis3, title: { text: 'latency [ms]' } },
      annotations: [['Load and capacity', 1], ['Servers', 0.61], ['Latency (no message lost)', 0.3]].map(([text, y]) => ({ text: `<b>${text}</b>`, xref: 'paper', yref: 'paper', x: 0, y, xanchor: 'left', yanchor: 'bottom', showarrow: false })),
    }],
    'no hover': (d, l) => [d.map((t) => ({ ...t, hoverinfo: 'skip' })), { ...l, hovermode: false }],
    'fixed ticks (nticks 4)': (d, l) => [d, ax(l, (a) => ({ ...a, nticks: 4 }))],
    'no grid': (d, l) => [d, ax(l, (a) => ({ ...a, showgrid: false, zeroline: false }))],
    'animate, no redraw': (d, l) => [d, l],
    'animate, no redraw, shapes': (d, l) => [d, l],
    'transition of 0 ms': (d, l) => [d, { ...l, transition: { duration: 0 } }],
  };


  const res = {}; let k = 0;
  for (let round = 0; round < Number(ROUNDS); round++) for (const [name, f] of Object.entries(variants)) {
    for (let j = 0; j < 6; j++) {
      k++;
      const scale = 1 + (k % 2) * 0.01;
      const d = JSON.parse(JSON.stringify(data0)).map(t => ({ ...t, y: t.y.map(v => typeof v === 'number' ? v * scale : v) }));
      const [dd, ll] = f(d, JSON.parse(JSON.stringify(layout0)));
      ll.datarevision = k;
      const t0 = performance.now();
      if (name.startsWith('animate')) await Plotly.animate(gd, { data: dd, traces: dd.map((_, i) => i), layout: name.includes('shapes') ? { shapes: ll.shapes } : {} }, { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: 'immediate' });
      else await Plotly.react(gd, dd, ll);
      const t1 = performance.now();
      if (j > 0) (res[name] ??= []).push(t1 - t0);
      if (name.startsWith('animate') && j === 5) await Plotly.react(gd, JSON.parse(JSON.stringify(data0)), JSON.parse(JSON.stringify(layout0)));
      await new Promise(r => setTimeout(r, 10));
    }
  }
  const med = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)].toFixed(1); };
  return { info, med: Object.fromEntries(Object.entries(res).map(([k, v]) => [k, med(v)])) };
}, process.argv[3] ?? 8);
console.log(JSON.stringify(out, null, 1));
await browser.close(); server.close();
