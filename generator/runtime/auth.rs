//! Credentials: secrets that never show in `Debug`, and how each scheme goes on a request.

use std::fmt;

use base64::Engine;
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::Error;

/// A secret string (a token, a password, an API key). Its `Debug` prints `***`, so a client,
/// a config or a credential can be logged without leaking it; [`Secret::expose`] is the one way
/// to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

/// How one authentication scheme puts its secret on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: Secret },
    /// A header carrying the secret as is (an API key, or a filled-in header template).
    Header { name: String, value: Secret },
    /// A query parameter carrying the secret.
    Query { name: String, value: Secret },
}

impl Credential {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Credential {
        Credential::Bearer(Secret::new(token))
    }

    /// `Authorization: Basic base64(username:password)`.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Credential {
        Credential::Basic { username: username.into(), password: Secret::new(password) }
    }

    /// The header `name` carrying `value` as is.
    pub fn header(name: &str, value: impl Into<String>) -> Credential {
        Credential::Header { name: name.to_owned(), value: Secret::new(value) }
    }

    /// The query parameter `name` carrying `value`.
    pub fn query(name: &str, value: impl Into<String>) -> Credential {
        Credential::Query { name: name.to_owned(), value: Secret::new(value) }
    }
}

/// What kind of scheme an operation's authentication is, as documented: which credential it
/// takes and where that goes on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// An API key in the named header.
    ApiKeyHeader { name: &'static str },
    /// An API key in the named query parameter.
    ApiKeyQuery { name: &'static str },
    /// A header built from several secrets (a Postman header template).
    HeaderTemplate { name: &'static str },
    /// OAuth 2.0, any flow: the access token goes in `Authorization: Bearer <token>`.
    OAuth2,
    /// OpenID Connect: the token goes in `Authorization: Bearer <token>`.
    OpenIdConnect,
}

/// One authentication scheme of an API: the name its credential is set under, and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthScheme {
    pub name: &'static str,
    pub kind: AuthKind,
}

/// The credentials a client holds, one per scheme name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    entries: Vec<(String, Credential)>,
}

impl Credentials {
    /// No credentials.
    pub fn new() -> Credentials {
        Credentials::default()
    }

    /// Sets (or replaces) the credential of `scheme`.
    pub fn set(&mut self, scheme: &str, credential: Credential) {
        match self.entries.iter_mut().find(|(name, _)| name == scheme) {
            Some(entry) => entry.1 = credential,
            None => self.entries.push((scheme.to_owned(), credential)),
        }
    }

    /// Fails when a credential is set under a name that is none of `schemes`: it would never be
    /// sent, and a misspelt scheme name must not pass silently.
    pub fn check_schemes(&self, schemes: &[AuthScheme]) -> Result<(), Error> {
        match self.entries.iter().find(|(name, _)| !schemes.iter().any(|scheme| scheme.name == name)) {
            None => Ok(()),
            Some((name, _)) => {
                let known: Vec<&str> = schemes.iter().map(|scheme| scheme.name).collect();
                Err(Error::Config {
                    message: format!("no authentication scheme is named {name:?}; this API has {known:?}"),
                })
            }
        }
    }

    /// The credential of `scheme`, when one is set.
    pub fn get(&self, scheme: &str) -> Option<&Credential> {
        self.entries.iter().find(|(name, _)| name == scheme).map(|(_, credential)| credential)
    }

    /// Authenticates `request` with the first of `schemes` (an operation's accepted schemes, in
    /// order of preference) that has a credential. With none set, the request is left alone and
    /// the server decides. Header values are marked sensitive, so `Debug` of the request hides
    /// them too.
    pub fn apply(&self, schemes: &[AuthScheme], request: &mut http::Request<Vec<u8>>) -> Result<(), Error> {
        let Some(credential) = schemes.iter().find_map(|scheme| self.get(scheme.name)) else { return Ok(()) };
        match credential {
            Credential::Bearer(token) => insert(request, AUTHORIZATION.as_str(), &format!("Bearer {}", token.expose())),
            Credential::Basic { username, password } => {
                let pair = format!("{username}:{}", password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                insert(request, AUTHORIZATION.as_str(), &format!("Basic {encoded}"))
            }
            Credential::Header { name, value } => insert(request, name, value.expose()),
            Credential::Query { name, value } => super::encode::append_query(request, name, value.expose()),
        }
    }
}

fn insert(request: &mut http::Request<Vec<u8>>, name: &str, value: &str) -> Result<(), Error> {
    let invalid = |message: &str| Error::InvalidHeader { name: name.to_owned(), message: message.to_owned() };
    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("not a valid header name"))?;
    let mut header_value = HeaderValue::from_bytes(value.as_bytes())
        .map_err(|_| invalid("the credential contains a control character"))?;
    header_value.set_sensitive(true);
    request.headers_mut().insert(header_name, header_value);
    Ok(())
}
