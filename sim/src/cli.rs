//! The `autoscale-sim` command line: arguments to a scenario, and a report to text or JSON.

use std::sync::Arc;

use crate::balancer::Strategy;
use crate::choice::Choice;
use crate::export::Format;
use crate::pattern::Pattern;
use crate::policy::Policy;
use crate::report::Report;
use crate::scenario::Scenario;
use crate::text_report::{render_text, Detail};
use crate::trace::Trace;

const USAGE: &str = "\
usage: autoscale-sim [--scenario FILE] [--trace CSV] [--duration S] [--base-rate USERS]
                     [--peak-rate USERS] [--seed N] [--verbose] [--json]
                     [--engine exact|fluid|auto] [--export FORMAT] [--compare FILE]...
                     [--tune SPACE]

Simulates an auto-scaled chat-service fleet and prints its report.
  --scenario FILE     scenario JSON (every field optional; see README); - reads
                      standard input
  --trace CSV         replay a trace (pattern trace); the run lasts the trace
                      unless --duration or the file says otherwise
  --duration S        simulated seconds (duration_s)
  --base-rate USERS   concurrent users at the start and end (traffic.base_users)
  --peak-rate USERS   concurrent users at the peak (traffic.peak_users)
  --seed N            seed of every random stream
  --engine E          exact (every message), fluid (queueing theory per
                      interval) or auto (exact when small; the default)
  --verbose           a status line per interval
  --json              one JSON object: scenario, summary, events, series, servers
  --export FORMAT     instead of the report: the series (csv) or the policy as
                      the real system's configuration (listed below)
  --compare FILE      run FILE's scenario as a variant under the same seed,
                      duration, traffic, failures and objective, and print a
                      difference table (repeatable)
  --reports FILE      with --tune: reports of settings run elsewhere (--json
                      output, one per line); those settings are not run again
  --candidates        with --tune: print the next settings to run as JSON lines
                      (each a scenario for --scenario -) instead of running them
  --tune SPACE        search the settings SPACE lets vary (JSON: \"vary\", \"budget\",
                      \"seed\"; see README) for the cheapest that meets the
                      objective; prints the Pareto front of cost against time in
                      violation and the chosen scenario (--json: everything)
Flags override the file.";

/// Largest scenario or trace file the command line reads [bytes]: a trace at its row
/// limit (`trace::MAX_ROWS`, 5 million rows of about 50 bytes) fits.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Reads the file at `path` (`-`: standard input) as text, refusing anything that is not a
/// regular file (a device such as /dev/zero, a FIFO, a folder) and anything over `limit` bytes.
pub fn read_bounded(path: &str, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let too_large = || format!("{path} is larger than {limit} bytes, the most a file may have");
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        if !meta.is_file() {
            return Err(format!("cannot read {path}: not a regular file"));
        }
        if meta.len() > limit {
            return Err(too_large());
        }
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| format!("cannot read {path}: not UTF-8 text ({e})"))
}

/// The help text: the flags, and the names a scenario file may choose from.
pub fn usage() -> String {
    let names = |names: &[&str]| names.join(", ");
    let formats: String = Format::ALL.iter().map(|f| format!("\n  {:<9} {}", f.name(), f.help())).collect();
    format!(
        "{USAGE}\n\nautoscaler.policy: {}\nbalancer.strategy: {}\ntraffic.pattern: {}\n--export:{formats}",
        names(Policy::NAMES),
        names(Strategy::NAMES),
        names(Pattern::NAMES)
    )
}

/// What the command line asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    pub scenario_file: Option<String>,
    pub trace_file: Option<String>,
    pub duration: Option<f64>,
    pub base_rate: Option<f64>,
    pub peak_rate: Option<f64>,
    pub seed: Option<u64>,
    pub verbose: bool,
    pub json: bool,
    pub export: Option<Format>,
    pub engine: Option<crate::engine::Engine>,
    /// Scenario files run as variants of the first.
    pub compare: Vec<String>,
    /// A search space file: search it instead of running once (`tune`).
    pub tune: Option<String>,
    /// Reports of settings run elsewhere (JSON lines of `--json` reports), for `--tune`.
    pub reports: Option<String>,
    /// With `--tune`: print the next settings to run as JSON lines instead of running them.
    pub candidates: bool,
    pub help: bool,
}

