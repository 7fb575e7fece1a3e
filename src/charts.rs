//! Chart figures: pure functions from a report to plotly figures, tested natively.
//!
//! The fleet figure stacks three panels on one shared time axis (load and capacity,
//! servers, latency and drops; see `panels`), with every scaling event drawn as a vertical
//! line across all three. The spread figure shows how the balancer divided the work among
//! servers.

use autoscale_sim::scenario::{Metric, Policy};
use autoscale_sim::{Report, ScalingKind};
use plotly::common::{DashType, Line, LineShape, Marker, Mode};
use plotly::{Bar, Plot, Scatter};

pub use crate::panels::configuration;

/// The room a figure has: minimum-maximum buckets across (see `reduce::buckets`) and its
/// height [px].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Room {
    pub buckets: usize,
    pub height: usize,
    /// Narrow (a phone): see `panels::Panels::compact`.
    pub compact: bool,
}

/// A trace's name in a compact legend: without its unit, and shorter
/// ("capacity at 100 % [users]" -> "capacity").
pub fn short_name(name: &str) -> &str {
    let bare = name.split(" [").next().unwrap_or(name);
    match bare {
        "capacity at 100 %" => "capacity",
        "scale-up threshold" => "up threshold",
        "scale-down threshold" => "down threshold",
        other => other,
    }
}

/// The room the page's legend takes under a narrow chart (a phone, an embed) [px]: three
/// rows, reserved by style/main.css; the chart is that much shorter, so that chart and
/// legend together leave the controls where they were.
const LEGEND_ROOM: f64 = 72.0;

/// The fleet chart's height [px] in a window of `width` x `height` [px] (see `chart::room`).
pub fn height_for(width: f64, height: f64, embed: bool) -> usize {
    let h = if embed {
        height - 300.0 - LEGEND_ROOM
    } else if width <= 820.0 {
        height * 0.5 - LEGEND_ROOM
    } else {
        620.0
    };
    h.clamp(300.0, 620.0) as usize
}

impl Room {
    /// A desktop's room: `buckets` across, 620 px high.
    pub fn wide(buckets: usize) -> Room {
        Room { buckets, height: 620, compact: false }
    }
}
use crate::legend::{visibility, Entry, Figure, Hidden};
use crate::panels::{
    axis, base_layout, event_lines, in_unit, lost_any, panel_titles, panels_layout, time_unit, Emphasis, Panels, Ranges,
};
use crate::reduce::min_max;

pub use crate::palette::{Theme, DARK, LIGHT};

