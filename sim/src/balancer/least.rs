//! Strategy `least_connections`: the server in rotation holding the fewest requests (in
//! service plus queued), ties to the earliest in the rotation. The servers are kept ordered
//! by (load, place in the rotation), so a pick is O(log R) instead of a scan: the order is
//! told of every load change, and rebuilt when the rotation changes.

use std::collections::BTreeSet;

use crate::server::Server;

#[derive(Clone, Debug, Default)]
pub struct Least {
    /// The rotation version the order was built for.
    version: Option<u64>,
    /// (load, place in the rotation, id) of every server in rotation.
    order: BTreeSet<(usize, u32, u32)>,
    /// By id: (load, place) while in rotation.
    key: Vec<Option<(usize, u32)>>,
}

impl Least {
    /// The emptiest of the (non-empty) `rotation`, whose version is `version`.
    pub fn pick(&mut self, rotation: &[u32], version: u64, servers: &[Server]) -> u32 {
        if self.version != Some(version) {
            self.rebuild(rotation, servers);
            self.version = Some(version);
        }
        let &(_, _, id) = self.order.first().expect("rotation is not empty");
        debug_assert_eq!(
            Some(id),
            rotation.iter().copied().min_by_key(|&r| servers[r as usize].load()),
            "the order agrees with a scan"
        );
        id
    }

    /// Server `id` now holds `load` requests.
    pub fn load_changed(&mut self, id: u32, load: usize) {
        if let Some(Some((old, place))) = self.key.get(id as usize).copied() {
            self.order.remove(&(old, place, id));
            self.order.insert((load, place, id));
            self.key[id as usize] = Some((load, place));
        }
    }

    fn rebuild(&mut self, rotation: &[u32], servers: &[Server]) {
        self.order.clear();
        self.key.iter_mut().for_each(|k| *k = None);
        for (place, &id) in rotation.iter().enumerate() {
            let load = servers[id as usize].load();
            self.order.insert((load, place as u32, id));
            if self.key.len() <= id as usize {
                self.key.resize(id as usize + 1, None);
            }
            self.key[id as usize] = Some((load, place as u32));
        }
    }
}
