//! The event queue: future events in time order, simultaneous ones in scheduling order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::select_unpredictable;

/// What happens at an event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EventKind {
    /// The next message of the traffic arrives at the balancer.
    Arrival,
    /// A worker of `server` finishes a request that arrived at `arrival` [s].
    Completion { server: u32, arrival: f64 },
    /// A starting server becomes ready to take requests.
    ServerReady { server: u32 },
    /// The end of an evaluation interval: record metrics and let the autoscaler decide.
    Tick,
    /// `server` crashes.
    Crash { server: u32, cause: CrashCause },
    /// Every server's health is checked.
    HealthCheck,
}

/// Why a server crashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrashCause {
    /// At a time the scenario's `failures.crashes` chose.
    Scheduled,
    /// At random, with the scenario's mean time between failures.
    Random,
}

/// An event with its key: the bits of its non-negative time (whose integer order is the
/// time order), then one bit set for a tick, then its sequence number, so one integer
/// comparison orders by time, puts a tick after every other event at its time, and then
/// keeps scheduling order.
///
/// The interval convention, defined here once: an interval is (start, end]; an event at
/// exactly an interval's end belongs to that interval, whatever order it was scheduled in,
/// and the run's last tick (at `duration_s`) comes after everything else at that time, so
/// a trace's last request always plays.
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: u128,
    kind: EventKind,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// Below this many pending events a linear scan beats a heap (fewer mispredicted branches).
const SMALL: usize = 32;

/// A priority queue of events keyed by (time, tick last, sequence number).
///
/// At most one arrival and one tick are pending at a time, so each waits in a slot of its
/// own (its key alone: the kind is known). The other events live in two fixed arrays side
/// by side (keys, kinds) while they are few, and in a binary heap once they are many, with
/// the key of their earliest kept, so that a pop of the arrival or the tick looks at no
/// other; the order of events is the same either way.
#[derive(Debug)]
pub struct EventQueue {
    /// Keys of the pending arrival and tick (`NONE` when there is none).
    arrival: u128,
    tick: u128,
    /// The first `small_len` entries hold the other events while the heap is empty.
    small_keys: [u128; SMALL],
    small_kinds: [EventKind; SMALL],
    small_len: usize,
    /// Place in `small_keys` of its earliest event (while the heap is empty).
    small_at: usize,
    heap: BinaryHeap<Reverse<Entry>>,
    /// Key of the earliest event in the arrays or the heap (`NONE` when both are empty).
    other: u128,
    next_seq: u64,
}

/// The key of no event: above every real one (whose time is finite).
const NONE: u128 = u128::MAX;

impl Default for EventQueue {
    fn default() -> Self {
        EventQueue {
            arrival: NONE,
            tick: NONE,
            small_keys: [NONE; SMALL],
            small_kinds: [EventKind::Tick; SMALL],
            small_len: 0,
            small_at: 0,
            heap: BinaryHeap::new(),
            other: NONE,
            next_seq: 0,
        }
    }
}

impl EventQueue {
    /// Schedules `kind` at `time` [s]; `time` must be finite and not negative.
    #[inline(always)]
    pub fn schedule(&mut self, time: f64, kind: EventKind) {
        debug_assert!(time >= 0.0 && time.is_finite());
        let key = key(time, matches!(kind, EventKind::Tick), self.next_seq);
        self.next_seq += 1;
        match kind {
            EventKind::Arrival => {
                debug_assert!(self.arrival == NONE, "one arrival pending at a time");
                self.arrival = key;
            }
            EventKind::Tick => {
                debug_assert!(self.tick == NONE, "one tick pending at a time");
                self.tick = key;
            }
            _ if self.small_len < SMALL && self.heap.is_empty() => {
                let at = self.small_len;
                // Without a branch: whether it is the earliest is a coin toss.
                let earliest = key < self.other;
                self.small_at = select_unpredictable(earliest, at, self.small_at);
                self.other = select_unpredictable(earliest, key, self.other);
                // `% SMALL` (no bounds check): `at` is below SMALL here.
                self.small_keys[at % SMALL] = key;
                self.small_kinds[at % SMALL] = kind;
                self.small_len = at + 1;
            }
            _ => self.spill(Entry { key, kind }),
        }
    }

    /// The arrays are full (or the heap in use): `entry`, and the arrays' events, go to the heap.
    #[cold]
    fn spill(&mut self, entry: Entry) {
        let n = std::mem::take(&mut self.small_len);
        let entries = self.small_keys[..n].iter().zip(&self.small_kinds[..n]);
        self.heap.extend(entries.map(|(&key, &kind)| Reverse(Entry { key, kind })));
        self.heap.push(Reverse(entry));
        self.other = self.other.min(entry.key);
    }

