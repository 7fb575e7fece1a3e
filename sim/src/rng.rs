//! Seeded random streams and the few samplers the model needs, bit-identical on every target.
//!
//! Samplers use the `libm` crate rather than the platform's maths library, so that
//! logarithms and cosines round the same way natively and in WebAssembly.

use rand_core::Rng as _;
use rand_pcg::Pcg64Mcg;

/// One independent random stream.
#[derive(Clone)]
pub struct Rng {
    inner: Pcg64Mcg,
    /// The exponential sampler's tables, looked up once per stream instead of per draw.
    zig: &'static Ziggurat,
}

impl std::fmt::Debug for Rng {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Rng").field("inner", &self.inner).finish()
    }
}

/// The streams of one run: each concept draws from its own, so that changing the balancer
/// or the policy leaves the traffic and the service demands of every request unchanged.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    Arrivals = 1,
    Service = 2,
    Balancer = 3,
    Users = 4,
    Failures = 5,
    /// The settings a search (`tune`) tries; never read by a run.
    Tune = 6,
}

impl Rng {
    /// The stream `stream` of the run seeded with `seed`.
    pub fn new(seed: u64, stream: Stream) -> Rng {
        let id = stream as u64;
        let hi = splitmix64(seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let lo = splitmix64(hi ^ seed.rotate_left(17) ^ id);
        Rng { inner: Pcg64Mcg::new(((hi as u128) << 64) | lo as u128), zig: ziggurat() }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        unit_f64(self.inner.next_u64())
    }

    /// Uniform integer in [0, n); `n` must be above 0.
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((self.inner.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Exponential with the given mean [s].
    #[inline(always)]
    pub fn exp_mean(&mut self, mean: f64) -> f64 {
        self.exp1() * mean
    }

    /// Standard exponential (mean 1), by Marsaglia and Tsang's ziggurat: most draws cost
    /// one random word, a table look-up and a comparison, no logarithm. That path is inlined
    /// where it is drawn; the rest (about 1 draw in 80) is a call.
    #[inline(always)]
    pub fn exp1(&mut self) -> f64 {
        let z = self.zig;
        let bits = self.inner.next_u64();
        let i = (bits & 0xff) as usize;
        let x = unit_f64(bits) * z.x[i];
        if x < z.x[i + 1] {
            return x;
        }
        self.exp1_beyond(i, x)
    }

    /// The rest of `exp1`'s draw once `x`, from layer `i`, fell outside the layer's core:
    /// the same steps and the same random words as one loop would take.
    #[cold]
    #[inline(never)]
    fn exp1_beyond(&mut self, mut i: usize, mut x: f64) -> f64 {
        let z = self.zig;
        loop {
            if i == 0 {
                // The tail beyond R is again exponential, shifted by R.
                return ZIG_R - libm::log(1.0 - self.uniform());
            }
            if z.f[i + 1] + (z.f[i] - z.f[i + 1]) * self.uniform() < libm::exp(-x) {
                return x;
            }
            let bits = self.inner.next_u64();
            i = (bits & 0xff) as usize;
            x = unit_f64(bits) * z.x[i];
            if x < z.x[i + 1] {
                return x;
            }
        }
    }

    /// Standard normal, by the Box-Muller transform.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }
}

/// Right edge of the ziggurat's base layer, and the area of each of its 256 layers.
const ZIG_R: f64 = 7.697_117_470_131_05;
const ZIG_V: f64 = 0.003_949_659_822_581_557;

/// Ziggurat layers for exp(-x): edges `x` (decreasing, x[256] = 0) and heights f = exp(-x).
struct Ziggurat {
    x: [f64; 257],
    f: [f64; 257],
}

fn ziggurat() -> &'static Ziggurat {
    static TABLES: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut x = [0.0; 257];
        x[0] = ZIG_V * libm::exp(ZIG_R);
        x[1] = ZIG_R;
        for i in 2..256 {
            x[i] = -libm::log(ZIG_V / x[i - 1] + libm::exp(-x[i - 1]));
        }
        let f = x.map(|xi| libm::exp(-xi));
        Ziggurat { x, f }
    })
}

/// Maps 64 random bits to a float uniform in [0, 1) with 53 bits of precision.
#[inline]
pub fn unit_f64(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// SplitMix64 finaliser: a well-mixed hash of a 64-bit value.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ziggurat_exponential_has_mean_and_variance_one() {
        let mut rng = Rng::new(3, Stream::Service);
        let n = 400_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.exp1()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        // Standard errors: 1/sqrt(n) = 0.0016 for the mean, about 0.0045 for the variance.
        assert!((mean - 1.0).abs() < 0.008, "{mean}");
        assert!((var - 1.0).abs() < 0.025, "{var}");
        // The tail: P(X > 5) = e^-5.
        let tail = xs.iter().filter(|&&x| x > 5.0).count() as f64 / n as f64;
        assert!((tail / (-5f64).exp() - 1.0).abs() < 0.1, "{tail}");
    }

    #[test]
    fn streams_differ_and_repeat() {
        let a: Vec<u64> = {
            let mut r = Rng::new(1, Stream::Arrivals);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(1, Stream::Service);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(1, Stream::Arrivals);
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_ne!(a, b);
        assert_eq!(a, c);
    }
}
