//! Strategy `consistent_hash`: sticky sessions. Each ready server owns `virtual_nodes`
//! points on a hash ring; a user's messages go to the first point at or after the hash of
//! its id. While the fleet is stable a user stays on one server; when a server comes or
//! goes, only the users of the ring arcs it gains or loses move.

use crate::rng::splitmix64;

#[derive(Clone, Debug)]
pub struct Ring {
    virtual_nodes: u32,
    /// (point on the ring, server id), sorted by point.
    points: Vec<(u64, u32)>,
    /// The rotation version the ring was built for.
    built_for: Option<u64>,
}

impl Ring {
    pub fn new(virtual_nodes: u32) -> Ring {
        Ring { virtual_nodes, points: Vec::new(), built_for: None }
    }

    /// The server of `user` among the (non-empty) `ready` servers, whose list's version is
    /// `version` (the ring is rebuilt when it changes).
    pub fn pick(&mut self, user: u64, ready: &[u32], version: u64) -> u32 {
        if self.built_for != Some(version) {
            self.rebuild(ready);
            self.built_for = Some(version);
        }
        let h = splitmix64(user ^ 0x7573_6572);
        let i = self.points.partition_point(|&(p, _)| p < h);
        self.points.get(i).unwrap_or(&self.points[0]).1
    }

    fn rebuild(&mut self, ready: &[u32]) {
        self.points.clear();
        for &id in ready {
            for v in 0..self.virtual_nodes {
                self.points.push((splitmix64(((id as u64) << 32) | v as u64), id));
            }
        }
        self.points.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_stay_put_and_few_move_when_a_server_joins() {
        let mut ring = Ring::new(100);
        let before: Vec<u32> = (0..10_000).map(|u| ring.pick(u, &[0, 1, 2, 3], 0)).collect();
        let again: Vec<u32> = (0..10_000).map(|u| ring.pick(u, &[0, 1, 2, 3], 0)).collect();
        assert_eq!(before, again);
        let after: Vec<u32> = (0..10_000).map(|u| ring.pick(u, &[0, 1, 2, 3, 4], 1)).collect();
        let moved = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        // A fifth server should take about a fifth of the users, all of them to itself.
        assert!((1_400..2_600).contains(&moved), "{moved} moved");
        assert!(before.iter().zip(&after).all(|(a, b)| a == b || *b == 4));
    }
}
