//! The HPA's scaling behaviour policies (`behavior.scaleUp/scaleDown.policies`): how much
//! the fleet may change per period, and which policy applies when several do.

use serde::{Deserialize, Serialize};

crate::choices! {
    /// How a rate-limiting policy counts: a percentage of the fleet, or servers.
    pub enum RateKind {
        Percent = ("percent", "percent", "at most this percentage of the fleet per period."),
        Servers = ("servers", "servers", "at most this many servers per period."),
    }
}

/// A Kubernetes HPA behaviour policy: at most `value` (percent or servers) per `period_s`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatePolicy {
    #[serde(rename = "type")]
    pub kind: RateKind,
    pub value: f64,
    pub period_s: f64,
}

crate::choices! {
    /// Which behaviour policy applies when several do (HPA `selectPolicy`).
    pub enum SelectPolicy {
        Max = ("max", "max (largest change)", "the policy allowing the largest change."),
        Min = ("min", "min (smallest change)", "the policy allowing the smallest change."),
        Disabled = ("disabled", "disabled", "no scaling in that direction."),
    }
}

/// Which way a rate limit bounds the fleet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    Up,
    Down,
}

/// Combines the policies' limits: `max` allows the largest change, `min` the smallest,
/// `disabled` none (`None` when there is no policy: no change either).
pub(super) fn select(how: SelectPolicy, limits: impl Iterator<Item = i64>, direction: Direction) -> Option<i64> {
    let up = direction == Direction::Up;
    let largest_change = match how {
        SelectPolicy::Disabled => return None,
        SelectPolicy::Max => true,
        SelectPolicy::Min => false,
    };
    if largest_change == up {
        limits.max()
    } else {
        limits.min()
    }
}
