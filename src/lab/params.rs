//! The lab in the page's address: `s` (the first variant, as links always had it), `v`
//! (every variant's name and difference from the first), `show`, `compare` and `tune`
//! (what the last search found); read back with a notice for every part that could not be
//! used.

use autoscale_sim::compare::{share_conditions, Variant};
use autoscale_sim::Scenario;
use serde_json::{json, Map, Value};

use super::{clean_name, next_name, Lab, MAX_VARIANTS};
use crate::share;

impl Lab {
    /// The address parameters, in order; only what differs from a fresh page.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let first = &self.variants[0];
        let mut params = vec![("s", share::encode(&first.scenario))];
        if self.variants.len() > 1 || first.name != "A" {
            let base = serde_json::to_value(&first.scenario).unwrap_or(Value::Null);
            let list: Vec<Value> = self
                .variants
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let value = serde_json::to_value(&v.scenario).unwrap_or(Value::Null);
                    match share::diff(&value, &base).filter(|_| i > 0) {
                        Some(d) => json!({"name": v.name, "diff": d}),
                        None => json!({"name": v.name}),
                    }
                })
                .collect();
            params.push(("v", share::base64url(Value::Array(list).to_string().as_bytes())));
        }
        if self.shown > 0 {
            params.push(("show", self.shown.to_string()));
        }
        if self.compare {
            params.push(("compare", "1".into()));
        }
        if let Some(found) = &self.found {
            params.push(("tune", share::base64url(serde_json::to_string(found).unwrap_or_default().as_bytes())));
        }
        params
    }

    /// The state the parameters describe (`get` reads one by name), and notices naming
    /// whatever had to be left out. Never fails: the worst link gives the defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> (Lab, Vec<String>) {
        let (first, mut notes) = get("s").map_or((Scenario::default(), Vec::new()), |p| share::decode(&p));
        let mut lab = Lab::single(first);
        if let Some(v) = get("v") {
            notes.extend(read_variants(&v, &mut lab));
        }
        if let Some(show) = get("show") {
            match show.parse::<usize>() {
                Ok(i) if i < lab.variants.len() => lab.shown = i,
                _ => notes.push(format!("`show={show}` names no variant; the first is shown")),
            }
        }
        lab.compare = get("compare").is_some_and(|c| c == "1" || c == "true");
        if let Some(t) = get("tune") {
            match read_found(&t) {
                Some(found) => lab.found = Some(found),
                None => notes.push("the link's search result is damaged; it is left out".into()),
            }
        }
        for v in &mut lab.variants {
            crate::shipped_trace::fill(&mut v.scenario);
        }
        (lab, notes)
    }
}

/// Most settings of a found front a link carries.
const MAX_FOUND: usize = 400;

/// The `tune` parameter, if it is whole: one value per setting in every row.
fn read_found(param: &str) -> Option<autoscale_sim::tune::Found> {
    let found: autoscale_sim::tune::Found = serde_json::from_slice(&share::from_base64url(param)?).ok()?;
    let whole = found.front.len() <= MAX_FOUND
        && found.params.len() <= 12
        && found.front.iter().all(|row| row.len() == found.params.len() && row.iter().all(|x| x.is_finite()))
        && found.best.is_none_or(|b| b < found.front.len());
    whole.then_some(found)
}

/// Reads the `v` parameter into `lab` (which holds the first variant); returns notices.
fn read_variants(param: &str, lab: &mut Lab) -> Vec<String> {
    let list = share::from_base64url(param)
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v.as_array().cloned());
    let Some(list) = list else {
        return vec!["the link's variants are damaged; only the first variant is shown".into()];
    };
    let mut notes = Vec::new();
    if list.len() > MAX_VARIANTS {
        notes.push(format!("the link has {} variants; the first {MAX_VARIANTS} are shown", list.len()));
    }
    let base = serde_json::to_value(&lab.variants[0].scenario).unwrap_or(Value::Null);
    let defaults = serde_json::to_value(Scenario::default()).unwrap_or(Value::Null);
    for (i, entry) in list.iter().take(MAX_VARIANTS).enumerate() {
        let name = match entry.get("name").and_then(Value::as_str).map(str::trim) {
            Some(n) if !clean_name(n).is_empty() => clean_name(n),
            _ => {
                let name = next_name(&lab.variants);
                notes.push(format!("variant {} has no name; it is called {name}", i + 1));
                name
            }
        };
        if i == 0 {
            lab.variants[0].name = name;
            continue;
        }
        let mut merged = base.clone();
        if let Some(Value::Object(d)) = entry.get("diff") {
            merge(&mut merged, d);
        }
        let text = share::diff(&merged, &defaults).unwrap_or(Value::Object(Map::new())).to_string();
        let (mut scenario, problems) = share::decode_json(&text);
        notes.extend(problems.into_iter().map(|p| format!("variant {name}: {p}")));
        share_conditions(&lab.variants[0].scenario, &mut scenario);
        if let Err(e) = scenario.validate_settings() {
            notes.push(format!("variant {name}: {e}; it is left out"));
            continue;
        }
        lab.variants.push(Variant { name, scenario });
    }
    notes
}

/// Writes every field of `diff` into `target`, recursively through objects.
fn merge(target: &mut Value, diff: &Map<String, Value>) {
    for (k, v) in diff {
        match (target.get_mut(k), v) {
            (Some(t @ Value::Object(_)), Value::Object(inner)) => merge(t, inner),
            _ => {
                if let Value::Object(t) = target {
                    t.insert(k.clone(), v.clone());
                }
            }
        }
    }
}
