//! The intermediate representation between the readers and the emitters.
//!
//! The IR knows nothing of Postman or OpenAPI: an [`Api`] is a list of [`Operation`]s plus a
//! [`TypeSpace`] holding one definition per distinct type, referenced by [`TypeId`]. Every name in
//! it is already the Rust name that will be emitted (the naming module decides them during
//! lowering and the check pass makes them unique), so the emitters never rename anything.
//!
//! Everything here is ordered (`Vec`, `IndexMap`): the same input gives the same IR, and the same
//! IR gives byte-identical output.

use serde::Serialize;

/// One API: the content of one module of the generated crate.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Api {
    /// The module name (`sendgrid`), a snake_case Rust identifier.
    pub name: String,
    /// Human title of the API, from the collection or `info.title`.
    pub title: Option<String>,
    /// Markdown documentation for the module.
    pub docs: Option<String>,
    /// The default base URL (`https://api.sendgrid.com`), when the description has one.
    pub base_url: Option<String>,
    /// Authentication schemes the operations refer to by index.
    pub auth_schemes: Vec<AuthScheme>,
    pub operations: Vec<Operation>,
    pub types: TypeSpace,
}

/// Where something came from: the spec file and a JSON pointer into it, plus the Postman item
/// path ("CRM / People / Get person") where there is one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    pub file: String,
    pub pointer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_path: Option<String>,
}

impl Location {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Location {
        Location { file: file.into(), pointer: pointer.into(), item_path: None }
    }

    /// A location below this one: `child("item").child(3)` appends `/item/3`, escaping `~` and
    /// `/` as RFC 6901 requires.
    pub fn child(&self, segment: impl std::fmt::Display) -> Location {
        use std::fmt::Write;
        let mut pointer = String::with_capacity(self.pointer.len() + 24);
        pointer.push_str(&self.pointer);
        pointer.push('/');
        let start = pointer.len();
        // Writing to a `String` cannot fail.
        let _ = write!(pointer, "{segment}");
        if pointer[start..].contains(['~', '/']) {
            let segment = pointer.split_off(start);
            pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        }
        Location { file: self.file.clone(), pointer, item_path: self.item_path.clone() }
    }
}

/// One HTTP operation: one endpoint item and one `Client` method in the output.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// snake_case Rust name (`get_account_offerings`); the endpoint struct is its PascalCase form.
    pub name: String,
    /// Upper-case HTTP method; may be non-standard (`PURGE`, `LINK`).
    pub method: String,
    /// The path template as documented, with parameters as `{wire_name}`:
    /// `/v3/partners/accounts/{accountID}/offerings`.
    pub path: String,
    /// The same path split into literal and parameter segments, in order.
    pub path_segments: Vec<PathSegment>,
    /// Path, query and header parameters, in declaration order.
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Indexes into [`Api::auth_schemes`]; the client applies the first one it has credentials
    /// for. Empty: no authentication.
    pub auth: Vec<usize>,
    /// One-line summary (the Postman item name, OpenAPI `summary`).
    pub summary: Option<String>,
    /// Markdown description.
    pub docs: Option<String>,
    /// Query parameters or headers that are fixed by the description (a Postman URL with a
    /// literal `?AccountStage=2` where nothing suggests a variable): sent as they are.
    pub fixed_query: Vec<(String, String)>,
    /// How the operation pages, when the manifest says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    pub location: Location,
}

/// How an operation returns a long list page by page, checked against its response type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paging {
    pub style: PagingStyle,
    /// JSON pointer of the items in a page's body (`/items`; empty: the body is the list).
    pub items_pointer: String,
    /// How the emitted code reaches the items in the typed body, field by field. Empty with
    /// `item` `Any` and an untyped body: the items are read by pointer.
    pub items_steps: Vec<FieldStep>,
    /// The type of one item.
    pub item: Ty,
}

/// One field access on the way to a page's items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// The field is an `Option` (optional or nullable).
    pub optional: bool,
    /// The field is boxed.
    pub boxed: bool,
}

