//! Emission: checked IR -> token streams, with `quote`. Never string concatenation of Rust code.
//!
//! The emitters see only [`crate::ir`]; they know nothing of Postman or OpenAPI. Formatting
//! happens once, in [`crate::render`].

mod checks;
mod client;
pub mod docs;
pub(crate) mod endpoints;
mod examples;
mod ir_json;
mod models;
mod multipart;
mod paths;
pub(crate) mod responses;
mod sample;
pub mod ty;

use proc_macro2::{Ident, Span, TokenStream};

use crate::{ir, naming};

pub use ir_json::ir_json;

/// The tokens of one file: its head (inner docs and attributes, or the whole file) and its
/// items, made one at a time so a renderer can turn a few into text and drop them before the
/// next (a large spec has tens of thousands of items).
pub struct FileTokens<'a> {
    pub head: TokenStream,
    pub items: Box<dyn Iterator<Item = TokenStream> + 'a>,
}

impl FileTokens<'_> {
    /// A file made in one piece.
    pub fn whole(tokens: TokenStream) -> FileTokens<'static> {
        FileTokens { head: tokens, items: Box::new(std::iter::empty()) }
    }
}

/// One file of an API module, its paths shortened (see the `paths` module): render the items
/// first, then the head, which carries the `use` lines the items needed.
pub struct ApiFile<'a> {
    pub items: Box<dyn Iterator<Item = Vec<crate::render::Tok>> + 'a>,
    pub head: FileHead,
}

/// The head of an [`ApiFile`]: its inner docs and attributes (or the whole file).
pub struct FileHead {
    tokens: TokenStream,
    paths: std::rc::Rc<paths::Paths>,
}

impl FileHead {
    /// The head with its `use` lines; call it once the file's items are consumed.
    pub fn tokens(self) -> TokenStream {
        self.paths.head(self.tokens)
    }
}

/// Emits one file of an API module.
pub type Emitter = for<'a> fn(&'a ir::Api) -> FileTokens<'a>;

/// The files of one API module, `src/<api>/<file>`, each with its emitter: the models, the
/// endpoints, `examples.rs` (every operation with its documented examples, as data) and `mod.rs`
/// (module docs, the submodules and the `Client`). Each file is emitted on its own, so a caller
/// can render it and drop its tokens before the next. Largest first (for a large spec): the order
/// in which they are best rendered in parallel.
pub const API_FILES: [(&str, Emitter); 4] = [
    ("models.rs", models::models),
    ("endpoints.rs", endpoints::endpoints),
    ("examples.rs", examples::examples),
    ("mod.rs", |api| FileTokens::whole(client::module(api))),
];

/// Emits one file of an API module with [`API_FILES`]' `emit`, its paths written as short as
/// they can be without changing what they mean (the `paths` module says how).
pub fn api_file<'a>(api: &'a ir::Api, file: &str, emit: Emitter) -> ApiFile<'a> {
    let mut shadowed: std::collections::HashSet<String> =
        api.types.types.iter().map(|def| type_ident(&def.name).to_string()).collect();
    shadowed.extend(api.operations.iter().map(|op| type_ident(&endpoints::struct_name(op)).to_string()));
    let module = match file.trim_end_matches(".rs") {
        "models" => paths::Module::Child("models"),
        "endpoints" => paths::Module::Child("endpoints"),
        "examples" => paths::Module::Child("examples"),
        _ => paths::Module::Root,
    };
    let paths = std::rc::Rc::new(paths::Paths::new(field_ident(&api.name).to_string(), module, shadowed));
    let tokens = emit(api);
    let head = paths.shorten(tokens.head);
    let shortener = paths.clone();
    ApiFile {
        items: Box::new(tokens.items.map(move |item| shortener.shorten_toks(crate::render::own(item)))),
        head: FileHead { tokens: head, paths },
    }
}

/// `tokens` in braces, as one tree: interpolating it in `quote!` copies a pointer, where
/// interpolating the stream would copy every token.
fn braced(tokens: TokenStream) -> proc_macro2::Group {
    proc_macro2::Group::new(proc_macro2::Delimiter::Brace, tokens)
}

/// `first`, then `then`, both moved (interpolating them in `quote!` would copy every token).
fn after(mut first: TokenStream, then: TokenStream) -> TokenStream {
    first.extend([then]);
    first
}

/// How the docs name an API: its title, or its module name.
fn api_title(api: &ir::Api) -> String {
    match &api.title {
        Some(title) => title.clone(),
        None => format!("the `{}` API", api.name),
    }
}

/// Whether `name` can be written as an identifier as it is (ASCII only: names are made by
/// [`crate::naming`], but renames from the manifest can be anything).
fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_ascii_alphabetic() || first == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A value identifier (field, method, module): keywords become raw (`r#type`); anything that
/// is not a snake_case identifier is cleaned by [`naming::snake`] first, so no name can make the
/// emitter panic or the compiler warn.
pub fn field_ident(name: &str) -> Ident {
    let plain = is_plain_identifier(name) && !name.contains(|c: char| c.is_ascii_uppercase());
    let name = if plain { name.to_owned() } else { naming::snake(name) };
    ident(&name)
}

/// A type or variant identifier; like [`field_ident`], with [`naming::pascal`] for cleaning.
pub fn type_ident(name: &str) -> Ident {
    let plain = is_plain_identifier(name) && name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_');
    let name = if plain { name.to_owned() } else { naming::pascal(name) };
    ident(&name)
}