/// Load and capacity, servers, and latency with losses, over time, of `report`, which may
/// be `whole` up to a moment of playback: the axes' ranges are `whole`'s, so the picture
/// does not jump as it unfolds. `selected` marks one event; the series `hidden` names are
/// not drawn (the page's legend, see `legend`, shows or hides them). Every series is
/// reduced to `room.buckets` minimum-maximum pairs (see `reduce`).
pub fn fleet_figure(
    report: &Report,
    whole: &Report,
    selected: Option<usize>,
    theme: Theme,
    room: Room,
    hidden: &Hidden,
) -> Figure {
    let buckets = room.buckets;
    let s = &report.scenario;
    let rows = &report.series;
    let (unit, _) = time_unit(s.duration_s);
    let t: Vec<f64> = in_unit(rows.iter().map(|r| r.t), unit);
    let col = |f: fn(&autoscale_sim::SeriesRow) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let mut figure = Figure::default();
    let mut add = |name: &str, (x, y): (Vec<f64>, Vec<f64>), axis: &str, color: &'static str, style: Style| {
        series(&mut figure, hidden, room.compact, Series { name, x, y, axis, color, style });
    };
    let reduced = |y: Vec<f64>| min_max(&t, &y, buckets);

    // Load panel: users against what the ready servers carry, and the scaling thresholds.
    add("users", reduced(col(|r| r.users)), "y", theme.users, Style::Solid);
    add("capacity at 100 % [users]", reduced(col(|r| r.capacity_users)), "y", theme.capacity, Style::Solid);
    // The policy's thresholds, where they are in users: per-server values times ready servers.
    let ready = col(|r| r.ready as f64);
    for (name, per_server, color) in levels(&s.autoscaler, theme) {
        let y = ready.iter().map(|n| n * per_server).collect();
        add(name, reduced(y), "y", color, Style::Dashed);
    }
    // A predictive policy's forecasts, each drawn at the time it was made for.
    let forecasts: Vec<(f64, f64)> =
        rows.iter().filter_map(|r| Some((r.forecast_t?, r.forecast_users?))).filter(|f| f.0 <= s.duration_s).collect();
    if !forecasts.is_empty() {
        let (x, y): (Vec<f64>, Vec<f64>) = forecasts.into_iter().map(|(t, y)| (t / unit, y)).unzip();
        add("forecast [users]", min_max(&x, &y, buckets), "y", theme.forecast, Style::Dotted);
    }
    add("arrivals [msg/s]", reduced(col(|r| r.arrival_rps)), "y", theme.arrivals, Style::Solid);

    // Servers panel.
    add("ready", reduced(col(|r| r.ready as f64)), "y2", theme.ready, Style::Solid);
    add("starting", reduced(col(|r| r.starting as f64)), "y2", theme.starting, Style::Solid);
    add("draining", reduced(col(|r| r.draining as f64)), "y2", theme.draining, Style::Solid);

    // Latency panel, losses as steps on a second axis: one SVG path, not a bar per interval,
    // and not filled (a filled area doubles plotly's drawing time).
    add("p50 [ms]", reduced(col(|r| r.p50_ms)), "y3", theme.p50, Style::Solid);
    add("p95 [ms]", reduced(col(|r| r.p95_ms)), "y3", theme.p95, Style::Solid);
    add("p99 [ms]", reduced(col(|r| r.p99_ms)), "y3", theme.p99, Style::Solid);
    let lost = lost_any(whole);
    if lost {
        add("dropped", reduced(col(|r| r.dropped as f64)), "y4", theme.up, Style::Thin);
        if s.failures.is_some() {
            add("failed (crashes)", reduced(col(|r| r.failed as f64)), "y4", theme.failure, Style::Thin);
        }
    }

    let events = report.events.iter().enumerate().map(|(i, e)| {
        let color = match e.kind {
            ScalingKind::Up => theme.up,
            ScalingKind::Down => theme.down,
            ScalingKind::Crash | ScalingKind::Replace => theme.failure,
        };
        (e.t / unit, color, Emphasis::of(i, selected))
    });
    let shapes = event_lines(events, s.duration_s / unit, buckets);
    let ranges = if whole.series.len() > report.series.len() { maxima(whole) } else { [None; 4] };
    let panels = Panels { servers: "servers", latency: "latency [ms]", lost, ranges, compact: room.compact };
    let layout = panels_layout(theme, room.height, s.duration_s, &panels).shapes(shapes);
    figure.titles = panel_titles(room.height, s.duration_s, &panels);
    figure.plot.set_layout(layout);
    figure.plot.set_configuration(configuration());
    figure
}

/// How a series' line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// In steps, 2 px: a measured series.
    Solid,
    /// In steps, dashed: a policy's level.
    Dashed,
    /// In steps, 1.5 px: the losses, on their own axis.
    Thin,
    /// Point to point, dotted: a forecast.
    Dotted,
}

/// One series of the fleet figure, its points already reduced.
struct Series<'a> {
    /// Its full name, with its unit: the legend's key.
    name: &'a str,
    x: Vec<f64>,
    y: Vec<f64>,
    axis: &'a str,
    color: &'static str,
    style: Style,
}

