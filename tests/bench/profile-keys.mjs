// CPU profile of the release page while "Peak users" is moved by keyboard (each press waited
// for until the fleet chart is redrawn): self and inclusive time by function per press,
// heaviest first. A diagnostic: prints figures. Usage: node tests/bench/profile-keys.mjs [dist] [top] [presses]
import { openKeyPage, press } from './key-page.mjs';

const top = Number(process.argv[3] ?? 30);
const presses = Number(process.argv[4] ?? 40);
const { page, peak, close } = await openKeyPage(process.argv[2]);
try {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < presses; i++) {
    await press(page, peak, i);
    await page.waitForTimeout(30);
  }
  const { profile } = await cdp.send('Profiler.stop');
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const parent = new Map(), byId = new Map();
  for (const n of profile.nodes) { byId.set(n.id, n); for (const c of n.children ?? []) parent.set(c, n.id); }
  const keyOf = (n) => { const f = n.callFrame; return `${f.functionName || '(anonymous)'} ${(f.url.split('/').pop() || '')}:${f.lineNumber}`; };
  const self = new Map(), incl = new Map();
  for (const [id, t] of dt) {
    const k = keyOf(byId.get(id));
    self.set(k, (self.get(k) ?? 0) + t);
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) seen.add(keyOf(byId.get(p)));
    for (const s of seen) incl.set(s, (incl.get(s) ?? 0) + t);
  }
  const idle = ['(idle)', '(program)', '(garbage collector)'].map((n) => [...self].filter(([k]) => k.startsWith(n)).reduce((a, [, v]) => a + v, 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${presses} presses; sampled ${total.toFixed(0)} ms, idle ${idle[0].toFixed(0)}, program ${idle[1].toFixed(0)}, gc ${idle[2].toFixed(0)}; figures below are ms per press`);
  const show = (title, m) => {
    console.log(title);
    for (const [k, v] of [...m].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(v / presses).toFixed(2).padStart(8)}  ${k}`);
  };
  show('self', self);
  show('inclusive', incl);
} finally {
  await close();
}