/// Parses arguments (without the program name); `--flag value` and `--flag=value` both work.
pub fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline.clone().or_else(|| it.next().cloned()).ok_or_else(|| format!("{name} needs a value"))
        };
        match flag {
            "--scenario" => out.scenario_file = Some(value(flag)?),
            "--trace" => out.trace_file = Some(value(flag)?),
            "--duration" => out.duration = Some(number(flag, &value(flag)?)?),
            "--base-rate" => out.base_rate = Some(number(flag, &value(flag)?)?),
            "--peak-rate" => out.peak_rate = Some(number(flag, &value(flag)?)?),
            "--seed" => {
                let v = value(flag)?;
                out.seed = Some(
                    v.parse().map_err(|_| format!("--seed takes a whole number from 0 to {}, not `{v}`", u64::MAX))?,
                );
            }
            "--verbose" | "-v" => out.verbose = true,
            "--json" => out.json = true,
            "--export" => {
                let v = value(flag)?;
                let format = Format::from_name(&v)
                    .ok_or_else(|| format!("--export takes {}, not `{v}`", Format::NAMES.join(", ")))?;
                out.export = Some(format);
            }
            "--engine" => {
                let v = value(flag)?;
                use crate::engine::Engine;
                let engine = Engine::from_name(&v)
                    .ok_or_else(|| format!("--engine takes {}, not `{v}`", Engine::NAMES.join(", ")))?;
                out.engine = Some(engine);
            }
            "--compare" => out.compare.push(value(flag)?),
            "--tune" => out.tune = Some(value(flag)?),
            "--reports" => out.reports = Some(value(flag)?),
            "--candidates" => out.candidates = true,
            "--help" | "-h" => out.help = true,
            other => return Err(format!("unknown argument `{other}` (see --help)")),
        }
    }
    Ok(out)
}

fn number(flag: &str, v: &str) -> Result<f64, String> {
    v.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| format!("{flag} takes a number, not `{v}`"))
}

/// The scenario the arguments describe: the file (if any), then the flags on top, validated.
/// `read` returns a file's text or a message saying why it cannot.
/// A trace named in a scenario file is read relative to that file's folder.
pub fn scenario_from(args: &Args, read: impl Fn(&str) -> Result<String, String>) -> Result<Scenario, String> {
    let mut duration_given = false;
    let mut s = match &args.scenario_file {
        Some(path) => {
            let text = read(path)?;
            duration_given =
                serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|v| v.get("duration_s").is_some());
            let mut s = Scenario::parse(&text).map_err(|e| format!("{path}: {e}"))?;
            if let (Pattern::Trace, Some(file), None) = (s.traffic.pattern, &s.traffic.trace_file, &args.trace_file) {
                let dir = std::path::Path::new(path).parent().unwrap_or(std::path::Path::new(""));
                let trace_path = dir.join(file).to_string_lossy().into_owned();
                s.traffic.trace = Some(Arc::new(load_trace(&trace_path, &read)?));
            }
            s
        }
        None => Scenario::default(),
    };
    if let Some(path) = &args.trace_file {
        let trace = load_trace(path, &read)?;
        s.traffic.pattern = Pattern::Trace;
        s.traffic.trace_file = Some(path.clone());
        if !duration_given {
            s.duration_s = (trace.end_s() * s.traffic.time_scale).ceil().max(1.0);
        }
        s.traffic.trace = Some(Arc::new(trace));
    }
    if let Some(d) = args.duration {
        s.duration_s = d;
    }
    if let Some(b) = args.base_rate {
        s.traffic.base_users = b;
    }
    if let Some(p) = args.peak_rate {
        s.traffic.peak_users = p;
    }
    if let Some(seed) = args.seed {
        s.seed = seed;
    }
    if let Some(engine) = args.engine {
        s.engine = engine;
    }
    s.validate()?;
    Ok(s)
}

/// Reads and parses a trace file; errors name the file and the line.
fn load_trace(path: &str, read: &impl Fn(&str) -> Result<String, String>) -> Result<Trace, String> {
    Trace::parse(&read(path)?).map_err(|e| format!("{path}: {e}"))
}

/// Runs the command line: the text to print, or an error message for standard error.
pub fn main_with(args: &[String], read: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    let args = parse_args(args)?;
    if args.help {
        return Ok(format!("{}\n", usage()));
    }
    let scenario = scenario_from(&args, &read)?;
    match args.export {
        Some(Format::Csv) => return Ok(crate::export::series_csv(&crate::run(&scenario))),
        Some(format) => return crate::export::policy_config(format, &scenario, "chat"),
        None => {}
    }
    if !args.compare.is_empty() {
        return compare(&args, scenario, &read);
    }
    if let Some(path) = &args.tune {
        return tune(path, &args, &scenario, &read);
    }
    let report = crate::run(&scenario);
    Ok(if args.json {
        report.to_json() + "\n"
    } else {
        render_text(&report, if args.verbose { Detail::PerInterval } else { Detail::Summary })
    })
}

