//! Failures in the simulation: random and scheduled crashes, and the periodic health
//! checks that take crashed servers out of rotation and replace them.

use super::Exact;
use crate::event::{CrashCause, EventKind};
use crate::report::{ScalingEvent, ScalingKind};
use crate::server::ServerState;

impl Exact {
    /// With a mean time between failures, schedules the crash of server `id`, running from `t`.
    pub(super) fn schedule_random_crash(&mut self, t: f64, id: u32) {
        if let Some(mtbf) = self.failures.as_ref().and_then(|f| f.mtbf_s) {
            let at = t + self.failure_rng.exp_mean(mtbf);
            if at <= self.scenario.duration_s {
                self.queue.schedule(at, EventKind::Crash { server: id, cause: CrashCause::Random });
            }
        }
    }

    pub(super) fn crash(&mut self, t: f64, id: u32, cause: CrashCause) {
        let current = self.fleet.in_rotation() + self.fleet.pending();
        let how = match cause {
            CrashCause::Scheduled => "as scheduled",
            CrashCause::Random => "at random",
        };
        let lost = self.fleet.crash(&mut self.metrics, t, id);
        if lost.is_some() {
            self.load_changed(id);
        }
        let reason = match lost {
            Some(lost) => {
                self.metrics.failed(lost);
                format!("server {id} crashed ({how}), losing {lost} request{}", if lost == 1 { "" } else { "s" })
            }
            None if cause == CrashCause::Scheduled => {
                format!("scheduled crash of server {id} skipped: it was not running")
            }
            None => return,
        };
        self.events.push(ScalingEvent { t, kind: ScalingKind::Crash, from: current, to: current, reason });
    }

    /// Checks every running server: crashed ones fail, checking ones pass.
    pub(super) fn health_check(&mut self, t: f64) {
        let Some(f) = &self.failures else { return };
        let (healthy_after, unhealthy_after, interval) = (f.healthy_after, f.unhealthy_after, f.health_interval_s);
        // The servers not gone when the check starts (a replacement started by it waits
        // for the next check).
        for id in self.fleet.live().to_vec() {
            let server = &mut self.fleet.servers[id as usize];
            match server.state {
                ServerState::Checking => {
                    server.checks += 1;
                    if server.checks >= healthy_after {
                        self.fleet.set_state(&mut self.metrics, t, id, ServerState::Ready);
                        self.rotation_joined(t);
                    }
                }
                ServerState::Crashed => {
                    server.checks += 1;
                    if server.checks >= unhealthy_after {
                        let current = self.fleet.in_rotation() + self.fleet.pending();
                        self.fleet.set_state(&mut self.metrics, t, id, ServerState::Gone);
                        let new = self.start_server(t);
                        let reason = format!(
                            "server {id} failed {} health checks: out of rotation, server {new} replaces it",
                            unhealthy_after
                        );
                        self.events.push(ScalingEvent {
                            t,
                            kind: ScalingKind::Replace,
                            from: current,
                            to: current,
                            reason,
                        });
                    }
                }
                _ => {}
            }
        }
        let next = t + interval;
        if next <= self.scenario.duration_s {
            self.queue.schedule(next, EventKind::HealthCheck);
        }
    }
}
