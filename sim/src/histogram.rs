//! Latency histogram: streaming percentiles in fixed memory, about 0.8 % relative error.
//!
//! Log-linear buckets in the manner of HdrHistogram: values below 128 us have a bucket
//! each; above that every power of two is split into 64 equal buckets. Memory is fixed,
//! whatever the number of requests recorded.

/// Sub-buckets per power of two.
const SUB_BITS: u32 = 6;
const SUB: usize = 1 << SUB_BITS;
/// Buckets in all: covers values up to 2^40 us (about 12.7 days); larger values share the last.
const BUCKETS: usize = (40 - SUB_BITS as usize) * SUB + 2 * SUB;

/// Counts of latencies [us] in log-linear buckets, plus exact count, sum and maximum.
#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Vec<u64>,
    /// Sums of `counts` by block of `SUB` buckets, so percentiles skip whole blocks.
    blocks: Vec<u64>,
    count: u64,
    /// Sum of recorded values [s].
    sum_s: f64,
    /// Largest recorded value [s].
    max_s: f64,
    /// Range of buckets touched since the last clear, so clearing is cheap.
    lo: usize,
    hi: usize,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            blocks: vec![0; BUCKETS / SUB],
            count: 0,
            sum_s: 0.0,
            max_s: 0.0,
            lo: BUCKETS,
            hi: 0,
        }
    }
}

fn bucket_of(us: u64) -> usize {
    if us < 2 * SUB as u64 {
        return us as usize;
    }
    let e = 63 - us.leading_zeros() - SUB_BITS;
    let idx = (e as usize + 1) * SUB + (us >> e) as usize - SUB;
    idx.min(BUCKETS - 1)
}

/// Midpoint of a bucket [us].
fn bucket_mid(idx: usize) -> f64 {
    if idx < 2 * SUB {
        return idx as f64;
    }
    let e = (idx / SUB - 1) as u32;
    let low = ((idx % SUB + SUB) as u64) << e;
    low as f64 + ((1u64 << e) as f64 - 1.0) / 2.0
}

impl Histogram {
    /// Records one latency [s]; returns its bucket.
    #[inline]
    pub fn record(&mut self, seconds: f64) -> usize {
        // Through i64 (cheaper than a saturating cast to u64 on x86-64), negatives at 0.
        let idx = bucket_of(((seconds * 1e6) as i64).max(0) as u64);
        self.counts[idx] += 1;
        self.blocks[idx / SUB] += 1;
        self.lo = self.lo.min(idx);
        self.hi = self.hi.max(idx);
        self.count += 1;
        self.sum_s += seconds;
        if seconds > self.max_s {
            self.max_s = seconds;
        }
        idx
    }

    /// Adds every value of `other` to this histogram.
    pub fn merge(&mut self, other: &Histogram) {
        if other.count == 0 {
            return;
        }
        let range = other.lo..other.hi + 1;
        for (mine, theirs) in self.counts[range.clone()].iter_mut().zip(&other.counts[range]) {
            *mine += theirs;
        }
        self.merge_all_but_counts(other);
    }

    /// `merge` but for the bucket counts: block sums, range, count, sum and maximum.
    fn merge_all_but_counts(&mut self, other: &Histogram) {
        let blocks = other.lo / SUB..other.hi / SUB + 1;
        for (mine, theirs) in self.blocks[blocks.clone()].iter_mut().zip(&other.blocks[blocks]) {
            *mine += theirs;
        }
        self.lo = self.lo.min(other.lo);
        self.hi = self.hi.max(other.hi);
        self.count += other.count;
        self.sum_s += other.sum_s;
        self.max_s = self.max_s.max(other.max_s);
    }

    /// Records one latency [s] here, and in `run`'s bucket counts too; the rest of `run`
    /// (block sums, range, count, sum, maximum) waits for `close_into`, so that the run's
    /// sum adds this histogram's sums, in the order a merge would. An interval's histogram
    /// records this way into the run's.
    #[inline]
    pub fn record_also_in(&mut self, run: &mut Histogram, seconds: f64) {
        let idx = self.record(seconds);
        run.counts[idx] += 1;
    }

    /// Ends this histogram's part in `run` (whose bucket counts already hold its values,
    /// recorded by `record_also_in`) and clears it: `run` is then what merging this
    /// histogram into it would have made.
    pub fn close_into(&mut self, run: &mut Histogram) {
        if self.count > 0 {
            run.merge_all_but_counts(self);
        }
        self.clear();
    }

    /// Forgets every value, in time proportional to the buckets used.
    pub fn clear(&mut self) {
        if self.count > 0 {
            self.counts[self.lo..=self.hi].fill(0);
            self.blocks[self.lo / SUB..=self.hi / SUB].fill(0);
        }
        self.count = 0;
        self.sum_s = 0.0;
        self.max_s = 0.0;
        self.lo = BUCKETS;
        self.hi = 0;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Mean of recorded values [s]; 0 when empty.
    pub fn mean_s(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum_s / self.count as f64
        }
    }

    /// Largest recorded value [s]; 0 when empty.
    pub fn max_s(&self) -> f64 {
        self.max_s
    }

    /// The `q` quantile (0 < q <= 1) [s]; 0 when empty. Never above the true maximum.
    pub fn quantile_s(&self, q: f64) -> f64 {
        self.quantiles_s([q])[0]
    }

