//! Emission end to end: a small IR that uses every feature is emitted, rendered, snapshot and
//! compiled as a standalone crate with `cargo clippy -D warnings` and `cargo doc -D warnings`.
//!
//! The IR is built in code so that emission is tested independently of the readers and
//! lowerings; what they produce is covered by their own fixtures.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::ir::*;
use generator::{emit, render};

const COMMAND: &str = "cargo test -p generator --test emit";

fn loc() -> Location {
    Location::new("rich.json", "")
}

fn field(name: &str, wire: &str, ty: Ty) -> Field {
    Field::new(name, wire, ty)
}

fn example(value: serde_json::Value) -> Example {
    Example { value, location: Location::new("fixtures/emit/rich.json", "/example") }
}

fn optional(mut field: Field) -> Field {
    field.optional = true;
    field
}

fn def(name: &str, docs: Option<&str>, kind: TypeKind) -> TypeDef {
    TypeDef { name: name.into(), docs: docs.map(String::from), kind, location: loc() }
}

fn param(name: &str, wire: &str, location: ParamLocation, ty: Ty, required: bool) -> Param {
    Param {
        name: name.into(),
        wire_name: wire.into(),
        location,
        ty,
        required,
        docs: None,
        example: None,
        constraints: Constraints::default(),
    }
}

fn json_response(status: StatusMatch, ty: Ty) -> Response {
    let body = Some(ResponseBody::Json { content_type: "application/json".into(), ty });
    Response { status, body, docs: None, examples: Vec::new() }
}

fn empty_response(status: StatusMatch) -> Response {
    Response { status, body: None, docs: Some("Nothing to say.".into()), examples: Vec::new() }
}

fn operation(name: &str, method: &str, path: &str, segments: Vec<PathSegment>) -> Operation {
    Operation {
        name: name.into(),
        method: method.into(),
        path: path.into(),
        path_segments: segments,
        params: Vec::new(),
        body: None,
        responses: Vec::new(),
        auth: Vec::new(),
        summary: None,
        docs: None,
        fixed_query: Vec::new(),
        paging: None,
        location: loc(),
    }
}

fn lit(text: &str) -> PathSegment {
    PathSegment::Literal(text.into())
}

