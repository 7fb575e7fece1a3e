//! The page's whole state as plain data: the variants, which one is shown and whether they
//! are compared; and its form in the address (`s`, `v`, `show`, `compare`), read back with
//! a notice for every part that could not be used.
//!
//! `s` holds the first variant exactly as links always have, so a link from before
//! variants existed still loads. `v` holds every variant's name and what differs from the
//! first; variants share the first one's conditions (seed, duration, traffic, failures,
//! objective), so a difference is usually only a policy or a balancer.

use autoscale_sim::compare::{share_conditions, Variant};
use autoscale_sim::Scenario;

mod params;

/// Variants a comparison holds at most (one colour each).
pub const MAX_VARIANTS: usize = 6;

/// Longest variant name kept [characters].
pub const MAX_NAME: usize = 24;

/// The variants, which one the controls edit, and whether the charts compare them.
#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    /// Never empty.
    pub variants: Vec<Variant>,
    pub shown: usize,
    pub compare: bool,
    /// What the last search found (its front's settings), so that a link carries it.
    pub found: Option<autoscale_sim::tune::Found>,
}

impl Default for Lab {
    fn default() -> Self {
        Lab::single(Scenario::default())
    }
}

/// A variant name as kept: trimmed, at most `MAX_NAME` characters, and trimmed again after
/// the cut, so that a name reads back from a link unchanged.
pub fn clean_name(name: &str) -> String {
    name.trim().chars().take(MAX_NAME).collect::<String>().trim_end().to_string()
}

/// The first unused name among A, B, C...
fn next_name(variants: &[Variant]) -> String {
    ('A'..='Z').map(String::from).find(|n| variants.iter().all(|v| &v.name != n)).unwrap_or_else(|| "new".into())
}

impl Lab {
    /// One variant, named A.
    pub fn single(scenario: Scenario) -> Lab {
        Lab { variants: vec![Variant { name: "A".into(), scenario }], shown: 0, compare: false, found: None }
    }

    pub fn shown_scenario(&self) -> &Scenario {
        &self.variants[self.shown].scenario
    }

    /// Whether the charts overlay the variants: compare mode with at least two.
    pub fn comparing(&self) -> bool {
        self.compare && self.variants.len() > 1
    }

    /// Replaces the shown variant's scenario and gives every other variant its conditions.
    pub fn set_shown(&mut self, scenario: Scenario) {
        for (i, v) in self.variants.iter_mut().enumerate() {
            if i != self.shown {
                share_conditions(&scenario, &mut v.scenario);
            }
        }
        self.variants[self.shown].scenario = scenario;
    }

    /// Adds a copy of the shown variant under a new name, shows it and turns comparing on.
    /// Returns false when there are already `MAX_VARIANTS`.
    pub fn duplicate(&mut self) -> bool {
        if self.variants.len() >= MAX_VARIANTS {
            return false;
        }
        let copy = Variant { name: next_name(&self.variants), scenario: self.shown_scenario().clone() };
        self.variants.push(copy);
        self.shown = self.variants.len() - 1;
        self.compare = true;
        true
    }

    /// Removes variant `i`, unless it is the last one.
    pub fn remove(&mut self, i: usize) {
        if self.variants.len() > 1 && i < self.variants.len() {
            self.variants.remove(i);
            if self.shown >= i && self.shown > 0 {
                self.shown -= 1;
            }
        }
    }

    pub fn show(&mut self, i: usize) {
        if i < self.variants.len() {
            self.shown = i;
        }
    }

