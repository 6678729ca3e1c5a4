//! Emission: checked IR -> token streams, with `quote`. Never string concatenation of Rust code.
//!
//! The emitters see only [`crate::ir`]; they know nothing of Postman or OpenAPI. Formatting
//! happens once, in [`crate::render`].

mod ir_json;
pub mod ty;

use proc_macro2::TokenStream;

use crate::ir;

pub use ir_json::ir_json;

/// The three files of one API module.
pub struct ApiTokens {
    /// `src/<api>/mod.rs`: module docs, `pub mod models; pub mod endpoints;` and the `Client`.
    pub module: TokenStream,
    /// `src/<api>/models.rs`.
    pub models: TokenStream,
    /// `src/<api>/endpoints.rs`.
    pub endpoints: TokenStream,
}

/// Emits one API module.
pub fn api(api: &ir::Api) -> ApiTokens {
    let _ = api;
    ApiTokens { module: TokenStream::new(), models: TokenStream::new(), endpoints: TokenStream::new() }
}

/// The shared runtime module: `(file name under src/runtime/, source text)`. The sources live
/// in `generator/runtime/` as ordinary Rust files, so they are compiled and linted as code.
pub fn runtime_files() -> Vec<(&'static str, &'static str)> {
    vec![("mod.rs", include_str!("../../runtime/mod.rs"))]
}

/// `src/lib.rs` of a generated crate: the runtime module and one module per API.
pub fn lib_rs(modules: &[String]) -> TokenStream {
    let modules = modules.iter().map(|name| quote::format_ident!("{}", name));
    quote::quote! {
        //! Typed async clients generated from API descriptions.
        pub mod runtime;
        #(pub mod #modules;)*
    }
}

/// `Cargo.toml` of a generated crate. The dependency list is the runtime's.
pub fn cargo_toml(package: &str, command: &str) -> String {
    format!(
        r#"{header}[package]
name = "{package}"
version = "0.1.0"
edition = "2024"
rust-version = "1.85"
publish = false

[dependencies]
{deps}"#,
        header = crate::render::header("#", command),
        deps = RUNTIME_DEPENDENCIES,
    )
}

/// What the runtime and the emitted code use, pinned to major versions.
const RUNTIME_DEPENDENCIES: &str = r#"bytes = "1"
http = "1"
indexmap = { version = "2", features = ["serde"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;
