//! Chart figures: pure functions from a report to plotly figures, tested natively.
//!
//! The fleet figure stacks three panels on one shared time axis (load and capacity,
//! servers, latency and drops), with every scaling event drawn as a vertical line across
//! all three. The spread figure shows how the balancer divided the work among servers.

use autoscale_sim::scenario::{Metric, Policy};
use autoscale_sim::{Report, ScalingKind};
use plotly::common::{DashType, Font, Line, LineShape, Marker, Mode, Title};
use plotly::layout::{Axis, Layout, Legend, Margin, RangeMode, Shape, ShapeLine, ShapeType};
use plotly::{Bar, Configuration, Plot, Scatter};

use crate::reduce::min_max;

/// Colours of the page's light or dark scheme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub text: &'static str,
    pub grid: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    /// Crashes and requests lost to them.
    pub failure: &'static str,
}

pub const LIGHT: Theme = Theme { text: "#1f2933", grid: "#e4e7eb", up: "#d9480f", down: "#2b8a3e", failure: "#c2255c" };
pub const DARK: Theme = Theme { text: "#e4e7eb", grid: "#3e4c59", up: "#ff8a4c", down: "#69db7c", failure: "#f783ac" };

/// Panel domains on the shared vertical axis: load, servers, latency (bottom).
const LOAD: [f64; 2] = [0.68, 1.0];
const SERVERS: [f64; 2] = [0.37, 0.61];
const LATENCY: [f64; 2] = [0.0, 0.30];

fn axis(title: &str, theme: Theme) -> Axis {
    Axis::new()
        .title(Title::with_text(title))
        .grid_color(theme.grid)
        .zero_line_color(theme.grid)
        .range_mode(RangeMode::ToZero)
}

pub(crate) fn base_layout(theme: Theme, height: usize) -> Layout {
    Layout::new()
        .height(height)
        .auto_size(true)
        .margin(Margin::new().left(64).right(64).top(72).bottom(48))
        .font(Font::new().color(theme.text).size(12))
        .paper_background_color("rgba(0,0,0,0)")
        .plot_background_color("rgba(0,0,0,0)")
        .legend(
            Legend::new()
                .orientation(plotly::common::Orientation::Horizontal)
                .x(0.0)
                .y(1.02)
                .y_anchor(plotly::common::Anchor::Bottom),
        )
}

/// Plotly's display options: no logo, no plotly.com links, responsive.
pub fn configuration() -> Configuration {
    Configuration::new().display_logo(false).responsive(true).show_link(false)
}

