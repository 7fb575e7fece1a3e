//! Undo and redo over the lab's settled states, as plain data: a past, a present and a
//! future. A dragged slider becomes one step once it rests (the address's rhythm, see
//! `address::KEEP_AFTER_MS`); a discrete action (a preset, an import, Reset, Remove,
//! Duplicate) is always a step of its own.

/// Steps kept behind the present at most; the oldest are forgotten first.
pub const LIMIT: usize = 100;

/// The states behind and ahead of the present one.
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    past: Vec<T>,
    now: T,
    future: Vec<T>,
}

impl<T: Clone + PartialEq> History<T> {
    pub fn new(now: T) -> History<T> {
        History { past: Vec::new(), now, future: Vec::new() }
    }

    /// The present state.
    pub fn now(&self) -> &T {
        &self.now
    }

    /// Makes `next` the present; the old present becomes undoable and the future is
    /// forgotten. Recording the present again changes nothing (returns false).
    pub fn record(&mut self, next: T) -> bool {
        if next == self.now {
            return false;
        }
        self.past.push(std::mem::replace(&mut self.now, next));
        if self.past.len() > LIMIT {
            self.past.remove(0);
        }
        self.future.clear();
        true
    }

    /// Steps back: the state before the present, if any.
    pub fn undo(&mut self) -> Option<&T> {
        let before = self.past.pop()?;
        self.future.push(std::mem::replace(&mut self.now, before));
        Some(&self.now)
    }

    /// Steps forward again after an undo.
    pub fn redo(&mut self) -> Option<&T> {
        let after = self.future.pop()?;
        self.past.push(std::mem::replace(&mut self.now, after));
        Some(&self.now)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

/// What a key press asks of the history: Ctrl+Z (Cmd+Z) undoes, Ctrl+Shift+Z and Ctrl+Y
/// redo; nothing while the focus is in a text field, whose own undo the browser keeps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Key {
    Undo,
    Redo,
}

/// The history key for a press of `key` with these modifiers, if it is one.
pub fn key(key: &str, ctrl_or_meta: bool, shift: bool, in_text: bool) -> Option<Key> {
    if !ctrl_or_meta || in_text {
        return None;
    }
    match (key.to_ascii_lowercase().as_str(), shift) {
        ("z", false) => Some(Key::Undo),
        ("z", true) | ("y", false) => Some(Key::Redo),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_recorded_states() {
        let mut h = History::new(1);
        assert!(!h.can_undo() && h.undo().is_none());
        assert!(h.record(2) && h.record(3));
        assert!(!h.record(3), "the present again is no step");
        assert_eq!(h.undo(), Some(&2));
        assert_eq!(h.undo(), Some(&1));
        assert_eq!(h.undo(), None);
        assert_eq!(h.redo(), Some(&2));
        assert!(h.can_redo());
        assert!(h.record(7), "a new state after an undo");
        assert!(!h.can_redo(), "forgets the future");
        assert_eq!(h.undo(), Some(&2));
        assert_eq!(*h.now(), 2);
    }

    #[test]
    fn keeps_at_most_the_limit() {
        let mut h = History::new(0);
        for i in 1..=(LIMIT + 20) {
            h.record(i);
        }
        let mut steps = 0;
        while h.undo().is_some() {
            steps += 1;
        }
        assert_eq!(steps, LIMIT);
        assert_eq!(*h.now(), 20, "the oldest states went first");
    }

    #[test]
    fn keys() {
        assert_eq!(key("z", true, false, false), Some(Key::Undo));
        assert_eq!(key("Z", true, true, false), Some(Key::Redo));
        assert_eq!(key("y", true, false, false), Some(Key::Redo));
        assert_eq!(key("z", false, false, false), None);
        assert_eq!(key("z", true, false, true), None, "a text field keeps its own undo");
        assert_eq!(key("x", true, false, false), None);
    }
}
