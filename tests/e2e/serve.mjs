// The static server the browser checks use, as a documentation site would serve dist/:
// under a sub-path (SUB), anything else 404; unknown paths give index.html; optionally
// gzip and long-lived caching of assets (for Lighthouse), and extra pages of its own. Also
// `settled`, the wait every browser script shares.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const SUB = '/docs/lab/';

// Waits until the charts show the controls' scenario: no run in flight or stale, the fleet
// chart drawn with data, and no draw of it pending (a sliced draw puts the data on the
// element before it ends; the chart is aria-busy until the latest figure is drawn).
export const settled = (page, timeout = 30000) => page.waitForFunction(() => !!document.querySelector('.runs[data-current=true]')
  && document.getElementById('fleet-chart')?.data?.[0]?.y?.length > 0
  && !document.querySelector('#fleet-chart[aria-busy=true]'), null, { timeout });
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };

// Serves `dist` under SUB; `pages` maps other paths to [content type, body]. Returns the
// server and its origin ("http://127.0.0.1:PORT").
export async function serve(dist, { gzip = false, pages = {} } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (pages[url.pathname]) { const [type, body] = pages[url.pathname]; res.writeHead(200, { 'content-type': type }); res.end(body); return; }
    if (!url.pathname.startsWith(SUB)) { res.writeHead(404); res.end('outside the sub-path'); return; }
    let file = path.join(dist, decodeURIComponent(url.pathname.slice(SUB.length)) || 'index.html');
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html');
    const headers = { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' };
    if (!gzip) { res.writeHead(200, headers); fs.createReadStream(file).pipe(res); return; }
    if (!file.endsWith('.html')) headers['cache-control'] = 'max-age=31536000';
    let body = fs.readFileSync(file);
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) { body = zlib.gzipSync(body); headers['content-encoding'] = 'gzip'; }
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