    /// Takes the earliest event out of the arrays or the heap, and finds the next earliest.
    #[inline(always)]
    fn take_other(&mut self) -> (u128, EventKind) {
        if !self.heap.is_empty() {
            return self.take_from_heap();
        }
        // `% SMALL` (no bounds checks): both are below SMALL.
        let (at, n) = (self.small_at % SMALL, (self.small_len - 1) % SMALL);
        let taken = (self.small_keys[at], self.small_kinds[at]);
        // The last entry fills the hole.
        self.small_keys[at] = self.small_keys[n];
        self.small_kinds[at] = self.small_kinds[n];
        self.small_len = n;
        let (mut at, mut best) = (0, NONE);
        for (i, &key) in self.small_keys[..n].iter().enumerate() {
            let earlier = key < best;
            at = select_unpredictable(earlier, i, at);
            best = select_unpredictable(earlier, key, best);
        }
        (self.small_at, self.other) = (at, best);
        taken
    }

    fn take_from_heap(&mut self) -> (u128, EventKind) {
        let Reverse(entry) = self.heap.pop().expect("the heap holds the earliest event");
        self.other = self.heap.peek().map_or(NONE, |e| e.0.key);
        (entry.key, entry.kind)
    }

    /// Removes the arrival and returns its time [s] if it is the earliest event.
    #[inline(always)]
    pub fn pop_arrival(&mut self) -> Option<f64> {
        if self.arrival < self.other && self.arrival < self.tick {
            Some(time_of(std::mem::replace(&mut self.arrival, NONE)))
        } else {
            None
        }
    }

    /// Removes and returns the earliest event with its time [s].
    #[inline(always)]
    pub fn pop(&mut self) -> Option<(f64, EventKind)> {
        if let Some(t) = self.pop_arrival() {
            return Some((t, EventKind::Arrival));
        }
        let (key, kind) = if self.tick < self.other {
            (std::mem::replace(&mut self.tick, NONE), EventKind::Tick)
        } else if self.other != NONE {
            self.take_other()
        } else {
            return None;
        };
        Some((time_of(key), kind))
    }
}

/// The key of an event at `time` [s] (finite, not negative), a tick or not, scheduled
/// `seq`-th: the order `EventQueue` keeps (see `Entry`).
#[inline(always)]
pub fn key(time: f64, tick: bool, seq: u64) -> u128 {
    // +0.0 maps -0.0 to +0.0, whose bits order correctly.
    ((time + 0.0).to_bits() as u128) << 64 | u128::from(tick) << 63 | seq as u128
}

/// The time [s] of the event with key `key`.
#[inline(always)]
pub fn time_of(key: u128) -> f64 {
    f64::from_bits((key >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_by_scheduling_order() {
        let mut q = EventQueue::default();
        q.schedule(2.0, EventKind::Tick);
        q.schedule(1.0, EventKind::ServerReady { server: 7 });
        q.schedule(1.0, EventKind::Arrival);
        q.schedule(0.5, EventKind::ServerReady { server: 1 });
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (0.5, EventKind::ServerReady { server: 1 }),
                (1.0, EventKind::ServerReady { server: 7 }),
                (1.0, EventKind::Arrival),
                (2.0, EventKind::Tick),
            ]
        );
    }

    /// The interval convention: a tick runs after every other event at its time, even one
    /// scheduled after it (the next tick is scheduled as soon as one runs).
    #[test]
    fn a_tick_comes_after_every_other_event_at_its_time() {
        let mut q = EventQueue::default();
        q.schedule(0.5, EventKind::Tick);
        assert_eq!(q.pop(), Some((0.5, EventKind::Tick)));
        q.schedule(1.0, EventKind::Tick);
        q.schedule(1.0, EventKind::Arrival);
        q.schedule(1.0, EventKind::ServerReady { server: 3 });
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![(1.0, EventKind::Arrival), (1.0, EventKind::ServerReady { server: 3 }), (1.0, EventKind::Tick)]
        );
    }

    #[test]
    fn small_and_large_queues_give_the_same_order() {
        // Pseudo-random times with many ties, past the switch to the heap and back down.
        let times: Vec<f64> = (0..200u64).map(|i| ((i * 7919) % 61) as f64 * 0.5).collect();
        let mut q = EventQueue::default();
        let mut want = Vec::new();
        for (i, &t) in times.iter().enumerate() {
            q.schedule(t, EventKind::ServerReady { server: i as u32 });
            want.push((t, i as u32));
        }
        want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let got: Vec<_> = std::iter::from_fn(|| q.pop())
            .map(|(t, k)| match k {
                EventKind::ServerReady { server } => (t, server),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(got, want);
    }
}
