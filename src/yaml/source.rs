//! Where the CLI reads a file to import: a path, or `-` for standard input.

use std::io::Read;
use std::path::Path;

use anyhow::Context;

/// A file read for import: how messages name it, and its bytes.
pub struct Source {
    /// "standard input" or the path as given.
    pub name: String,
    /// "standard input" or "the file PATH", for the audit log.
    pub from: String,
    pub bytes: Vec<u8>,
}

/// Reads `path` (`-`: standard input), at most one byte past `max_bytes`:
/// enough to refuse a larger file without reading all of it.
pub fn read_capped(path: &Path, max_bytes: usize) -> anyhow::Result<Source> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin { "standard input".to_owned() } else { path.display().to_string() };
    let limit = max_bytes as u64 + 1;
    let mut bytes = Vec::new();
    if stdin {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)?;
    } else {
        let opened = std::fs::File::open(path).with_context(|| format!("reading {name}"))?;
        opened.take(limit).read_to_end(&mut bytes).with_context(|| format!("reading {name}"))?;
    }
    let from = if stdin { name.clone() } else { format!("the file {name}") };
    Ok(Source { name, from, bytes })
}
