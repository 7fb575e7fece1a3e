// A careful hand-written JavaScript event simulation of the benchmark's fixed fleet, the
// peer the exact engine's speed is compared with (README, "Speed and size"): 100 users x
// 1 msg/s (Poisson), 4 servers of one worker, round robin, exponential 25 ms service,
// queues of 100, a metrics row every second, 10 simulated hours. The same work the engine
// does per message, none of its generality: a binary heap of events, a seeded PRNG,
// a log-linear latency histogram.
// Usage: node tests/bench/peer.mjs   (prints simulated requests per second, 5 rounds)

const DURATION = 36000, RATE = 100, SERVERS = 4, MEAN = 0.025, QUEUE = 100, BUCKETS = 2304;

function run(seed) {
  // sfc32, a fast seeded 32-bit generator; two draws make a 53-bit uniform.
  let a0 = 0x9e3779b9, b0 = 0x243f6a88, c0 = 0xb7e15162, d0 = seed | 0;
  const u32 = () => {
    a0 |= 0; b0 |= 0; c0 |= 0; d0 |= 0;
    const t = (((a0 + b0) | 0) + d0) | 0;
    d0 = (d0 + 1) | 0; a0 = b0 ^ (b0 >>> 9); b0 = (c0 + (c0 << 3)) | 0; c0 = (c0 << 21) | (c0 >>> 11); c0 = (c0 + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const rnd = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  const exp = (mean) => -Math.log(1 - rnd()) * mean;
  // Events in a binary heap of parallel typed arrays: time, kind (0 arrival, 1 completion,
  // 2 tick), server, arrival time.
  const CAP = 1 << 12;
  const times = new Float64Array(CAP), kinds = new Uint8Array(CAP), servers = new Uint16Array(CAP), arrivals = new Float64Array(CAP);
  let size = 0;
  let et = 0, ek = 0, es = 0, ea = 0;
  const put = (i, t, k, srv, a) => { times[i] = t; kinds[i] = k; servers[i] = srv; arrivals[i] = a; };
  const push = (t, k, srv, a) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] <= t) break;
      put(i, times[p], kinds[p], servers[p], arrivals[p]);
      i = p;
    }
    put(i, t, k, srv, a);
  };
  const pop = () => {
    et = times[0]; ek = kinds[0]; es = servers[0]; ea = arrivals[0];
    size--;
    const t = times[size], k = kinds[size], srv = servers[size], a = arrivals[size];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const m = l + 1 < size && times[l + 1] < times[l] ? l + 1 : l;
      if (times[m] >= t) break;
      put(i, times[m], kinds[m], servers[m], arrivals[m]);
      i = m;
    }
    put(i, t, k, srv, a);
  };
  const busy = new Array(SERVERS).fill(false);
  // FIFO queues as ring buffers of arrival times.
  const qbuf = Array.from({ length: SERVERS }, () => new Float64Array(QUEUE)), qhead = new Int32Array(SERVERS), qlen = new Int32Array(SERVERS);
  const hist = new Float64Array(BUCKETS);
  const bucket = (sec) => { const us = Math.floor(sec * 1e6); if (us < 128) return us; const e = Math.floor(Math.log2(us)) - 6; return Math.min(BUCKETS - 1, (e + 1) * 64 + Math.floor(us / 2 ** e) - 64); };
  let arrived = 0, completed = 0, dropped = 0, next = 0, rows = 0;
  push(exp(1 / RATE), 0, 0, 0);
  push(1, 2, 0, 0);
  while (size > 0) {
    pop();
    const t = et, kind = ek, srv = es, a = ea;
    if (kind === 0) {
      arrived++;
      push(t + exp(1 / RATE), 0, 0, 0);
      const k = next; next = (next + 1) % SERVERS;
      if (!busy[k]) { busy[k] = true; push(t + exp(MEAN), 1, k, t); }
      else if (qlen[k] < QUEUE) { qbuf[k][(qhead[k] + qlen[k]) % QUEUE] = t; qlen[k]++; }
      else dropped++;
    } else if (kind === 1) {
      completed++;
      hist[bucket(t - a)]++;
      if (qlen[srv] > 0) {
        const first = qbuf[srv][qhead[srv]];
        qhead[srv] = (qhead[srv] + 1) % QUEUE; qlen[srv]--;
        push(t + exp(MEAN), 1, srv, first);
      } else busy[srv] = false;
    } else {
      rows++;
      if (t >= DURATION) break;
      push(t + 1, 2, 0, 0);
    }
  }
  return { arrived, completed, dropped, rows };
}

const rates = [];
for (let round = 1; round <= 5; round++) {
  const start = process.hrtime.bigint();
  const r = run(round);
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  rates.push(r.arrived / secs);
  console.log(`round ${round}: ${r.arrived} requests in ${secs.toFixed(3)} s = ${(r.arrived / secs / 1e6).toFixed(2)} million requests/s`);
}
rates.sort((a, b) => a - b);
console.log(`median: ${(rates[2] / 1e6).toFixed(2)} million simulated requests per second (JavaScript peer, node ${process.version})`);
