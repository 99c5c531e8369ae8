//! Writes a sample consultation poster and Board reports as PDFs, to look
//! at them, and prints how long the Board report takes to render at the size
//! 100,000 responses give (cold, then the median of ten warm renders).
//!
//! `cargo run -p ethos-pdf --release --example consultation -- /tmp/pdfs`

#[path = "../tests/report_samples/mod.rs"]
mod report_samples;

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "/tmp/pdfs".into()));
    std::fs::create_dir_all(&dir)?;

    let large = report_samples::large_report();
    let start = Instant::now();
    let pdf = ethos_pdf::board_report(&large)?;
    println!("large Board report, cold (fonts parsed on first use): {:?}, {} bytes", start.elapsed(), pdf.len());
    std::fs::write(dir.join("board-report-large.pdf"), &pdf)?;

    let mut times: Vec<Duration> = Vec::new();
    for i in 0..10 {
        let mut report = large.clone();
        report.total_responses = 100_000 + i;
        let start = Instant::now();
        ethos_pdf::board_report(&report)?;
        times.push(start.elapsed());
    }
    times.sort();
    println!("large Board report, warm: median {:?}, slowest {:?}", times[times.len() / 2], times[times.len() - 1]);

    std::fs::write(dir.join("board-report.pdf"), ethos_pdf::board_report(&report_samples::report())?)?;
    std::fs::write(dir.join("poster.pdf"), ethos_pdf::poster(&report_samples::poster())?)?;
    println!("wrote {}", dir.display());
    Ok(())
}
