//! The fuzz suite: structure-aware, seeded generators of scenario JSON, trace CSV and
//! command lines, checking that nothing panics, every rejection is one short line, what is
//! accepted round-trips exactly, and every run that fits the budget conserves its messages,
//! keeps its fleet in bounds and repeats itself. `FUZZ_CASES` sets the cases per generator
//! (default 3000, a few seconds); the counts are printed:
//!
//! `FUZZ_CASES=1000000 cargo test --release -p autoscale-sim --test fuzz -- --nocapture`

use std::panic::{catch_unwind, AssertUnwindSafe};

use autoscale_sim::rng::{Rng, Stream};
use autoscale_sim::trace::Trace;
use autoscale_sim::{cli, run, Scenario};
use serde_json::{json, Map, Value};

/// Runs estimated above this many message-equivalents are validated but not run.
const RUN_BUDGET: f64 = 50_000.0;

fn cases() -> usize {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000)
}

/// A rejection must be one line of reasonable length.
fn one_short_line(what: &str, message: &str) {
    assert!(!message.contains('\n') && !message.contains('\r'), "{what}: a message of several lines: {message:?}");
    assert!(message.len() < 2000, "{what}: a message of {} bytes", message.len());
}

fn pick<'a, T>(rng: &mut Rng, list: &'a [T]) -> &'a T {
    &list[rng.below(list.len())]
}

/// A value of any JSON type, biased toward the edges that break numeric code.
fn any_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 1 { 8 } else { 10 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(*pick(rng, &[0.0, -1.0, 1e308, -1e308, 5e-324, 1e15, 0.5, 99.99999999999999, 3e17])),
        3 => json!(rng.uniform() * 10f64.powi(rng.below(12) as i32 - 3)),
        4 => json!(rng.next_u64() >> rng.below(64)),
        5 => json!(*pick(rng, &["", "x", "round_robin", "trace", "target_tracking", "p95", "\n", "é😀"])),
        6 => json!("z".repeat(rng.below(300))),
        7 => json!(-(rng.below(1000) as i64)),
        8 => Value::Array((0..rng.below(4)).map(|_| any_value(rng, depth + 1)).collect()),
        _ => Value::Object((0..rng.below(4)).map(|i| (format!("k{i}"), any_value(rng, depth + 1))).collect()),
    }
}

/// A scenario document: the defaults with fields replaced by plausible or hostile values,
/// now and then an unknown field, a wrong type, or text that is not JSON at all.
fn scenario_text(rng: &mut Rng) -> String {
    let defaults = serde_json::to_value(Scenario::default()).unwrap();
    let mut doc = Map::new();
    for _ in 0..rng.below(6) {
        let (section, fields) = pick(rng, &defaults.as_object().unwrap().iter().collect::<Vec<_>>()).to_owned();
        match fields {
            Value::Object(f) if rng.below(8) != 0 => {
                let keys: Vec<&String> = f.keys().collect();
                let key = if rng.below(20) == 0 { "unknown\nkey".to_string() } else { pick(rng, &keys).to_string() };
                let value = match f.get(key.as_str()) {
                    Some(old) if rng.below(2) == 0 => mutate(rng, old),
                    _ => any_value(rng, 0),
                };
                let entry = doc.entry(section.clone()).or_insert_with(|| json!({}));
                if let Value::Object(o) = entry {
                    o.insert(key, value);
                }
            }
            _ => {
                doc.insert(section.clone(), if rng.below(2) == 0 { mutate(rng, fields) } else { any_value(rng, 0) });
            }
        }
    }
    let text = Value::Object(doc).to_string();
    match rng.below(40) {
        0 => text.chars().take(rng.below(text.len() + 1)).collect(),
        1 => format!("[{text}]"),
        _ => text,
    }
}

/// A value near `v`: scaled, negated, or another of its kind.
fn mutate(rng: &mut Rng, v: &Value) -> Value {
    match v {
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            let jitter = x * (1.0 + rng.uniform());
            json!(*pick(rng, &[x * 2.0, x * 0.5, x * 1000.0, -x, x + 1.0, 0.0, jitter]))
        }
        Value::Array(items) => {
            let keep = rng.below(5);
            Value::Array(items.iter().take(keep).map(|i| mutate(rng, i)).collect())
        }
        _ => any_value(rng, 1),
    }
}

/// Checks one scenario document; returns (accepted, run).
fn check_scenario(text: &str) -> (bool, bool) {
    let s = match Scenario::from_json(text) {
        Err(e) => {
            one_short_line(text, &e.to_string());
            return (false, false);
        }
        Ok(s) => s,
    };
    let back = Scenario::parse(&s.to_json()).expect("an accepted scenario's JSON parses");
    assert_eq!(back, s, "round trip of {text}");
    if s.work().total() > RUN_BUDGET {
        return (true, false);
    }
    let r = run(&s);
    let m = &r.summary;
    assert_eq!(m.arrived, m.completed + m.dropped + m.failed + m.in_flight, "conservation in {text}");
    let a = &s.autoscaler;
    for row in &r.series {
        let desired = row.ready + row.starting;
        assert!(desired >= a.min_servers && desired <= a.max_servers, "fleet bounds in {text}: {row:?}");
    }
    assert_eq!(run(&s).to_json(), r.to_json(), "determinism of {text}");
    (true, true)
}

