//! Shareable state: the scenario as a short URL parameter (only what differs from the
//! defaults, as JSON in base64url), read back field by field so that a link from an older
//! version or edited by hand still loads, with a notice naming what was left out.

use autoscale_sim::Scenario;
use serde_json::{json, Map, Value};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The bytes of base64url text (padding and whitespace ignored), or `None` if it is not.
pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .bytes()
        .filter(|b| !b" \n\r\t=".contains(b))
        .map(|b| ALPHABET.iter().position(|&a| a == b).map(|p| p as u32))
        .collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &d)| n | d << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// The fields of `value` that differ from `default`, recursively through objects.
pub fn diff(value: &Value, default: &Value) -> Option<Value> {
    match (value, default) {
        (Value::Object(v), Value::Object(d)) => {
            let out: Map<String, Value> =
                v.iter().filter_map(|(k, x)| Some((k.clone(), diff(x, d.get(k).unwrap_or(&Value::Null))?))).collect();
            (!out.is_empty()).then_some(Value::Object(out))
        }
        _ if value == default => None,
        // An object where the default is `null` (`failures`) travels whole.
        (Value::Object(_), _) => Some(value.clone()),
        _ => Some(value.clone()),
    }
}

/// The scenario as compact JSON of what differs from the defaults ("{}" for the defaults).
pub fn compact_json(s: &Scenario) -> String {
    let value = serde_json::to_value(s).unwrap_or(Value::Null);
    let default = serde_json::to_value(Scenario::default()).unwrap_or(Value::Null);
    diff(&value, &default).unwrap_or(Value::Object(Map::new())).to_string()
}

/// The URL parameter for a scenario.
pub fn encode(s: &Scenario) -> String {
    base64url(compact_json(s).as_bytes())
}

/// Every leaf path of a JSON object: (section or None, key, value).
fn leaves(v: &Map<String, Value>) -> Vec<(Option<String>, String, Value)> {
    let mut out = Vec::new();
    for (k, x) in v {
        match x {
            Value::Object(inner) if !inner.is_empty() => {
                out.extend(inner.iter().map(|(ik, iv)| (Some(k.clone()), ik.clone(), iv.clone())))
            }
            _ => out.push((None, k.clone(), x.clone())),
        }
    }
    out
}

/// Longest link parameter read [characters]; a longer one is refused with a notice.
pub const MAX_LINK: usize = 2 << 20;

/// The scenario in compact JSON text, keeping every field that is valid; the problems
/// with the others are listed (they keep their defaults).
///
/// The work is linear in the text's size: a text that is valid as a whole is read once;
/// otherwise a field no scenario has is refused on its own, and each known field (there
/// are a few dozen) is tried against the fields accepted so far.
pub fn decode_json(text: &str) -> (Scenario, Vec<String>) {
    if text.len() > MAX_LINK {
        let notice = format!(
            "the link's scenario is {} characters, more than the {MAX_LINK} read; the defaults are shown",
            text.len()
        );
        return (Scenario::default(), vec![notice]);
    }
    let parsed = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => o,
        _ => return (Scenario::default(), vec!["the link's scenario is not readable; the defaults are shown".into()]),
    };
    let defaults = serde_json::to_value(Scenario::default()).unwrap_or(Value::Null);
    if let Ok(whole) = scenario_of(&merged(&defaults, &parsed)) {
        return (whole, Vec::new());
    }
    let failures = serde_json::to_value(autoscale_sim::failures::FailuresConfig::default()).unwrap_or(Value::Null);
    let mut accepted = defaults.clone();
    let mut pending = Vec::new();
    let mut problems = Vec::new();
    for (section, key, value) in leaves(&parsed) {
        // A field no scenario has is refused without trying it against the others.
        if !known(&defaults, &failures, section.as_deref(), &key) {
            let alone = match &section {
                Some(sec) => json!({ sec.as_str(): { key.as_str(): value } }),
                None => json!({ key.as_str(): value }),
            };
            let e = Scenario::parse(&alone.to_string())
                .err()
                .map_or_else(|| "unknown field".to_string(), |e| e.to_string());
            problems.push(notice(&section, &key, &e));
        } else {
            pending.push((section, key, value));
        }
    }
    // Two passes: a field refused because of another one (scale_down above the default
    // scale_up) may fit once the other is in.
    let mut refused = Vec::new();
    for _ in 0..2 {
        refused.clear();
        for (section, key, value) in std::mem::take(&mut pending) {
            let mut trial = accepted.clone();
            let slot = match &section {
                Some(sec) => {
                    if !trial[sec.as_str()].is_object() {
                        trial[sec.as_str()] = Value::Object(Map::new());
                    }
                    &mut trial[sec.as_str()][key.as_str()]
                }
                None => &mut trial[key.as_str()],
            };
            *slot = value.clone();
            match scenario_of(&trial) {
                Ok(_) => accepted = trial,
                Err(e) => {
                    refused.push(notice(&section, &key, &e.to_string()));
                    pending.push((section, key, value));
                }
            }
        }
    }
    problems.extend(refused);
    (scenario_of(&accepted).unwrap_or_default(), problems)
}