/// An API that touches every emission feature once.
fn rich_api() -> Api {
    let mut types = TypeSpace::default();
    let offering_type = types.add(def(
        "OfferingType",
        Some("Package or add-on. See <https://example.com/docs> and [the guide]."),
        TypeKind::Enum(Enum {
            variants: vec![
                EnumVariant { name: "Package".into(), wire_name: "package".into(), docs: None },
                EnumVariant { name: "Addon".into(), wire_name: "addon".into(), docs: Some("An add-on.".into()) },
                EnumVariant { name: "Other".into(), wire_name: "other".into(), docs: None },
            ],
        }),
    ));
    let mut quantity = field("quantity", "quantity", Ty::I64);
    quantity.constraints.minimum = Some(1.0);
    quantity.constraints.maximum = Some(100.0);
    let mut name = field("name", "name", Ty::String);
    name.constraints.min_length = Some(1);
    name.constraints.max_length = Some(64);
    name.docs = Some("The name, as shown on invoices: http://example.com/x.\n\n    indented <b>html</b>".into());
    let mut tags = optional(field("tags", "tags", Ty::Vec(Box::new(Ty::String))));
    tags.constraints.max_items = Some(3);
    let mut email = optional(field("contact_email", "contactEmail", Ty::String));
    email.constraints.email = true;
    email.constraints.pattern = Some("^[^@]+@example\\.com$".into());
    let mut description = field("description", "description", Ty::String);
    description.nullable = true;
    description.default = Some(serde_json::json!("none"));
    let offering = types.add(def(
        "Offering",
        Some("One offering.\n```\nlet x = 1;\n```"),
        TypeKind::Struct(Struct {
            fields: vec![
                name,
                quantity,
                field("type", "type", Ty::Named(offering_type)),
                description,
                tags,
                email,
                optional(field("count", "count", Ty::Loose(Box::new(Ty::F64)))),
                optional(field("created_at", "created_at", Ty::DateTime)),
                optional(field("start_date", "startDate", Ty::Date)),
                optional(field("uid", "Uid", Ty::Uuid)),
                optional(field("metadata", "metadata", Ty::Map(Box::new(Ty::Any)))),
            ],
            additional: Some(Ty::Any),
        }),
    ));
    let offering_list = types.add(def("OfferingList", None, TypeKind::Alias(Ty::Vec(Box::new(Ty::Named(offering))))));
    let error_item = types.add(def(
        "ErrorItem",
        None,
        TypeKind::Struct(Struct {
            fields: vec![optional(field("field", "field", Ty::String)), field("message", "message", Ty::String)],
            additional: None,
        }),
    ));
    let error_body = types.add(def(
        "ErrorBody",
        Some("The error body of every failing request."),
        TypeKind::Struct(Struct {
            fields: vec![field("errors", "errors", Ty::Vec(Box::new(Ty::Named(error_item))))],
            additional: None,
        }),
    ));
    let node = TypeId(types.types.len());
    let mut parent = optional(field("parent", "parent", Ty::Named(node)));
    parent.boxed = true;
    types.add(def(
        "Node",
        Some("A recursive tree."),
        TypeKind::Struct(Struct {
            fields: vec![field("children", "children", Ty::Vec(Box::new(Ty::Named(node)))), parent],
            additional: None,
        }),
    ));
    let cat = types.add(def(
        "Cat",
        None,
        TypeKind::Struct(Struct { fields: vec![field("lives", "lives", Ty::I32)], additional: None }),
    ));
    let dog = types.add(def(
        "Dog",
        None,
        TypeKind::Struct(Struct { fields: vec![field("good", "good", Ty::Bool)], additional: Some(Ty::String) }),
    ));
    let pet = types.add(def(
        "Pet",
        None,
        TypeKind::Union(Union {
            variants: vec![
                UnionVariant { name: "Cat".into(), tag: Some("cat".into()), ty: Ty::Named(cat) },
                UnionVariant { name: "Dog".into(), tag: Some("dog".into()), ty: Ty::Named(dog) },
            ],
            discriminator: Some("kind".into()),
        }),
    ));
    types.add(def(
        "StringOrNumber",
        None,
        TypeKind::Union(Union {
            variants: vec![
                UnionVariant { name: "Text".into(), tag: None, ty: Ty::String },
                UnionVariant { name: "Number".into(), tag: None, ty: Ty::F64 },
            ],
            discriminator: None,
        }),
    ));
    let token_request = types.add(def(
        "TokenRequest",
        None,
        TypeKind::Struct(Struct {
            fields: vec![field("username", "username", Ty::String), field("password", "password", Ty::String)],
            additional: None,
        }),
    ));
    let token = types.add(def(
        "Token",
        None,
        TypeKind::Struct(Struct {
            fields: vec![
                field("access_token", "access_token", Ty::String),
                optional(field("expires_in", "expires_in", Ty::I64)),
            ],
            additional: Some(Ty::Any),
        }),
    ));

    let auth_schemes = vec![
        AuthScheme { name: "bearer".into(), kind: AuthKind::Bearer, docs: Some("A SendGrid API key.".into()) },
        AuthScheme {
            name: "api_key".into(),
            kind: AuthKind::HeaderTemplate {
                header: "Authorization".into(),
                parts: vec![
                    TemplatePart::Literal("Outseta ".into()),
                    TemplatePart::Secret("api_key".into()),
                    TemplatePart::Literal(":".into()),
                    TemplatePart::Secret("api_key_secret".into()),
                ],
            },
            docs: None,
        },
        AuthScheme { name: "query_key".into(), kind: AuthKind::ApiKeyQuery { param: "api-key".into() }, docs: None },
        AuthScheme { name: "basic".into(), kind: AuthKind::Basic, docs: None },
        AuthScheme { name: "timeout".into(), kind: AuthKind::ApiKeyHeader { header: "X-Api-Key".into() }, docs: None },
    ];

    let mut get = operation(
        "get_account_offerings",
        "GET",
        "/v3/partners/accounts/{accountID}/offerings",
        vec![lit("/v3/partners/accounts/"), PathSegment::Param(0), lit("/offerings")],
    );
    get.summary = Some("Get account offerings".into());
    get.docs = Some("Lists the offerings of an account [see docs](https://example.com).".into());
    let mut limit = param("limit", "limit", ParamLocation::Query, Ty::I64, false);
    limit.constraints.maximum = Some(500.0);
    limit.example = Some("10".into());
    let mut account = param("account_id", "accountID", ParamLocation::Path, Ty::String, true);
    account.constraints.min_length = Some(1);
    get.params = vec![
        account,
        limit,
        param("t_test_account", "T-Test-Account", ParamLocation::Header, Ty::String, false),
        param("r#type", "type", ParamLocation::Query, Ty::Named(offering_type), false),
        param("ids", "ids", ParamLocation::Query, Ty::Vec(Box::new(Ty::Uuid)), false),
    ];
    get.params[3].name = "type".into();
    let mut listed = json_response(StatusMatch::Code(200), Ty::Named(offering_list));
    listed.examples = vec![example(serde_json::json!([{"name": "Pro", "quantity": 2, "type": "package"}]))];
    get.responses = vec![
        listed,
        json_response(StatusMatch::Code(400), Ty::Named(error_body)),
        json_response(StatusMatch::Code(404), Ty::Named(error_body)),
    ];
    get.auth = vec![0];
    get.fixed_query = vec![("AccountStage".into(), "2".into())];

    let mut update =
        operation("update_offerings", "PUT", "/v3/offerings/{id}", vec![lit("/v3/offerings/"), PathSegment::Param(0)]);
    update.params = vec![param("id", "id", ParamLocation::Path, Ty::Uuid, true)];
    update.body = Some(RequestBody {
        kind: BodyKind::Json { content_type: "application/json".into(), ty: Ty::Vec(Box::new(Ty::Named(offering))) },
        required: true,
        docs: None,
        examples: vec![example(
            serde_json::json!([{"name": "Pro", "quantity": 2, "type": "package", "note": "```not code```"}]),
        )],
    });
    update.responses = vec![
        json_response(StatusMatch::Code(200), Ty::Named(offering_list)),
        json_response(StatusMatch::Code(202), Ty::Named(pet)),
        empty_response(StatusMatch::Code(204)),
        empty_response(StatusMatch::Code(303)),
        json_response(StatusMatch::Code(400), Ty::Named(error_body)),
        Response {
            status: StatusMatch::Range(5),
            body: Some(ResponseBody::Text { content_type: "text/plain".into() }),
            docs: None,
            examples: Vec::new(),
        },
    ];
    update.auth = vec![0, 4];

    let mut tokens = operation("get_token", "POST", "/tokens", vec![lit("/tokens")]);
    tokens.body = Some(RequestBody {
        kind: BodyKind::Form { ty: Ty::Named(token_request), encoding: Vec::new() },
        required: true,
        docs: Some("Credentials.".into()),
        examples: Vec::new(),
    });
    tokens.responses = vec![json_response(StatusMatch::Code(200), Ty::Named(token))];
    tokens.auth = vec![1];

    let mut upload = operation("upload_file", "POST", "/files", vec![lit("/files")]);
    upload.body = Some(RequestBody {
        kind: BodyKind::Multipart {
            fields: vec![
                MultipartField {
                    name: "file".into(),
                    wire_name: "file".into(),
                    file: true,
                    required: true,
                    docs: None,
                },
                MultipartField {
                    name: "note".into(),
                    wire_name: "note".into(),
                    file: false,
                    required: false,
                    docs: Some("A note.".into()),
                },
            ],
        },
        required: true,
        docs: None,
        examples: Vec::new(),
    });
    upload.auth = vec![2, 3];

    let mut delete = operation("delete_node", "DELETE", "/nodes/{id}", vec![lit("/nodes/"), PathSegment::Param(0)]);
    delete.params = vec![
        param("id", "id", ParamLocation::Path, Ty::I64, true),
        // Unusual parameter types still compile: an alias of a list of structs, a map.
        param("filter", "filter", ParamLocation::Query, Ty::Named(offering_list), false),
        param("meta", "meta", ParamLocation::Header, Ty::Map(Box::new(Ty::Any)), false),
    ];
    delete.responses =
        vec![empty_response(StatusMatch::Code(204)), json_response(StatusMatch::Default, Ty::Named(error_body))];

    let mut raw = operation("new", "PURGE", "/cache", vec![lit("/cache")]);
    raw.body = Some(RequestBody {
        kind: BodyKind::Binary { content_type: "application/octet-stream".into() },
        required: false,
        docs: None,
        examples: Vec::new(),
    });
    raw.responses = vec![Response {
        status: StatusMatch::Range(2),
        body: Some(ResponseBody::Binary { content_type: "application/octet-stream".into() }),
        docs: None,
        examples: Vec::new(),
    }];

    let mut note = operation("put_note", "PUT", "/notes/{note}", vec![lit("/notes/"), PathSegment::Param(0)]);
    note.params = vec![param("note", "note", ParamLocation::Path, Ty::String, true)];
    note.body = Some(RequestBody {
        kind: BodyKind::Text { content_type: "text/plain".into() },
        required: true,
        docs: None,
        examples: Vec::new(),
    });
    note.responses = vec![Response {
        status: StatusMatch::Code(200),
        body: Some(ResponseBody::Text { content_type: "text/plain".into() }),
        docs: None,
        examples: Vec::new(),
    }];

    let mut tree = operation("get_tree", "GET", "/tree", vec![lit("/tree")]);
    tree.responses = vec![json_response(StatusMatch::Code(200), Ty::Named(node))];

    Api {
        name: "rich".into(),
        title: Some("Rich <test> API".into()),
        docs: Some("Everything the emitter can do, once.".into()),
        base_url: Some("https://api.example.com".into()),
        auth_schemes,
        // `ping` is the bare base URL: no path, no parameter, no documented response.
        operations: vec![
            get,
            update,
            tokens,
            upload,
            delete,
            raw,
            note,
            tree,
            operation("ping", "GET", "", Vec::new()),
        ],
        types,
    }
}

