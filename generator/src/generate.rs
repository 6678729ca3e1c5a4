//! The whole pipeline for one API or one crate, on in-memory sources.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::ir::{self, Location};
use crate::manifest::ApiSettings;
use crate::{check, emit, lower, render, settings};

/// One input file: its path as it should appear in diagnostics, and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// The files of a generated crate, by path relative to the crate root, plus what was found on
/// the way. When `diagnostics` has errors, `files` is empty: nothing must be written.
#[derive(Debug, Default)]
pub struct GeneratedFiles {
    pub files: BTreeMap<String, String>,
    pub diagnostics: Diagnostics,
}

/// Reads, lowers, merges and checks one API made of `sources` (in order of precedence).
/// Returns `None` when nothing usable could be read; the reasons are in `diags`.
pub fn lower_api(name: &str, sources: &[Source], settings: &ApiSettings, diags: &mut Diagnostics) -> Option<ir::Api> {
    let mut merged: Option<ir::Api> = None;
    for source in sources {
        let Some(api) = lower::lower_source_with(source, settings.lower_options(), diags) else {
            continue;
        };
        merged = Some(match merged {
            None => api,
            Some(base) => lower::merge::merge(base, api, diags),
        });
    }
    let mut api = merged?;
    // Every source is in: one definition per shape across all of them, before names are final.
    crate::dedupe::dedupe(&mut api);
    crate::shorten::shorten(&mut api.types, &settings.previous_names);
    crate::shorten::shorten_bodies(&mut api.types, &settings.previous_names);
    crate::shorten::avoid_prelude_names(&mut api.types, &settings.previous_names);
    api.name = name.to_owned();
    let base_url_at = match &settings.base_url {
        Some(base_url) => {
            api.base_url = Some(base_url.clone());
            Location::new(&settings.origin.file, format!("{}/base_url", settings.origin.key_path))
        }
        None => Location::new(sources.first().map_or("", |source| source.path.as_str()), ""),
    };
    if let Some(problem) = api.base_url.as_deref().and_then(base_url_problem) {
        let url = api.base_url.take().unwrap_or_default();
        // The user name and password are not repeated into build logs.
        let url = match url.split_once("://").and_then(|(scheme, rest)| Some((scheme, rest.rsplit_once('@')?.1))) {
            Some((scheme, host)) => format!("{scheme}://***@{host}"),
            None => url,
        };
        diags.warning(
            "unsafe-base-url",
            &base_url_at,
            format!(
                "the base URL {:?} {problem}: the client gets no default and needs `base_url(..)` from its user",
                url
            ),
        );
    }
    apply_renames(&mut api, settings, sources, diags);
    settings::apply_params(&mut api, settings, diags);
    check::check(&mut api, diags);
    settings::apply_paging(&mut api, settings, diags);
    Some(api)
}

/// Why `url` cannot be the client's default base URL: the client sends credentials to it, so it
/// must be a plain `http`/`https` URL with no user name or password in it and nothing a reader
/// could misread (white space, control characters). A relative URL (`/v1`) is left to the
/// client, which refuses it when it is built.
fn base_url_problem(url: &str) -> Option<&'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains white space or control characters");
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        return has_scheme.then_some("is not an http or https URL");
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Some("is not an http or https URL");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.contains('@').then_some("carries a user name or password")
}

fn apply_renames(api: &mut ir::Api, settings: &ApiSettings, sources: &[Source], diags: &mut Diagnostics) {
    for (from, to) in &settings.renames {
        let mut found = false;
        for operation in api.operations.iter_mut().filter(|op| &op.name == from) {
            operation.name = to.clone();
            found = true;
        }
        for def in api.types.types.iter_mut().filter(|def| &def.name == from) {
            def.name = to.clone();
            found = true;
        }
        if !found {
            let at = Location::new(sources.first().map(|s| s.path.as_str()).unwrap_or("apis.toml"), "");
            diags.warning("unused-rename", &at, format!("rename `{from}` -> `{to}` matches no operation or type"));
        }
    }
}

/// The workspace's `generated` crate: one module per `(name, sources, settings)`.
pub fn generate_workspace_crate(apis: &[(String, Vec<Source>, ApiSettings)], command: &str) -> GeneratedFiles {
    generate_package(generated_package(), apis, command)
}

/// The default package name of a manifest's crate.
pub fn generated_package() -> &'static str {
    "generated"
}

/// A crate of the workspace named `package`, one module per `(name, sources, settings)`.
pub fn generate_package(package: &str, apis: &[(String, Vec<Source>, ApiSettings)], command: &str) -> GeneratedFiles {
    let mut out = GeneratedFiles::default();
    let mut lowered = Vec::new();
    // The APIs are independent: they are lowered in parallel, and their diagnostics and modules
    // kept in the manifest's order.
    let results = in_parallel(apis, |(name, sources, settings)| {
        let mut diagnostics = Diagnostics::new();
        (lower_api(name, sources, settings, &mut diagnostics), diagnostics)
    });
    for ((name, sources, _), result) in apis.iter().zip(results) {
        match result {
            Some((api, diagnostics)) => {
                out.diagnostics.extend(diagnostics);
                lowered.extend(api);
            }
            None => {
                let file = sources.first().map_or(name.as_str(), |source| source.path.as_str());
                let message =
                    format!("lowering API `{name}` panicked (a generator bug: please report it with the spec)");
                out.diagnostics.error("internal-lower", &Location::new(file, ""), message);
            }
        }
    }
    if out.diagnostics.has_errors() {
        return out;
    }
    let names: Vec<String> = lowered.iter().map(|api| api.name.clone()).collect();
    out.files.insert("Cargo.toml".into(), emit::cargo_toml(package, &names, command));
    render_crate(package, &lowered, command, &mut out);
    out
}

