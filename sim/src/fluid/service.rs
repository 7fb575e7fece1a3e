//! The service time as the fluid engine's latency needs it: its survival function at any
//! speed, and for the lognormal, quadrature points to convolve it with the wait.

use crate::scenario::ServiceDist;

/// Points of the service-time distribution used to convolve it with the wait.
const QUADRATURE: usize = 12;

/// The service time of one standard server, as the tail needs it.
#[derive(Clone, Debug)]
pub struct Service {
    pub dist: ServiceDist,
    /// Mean [s].
    pub mean_s: f64,
    /// Squared coefficient of variation.
    pub scv: f64,
    /// Lognormal: quantiles at (j + 1/2) / QUADRATURE of a mean-1 service time.
    pub(super) points: [f64; QUADRATURE],
    sigma: f64,
}

impl Service {
    pub fn new(dist: ServiceDist, mean_s: f64, cv: f64) -> Service {
        let sigma2 = libm::log(1.0 + cv * cv);
        let sigma = libm::sqrt(sigma2);
        let mut points = [0.0; QUADRATURE];
        for (j, p) in points.iter_mut().enumerate() {
            let u = (j as f64 + 0.5) / QUADRATURE as f64;
            *p = libm::exp(-sigma2 / 2.0 + sigma * normal_quantile(u));
        }
        let scv = match dist {
            ServiceDist::Exponential => 1.0,
            ServiceDist::Constant => 0.0,
            ServiceDist::Lognormal => cv * cv,
        };
        Service { dist, mean_s, scv, points, sigma }
    }

    /// P(S > t) for a server of `speed` (its service takes mean_s / speed).
    pub(super) fn survival(&self, t: f64, speed: f64) -> f64 {
        let m = self.mean_s / speed;
        match self.dist {
            ServiceDist::Exponential => libm::exp(-t / m),
            ServiceDist::Constant => f64::from(t < m),
            ServiceDist::Lognormal => {
                if t <= 0.0 {
                    return 1.0;
                }
                let z = (libm::log(t / m) + self.sigma * self.sigma / 2.0) / self.sigma;
                0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
            }
        }
    }
}

/// The standard normal's quantile (Acklam's rational approximation, about 1e-9 relative).
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] =
        [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    let tail = |q: f64| {
        let r = libm::sqrt(-2.0 * libm::log(q));
        (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5])
            / ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1.0)
    };
    if p < 0.02425 {
        tail(p)
    } else if p > 1.0 - 0.02425 {
        -tail(1.0 - p)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles() {
        assert!((normal_quantile(0.975) - 1.959964).abs() < 1e-5);
        assert!((normal_quantile(0.5)).abs() < 1e-9);
        assert!((normal_quantile(0.01) + 2.326348).abs() < 1e-5);
    }
}
