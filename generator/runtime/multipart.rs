//! `multipart/form-data` bodies, encoded to bytes so that a request stays a plain
//! `http::Request<Vec<u8>>` that can be inspected, logged and retried.

/// One part of a multipart form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Present for file parts.
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// The content of a file part: its name, type and bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

impl FilePart {
    /// A file with its name and content type (`application/octet-stream` when unknown).
    pub fn new(filename: impl Into<String>, content_type: impl Into<String>, data: impl Into<Vec<u8>>) -> FilePart {
        FilePart { filename: filename.into(), content_type: content_type.into(), data: data.into() }
    }
}

/// A multipart form: text and file parts in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// The boundary starts with this and gets a number appended until no part contains it; being
/// deterministic, the same form always gives the same bytes.
const BOUNDARY: &str = "----rust-generated-form-boundary";

/// Quotes and line breaks cannot appear in a quoted header parameter; browsers percent-encode
/// them, and so do we.
fn escape(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Multipart {
        self.parts.push(Part { name: name.into(), filename: None, content_type: None, data: value.into().into_bytes() });
        self
    }

    /// Adds a file field.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Multipart {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// Adds a file field from a [`FilePart`].
    pub fn file_part(self, name: impl Into<String>, file: &FilePart) -> Multipart {
        self.file(name, file.filename.clone(), file.content_type.clone(), file.data.clone())
    }

    /// Adds a part as it is.
    pub fn part(mut self, part: Part) -> Multipart {
        self.parts.push(part);
        self
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The content type (with its boundary) and the encoded body.
    pub fn encode(&self) -> (String, Vec<u8>) {
        let mut boundary = BOUNDARY.to_owned();
        let mut counter = 0u32;
        while self.parts.iter().any(|part| contains(&part.data, boundary.as_bytes())) {
            counter += 1;
            boundary = format!("{BOUNDARY}{counter}");
        }
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", escape(&part.name));
            if let Some(filename) = &part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", escape(filename)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                let content_type = escape(content_type);
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