/// The paging styles; parameter names are wire names, the rest JSON pointers into the body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PagingStyle {
    Offset { offset: String, limit: Option<String>, total: Option<String> },
    Page { page: String, first: u64, size: Option<String>, total: Option<String>, total_pages: Option<String> },
    Cursor { param: String, next: String, has_more: Option<String> },
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathSegment {
    /// Literal text, sent as is (already valid in a URL path: it may contain `/`).
    Literal(String),
    /// Index into [`Operation::params`] of a path parameter; its value is percent-encoded as one
    /// segment.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// snake_case Rust name, unique within the operation (`account_id`).
    pub name: String,
    /// The name on the wire (`accountID`, `T-Test-Account`, `FromPerson.Uid`).
    pub wire_name: String,
    pub location: ParamLocation,
    /// The value type, without `Option` (optionality is [`Param::required`]). Scalars, `Vec` of
    /// scalars (query: repeated key) or a named string enum.
    pub ty: Ty,
    pub required: bool,
    pub docs: Option<String>,
    /// An example value, as documented (used in docs and snapshot tests).
    pub example: Option<String>,
    pub constraints: Constraints,
}

/// A documented example body and where it is written.
#[derive(Debug, Clone)]
pub struct Example {
    pub value: serde_json::Value,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    pub kind: BodyKind,
    pub required: bool,
    pub docs: Option<String>,
    /// Documented example bodies (JSON bodies only), for docs and round-trip tests.
    #[serde(skip)]
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyKind {
    /// `application/json` (or a `+json` type, kept in `content_type`).
    Json { content_type: String, ty: Ty },
    /// `application/x-www-form-urlencoded`; `ty` is a struct (or a map) serialized as a form.
    /// `encoding` says how the members that are not plain `name=value` pairs are written (the
    /// OpenAPI `encoding` object); a member not listed is sent in the default `form` style,
    /// exploded.
    Form { ty: Ty, encoding: Vec<FormEncoding> },
    /// `multipart/form-data`, one part per field.
    Multipart { fields: Vec<MultipartField> },
    /// Raw bytes with a fixed content type (`application/octet-stream`, an uploaded file).
    Binary { content_type: String },
    /// Text with a fixed content type (`text/plain`, `application/xml`, a GraphQL document).
    Text { content_type: String },
}

/// How one member of a form body is written, when it is an array or an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormEncoding {
    /// The member's name on the wire.
    pub wire_name: String,
    pub style: FormStyle,
}

/// The OpenAPI serialization styles a form member can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum FormStyle {
    /// `form`: exploded, one `name=value` per array element (and one `key=value` per member of
    /// an object); not exploded, `name=a,b,c`.
    Form { explode: bool },
    /// `name=a%20b%20c`.
    SpaceDelimited,
    /// `name=a|b|c`.
    PipeDelimited,
    /// Bracket notation: `name[key]=value`, `name[]=element`, `name[0][key]=value`.
    DeepObject,
}

#[derive(Debug, Clone, Serialize)]
pub struct MultipartField {
    /// snake_case Rust name.
    pub name: String,
    pub wire_name: String,
    /// Text part or file part.
    pub file: bool,
    pub required: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: StatusMatch,
    /// `None`: no body (204), or a body nobody described.
    pub body: Option<ResponseBody>,
    pub docs: Option<String>,
    /// Documented example bodies (JSON bodies only), for docs and round-trip tests.
    #[serde(skip)]
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class: `4` for `4XX`.
    Range(u8),
    /// Every status not otherwise listed.
    Default,
}

