//! What a policy sees at the end of each interval (the observation), the metrics it can
//! act on, and what it decides. The policies themselves are in `policy`.

crate::choices! {
    /// What a policy measures, per ready server where it says so.
    pub enum Metric {
        /// Average concurrent users per ready server [users].
        UsersPerServer = ("users_per_server", "users per server", "average concurrent users per ready server."),
        /// Busy worker time over available worker time [%].
        Utilization = ("utilization", "utilisation [%]", "busy worker time over available worker time."),
        /// Arrivals per second per ready server [1/s].
        RpsPerServer = ("rps_per_server", "requests/s per server", "arrivals per second per ready server."),
        /// Average waiting requests per ready server [requests].
        QueuePerServer = ("queue_per_server", "queue per server", "average waiting requests per ready server."),
        /// 95th percentile latency of the interval's completions [ms].
        P95LatencyMs = ("p95_latency_ms", "p95 latency [ms]", "95th percentile latency of the interval's completions."),
    }
}

/// Whether a per-server metric counts the servers still in their warm-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warming {
    /// Every ready server and all the traffic (target tracking, predictive...).
    Counted,
    /// Without warming servers and the traffic they received (AWS instance warm-up).
    LeftOut,
}

/// What the autoscaler sees of the interval that just ended.
#[derive(Clone, Copy, Debug, Default)]
pub struct Observation {
    /// End of the interval [s].
    pub t: f64,
    /// Time-average concurrent users over the interval [users].
    pub users: f64,
    /// Arrivals per second in the interval [1/s].
    pub arrival_rps: f64,
    /// Busy over available worker time in the interval [0-1].
    pub utilization: f64,
    /// Time-average of requests waiting in all queues [requests].
    pub queue: f64,
    /// Time-average of requests held, in service or waiting, over the fleet [requests].
    pub concurrency: f64,
    /// 95th percentile latency of the interval's completions [ms].
    pub p95_ms: f64,
    /// Servers taking requests at the end of the interval.
    pub ready: u32,
    /// Servers decided but not yet ready.
    pub starting: u32,
    /// Servers within their warm-up (`warmup_s` from the decision), starting or ready.
    pub warming: u32,
    /// Ready servers among the warming ones.
    pub warming_ready: u32,
    /// Share of the interval's arrivals that warming servers received [0-1].
    pub warming_share: f64,
}

impl Observation {
    /// Desired servers now: ready plus starting.
    pub fn current(&self) -> u32 {
        self.ready + self.starting
    }

    /// The value of `metric`, counting warming servers or leaving them out.
    pub fn value(&self, metric: Metric, warming: Warming) -> f64 {
        let (share, servers) = if warming == Warming::LeftOut && self.warming_ready < self.ready {
            (1.0 - self.warming_share, self.ready - self.warming_ready)
        } else {
            (1.0, self.ready)
        };
        let servers = servers.max(1) as f64;
        match metric {
            Metric::UsersPerServer => self.users * share / servers,
            Metric::RpsPerServer => self.arrival_rps * share / servers,
            Metric::QueuePerServer => self.queue / self.ready.max(1) as f64,
            Metric::Utilization => self.utilization * 100.0,
            Metric::P95LatencyMs => self.p95_ms,
        }
    }
}

/// A change of the desired fleet size.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// Desired servers (ready + starting) after the change.
    pub to: u32,
    /// Why, naming the metric and its value.
    pub reason: String,
}

/// A metric's value in words, as event reasons give it: "49.0 users per server",
/// "utilisation 85.0 %", "p95 latency 312 ms".
pub fn quantity(metric: Metric, value: f64) -> String {
    match metric {
        Metric::UsersPerServer => format!("{value:.1} users per server"),
        Metric::Utilization => format!("utilisation {value:.1} %"),
        Metric::RpsPerServer => format!("{value:.1} requests/s per server"),
        Metric::QueuePerServer => format!("{value:.1} waiting per server"),
        Metric::P95LatencyMs => format!("p95 latency {value:.0} ms"),
    }
}

/// A number without a trailing ".0" when it is whole.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