#[test]
fn scenario_documents() {
    let mut rng = Rng::new(1, Stream::Arrivals);
    let (mut accepted, mut ran, mut panics) = (0, 0, Vec::new());
    for _ in 0..cases() {
        let text = scenario_text(&mut rng);
        match catch_unwind(AssertUnwindSafe(|| check_scenario(&text))) {
            Ok((a, r)) => (accepted, ran) = (accepted + a as usize, ran + r as usize),
            Err(_) => panics.push(text),
        }
    }
    println!("fuzz scenarios: {} cases, {accepted} accepted, {ran} run, {} failed", cases(), panics.len());
    assert!(panics.is_empty(), "failing inputs: {:?}", &panics[..panics.len().min(3)]);
}

/// A trace: request times (seconds or date-times, some malformed) or a rate series, with
/// any line ends, a byte-order mark, comments and extra columns.
fn trace_text(rng: &mut Rng) -> String {
    let mut lines: Vec<String> = Vec::new();
    let rates = rng.below(3) == 0;
    if rates {
        lines.push(pick(rng, &["t_s,rps", "T_S,RPS", "t,rps,extra"]).to_string());
    } else if rng.below(2) == 0 {
        lines.push(pick(rng, &["TIMESTAMP,ContextTokens", "time", "t", "# a comment"]).to_string());
    }
    let mut t = rng.uniform() * 100.0;
    for _ in 0..rng.below(60) {
        t += rng.uniform() * *pick(rng, &[0.01, 1.0, 1e6]);
        let stamp = match rng.below(12) {
            0 => format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{}{}",
                1970 + rng.below(100),
                rng.below(14),
                rng.below(33),
                rng.below(25),
                rng.below(61),
                rng.below(62),
                rng.below(1000),
                pick(rng, &["", "Z", "+01:00", "-23:59", "+99:99"])
            ),
            1 => pick(rng, &["noon", "", "-4", "1e400", "NaN", "inf", "\u{feff}"]).to_string(),
            2 => format!("{}", t * 1e12),
            _ => format!("{t}"),
        };
        let rest = if rates { format!(",{}", pick(rng, &["5", "0", "-1", "1e12", "x", "7.5"])) } else { ",1,2".into() };
        lines.push(format!("{stamp}{rest}"));
    }
    let end = *pick(rng, &["\n", "\r\n", "\r"]);
    let bom = if rng.below(5) == 0 { "\u{feff}" } else { "" };
    format!("{bom}{}", lines.join(end))
}

#[test]
fn trace_files() {
    let mut rng = Rng::new(2, Stream::Arrivals);
    let (mut parsed, mut panics) = (0, Vec::new());
    for _ in 0..cases() {
        let text = trace_text(&mut rng);
        let outcome = catch_unwind(|| match Trace::parse(&text) {
            Err(e) => {
                one_short_line(&text, &e.to_string());
                false
            }
            Ok(Trace::Requests(times)) => {
                assert!(times.windows(2).all(|w| w[0] <= w[1]) && times.iter().all(|t| t.is_finite() && *t >= 0.0));
                true
            }
            Ok(Trace::Rates(points)) => {
                assert!(points.windows(2).all(|w| w[0][0] < w[1][0]) && points.iter().all(|p| p[1] <= 1e9));
                true
            }
        });
        match outcome {
            Ok(ok) => parsed += ok as usize,
            Err(_) => panics.push(text),
        }
    }
    println!("fuzz traces: {} cases, {parsed} parsed, {} failed", cases(), panics.len());
    assert!(panics.is_empty(), "failing inputs: {:?}", &panics[..panics.len().min(3)]);
}

/// A command line of known and unknown flags with plausible and hostile values.
fn command_line(rng: &mut Rng) -> Vec<String> {
    let flags = [
        "--duration",
        "--base-rate",
        "--peak-rate",
        "--seed",
        "--scenario",
        "--trace",
        "--export",
        "--compare",
        "--json",
        "--verbose",
        "--help",
        "--bogus",
        "-x",
        "--duration=5",
    ];
    let values =
        ["5", "0", "-3", "1e308", "nan", "abc", "a.json", "t.csv", "csv", "hpa", "aws", "", "18446744073709551616"];
    (0..rng.below(7)).map(|i| if i % 2 == 0 { pick(rng, &flags) } else { pick(rng, &values) }.to_string()).collect()
}

#[test]
fn command_lines() {
    let mut rng = Rng::new(3, Stream::Arrivals);
    let read = |path: &str| match path {
        "a.json" => Ok(r#"{"duration_s": 5, "traffic": {"peak_users": 20}}"#.to_string()),
        "t.csv" => Ok("t\n0.5\n1\n2\n".to_string()),
        _ => Err(format!("cannot read {path}: no such file")),
    };
    let (mut ok, mut panics) = (0, Vec::new());
    for _ in 0..cases() {
        let args = command_line(&mut rng);
        let outcome = catch_unwind(|| {
            let parsed = cli::parse_args(&args).and_then(|a| cli::scenario_from(&a, read).map(|s| (a, s)));
            match parsed {
                Err(e) => one_short_line(&args.join(" "), &e),
                Ok((_, s)) if s.work().total() > RUN_BUDGET => {}
                Ok(_) => match cli::main_with(&args, read) {
                    Err(e) => one_short_line(&args.join(" "), &e),
                    Ok(_) => return true,
                },
            }
            false
        });
        match outcome {
            Ok(good) => ok += good as usize,
            Err(_) => panics.push(args),
        }
    }
    println!("fuzz command lines: {} cases, {ok} ran, {} failed", cases(), panics.len());
    assert!(panics.is_empty(), "failing inputs: {:?}", &panics[..panics.len().min(3)]);
}
