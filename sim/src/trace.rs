//! Traces: real traffic read from CSV, either one row per request or a rate series.
//!
//! A request trace has a timestamp in its first column (seconds, or an ISO date-time such
//! as `2023-11-16 18:15:46.6805900`) and may have more columns, which are ignored; the
//! Azure LLM inference traces load as they are. A rate series has the header `t_s,rps`:
//! each row's rate [requests/s] holds from its `t_s` until the next row's. Parsing is
//! pure: the command line and the page read the file and hand its text here.

/// Most data rows a trace may have.
pub const MAX_ROWS: usize = 5_000_000;

/// Highest rate a rate series may give [requests/s].
pub const MAX_RPS: f64 = 1e9;

/// A parsed trace, ready to replay.
#[derive(Clone, Debug, PartialEq)]
pub enum Trace {
    /// Request times [s], sorted: seconds as written, or date-times from the first row.
    Requests(Vec<f64>),
    /// Points [t_s, rps] in increasing time.
    Rates(Vec<[f64; 2]>),
}

/// What went wrong, and on which line (1-based, counting the header).
#[derive(Clone, Debug, PartialEq)]
pub struct TraceError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = crate::error::one_line(&self.message);
        if self.line == 0 {
            write!(f, "{message}")
        } else {
            write!(f, "line {}: {message}", self.line)
        }
    }
}

/// A timestamp as written: seconds, or a date-time split into whole seconds since 1970
/// and a fraction, so that subtracting two of them keeps sub-microsecond precision.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stamp {
    Seconds(f64),
    DateTime(i64, f64),
}

impl Trace {
    /// Parses CSV text (LF, CRLF or CR line ends, an optional byte-order mark). The first
    /// line is a header when its first field holds no digit; a first field with digits
    /// that is not a time is an error naming line 1, not a header.
    pub fn parse(text: &str) -> Result<Trace, TraceError> {
        let err = |line: usize, message: String| TraceError { line, message };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let ends: &[char] = if text.contains('\n') { &['\n'] } else { &['\r'] };
        let mut lines = text
            .split(ends)
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
        let Some((first_no, first)) = lines.next() else {
            return Err(err(
                0,
                "the trace is empty: expected CSV rows such as `2023-11-16 18:15:46.68,374,44` or a header `t_s,rps`"
                    .into(),
            ));
        };
        let header = !field(first, 0).bytes().any(|b| b.is_ascii_digit());
        let rates = header && field(first, 1).trim().eq_ignore_ascii_case("rps");
        let data = (!header).then_some((first_no, first)).into_iter().chain(lines);
        if rates {
            let mut points: Vec<[f64; 2]> = Vec::new();
            for (no, line) in data {
                check_rows(points.len(), no)?;
                let t = number(field(line, 0))
                    .ok_or_else(|| err(no, format!("`{}` is not a time in seconds", field(line, 0))))?;
                let rps = number(field(line, 1)).filter(|r| (0.0..=MAX_RPS).contains(r)).ok_or_else(|| {
                    err(no, format!("`{}` is not a rate (requests per second, 0 to {MAX_RPS:e})", field(line, 1)))
                })?;
                if t < 0.0 {
                    return Err(err(no, format!("t_s {t} is negative")));
                }
                if let Some(last) = points.last().filter(|p| t <= p[0]) {
                    return Err(err(no, format!("t_s {t} is not after the previous row's {}", last[0])));
                }
                points.push([t, rps]);
            }
            if points.is_empty() {
                return Err(err(first_no, "the rate series has a header but no rows".into()));
            }
            return Ok(Trace::Rates(points));
        }
        let mut stamps: Vec<Stamp> = Vec::new();
        for (no, line) in data {
            check_rows(stamps.len(), no)?;
            let text = field(line, 0);
            let stamp = parse_stamp(text).ok_or_else(|| {
                err(
                    no,
                    format!("`{text}` is not a time: expected seconds (12.5) or a date-time (2023-11-16 18:15:46.68)"),
                )
            })?;
            if let Some(previous) = stamps.first() {
                if std::mem::discriminant(previous) != std::mem::discriminant(&stamp) {
                    return Err(err(no, format!("`{text}` mixes seconds and date-times in one trace")));
                }
            }
            if let Stamp::Seconds(s) = stamp {
                if s < 0.0 {
                    return Err(err(no, format!("time {s} is negative")));
                }
            }
            stamps.push(stamp);
        }
        let Some(&first) = stamps.first() else {
            return Err(err(first_no, "the trace has a header but no rows".into()));
        };
        let mut times: Vec<f64> = stamps.iter().map(|&s| since(s, first)).collect();
        if let Stamp::DateTime(..) = first {
            // Date-times count from the earliest row, which need not be the first.
            let earliest = times.iter().copied().fold(f64::INFINITY, f64::min);
            times.iter_mut().for_each(|t| *t -= earliest);
        }
        // Logs are often slightly out of order; replay them in time order.
        times.sort_by(f64::total_cmp);
        Ok(Trace::Requests(times))
    }