/// An identifier for a cleaned name: keywords raw, the few that cannot be raw (`self`, `Self`,
/// `crate`, `super`) with a trailing `_`.
fn ident(name: &str) -> Ident {
    if naming::is_raw_forbidden(name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if naming::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The shared runtime crate's sources: `(file name under runtime/src/, source text)`. The
/// sources live in `generator/runtime/` as ordinary Rust files, so they are compiled and linted
/// as code.
pub fn runtime_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("lib.rs", include_str!("../../runtime/lib.rs")),
        ("auth.rs", include_str!("../../runtime/auth.rs")),
        ("call.rs", include_str!("../../runtime/call.rs")),
        ("client.rs", include_str!("../../runtime/client.rs")),
        ("encode.rs", include_str!("../../runtime/encode.rs")),
        ("error.rs", include_str!("../../runtime/error.rs")),
        ("form.rs", include_str!("../../runtime/form.rs")),
        ("examples.rs", include_str!("../../runtime/examples.rs")),
        ("loose.rs", include_str!("../../runtime/loose.rs")),
        ("multipart.rs", include_str!("../../runtime/multipart.rs")),
        ("paging.rs", include_str!("../../runtime/paging.rs")),
        ("response.rs", include_str!("../../runtime/response.rs")),
        ("union.rs", include_str!("../../runtime/union.rs")),
        ("validate.rs", include_str!("../../runtime/validate.rs")),
    ]
}

/// The package of the runtime crate that goes with the generated package `package`, in the
/// folder `runtime/` next to its `src/`: a crate of its own, so it compiles once and a
/// regenerated API recompiles only its own code.
pub fn runtime_package(package: &str) -> String {
    format!("{package}-runtime")
}

/// `src/lib.rs` of the generated package `package`: the runtime crate re-exported as `runtime`,
/// and one module per API, each behind the cargo feature of its name (see [`cargo_toml`]).
/// Every module is `#[rustfmt::skip]`: the files are formatted by the generator, and `cargo fmt`
/// on a workspace must not make them stale. `http` and `bytes` are re-exported because
/// endpoints speak their types (`to_request`, `parse_response`): a user needs no dependency of
/// the same version to call them.
pub fn lib_rs(package: &str, modules: &[String]) -> TokenStream {
    let runtime = field_ident(&runtime_package(package).replace('-', "_"));
    let modules = modules.iter().map(|name| {
        let ident = field_ident(name);
        quote::quote! {
            #[cfg(feature = #name)]
            #[rustfmt::skip]
            pub mod #ident;
        }
    });
    quote::quote! {
        //! Typed async clients generated from API descriptions.
        //!
        //! Each API is a module behind the cargo feature of its name (all on by default), so a
        //! service builds only the APIs it uses; the `examples` feature adds each API's
        //! documented examples as data, for tests and tools.
        /// The runtime every API module shares: errors, encoding, auth and the HTTP client.
        pub use #runtime as runtime;
        #(#modules)*
        /// The `http` crate the endpoints build requests and parse responses with.
        pub use ::http;
        /// The `bytes` crate of response bodies.
        pub use ::bytes;
    }
}

/// `Cargo.toml` of the generated package `package`: the crates the emitted code names, the
/// runtime crate, one feature per API module (all default), and the test-only `examples`
/// feature.
pub fn cargo_toml(package: &str, modules: &[String], command: &str) -> String {
    let quoted: Vec<String> = modules.iter().map(|name| format!("\"{name}\"")).collect();
    let per_api: String = modules.iter().map(|name| format!("{name} = []\n")).collect();
    let runtime = runtime_package(package);
    let deps: String = RUNTIME_DEPENDENCIES
        .lines()
        .filter(|line| EMITTED_CODE_USES.iter().any(|name| line.split(' ').next() == Some(*name)))
        .map(|line| format!("{line}\n"))
        .collect();
    format!(
        r#"{header}[package]
name = "{package}"
{PACKAGE_COMMON}
[features]
default = [{default}]
# One feature per API module: a service builds only the APIs it uses.
{per_api}# Every operation's documented examples as data (`<api>::examples`), for tests and tools.
examples = ["{runtime}/examples"]

[dependencies]
{runtime} = {{ path = "runtime" }}
{deps}"#,
        header = crate::render::header("#", command),
        default = quoted.join(", "),
    )
}

/// `runtime/Cargo.toml` of the runtime crate of the generated package `package`.
pub fn runtime_cargo_toml(package: &str, command: &str) -> String {
    format!(
        r#"{header}[package]
name = "{name}"
{PACKAGE_COMMON}
[features]
# The types of `examples` modules.
examples = []

[dependencies]
{RUNTIME_DEPENDENCIES}"#,
        header = crate::render::header("#", command),
        name = runtime_package(package),
    )
}

/// The `[package]` keys after the name, the same for both crates.
const PACKAGE_COMMON: &str = r#"version = "0.1.0"
edition = "2024"
rust-version = "1.85"
publish = false
"#;

/// The crates that emitted API code names itself (the runtime uses the rest).
const EMITTED_CODE_USES: &[&str] = &["bytes", "chrono", "http", "indexmap", "reqwest", "serde", "serde_json", "uuid"];

/// What the runtime and the emitted code use, pinned to major versions.
/// reqwest uses rustls (no system OpenSSL needed to build or run); serde_json keeps object
/// members in order, so a form body lists its members as the struct declares them and an
/// untyped (`Value`) member round-trips unchanged.
const RUNTIME_DEPENDENCIES: &str = r#"base64 = "0.22"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
fastrand = "2"
form_urlencoded = "1"
futures-util = { version = "0.3", default-features = false, features = ["std"] }
http = "1"
httpdate = "1"
indexmap = { version = "2", features = ["serde"] }
percent-encoding = "2"
regex = { version = "1", default-features = false, features = ["std", "unicode"] }
reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
serde_path_to_error = "0.1"
tokio = { version = "1", features = ["time"] }
uuid = { version = "1", features = ["serde"] }
"#;