    /// Several quantiles, in increasing order of `qs`, in one pass over the buckets [s].
    pub fn quantiles_s<const N: usize>(&self, qs: [f64; N]) -> [f64; N] {
        let mut out = [self.max_s; N];
        if self.count == 0 {
            return [0.0; N];
        }
        let ranks = qs.map(|q| self.rank(q));
        let mut next = 0;
        let mut seen = 0;
        // Whole blocks of buckets that hold no wanted rank are skipped by their sums alone;
        // within a block the walk stops at the bucket holding the rank (the first whose
        // running count reaches it).
        for b in self.lo / SUB..=self.hi / SUB {
            let block_end = seen + self.blocks[b];
            let mut i = b * SUB;
            while next < N && ranks[next] <= block_end {
                while seen + self.counts[i] < ranks[next] {
                    seen += self.counts[i];
                    i += 1;
                }
                let mid = bucket_mid(i) / 1e6;
                out[next] = if mid < self.max_s { mid } else { self.max_s };
                next += 1;
            }
            if next == N {
                break;
            }
            seen = block_end;
        }
        out
    }

    /// The 1-based rank of the `q` quantile among the recorded values.
    fn rank(&self, q: f64) -> u64 {
        ((q * self.count as f64).ceil() as u64).clamp(1, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_also_in_the_run_then_closing_is_a_merge_then_a_clear() {
        let (mut a, mut b, mut merged) = (Histogram::default(), Histogram::default(), Histogram::default());
        for k in 1..500 {
            b.record(k as f64 * 3e-3);
            merged.record(k as f64 * 3e-3);
        }
        let mut alone = Histogram::default();
        for k in 1..500 {
            a.record_also_in(&mut b, k as f64 * 1e-4);
            alone.record(k as f64 * 1e-4);
        }
        merged.merge(&alone);
        a.close_into(&mut b);
        assert_eq!((a.count(), a.max_s()), (0, 0.0));
        assert_eq!(a.counts.iter().sum::<u64>() + a.blocks.iter().sum::<u64>(), 0, "closed is empty");
        assert_eq!(b.counts, merged.counts);
        assert_eq!(b.blocks, merged.blocks);
        assert_eq!(b.quantiles_s([0.1, 0.5, 0.99]), merged.quantiles_s([0.1, 0.5, 0.99]));
        assert_eq!((b.count(), b.mean_s(), b.max_s()), (merged.count(), merged.mean_s(), merged.max_s()));
        a.record(0.5);
        assert_eq!(a.quantile_s(0.5), 0.5_f64.min(a.max_s()), "a closed histogram records again");
    }

    /// The block sums only skip: every quantile is the one a scan of all buckets finds,
    /// after records, a merge and a drain.
    #[test]
    fn quantiles_equal_a_scan_of_every_bucket() {
        fn scan(h: &Histogram, q: f64) -> f64 {
            let (rank, mut seen) = (h.rank(q), 0);
            let idx = h.counts.iter().position(|&c| {
                seen += c;
                seen >= rank
            });
            (bucket_mid(idx.unwrap()) / 1e6).min(h.max_s)
        }
        let (mut a, mut b, mut run) = (Histogram::default(), Histogram::default(), Histogram::default());
        let mut x = 12345u64;
        for k in 0..5000u64 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let s = (x >> 40) as f64 * 1e-9 * if k % 97 == 0 { 1000.0 } else { 1.0 };
            if k % 3 == 0 {
                a.record(s);
            } else {
                b.record(s);
            }
        }
        b.merge(&a);
        run.merge(&a);
        a.clear();
        for h in [&a, &b, &run] {
            for q in [0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0] {
                if h.count() > 0 {
                    assert_eq!(h.quantile_s(q), scan(h, q), "q {q}");
                }
            }
        }
        b.clear();
        b.record(0.002);
        assert_eq!(b.quantiles_s([0.5, 0.99]), [scan(&b, 0.5), scan(&b, 0.99)]);
    }

    #[test]
    fn buckets_are_contiguous_and_ordered() {
        let mut last = 0;
        for us in 0..100_000u64 {
            let b = bucket_of(us);
            assert!(b == last || b == last + 1, "gap at {us}");
            last = b;
        }
    }

    #[test]
    fn midpoints_are_within_one_percent() {
        for us in [1_000u64, 12_345, 99_999, 1_234_567, 987_654_321] {
            let mid = bucket_mid(bucket_of(us));
            assert!((mid - us as f64).abs() / us as f64 <= 0.008, "{us} -> {mid}");
        }
    }

    #[test]
    fn quantiles_of_a_uniform_sequence() {
        let mut h = Histogram::default();
        for ms in 1..=1000 {
            h.record(ms as f64 / 1000.0);
        }
        let all = h.quantiles_s([0.5, 0.95, 0.99]);
        for (i, (q, want)) in [(0.5, 0.5), (0.95, 0.95), (0.99, 0.99)].into_iter().enumerate() {
            let got = h.quantile_s(q);
            assert_eq!(got, all[i]);
            assert!((got - want).abs() / want < 0.01, "q{q}: {got}");
        }
        assert_eq!(h.max_s(), 1.0);
        h.clear();
        assert_eq!(h.count(), 0);
        assert_eq!(h.quantile_s(0.5), 0.0);
    }
}
