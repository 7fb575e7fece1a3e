//! The fleet chart's legend, drawn by the page instead of plotly: a button per series (a
//! compared variant's series share one) that shows or hides it.
//!
//! Plotly's own legend was about a third of every redraw of the fleet figure (Plotly.react
//! alone, headless Chromium: 30-33 ms with it, 21-23 ms without), could not be reached by
//! keyboard, and on a phone took a third of the chart. The figures say which entries they
//! drew (`Figure`); which are hidden is the page's state (`Hidden`), read by the figures.

use leptos::prelude::*;
use plotly::common::Visible;
use plotly::{Plot, Trace};

/// One entry: a series, or a compared variant's series together.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// What the entry hides: a trace's full name, or a variant's name.
    pub key: String,
    /// What it says (a phone's is shorter).
    pub label: String,
    /// The series' colour (a CSS colour).
    pub color: &'static str,
    /// Drawn dashed or dotted.
    pub dashed: bool,
}

/// The keys of the entries turned off.
#[derive(Clone, Debug, PartialEq)]
pub struct Hidden(Vec<String>);

/// The series hidden until asked for: the arrival rate (it reads like the users, scaled).
pub const HIDDEN_AT_FIRST: &str = "arrivals [msg/s]";

impl Default for Hidden {
    fn default() -> Self {
        Hidden(vec![HIDDEN_AT_FIRST.to_string()])
    }
}

impl Hidden {
    pub fn hides(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }

    /// Shows `key` if it was hidden, hides it if not.
    pub fn toggle(&mut self, key: &str) {
        match self.0.iter().position(|k| k == key) {
            Some(i) => {
                self.0.remove(i);
            }
            None => self.0.push(key.to_string()),
        }
    }
}

/// A figure, the legend of what it drew, and its titles (the page draws both).
#[derive(Default)]
pub struct Figure {
    pub plot: Plot,
    pub legend: Vec<Entry>,
    pub titles: crate::titles::Titles,
}

impl Figure {
    /// Adds `trace` (its visibility already set), and `entry` to the legend if given.
    pub fn add<T: Trace + 'static>(&mut self, trace: Box<T>, entry: Option<Entry>) {
        self.plot.add_trace(trace);
        self.legend.extend(entry);
    }
}

/// Plotly's visibility for a series that `hidden` hides or not.
pub fn visibility(hidden: bool) -> Visible {
    if hidden {
        Visible::False
    } else {
        Visible::True
    }
}

/// The legend of `entries`; a click shows or hides an entry's series.
#[component]
pub fn Legend(entries: Signal<Vec<Entry>>, hidden: RwSignal<Hidden>) -> impl IntoView {
    view! {
        <ul class="legend" id="fleet-legend" aria-label="Series in the chart: press one to show or hide it">
            <For each=move || entries.get() key=|e| (e.key.clone(), e.label.clone(), e.color, e.dashed) let:entry>
                {
                    let key = entry.key.clone();
                    let on = {
                        let key = key.clone();
                        move || hidden.with(|h| !h.hides(&key))
                    };
                    let style = format!(
                        "border-top: 3px {} {}",
                        if entry.dashed { "dashed" } else { "solid" },
                        entry.color
                    );
                    view! {
                        <li>
                            <button type="button" class="legend-item" aria-pressed=move || on().to_string()
                                data-key=key.clone()
                                on:click=move |_| hidden.update(|h| h.toggle(&key))>
                                <span class="swatch" style=style aria-hidden="true"></span>
                                {entry.label.clone()}
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_hides_then_shows_and_the_arrivals_start_hidden() {
        let mut h = Hidden::default();
        assert!(h.hides(HIDDEN_AT_FIRST));
        h.toggle("p95 [ms]");
        assert!(h.hides("p95 [ms]"));
        h.toggle("p95 [ms]");
        h.toggle(HIDDEN_AT_FIRST);
        assert!(!h.hides("p95 [ms]") && !h.hides(HIDDEN_AT_FIRST));
    }
}
