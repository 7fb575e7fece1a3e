//! Autoscaling policies, one file each; `autoscaler` chooses among them.

pub mod predictive;
pub mod step_scaling;
pub mod target_tracking;
pub mod threshold;
pub mod weighted_score;
