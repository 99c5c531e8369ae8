//! Links the `ethos` binary with packed relative relocations (`DT_RELR`).
//!
//! The binary is position-independent, so at start the loader reads a table
//! of where every pointer in its data must be moved to. Listed one by one
//! that table is 3.3 MB, read in full at every start and kept resident; packed
//! it is 41 KB (issue 12: the server's peak memory under load).
//!
//! The loader of glibc 2.36 and later reads the packed form, and the linker
//! marks the binary so that an older one refuses it rather than running it
//! half relocated. So it is packed only where the glibc it is built against
//! is 2.36 or later (Debian 12, Ubuntu 22.10 and later) and the binary is for
//! the machine that builds it; otherwise it is linked as before.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native = var("TARGET") == var("HOST");
    if native && var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && glibc_reads_packed() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's glibc is 2.36 or later, from `ldd --version`
/// ("ldd (Debian GLIBC 2.36-9+deb12u14) 2.36"); false when that cannot be
/// told.
fn glibc_reads_packed() -> bool {
    let Ok(out) = Command::new("ldd").arg("--version").output() else { return false };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(version) = text.lines().next().and_then(|line| line.split_whitespace().last()) else { return false };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (2, 36)
}
