//! The `autoscale-sim` command: runs a scenario natively and prints its report.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"));
    match autoscale_sim::cli::main_with(&args, read) {
        Ok(text) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
        Err(message) => {
            eprintln!("autoscale-sim: error: {message}");
            std::process::exit(2);
        }
    }
}
