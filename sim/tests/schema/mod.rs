//! The subset of JSON Schema the export tests check manifests against.

use serde_json::{json, Value};

/// Checks `v` against the subset of JSON Schema used below: type, required, properties,
/// additionalProperties (false), enum, items, minimum, maximum, const, oneOf.
pub fn check(schema: &Value, v: &Value, path: &str) -> Result<(), String> {
    let fail = |why: String| Err(format!("{path}: {why}"));
    if let Some(one_of) = schema.get("oneOf").and_then(Value::as_array) {
        let ok = one_of.iter().filter(|s| check(s, v, path).is_ok()).count();
        return if ok == 1 { Ok(()) } else { fail(format!("matches {ok} of the oneOf schemas")) };
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            return fail(format!("{v} is not {c}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return fail(format!("{v} not in {e:?}"));
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => {
            let Some(o) = v.as_object() else { return fail("not an object".into()) };
            for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                if !o.contains_key(r.as_str().unwrap()) {
                    return fail(format!("missing required {r}"));
                }
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, val) in o {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => check(s, val, &format!("{path}.{k}"))?,
                    None if schema.get("additionalProperties") == Some(&json!(false)) => {
                        return fail(format!("unknown field {k}"))
                    }
                    None => {}
                }
            }
        }
        Some("array") => {
            let Some(a) = v.as_array() else { return fail("not an array".into()) };
            for (i, item) in a.iter().enumerate() {
                check(&schema["items"], item, &format!("{path}[{i}]"))?;
            }
        }
        Some("string") if !v.is_string() => return fail("not a string".into()),
        Some("integer") if !(v.is_i64() || v.is_u64()) => return fail(format!("{v} is not an integer")),
        Some("number") if !v.is_number() => return fail(format!("{v} is not a number")),
        _ => {}
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if x < min {
            return fail(format!("{x} < minimum {min}"));
        }
    }
    if let (Some(max), Some(x)) = (schema.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if x > max {
            return fail(format!("{x} > maximum {max}"));
        }
    }
    Ok(())
}
