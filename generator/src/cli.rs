//! The command line, and the only place besides xtask that touches the file system.
//!
//! ```text
//! generator generate --config specs/apis.toml --out generated [--check] [--report FILE]
//! generator generate --spec FILE [--spec FILE ...] --name NAME --out DIR [--check] [--report FILE]
//! generator ir --spec FILE [--spec FILE ...] [--name NAME]
//! generator diff --old FILE [--old FILE ...] --new FILE [--new FILE ...] [--name NAME] [--report FILE]
//! ```
//! Exit codes: 0 ok (warnings allowed), 1 `--check` found stale files or `diff` found a breaking
//! change, 2 input errors.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::manifest::{ApiSettings, Manifest};
use crate::{GeneratedFiles, Source, generate_api_crate_with, generate_package, lower_api};
use clap::{Parser, Subcommand};

/// The header command of the workspace crate: the one users run.
pub const REGEN_COMMAND: &str = "cargo xtask regen";

#[derive(Debug, Parser)]
#[command(
    name = "generator",
    version,
    about = "Typed async Rust clients from Postman collections and OpenAPI documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a crate: the whole manifest (`--config`) or one API from ad-hoc files (`--spec`).
    Generate {
        /// The manifest listing the APIs (specs/apis.toml).
        #[arg(long, conflicts_with_all = ["spec", "name"])]
        config: Option<PathBuf>,
        /// A source file; repeat for overlays, in order of precedence.
        #[arg(long)]
        spec: Vec<PathBuf>,
        /// The module name of the API (with `--spec`).
        #[arg(long, requires = "spec")]
        name: Option<String>,
        /// The crate directory to write.
        #[arg(long)]
        out: PathBuf,
        /// Write nothing; exit 1 and show what would change.
        #[arg(long)]
        check: bool,
        /// Also write the report of what changed in the generated API to this file (Markdown,
        /// for a pull request description).
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Print the lowered IR of one API as JSON.
    Ir {
        #[arg(long, required = true)]
        spec: Vec<PathBuf>,
        #[arg(long, default_value = "api")]
        name: String,
    },
    /// Report what changes in the generated Rust API between two versions of a description
    /// (writes nothing); exit 1 when a change is breaking.
    Diff {
        /// A source file of the old version; repeat for overlays, in order of precedence.
        #[arg(long, required = true)]
        old: Vec<PathBuf>,
        /// A source file of the new version; repeat for overlays, in order of precedence.
        #[arg(long, required = true)]
        new: Vec<PathBuf>,
        #[arg(long, default_value = "api")]
        name: String,
        /// Also write the report to this file (Markdown, for a pull request description).
        #[arg(long)]
        report: Option<PathBuf>,
    },
}

/// Turns off transparent huge pages for this process (Linux; elsewhere nothing), for a program
/// whose work is a generation: a short burst of small allocations. With them the kernel backs
/// the allocator's arenas with 2 MiB pages, each zeroed whole when first touched: generating
/// the seed APIs peaked at about 40 MB resident instead of 19 MB, Stripe at 86-105 MB instead
/// of 64-69 MB, for no gain in time (without them the CPU time is the same or a little less:
/// the zeroing shows as system time). It applies to memory touched from here on and is
/// inherited by child processes, so a program that goes on to run others (`cargo xtask corpus`
/// runs cargo) leaves it alone. A kernel without the setting says no, which changes nothing.
pub fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only this process's page policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Runs the CLI; returns the exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Generate { config: Some(config), out, check, report, .. } => {
            generate_config_reporting(&config, &out, check, report.as_deref())
        }
        Command::Generate { config: None, spec, name, out, check, report } => {
            if spec.is_empty() {
                eprintln!("error: give either --config FILE or --spec FILE --name NAME");
                return 2;
            }
            let name = name.unwrap_or_else(|| "api".to_owned());
            if let Some(problem) = crate::manifest::module_name_problem(&name) {
                eprintln!("error: --name `{name}` {problem}");
                return 2;
            }
            let sources = match read_sources(&spec) {
                Ok(sources) => sources,
                Err(code) => return code,
            };
            let command = format!("generator generate --name {name}");
            let settings = ApiSettings { previous_names: previous_names(&out, &name), ..ApiSettings::default() };
            let generated = generate_api_crate_with(&name, &sources, &settings, &command);
            finish(
                generated,
                &out,
                &Finish { check, remedy: "run `generator generate` again", report: report.as_deref() },
            )
        }
        Command::Ir { spec, name } => print_ir(&spec, &name),
        Command::Diff { old, new, name, report } => diff_specs(&old, &new, &name, report.as_deref()),
    }
}