/// The scenario a JSON value describes, if it parses and its settings are valid (a trace's
/// rows never travel in a link; the trace control asks for the file).
fn scenario_of(value: &Value) -> Result<Scenario, autoscale_sim::ScenarioError> {
    let s = Scenario::parse(&value.to_string())?;
    s.validate_settings()?;
    Ok(s)
}

/// `defaults` with every field of `fields` written in (one level into sections).
fn merged(defaults: &Value, fields: &Map<String, Value>) -> Value {
    let mut out = defaults.clone();
    for (k, v) in fields {
        match (out.get_mut(k), v) {
            (Some(Value::Object(d)), Value::Object(inner)) => d.extend(inner.clone()),
            _ => out[k.as_str()] = v.clone(),
        }
    }
    out
}

/// Whether a scenario has the field `key` (in `section`); `failures` holds the failures
/// block's defaults (the scenario's default for it is null).
fn known(defaults: &Value, failures: &Value, section: Option<&str>, key: &str) -> bool {
    match section {
        None => defaults.get(key).is_some(),
        Some("failures") => failures.get(key).is_some(),
        Some(sec) => defaults.get(sec).is_some_and(|d| d.get(key).is_some()),
    }
}

/// A notice for a field left at its default, as one line.
fn notice(section: &Option<String>, key: &str, problem: &str) -> String {
    let name = section.as_ref().map_or(key.to_string(), |s| format!("{s}.{key}"));
    autoscale_sim::error::one_line(&format!("`{name}` left at its default: {problem}"))
}

