//! Request body encoders: JSON, `application/x-www-form-urlencoded`,
//! `multipart/form-data`, and bodies sent as given.

use std::time::SystemTime;

use reqwest::header::HeaderValue;

use super::{Error, Query};

/// A serialised request body and its media type.
pub(crate) struct Body {
    pub(super) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

/// A body sent as given, with its media type.
pub(crate) fn raw(content_type: &str, bytes: &[u8]) -> Result<Body, Error> {
    if HeaderValue::from_str(content_type).is_err() {
        return Err(Error::Config(format!(
            "`{content_type}` is not a valid content type"
        )));
    }
    Ok(Body {
        content_type: content_type.to_owned(),
        bytes: bytes.to_vec(),
    })
}

/// A JSON request body, with the properties added by `extra_body` (which
/// replace declared ones of the same name).
pub(crate) fn to_json<T: serde::Serialize>(
    body: &T,
    extra: &[(String, serde_json::Value)],
) -> Result<Body, Error> {
    let unserialisable =
        |e: serde_json::Error| Error::Config(format!("request body cannot be serialised: {e}"));
    let mut value = serde_json::to_value(body).map_err(unserialisable)?;
    whole_numbers_as_integers(&mut value);
    if !extra.is_empty() {
        let serde_json::Value::Object(object) = &mut value else {
            return Err(Error::Config(
                "extra body properties need a JSON object body".to_owned(),
            ));
        };
        for (name, value) in extra {
            object.insert(name.clone(), value.clone());
        }
    }
    Ok(Body {
        content_type: "application/json".to_owned(),
        bytes: serde_json::to_vec(&value).map_err(unserialisable)?,
    })
}

/// `60` rather than `60.0` for a `number` that holds a whole value, as
/// the official SDKs write it: a server that reads the property into an
/// integer (documents often say `number` for counts) refuses `60.0`.
/// Beyond 2^53 a float is not exact as an integer, so it stays as it is.
pub(super) fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                    // Exact: a whole float below 2^53 is an exact i64.
                    *value = serde_json::Value::from(f as i64);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// An `application/x-www-form-urlencoded` request body: each property is a
/// field; arrays repeat the field (`style: form`, `explode: true`), nested
/// objects use brackets (`meta[key]=value`), nulls are left out.
pub(crate) fn to_form<T: serde::Serialize>(body: &T) -> Result<Body, Error> {
    let value = serde_json::to_value(body)
        .map_err(|e| Error::Config(format!("request body cannot be serialised: {e}")))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(Error::Config("a form body must be an object".to_owned()));
    };
    let mut form = Query::default();
    for (name, value) in &fields {
        push_form_value(&mut form, name, value);
    }
    Ok(Body {
        content_type: "application/x-www-form-urlencoded".to_owned(),
        bytes: form.as_str().as_bytes().to_vec(),
    })
}

/// The parts of a `multipart/form-data` body whose document names none (a
/// free-form object, or no schema at all): the caller names each part and
/// gives its content. Parts are sent in the order they are added; a name
/// may repeat.
///
/// ```ignore
/// let parts = MultipartParts::new()
///     .json("metadata", serde_json::json!({"main_module": "worker.js"}))
///     .file("worker.js", "worker.js", "application/javascript+module", script);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MultipartParts {
    parts: Vec<Part>,
}

impl MultipartParts {
    /// No parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A part holding `value` as JSON text, sent as `application/json`.
    #[must_use]
    pub fn json(self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        let content = value.into().to_string().into_bytes();
        self.with(Part {
            name: name.into(),
            file_name: None,
            content_type: Some("application/json".to_owned()),
            content,
        })
    }

    /// A text part, with no content type of its own (`text/plain`, by the
    /// multipart rules).
    #[must_use]
    pub fn text(self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.with(Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            content: text.into().into_bytes(),
        })
    }

    /// A file part: the file's name and media type, and its bytes. A media
    /// type that is not a valid header value fails the request when it is
    /// sent.
    #[must_use]
    pub fn file(
        self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        self.with(Part {
            name: name.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            content: bytes.into(),
        })
    }

    /// How many parts there are.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there are no parts.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    fn with(mut self, part: Part) -> Self {
        self.parts.push(part);
        self
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
struct Part {
    name: String,
    /// Set for files.
    file_name: Option<String>,
    /// Left out for text fields.
    content_type: Option<String>,
    content: Vec<u8>,
}

/// A `multipart/form-data` body under construction: text fields and files.
#[derive(Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
}

impl Multipart {
    /// The body made of the parts a caller named.
    pub(crate) fn of(parts: &MultipartParts) -> Self {
        Self {
            parts: parts.parts.clone(),
        }
    }