/// Regenerates the workspace crate from a manifest; `check` writes nothing. Used by xtask too.
pub fn generate_config(config: &Path, out: &Path, check: bool) -> i32 {
    generate_config_reporting(config, out, check, None)
}

/// [`generate_config`], also writing the report of API changes to `report` when given.
pub fn generate_config_reporting(config: &Path, out: &Path, check: bool, report: Option<&Path>) -> i32 {
    let text = match fs::read_to_string(config) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", config.display());
            return 2;
        }
    };
    let manifest = match Manifest::parse(&text) {
        Ok(manifest) => manifest.located(&config.display().to_string()),
        Err(message) => {
            eprintln!("error[invalid-manifest]: {message}\n  --> {}", config.display());
            return 2;
        }
    };
    let dir = config.parent().unwrap_or(Path::new(""));
    let mut apis = Vec::new();
    for api in manifest.apis {
        let paths: Vec<PathBuf> = api.sources.iter().map(|source| dir.join(source)).collect();
        let mut sources = match read_sources(&paths) {
            Ok(sources) => sources,
            Err(code) => return code,
        };
        relative_to_manifest(&mut sources, dir, &api.sources);
        let mut settings = api.settings;
        settings.previous_names = previous_names(out, &api.name);
        apis.push((api.name, sources, settings));
    }
    let package = manifest.package.as_deref().unwrap_or(crate::generate::generated_package());
    let how = Finish { check, remedy: "run `cargo xtask regen` and commit", report };
    finish(generate_package(package, &apis, REGEN_COMMAND), out, &how)
}

/// Names the sources of a manifest as `<manifest folder>/<source>` (`specs/outseta.postman.json`),
/// whatever path the manifest was given by: the names reach the generated files (the recorded
/// API surface), which must not depend on where the command was started.
fn relative_to_manifest(sources: &mut [Source], dir: &Path, names: &[String]) {
    let folder = dir.file_name().map(|name| name.to_string_lossy().into_owned());
    for (source, name) in sources.iter_mut().zip(names) {
        source.path = match &folder {
            Some(folder) => format!("{folder}/{}", name.replace('\\', "/")),
            None => name.replace('\\', "/"),
        };
    }
}

fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>, i32> {
    let mut sources = Vec::new();
    for path in paths {
        match fs::read_to_string(path) {
            Ok(text) => sources.push(Source { path: display(path), text }),
            Err(error) => {
                eprintln!("error[unreadable-spec]: cannot read the file: {error}\n  --> {}", path.display());
                return Err(2);
            }
        }
    }
    Ok(sources)
}

/// Paths in diagnostics use `/` on every machine.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn print_diagnostics(diagnostics: &Diagnostics) {
    for diagnostic in diagnostics.iter() {
        eprintln!("{diagnostic}");
    }
}

/// How [`finish`] ends a `generate` run.
struct Finish<'a> {
    /// Write nothing; compare.
    check: bool,
    /// What to run when the check finds stale files.
    remedy: &'a str,
    /// Where to write the report of API changes, if anywhere.
    report: Option<&'a Path>,
}

/// Writes (or, with `check`, compares) the files and reports what changed in each API's
/// surface. A check lists the stale files and their diffs first, then the warnings as counts.
fn finish(generated: GeneratedFiles, out: &Path, how: &Finish<'_>) -> i32 {
    if generated.diagnostics.has_errors() {
        print_diagnostics(&generated.diagnostics);
        eprintln!("error: nothing was written");
        return 2;
    }
    let changes = match changes(&generated.files, out, how.check) {
        Ok(changes) => changes,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", out.display());
            return 2;
        }
    };
    if how.check {
        for change in &changes {
            eprintln!("stale: {}", out.join(&change.path).display());
            eprint!("{}", change.diff);
        }
        print_warning_summary(&generated.diagnostics);
        let reports = surface_reports(&generated.files, out);
        if changes.is_empty() {
            // Nothing to show, but a report asked for is written ("no change").
            return match how.report.map(|file| write_report(&reports, file)) {
                Some(Err(code)) => code,
                _ => 0,
            };
        }
        if let Err(code) = print_reports(&reports, how.report) {
            return code;
        }
        eprintln!("error: {} generated file(s) are stale: {}", changes.len(), how.remedy);
        return 1;
    }
    print_diagnostics(&generated.diagnostics);
    // The old surfaces are read before anything is written over them.
    let reports = surface_reports(&generated.files, out);
    match write(&generated.files, &changes, out) {
        Ok(()) => {
            if !changes.is_empty() {
                eprintln!("wrote {} file(s) in {}", changes.len(), out.display());
            }
        }
        Err(error) => {
            eprintln!("error: cannot write in {}: {error}", out.display());
            return 2;
        }
    }
    match print_reports(&reports, how.report) {
        Ok(()) => 0,
        Err(code) => code,
    }
}

