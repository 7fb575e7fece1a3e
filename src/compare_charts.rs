//! The comparison figure: every variant's run overlaid on the fleet figure's three panels
//! (load and capacity, servers, latency and losses), one colour and legend group per
//! variant, with the objective's ceiling across the latency panel. Pure; tested natively.

use autoscale_sim::Choice;
use autoscale_sim::{Report, SeriesRow};
use plotly::common::{DashType, Line, LineShape, Mode};
use plotly::layout::{Shape, ShapeLine, ShapeType};
use plotly::Scatter;

use crate::legend::{visibility, Entry, Figure, Hidden};
use crate::palette::Theme;
use crate::panels::{configuration, event_lines, in_unit, panel_titles, panels_layout, time_unit, Emphasis, Panels};
use crate::reduce::min_max;

/// One colour per variant, in order; as many as `lab::MAX_VARIANTS`. Mid-tones, at least
/// 3:1 against both schemes' backgrounds (tested in `palette`).
pub const VARIANT_COLOURS: [&str; 6] = ["#1c7ed6", "#e8590c", "#2f9e44", "#ae3ec9", "#d6336c", "#0c8599"];

/// The colour of variant `i`.
pub fn colour(i: usize) -> &'static str {
    VARIANT_COLOURS[i % VARIANT_COLOURS.len()]
}