    /// Time of the last row [s], before time scaling.
    pub fn end_s(&self) -> f64 {
        match self {
            Trace::Requests(t) => t.last().copied().unwrap_or(0.0),
            Trace::Rates(p) => p.last().map_or(0.0, |q| q[0]),
        }
    }

    /// Time of the first row [s], before time scaling.
    pub fn start_s(&self) -> f64 {
        match self {
            Trace::Requests(t) => t.first().copied().unwrap_or(0.0),
            Trace::Rates(p) => p.first().map_or(0.0, |q| q[0]),
        }
    }

    /// A short description such as "19366 requests over 3473.2 s".
    pub fn describe(&self) -> String {
        match self {
            Trace::Requests(t) => format!("{} requests over {:.1} s", t.len(), self.end_s() - self.start_s()),
            Trace::Rates(p) => format!("a rate series of {} rows over {:.1} s", p.len(), self.end_s() - self.start_s()),
        }
    }
}

fn check_rows(rows: usize, line: usize) -> Result<(), TraceError> {
    if rows >= MAX_ROWS {
        return Err(TraceError { line, message: format!("the trace has more than {MAX_ROWS} rows") });
    }
    Ok(())
}

/// The `i`-th comma-separated field of a line, trimmed and unquoted ("" if missing).
fn field(line: &str, i: usize) -> &str {
    line.split(',').nth(i).unwrap_or("").trim().trim_matches('"')
}

fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A date-time's seconds after `origin`; seconds as written.
fn since(stamp: Stamp, origin: Stamp) -> f64 {
    match (stamp, origin) {
        (Stamp::DateTime(s, f), Stamp::DateTime(s0, f0)) => (s - s0) as f64 + (f - f0),
        (Stamp::DateTime(s, f), Stamp::Seconds(_)) => s as f64 + f,
        (Stamp::Seconds(s), _) => s,
    }
}

