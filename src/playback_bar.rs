//! The playback bar: play, pause, restart, show the whole run, speed and the clock. It owns
//! the playback timer (an edge effect); `playback` holds the pure frame arithmetic.

use gloo_timers::callback::Interval;
use leptos::prelude::*;

use crate::playback;

/// Where playback is: `at` None shows the whole run, Some(t) the run up to simulated time t.
#[derive(Clone, Copy)]
pub struct Playback {
    pub at: RwSignal<Option<f64>>,
    pub playing: RwSignal<bool>,
    /// Simulated seconds per wall-clock second.
    pub speed: RwSignal<f64>,
}

impl Playback {
    /// Playing from simulated time `from` [s], or showing the whole run (`None`).
    pub fn new(from: Option<f64>) -> Playback {
        Playback { at: RwSignal::new(from), playing: RwSignal::new(from.is_some()), speed: RwSignal::new(10.0) }
    }
}

#[component]
pub fn PlaybackBar(playback: Playback, duration_s: Signal<f64>) -> impl IntoView {
    let Playback { at, playing, speed } = playback;
    let timer = StoredValue::new_local(None::<Interval>);
    Effect::new(move |_| {
        let tick = move || {
            let (t, end) =
                playback::advance(at.get_untracked().unwrap_or(0.0), speed.get_untracked(), duration_s.get_untracked());
            at.set(Some(t));
            if end {
                playing.set(false);
            }
        };
        timer.set_value(playing.get().then(|| Interval::new(playback::FRAME_MS, tick)));
    });
    // One button plays and pauses, so the focus stays on it (a button that disables
    // itself drops the focus to the page).
    let toggle = move |_| {
        if playing.get_untracked() {
            playing.set(false);
            return;
        }
        if at.get_untracked().is_none_or(|t| t >= duration_s.get_untracked()) {
            at.set(Some(0.0));
        }
        playing.set(true);
    };
    view! {
        <div class="playback" role="group" aria-label="Playback">
            <button type="button" id="play" on:click=toggle aria-pressed=move || playing.get().to_string()>
                {move || if playing.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button type="button" id="restart" on:click=move |_| { at.set(Some(0.0)); playing.set(true); }>"Restart"</button>
            <button type="button" id="show-all" on:click=move |_| { playing.set(false); at.set(None); }
                aria-disabled=move || at.get().is_none().to_string()>"Show whole run"</button>
            <label>"Speed "
                <select id="speed" on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(10.0))>
                    {playback::SPEEDS.iter().map(|&s| view! { <option value=s.to_string() selected=s == 10.0>{format!("{s}×")}</option> }).collect_view()}
                </select>
            </label>
            <span class="clock" id="clock">{move || match at.get() {
                Some(t) => format!("t = {t:.1} s"),
                None => "whole run".to_string(),
            }}</span>
        </div>
    }
}