impl StatusMatch {
    /// Whether this entry describes success (2xx).
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseBody {
    Json { content_type: String, ty: Ty },
    Text { content_type: String },
    Binary { content_type: String },
}

/// How a request authenticates. The client holds one credential per scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthScheme {
    /// snake_case name, unique within the API (`bearer`, `api_key`, `outseta_api_key`), used for the
    /// client builder's setter.
    pub name: String,
    pub kind: AuthKind,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// A secret in a header, sent as is (`X-Api-Key: <key>`).
    ApiKeyHeader { header: String },
    /// A secret in a query parameter.
    ApiKeyQuery { param: String },
    /// OAuth 2.0 (any flow): the client sends the access token it is given as
    /// `Authorization: Bearer <token>`. `flows` names the documented flows (`clientCredentials`,
    /// `authorizationCode`, ...), for the docs.
    #[serde(rename = "oauth2")]
    OAuth2 { flows: Vec<String> },
    /// OpenID Connect: the ID or access token is sent as `Authorization: Bearer <token>`; `url` is
    /// the discovery document.
    OpenIdConnect { url: String },
    /// A header built from a template of literal text and named secrets, as Postman shows them:
    /// `Authorization: Outseta {{apiKey}}:{{apiKeySecret}}`.
    HeaderTemplate { header: String, parts: Vec<TemplatePart> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TemplatePart {
    Literal(String),
    /// A secret; the snake_case name of the client setter argument (`api_key_secret`).
    Secret(String),
}

/// A reference to a type, as written in a field, parameter or body position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// RFC 3339 date-time.
    DateTime,
    /// Full date (`2024-01-31`).
    Date,
    Uuid,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Anything: `serde_json::Value`.
    Any,
    /// A scalar that examples show both as itself and as a string (`"2"` and `2`): accepts both
    /// and writes back what it read (`runtime::Loose<T>`).
    Loose(Box<Ty>),
    Vec(Box<Ty>),
    /// A JSON object with arbitrary keys: `IndexMap<String, T>`.
    Map(Box<Ty>),
    Option(Box<Ty>),
    Named(TypeId),
}

/// Index into [`TypeSpace::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub usize);

/// All named types of an API. One definition per distinct type.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct TypeSpace {
    pub types: Vec<TypeDef>,
}

impl TypeSpace {
    pub fn add(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        TypeId(self.types.len() - 1)
    }

    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.types[id.0]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// PascalCase Rust name, unique within the API.
    pub name: String,
    pub docs: Option<String>,
    pub kind: TypeKind,
    /// Where the type was first seen (a schema or an example).
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; the emitted enum also has an `Other(String)` variant so that a value added
    /// by the API later still decodes and round-trips.
    Enum(Enum),
    /// `oneOf`/`anyOf`: one variant per alternative.
    Union(Union),
    /// A named alias of another type (`pub type Foo = Vec<Bar>;`).
    Alias(Ty),
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Unknown members are kept in a flattened map of this value type (`Ty::Any` for structs
    /// inferred from examples, the `additionalProperties` schema for OpenAPI). `None`: unknown
    /// members are ignored.
    pub additional: Option<Ty>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// snake_case Rust name, unique within the struct (a keyword is emitted raw: `r#type`).
    pub name: String,
    /// The JSON member name.
    pub wire_name: String,
    /// The value type without `Option`.
    pub ty: Ty,
    /// May be absent from the object: emitted as `Option<T>`, skipped when `None`.
    pub optional: bool,
    /// May be `null`: emitted as `Option<T>`.
    pub nullable: bool,
    pub docs: Option<String>,
    pub constraints: Constraints,
    /// The documented default, when there is one.
    pub default: Option<serde_json::Value>,
    /// Needs a `Box` to keep a recursive type finite.
    pub boxed: bool,
}

impl Field {
    /// A required, non-null field with no docs, rules or default.
    pub fn new(name: impl Into<String>, wire_name: impl Into<String>, ty: Ty) -> Self {
        Field {
            name: name.into(),
            wire_name: wire_name.into(),
            ty,
            optional: false,
            nullable: false,
            docs: None,
            constraints: Constraints::default(),
            default: None,
            boxed: false,
        }
    }
}

/// Rules checked on the client before a request is sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_minimum: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_maximum: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub email: bool,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// PascalCase Rust name.
    pub name: String,
    /// The string on the wire.
    pub wire_name: String,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The member that names the variant, when a discriminator says so (internally tagged).
    /// `None`: untagged, the first variant that decodes wins.
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// PascalCase Rust name.
    pub name: String,
    /// The discriminator value for this variant, when tagged.
    pub tag: Option<String>,
    pub ty: Ty,
}

#[cfg(test)]
mod tests {
    use super::Location;

    #[test]
    fn child_pointers_escape_as_rfc_6901_says() {
        let at = Location::new("spec.json", "").child("paths").child("/v1/a~b").child(3);
        assert_eq!(at.pointer, "/paths/~1v1~1a~0b/3");
    }
}