fn parse_stamp(text: &str) -> Option<Stamp> {
    if let Some(s) = number(text) {
        return Some(Stamp::Seconds(s));
    }
    parse_date_time(text).map(|(s, f)| Stamp::DateTime(s, f))
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` with an optional `Z` or `+HH:MM` offset, as whole
/// seconds since 1970-01-01 UTC and a fraction.
fn parse_date_time(text: &str) -> Option<(i64, f64)> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i64> {
        let part = text.get(from..from + n)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b' ' | b'T' | b't')) {
        return None;
    }
    let (hour, minute) = (digits(11, 2)?, digits(14, 2)?);
    if b.get(13) != Some(&b':') {
        return None;
    }
    let mut rest = &text[16..];
    let mut second = 0;
    let mut fraction = 0.0;
    if let Some(r) = rest.strip_prefix(':') {
        second = r.get(..2).filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()?;
        rest = &r[2..];
        if let Some(r) = rest.strip_prefix('.') {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            fraction = format!("0.{}", &r[..n]).parse().ok()?;
            rest = &r[n..];
        }
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let r = rest[1..].replace(':', "");
            if r.len() != 4 || !r.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let (hours, minutes) = (r[..2].parse::<i64>().ok()?, r[2..].parse::<i64>().ok()?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3600 + minute * 60 + second - offset, fraction))
}

/// Days in `month` (1-12) of `year`, in the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_azure_rows_relative_to_the_first() {
        let t = Trace::parse("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n2023-11-16 18:16:46.1805900,1,2\n").unwrap();
        let Trace::Requests(times) = t else { panic!("a request trace") };
        assert_eq!(times.len(), 3);
        assert_eq!(times[0], 0.0);
        assert!((times[1] - 4.314579).abs() < 1e-9, "{}", times[1]);
        assert!((times[2] - 59.5).abs() < 1e-9);
    }

    #[test]
    fn dates_and_offsets() {
        assert_eq!(parse_date_time("1970-01-01T00:00:00Z"), Some((0, 0.0)));
        assert_eq!(parse_date_time("2000-03-01 00:00"), Some((951_868_800, 0.0)));
        assert_eq!(parse_date_time("1970-01-01T01:00:00+01:00"), Some((0, 0.0)));
        assert_eq!(parse_date_time("2023-13-01 00:00:00"), None);
        // Reproducers: 2023-02-30 and +99:99 were accepted; 2023-02-31 became 3 March.
        assert_eq!(parse_date_time("2023-02-30 00:00:00"), None);
        assert_eq!(parse_date_time("2023-02-31 00:00:00"), None);
        assert_eq!(parse_date_time("2023-04-31 00:00:00"), None);
        assert_eq!(parse_date_time("2023-02-29 00:00:00"), None);
        assert!(parse_date_time("2024-02-29 00:00:00").is_some() && parse_date_time("2000-02-29 00:00").is_some());
        assert_eq!(parse_date_time("1900-02-29 00:00"), None);
        assert_eq!(parse_date_time("2023-11-16 18:00:00+99:99"), None);
        assert_eq!(parse_date_time("2023-11-16 18:00:00+24:00"), None);
        assert_eq!(parse_date_time("2023-11-16 18:00:00-23:59"), Some((1_700_157_600 + 86_340, 0.0)));
        assert_eq!(parse_date_time("2023-11-16 18:15:46."), None);
    }

    #[test]
    fn byte_order_marks_and_every_line_end() {
        let want = Trace::Requests(vec![1.0, 2.5, 4.0]);
        for text in [
            "1\n2.5\n4\n",
            "\u{feff}1\n2.5\n4",
            "1\r\n2.5\r\n4\r\n",
            "1\r2.5\r4\r",
            "t\r1\r2.5\r4",
            "\u{feff}time\r\n1\r\n2.5\r\n4",
        ] {
            assert_eq!(Trace::parse(text).unwrap(), want, "{text:?}");
        }
        // Line numbers count CRLF and CR lines once each.
        assert!(Trace::parse("t\r\n1\r\nnoon\r\n").unwrap_err().to_string().starts_with("line 3: `noon`"));
        assert!(Trace::parse("t\r1\rnoon\r").unwrap_err().to_string().starts_with("line 3: `noon`"));
    }

    #[test]
    fn seconds_and_rate_series() {
        assert_eq!(Trace::parse("3\n1.5\n2\n").unwrap(), Trace::Requests(vec![1.5, 2.0, 3.0]));
        assert_eq!(Trace::parse("t_s,rps\n0,5\n60,7.5\n").unwrap(), Trace::Rates(vec![[0.0, 5.0], [60.0, 7.5]]));
    }

    #[test]
    fn errors_name_the_line() {
        let e = |text: &str| Trace::parse(text).unwrap_err().to_string();
        assert_eq!(
            e(""),
            "the trace is empty: expected CSV rows such as `2023-11-16 18:15:46.68,374,44` or a header `t_s,rps`"
        );
        assert!(e("TIMESTAMP\n2023-11-16 18:15:46,1\nyesterday,2\n").starts_with("line 3: `yesterday` is not a time"));
        assert_eq!(e("t_s,rps\n0,5\n0,6\n"), "line 3: t_s 0 is not after the previous row's 0");
        assert_eq!(e("t_s,rps\n0,-1\n"), "line 2: `-1` is not a rate (requests per second, 0 to 1e9)");
        assert_eq!(e("t_s,rps\n0,1e12\n"), "line 2: `1e12` is not a rate (requests per second, 0 to 1e9)");
        // A mistyped first row is an error, not a header that drops it.
        assert!(e("12.5x\n13\n").starts_with("line 1: `12.5x` is not a time"), "{}", e("12.5x\n13\n"));
        assert!(e("2023-02-30 00:00:00\n").starts_with("line 1: `2023-02-30 00:00:00` is not a time"));
        assert_eq!(
            e("1\n2023-11-16 18:15:46\n"),
            "line 2: `2023-11-16 18:15:46` mixes seconds and date-times in one trace"
        );
        assert_eq!(e("t\n-4\n"), "line 2: time -4 is negative");
        assert_eq!(e("time\n"), "line 1: the trace has a header but no rows");
    }
}
