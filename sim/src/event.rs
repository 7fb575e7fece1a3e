//! The event queue: future events in time order, simultaneous ones in scheduling order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Bits of a non-negative time, whose integer order is the time order.
    time_bits: u64,
    seq: u64,
    kind: EventKind,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed, so that the max-heap pops the earliest event, then the lowest sequence number.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time_bits, other.seq).cmp(&(self.time_bits, self.seq))
    }
}

/// A priority queue of events keyed by (time, sequence number).
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    next_seq: u64,
}

impl EventQueue {
    /// Schedules `kind` at `time` [s]; `time` must be finite and not negative.
    #[inline]
    pub fn schedule(&mut self, time: f64, kind: EventKind) {
        debug_assert!(time >= 0.0 && time.is_finite());
        // +0.0 maps -0.0 to +0.0, whose bits order correctly.
        self.heap.push(Entry { time_bits: (time + 0.0).to_bits(), seq: self.next_seq, kind });
        self.next_seq += 1;
    }

    /// Removes and returns the earliest event with its time [s].
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, EventKind)> {
        self.heap.pop().map(|e| (f64::from_bits(e.time_bits), e.kind))
    }
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
}
