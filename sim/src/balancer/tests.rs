//! Tests of the balancer strategies that need a fleet.

use super::BalancerConfig;
use super::*;

fn cfg(strategy: Strategy) -> BalancerConfig {
    BalancerConfig { strategy, ..BalancerConfig::default() }
}
use crate::server::{ServerState, Waiting};

fn fleet(loads: &[usize]) -> Vec<Server> {
    loads
        .iter()
        .map(|&n| {
            let mut s = Server::new(ServerState::Ready, 1, None, 0.0);
            for _ in 0..n {
                s.admit(Waiting { arrival: 0.0, service: 1.0 });
            }
            s
        })
        .collect()
}

#[test]
fn round_robin_cycles_in_order() {
    let servers = fleet(&[0, 0, 0]);
    let mut b = Balancer::new(&cfg(Strategy::RoundRobin), 1);
    let picks: Vec<_> = (0..7).map(|_| b.pick(0.0, 0, &[0, 1, 2], 0, &servers)).collect();
    assert_eq!(picks, vec![0, 1, 2, 0, 1, 2, 0]);
}

#[test]
fn least_connections_takes_the_emptiest() {
    let servers = fleet(&[3, 1, 2, 1]);
    let mut b = Balancer::new(&cfg(Strategy::LeastConnections), 1);
    assert_eq!(b.pick(0.0, 0, &[0, 1, 2, 3], 0, &servers), 1);
    assert_eq!(b.pick(0.0, 0, &[0, 2, 3], 1, &servers), 3);
}

#[test]
fn random_spreads_evenly() {
    let servers = fleet(&[0, 0, 0, 0]);
    let mut b = Balancer::new(&cfg(Strategy::Random), 7);
    let mut counts = [0u32; 4];
    for _ in 0..40_000 {
        counts[b.pick(0.0, 0, &[0, 1, 2, 3], 0, &servers) as usize] += 1;
    }
    // Each count is Binomial(40000, 1/4): standard deviation about 87, so 500 is over 5 sigma.
    assert!(counts.iter().all(|&c| (c as i32 - 10_000).abs() < 500), "{counts:?}");
}

#[test]
fn power_of_two_never_takes_the_busiest_of_three() {
    let servers = fleet(&[5, 0, 1]);
    let mut b = Balancer::new(&cfg(Strategy::PowerOfTwoChoices), 3);
    assert!((0..1000).all(|_| b.pick(0.0, 0, &[0, 1, 2], 0, &servers) != 0));
}

#[test]
fn smooth_weighted_round_robin_spreads_by_speed() {
    // nginx's example: weights 5, 1, 1 give a, a, b, a, c, a, a.
    let mut servers = fleet(&[0, 0, 0]);
    servers[0].speed = 5.0;
    let mut b = Balancer::new(&cfg(Strategy::WeightedRoundRobin), 1);
    let picks: Vec<_> = (0..7).map(|_| b.pick(0.0, 0, &[0, 1, 2], 0, &servers)).collect();
    assert_eq!(picks, vec![0, 0, 1, 0, 2, 0, 0]);
}
