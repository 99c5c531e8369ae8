//! Prints how long a six-value leaflet takes to render: the first (cold)
//! render, which also parses the fonts and the template, then warm renders.
//!
//! `cargo run -p ethos-pdf --release --example timing`

#[path = "../tests/samples/mod.rs"]
mod samples;

use std::time::{Duration, Instant};

fn main() -> Result<(), ethos_pdf::PdfError> {
    let english = samples::english();
    assert_eq!(english.values.len(), 6);

    let start = Instant::now();
    let pdf = ethos_pdf::leaflet(&english)?;
    println!("cold render (fonts parsed on first use): {:?}, {} bytes", start.elapsed(), pdf.len());

    let mut times: Vec<Duration> = Vec::new();
    for i in 0..20 {
        // Change the data each time so nothing is simply replayed from cache.
        let mut leaflet = english.clone();
        leaflet.version_label = format!("Version {i}, published 22 Nov 2026");
        leaflet.values[i % 6].promise.push_str(&format!(" ({i})"));
        let start = Instant::now();
        ethos_pdf::leaflet(&leaflet)?;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "warm renders (20, each with different data): median {:?}, fastest {:?}, slowest {:?}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );

    let start = Instant::now();
    ethos_pdf::leaflet(&samples::english_large_print())?;
    println!("large print: {:?}", start.elapsed());
    let start = Instant::now();
    ethos_pdf::leaflet(&samples::arabic())?;
    println!("Arabic: {:?}", start.elapsed());
    let start = Instant::now();
    ethos_pdf::leaflet(&samples::bengali())?;
    println!("Bengali: {:?}", start.elapsed());
    Ok(())
}