    /// Renames variant `i`; a blank name keeps the old one, a long one is shortened.
    pub fn rename(&mut self, i: usize, name: &str) {
        let name = clean_name(name);
        if let (false, Some(v)) = (name.is_empty(), self.variants.get_mut(i)) {
            v.name = name;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share;
    use autoscale_sim::rng::{Rng, Stream};
    use autoscale_sim::scenario::{Policy, Strategy};
    use autoscale_sim::Choice;
    use std::collections::HashMap;

    fn read(params: &[(&'static str, String)]) -> (Lab, Vec<String>) {
        let map: HashMap<&str, String> = params.iter().cloned().collect();
        Lab::from_params(|k| map.get(k).cloned())
    }

    /// Three variants on a busier run: the defaults, target tracking, and step with least connections.
    #[test]
    fn what_a_search_found_travels_in_the_link_and_a_damaged_one_is_named() {
        let found = autoscale_sim::tune::Found {
            params: vec!["autoscaler.scale_up".into(), "autoscaler.min_servers".into()],
            front: vec![vec![30.5, 2.0], vec![25.0, 4.0]],
            best: Some(1),
        };
        let lab = Lab { found: Some(found), ..Lab::default() };
        let (back, notes) = read(&lab.to_params());
        assert_eq!(back, lab);
        assert!(notes.is_empty(), "{notes:?}");
        let (broken, notes) = read(&[("tune", "bm90IGpzb24".into())]);
        assert!(broken.found.is_none() && notes.iter().any(|n| n.contains("search result")), "{notes:?}");
        let odd = crate::share::base64url(br#"{"params": ["a"], "front": [[1, 2]], "best": null}"#);
        assert!(read(&[("tune", odd)]).0.found.is_none(), "a row with the wrong number of values");
    }

    fn three() -> Lab {
        let mut lab = Lab::default();
        let mut s = Scenario::default();
        s.traffic.peak_users = 300.0;
        s.duration_s = 600.0;
        lab.set_shown(s);
        lab.duplicate();
        let mut b = lab.shown_scenario().clone();
        b.autoscaler.policy = Policy::TargetTracking;
        lab.set_shown(b);
        lab.duplicate();
        let mut c = lab.shown_scenario().clone();
        c.autoscaler.policy = Policy::Step;
        c.balancer.strategy = Strategy::LeastConnections;
        c.seed = 9;
        lab.set_shown(c);
        lab.rename(2, "  step + least connections  ");
        lab.show(1);
        lab
    }

    #[test]
    fn variants_share_conditions_and_keep_their_own_settings() {
        let lab = three();
        assert_eq!(
            lab.variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
            ["A", "B", "step + least connections"]
        );
        assert!(lab.variants.iter().all(|v| v.scenario.seed == 9 && v.scenario.traffic.peak_users == 300.0));
        assert_eq!(lab.variants[0].scenario.autoscaler.policy, Policy::Threshold);
        assert_eq!(lab.variants[1].scenario.autoscaler.policy, Policy::TargetTracking);
        assert!(lab.comparing() && lab.shown == 1);
    }

    #[test]
    fn state_to_url_to_state_with_variants() {
        let lab = three();
        let params = lab.to_params();
        let length: usize = params.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
        assert!(length < 500, "{length} characters: {params:?}");
        assert_eq!(read(&params), (lab.clone(), vec![]));
        // A single default variant is just `s`, as before variants existed.
        assert_eq!(Lab::default().to_params(), vec![("s", share::encode(&Scenario::default()))]);
        let (old, notes) = read(&[("s", share::encode(&lab.variants[0].scenario))]);
        assert_eq!((old.variants.len(), notes.len()), (1, 0));
    }

    /// A random name of up to 30 characters, spaces and non-ASCII included.
    fn random_name(rng: &mut Rng) -> String {
        let alphabet: Vec<char> = "ab Z9 -é漢😀\u{a0}".chars().collect();
        (0..rng.below(31)).map(|_| alphabet[rng.below(alphabet.len())]).collect()
    }

    #[test]
    fn state_to_link_to_state_is_the_identity() {
        // Arbitrary doubles (any of the 2^52 values in range, not only short decimals),
        // arbitrary names: what a link carries reads back exactly.
        let mut rng = Rng::new(5, Stream::Arrivals);
        for case in 0..300 {
            let mut lab = Lab::default();
            let s = &mut lab.variants[0].scenario;
            s.traffic.peak_users = rng.uniform() * 1000.0;
            s.traffic.msg_rate = 0.1 + rng.uniform() * 5.0;
            s.service.service_ms = 1.0 + rng.uniform() * 100.0;
            s.autoscaler.scale_down = rng.uniform() * 29.0;
            s.duration_s = 10.0 + rng.uniform() * 3000.0;
            s.seed = rng.next_u64();
            lab.rename(0, &random_name(&mut rng));
            for _ in 0..rng.below(MAX_VARIANTS) {
                lab.duplicate();
                let v = lab.shown;
                lab.variants[v].scenario.autoscaler.target = 1.0 + rng.uniform() * 99.0;
                lab.variants[v].scenario.autoscaler.policy = *rng_pick(&mut rng, Policy::ALL);
                lab.rename(v, &random_name(&mut rng));
            }
            let (back, notes) = read(&lab.to_params());
            assert!(notes.is_empty(), "case {case}: {notes:?}");
            assert_eq!(back, lab, "case {case}");
        }
    }

    fn rng_pick<'a, T>(rng: &mut Rng, list: &'a [T]) -> &'a T {
        &list[rng.below(list.len())]
    }

    #[test]
    fn removing_and_limits() {
        let mut lab = three();
        lab.remove(0);
        assert_eq!((lab.variants.len(), lab.shown, lab.variants[0].name.as_str()), (2, 0, "B"));
        lab.remove(0);
        lab.remove(0);
        assert_eq!(lab.variants.len(), 1, "the last variant stays");
        assert!(!lab.comparing());
        while lab.duplicate() {}
        assert_eq!(lab.variants.len(), MAX_VARIANTS);
        lab.rename(0, "   ");
        assert_eq!(lab.variants[0].name, "step + least connections", "a blank name keeps the old one");
        assert_eq!(lab.variants[1].name, "A", "names are reused once free");
        lab.rename(0, &"x".repeat(100));
        assert_eq!(lab.variants[0].name.len(), MAX_NAME);
        lab.rename(0, &format!("{} tail", "y".repeat(MAX_NAME - 1)));
        assert_eq!(lab.variants[0].name, "y".repeat(MAX_NAME - 1), "no trailing space after the cut");
    }

    #[test]
    fn damaged_variants_load_with_notices() {
        let lab = three();
        let mut params = lab.to_params();
        params[1].1.truncate(12);
        let (got, notes) = read(&params);
        assert_eq!(got.variants.len(), 1);
        assert!(notes.iter().any(|n| n.contains("variants are damaged")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("`show=1`")), "{notes:?}");
        let edited = share::base64url(
            br#"[{"name":"A"},{"name":"fast","diff":{"autoscaler":{"policy":"warp","cooldown_s":20}}},{"diff":{}}]"#,
        );
        let (got, notes) = read(&[("v", edited), ("show", "2".into()), ("compare", "1".into())]);
        assert_eq!(got.variants.len(), 3);
        assert_eq!(got.variants[1].scenario.autoscaler.cooldown_s, 20.0, "the valid part is kept");
        assert_eq!(got.variants[1].scenario.autoscaler.policy, Policy::Threshold);
        assert!(notes.iter().any(|n| n.starts_with("variant fast: `autoscaler.policy`")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("has no name; it is called")), "{notes:?}");
        assert!(got.comparing() && got.shown == 2);
        let (_, notes) = read(&[("show", "x".into())]);
        assert_eq!(notes.len(), 1);
    }
}
