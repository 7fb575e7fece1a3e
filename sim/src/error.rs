//! Scenario errors as values: the field's path and the problem, displayed as one line.
//!
//! Every check of a scenario (parsing, ranges, relations between fields) returns a
//! [`ScenarioError`]; front ends find the control to mark by its `path`, never by reading
//! the message.

use std::fmt;

/// What is wrong with a scenario, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The field as the scenario JSON names it (`autoscaler.scale_down`,
    /// `traffic.steps[2].at_s`); empty when the problem is the whole document.
    pub path: String,
    /// What is wrong, and what is allowed.
    pub problem: String,
}

impl ScenarioError {
    /// A problem with the field at `path`.
    pub fn new(path: impl Into<String>, problem: impl Into<String>) -> ScenarioError {
        ScenarioError { path: path.into(), problem: problem.into() }
    }

    /// A problem with the document as a whole (not JSON, not an object).
    pub fn document(problem: impl Into<String>) -> ScenarioError {
        ScenarioError::new("", problem)
    }

    /// Whether the error is about the field at `path` or a part of it (`path[i]`, `path.x`).
    pub fn is_about(&self, path: &str) -> bool {
        self.path
            .strip_prefix(path)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "invalid scenario: {}", one_line(&self.problem))
        } else {
            write!(f, "invalid scenario field `{}`: {}", one_line(&cut(&self.path)), one_line(&self.problem))
        }
    }
}

/// Longest echoed value kept in a message [characters].
pub const ECHO_MAX: usize = 80;

/// `text` cut to `ECHO_MAX` characters, with an ellipsis when it was longer.
pub fn cut(text: &str) -> String {
    match text.char_indices().nth(ECHO_MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A message as one line: every value quoted in backticks or double quotes cut to
/// `ECHO_MAX` characters, control characters (line breaks included) escaped.
pub fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut quote: Option<char> = None;
    let mut quoted = String::new();
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                out += &cut(&quoted);
                out.push(c);
                quoted.clear();
                quote = None;
            }
            Some(_) => quoted.push(c),
            None => {
                out.push(c);
                if c == '`' || c == '"' {
                    quote = Some(c);
                }
            }
        }
    }
    out += &cut(&quoted);
    out.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}

impl std::error::Error for ScenarioError {}

impl From<ScenarioError> for String {
    fn from(e: ScenarioError) -> String {
        e.to_string()
    }
}

/// Checks that `value` of the field at `path` is a finite number in [lo, hi].
pub fn range(path: &str, value: f64, lo: f64, hi: f64) -> Result<(), ScenarioError> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(())
    } else {
        Err(ScenarioError::new(path, format!("{value} is out of range, allowed {lo} to {hi}")))
    }
}

/// Checks that `value` of the field at `path` is below `limit`, the value of `other`.
pub fn below(path: &str, value: f64, other: &str, limit: f64) -> Result<(), ScenarioError> {
    if value < limit {
        Ok(())
    } else {
        Err(ScenarioError::new(path, format!("{value} must be below {other} ({limit})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_one_line_naming_the_field() {
        let e = range("autoscaler.max_servers", 0.0, 1.0, 10_000.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid scenario field `autoscaler.max_servers`: 0 is out of range, allowed 1 to 10000"
        );
        assert_eq!(ScenarioError::document("not valid JSON").to_string(), "invalid scenario: not valid JSON");
    }

    #[test]
    fn messages_are_one_line_with_values_cut() {
        let long = "x".repeat(100_000);
        let e = ScenarioError::new("traffic.pattern", format!("unknown variant `{long}`, expected `constant`"));
        let text = e.to_string();
        assert!(text.len() < 200, "{} bytes", text.len());
        assert!(text.contains(&format!("`{}…`, expected `constant`", "x".repeat(ECHO_MAX))), "{text}");
        let e = ScenarioError::new("autoscaler.a\nb", "unknown field `a\nb\r`");
        assert_eq!(e.to_string(), "invalid scenario field `autoscaler.a\\nb`: unknown field `a\\nb\\r`");
        assert!(!e.to_string().contains('\n'));
    }

    #[test]
    fn is_about_a_field_and_its_parts_only() {
        let e = ScenarioError::new("traffic.steps[2].at_s", "x");
        assert!(e.is_about("traffic.steps") && e.is_about("traffic.steps[2].at_s"));
        assert!(!e.is_about("traffic.step") && !e.is_about("traffic.steps[2].at"));
        assert!(ScenarioError::new("autoscaler.weights.memory", "x").is_about("autoscaler.weights"));
    }
}
