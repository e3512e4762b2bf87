//! JSON pointers (RFC 6901) into the source document: every diagnostic says where.

use std::fmt;

/// A location in the OpenAPI document, printed as `#/paths/~1pets/get`.
///
/// A location in another file of a multi-file document names that file
/// first (`schemas/pet.yaml#/Pet`); in the document given to `generate`
/// it names none.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct JsonPointer {
    /// The file, relative to the document's folder, when not the document.
    file: Option<String>,
    tokens: Vec<String>,
}

impl JsonPointer {
    /// The document root (`#`).
    pub fn root() -> Self {
        Self::default()
    }

    /// Parses the fragment of a local `$ref` (`#/components/schemas/Pet`).
    /// Returns `None` for references that are not local to the document.
    pub fn from_ref(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix('#')?;
        if rest.is_empty() {
            return Some(Self::root());
        }
        let rest = rest.strip_prefix('/')?;
        let tokens = rest
            .split('/')
            .map(|t| percent_decode(t).replace("~1", "/").replace("~0", "~"))
            .collect();
        Some(Self { file: None, tokens })
    }

    /// This pointer extended by one reference token.
    pub fn push(&self, token: impl Into<String>) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(token.into());
        Self {
            file: self.file.clone(),
            tokens,
        }
    }

    /// The same place, in the file `file` (relative to the document's
    /// folder) of a multi-file document.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The file this pointer is in, when it is not the document itself.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Looks this pointer up in a JSON value.
    pub fn resolve<'a>(&self, value: &'a serde_json::Value) -> Option<&'a serde_json::Value> {
        self.tokens.iter().try_fold(value, |v, t| match v {
            serde_json::Value::Object(map) => map.get(t),
            serde_json::Value::Array(items) => t.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
    }

    /// [`Self::resolve`], for changing the value found.
    pub fn resolve_mut<'a>(
        &self,
        value: &'a mut serde_json::Value,
    ) -> Option<&'a mut serde_json::Value> {
        self.tokens.iter().try_fold(value, |v, t| match v {
            serde_json::Value::Object(map) => map.get_mut(t),
            serde_json::Value::Array(items) => {
                t.parse::<usize>().ok().and_then(|i| items.get_mut(i))
            }
            _ => None,
        })
    }
}

/// `$ref`s may percent-encode characters (`%7B` for `{`).
pub(crate) fn percent_decode(token: &str) -> String {
    if !token.contains('%') {
        return token.to_owned();
    }
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            f.write_str(file)?;
        }
        f.write_str("#")?;
        for t in &self.tokens {
            write!(f, "/{}", t.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

impl From<JsonPointer> for String {
    fn from(p: JsonPointer) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_round_trips() {
        let p = JsonPointer::root()
            .push("paths")
            .push("/pets/{id}")
            .push("get");
        assert_eq!(p.to_string(), "#/paths/~1pets~1{id}/get");
        assert_eq!(JsonPointer::from_ref(&p.to_string()), Some(p));
    }

    #[test]
    fn decodes_percent_escapes_and_rejects_remote_refs() {
        let p = JsonPointer::from_ref("#/paths/~1a~1%7Bid%7D").unwrap();
        assert_eq!(p.tokens(), ["paths", "/a/{id}"]);
        assert_eq!(JsonPointer::from_ref("other.yaml#/x"), None);
        assert_eq!(
            JsonPointer::from_ref("#/a/%zz").unwrap().tokens(),
            ["a", "%zz"]
        );
        assert_eq!(
            JsonPointer::from_ref("#/a/%4").unwrap().tokens(),
            ["a", "%4"]
        );
    }

    #[test]
    fn names_its_file() {
        let p = JsonPointer::from_ref("#/Pet")
            .unwrap()
            .in_file("schemas/pet.yaml")
            .push("properties");
        assert_eq!(p.to_string(), "schemas/pet.yaml#/Pet/properties");
        assert_eq!(p.file(), Some("schemas/pet.yaml"));
        assert_eq!(JsonPointer::root().file(), None);
    }

    #[test]
    fn resolves_into_values() {
        let v = serde_json::json!({"a": [{"b~c": 1}]});
        let p = JsonPointer::from_ref("#/a/0/b~0c").unwrap();
        assert_eq!(p.resolve(&v), Some(&serde_json::json!(1)));
        assert_eq!(JsonPointer::from_ref("#/a/9").unwrap().resolve(&v), None);
    }
}
