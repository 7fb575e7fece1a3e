//! Seeded random streams and the few samplers the model needs, bit-identical on every target.
//!
//! Samplers use the `libm` crate rather than the platform's maths library, so that
//! logarithms and cosines round the same way natively and in WebAssembly.

use rand_core::Rng as _;
use rand_pcg::Pcg64Mcg;

/// One independent random stream.
#[derive(Clone, Debug)]
pub struct Rng {
    inner: Pcg64Mcg,
}

/// The streams of one run: each concept draws from its own, so that changing the balancer
/// or the policy leaves the traffic and the service demands of every request unchanged.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    Arrivals = 1,
    Service = 2,
    Balancer = 3,
}

impl Rng {
    /// The stream `stream` of the run seeded with `seed`.
    pub fn new(seed: u64, stream: Stream) -> Rng {
        let id = stream as u64;
        let hi = splitmix64(seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let lo = splitmix64(hi ^ seed.rotate_left(17) ^ id);
        Rng { inner: Pcg64Mcg::new(((hi as u128) << 64) | lo as u128) }
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

    /// Exponential with the given rate [1/s], so mean 1 / rate [s].
    #[inline]
    pub fn exp(&mut self, rate: f64) -> f64 {
        -libm::log(1.0 - self.uniform()) / rate
    }

    /// Standard normal, by the Box-Muller transform.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }
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
