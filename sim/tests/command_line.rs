//! The `autoscale-sim` binary: the seed's report, JSON output, flags and one-line errors.

use std::process::Command;

fn sim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_autoscale-sim")).args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn temp_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("autoscale-sim-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn seed_example_prints_the_report_with_its_events() {
    let (code, out, _) = sim(&["--duration", "20", "--peak-rate", "80"]);
    assert_eq!(code, 0);
    for needle in [
        "Configuration",
        "Simulation duration: 20s",
        "Peak load: 80 concurrent users",
        "Total requests processed",
        "Average throughput",
        "Scaling Events:",
        "SCALE_UP",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
}

#[test]
fn configuration_describes_the_chosen_policy() {
    let path = temp_file("tt.json", r#"{"autoscaler": {"policy": "target_tracking", "target": 25}}"#);
    let (code, out, _) = sim(&["--scenario", &path]);
    assert_eq!(code, 0);
    assert!(out.contains("Policy: target_tracking, 2-10 servers, users_per_server target 25"), "{out}");
    assert!(sim(&[]).1.contains("Policy: threshold, 2-10 servers, up > 30 / down < 10 users per server"));
}

#[test]
fn verbose_prints_a_line_per_interval() {
    let (_, out, _) = sim(&["--verbose", "--duration=10"]);
    assert_eq!(out.lines().filter(|l| l.contains("| Load:")).count(), 10);
}

#[test]
fn json_holds_the_keys_and_the_invariants() {
    let (code, out, _) = sim(&["--json", "--seed", "9", "--peak-rate", "150"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in ["scenario", "summary", "events", "series"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let s = &v["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(n("arrived"), n("completed") + n("dropped") + n("in_flight"));
    for k in [
        "duration_s",
        "throughput_rps",
        "peak_users",
        "avg_users",
        "peak_servers",
        "avg_servers",
        "scaling_events",
        "utilization",
        "server_seconds",
        "cost",
    ] {
        assert!(s[k].is_number(), "{k}");
    }
    for k in ["mean", "p50", "p95", "p99", "max"] {
        assert!(s["latency_ms"][k].is_number(), "latency_ms.{k}");
    }
    assert_eq!(v["scenario"]["seed"], 9);
    assert_eq!(v["scenario"]["traffic"]["peak_users"], 150.0);
}

#[test]
fn scenario_file_is_read_and_flags_override_it() {
    let path = temp_file("ok.json", r#"{"duration_s": 30, "traffic": {"peak_users": 50}, "seed": 5}"#);
    let (code, out, err) = sim(&["--scenario", &path, "--peak-rate", "70", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["scenario"]["duration_s"], 30.0);
    assert_eq!(v["scenario"]["traffic"]["peak_users"], 70.0);
    assert_eq!(v["scenario"]["seed"], 5);
}

#[test]
fn same_file_same_output() {
    let path = temp_file("same.json", r#"{"traffic": {"noise": 0.2}}"#);
    assert_eq!(sim(&["--scenario", &path, "--json"]).1, sim(&["--scenario", &path, "--json"]).1);
}

#[test]
fn bad_input_gets_one_line_naming_the_problem() {
    let bad_field = temp_file("bad.json", r#"{"autoscaler": {"max_servers": 0}}"#);
    let not_json = temp_file("notjson.json", "max_servers = 3");
    for (args, needle) in [
        (vec!["--scenario", bad_field.as_str()], "autoscaler.max_servers"),
        (vec!["--scenario", not_json.as_str()], "invalid scenario"),
        (vec!["--scenario", "/nonexistent/x.json"], "cannot read"),
        (vec!["--duration", "abc"], "--duration"),
        (vec!["--duration", "-5"], "duration_s"),
        (vec!["--peak-rate"], "--peak-rate needs a value"),
        (vec!["--frobnicate"], "unknown argument"),
    ] {
        let (code, out, err) = sim(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle) && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn help_lists_the_flags() {
    let (code, out, _) = sim(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--scenario") && out.contains("--json"));
}

#[test]
fn trace_file_is_read_next_to_the_scenario_and_by_flag() {
    let dir = std::env::temp_dir().join(format!("autoscale-sim-trace-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let rows: String = (0..300).map(|i| format!("2023-11-16 18:{:02}:{:02}.5,1,2\n", i / 60, i % 60)).collect();
    std::fs::write(dir.join("data/t.csv"), format!("TIMESTAMP,ContextTokens,GeneratedTokens\n{rows}")).unwrap();
    let scenario = dir.join("s.json");
    std::fs::write(&scenario, r#"{"duration_s": 120, "traffic": {"pattern": "trace", "trace_file": "data/t.csv"}}"#)
        .unwrap();
    let (code, out, err) = sim(&["--scenario", scenario.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    // Times count from the first row: 0, 1, ..., 120 s; the one at exactly the end plays.
    assert!(out.contains(r#""arrived":121,"#), "one request per second for 120 s, both ends included");
    let (code, out, _) = sim(&["--trace", dir.join("data/t.csv").to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("Traffic: trace") && out.contains("300 requests over 299.0 s"), "{out}");
    assert!(out.contains("Simulation duration: 299s"), "the run lasts the trace: {out}");
    std::fs::write(dir.join("data/t.csv"), "TIMESTAMP\n2023-11-16 18:00:00\nnoon\n").unwrap();
    let (code, _, err) = sim(&["--scenario", scenario.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("data/t.csv: line 3: `noon` is not a time"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn exports_print_csv_hpa_aws_and_knative() {
    let (code, out, _) = sim(&["--export", "csv", "--duration", "10"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("t_s,users,") && out.lines().count() == 11, "{out}");
    let path = temp_file("hpa.json", r#"{"autoscaler": {"policy": "target_tracking"}}"#);
    let (code, out, _) = sim(&["--scenario", &path, "--export", "hpa"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"), "YAML: {out}");
    let path = temp_file("step.json", r#"{"autoscaler": {"policy": "step"}}"#);
    let (code, out, _) = sim(&["--scenario", &path, "--export", "aws"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"AWS::AutoScaling::ScalingPolicy\""), "{out}");
    let path = temp_file("kpa.json", r#"{"autoscaler": {"policy": "knative", "min_servers": 0}}"#);
    let (code, out, _) = sim(&["--scenario", &path, "--export", "knative"]);
    assert_eq!(code, 0);
    assert!(out.contains("autoscaling.knative.dev/min-scale: '0'") && out.contains("\n---\n"), "{out}");
    let (code, _, err) = sim(&["--export", "aws"]);
    assert_eq!(code, 2);
    assert!(err.contains("the aws export needs autoscaler.policy step, not threshold"), "{err}");
    let (code, _, err) = sim(&["--export", "yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("--export takes csv, hpa, aws, knative, not `yaml`"), "{err}");
}

#[test]
fn compare_runs_variants_under_the_first_scenarios_conditions() {
    let base = temp_file(
        "base.json",
        r#"{"duration_s": 300, "traffic": {"base_users": 50, "peak_users": 300}, "autoscaler": {"max_servers": 20}}"#,
    );
    // Its own traffic and seed are replaced by the first scenario's.
    let tt = temp_file(
        "compare-tt.json",
        r#"{"seed": 5, "traffic": {"peak_users": 5}, "autoscaler": {"policy": "target_tracking", "max_servers": 20}}"#,
    );
    let (code, out, err) = sim(&["--scenario", &base, "--compare", &tt]);
    assert_eq!(code, 0, "{err}");
    for needle in ["Cost [$]", "Latency p95 [ms]", "Time p95 above objective [s]", "Scaling events", "meet"] {
        assert!(out.contains(needle), "{needle} in\n{out}");
    }
    // The target-tracking column's dropped and server time match a run of the merged scenario.
    let merged = temp_file(
        "merged.json",
        r#"{"duration_s": 300, "traffic": {"base_users": 50, "peak_users": 300}, "autoscaler": {"policy": "target_tracking", "max_servers": 20}}"#,
    );
    let (_, json, _) = sim(&["--scenario", &merged, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let server_time = format!("{:.0}", v["summary"]["server_seconds"].as_f64().unwrap());
    let row = out.lines().find(|l| l.starts_with("Server time")).unwrap();
    assert!(row.split_whitespace().nth(4) == Some(server_time.as_str()), "{row} vs {server_time}");
    let bad = temp_file("badvariant.json", r#"{"autoscaler": {"min_servers": 0}}"#);
    let (code, _, err) = sim(&["--scenario", &base, "--compare", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("badvariant.json") && err.contains("autoscaler.min_servers"), "{err}");
}

/// Runs the binary with `stdin` as its standard input.
fn sim_with_input(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_autoscale-sim"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn files_that_are_not_regular_or_too_large_are_refused_by_name() {
    // Reproducers: `--scenario /dev/zero` read until memory ran out; a FIFO blocked forever.
    let (code, _, err) = sim(&["--scenario", "/dev/zero"]);
    assert_eq!((code, err.trim()), (2, "autoscale-sim: error: cannot read /dev/zero: not a regular file"));
    let dir = std::env::temp_dir().to_string_lossy().into_owned();
    let (code, _, err) = sim(&["--trace", &dir]);
    assert!(code == 2 && err.contains("not a regular file"), "{err}");
    let fifo = std::env::temp_dir().join(format!("autoscale-sim-fifo-{}", std::process::id()));
    if Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        let (code, _, err) = sim(&["--scenario", &fifo.to_string_lossy()]);
        let _ = std::fs::remove_file(&fifo);
        assert!(code == 2 && err.contains("not a regular file"), "{err}");
    }
    let path = temp_file("big.json", &format!("{{\"seed\": 1{}}}", " ".repeat(2000)));
    let e = autoscale_sim::cli::read_bounded(&path, 1000).unwrap_err();
    assert_eq!(e, format!("{path} is larger than 1000 bytes, the most a file may have"));
    assert!(autoscale_sim::cli::read_bounded(&path, 1_000_000).is_ok());
}

#[test]
fn a_dash_reads_the_scenario_from_standard_input() {
    let (code, out, err) = sim_with_input(&["--scenario", "-", "--json"], r#"{"duration_s": 12}"#);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#""duration_s":12.0"#), "{}", &out[..200]);
    let (code, _, err) = sim_with_input(&["--scenario", "-"], "\u{0}\u{1}not json");
    assert!(code == 2 && err.lines().count() == 1 && err.contains("-: invalid scenario: not valid JSON"), "{err}");
}

#[test]
fn engine_flag_picks_the_engine_and_names_a_bad_value() {
    let (code, out, _) = sim(&["--engine", "fluid", "--json"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"engine\":\"fluid\""), "{out}");
    let (code, _, err) = sim(&["--engine", "fast"]);
    assert_eq!(code, 2);
    assert!(err.contains("--engine takes auto, exact, fluid, not `fast`"), "{err}");
}

#[test]
fn tune_prints_the_front_and_a_scenario_that_runs_to_the_same_cost() {
    let space = temp_file("space.json", r#"{"budget": 30}"#);
    let (code, out, err) = sim(&["--tune", &space, "--duration", "60"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Pareto front") && out.contains("scale_up") && out.contains("The scenario's own setting"),
        "{out}"
    );
    assert!(err.contains("tune: ") && err.contains("of 30 runs"), "progress on standard error: {err}");
    let (_, json, _) = sim(&["--tune", &space, "--duration", "60", "--json"]);
    let t: serde_json::Value = serde_json::from_str(&json).unwrap();
    let best = t["best"].as_u64().expect("the default scenario's neighbourhood meets p95 <= 200 ms") as usize;
    let chosen = temp_file("chosen.json", &t["chosen"].to_string());
    let (code, report, _) = sim(&["--scenario", &chosen, "--json"]);
    assert_eq!(code, 0);
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(r["summary"]["cost"], t["points"][best]["cost"], "the chosen file reproduces the reported cost");
    assert_eq!(r["summary"]["objective"]["met"], true);
    let bad = temp_file("bad-space.json", r#"{"vary": {"autoscaler.nope": [1, 2]}}"#);
    let (code, _, err) = sim(&["--tune", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("vary.autoscaler.nope") && err.trim().lines().count() == 1, "{err}");
}

#[test]
fn a_search_spread_over_a_job_runner_ends_where_the_local_one_does() {
    use std::io::Write;
    let space = temp_file("spread-space.json", r#"{"budget": 24}"#);
    let reports = temp_file("spread-reports.jsonl", "");
    let (_, local, _) = sim(&["--tune", &space, "--duration", "30"]);
    let mut rounds = 0;
    let answer = loop {
        let (code, out, err) = sim(&["--tune", &space, "--duration", "30", "--reports", &reports, "--candidates"]);
        assert_eq!(code, 0, "{err}");
        if out.starts_with("Tune:") {
            break out;
        }
        rounds += 1;
        assert!(rounds < 40, "the search ends");
        // The job runner: each line is a scenario for `--scenario -`; each report is appended.
        let mut file = std::fs::OpenOptions::new().append(true).open(&reports).unwrap();
        for line in out.lines() {
            let mut child = Command::new(env!("CARGO_BIN_EXE_autoscale-sim"))
                .args(["--scenario", "-", "--json"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(line.as_bytes()).unwrap();
            let report = child.wait_with_output().unwrap();
            assert!(report.status.success());
            file.write_all(&report.stdout).unwrap();
        }
    };
    assert!(rounds >= 2, "the search came in several batches: {rounds}");
    assert_eq!(answer, local, "the same front, best and chosen scenario as run in one go");
    let broken = temp_file("broken-reports.jsonl", "{\"scenario\": 1}\n");
    let (code, _, err) = sim(&["--tune", &space, "--reports", &broken]);
    assert_eq!(code, 2);
    assert!(err.contains("broken-reports.jsonl: report 1"), "{err}");
}
