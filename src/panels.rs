//! The three panels the fleet and comparison figures share: load and capacity, servers,
//! latency with losses, on one time axis in seconds, hours or days as the run's length
//! suits; each panel titled; scaling events as vertical lines across them. Pure.

use std::fmt::Write;

use autoscale_sim::Report;
use plotly::common::{DashType, Font, Title};
use plotly::layout::{Axis, Layout, Margin, RangeMode, Shape, ShapeLine, ShapeType};
use plotly::Configuration;

use crate::palette::Theme;
use crate::titles::{self, Margins, Place, Titles};

/// Panel domains on the shared vertical axis: load, servers, latency (bottom).
const LOAD: [f64; 2] = [0.68, 1.0];
const SERVERS: [f64; 2] = [0.37, 0.61];
const LATENCY: [f64; 2] = [0.0, 0.30];

/// The time axis' unit for a run of `duration_s`: (seconds per unit, axis title).
pub fn time_unit(duration_s: f64) -> (f64, &'static str) {
    match duration_s {
        d if d > 3.0 * 86_400.0 => (86_400.0, "time [days]"),
        d if d > 2.0 * 3600.0 => (3600.0, "time [h]"),
        _ => (1.0, "time [s]"),
    }
}

/// Times [s] in the axis' unit.
pub fn in_unit(t: impl IntoIterator<Item = f64>, unit: f64) -> Vec<f64> {
    t.into_iter().map(|t| t / unit).collect()
}

/// An axis titled `title` (none if it is empty).
pub(crate) fn axis(title: &str, theme: Theme) -> Axis {
    let a = Axis::new().grid_color(theme.grid).zero_line_color(theme.grid).range_mode(RangeMode::ToZero);
    if title.is_empty() {
        a
    } else {
        a.title(Title::with_text(title))
    }
}

pub(crate) fn base_layout(theme: Theme, height: usize) -> Layout {
    Layout::new()
        .height(height)
        .auto_size(true)
        .margin(Margin::new().left(64).right(64).top(72).bottom(48))
        .font(Font::new().color(theme.text).size(12))
        .paper_background_color("rgba(0,0,0,0)")
        .plot_background_color("rgba(0,0,0,0)")
}

