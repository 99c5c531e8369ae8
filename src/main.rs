//! The `ethos` command: parse the command line, set up logging, hand over.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: under a flood of responses
/// glibc's malloc spent over a quarter of the server's time in its own
/// locking and consolidation (`perf`, issue 12).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults keep freed memory for a while and commit whole
/// arenas up front, which doubled the idle server's resident memory (32 to
/// 69 MB); given back at once instead, it stays as low as with glibc.
fn hand_memory_back() {
    // The option numbers of mimalloc 3 (`mi_option_e` in mimalloc.h); the
    // crate names only some of them.
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option has no preconditions; it only changes when
    // mimalloc commits and returns memory.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
    few_c_arenas();
}

/// What C code allocates (SQLite's page caches and statements, mostly)
/// goes through glibc's malloc, which by default gives each new thread an
/// arena of its own, up to eight per core, each keeping some free memory:
/// with a thread per SQLite connection that was about 2 MB of a 21 MB heap
/// under load. Two arenas hold the same for about 1 MB less, and responses
/// per second stayed within the runs' own spread (issue 12).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn few_c_arenas() {
    // SAFETY: mallopt only sets a tunable of glibc's malloc; it runs before
    // any thread is started.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn few_c_arenas() {}

/// Sets mimalloc's options, and the arena limit of the C code's malloc,
/// before anything allocates or any thread starts (as their environment
/// variables would), since both read them only when they start: a function
/// in `.init_array` runs before `main`.
#[used]
#[unsafe(link_section = ".init_array")]
static SET_ALLOCATOR_OPTIONS: extern "C" fn() = {
    extern "C" fn set() {
        hand_memory_back();
    }
    set
};

fn main() -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(run()),
        Err(err) => {
            eprintln!("ethos: could not start the async runtime: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let cli = ethos::cli::Cli::parse();
    ethos::cli::init_tracing(cli.log_format);
    match ethos::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ethos: {err:#}");
            ExitCode::FAILURE
        }
    }
}