/// One file that differs from what the generator produces now.
struct Change {
    path: String,
    /// `None`: the file is no longer produced and goes away.
    new: Option<String>,
    /// The unified diff, made only for a check (which prints it): a write does not need it,
    /// and for a multi-megabyte file it costs more than generating it.
    diff: String,
}

fn changes(files: &BTreeMap<String, String>, out: &Path, with_diffs: bool) -> std::io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (path, new) in files {
        let old = match fs::read_to_string(out.join(path)) {
            Ok(old) => old,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(error),
        };
        if !old.is_empty() && &old != new && !crate::render::is_generated(&old) {
            // Someone else's file: a manifest is left as it is (its owner adds what the crate
            // needs), anything else stops the run before anything is written.
            if path == "Cargo.toml" {
                eprintln!(
                    "warning: {} was not written by this generator; left as it is (the generated code needs the dependencies listed in a generated Cargo.toml)",
                    out.join(path).display()
                );
                continue;
            }
            return Err(std::io::Error::other(format!(
                "{} exists and was not written by this generator; move it away or choose another output folder",
                out.join(path).display()
            )));
        }
        if &old != new {
            let diff = if with_diffs {
                similar::TextDiff::from_lines(&old, new).unified_diff().context_radius(2).header(path, path).to_string()
            } else {
                String::new()
            };
            changes.push(Change { path: path.clone(), new: Some(new.clone()), diff });
        }
    }
    // Files under src/ that the generator wrote once and no longer produces. A file without this
    // generator's header is someone's own work: it is left alone.
    let mut existing = Vec::new();
    list_files(&out.join("src"), "src", &mut existing)?;
    list_files(&out.join(SURFACE_DIR), SURFACE_DIR, &mut existing)?;
    for path in existing {
        if files.contains_key(&path) {
            continue;
        }
        let text = fs::read_to_string(out.join(&path)).unwrap_or_default();
        if crate::render::is_generated(&text) {
            let diff = format!("--- {path}\n+++ /dev/null\n(removed)\n");
            changes.push(Change { path, new: None, diff });
        } else {
            eprintln!("note: {} was not written by this generator; left in place", out.join(&path).display());
        }
    }
    Ok(changes)
}

fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    let mut entries: Vec<_> = entries.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type()?.is_dir() {
            list_files(&entry.path(), &name, out)?;
        } else {
            out.push(name);
        }
    }
    Ok(())
}

fn write(files: &BTreeMap<String, String>, changes: &[Change], out: &Path) -> std::io::Result<()> {
    debug_assert!(changes.iter().all(|c| c.new.is_none() || files.contains_key(&c.path)));
    for change in changes {
        let path = out.join(&change.path);
        match &change.new {
            Some(text) => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&path, text)?;
            }
            None => {
                fs::remove_file(&path)?;
                // An API module that went away leaves an empty folder behind.
                if let Some(parent) = path.parent() {
                    let _ = fs::remove_dir(parent);
                }
            }
        }
    }
    Ok(())
}

fn print_ir(spec: &[PathBuf], name: &str) -> i32 {
    let sources = match read_sources(spec) {
        Ok(sources) => sources,
        Err(code) => return code,
    };
    let mut diagnostics = Diagnostics::new();
    let api = lower_api(name, &sources, &ApiSettings::default(), &mut diagnostics);
    print_diagnostics(&diagnostics);
    let Some(api) = api else { return 2 };
    println!("{}", crate::emit::ir_json(&api, diagnostics.into_vec()));
    0
}

/// The folder of the surface files (`api/<name>.txt`) in a generated crate.
const SURFACE_DIR: &str = "api";

/// Counts of warnings per spec file and code: a check's output stays readable, and
/// `generator ir` or a regeneration shows each one in full.
fn print_warning_summary(diagnostics: &Diagnostics) {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for diagnostic in diagnostics.iter() {
        *counts.entry((diagnostic.file.as_str(), diagnostic.code)).or_default() += 1;
    }
    if counts.is_empty() {
        return;
    }
    eprintln!("warnings, counted (`generator ir --spec FILE` shows each one with its place):");
    for ((file, code), count) in counts {
        eprintln!("  {count:>4} warning[{code}] in {file}");
    }
}

/// The surface the last generation of API `name` recorded in `out`: `None` when there is none
/// written by this generator, an error when it does not read back.
fn recorded_surface(out: &Path, name: &str) -> Result<Option<crate::surface::Surface>, String> {
    recorded(name, fs::read_to_string(out.join(crate::surface::file_path(name))).ok())
}

