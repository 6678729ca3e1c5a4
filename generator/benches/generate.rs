//! `cargo bench -p generator`: how long the whole pipeline takes and how much memory it holds at
//! its peak, for every spec in `specs/` and every document in `../shared/corpus/`.
//!
//! Absolute times depend on the machine and on what else runs on it, so each document is also
//! timed doing the least any generator must do: parsing its text into a JSON value. The ratio
//! `generate / parse` is measured in one run on one machine and is what to compare across
//! changes. `lower ms` is the part of a generation that reads and lowers the document, on one
//! thread; the rest emits and renders the files, in parallel. Memory is counted by this binary's
//! allocator: the peak of live heap bytes during one generation, against the size of the input.

use std::alloc::{GlobalAlloc, Layout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use generator::diag::Diagnostics;
use generator::manifest::ApiSettings;
use generator::{Source, generate_api_crate, lower_api};

/// The generator binary's allocator (mimalloc), counting live bytes and their peak while
/// [`COUNTING`] is set. Timed runs do not count: two threads updating one shared counter on every
/// allocation spend more time passing its cache line between cores than generating (it was
/// two fifths of the samples of a timed Stripe run).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to mimalloc, with the caller's guarantees.
        let pointer = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !pointer.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` was allocated by `alloc` above with this `layout`.
        unsafe { mimalloc::MiMalloc.dealloc(pointer, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            // Memory allocated before counting began and freed during it makes this negative.
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs of each measurement; the median is reported.
const RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(mut work: impl FnMut()) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                work();
                started.elapsed()
            })
            .collect(),
    )
}

fn documents(root: &Path, filters: &[String]) -> Vec<PathBuf> {
    let folders = [root.join("specs"), root.join("../shared/corpus/postman"), root.join("../shared/corpus/openapi")];
    let mut paths: Vec<PathBuf> = folders
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flat_map(|entries| entries.flatten().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
        .filter(|path| filters.is_empty() || filters.iter().any(|f| path.to_string_lossy().contains(f.as_str())))
        .collect();
    paths.sort();
    paths
}

fn main() {
    // Memory as the `generator` binary has it.
    generator::cli::without_huge_pages();
    // `cargo bench` passes `--bench`; any other argument filters documents by path.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let documents = documents(&root, &filters);
    if documents.is_empty() {
        eprintln!("no documents found under specs/ or ../shared/corpus/");
        std::process::exit(2);
    }
    println!(
        "{:<40} {:>9} {:>10} {:>12} {:>8} {:>9} {:>10} {:>8}",
        "document", "input KB", "parse ms", "generate ms", "ratio", "lower ms", "peak MB", "peak/in"
    );
    let (mut total_parse, mut total_generate) = (Duration::ZERO, Duration::ZERO);
    for path in documents {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{}: unreadable, skipped", path.display());
            continue;
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let yaml = path.extension().is_some_and(|e| e != "json");
        let parse = time(|| {
            let value: Result<serde_json::Value, String> = if yaml {
                serde_norway::from_str(&text).map_err(|e| e.to_string())
            } else {
                serde_json::from_str(&text).map_err(|e| e.to_string())
            };
            std::hint::black_box(value.is_ok());
        });
        let source = Source { path: name.clone(), text: text.clone() };
        let generate = time(|| {
            let generated = generate_api_crate("api", std::slice::from_ref(&source), "bench");
            std::hint::black_box(generated.files.len());
        });
        // The part of it that is reading and lowering (one thread); the rest is emitting and
        // rendering the files (in parallel).
        let lower = time(|| {
            let api = lower_api("api", std::slice::from_ref(&source), &ApiSettings::default(), &mut Diagnostics::new());
            std::hint::black_box(api.is_some());
        });
        LIVE.store(0, Ordering::Relaxed);
        PEAK.store(0, Ordering::Relaxed);
        COUNTING.store(true, Ordering::Relaxed);
        let generated = generate_api_crate("api", std::slice::from_ref(&source), "bench");
        COUNTING.store(false, Ordering::Relaxed);
        let peak = PEAK.load(Ordering::Relaxed).max(0) as usize;
        drop(generated);
        total_parse += parse;
        total_generate += generate;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<40} {:>9.1} {:>10.2} {:>12.2} {:>8.1} {:>9.2} {:>10.1} {:>8.1}",
            name,
            text.len() as f64 / 1024.0,
            ms(parse),
            ms(generate),
            ms(generate) / ms(parse).max(f64::EPSILON),
            ms(lower),
            peak as f64 / (1024.0 * 1024.0),
            peak as f64 / text.len().max(1) as f64,
        );
    }
    println!(
        "total: parse {:.0} ms, generate {:.0} ms, ratio {:.1}",
        total_parse.as_secs_f64() * 1000.0,
        total_generate.as_secs_f64() * 1000.0,
        total_generate.as_secs_f64() / total_parse.as_secs_f64().max(f64::EPSILON)
    );
}
