//! The `autoscale-sim` command: runs a scenario natively and prints its report.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |path: &str| autoscale_sim::cli::read_bounded(path, autoscale_sim::cli::MAX_FILE_BYTES);
    match autoscale_sim::cli::main_with(&args, read) {
        Ok(text) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
        Err(message) => {
            eprintln!("autoscale-sim: error: {}", autoscale_sim::error::one_line(&message));
            std::process::exit(2);
        }
    }
}
