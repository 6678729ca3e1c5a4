//! `cargo xtask compare [SPEC]`: our generated crate against progenitor's for the same OpenAPI
//! document (default: the shared corpus's Twilio Lookups), side by side on this machine.
//!
//! Prints lines of Rust in each crate (ours without its runtime crate, which is the same for
//! every API, as progenitor's runtime is its `progenitor-client` dependency) and the CPU time of
//! `cargo build` after touching each crate's `src/lib.rs`, measured in pairs (ours, theirs, ours,
//! theirs, ...) so that load on a shared machine hits both alike; medians and their ratio.
//!
//! `cargo xtask compare --seeds`: the CPU time of generating the whole `generated` crate (the
//! three seed APIs of `specs/apis.toml`) with the release `generator` binary, against the usual
//! route for the SendGrid collection alone (`postman2openapi`, then `cargo progenitor` on its
//! output), in pairs; medians and their ratio.
//!
//! `cargo-progenitor` and `postman2openapi` are installed from crates.io into `target/tools`
//! when missing. Not run by CI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const DEFAULT_SPEC: &str = "../shared/corpus/openapi/oas30_twilio_lookups_v2.json";
const PAIRS: usize = 5;
/// Runs averaged into one sample of `--seeds`.
const RUNS_PER_SAMPLE: u32 = 10;

pub fn run(root: &Path, args: &[&str]) -> i32 {
    let outcome = match args {
        ["--seeds"] => compare_seeds(root),
        _ => compare(root, &root.join(args.first().copied().unwrap_or(DEFAULT_SPEC))),
    };
    match outcome {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error}");
            1
        }
    }
}

fn compare(root: &Path, spec: &Path) -> Result<(), String> {
    let work = root.join("target/compare");
    let ours = work.join("ours");
    let theirs = work.join("progenitor");
    let progenitor = install(root, "cargo-progenitor", "cargo-progenitor")?;

    let text = fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let source = generator::Source { path: spec.to_string_lossy().into_owned(), text };
    let generated = generator::generate_api_crate("api", &[source], "cargo xtask compare");
    if generated.files.is_empty() {
        return Err(format!("our generator refused {}", spec.display()));
    }
    write_files(&ours, &generated.files)?;
    if theirs.exists() {
        fs::remove_dir_all(&theirs).map_err(|e| e.to_string())?;
    }
    let status = Command::new(&progenitor)
        .args(["progenitor", "--name", "api", "--version", "0.1.0", "--input"])
        .arg(spec)
        .arg("--output")
        .arg(&theirs)
        .status()
        .map_err(|e| format!("cannot run cargo-progenitor: {e}"))?;
    if !status.success() {
        return Err("cargo-progenitor failed on this document".into());
    }
    // progenitor writes a crate that is not part of any workspace; ours has `[workspace]`.
    let manifest = theirs.join("Cargo.toml");
    let toml = fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    if !toml.contains("[workspace]") {
        fs::write(&manifest, format!("{toml}\n[workspace]\n")).map_err(|e| e.to_string())?;
    }

    let our_lines = rust_lines(&ours.join("src"));
    let our_examples = rust_lines(&ours.join("src/api/examples.rs"));
    let our_runtime = rust_lines(&ours.join("runtime/src"));
    let their_lines = rust_lines(&theirs.join("src"));
    let compiled = our_lines - our_examples;
    println!(
        "non-blank lines of Rust: ours {compiled} compiled by default (+ {our_examples} in examples.rs, behind the \
         `examples` feature; + {our_runtime} in the runtime crate), progenitor {their_lines}"
    );
    println!("ratio ours/progenitor: {:.2}", compiled as f64 / their_lines.max(1) as f64);

    // Warm both target dirs, then time rebuilds after a touch, in pairs.
    for dir in [&ours, &theirs] {
        build(dir)?;
    }
    let (a, b) = paired(
        || rebuild(&ours),
        || rebuild(&theirs),
        |pair, a, b| println!("pair {pair}: ours {a:.2} s CPU, progenitor {b:.2} s CPU"),
    )?;
    println!(
        "cargo build after touching src/lib.rs (median CPU of {PAIRS}): ours {:.2} s, progenitor {:.2} s, ratio {:.2}",
        a.as_secs_f64(),
        b.as_secs_f64(),
        a.as_secs_f64() / b.as_secs_f64().max(f64::EPSILON)
    );
    Ok(())
}