/// The surface of API `name` in `text`, a surface file's text when there is one: `None` when it
/// was not written by this generator, an error when it does not read back.
fn recorded(name: &str, text: Option<String>) -> Result<Option<crate::surface::Surface>, String> {
    match text {
        Some(text) if crate::render::is_generated(&text) => crate::surface::Surface::parse(name, &text).map(Some),
        _ => Ok(None),
    }
}

/// The type names of the last generation of API `name` in `out`, from its surface file; none
/// when there is no readable one (a first generation: [`surface_reports`] notes a broken file).
fn previous_names(out: &Path, name: &str) -> HashMap<String, String> {
    recorded_surface(out, name).ok().flatten().map(|surface| surface.type_names()).unwrap_or_default()
}

/// One report per API whose surface file the generator produces now or produced before, from
/// the surface file on disk (the last regeneration) and the one about to be written.
fn surface_reports(files: &BTreeMap<String, String>, out: &Path) -> Vec<crate::diff::Report> {
    use crate::surface::Surface;
    let mut names: Vec<String> =
        files.keys().filter_map(|path| path.strip_prefix("api/")?.strip_suffix(".txt").map(str::to_owned)).collect();
    if let Ok(entries) = fs::read_dir(out.join(SURFACE_DIR)) {
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if let Some(name) = file.strip_suffix(".txt").filter(|name| !names.iter().any(|n| n == name)) {
                names.push(name.to_owned());
            }
        }
    }
    names.sort();
    let mut reports = Vec::new();
    for name in names {
        let path = crate::surface::file_path(&name);
        let old_text = fs::read_to_string(out.join(&path)).ok();
        // An unchanged surface (the usual regeneration) has nothing to report: no need to parse it.
        if files.get(&path).is_some_and(|text| old_text.as_ref() == Some(text)) {
            reports.push(crate::diff::Report { api: name, ..crate::diff::Report::default() });
            continue;
        }
        let old = recorded(&name, old_text).unwrap_or_else(|message| {
            eprintln!("note: {} cannot be compared: {message}", out.join(&path).display());
            None
        });
        // With nothing recorded there is nothing to compare: a new API is reported as new,
        // without reading back the surface about to be written.
        if old.is_none() {
            if files.contains_key(&path) {
                reports.push(crate::diff::Report { api: name, new_api: true, ..crate::diff::Report::default() });
            }
            continue;
        }
        let new = files.get(&path).and_then(|text| Surface::parse(&name, text).ok());
        reports.push(crate::diff::compare(&name, old.as_ref(), new.as_ref()));
    }
    reports
}

/// Prints the reports on stdout and writes them to `file` when given.
fn print_reports(reports: &[crate::diff::Report], file: Option<&Path>) -> Result<(), i32> {
    for report in reports {
        print!("{report}");
    }
    match file {
        Some(file) => write_report(reports, file),
        None => Ok(()),
    }
}

/// Writes the reports as Markdown, for a pull request description.
fn write_report(reports: &[crate::diff::Report], file: &Path) -> Result<(), i32> {
    let markdown: String = reports.iter().map(crate::diff::Report::markdown).collect::<Vec<_>>().join("\n");
    fs::write(file, markdown).map_err(|error| {
        eprintln!("error: cannot write the report to {}: {error}", file.display());
        2
    })
}

/// `generator diff`: both versions lowered and checked, their surfaces compared. Exit 1 when a
/// change is breaking (so CI can ask for a label), 2 when either version cannot be read.
fn diff_specs(old: &[PathBuf], new: &[PathBuf], name: &str, report: Option<&Path>) -> i32 {
    let mut surfaces = Vec::new();
    for paths in [old, new] {
        let sources = match read_sources(paths) {
            Ok(sources) => sources,
            Err(code) => return code,
        };
        let mut diagnostics = Diagnostics::new();
        let api = lower_api(name, &sources, &ApiSettings::default(), &mut diagnostics);
        if diagnostics.has_errors() {
            print_diagnostics(&diagnostics);
            return 2;
        }
        print_warning_summary(&diagnostics);
        let Some(api) = api else {
            eprintln!("error: nothing usable in {}", paths.iter().map(|p| display(p)).collect::<Vec<_>>().join(", "));
            return 2;
        };
        surfaces.push(crate::surface::Surface::of(&api));
    }
    let report_of_change = crate::diff::compare(name, surfaces.first(), surfaces.get(1));
    if let Err(code) = print_reports(std::slice::from_ref(&report_of_change), report) {
        return code;
    }
    i32::from(report_of_change.has_breaking())
}