/// Searches the space in the file at `path` around the scenario; progress on standard error.
/// Settings whose reports `--reports` holds are not run again; with `--candidates` the next
/// settings to run are printed as JSON lines (one scenario each) for a job runner, and the
/// search goes on when it is run again with their reports (it replays itself exactly).
fn tune(
    path: &str,
    args: &Args,
    s: &Scenario,
    read: &impl Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    let space = crate::tune::Space::parse(&read(path)?, s).map_err(|e| format!("{path}: {e}"))?;
    let known = match &args.reports {
        Some(file) => read_reports(&read(file)?).map_err(|e| format!("{file}: {e}"))?,
        None => std::collections::HashMap::new(),
    };
    let mut tuner = crate::tune::Tuner::new(s, &space)?;
    while let Some(batch) = tuner.next_batch() {
        let mut reports: Vec<Option<Report>> = batch
            .iter()
            .map(|c| {
                known.get(&job_key(c)).map(|summary| Report {
                    scenario: c.clone(),
                    summary: summary.clone(),
                    events: Vec::new(),
                    series: Vec::new(),
                    servers: Vec::new(),
                })
            })
            .collect();
        let missing: Vec<Scenario> =
            batch.iter().zip(&reports).filter(|(_, r)| r.is_none()).map(|(c, _)| c.clone()).collect();
        if args.candidates && !missing.is_empty() {
            let (done, of) = tuner.progress();
            eprintln!(
                "tune: {done} of {of} runs known; {} settings to run next (printed as JSON lines)",
                missing.len()
            );
            return Ok(missing.iter().map(|c| job_key(c) + "\n").collect());
        }
        let mut ran = run_batch(&missing).into_iter();
        for r in reports.iter_mut().filter(|r| r.is_none()) {
            *r = ran.next();
        }
        tuner.feed(&reports.into_iter().flatten().collect::<Vec<_>>());
        let (done, of) = tuner.progress();
        eprintln!("tune: {done} of {of} runs");
    }
    let t = tuner.finish();
    Ok(if args.json {
        serde_json::to_string(&t).map_err(|e| e.to_string())? + "\n"
    } else {
        crate::tune::table::render_text(&t, &s.objective)
    })
}

/// A setting's scenario as one line of JSON: what `--candidates` prints, and how a report
/// read back is matched to its setting (the report holds its scenario).
fn job_key(s: &Scenario) -> String {
    serde_json::to_string(s).expect("a scenario always serialises")
}

/// Reports as `--json` prints them, one after another (JSON lines), by their scenario.
fn read_reports(text: &str) -> Result<std::collections::HashMap<String, crate::report::Summary>, String> {
    let mut out = std::collections::HashMap::new();
    for (i, value) in serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>().enumerate() {
        let value = value.map_err(|e| format!("report {} is not JSON: {e}", i + 1))?;
        let scenario = Scenario::parse(&value["scenario"].to_string()).map_err(|e| format!("report {}: {e}", i + 1))?;
        let summary = serde_json::from_value(value["summary"].clone())
            .map_err(|e| format!("report {} has no readable summary: {e}", i + 1))?;
        out.insert(job_key(&scenario), summary);
    }
    Ok(out)
}

/// Runs a batch of scenarios, on every core natively; results in the batch's order.
fn run_batch(batch: &[Scenario]) -> Vec<Report> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        batch.par_iter().map(crate::run).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        batch.iter().map(crate::run).collect()
    }
}

/// Runs the scenario and every `--compare` file as variants under the scenario's conditions.
fn compare(args: &Args, first: Scenario, read: &impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    let stem = |path: &str| {
        std::path::Path::new(path).file_stem().map_or(path.to_string(), |s| s.to_string_lossy().into_owned())
    };
    let mut names = vec![args.scenario_file.as_deref().map_or("default".to_string(), stem)];
    let mut scenarios = Vec::new();
    for path in &args.compare {
        let mut s = Scenario::parse(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
        crate::compare::share_conditions(&first, &mut s);
        s.validate().map_err(|e| format!("{path}: {e}"))?;
        names.push(stem(path));
        scenarios.push(s);
    }
    scenarios.insert(0, first);
    let reports: Vec<Report> = scenarios.iter().map(crate::run).collect();
    let refs: Vec<&Report> = reports.iter().collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Ok(crate::compare::render_text(&names, &refs))
}