/// A standalone crate for one API made of ad-hoc files.
pub fn generate_api_crate(name: &str, sources: &[Source], command: &str) -> GeneratedFiles {
    generate_api_crate_with(name, sources, &ApiSettings::default(), command)
}

/// [`generate_api_crate`] with settings (the CLI's: the names of the last generation).
pub fn generate_api_crate_with(
    name: &str,
    sources: &[Source],
    settings: &ApiSettings,
    command: &str,
) -> GeneratedFiles {
    let mut out = GeneratedFiles::default();
    let api = lower_api(name, sources, settings, &mut out.diagnostics);
    let Some(api) = api.filter(|_| !out.diagnostics.has_errors()) else {
        return out;
    };
    let package = name.replace('_', "-");
    let manifest = emit::cargo_toml(&package, std::slice::from_ref(&api.name), command);
    // Its own workspace root (with the runtime crate in it), so that it builds wherever it is written.
    out.files.insert("Cargo.toml".into(), format!("{manifest}\n[workspace]\n"));
    render_crate(&package, std::slice::from_ref(&api), command, &mut out);
    out
}

/// One source file of the crate, not yet emitted.
enum Job<'a> {
    Lib(&'a str, &'a [String]),
    Runtime(&'static str),
    Api(&'a ir::Api, &'static str, emit::Emitter),
    /// The public API of a module, read back by the next regeneration to report what changed.
    Surface(&'a ir::Api),
}

impl Job<'_> {
    fn render(&self, command: &str) -> Result<String, String> {
        match self {
            Job::Lib(package, names) => render::rust_file(emit::lib_rs(package, names), command),
            Job::Runtime(text) => Ok(render::rust_source(text, command)),
            Job::Api(api, file, emit) => {
                let emit::ApiFile { items, head } = emit::api_file(api, file, *emit);
                render::rust_file_items(items, || head.tokens(), command)
            }
            Job::Surface(api) => Ok(crate::surface::Surface::of(api).render(command)),
        }
    }
}

/// Renders every job, on as many threads as the machine has cores. A file is emitted and
/// rendered on one thread and its tokens dropped at once: for a large spec the tokens of all
/// files together would be several times the size of the text. Results keep the jobs' order.
fn render_all(jobs: &[(String, Job<'_>)], command: &str) -> Vec<Result<String, String>> {
    in_parallel(jobs, |(_, job)| job.render(command))
        .into_iter()
        .map(|result| result.unwrap_or_else(|| Err("the emitter panicked".to_owned())))
        .collect()
}

/// `work` on every item, on as many threads as the machine has cores, taking the items in order
/// (so the first ones, the largest, start first). Results keep the items' order; `None` where
/// `work` panicked.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, work(item)));
        }
    };
    let mut results: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        // This thread is one of the workers: its heap is warm, and a thread fewer is spawned.
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(worker)).collect();
        let here = std::panic::catch_unwind(std::panic::AssertUnwindSafe(worker)).unwrap_or_default();
        for (index, result) in
            here.into_iter().chain(handles.into_iter().flat_map(|handle| handle.join().unwrap_or_default()))
        {
            results[index] = Some(result);
        }
    });
    results
}

/// The package `package` made of `apis`, with its runtime crate in `runtime/`.
fn render_crate(package: &str, apis: &[ir::Api], command: &str, out: &mut GeneratedFiles) {
    let names: Vec<String> = apis.iter().map(|api| api.name.clone()).collect();
    out.files.insert("runtime/Cargo.toml".into(), emit::runtime_cargo_toml(package, command));
    // The largest first, so that the last job to finish is a small one: the surface (a line per
    // item) before `mod.rs` (a method per operation), the smallest.
    let mut jobs = Vec::new();
    for api in apis {
        for (file, emit) in emit::API_FILES {
            if file == "mod.rs" {
                jobs.push((crate::surface::file_path(&api.name), Job::Surface(api)));
            }
            jobs.push((format!("src/{}/{file}", api.name), Job::Api(api, file, emit)));
        }
    }
    jobs.push(("src/lib.rs".to_owned(), Job::Lib(package, &names)));
    for (file, text) in emit::runtime_files() {
        jobs.push((format!("runtime/src/{file}"), Job::Runtime(text)));
    }
    let rendered = render_all(&jobs, command);
    for ((path, _), result) in jobs.into_iter().zip(rendered) {
        match result {
            Ok(text) => {
                out.files.insert(path, text);
            }
            Err(message) => {
                let at = Location::new(path.clone(), "");
                out.diagnostics.error(
                    "internal-emit",
                    &at,
                    format!("{message} (a generator bug: please report it with the spec)"),
                );
            }
        }
    }
    if out.diagnostics.has_errors() {
        out.files.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::base_url_problem;

    #[test]
    fn base_urls_the_client_may_send_credentials_to() {
        for fine in
            ["https://api.example.com", "http://127.0.0.1:8080/v1", "HTTPS://api.example.com/a@b", "/v1", "{{url}}"]
        {
            assert_eq!(base_url_problem(fine), None, "{fine}");
        }
        for (bad, problem) in [
            ("javascript:alert(1)", "is not an http or https URL"),
            ("file:///etc/passwd", "is not an http or https URL"),
            ("ftp://files.example.com", "is not an http or https URL"),
            ("https://user:secret@api.example.com", "carries a user name or password"),
            ("https://evil.example@api.example.com/v1", "carries a user name or password"),
            ("https://api.example.com/\n```", "contains white space or control characters"),
        ] {
            assert_eq!(base_url_problem(bad), Some(problem), "{bad}");
        }
    }
}
