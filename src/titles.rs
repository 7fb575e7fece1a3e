//! The fleet figure's titles (each panel's name, each axis' title), drawn by the page over
//! the plot instead of by plotly.
//!
//! Plotly measured every tick label of an axis to keep its title clear of them, and laid
//! out each panel title as an annotation: together about a quarter of every redraw
//! (Plotly.react alone on the default figure, alternated in one sitting: 35 / 40 ms with
//! them, 27 / 29 ms without). The margins leave room for them at fixed places, so the page
//! places them itself; the PNG export puts them back into plotly's layout (see
//! `plotly_js::download_png`), so the saved image still has them.

use leptos::prelude::*;

/// One title and where it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Title {
    pub text: String,
    pub place: Place,
}

/// Where a title sits, in the figure's paper coordinates (0 at the bottom, 1 at the top).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Place {
    /// A panel's name, above the top left corner of the panel whose domain ends at `top`.
    Panel { top: f64 },
    /// The title of the value axis `axis` ("yaxis", "yaxis2", ...), beside its panel's
    /// domain (`from`, `to`), on the left or (`right`) the right.
    Value { axis: &'static str, from: f64, to: f64, right: bool },
    /// The time axis' title, under the plot.
    Time,
}

/// The margins of a figure [px]: left, right, top, bottom.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// The titles of a figure `height` px high with margins `margins` [px].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Titles {
    pub height: f64,
    pub margins: Margins,
    pub list: Vec<Title>,
}

impl Titles {
    /// The CSS `style` that puts `title` in place: panel names and the time axis' title by
    /// the plot area (whose vertical extent follows from the height and the margins), value
    /// axis titles turned upright at the figure's left or right edge, centred on their panel.
    pub fn style(&self, title: &Title) -> String {
        let m = self.margins;
        let plot = (self.height - m.top - m.bottom).max(0.0);
        // Paper coordinate -> pixels from the figure's top.
        let y = |paper: f64| m.top + (1.0 - paper) * plot;
        match title.place {
            Place::Panel { top } => {
                format!("left:{}px;top:{:.1}px;transform:translateY(-100%)", m.left + 2.0, y(top) - 2.0)
            }
            Place::Value { from, to, right, .. } => {
                let side = if right { "right" } else { "left" };
                let turn = if right { "" } else { "rotate(180deg)" };
                format!(
                    "{side}:12px;top:{:.1}px;writing-mode:vertical-rl;transform:translateY(-50%) {turn}",
                    y((from + to) / 2.0)
                )
            }
            Place::Time => format!(
                "left:calc({}px + (100% - {}px) / 2);bottom:4px;transform:translateX(-50%)",
                m.left,
                m.left + m.right
            ),
        }
    }
}

/// The titles over a chart, each a positioned label (`data-place` says which part of the
/// figure it names: "panel", the axis' name, for tests and the PNG export).
#[component]
pub fn Overlay(titles: Signal<Titles>) -> impl IntoView {
    let items = move || {
        titles.with(|t| {
            t.list
                .iter()
                .map(|title| {
                    let (place, top) = match title.place {
                        Place::Panel { top } => ("panel".to_string(), top.to_string()),
                        Place::Value { axis, .. } => (axis.to_string(), String::new()),
                        Place::Time => ("xaxis".to_string(), String::new()),
                    };
                    let class =
                        if matches!(title.place, Place::Panel { .. }) { "chart-title panel" } else { "chart-title" };
                    view! {
                        <span class=class data-place=place data-top=top style=t.style(title)>{title.text.clone()}</span>
                    }
                })
                .collect_view()
        })
    };
    view! { <div class="chart-titles" aria-hidden="true">{items}</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles() -> Titles {
        Titles {
            height: 620.0,
            margins: Margins { left: 64.0, right: 64.0, top: 28.0, bottom: 48.0 },
            list: vec![
                Title { text: "Servers".into(), place: Place::Panel { top: 0.61 } },
                Title {
                    text: "users".into(),
                    place: Place::Value { axis: "yaxis", from: 0.68, to: 1.0, right: false },
                },
                Title { text: "lost".into(), place: Place::Value { axis: "yaxis4", from: 0.0, to: 0.3, right: true } },
                Title { text: "time [s]".into(), place: Place::Time },
            ],
        }
    }

    #[test]
    fn titles_sit_where_the_panels_are() {
        let t = titles();
        // The plot area is 620 - 28 - 48 = 544 px high; a domain ending at 0.61 is
        // 0.39 * 544 = 212.2 px below its top.
        assert_eq!(t.style(&t.list[0]), "left:66px;top:238.2px;transform:translateY(-100%)");
        // The users' panel spans 0.68-1: centred 0.16 * 544 = 87 px below the plot's top;
        // the latency's, 0-0.3: 0.85 * 544 = 462.4 px.
        assert!(t.style(&t.list[1]).starts_with("left:12px;top:115.0px;writing-mode:vertical-rl"));
        assert!(t.style(&t.list[1]).ends_with("rotate(180deg)"), "read bottom to top, as plotly's");
        assert!(t.style(&t.list[2]).starts_with("right:12px;top:490.4px"));
        assert!(t.style(&t.list[3]).contains("left:calc(64px + (100% - 128px) / 2)"), "{}", t.style(&t.list[3]));
    }
}
