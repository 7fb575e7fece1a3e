//! Queueing formulas for the fluid engine: the stationary wait of one group of servers
//! (M/M/c with Erlang C, M/M/c/K blocking, Halfin-Whitt for large pools, the Allen-Cunneen
//! correction for non-Poisson arrivals and non-exponential service), and the tail of the
//! response time T = D + W + S, from which percentiles are found by bisection.
//!
//! Rates are per second, times in seconds.

pub use super::service::Service;
use crate::scenario::ServiceDist;

/// The stationary state of a group of identical servers, each with `c` slots.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wait {
    /// Probability that an arrival is refused (its server's queue full).
    pub blocked: f64,
    /// Probability that an admitted arrival waits.
    pub p_wait: f64,
    /// Mean of the exponential part of the wait of those that wait [s].
    pub theta_s: f64,
    /// A fixed part of the wait of those that wait [s]: a bounded queue that is nearly
    /// full holds about as many requests ahead of each arrival every time.
    pub fixed_s: f64,
    /// Busy slots over slots.
    pub utilization: f64,
}

/// The wait at one server (or one pool) with `c` slots of rate `mu` each, arrivals at
/// `lambda` with squared coefficient of variation `ca2`, service SCV `cs2`, and room for
/// `queue` waiting requests (`None`: unbounded; then `lambda` must be below c mu).
pub fn wait(lambda: f64, mu: f64, c: u32, queue: Option<u32>, ca2: f64, cs2: f64) -> Wait {
    if lambda <= 0.0 {
        return Wait::default();
    }
    let cf = f64::from(c);
    let a = lambda / mu;
    let rho = a / cf;
    // Erlang B, exactly for small pools, Halfin-Whitt's normal limit for large ones.
    let b = crate::erlang::erlang_b(c, a);
    let allen_cunneen = (ca2 + cs2) / 2.0;
    match queue {
        None => {
            let rho = rho.min(0.999);
            let p_wait = b / (1.0 - rho * (1.0 - b));
            let theta_s = allen_cunneen / (cf * mu * (1.0 - rho));
            Wait { blocked: 0.0, p_wait, theta_s, fixed_s: 0.0, utilization: rho }
        }
        Some(k) => {
            // M/M/c/K: states above c form a geometric tail of ratio rho, cut at c + k.
            // Written in 1 / rho above 1, so that rho^k never overflows.
            let kf = f64::from(k);
            let (blocked, waiting, ahead) = if k == 0 {
                (b, 0.0, 0.0)
            } else if (rho - 1.0).abs() < 1e-9 {
                let total = 1.0 + b * kf;
                (b / total, b * kf / total, (kf - 1.0) / 2.0)
            } else if rho < 1.0 {
                let rk = libm::pow(rho, kf);
                let geometric = (1.0 - rk) / (1.0 - rho);
                let total = 1.0 + b * rho * geometric;
                (b * rk / total, b * geometric / total, rho / (1.0 - rho) - kf * rk / (1.0 - rk))
            } else {
                let r = 1.0 / rho;
                let rk = libm::pow(r, kf);
                let g = (1.0 - rk) / (1.0 - r);
                let total = rk + b * g;
                (b / total, b * g * r / total, rho / (1.0 - rho) + kf / (1.0 - rk))
            };
            let p_wait = (waiting / (1.0 - blocked).max(1e-300)).min(1.0);
            // Near full (rho from 0.9 to 1.1 and above) the place ahead stops varying: the
            // wait is then about Erlang(ahead + 1), taken as a fixed delay plus an
            // exponential part with the Erlang's standard deviation.
            let full = ((rho - 0.9) / 0.2).clamp(0.0, 1.0);
            let n = ahead + 1.0;
            let theta_s = ((1.0 - full) * allen_cunneen * n + full * libm::sqrt(n)) / (cf * mu);
            let fixed_s = full * (n - libm::sqrt(n)) / (cf * mu);
            let utilization = (rho * (1.0 - blocked)).min(1.0);
            Wait { blocked, p_wait, theta_s, fixed_s, utilization }
        }
    }
}

/// The response time of an arrival: a fixed delay (a backlog ahead of it), then with
/// probability `p_wait` an exponential wait of mean `theta_s`, then its service at `speed`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Response {
    pub delay_s: f64,
    pub p_wait: f64,
    pub theta_s: f64,
    pub speed: f64,
}

impl Response {
    /// Mean [s].
    pub fn mean_s(&self, service: &Service) -> f64 {
        self.delay_s + self.p_wait * self.theta_s + service.mean_s / self.speed
    }

