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

/// A `multipart/form-data` body under construction: text fields and files.
#[derive(Default)]
pub(crate) struct Multipart {
    /// (field name, file name for files, content).
    parts: Vec<(String, Option<String>, Vec<u8>)>,
}

impl Multipart {
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
        self.parts.push((name.to_owned(), None, text.into_bytes()));
        Ok(())
    }

    /// A file field, sent as `application/octet-stream`.
    pub(crate) fn file(&mut self, name: &str, bytes: &[u8]) {
        self.parts
            .push((name.to_owned(), Some(name.to_owned()), bytes.to_vec()));
    }

    /// The encoded body, with a boundary that occurs in no part. (A
    /// `Result` like every body encoder, so callers treat them alike.)
    pub(crate) fn finish(self) -> Result<Body, Error> {
        let mut seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let boundary = loop {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let candidate = format!("openapi-rustgen-{seed:016x}");
            let clashes = self.parts.iter().any(|(name, _, content)| {
                name.contains(&candidate)
                    || content
                        .windows(candidate.len())
                        .any(|w| w == candidate.as_bytes())
            });
            if !clashes {
                break candidate;
            }
        };
        let mut bytes = Vec::new();
        for (name, file, content) in &self.parts {
            // Quotes and line breaks in names cannot break the part headers.
            let name = name.replace(['"', '\r', '\n'], "_");
            bytes.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"")
                    .as_bytes(),
            );
            if let Some(file) = file {
                let file = file.replace(['"', '\r', '\n'], "_");
                bytes.extend_from_slice(
                    format!("; filename=\"{file}\"\r\nContent-Type: application/octet-stream")
                        .as_bytes(),
                );
            }
            bytes.extend_from_slice(b"\r\n\r\n");
            bytes.extend_from_slice(content);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok(Body {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes,
        })
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
