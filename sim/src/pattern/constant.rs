//! Pattern `constant`: `base_users` for the whole run.

use super::Side;
use super::TrafficConfig;

#[derive(Clone, Debug)]
pub struct Constant {
    users: f64,
}

impl Constant {
    pub fn new(c: &TrafficConfig) -> Constant {
        Constant { users: c.base_users }
    }

    pub fn users(&self, _t: f64, _side: Side) -> f64 {
        self.users
    }
}
