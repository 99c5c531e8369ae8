//! Writes the sample leaflets as PDFs, to look at them.
//!
//! `cargo run -p ethos-pdf --release --example samples -- /tmp/pdfs`

#[path = "../tests/samples/mod.rs"]
mod samples;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "/tmp/pdfs".into()));
    std::fs::create_dir_all(&dir)?;
    let all = [
        ("english", samples::english()),
        ("large-print", samples::english_large_print()),
        ("welsh", samples::welsh()),
        ("bengali", samples::bengali()),
        ("arabic", samples::arabic()),
        ("markup", samples::markup_like()),
        ("empty", ethos_pdf::Leaflet { lang: "en".into(), ..Default::default() }),
    ];
    for (name, leaflet) in all {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, ethos_pdf::leaflet(&leaflet)?)?;
        println!("{}", path.display());
    }
    Ok(())
}