    /// A text field: strings as they are, other values as JSON text.
    pub(crate) fn value<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let text = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => {
                return Err(Error::Config(format!(
                    "field `{name}` cannot be serialised: {e}"
                )));
            }
        };
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            content: text.into_bytes(),
        });
        Ok(())
    }

    /// A file field, sent as `application/octet-stream`.
    pub(crate) fn file(&mut self, name: &str, bytes: &[u8]) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(name.to_owned()),
            content_type: Some("application/octet-stream".to_owned()),
            content: bytes.to_vec(),
        });
    }

    /// The encoded body, with a boundary that occurs in no part. (A
    /// `Result` like every body encoder, so callers treat them alike.)
    pub(crate) fn finish(self) -> Result<Body, Error> {
        let boundary = self.boundary();
        let mut bytes = Vec::new();
        for part in &self.parts {
            // Quotes and line breaks in names cannot break the part headers.
            let name = part.name.replace(['"', '\r', '\n'], "_");
            bytes.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"")
                    .as_bytes(),
            );
            if let Some(file) = &part.file_name {
                let file = file.replace(['"', '\r', '\n'], "_");
                bytes.extend_from_slice(format!("; filename=\"{file}\"").as_bytes());
            }
            if let Some(content_type) = &part.content_type {
                // A header value: no line break can end the part's headers.
                if HeaderValue::from_str(content_type).is_err() {
                    return Err(Error::Config(format!(
                        "`{content_type}` is not a valid content type for part `{name}`"
                    )));
                }
                bytes.extend_from_slice(format!("\r\nContent-Type: {content_type}").as_bytes());
            }
            bytes.extend_from_slice(b"\r\n\r\n");
            bytes.extend_from_slice(&part.content);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok(Body {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes,
        })
    }

    /// A boundary that occurs in no part's name or content.
    fn boundary(&self) -> String {
        let mut seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        loop {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let candidate = format!("openapi-rustgen-{seed:016x}");
            let clashes = self.parts.iter().any(|part| {
                part.name.contains(&candidate)
                    || part
                        .content
                        .windows(candidate.len())
                        .any(|w| w == candidate.as_bytes())
            });
            if !clashes {
                return candidate;
            }
        }
    }
}

fn push_form_value(form: &mut Query, name: &str, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::String(s) => form.push(name, s),
        Value::Bool(_) | Value::Number(_) => form.push(name, &value.to_string()),
        Value::Array(items) => items
            .iter()
            .for_each(|item| push_form_value(form, name, item)),
        Value::Object(map) => {
            for (key, item) in map {
                push_form_value(form, &format!("{name}[{key}]"), item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies() {
        let mut form = Multipart::default();
        form.value("purpose", &"fine-tune").unwrap();
        form.value("count", &3).unwrap();
        form.file("file", b"\x00\x01bytes");
        let body = form.finish().unwrap();
        let boundary = body
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        let text = String::from_utf8_lossy(&body.bytes).into_owned();
        assert!(text.starts_with(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
        )));
        assert!(text.contains("name=\"count\"\r\n\r\n3\r\n"));
        assert!(text.contains("name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}bytes\r\n"));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
    }

    #[test]
    fn parts_the_caller_names() {
        let parts = MultipartParts::new()
            .json("metadata", serde_json::json!({"main_module": "worker.js"}))
            .text("note", "first")
            .file(
                "worker.js",
                "worker.js",
                "application/javascript+module",
                b"export default {}".to_vec(),
            );
        assert_eq!(parts.len(), 3);
        let body = Multipart::of(&parts).finish().unwrap();
        let text = String::from_utf8(body.bytes).unwrap();
        assert!(text.contains("name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{\"main_module\":\"worker.js\"}\r\n"));
        assert!(text.contains("name=\"note\"\r\n\r\nfirst\r\n"));
        assert!(text.contains("name=\"worker.js\"; filename=\"worker.js\"\r\nContent-Type: application/javascript+module\r\n\r\nexport default {}\r\n"));
        let injected = MultipartParts::new().file("f", "f", "text/plain\r\nX-Evil: 1", "x");
        let err = Multipart::of(&injected).finish().err().unwrap();
        assert!(
            err.to_string().contains("not a valid content type"),
            "{err}"
        );
    }

    #[test]
    fn form_bodies() {
        #[derive(serde::Serialize)]
        struct Message {
            to: &'static str,
            body: &'static str,
            events: Vec<&'static str>,
            meta: serde_json::Value,
            skipped: Option<u8>,
            count: u8,
        }
        let m = Message {
            to: "+1 555",
            body: "a&b=c",
            events: vec!["sent", "failed"],
            meta: serde_json::json!({"k": true}),
            skipped: None,
            count: 2,
        };
        let body = to_form(&m).unwrap();
        assert_eq!(body.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            String::from_utf8(body.bytes).unwrap(),
            "to=%2B1%20555&body=a%26b%3Dc&events=sent&events=failed&meta%5Bk%5D=true&count=2"
        );
        assert!(to_form(&[1, 2]).is_err());
    }
}
