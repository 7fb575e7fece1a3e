//! The wait under the balancers that are neither a blind split nor a pool: round robin's
//! regular arrivals (GI/M/1, exactly), join-the-shortest-queue (between the pool and a
//! balanced split), power of two choices (its mean-field limit).

use super::queueing::Wait;

/// Round robin's wait at one single-slot server with exponential service: each server
/// gets every n-th arrival, so its arrivals are Erlang-n renewals and the queue is GI/M/1,
/// solved exactly: P(wait) = sigma, the root of sigma = (lambda / (lambda + mu (1 - sigma)))^n
/// (lambda the whole stream's rate), and the wait of those that wait is exponential of rate
/// mu (1 - sigma).
pub fn round_robin_wait(lambda_server: f64, mu: f64, n: u32) -> Wait {
    let rho = (lambda_server / mu).min(0.999);
    let total = lambda_server * f64::from(n);
    let nf = f64::from(n);
    // Newton's method on f(s) = s - A(s) from s = 0: f is concave and increasing up to the
    // root, so every step stays left of it and the iteration converges without overshoot.
    let mut sigma: f64 = 0.0;
    for _ in 0..100 {
        let base = total / (total + mu * (1.0 - sigma));
        let a = libm::pow(base, nf);
        let slope = 1.0 - nf * a / base * base * base * mu / total;
        let next = sigma - (sigma - a) / slope.max(1e-12);
        if !(next.is_finite()) || next <= sigma + 1e-14 {
            break;
        }
        sigma = next.min(rho);
    }
    Wait { blocked: 0.0, p_wait: sigma, theta_s: 1.0 / (mu * (1.0 - sigma)), fixed_s: 0.0, utilization: rho }
}

/// Join-the-shortest-queue over `n` servers of `c` slots, from the pooled M/M/(n c) `pool`:
/// an arrival waits when every slot is busy (as in the pool), but behind its own server's
/// queue, not the first slot to free. Its wait lies between the pool's and a balanced
/// split's (its share of the queue, served at c mu); the mean of the two is taken.
pub fn shortest_queue_wait(pool: Wait, mu: f64, n: u32, c: u32) -> Wait {
    if pool.p_wait <= 0.0 {
        return pool;
    }
    let slots = f64::from(n * c);
    let queued = (pool.theta_s * slots * mu - 1.0).max(0.0);
    let split = (queued / f64::from(n) + 1.0) / (f64::from(c) * mu);
    Wait { theta_s: 0.5 * (pool.theta_s + split), ..pool }
}

/// Power of two choices over single-slot servers, in the mean-field limit (Mitzenmacher):
/// the share of servers holding at least k requests is rho^(2^k - 1), an arrival joins the
/// shorter of two, so P(it finds k or more) = rho^(2 (2^k - 1)); the wait is taken as
/// exponential with that mean.
pub fn two_choices_wait(lambda_server: f64, mu: f64) -> Wait {
    let rho = (lambda_server / mu).min(0.999);
    let mut ahead = 0.0;
    let mut k = 1.0;
    loop {
        let p = libm::pow(rho, 2.0 * (libm::pow(2.0, k) - 1.0));
        ahead += p;
        k += 1.0;
        if p < 1e-12 || k > 60.0 {
            break;
        }
    }
    let p_wait = rho * rho;
    Wait { blocked: 0.0, p_wait, theta_s: ahead / (mu * p_wait.max(1e-300)), fixed_s: 0.0, utilization: rho }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_is_the_fixed_point() {
        // Round robin over one server is M/M/1; over n, sigma is the fixed point.
        assert!((round_robin_wait(8.0, 10.0, 1).p_wait - 0.8).abs() < 1e-9);
        for n in [2u32, 4, 1000] {
            let w = round_robin_wait(8.0, 10.0, n);
            let total = 8.0 * f64::from(n);
            let again = libm::pow(total / (total + 10.0 * (1.0 - w.p_wait)), f64::from(n));
            assert!((again - w.p_wait).abs() < 1e-9 && w.p_wait < 0.8, "{n}: {w:?}");
        }
    }
}
