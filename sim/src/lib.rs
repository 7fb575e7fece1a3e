//! autoscale-sim: a deterministic, request-level simulation of an auto-scaled chat-service fleet.
//!
//! A [`Scenario`] goes in, a [`Report`] comes out: `run(&Scenario::default())`. The same
//! scenario gives a byte-identical report on every target. Nothing here depends on the web.

pub mod autoscaler;
pub mod balancer;
pub mod choice;
pub mod cli;
pub mod compare;
pub mod elasticity;
pub mod engine;
pub mod erlang;
pub mod error;
pub mod event;
pub mod exact;
pub mod export;
pub mod failures;
pub mod fleet;
pub mod fluid;
pub mod histogram;
pub mod metrics;
pub mod objective;
pub mod pattern;
pub mod policy;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod server;
pub mod service;
pub mod simulation;
pub mod text_report;
pub mod trace;
pub mod traffic;
pub mod tune;
pub mod verdict;
pub mod work;

pub use choice::Choice;
pub use error::ScenarioError;
pub use report::{Report, ScalingEvent, ScalingKind, SeriesRow, Summary};
pub use scenario::Scenario;
pub use simulation::{run, Simulation};
