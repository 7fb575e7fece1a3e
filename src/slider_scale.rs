//! Where a slider's thumb sits for a value, and the value at a thumb position: linear for
//! ranges within three orders of magnitude, logarithmic above (a duration from a second to a
//! year, users from 0 to a million), so that every value the core accepts has a place and a
//! keyboard step changes a large value by about 1.4 %, not to the end of a narrow range.
//! Pure, tested natively.

/// Thumb positions of a logarithmic slider (its `max`; `min` is 0, `step` 1).
pub const POSITIONS: f64 = 1000.0;

/// How a slider maps its thumb to values in [min, max].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    /// The value's resolution: every value is a multiple of it (or `min`).
    pub step: f64,
}

impl Scale {
    /// Logarithmic when the range spans three orders of magnitude or more.
    pub fn is_log(&self) -> bool {
        self.max >= 1000.0 * self.min.max(1.0)
    }

    /// The slider's own (min, max, step) attributes.
    pub fn attributes(&self) -> (f64, f64, f64) {
        if self.is_log() {
            (0.0, POSITIONS, 1.0)
        } else {
            (self.min, self.max, self.step)
        }
    }

    /// The thumb position that shows `v` (values outside the range sit at its ends).
    pub fn position(&self, v: f64) -> f64 {
        let v = v.clamp(self.min, self.max);
        if !self.is_log() {
            return v;
        }
        let (lo, hi) = (self.log(self.min), self.log(self.max));
        ((self.log(v) - lo) / (hi - lo) * POSITIONS).round()
    }

    /// The value at thumb position `p`, rounded to three significant digits and to the step.
    pub fn value(&self, p: f64) -> f64 {
        if !self.is_log() {
            return self.round(p);
        }
        if p <= 0.0 {
            return self.min;
        }
        if p >= POSITIONS {
            return self.max;
        }
        let (lo, hi) = (self.log(self.min), self.log(self.max));
        let raw = (lo + p / POSITIONS * (hi - lo)).exp() - self.step;
        self.round(significant(raw, 3))
    }

    /// The logarithm the thumb is linear in: of the value plus one step, so that a range
    /// from 0 has a start and the first steps above it are apart.
    fn log(&self, v: f64) -> f64 {
        (v + self.step).ln()
    }

    /// `v` as a multiple of the step, within the range, without binary noise (0.3, not
    /// 0.30000000000000004).
    fn round(&self, v: f64) -> f64 {
        let stepped = (v / self.step).round() * self.step;
        let decimals = decimals(self.step);
        let clean: f64 = format!("{stepped:.decimals$}").parse().unwrap_or(stepped);
        clean.clamp(self.min, self.max)
    }
}

/// Decimals a value of resolution `step` is written with.
pub fn decimals(step: f64) -> usize {
    let mut d = 0;
    while d < 6 && (step * 10f64.powi(d as i32) - (step * 10f64.powi(d as i32)).round()).abs() > 1e-9 {
        d += 1;
    }
    d
}

/// `v` rounded to `digits` significant digits.
fn significant(v: f64, digits: i32) -> f64 {
    if v <= 0.0 {
        return 0.0;
    }
    let magnitude = 10f64.powi(v.log10().floor() as i32 - digits + 1);
    (v / magnitude).round() * magnitude
}

/// A duration in seconds as a person reads it, for durations of an hour or more.
pub fn human_duration(s: f64) -> Option<String> {
    match s {
        s if s >= 2.0 * 86_400.0 => Some(format!("{:.1} days", s / 86_400.0)),
        s if s >= 3600.0 => Some(format!("{:.1} h", s / 3600.0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DURATION: Scale = Scale { min: 1.0, max: 31_536_000.0, step: 1.0 };
    const USERS: Scale = Scale { min: 0.0, max: 1_000_000.0, step: 1.0 };

    #[test]
    fn wide_ranges_are_logarithmic_narrow_ones_linear() {
        assert!(DURATION.is_log() && USERS.is_log());
        assert!(!Scale { min: 0.0, max: 1.0, step: 0.05 }.is_log());
        assert!(!Scale { min: 1.0, max: 200.0, step: 1.0 }.is_log());
        assert_eq!(USERS.attributes(), (0.0, POSITIONS, 1.0));
        assert_eq!(Scale { min: 0.0, max: 1.0, step: 0.05 }.attributes(), (0.0, 1.0, 0.05));
    }

    #[test]
    fn the_ends_are_the_range_s_ends() {
        for s in [DURATION, USERS] {
            assert_eq!(s.value(0.0), s.min);
            assert_eq!(s.value(POSITIONS), s.max);
            assert_eq!(s.position(s.min), 0.0);
            assert_eq!(s.position(s.max), POSITIONS);
            assert_eq!(s.position(s.max * 10.0), POSITIONS, "beyond the range: at its end");
        }
    }

    /// The daily preset's day survives a keyboard step either way: about 1.4 % per step.
    #[test]
    fn a_keyboard_step_changes_a_large_value_a_little() {
        let p = DURATION.position(86_400.0);
        for next in [DURATION.value(p - 1.0), DURATION.value(p + 1.0)] {
            let change = (next - 86_400.0).abs() / 86_400.0;
            assert!(change > 0.005 && change < 0.03, "{next}");
        }
        let at = USERS.position(105.0);
        assert!((100.0..=112.0).contains(&USERS.value(at + 1.0)), "{}", USERS.value(at + 1.0));
    }

    #[test]
    fn values_round_trip_through_positions_and_are_clean() {
        let mut last = 0.0;
        for p in 0..=1000 {
            let v = USERS.value(p as f64);
            assert_eq!(v, v.round(), "whole users at {p}");
            assert!(v >= last, "values grow with positions: {p} -> {v}");
            last = v;
            if v >= 100.0 {
                assert!((USERS.position(v) - p as f64).abs() <= 1.0, "{p} -> {v} -> {}", USERS.position(v));
            }
            let rate = Scale { min: 0.01, max: 10_000.0, step: 0.01 }.value(p as f64);
            assert_eq!(format!("{rate}").len(), format!("{rate:.2}").trim_end_matches('0').trim_end_matches('.').len());
        }
        let linear = Scale { min: 0.0, max: 1.0, step: 0.1 };
        assert_eq!(linear.value(0.30000000000000004), 0.3);
        assert_eq!(linear.value(7.0), 1.0, "clamped");
    }

    #[test]
    fn positions_increase_with_values() {
        let mut last = -1.0;
        for v in [0.0, 1.0, 2.0, 10.0, 105.0, 1000.0, 50_000.0, 999_999.0] {
            let p = USERS.position(v);
            assert!(p >= last, "{v}");
            last = p;
        }
    }

    #[test]
    fn decimals_and_durations() {
        assert_eq!((decimals(1.0), decimals(0.1), decimals(0.05), decimals(0.01)), (0, 1, 2, 2));
        assert_eq!(human_duration(600.0), None);
        assert_eq!(human_duration(5400.0).as_deref(), Some("1.5 h"));
        assert_eq!(human_duration(86_400.0).as_deref(), Some("24.0 h"));
        assert_eq!(human_duration(604_800.0).as_deref(), Some("7.0 days"));
    }
}