/// Load and capacity, servers, and latency with losses, over time; `selected` marks one
/// event. Every series is reduced to `buckets` minimum-maximum pairs (see `reduce`).
pub fn fleet_figure(report: &Report, selected: Option<usize>, theme: Theme, buckets: usize) -> Plot {
    let s = &report.scenario;
    let rows = &report.series;
    let t: Vec<f64> = rows.iter().map(|r| r.t).collect();
    let col = |f: fn(&autoscale_sim::SeriesRow) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let mut plot = Plot::new();
    let line = |name: &str, y: Vec<f64>, axis: &str, color: &'static str| {
        let (x, y) = min_max(&t, &y, buckets);
        Scatter::new(x, y)
            .name(name)
            .mode(Mode::Lines)
            .y_axis(axis)
            .line(Line::new().shape(LineShape::Hv).color(color).width(2.0))
    };

    // Load panel: users against what the ready servers carry, and the scaling thresholds.
    plot.add_trace(line("users", col(|r| r.users), "y", "#1c7ed6"));
    plot.add_trace(line("capacity at 100 % [users]", col(|r| r.capacity_users), "y", "#7048e8"));
    // The policy's thresholds, where they are in users: per-server values times ready servers.
    let a = &s.autoscaler;
    let users_metric = a.metric == Metric::UsersPerServer;
    let levels: Vec<(&str, f64, &'static str)> = match a.policy {
        Policy::Threshold => vec![
            ("scale-up threshold [users]", a.scale_up, theme.up),
            ("scale-down threshold [users]", a.scale_down, theme.down),
        ],
        Policy::Step if users_metric => {
            vec![("high alarm [users]", a.scale_up, theme.up), ("low alarm [users]", a.scale_down, theme.down)]
        }
        Policy::TargetTracking if users_metric => vec![("target [users]", a.target, theme.up)],
        _ => Vec::new(),
    };
    let ready = col(|r| r.ready as f64);
    for (name, per_server, color) in levels {
        let y = ready.iter().map(|n| n * per_server).collect();
        plot.add_trace(
            line(name, y, "y", color)
                .line(Line::new().dash(DashType::Dash).shape(LineShape::Hv).color(color).width(1.5)),
        );
    }
    // A predictive policy's forecasts, each drawn at the time it was made for.
    let forecasts: Vec<(f64, f64)> =
        rows.iter().filter_map(|r| Some((r.forecast_t?, r.forecast_users?))).filter(|f| f.0 <= s.duration_s).collect();
    if !forecasts.is_empty() {
        let (ft, fy): (Vec<f64>, Vec<f64>) = forecasts.into_iter().unzip();
        plot.add_trace(
            Scatter::new(ft, fy)
                .name("forecast [users]")
                .mode(Mode::Lines)
                .y_axis("y")
                .line(Line::new().dash(DashType::Dot).color("#e8590c").width(2.0)),
        );
    }
    plot.add_trace(
        line("arrivals [msg/s]", col(|r| r.arrival_rps), "y", "#868e96").visible(plotly::common::Visible::LegendOnly),
    );

    // Servers panel.
    plot.add_trace(line("ready", col(|r| r.ready as f64), "y2", "#2f9e44"));
    plot.add_trace(line("starting", col(|r| r.starting as f64), "y2", "#f59f00"));
    plot.add_trace(line("draining", col(|r| r.draining as f64), "y2", "#868e96"));

    // Latency panel, losses as steps on a second axis: one SVG path, not a bar per interval,
    // and not filled (a filled area doubles plotly's drawing time).
    plot.add_trace(line("p50 [ms]", col(|r| r.p50_ms), "y3", "#74c0fc"));
    plot.add_trace(line("p95 [ms]", col(|r| r.p95_ms), "y3", "#1c7ed6"));
    plot.add_trace(line("p99 [ms]", col(|r| r.p99_ms), "y3", "#0b3d91"));
    let losses = |name: &str, y: Vec<f64>, color: &'static str| {
        line(name, y, "y4", color).line(Line::new().shape(LineShape::Hv).color(color).width(1.5))
    };
    plot.add_trace(losses("dropped", col(|r| r.dropped as f64), theme.up));
    if s.failures.is_some() {
        plot.add_trace(losses("failed (crashes)", col(|r| r.failed as f64), theme.failure));
    }

    let shapes = report
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let color = match e.kind {
                ScalingKind::Up => theme.up,
                ScalingKind::Down => theme.down,
                ScalingKind::Crash | ScalingKind::Replace => theme.failure,
            };
            event_line(e.t, color, Emphasis::of(i, selected))
        })
        .collect();
    let layout = panels_layout(theme, 620, s.duration_s, "servers", "latency [ms]").shapes(shapes);
    plot.set_layout(layout);
    plot.set_configuration(configuration());
    plot
}

/// How an event line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Emphasis {
    /// Thin and dotted.
    Plain,
    /// The event chosen in the timeline: wide and solid.
    Chosen,
}

impl Emphasis {
    /// `Chosen` for event `i` when it is the `selected` one.
    pub(crate) fn of(i: usize, selected: Option<usize>) -> Emphasis {
        if selected == Some(i) {
            Emphasis::Chosen
        } else {
            Emphasis::Plain
        }
    }
}

/// A scaling event as a vertical line across the panels.
pub(crate) fn event_line(t: f64, color: &'static str, emphasis: Emphasis) -> Shape {
    let (width, dash) = match emphasis {
        Emphasis::Plain => (1.0, DashType::Dot),
        Emphasis::Chosen => (4.0, DashType::Solid),
    };
    Shape::new()
        .shape_type(ShapeType::Line)
        .x_ref("x")
        .y_ref("paper")
        .x0(t)
        .x1(t)
        .y0(0)
        .y1(1)
        .line(ShapeLine::new().color(color).width(width).dash(dash))
}

/// The three panels on one time axis: users (y), servers (y2), latency (y3) with losses (y4).
pub(crate) fn panels_layout(theme: Theme, height: usize, duration_s: f64, servers: &str, latency: &str) -> Layout {
    base_layout(theme, height)
        .x_axis(axis("time [s]", theme).range(vec![0.0, duration_s]).anchor("y3"))
        .y_axis(axis("users", theme).domain(&LOAD))
        .y_axis2(axis(servers, theme).domain(&SERVERS))
        .y_axis3(axis(latency, theme).domain(&LATENCY))
        .y_axis4(axis("lost / interval", theme).overlaying("y3").side(plotly::common::AxisSide::Right).show_grid(false))
        .hover_mode(plotly::layout::HoverMode::XUnified)
}