/// Plotly's display options: no logo, no plotly.com links, no mode bar (it covered the
/// legend, and its buttons have no names; the Export menu saves the chart, a drag zooms,
/// a double click zooms back), responsive.
pub fn configuration() -> Configuration {
    Configuration::new()
        .display_logo(false)
        .display_mode_bar(plotly::configuration::DisplayModeBar::False)
        .responsive(true)
        .show_link(false)
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

/// Scaling events as vertical lines across the panels: `events` are (x in the axis' unit,
/// colour, emphasis) in time order, on an axis `span` long drawn `buckets` wide. One path
/// shape per look (colour and emphasis), in the order the looks first appear: plotly lays
/// out and draws each shape at every redraw, so a line per event made a redraw of a run
/// with 2,626 events take 0.7 s. Of the events of one look that fall in the same bucket
/// (a pixel or two) only the first is drawn, so the paths stay at screen resolution.
pub(crate) fn event_lines(
    events: impl IntoIterator<Item = (f64, &'static str, Emphasis)>,
    span: f64,
    buckets: usize,
) -> Vec<Shape> {
    let bucket = |x: f64| if span > 0.0 { (x / span * buckets as f64).floor() as i64 } else { 0 };
    // (colour, emphasis, last bucket drawn, path)
    let mut looks: Vec<(&'static str, Emphasis, i64, String)> = Vec::new();
    for (x, color, emphasis) in events {
        let at = match looks.iter().position(|l| l.0 == color && l.1 == emphasis) {
            Some(at) => at,
            None => {
                looks.push((color, emphasis, i64::MIN, String::new()));
                looks.len() - 1
            }
        };
        let (look, b) = (&mut looks[at], bucket(x));
        if b != look.2 {
            look.2 = b;
            // Writing to a String cannot fail.
            let _ = write!(look.3, "M{x},0L{x},1");
        }
    }
    looks.into_iter().map(|(color, emphasis, _, path)| event_path(path, color, emphasis)).collect()
}

/// Vertical lines given as an SVG `path` in (x in the axis' unit, fraction of the plot's
/// height), drawn in `color` with `emphasis`.
fn event_path(path: String, color: &'static str, emphasis: Emphasis) -> Shape {
    let (width, dash) = match emphasis {
        Emphasis::Plain => (1.0, DashType::Dot),
        Emphasis::Chosen => (4.0, DashType::Solid),
    };
    Shape::new()
        .shape_type(ShapeType::Path)
        .x_ref("x")
        .y_ref("paper")
        .path(path)
        .line(ShapeLine::new().color(color).width(width).dash(dash))
}

/// Upper ends of the value axes (users, servers, latency, lost), fixed so that playback
/// does not rescale them as the run unfolds; `None` leaves an axis to plotly.
pub type Ranges = [Option<f64>; 4];

/// What the panels hold: the servers' and the latency's axis titles, whether the run lost
/// messages (the losses' axis is drawn only then, never an empty 0-1 axis), fixed ranges.
pub(crate) struct Panels<'a> {
    pub servers: &'a str,
    pub latency: &'a str,
    pub lost: bool,
    pub ranges: Ranges,
    /// A narrow chart (a phone): narrower margins, no y-axis titles.
    pub compact: bool,
}

/// The three panels on one time axis: users (y), servers (y2), latency (y3) with losses (y4).
/// Their titles are the page's (`titles`), not plotly's: see `titles`.
pub(crate) fn panels_layout(theme: Theme, height: usize, duration_s: f64, p: &Panels) -> Layout {
    let (unit, _) = time_unit(duration_s);
    let fixed = |a: Axis, top: Option<f64>| match top {
        Some(top) => a.range(vec![0.0, top.max(1.0) * 1.05]),
        None => a,
    };
    let [users, servers, latency, lost] = p.ranges;
    let m = margins(p.compact);
    let layout = base_layout(theme, height)
        .x_axis(axis("", theme).range(vec![0.0, duration_s / unit]).anchor("y3"))
        .y_axis(fixed(axis("", theme).domain(&LOAD), users))
        .y_axis2(fixed(axis("", theme).domain(&SERVERS), servers))
        .y_axis3(fixed(axis("", theme).domain(&LATENCY), latency))
        .hover_mode(plotly::layout::HoverMode::XUnified)
        // The legend is the page's (see `legend`): plotly's was a third of every redraw.
        .show_legend(false)
        .margin(
            Margin::new().left(m.left as usize).right(m.right as usize).top(m.top as usize).bottom(m.bottom as usize),
        );
    if !p.lost {
        return layout;
    }
    let losses = axis("", theme).overlaying("y3").side(plotly::common::AxisSide::Right).show_grid(false);
    layout.y_axis4(fixed(losses, lost))
}

/// The figure's margins [px]: room at the top for the first panel's title, at the left and
/// right for the value axes' labels and titles (a compact chart has no value axis titles).
fn margins(compact: bool) -> Margins {
    if compact {
        Margins { left: 48.0, right: 40.0, top: 24.0, bottom: 40.0 }
    } else {
        Margins { left: 64.0, right: 64.0, top: 28.0, bottom: 48.0 }
    }
}

/// The titles of the panels `panels_layout` draws `height` px high: each panel's name; the
/// value axes' titles, but on a compact chart (they overlapped, and the panel names say
/// what the axes are); the time axis' title.
pub(crate) fn panel_titles(height: usize, duration_s: f64, p: &Panels) -> Titles {
    let title = |text: &str, place| titles::Title { text: text.to_string(), place };
    let latency_panel = if p.lost { "Latency and messages lost" } else { "Latency (no message lost)" };
    let mut list = vec![
        title("Load and capacity", Place::Panel { top: LOAD[1] }),
        title("Servers", Place::Panel { top: SERVERS[1] }),
        title(latency_panel, Place::Panel { top: LATENCY[1] }),
    ];
    if !p.compact {
        let value = |axis, [from, to]: [f64; 2], right| Place::Value { axis, from, to, right };
        list.push(title("users", value("yaxis", LOAD, false)));
        list.push(title(p.servers, value("yaxis2", SERVERS, false)));
        list.push(title(p.latency, value("yaxis3", LATENCY, false)));
        if p.lost {
            list.push(title("lost / interval", value("yaxis4", LATENCY, true)));
        }
    }
    list.push(title(time_unit(duration_s).1, Place::Time));
    Titles { height: height as f64, margins: margins(p.compact), list }
}

/// Whether `report` lost any message (dropped or failed) in any interval.
pub fn lost_any(report: &Report) -> bool {
    report.series.iter().any(|r| r.dropped + r.failed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(shapes: &[Shape]) -> Vec<serde_json::Value> {
        shapes.iter().map(|s| serde_json::to_value(s).unwrap()).collect()
    }

    #[test]
    fn events_are_one_path_per_look_in_order_of_first_appearance() {
        let events = [(1.0, "red", Emphasis::Plain), (2.0, "green", Emphasis::Plain), (3.0, "red", Emphasis::Chosen)];
        let shapes = json(&event_lines(events.iter().map(|e| (e.0, e.1, e.2)), 10.0, 1000));
        assert_eq!(shapes.len(), 3);
        assert_eq!(shapes[0]["path"], "M1,0L1,1");
        assert_eq!((&shapes[1]["line"]["color"], &shapes[1]["path"]), (&"green".into(), &"M2,0L2,1".into()));
        assert_eq!((&shapes[2]["line"]["width"], &shapes[2]["line"]["dash"]), (&4.0.into(), &"solid".into()));
        assert!(shapes.iter().all(|s| s["type"] == "path" && s["xref"] == "x" && s["yref"] == "paper"));
    }

    #[test]
    fn thousands_of_events_stay_at_screen_resolution() {
        // An event every 0.01 units over 100 units, alternating two colours, 200 buckets wide.
        let events = (0..10_000).map(|i| (i as f64 * 0.01, if i % 2 == 0 { "red" } else { "green" }, Emphasis::Plain));
        let shapes = json(&event_lines(events, 100.0, 200));
        assert_eq!(shapes.len(), 2, "one path per colour");
        for s in &shapes {
            let lines = s["path"].as_str().unwrap().matches('M').count();
            assert_eq!(lines, 200, "one line per bucket, not per event");
        }
    }
}
