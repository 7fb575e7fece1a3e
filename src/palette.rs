//! The charts' colours in the page's light and dark schemes: every line at least 3:1
//! against the chart's background (WCAG's minimum for graphics), no two lines of a panel
//! alike, and hues from Okabe and Ito's and Paul Tol's colour-blind-safe sets (blue,
//! orange, bluish green, purple, wine), with dashes telling levels from measurements.
//! Pure; the contrast rule is tested natively.

/// Colours of the page's light or dark scheme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub text: &'static str,
    pub grid: &'static str,
    /// Behind the chart: the page's panel colour (the chart itself is transparent; an
    /// exported image gets this).
    pub background: &'static str,
    /// Scaling out, and the levels that trigger it; messages dropped.
    pub up: &'static str,
    /// Scaling in, and the levels that trigger it.
    pub down: &'static str,
    /// Crashes and requests lost to them.
    pub failure: &'static str,
    pub users: &'static str,
    pub capacity: &'static str,
    pub arrivals: &'static str,
    pub forecast: &'static str,
    pub ready: &'static str,
    pub starting: &'static str,
    pub draining: &'static str,
    pub p50: &'static str,
    pub p95: &'static str,
    pub p99: &'static str,
}

pub const LIGHT: Theme = Theme {
    text: "#1f2933",
    grid: "#e4e7eb",
    background: "#ffffff",
    up: "#c2410c",
    down: "#1e7b34",
    failure: "#b0144f",
    users: "#0067a3",
    capacity: "#6741d9",
    arrivals: "#5f6b76",
    forecast: "#a35200",
    ready: "#1e7b34",
    starting: "#a35200",
    draining: "#5f6b76",
    p50: "#138a72",
    p95: "#9c2f8c",
    p99: "#1f2933",
};

pub const DARK: Theme = Theme {
    text: "#e4e7eb",
    grid: "#3e4c59",
    background: "#1b1f24",
    up: "#ff8a4c",
    down: "#69db7c",
    failure: "#f783ac",
    users: "#56b4e9",
    capacity: "#b197fc",
    arrivals: "#9aa5b1",
    forecast: "#ffc078",
    ready: "#69db7c",
    starting: "#ffc078",
    draining: "#9aa5b1",
    p50: "#63e6be",
    p95: "#e599f7",
    p99: "#f1f3f5",
};

/// WCAG's contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG's relative luminance of a `#rrggbb` colour; 0 for anything else.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = hex.get(1 + 2 * i..3 + 2 * i).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0) as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &Theme) -> [(&'static str, &'static str); 13] {
        [
            ("up", t.up),
            ("down", t.down),
            ("failure", t.failure),
            ("users", t.users),
            ("capacity", t.capacity),
            ("arrivals", t.arrivals),
            ("forecast", t.forecast),
            ("ready", t.ready),
            ("starting", t.starting),
            ("draining", t.draining),
            ("p50", t.p50),
            ("p95", t.p95),
            ("p99", t.p99),
        ]
    }

    #[test]
    fn every_line_has_3_to_1_contrast_in_both_schemes() {
        for theme in [LIGHT, DARK] {
            for (name, colour) in lines(&theme) {
                let c = contrast(colour, theme.background);
                assert!(c >= 3.0, "{name} {colour} on {}: {c:.2}:1", theme.background);
            }
            assert!(contrast(theme.text, theme.background) >= 4.5, "text");
        }
    }

    #[test]
    fn variant_colours_read_on_both_backgrounds() {
        for colour in crate::compare_charts::VARIANT_COLOURS {
            for bg in [LIGHT.background, DARK.background] {
                assert!(contrast(colour, bg) >= 3.0, "{colour} on {bg}: {:.2}:1", contrast(colour, bg));
            }
        }
    }

    #[test]
    fn no_two_lines_of_a_panel_alike() {
        for t in [LIGHT, DARK] {
            let panels = [
                vec![t.users, t.capacity, t.up, t.down, t.forecast, t.arrivals],
                vec![t.ready, t.starting, t.draining],
                vec![t.p50, t.p95, t.p99, t.up, t.failure],
            ];
            for panel in panels {
                for (i, a) in panel.iter().enumerate() {
                    assert!(panel[i + 1..].iter().all(|b| b != a), "{a} twice in a panel");
                }
            }
            assert_ne!(t.users, t.p95, "users and p95 told apart");
        }
    }

    #[test]
    fn contrast_matches_known_pairs() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
        assert_eq!(contrast("#ffffff", "#ffffff"), 1.0);
    }
}