/// Adds `s` to `figure`, drawn unless `hidden` hides it, with its legend entry (named
/// shorter on a `compact` chart).
fn series(figure: &mut Figure, hidden: &Hidden, compact: bool, s: Series) {
    let label = if compact { short_name(s.name) } else { s.name };
    let (shape, dash, width) = match s.style {
        Style::Solid => (LineShape::Hv, DashType::Solid, 2.0),
        Style::Dashed => (LineShape::Hv, DashType::Dash, 1.5),
        Style::Thin => (LineShape::Hv, DashType::Solid, 1.5),
        Style::Dotted => (LineShape::Linear, DashType::Dot, 2.0),
    };
    let trace = Scatter::new(s.x, s.y)
        .name(label)
        .mode(Mode::Lines)
        .y_axis(s.axis)
        .visible(visibility(hidden.hides(s.name)))
        .line(Line::new().shape(shape).color(s.color).width(width).dash(dash));
    let dashed = matches!(s.style, Style::Dashed | Style::Dotted);
    figure.add(trace, Some(Entry { key: s.name.to_string(), label: label.to_string(), color: s.color, dashed }));
}

/// The largest value each axis of the fleet figure shows over the whole run: users (and
/// capacity, thresholds in users, forecasts), servers, latency, messages lost per interval.
fn maxima(whole: &Report) -> Ranges {
    let level = levels(&whole.scenario.autoscaler, crate::palette::LIGHT).iter().map(|l| l.1).fold(0.0, f64::max);
    let max = |f: &dyn Fn(&autoscale_sim::SeriesRow) -> f64| whole.series.iter().map(f).fold(0.0, f64::max);
    let users = max(&|r| r.users.max(r.capacity_users).max(r.forecast_users.unwrap_or(0.0)));
    let thresholds = max(&|r| r.ready as f64 * level);
    [
        Some(users.max(thresholds)),
        Some(max(&|r| r.ready.max(r.starting).max(r.draining) as f64)),
        Some(max(&|r| r.p99_ms.max(r.p95_ms).max(r.p50_ms))),
        Some(max(&|r| r.dropped.max(r.failed) as f64)),
    ]
}

/// The policy's levels that are in users per server, drawn in the load panel: (name,
/// users per server, colour).
fn levels(a: &autoscale_sim::scenario::AutoscalerConfig, theme: Theme) -> Vec<(&'static str, f64, &'static str)> {
    let users_metric = a.metric == Metric::UsersPerServer;
    match a.policy {
        Policy::Threshold => vec![
            ("scale-up threshold [users]", a.scale_up, theme.up),
            ("scale-down threshold [users]", a.scale_down, theme.down),
        ],
        Policy::Step if users_metric => {
            vec![("high alarm [users]", a.scale_up, theme.up), ("low alarm [users]", a.scale_down, theme.down)]
        }
        Policy::TargetTracking if users_metric => vec![("target [users]", a.target, theme.up)],
        _ => Vec::new(),
    }
}

/// The spread chart's height [px].
pub const SPREAD_HEIGHT: usize = 260;

/// Most servers drawn as a bar each in the spread chart; more are drawn as one line.
pub const SPREAD_BARS: usize = 100;

/// Minimum-maximum pairs the spread chart's line keeps (see `reduce`).
const SPREAD_BUCKETS: usize = 400;