/// The rendered files of a standalone crate for `api`.
fn render_crate(api: &Api) -> Vec<(String, String)> {
    let mut files = vec![(
        "Cargo.toml".to_owned(),
        format!("{}\n[workspace]\n", emit::cargo_toml(&api.name, std::slice::from_ref(&api.name), COMMAND)),
    )];
    files.push(("runtime/Cargo.toml".into(), emit::runtime_cargo_toml(&api.name, COMMAND)));
    let lib =
        render::rust_file(emit::lib_rs(&api.name, std::slice::from_ref(&api.name)), COMMAND).expect("lib.rs renders");
    files.push(("src/lib.rs".into(), lib));
    for (file, text) in emit::runtime_files() {
        files.push((format!("runtime/src/{file}"), render::rust_source(text, COMMAND)));
    }
    for (file, emit) in emit::API_FILES {
        let emit::ApiFile { items, head } = emit::api_file(api, file, emit);
        let text =
            render::rust_file_items(items, || head.tokens(), COMMAND).unwrap_or_else(|error| panic!("{file}: {error}"));
        files.push((format!("src/{}/{file}", api.name), text));
    }
    files
}

fn write_crate(dir: &Path, files: &[(String, String)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        // Rewrite only what changed, so cargo's fingerprints stay valid between runs.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).expect("write file");
        }
    }
}

