// Builds the page's plotly.js (scripts/plotly-lab.js) from plotly.js's sources with esbuild,
// into target/plotly/plotly-lab.min.js, which index.html copies into the build. Trunk runs it
// before every build (Trunk.toml); it does nothing when the bundle is newer than its inputs.
// Like plotly's own dist bundles, it strips the attributes' documentation (descriptions and
// the like, which only plotly's schema reader uses) from plotly's sources as they are read.
// PLOTLY_UNMINIFIED=1 builds it unminified, with plotly's function names, for a profiler.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'scripts/plotly-lab.js');
const out = path.join(root, 'target/plotly/plotly-lab.min.js');
const plotlyPackage = path.join(root, 'node_modules/plotly.js/package.json');

const inputs = [entry, fileURLToPath(import.meta.url), plotlyPackage];
const mtime = (f) => fs.statSync(f).mtimeMs;
if (!fs.existsSync(plotlyPackage)) {
  console.error('plotly-bundle: node_modules/plotly.js is missing: run scripts/setup.sh serve');
  process.exit(1);
}
// The banner says how the bundle was built, so that switching modes rebuilds it.
const mode = process.env.PLOTLY_UNMINIFIED ? 'unminified' : 'minified';
const built = (f) => fs.readFileSync(f, 'utf8').slice(0, 200).includes(`[${mode}]`);
if (fs.existsSync(out) && inputs.every((f) => mtime(f) <= mtime(out)) && built(out)) process.exit(0);

const { build } = await import('esbuild');
const { version } = JSON.parse(fs.readFileSync(plotlyPackage, 'utf8'));

// plotly.js's tasks/compress_attributes.js, as an esbuild loader.
const strip = (s) => s
  .replace(/\s*description: '.*',?/g, '')
  .replace(/\s*description: \[[\s\S]*?\]\.join\(.*,?/g, '')
  .replace(/\s*requiredOpts: \[[\s\S]*?\],?/g, '')
  .replace(/\s*otherOpts: \[[\s\S]*?\],?/g, '')
  .replace(/\s*role: '.*',?/g, '')
  .replace(/\s*hrName: '.*',?/g, '');
const compressAttributes = {
  name: 'compress-attributes',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, async (a) => ({
      contents: strip(await fs.promises.readFile(a.path, 'utf8')),
      loader: 'js',
    }));
  },
};

const tmp = `${out}.${process.pid}.tmp`;
await build({
  entryPoints: [entry],
  outfile: tmp,
  bundle: true,
  minify: mode === 'minified',
  format: 'iife',
  globalName: 'Plotly',
  define: { global: 'window', 'define.amd': 'false' },
  target: 'es2020',
  banner: { js: `/* plotly.js v${version} (the parts autoscale-lab uses: scripts/plotly-lab.js) [${mode}]. Copyright 2012-2025, Plotly, Inc. MIT license. */` },
  plugins: [compressAttributes],
  logLevel: 'warning',
});
fs.renameSync(tmp, out);
console.log(`plotly-bundle: ${path.relative(root, out)} (${Math.round(fs.statSync(out).size / 1024)} KiB)`);