/// `generated/` from `specs/` with our release binary, against `postman2openapi` + progenitor
/// on the SendGrid collection: CPU time of each, in pairs.
fn compare_seeds(root: &Path) -> Result<(), String> {
    let progenitor = install(root, "cargo-progenitor", "cargo-progenitor")?;
    let postman2openapi = install(root, "postman2openapi-cli", "postman2openapi")?;
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--release", "--package", "generator", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release -p generator failed".into());
    }
    let generator = root.join("target/release/generator");
    let work = root.join("target/compare/seeds");
    fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let ours = || -> Result<Duration, String> {
        let out = work.join("ours");
        let _ = fs::remove_dir_all(&out);
        cpu_of(
            Command::new(&generator)
                .args(["generate", "--config"])
                .arg(root.join("specs/apis.toml"))
                .arg("--out")
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null()),
        )
    };
    let theirs = || -> Result<Duration, String> {
        let yaml = work.join("sendgrid.openapi.yaml");
        let out = fs::File::create(&yaml).map_err(|e| e.to_string())?;
        let convert = cpu_of(Command::new(&postman2openapi).arg(root.join("specs/sendgrid.postman.json")).stdout(out))?;
        let crate_dir = work.join("progenitor");
        let _ = fs::remove_dir_all(&crate_dir);
        let generate = cpu_of(
            Command::new(&progenitor)
                .args(["progenitor", "--name", "sendgrid", "--version", "0.1.0", "--input"])
                .arg(&yaml)
                .arg("--output")
                .arg(&crate_dir)
                .stdout(std::process::Stdio::null()),
        )?;
        Ok(convert + generate)
    };
    // The kernel counts children's CPU in 10 ms ticks: each sample is the mean of several runs.
    let sample = |route: &dyn Fn() -> Result<Duration, String>| -> Result<Duration, String> {
        let mut total = Duration::ZERO;
        for _ in 0..RUNS_PER_SAMPLE {
            total += route()?;
        }
        Ok(total / RUNS_PER_SAMPLE)
    };
    let (a, b) = paired(
        || sample(&ours),
        || sample(&theirs),
        |pair, a, b| {
            println!("pair {pair}: ours (3 APIs) {a:.3} s CPU, postman2openapi + progenitor (SendGrid) {b:.3} s CPU")
        },
    )?;
    println!(
        "generate (median CPU of {PAIRS}): ours, all three seed APIs {:.3} s; postman2openapi + progenitor, SendGrid \
         alone {:.3} s; ratio {:.2}",
        a.as_secs_f64(),
        b.as_secs_f64(),
        a.as_secs_f64() / b.as_secs_f64().max(f64::EPSILON)
    );
    Ok(())
}

/// [`PAIRS`] measurements of ours then theirs, each pair shown (in seconds) as it is taken: so
/// that load on a shared machine hits both alike. The medians of both.
fn paired(
    mut ours: impl FnMut() -> Result<Duration, String>,
    mut theirs: impl FnMut() -> Result<Duration, String>,
    show: impl Fn(usize, f64, f64),
) -> Result<(Duration, Duration), String> {
    let (mut our_times, mut their_times) = (Vec::new(), Vec::new());
    for pair in 1..=PAIRS {
        let (a, b) = (ours()?, theirs()?);
        show(pair, a.as_secs_f64(), b.as_secs_f64());
        our_times.push(a);
        their_times.push(b);
    }
    Ok((median(our_times), median(their_times)))
}

/// Runs `command` to its end; the CPU time it and its children took. Fails when it fails.
fn cpu_of(command: &mut Command) -> Result<Duration, String> {
    let before = children_cpu()?;
    let status = command.status().map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if !status.success() {
        return Err(format!("{:?} failed", command.get_program()));
    }
    Ok(children_cpu()?.saturating_sub(before))
}

/// The binary `binary` of the crates.io package `package`, installed into `target/tools` if
/// missing.
fn install(root: &Path, package: &str, binary: &str) -> Result<PathBuf, String> {
    let tools = root.join("target/tools");
    let path = tools.join("bin").join(binary);
    if path.exists() {
        return Ok(path);
    }
    eprintln!("installing {package} from crates.io into {} ...", tools.display());
    let status = Command::new(env!("CARGO"))
        .args(["install", "--locked", package, "--root"])
        .arg(&tools)
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() && path.exists() { Ok(path) } else { Err(format!("cargo install {package} failed")) }
}

fn write_files(dir: &Path, files: &std::collections::BTreeMap<String, String>) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| e.to_string())?;
    }
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        fs::write(&path, text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Non-blank lines of the `.rs` file `dir`, or of every `.rs` file under the folder `dir`.
fn rust_lines(dir: &Path) -> usize {
    if dir.is_file() {
        return fs::read_to_string(dir).unwrap_or_default().lines().filter(|line| !line.trim().is_empty()).count();
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut lines = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            lines += rust_lines(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap_or_default();
            lines += text.lines().filter(|line| !line.trim().is_empty()).count();
        }
    }
    lines
}

/// The CPU time of `cargo build` of the crate in `dir`.
fn build(dir: &Path) -> Result<Duration, String> {
    let mut cargo = Command::new(env!("CARGO"));
    cargo.args(["build", "--quiet", "--manifest-path"]).arg(dir.join("Cargo.toml"));
    cpu_of(&mut cargo).map_err(|_| format!("cargo build failed in {}", dir.display()))
}

/// CPU time (user + system, of cargo and everything it ran) of `cargo build` after touching
/// `src/lib.rs`.
fn rebuild(dir: &Path) -> Result<Duration, String> {
    let lib = dir.join("src/lib.rs");
    let text = fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    fs::write(&lib, text).map_err(|e| e.to_string())?;
    build(dir)
}

/// CPU time of this process's finished children, from `/proc/self/stat` (Linux).
fn children_cpu() -> Result<Duration, String> {
    let stat = fs::read_to_string("/proc/self/stat").map_err(|e| format!("cannot read /proc/self/stat: {e}"))?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map(|(_, rest)| rest).ok_or("unexpected /proc/self/stat")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // cutime and cstime are fields 16 and 17 of the line; the split leaves field 3 at index 0.
    let ticks =
        |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok()).ok_or("unexpected /proc/self/stat");
    let total = ticks(13)? + ticks(14)?;
    // Linux reports these in USER_HZ, which is 100 on every architecture it runs on.
    Ok(Duration::from_millis(total * 10))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