    /// P(T > t).
    pub fn survival(&self, service: &Service, t: f64) -> f64 {
        let t = t - self.delay_s;
        if t <= 0.0 {
            return 1.0;
        }
        let (pw, th) = (self.p_wait, self.theta_s);
        let no_wait = (1.0 - pw) * service.survival(t, self.speed);
        if pw <= 0.0 || th <= 0.0 {
            return no_wait + pw * service.survival(t, self.speed);
        }
        let m = service.mean_s / self.speed;
        // P(W + S > t) for W exponential of mean th.
        let waited = match service.dist {
            ServiceDist::Exponential => {
                let (a, b) = (1.0 / th, 1.0 / m);
                if (a - b).abs() < 1e-9 * b {
                    (1.0 + b * t) * libm::exp(-b * t)
                } else {
                    (b * libm::exp(-a * t) - a * libm::exp(-b * t)) / (b - a)
                }
            }
            ServiceDist::Constant => {
                if t < m {
                    1.0
                } else {
                    libm::exp(-(t - m) / th)
                }
            }
            ServiceDist::Lognormal => {
                let n = service.points.len() as f64;
                service.points.iter().map(|&p| libm::exp(-((t - p * m) / th).max(0.0))).sum::<f64>() / n
            }
        };
        no_wait + pw * waited
    }
}

/// The `q` quantile of a mixture of responses with weights (their survival functions
/// averaged) [s]: bracketed around the mixture's mean, then the Illinois variant of regula
/// falsi on the logarithm of time (about ten evaluations to 1e-5 relative). A `hint`
/// (the previous interval's value) narrows the first bracket.
pub fn quantile(parts: &[(f64, Response)], service: &Service, q: f64, hint: Option<f64>) -> f64 {
    let total: f64 = parts.iter().map(|p| p.0).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let target = 1.0 - q;
    // g(x) = P(T > e^x) - target, decreasing in x.
    let g = |x: f64| parts.iter().map(|(w, r)| w * r.survival(service, libm::exp(x))).sum::<f64>() / total - target;
    let (mut a, mut b) = match hint.filter(|h| *h > 0.0) {
        Some(h) => (libm::log(h) - 0.1, libm::log(h) + 0.1),
        None => {
            let mean = parts.iter().map(|(w, r)| w * r.mean_s(service)).sum::<f64>() / total;
            (libm::log(mean.max(1e-9) * 0.05), libm::log(mean.max(1e-9) * 8.0))
        }
    };
    let (mut ga, mut gb) = (g(a), g(b));
    while ga < 0.0 && a > -40.0 {
        (b, gb) = (a, ga);
        a -= 3.0;
        ga = g(a);
    }
    while gb > 0.0 && b < 40.0 {
        (a, ga) = (b, gb);
        b += 3.0;
        gb = g(b);
    }
    if ga < 0.0 || gb > 0.0 {
        return libm::exp(if ga < 0.0 { a } else { b });
    }
    let mut side = 0;
    for _ in 0..60 {
        if b - a < 1e-5 {
            break;
        }
        let x = (a * gb - b * ga) / (gb - ga);
        let x = if x.is_finite() && x > a && x < b { x } else { 0.5 * (a + b) };
        let gx = g(x);
        if gx > 0.0 {
            (a, ga) = (x, gx);
            if side == -1 {
                gb *= 0.5;
            }
            side = -1;
        } else {
            (b, gb) = (x, gx);
            if side == 1 {
                ga *= 0.5;
            }
            side = 1;
        }
        if gx == 0.0 {
            return libm::exp(x);
        }
    }
    libm::exp(0.5 * (a + b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_values() {
        // M/M/1 at rho 0.8: P(wait) = 0.8, mean wait of those waiting 1 / (mu - lambda).
        let w = wait(8.0, 10.0, 1, None, 1.0, 1.0);
        assert!((w.p_wait - 0.8).abs() < 1e-12 && (w.theta_s - 0.5).abs() < 1e-12);
        // M/M/1/K with K = 2 places (3 in the system) at rho 1: blocking 1 / 4.
        let w = wait(10.0, 10.0, 1, Some(2), 1.0, 1.0);
        assert!((w.blocked - 0.25).abs() < 1e-6, "{w:?}");
        // The median of an exponential service alone: ln 2 x mean.
        let s = Service::new(ServiceDist::Exponential, 0.1, 1.0);
        let r = Response { delay_s: 0.0, p_wait: 0.0, theta_s: 0.0, speed: 1.0 };
        assert!((quantile(&[(1.0, r)], &s, 0.5, None) / (0.1 * std::f64::consts::LN_2) - 1.0).abs() < 1e-4);
        assert!(
            (quantile(&[(1.0, r)], &s, 0.5, Some(3.0)) / (0.1 * std::f64::consts::LN_2) - 1.0).abs() < 1e-4,
            "a wrong hint only costs time"
        );
    }
}
