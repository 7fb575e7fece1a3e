//! Erlang's blocking formula, exactly by its recurrence for pools of up to 400 slots and by
//! Halfin and Whitt's normal limit above (where the recurrence's cost grows with the pool
//! and the limit is within a few per cent). Pure maths, for the fluid engine's queues and
//! the elasticity metrics' demand.

/// Slots above which Erlang B is taken from the Halfin-Whitt limit.
pub const EXACT_UP_TO: u32 = 400;

/// Erlang B for `c` slots at offered load `a` [erlangs].
pub fn erlang_b(c: u32, a: f64) -> f64 {
    if c <= EXACT_UP_TO {
        recurrence(c, a)
    } else {
        halfin_whitt_b(f64::from(c), a)
    }
}

/// Erlang B by its recurrence, B(k) = a B(k-1) / (k + a B(k-1)): O(c).
pub fn recurrence(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, k| a * b / (f64::from(k) + a * b))
}

/// Erlang B from Halfin and Whitt's limit: with beta = (c - a) / sqrt(a), the Erlang C
/// value is 1 / (1 + beta Phi(beta) / phi(beta)); B follows from C.
pub fn halfin_whitt_b(c: f64, a: f64) -> f64 {
    let beta = (c - a) / libm::sqrt(a);
    let phi = libm::exp(-beta * beta / 2.0) / (2.0 * std::f64::consts::PI).sqrt();
    let big_phi = 0.5 * libm::erfc(-beta / std::f64::consts::SQRT_2);
    let erlang_c = 1.0 / (1.0 + beta * big_phi / phi.max(1e-300));
    let rho = a / c;
    // C = B / (1 - rho (1 - B))  =>  B = C (1 - rho) / (1 - rho C).
    (erlang_c * (1.0 - rho) / (1.0 - rho * erlang_c)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfin_whitt_agrees_with_the_recurrence_on_large_pools() {
        for (c, a) in [(400u32, 380.0), (1000, 960.0), (2000, 1900.0)] {
            let (exact, limit) = (recurrence(c, a), halfin_whitt_b(f64::from(c), a));
            assert!((limit / exact - 1.0).abs() < 0.1, "{c} slots at {a}: {limit} vs {exact}");
        }
    }
}
