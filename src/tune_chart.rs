//! Pure: a search's settings as a cost-against-violation scatter, with the Pareto front
//! drawn through its points, the cheapest setting that meets the objective starred and the
//! current setting marked; hover names each point's settings and figures.

use autoscale_sim::tune::{Point, Tuning};
use plotly::common::{Marker, MarkerSymbol, Mode, Title};
use plotly::layout::{Axis, Layout, Margin};
use plotly::{Plot, Scatter};

use crate::charts::Theme;

/// "scale_up 30.3, min_servers 9: 0.1525 $, 35 s outside the objective, p95 179 ms".
pub fn describe(t: &Tuning, p: &Point, percentile: &str) -> String {
    let settings = autoscale_sim::tune::table::settings(&t.params, &p.values);
    let fluid = if p.engine == autoscale_sim::engine::Engine::Fluid {
        " (fluid engine: the exact run is beyond the budget)"
    } else {
        ""
    };
    format!(
        "{}: {:.4} $, {:.0} s outside the objective, {percentile} {:.0} ms{}{fluid}",
        settings,
        p.cost,
        p.violated_s,
        p.latency_ms,
        if p.met { "" } else { ", misses it" }
    )
}

fn trace(points: &[&Point], name: &str, hover: Vec<String>) -> Box<Scatter<f64, f64>> {
    let x = points.iter().map(|p| p.cost).collect();
    let y = points.iter().map(|p| p.violated_s).collect();
    Scatter::new(x, y).name(name).hover_text_array(hover).hover_info(plotly::common::HoverInfo::Text)
}

/// The scatter of every setting tried.
pub fn figure(t: &Tuning, percentile: &str, theme: Theme) -> Plot {
    let mut plot = Plot::new();
    let hover = |ps: &[&Point]| ps.iter().map(|p| describe(t, p, percentile)).collect::<Vec<_>>();
    let all: Vec<&Point> = t.points.iter().collect();
    plot.add_trace(
        trace(&all, "settings tried", hover(&all))
            .mode(Mode::Markers)
            .marker(Marker::new().color(theme.arrivals).size(6)),
    );
    let front: Vec<&Point> = t.front.iter().map(|&i| &t.points[i]).collect();
    plot.add_trace(
        trace(&front, "Pareto front", hover(&front))
            .mode(Mode::LinesMarkers)
            .line(plotly::common::Line::new().color(theme.users).width(2.0))
            .marker(Marker::new().color(theme.users).size(8)),
    );
    let own = [&t.baseline];
    plot.add_trace(
        trace(&own, "current setting", hover(&own))
            .mode(Mode::Markers)
            .marker(Marker::new().color(theme.up).size(12).symbol(MarkerSymbol::Diamond)),
    );
    if let Some(best) = t.best.map(|i| &t.points[i]) {
        let best = [best];
        plot.add_trace(
            trace(&best, "cheapest meeting the objective", hover(&best))
                .mode(Mode::Markers)
                .marker(Marker::new().color(theme.down).size(16).symbol(MarkerSymbol::Star)),
        );
    }
    let axis =
        |title: &str| Axis::new().title(Title::with_text(title)).grid_color(theme.grid).zero_line_color(theme.grid);
    plot.set_layout(
        Layout::new()
            .height(360)
            .auto_size(true)
            .margin(Margin::new().left(64).right(24).top(40).bottom(48))
            .font(plotly::common::Font::new().color(theme.text).size(12))
            .paper_background_color("rgba(0,0,0,0)")
            .plot_background_color("rgba(0,0,0,0)")
            .x_axis(axis("cost [$]"))
            .y_axis(axis("time outside the objective [s]").range_mode(plotly::layout::RangeMode::ToZero))
            .legend(
                plotly::layout::Legend::new()
                    .orientation(plotly::common::Orientation::Horizontal)
                    .x(0.0)
                    .y(1.02)
                    .y_anchor(plotly::common::Anchor::Bottom),
            ),
    );
    plot.set_configuration(crate::panels::configuration());
    plot
}

#[cfg(test)]
mod tests {
    use super::*;
    use autoscale_sim::tune::{tune, Space};
    use autoscale_sim::{run, Report, Scenario};

    #[test]
    fn the_scatter_draws_every_setting_the_front_and_the_best() {
        let s = Scenario::default();
        let space = Space::parse(r#"{"budget": 24}"#, &s).unwrap();
        let batch = |b: &[Scenario]| b.iter().map(run).collect::<Vec<Report>>();
        let t = tune(&s, &space, &batch, &mut |_, _| {}).unwrap();
        let v: serde_json::Value = serde_json::from_str(&figure(&t, "p95", crate::charts::LIGHT).to_json()).unwrap();
        let data = v["data"].as_array().unwrap();
        assert_eq!(data[0]["x"].as_array().unwrap().len(), t.points.len());
        let front_x: Vec<f64> = data[1]["x"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        assert!(front_x.windows(2).all(|w| w[0] <= w[1]), "the front runs by cost");
        assert_eq!(data.len(), if t.best.is_some() { 4 } else { 3 });
        let hover = data[0]["hovertext"][0].as_str().unwrap();
        assert!(hover.starts_with("scale_up ") && hover.contains(" $, ") && hover.contains("p95"), "{hover}");
    }
}