/// The scenario in a URL parameter, as `decode_json` does.
pub fn decode(param: &str) -> (Scenario, Vec<String>) {
    if param.len() > MAX_LINK {
        let notice =
            format!("the link is {} characters, more than the {MAX_LINK} read; the defaults are shown", param.len());
        return (Scenario::default(), vec![notice]);
    }
    match from_base64url(param).and_then(|b| String::from_utf8(b).ok()) {
        Some(text) => decode_json(&text),
        None => (Scenario::default(), vec!["the link is damaged (not base64url); the defaults are shown".into()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(from_base64url(&base64url(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64url(b"hello?"), "aGVsbG8_");
        assert!(from_base64url("a$b").is_none());
    }

    #[test]
    fn state_to_url_to_state() {
        let mut s = Scenario::default();
        assert_eq!(compact_json(&s), "{}");
        s.traffic.peak_users = 250.0;
        s.autoscaler.policy = autoscale_sim::scenario::Policy::TargetTracking;
        s.failures = Some(Default::default());
        let param = encode(&s);
        assert!(param.len() < 300, "{} characters", param.len());
        assert_eq!(decode(&param), (s.clone(), vec![]));
        s.failures.as_mut().unwrap().crashes = vec![autoscale_sim::failures::Crash { at_s: 120.0, server: 1 }];
        assert_eq!(decode(&encode(&s)), (s, vec![]), "crashes travel in the link");
    }

    #[test]
    fn old_edited_and_damaged_links_load_with_a_notice() {
        let (s, notes) = decode_json(r#"{"traffic": {"peak_users": 120, "colour": "red"}, "duration_s": -5}"#);
        assert_eq!(s.traffic.peak_users, 120.0, "the valid part is kept");
        assert_eq!(s.duration_s, Scenario::default().duration_s);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("`traffic.colour`") || notes[1].contains("`traffic.colour`"));
        let (s, notes) = decode(&encode(&s)[..10]);
        assert_eq!(s, Scenario::default());
        assert_eq!(notes.len(), 1);
        let (_, notes) = decode("%%%");
        assert!(notes[0].contains("damaged"));
        let (s, notes) = decode_json(r#"{"autoscaler": {"scale_down": 50}}"#);
        assert_eq!((s, notes.len()), (Scenario::default(), 1), "an impossible value keeps the default");
        let (s, notes) = decode_json(r#"{"autoscaler": {"scale_down": 50, "scale_up": 80}}"#);
        assert_eq!((s.autoscaler.scale_down, s.autoscaler.scale_up, notes.len()), (50.0, 80.0, 0), "{notes:?}");
    }

    #[test]
    fn a_large_link_with_many_unknown_fields_reads_its_valid_part() {
        // Reproducer: a 1.4 MB link with 300 extra fields took 25 s (every field re-read
        // everything accepted before it). Each unknown field is now refused on its own.
        let mut traffic = Map::new();
        traffic.insert("peak_users".into(), json!(150));
        for i in 0..300 {
            traffic.insert(format!("extra{i}"), json!("z".repeat(4_500)));
        }
        let text = json!({ "traffic": traffic, "autoscaler": {"scale_up": 40} }).to_string();
        assert!(text.len() > 1_300_000, "{} bytes", text.len());
        let start = std::time::Instant::now();
        let (s, notes) = decode_json(&text);
        eprintln!("{} bytes, 302 fields: decoded in {:?}", text.len(), start.elapsed());
        assert_eq!((s.traffic.peak_users, s.autoscaler.scale_up), (150.0, 40.0));
        assert_eq!(notes.len(), 300);
        assert!(notes.iter().all(|n| n.len() < 400 && n.contains("unknown field")), "{}", notes[0]);
    }

    #[test]
    fn a_link_over_the_limit_is_refused_with_a_notice() {
        let text = format!("{{\"seed\": 1, \"x\": \"{}\"}}", "a".repeat(MAX_LINK));
        let (s, notes) = decode_json(&text);
        assert_eq!(s, Scenario::default());
        assert!(notes[0].contains("more than the") && notes[0].len() < 200, "{notes:?}");
    }

    #[test]
    fn fuzzed_links_never_panic_and_say_what_they_dropped_in_one_line() {
        // Links edited by hand or damaged: random base64url, cut links, and scenario JSON
        // with random fields and values. `FUZZ_CASES` sets the count (default 2000).
        use autoscale_sim::rng::{Rng, Stream};
        let cases: usize = std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
        let mut rng = Rng::new(4, Stream::Arrivals);
        let good = encode(&Scenario { duration_s: 90.0, ..Scenario::default() });
        let keys =
            ["seed", "duration_s", "traffic", "peak_users", "autoscaler", "scale_up", "x\ny", "policy", "failures"];
        let values =
            [json!(5), json!(-1), json!(1e308), json!("target_tracking"), json!(null), json!({"a": 1}), json!([1, 2])];
        let mut notices = 0;
        for _ in 0..cases {
            let param = match rng.below(4) {
                0 => (0..rng.below(60)).map(|_| ALPHABET[rng.below(64)] as char).collect(),
                1 => good.chars().take(rng.below(good.len() + 1)).collect(),
                _ => {
                    let mut doc = Map::new();
                    for _ in 0..rng.below(5) {
                        let inner: Map<String, Value> = (0..rng.below(3))
                            .map(|_| (keys[rng.below(keys.len())].to_string(), values[rng.below(values.len())].clone()))
                            .collect();
                        let value = if rng.below(2) == 0 {
                            Value::Object(inner)
                        } else {
                            values[rng.below(values.len())].clone()
                        };
                        doc.insert(keys[rng.below(keys.len())].to_string(), value);
                    }
                    base64url(Value::Object(doc).to_string().as_bytes())
                }
            };
            let (s, notes) = decode(&param);
            assert!(s.validate_settings().is_ok(), "a link gives a valid scenario: {param}");
            for n in &notes {
                assert!(!n.contains('\n') && n.len() < 2000, "{n:?}");
            }
            notices += notes.len();
            // What was kept reads back exactly.
            assert_eq!(decode(&encode(&s)), (s, Vec::new()), "{param}");
        }
        println!("fuzz links: {cases} cases, {notices} notices, 0 failed");
    }
}