/// The figure comparing `runs` (name and report, all on the same traffic); the events of
/// run `shown` are drawn as vertical lines in its colour, `selected` wider. The legend has
/// an entry per variant (and one for the users), which `hidden` hides with all its series.
/// Every series is reduced to `buckets` minimum-maximum pairs (see `reduce`).
pub fn compare_figure(
    runs: &[(&str, &Report)],
    shown: usize,
    selected: Option<usize>,
    theme: Theme,
    room: crate::charts::Room,
    hidden: &Hidden,
) -> Figure {
    let buckets = room.buckets;
    let mut figure = Figure::default();
    let Some((_, first)) = runs.first() else { return figure };
    let objective = first.scenario.objective;
    let percentile = objective.percentile.name();
    let (unit, _) = time_unit(first.scenario.duration_s);
    let t = |r: &Report| in_unit(r.series.iter().map(|row| row.t), unit);
    // Losses are drawn only if some variant lost messages: never an empty 0-1 axis.
    let lost = runs.iter().any(|(_, r)| crate::panels::lost_any(r));
    let col = |r: &Report, f: &dyn Fn(&SeriesRow) -> f64| r.series.iter().map(f).collect::<Vec<f64>>();

    // The same users for every variant: drawn once.
    let reduced = |r: &Report, y: Vec<f64>| min_max(&t(r), &y, buckets);
    let (x, y) = reduced(first, col(first, &|row| row.users));
    let users = "users (all variants)";
    let entry = Entry { key: users.into(), label: users.into(), color: theme.text, dashed: false };
    figure.add(
        Scatter::new(x, y)
            .name(users)
            .mode(Mode::Lines)
            .visible(visibility(hidden.hides(users)))
            .line(Line::new().shape(LineShape::Hv).color(theme.text).width(2.5)),
        Some(entry),
    );
    for (i, (name, r)) in runs.iter().enumerate() {
        let shown = visibility(hidden.hides(name));
        let line = |label: &str, y: Vec<f64>, axis: &str, dash: DashType| {
            let (x, y) = reduced(r, y);
            Scatter::new(x, y)
                .name(format!("{name}: {label}"))
                .legend_group(name)
                .mode(Mode::Lines)
                .y_axis(axis)
                .visible(shown.clone())
                .line(Line::new().shape(LineShape::Hv).color(colour(i)).width(2.0).dash(dash))
        };
        // The variant's entry stands for all its series.
        let entry = Entry { key: name.to_string(), label: name.to_string(), color: colour(i), dashed: false };
        figure.add(line("capacity [users]", col(r, &|row| row.capacity_users), "y", DashType::Solid), Some(entry));
        let billed = col(r, &|row| (row.ready + row.starting + row.draining) as f64);
        figure.add(line("servers", billed, "y2", DashType::Solid), None);
        let latency = col(r, &|row| objective.percentile.of(row.p50_ms, row.p95_ms, row.p99_ms));
        figure.add(line(&format!("{percentile} [ms]"), latency, "y3", DashType::Solid), None);
        if lost {
            figure.add(line("lost", col(r, &|row| (row.dropped + row.failed) as f64), "y4", DashType::Dot), None);
        }
    }

    let duration = first.scenario.duration_s;
    let mut shapes: Vec<Shape> = vec![Shape::new()
        .shape_type(ShapeType::Line)
        .x_ref("x")
        .y_ref("y3")
        .x0(0.0)
        .x1(duration / unit)
        .y0(objective.latency_ms)
        .y1(objective.latency_ms)
        .line(ShapeLine::new().color(theme.failure).width(1.5).dash(DashType::Dash))];
    if let Some((_, r)) = runs.get(shown) {
        shapes.extend(event_lines(
            r.events.iter().enumerate().map(|(i, e)| (e.t / unit, colour(shown), Emphasis::of(i, selected))),
            duration / unit,
            room.buckets,
        ));
    }
    let latency = format!("{percentile} latency [ms]");
    let panels =
        Panels { servers: "servers billed", latency: &latency, lost, ranges: [None; 4], compact: room.compact };
    let layout = panels_layout(theme, room.height + 40, duration, &panels).shapes(shapes);
    figure.titles = panel_titles(room.height + 40, duration, &panels);
    figure.plot.set_layout(layout);
    figure.plot.set_configuration(configuration());
    figure
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::LIGHT;
    use autoscale_sim::scenario::Policy;
    use autoscale_sim::{run, Scenario};

    #[test]
    fn every_variant_has_its_colour_and_legend_group() {
        let a = Scenario { duration_s: 120.0, ..Scenario::default() };
        let mut b = a.clone();
        b.autoscaler.policy = Policy::TargetTracking;
        let mut c = a.clone();
        c.autoscaler.policy = Policy::Fixed;
        let reports = [run(&a), run(&b), run(&c)];
        let runs: Vec<(&str, &Report)> = ["A", "B", "fixed"].into_iter().zip(reports.iter()).collect();
        let v: serde_json::Value = serde_json::from_str(
            &compare_figure(&runs, 1, Some(0), LIGHT, crate::charts::Room::wide(1000), &Hidden::default())
                .plot
                .to_json(),
        )
        .unwrap();
        let data = v["data"].as_array().unwrap();
        let per_variant = 3 + reports.iter().any(crate::panels::lost_any) as usize;
        assert_eq!(data.len(), 1 + per_variant * 3, "users once, three or four traces per variant");
        for (i, name) in ["A", "B", "fixed"].iter().enumerate() {
            let own: Vec<_> = data.iter().filter(|t| t["legendgroup"] == *name).collect();
            assert_eq!(own.len(), per_variant, "{name}");
            assert!(own.iter().all(|t| t["line"]["color"] == colour(i)));
        }
        let shapes = v["layout"]["shapes"].as_array().unwrap();
        assert_eq!(shapes[0]["y0"], 200.0, "the ceiling first");
        let events: Vec<f64> = shapes[1..].iter().flat_map(crate::charts::tests::event_xs).collect();
        assert_eq!(events, reports[1].events.iter().map(|e| e.t).collect::<Vec<_>>(), "B's events");
        assert_eq!(shapes[1]["line"]["width"], 4.0, "its first event, selected");
    }

    /// A variant's legend entry shows or hides all its series at once.
    #[test]
    fn the_legend_has_an_entry_per_variant_that_hides_all_its_series() {
        let a = Scenario { duration_s: 120.0, ..Scenario::default() };
        let mut b = a.clone();
        b.autoscaler.policy = Policy::Fixed;
        let reports = [run(&a), run(&b)];
        let runs: Vec<(&str, &Report)> = ["A", "B"].into_iter().zip(reports.iter()).collect();
        let mut hidden = Hidden::default();
        hidden.toggle("B");
        let figure = compare_figure(&runs, 0, None, LIGHT, crate::charts::Room::wide(1000), &hidden);
        let keys: Vec<&str> = figure.legend.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["users (all variants)", "A", "B"]);
        let v: serde_json::Value = serde_json::from_str(&figure.plot.to_json()).unwrap();
        for trace in v["data"].as_array().unwrap() {
            let drawn = trace["visible"] == serde_json::json!(true);
            assert_eq!(drawn, trace["legendgroup"] != "B", "{}", trace["name"]);
        }
    }
}
