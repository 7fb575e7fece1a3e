//! Series at screen resolution: plotly's cost grows with points, and a chart cannot show
//! more than a couple per pixel. Each bucket of consecutive points keeps its lowest and its
//! highest (in time order), so peaks, drops and scaling moments stay exactly where they
//! were. The full series stay in the report for exports.

/// Points per horizontal pixel kept for a chart: a minimum and a maximum per two pixels
/// (two per pixel drew the same picture at up to twice plotly's cost).
pub const POINTS_PER_PIXEL: usize = 1;

/// `(x, y)` with at most `2 * buckets` points: the index range split into `buckets` equal
/// spans, each keeping its minimum and maximum `y` (NaN never wins), in their order. Series
/// of at most `2 * buckets` points come back whole.
pub fn min_max(x: &[f64], y: &[f64], buckets: usize) -> (Vec<f64>, Vec<f64>) {
    let n = x.len().min(y.len());
    if n <= 2 * buckets || buckets == 0 {
        return (x[..n].to_vec(), y[..n].to_vec());
    }
    let mut xs = Vec::with_capacity(2 * buckets);
    let mut ys = Vec::with_capacity(2 * buckets);
    for b in 0..buckets {
        let (from, to) = (b * n / buckets, (b + 1) * n / buckets);
        let (mut lo, mut hi) = (from, from);
        for i in from..to {
            if y[i] < y[lo] || y[lo].is_nan() {
                lo = i;
            }
            if y[i] > y[hi] || y[hi].is_nan() {
                hi = i;
            }
        }
        let mut keep = [lo.min(hi), lo.max(hi)];
        keep.sort_unstable();
        for (k, &i) in keep.iter().enumerate() {
            if k == 0 || i != keep[0] {
                xs.push(x[i]);
                ys.push(y[i]);
            }
        }
    }
    (xs, ys)
}

/// Buckets for a chart `width_px` wide [px]: half the points it can show.
pub fn buckets(width_px: f64) -> usize {
    (width_px.clamp(200.0, 4000.0) as usize * POINTS_PER_PIXEL) / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize) -> (Vec<f64>, Vec<f64>) {
        let x: Vec<f64> = (0..n).map(|i| i as f64 * 0.1).collect();
        // A slow wave, plus one-interval spikes up and down.
        let y = (0..n)
            .map(|i| match i {
                12_345 => 1e6,
                23_456 => -5.0,
                _ => wave(i),
            })
            .collect();
        (x, y)
    }

    fn wave(i: usize) -> f64 {
        ((i % 1000) as f64 - 500.0).abs()
    }

    #[test]
    fn at_most_two_points_per_bucket_in_time_order() {
        let (x, y) = series(36_000);
        let (rx, ry) = min_max(&x, &y, 1000);
        assert!(rx.len() <= 2000 && rx.len() >= 1000, "{} points", rx.len());
        assert_eq!(rx.len(), ry.len());
        assert!(rx.windows(2).all(|w| w[0] < w[1]), "time only goes forward");
        assert!(rx.iter().zip(&ry).all(|(t, v)| y[(t / 0.1).round() as usize] == *v), "every point is a real one");
    }

    #[test]
    fn peaks_and_dips_survive_exactly() {
        let (x, y) = series(36_000);
        let (rx, ry) = min_max(&x, &y, 500);
        let at = |v: f64| ry.iter().position(|&r| r == v).map(|i| rx[i]);
        assert_eq!(at(1e6), Some(x[12_345]));
        assert_eq!(at(-5.0), Some(x[23_456]));
        let max = |v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max);
        let min = |v: &[f64]| v.iter().copied().fold(f64::MAX, f64::min);
        assert_eq!((max(&ry), min(&ry)), (max(&y), min(&y)));
    }

    #[test]
    fn short_series_and_nan_are_kept_as_they_are() {
        let x = [0.0, 1.0, 2.0];
        assert_eq!(min_max(&x, &[3.0, 1.0, 2.0], 10), (x.to_vec(), vec![3.0, 1.0, 2.0]));
        let (x, mut y) = series(10_000);
        y[0] = f64::NAN;
        let (_, ry) = min_max(&x, &y, 100);
        assert!(ry.iter().all(|v| !v.is_nan()), "a NaN never stands for its bucket");
        assert_eq!(2 * buckets(1000.0), 1000, "a point per pixel");
        assert_eq!(buckets(10.0), 100);
    }
}