fn check_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("emit-check")
}

fn cargo(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", check_dir().join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?} failed in {}:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The rich crate is snapshot, then built with clippy and rustdoc (warnings are errors), then its
/// behaviour test (`fixtures/emit/behaviour.rs`: requests, responses and the client against a
/// scripted server) runs in it with `cargo test`. One crate for all three, so it compiles once.
#[test]
fn rich_api_snapshots_compiles_and_behaves() {
    let mut files = render_crate(&rich_api());
    for (path, text) in &files {
        if path.starts_with("src/rich/") {
            insta::assert_snapshot!(
                path.replace('/', "__"),
                text,
                &format!("{path} emitted from the rich IR built in tests/emit.rs")
            );
        }
    }
    files[0].1.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n");
    files.push(("tests/behaviour.rs".into(), include_str!("fixtures/emit/behaviour.rs").to_owned()));
    let dir = check_dir().join("rich");
    write_crate(&dir, &files);
    cargo(&dir, &["clippy", "--quiet", "--all-features", "--", "-D", "warnings"]);
    cargo(&dir, &["doc", "--quiet", "--no-deps"]);
    cargo(&dir, &["test", "--quiet"]);
}

#[test]
fn emission_is_deterministic() {
    assert_eq!(render_crate(&rich_api()), render_crate(&rich_api()));
}

/// IR that the check pass would normally have cleaned up, or that manifest renames can produce:
/// names that are not identifiers, keywords, empty enums and unions, duplicate statuses and enum
/// values, a member named like the unknown-members map, a dangling path parameter index.
fn odd_api() -> Api {
    let mut types = TypeSpace::default();
    let empty_enum = types.add(def("Empty Enum!", None, TypeKind::Enum(Enum::default())));
    types.add(def("NoVariants", None, TypeKind::Union(Union::default())));
    let twice = types.add(def(
        "Twice",
        None,
        TypeKind::Enum(Enum {
            variants: vec![
                EnumVariant { name: "A".into(), wire_name: "a".into(), docs: None },
                EnumVariant { name: "A".into(), wire_name: "b".into(), docs: None },
                EnumVariant { name: "C".into(), wire_name: "a".into(), docs: None },
                EnumVariant { name: "Other".into(), wire_name: "o".into(), docs: None },
                EnumVariant { name: "Unknown".into(), wire_name: "u".into(), docs: None },
            ],
        }),
    ));
    let holder = types.add(def(
        "self",
        Some("```rust\nfn main() {}\n```\n~~~\nunclosed"),
        TypeKind::Struct(Struct {
            fields: vec![
                field("additional_properties", "additional_properties", Ty::Option(Box::new(Ty::Named(empty_enum)))),
                field("extra", "extra", Ty::Named(twice)),
                field("fn", "fn", Ty::Loose(Box::new(Ty::I64))),
                field("2fa code", "2fa", Ty::Named(TypeId(999))),
            ],
            additional: Some(Ty::Map(Box::new(Ty::String))),
        }),
    ));
    let mut op =
        operation("type", "get", "/{x}/{y}", vec![lit("/"), PathSegment::Param(0), lit("/"), PathSegment::Param(7)]);
    op.params = vec![
        param("x", "x", ParamLocation::Path, Ty::Option(Box::new(Ty::Bool)), true),
        param("x", "x\"quoted", ParamLocation::Query, Ty::Bytes, false),
        param("body", "body", ParamLocation::Header, Ty::Named(twice), false),
        // Named like the examples' build function's own locals, and like their renamed bindings.
        param("input", "input", ParamLocation::Query, Ty::String, true),
        param("input_param", "input_param", ParamLocation::Query, Ty::I64, true),
    ];
    op.body = Some(RequestBody {
        kind: BodyKind::Json { content_type: "application/vnd.odd+json".into(), ty: Ty::Named(holder) },
        required: false,
        docs: None,
        examples: Vec::new(),
    });
    op.responses = vec![
        json_response(StatusMatch::Code(200), Ty::Any),
        json_response(StatusMatch::Code(200), Ty::String),
        json_response(StatusMatch::Range(0), Ty::Named(holder)),
        json_response(StatusMatch::Range(0), Ty::Named(holder)),
        empty_response(StatusMatch::Code(301)),
        json_response(StatusMatch::Default, Ty::Named(twice)),
    ];
    op.auth = vec![0, 5];
    let scheme = AuthScheme {
        name: "build".into(),
        kind: AuthKind::HeaderTemplate {
            header: "X-Key".into(),
            parts: vec![TemplatePart::Secret("header_value".into()), TemplatePart::Secret("header_value".into())],
        },
        docs: None,
    };
    Api {
        name: "odd".into(),
        title: None,
        docs: None,
        base_url: None,
        auth_schemes: vec![scheme],
        // `visit` is the examples module's entry point.
        operations: vec![
            op.clone(),
            Operation { name: "new".into(), ..op.clone() },
            Operation { name: "visit".into(), ..op },
        ],
        types,
    }
}

#[test]
fn odd_ir_still_compiles() {
    let files = render_crate(&odd_api());
    let dir = check_dir().join("odd");
    write_crate(&dir, &files);
    cargo(&dir, &["clippy", "--quiet", "--all-features", "--", "-D", "warnings"]);
}

#[test]
fn an_api_without_base_url_or_operations_compiles() {
    let api = Api { name: "bare".into(), ..Api::default() };
    let files = render_crate(&api);
    let dir = check_dir().join("bare");
    write_crate(&dir, &files);
    cargo(&dir, &["clippy", "--quiet", "--all-features", "--", "-D", "warnings"]);
}