/// Requests completed by each server, as bars in order of creation.
pub fn spread_figure(report: &Report, theme: Theme) -> Plot {
    let names: Vec<String> = report.servers.iter().map(|s| format!("#{}", s.id)).collect();
    let served: Vec<u64> = report.servers.iter().map(|s| s.served).collect();
    let mut plot = Plot::new();
    plot.add_trace(Bar::new(names, served).name("requests served").marker(Marker::new().color("#4c6ef5")));
    plot.set_layout(
        base_layout(theme, 260)
            .show_legend(false)
            .x_axis(axis("server (in order of creation)", theme).type_(plotly::layout::AxisType::Category))
            .y_axis(axis("requests served", theme)),
    );
    plot.set_configuration(configuration());
    plot
}

#[cfg(test)]
mod tests {
    use super::*;
    use autoscale_sim::{run, Scenario};

    fn figure_json(plot: &Plot) -> serde_json::Value {
        serde_json::from_str(&plot.to_json()).unwrap()
    }

    #[test]
    fn fleet_figure_has_every_panel_and_an_event_line_per_event() {
        let report = run(&Scenario::default());
        let v = figure_json(&fleet_figure(&report, Some(1), LIGHT, 1000));
        let names: Vec<&str> = v["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        for name in ["users", "ready", "p95 [ms]", "dropped", "scale-up threshold [users]"] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        let shapes = v["layout"]["shapes"].as_array().unwrap();
        assert_eq!(shapes.len(), report.events.len());
        assert_eq!(shapes[1]["line"]["width"], 4.0, "the selected event stands out");
        assert_eq!(v["layout"]["xaxis"]["title"]["text"], "time [s]");
        let users = &v["data"][0]["y"];
        assert_eq!(users.as_array().unwrap().len(), report.series.len());
    }

    #[test]
    fn forecasts_and_failures_are_drawn_when_the_run_has_them() {
        let mut s = Scenario { duration_s: 120.0, ..Scenario::default() };
        s.autoscaler.policy = Policy::Predictive;
        s.failures = Some(autoscale_sim::failures::FailuresConfig {
            crashes: vec![autoscale_sim::failures::Crash { at_s: 30.0, server: 0 }],
            ..Default::default()
        });
        let report = run(&s);
        let v = figure_json(&fleet_figure(&report, None, LIGHT, 1000));
        let names: Vec<&str> = v["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"forecast [users]") && names.contains(&"failed (crashes)"), "{names:?}");
        let crash = report.events.iter().position(|e| e.kind == ScalingKind::Crash).unwrap();
        assert_eq!(v["layout"]["shapes"][crash]["line"]["color"], LIGHT.failure);
        let plain = figure_json(&fleet_figure(&run(&Scenario::default()), None, LIGHT, 1000));
        let names: Vec<&str> = plain["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert!(!names.contains(&"forecast [users]") && !names.contains(&"failed (crashes)"));
    }

    #[test]
    fn a_long_run_is_drawn_at_screen_resolution_without_a_bar_per_interval() {
        let mut s = Scenario { duration_s: 3600.0, ..Scenario::default() };
        s.autoscaler.interval_s = 0.5;
        let report = run(&s);
        assert_eq!(report.series.len(), 7200);
        let v = figure_json(&fleet_figure(&report, None, LIGHT, 400));
        for trace in v["data"].as_array().unwrap() {
            assert_ne!(trace["type"], "bar", "{}", trace["name"]);
            let n = trace["x"].as_array().unwrap().len();
            assert!(n <= 800, "{}: {n} points", trace["name"]);
        }
        let peak = report.series.iter().map(|r| r.p99_ms).fold(0.0, f64::max);
        let p99 = v["data"].as_array().unwrap().iter().find(|t| t["name"] == "p99 [ms]").unwrap();
        let drawn = p99["y"].as_array().unwrap().iter().filter_map(|y| y.as_f64()).fold(0.0, f64::max);
        assert_eq!(drawn, peak, "the highest p99 is drawn exactly");
    }

    #[test]
    fn spread_figure_has_a_bar_per_server() {
        let report = run(&Scenario::default());
        let v = figure_json(&spread_figure(&report, DARK));
        assert_eq!(v["data"][0]["x"].as_array().unwrap().len(), report.servers.len());
    }
}
