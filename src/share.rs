//! Shareable state: the scenario as a short URL parameter (only what differs from the
//! defaults, as JSON in base64url), read back field by field so that a link from an older
//! version or edited by hand still loads, with a notice naming what was left out.

use autoscale_sim::Scenario;
use serde_json::{Map, Value};

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

/// The scenario in compact JSON text, keeping every field that is valid; the problems
/// with the others are listed (they keep their defaults).
pub fn decode_json(text: &str) -> (Scenario, Vec<String>) {
    let mut notices = Vec::new();
    let parsed = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => o,
        _ => return (Scenario::default(), vec!["the link's scenario is not readable; the defaults are shown".into()]),
    };
    let mut accepted = serde_json::to_value(Scenario::default()).unwrap_or(Value::Null);
    let mut pending = leaves(&parsed);
    let mut problems = Vec::new();
    // Two passes: a field refused because of another one (scale_down above the default
    // scale_up) may fit once the other is in.
    for _ in 0..2 {
        problems.clear();
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
            // A trace's rows never travel in a link; the trace control asks for the file.
            let check = Scenario::parse(&trial.to_string()).and_then(|s| s.validate_settings());
            match check {
                Ok(()) => accepted = trial,
                Err(e) => {
                    let name = section.as_ref().map_or(key.clone(), |s| format!("{s}.{key}"));
                    problems.push(autoscale_sim::error::one_line(&format!("`{name}` left at its default: {e}")));
                    pending.push((section, key, value));
                }
            }
        }
    }
    notices.extend(problems);
    (Scenario::parse(&accepted.to_string()).unwrap_or_default(), notices)
}

/// The scenario in a URL parameter, as `decode_json` does.
pub fn decode(param: &str) -> (Scenario, Vec<String>) {
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
}