/// Requests completed by each server in order of creation: a bar each, or, beyond
/// `SPREAD_BARS` servers, one stepped line at screen resolution (a flapping hour created
/// 1,316 servers, and a bar each took plotly 180 ms to draw; a line costs the same for any
/// number).
pub fn spread_figure(report: &Report, theme: Theme) -> Plot {
    let served = report.servers.iter().map(|s| s.served as f64);
    let mut plot = Plot::new();
    let x_axis = axis("server (in order of creation)", theme);
    let x_axis = if report.servers.len() <= SPREAD_BARS {
        let names: Vec<String> = report.servers.iter().map(|s| format!("#{}", s.id)).collect();
        plot.add_trace(
            Bar::new(names, served.collect()).name("requests served").marker(Marker::new().color(theme.users)),
        );
        x_axis.type_(plotly::layout::AxisType::Category)
    } else {
        let ids: Vec<f64> = report.servers.iter().map(|s| s.id as f64).collect();
        let (x, y) = min_max(&ids, &served.collect::<Vec<_>>(), SPREAD_BUCKETS);
        let line = Line::new().shape(LineShape::Hv).color(theme.users).width(1.5);
        plot.add_trace(Scatter::new(x, y).name("requests served").mode(Mode::Lines).line(line));
        x_axis
    };
    plot.set_layout(
        base_layout(theme, SPREAD_HEIGHT).show_legend(false).x_axis(x_axis).y_axis(axis("requests served", theme)),
    );
    plot.set_configuration(configuration());
    plot
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::titles::Place;
    use autoscale_sim::report::ServerSummary;
    use autoscale_sim::{run, Scenario};

    #[test]
    fn compact_names_drop_units() {
        assert_eq!(short_name("capacity at 100 % [users]"), "capacity");
        assert_eq!(short_name("p95 [ms]"), "p95");
        assert_eq!(short_name("ready"), "ready");
        let report = run(&Scenario::default());
        let phone = Room { buckets: 300, height: 420, compact: true };
        let v = fleet_json(&report, &report, None, phone);
        let names: Vec<&str> = v["data"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
        assert!(names.iter().all(|n| !n.contains('[')), "{names:?}");
        assert_eq!(v["layout"]["showlegend"], false, "the page draws the legend");
        assert!(v["layout"]["yaxis"]["title"].is_null(), "the page draws the titles");
        let titles = fleet_figure(&report, &report, None, LIGHT, phone, &Hidden::default()).titles;
        assert!(
            titles.list.iter().all(|t| !matches!(t.place, Place::Value { .. })),
            "the panel titles say what the axes are"
        );
    }

    #[test]
    fn the_chart_leaves_room_for_the_controls_where_it_must() {
        assert_eq!(height_for(1440.0, 900.0, false), 620);
        assert_eq!(height_for(700.0, 760.0, true), 388, "README's iframe: chart, legend and controls in one screen");
        assert!(height_for(390.0, 844.0, false) <= 422, "a phone keeps half its screen for the controls");
        assert_eq!(height_for(320.0, 480.0, false), 300, "never flatter than 300 px");
    }

    fn figure_json(plot: &Plot) -> serde_json::Value {
        serde_json::from_str(&plot.to_json()).unwrap()
    }

    /// The fleet figure's titles, in order.
    fn title_texts(report: &Report, whole: &Report) -> Vec<String> {
        let figure = fleet_figure(report, whole, None, LIGHT, Room::wide(1000), &Hidden::default());
        figure.titles.list.into_iter().map(|t| t.text).collect()
    }

    /// The fleet figure's JSON, nothing hidden but what is at first.
    fn fleet_json(report: &Report, whole: &Report, selected: Option<usize>, room: Room) -> serde_json::Value {
        figure_json(&fleet_figure(report, whole, selected, LIGHT, room, &Hidden::default()).plot)
    }

    /// The page's legend has an entry per trace, keyed by the full name; what it hides is
    /// drawn invisible, the arrivals until asked for.
    #[test]
    fn the_legend_lists_every_series_and_hides_what_it_is_told() {
        let report = run(&Scenario::default());
        let mut hidden = Hidden::default();
        hidden.toggle("p95 [ms]");
        let figure = fleet_figure(&report, &report, None, LIGHT, Room::wide(1000), &hidden);
        let v = figure_json(&figure.plot);
        let data = v["data"].as_array().unwrap();
        assert_eq!(figure.legend.len(), data.len(), "one entry per trace");
        for (entry, trace) in figure.legend.iter().zip(data) {
            assert_eq!(trace["name"], entry.label.as_str());
            assert_eq!(trace["line"]["color"], entry.color);
            let drawn = trace["visible"] == serde_json::json!(true);
            assert_eq!(drawn, !hidden.hides(&entry.key), "{}", entry.key);
        }
        let off: Vec<&str> = figure.legend.iter().filter(|e| hidden.hides(&e.key)).map(|e| e.key.as_str()).collect();
        assert_eq!(off, ["arrivals [msg/s]", "p95 [ms]"]);
        let phone = Room { buckets: 300, height: 420, compact: true };
        let compact = fleet_figure(&report, &report, None, LIGHT, phone, &hidden);
        let p95 = compact.legend.iter().find(|e| e.key == "p95 [ms]").unwrap();
        assert_eq!(p95.label, "p95", "a phone's label is short, its key the same");
    }

    /// The times of the vertical lines in an event shape's path ("M{x},0L{x},1" each).
    pub(crate) fn event_xs(shape: &serde_json::Value) -> Vec<f64> {
        let path = shape["path"].as_str().expect("an event path");
        path.split('M').filter(|p| !p.is_empty()).map(|p| p.split(',').next().unwrap().parse().unwrap()).collect()
    }

    #[test]
    fn fleet_figure_has_every_panel_and_an_event_line_per_event() {
        let report = run(&Scenario::default());
        let v = fleet_json(&report, &report, Some(1), Room::wide(1000));
        let names: Vec<&str> = v["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        for name in ["users", "ready", "p95 [ms]", "scale-up threshold [users]"] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        // One path per look; each event a segment of its look's path, the selected one alone.
        let shapes = v["layout"]["shapes"].as_array().unwrap();
        let drawn: Vec<f64> = shapes.iter().flat_map(event_xs).collect();
        assert_eq!(drawn.len(), report.events.len());
        let chosen: Vec<_> = shapes.iter().filter(|s| s["line"]["width"] == 4.0).collect();
        assert_eq!(chosen.len(), 1, "the selected event stands out");
        assert_eq!(event_xs(chosen[0]), vec![report.events[1].t]);
        assert!(v["layout"]["xaxis"]["title"].is_null() && v["layout"]["annotations"].is_null(), "the page's titles");
        assert_eq!(
            title_texts(&report, &report),
            [
                "Load and capacity",
                "Servers",
                "Latency (no message lost)",
                "users",
                "servers",
                "latency [ms]",
                "time [s]"
            ]
        );
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
        let v = fleet_json(&report, &report, None, Room::wide(1000));
        let names: Vec<&str> = v["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"forecast [users]") && names.contains(&"failed (crashes)"), "{names:?}");
        let crash = report.events.iter().find(|e| e.kind == ScalingKind::Crash).unwrap();
        let shapes = v["layout"]["shapes"].as_array().unwrap();
        let failures = shapes.iter().find(|s| s["line"]["color"] == LIGHT.failure).expect("a failure line");
        assert!(event_xs(failures).contains(&crash.t));
        let plain_run = run(&Scenario::default());
        let plain = fleet_json(&plain_run, &plain_run, None, Room::wide(1000));
        let names: Vec<&str> = plain["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert!(!names.contains(&"forecast [users]") && !names.contains(&"failed (crashes)"));
    }

    #[test]
    fn a_long_run_is_drawn_at_screen_resolution_without_a_bar_per_interval() {
        let mut s = Scenario { duration_s: 3600.0, ..Scenario::default() };
        s.autoscaler.interval_s = 0.5;
        // A predictive policy: its forecasts (one per interval) are a series too.
        s.autoscaler.policy = Policy::Predictive;
        let report = run(&s);
        assert_eq!(report.series.len(), 7200);
        let v = fleet_json(&report, &report, None, Room::wide(400));
        assert!(v["data"].as_array().unwrap().iter().any(|t| t["name"] == "forecast [users]"));
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

    /// Losses get a trace and an axis only when a message was lost: never an empty 0-1 axis.
    #[test]
    fn losses_are_drawn_only_when_messages_were_lost() {
        let calm = run(&Scenario::default());
        assert!(!crate::panels::lost_any(&calm));
        let v = fleet_json(&calm, &calm, None, Room::wide(1000));
        assert!(
            v["layout"]["yaxis4"].is_null() && v["data"].as_array().unwrap().iter().all(|t| t["name"] != "dropped")
        );
        assert!(!title_texts(&calm, &calm).contains(&"lost / interval".to_string()));
        let mut s = Scenario::default();
        s.traffic.peak_users = 600.0;
        s.service.queue_limit = Some(5);
        let busy = run(&s);
        assert!(busy.summary.dropped > 0);
        let v = fleet_json(&busy, &busy, None, Room::wide(1000));
        assert_eq!(v["layout"]["yaxis4"]["overlaying"], "y3");
        assert!(v["data"].as_array().unwrap().iter().any(|t| t["name"] == "dropped"));
        let titles = title_texts(&busy, &busy);
        assert!(
            titles.contains(&"Latency and messages lost".to_string())
                && titles.contains(&"lost / interval".to_string())
        );
    }

    /// A day reads in hours; its events and series share the unit; playback keeps the
    /// whole run's ranges.
    #[test]
    fn long_runs_read_in_hours_and_playback_keeps_the_axes() {
        let s = Scenario { duration_s: 6.0 * 3600.0, ..Scenario::default() };
        let whole = run(&s);
        let v = fleet_json(&whole, &whole, None, Room::wide(1000));
        assert_eq!(title_texts(&whole, &whole).last().map(String::as_str), Some("time [h]"));
        assert_eq!(v["layout"]["xaxis"]["range"][1], 6.0);
        let last_t = v["data"][0]["x"].as_array().unwrap().last().unwrap().as_f64().unwrap();
        assert!((last_t - 6.0).abs() < 1e-9, "{last_t}");
        assert!(v["layout"]["yaxis"]["range"].is_null(), "the whole run: plotly's own range");
        let early = crate::playback::until(&whole, 3600.0);
        let v = fleet_json(&early, &whole, None, Room::wide(1000));
        let top = v["layout"]["yaxis"]["range"][1].as_f64().unwrap();
        let peak = whole.series.iter().map(|r| r.users.max(r.capacity_users)).fold(0.0, f64::max);
        assert!(top >= peak, "users axis {top} holds the whole run's {peak}");
        assert!(v["layout"]["yaxis2"]["range"][1].as_f64().unwrap() >= whole.summary.peak_servers as f64);
    }

    #[test]
    fn spread_figure_has_a_bar_per_server() {
        let report = run(&Scenario::default());
        let v = figure_json(&spread_figure(&report, DARK));
        assert_eq!(v["data"][0]["x"].as_array().unwrap().len(), report.servers.len());
        assert_eq!(v["data"][0]["type"], "bar");
    }

    /// A run that creates thousands of servers: one line at screen resolution, its peak kept.
    #[test]
    fn spread_figure_of_many_servers_is_one_line() {
        let mut report = run(&Scenario::default());
        let template = report.servers[0].clone();
        report.servers = (0..5000u32)
            .map(|id| ServerSummary {
                id,
                served: u64::from(id % 97) + u64::from(id == 4321) * 1000,
                ..template.clone()
            })
            .collect();
        let v = figure_json(&spread_figure(&report, DARK));
        assert_eq!(v["data"].as_array().unwrap().len(), 1);
        assert_eq!(v["data"][0]["type"], "scatter");
        let y = v["data"][0]["y"].as_array().unwrap();
        assert!(y.len() <= 2 * SPREAD_BUCKETS, "{} points", y.len());
        assert!(y.iter().any(|v| v.as_f64() == Some(1000.0 + f64::from(4321 % 97))), "the busiest server's peak kept");
    }
}
