//! Parameter values on the wire: path segments, query strings, cookies.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::Error;
use super::body::whole_numbers_as_integers;

/// Characters left as they are in path segments and query values: RFC 3986
/// unreserved only, so `/`, `?`, `#`, `%`, `&`, `=` and `,` in a value can
/// never change the URL's shape.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends one percent-encoded path segment. Empty, `.` and `..` values are
/// refused: URL parsers treat `.`/`..` (even encoded as `%2E`) as dot
/// segments and an empty one as `//`, so they would change which resource
/// the request reaches.
pub(crate) fn push_segment(path: &mut String, name: &str, value: &str) -> Result<(), Error> {
    if matches!(value, "" | "." | "..") {
        return Err(Error::Config(format!(
            "path parameter `{name}` cannot be {value:?}"
        )));
    }
    path.extend(utf8_percent_encode(value, UNRESERVED));
    Ok(())
}

/// A query string under construction.
#[derive(Debug, Default)]
pub(crate) struct Query(String);

impl Query {
    /// `name=value`.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        self.start(name);
        self.0.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// An array: `name=a&name=b` when `explode`, else `name=a,b` (OpenAPI
    /// `style: form`).
    pub(crate) fn push_list<I>(&mut self, name: &str, values: I, explode: bool)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut first = true;
        for value in values {
            if explode || first {
                self.start(name);
            } else {
                self.0.push(',');
            }
            first = false;
            self.0
                .extend(utf8_percent_encode(value.as_ref(), UNRESERVED));
        }
    }

    /// A `style: deepObject` parameter (OpenAPI defines it for objects of
    /// scalars; the rest follows what Stripe's own libraries send): each
    /// scalar inside the value as `name[key]=text`, one bracket pair per
    /// level (`name[a][b]`), array items by index (`name[key][0]`, which
    /// keeps the items of an array of objects apart); a value that is a
    /// scalar itself (a union's scalar alternative) as `name=text`; nulls
    /// left out. Strings as they are, numbers and booleans as JSON writes
    /// them, a whole number without `.0`. Brackets are percent-encoded with
    /// the rest of the key, as OpenAPI's examples show them.
    pub(crate) fn push_deep<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let mut value = serde_json::to_value(value).map_err(|e| {
            Error::Config(format!(
                "query parameter `{name}` cannot be serialised: {e}"
            ))
        })?;
        whole_numbers_as_integers(&mut value);
        self.push_nested(&mut name.to_owned(), &value);
        Ok(())
    }

    /// One pair per scalar inside `value`, under `key` with the path to it
    /// appended (and taken off again, so `key` is reused as it grows).
    fn push_nested(&mut self, key: &mut String, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::String(s) => self.push(key, s),
            Value::Bool(_) | Value::Number(_) => self.push(key, &value.to_string()),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.push_under(key, &i.to_string(), item);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    self.push_under(key, k, item);
                }
            }
        }
    }

    /// [`Self::push_nested`] for `item`, under `key[part]`.
    fn push_under(&mut self, key: &mut String, part: &str, item: &serde_json::Value) {
        let len = key.len();
        key.push('[');
        key.push_str(part);
        key.push(']');
        self.push_nested(key, item);
        key.truncate(len);
    }

    /// The encoded text, without the `?`.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    fn start(&mut self, name: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.extend(utf8_percent_encode(name, UNRESERVED));
        self.0.push('=');
    }
}

/// The `Cookie` header under construction: `name=value; name2=value2`,
/// values percent-encoded so they cannot end the pair or the header.
#[derive(Debug, Default)]
pub(crate) struct Cookies(Vec<String>);

impl Cookies {
    /// Adds `name=value`.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        let value: String = utf8_percent_encode(value, UNRESERVED).collect();
        self.0.push(format!("{name}={value}"));
    }

    /// The header value, if any cookie was added.
    pub(crate) fn header(self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.join("; "))
    }
}

/// The wire text of a parameter that is a union of scalars: strings as
/// they are, numbers and booleans as written in JSON.
pub(crate) fn param_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape() {
        let mut p = String::new();
        push_segment(&mut p, "id", "a/../b").unwrap();
        assert_eq!(p, "a%2F..%2Fb");
        let mut p = String::new();
        push_segment(&mut p, "id", "x?y#z%20 é").unwrap();
        assert_eq!(p, "x%3Fy%23z%2520%20%C3%A9");
        for bad in ["", ".", ".."] {
            let err = push_segment(&mut p, "id", bad).unwrap_err();
            assert!(
                err.to_string().contains("path parameter `id` cannot be"),
                "{err}"
            );
        }
    }

    #[test]
    fn query_lists_follow_style() {
        let mut q = Query::default();
        q.push_list(
            "filters",
            ["device_info".to_owned(), "events".to_owned()],
            false,
        );
        q.push("flag", "true");
        q.push_list("tag", ["a,b".to_owned(), "c&d".to_owned()], true);
        assert_eq!(
            q.as_str(),
            "filters=device_info,events&flag=true&tag=a%2Cb&tag=c%26d"
        );
    }

    #[test]
    fn deep_objects_nest_in_brackets() {
        let mut q = Query::default();
        let filter = serde_json::json!({
            "range": {"gt": 5, "lte": 9.0},
            "tags": ["a b", "c&d"],
            "lines": [{"id": "x"}],
            "skipped": null,
            "on": true,
        });
        q.push_deep("filter", &filter).unwrap();
        q.push_deep("created", &7).unwrap();
        q.push_deep("blank", &"").unwrap();
        q.push_deep("none", &serde_json::Value::Null).unwrap();
        let expected = [
            "filter%5Brange%5D%5Bgt%5D=5",
            "filter%5Brange%5D%5Blte%5D=9",
            "filter%5Btags%5D%5B0%5D=a%20b",
            "filter%5Btags%5D%5B1%5D=c%26d",
            "filter%5Blines%5D%5B0%5D%5Bid%5D=x",
            "filter%5Bon%5D=true",
            "created=7",
            "blank=",
        ];
        assert_eq!(q.as_str(), expected.join("&"));
    }

    #[test]
    fn union_parameters_as_text() {
        assert_eq!(param_text(&"name"), "name");
        assert_eq!(param_text(&7), "7");
        assert_eq!(param_text(&true), "true");
    }

    #[test]
    fn cookies_are_one_header() {
        assert_eq!(Cookies::default().header(), None);
        let mut c = Cookies::default();
        c.push("session", "a b;c");
        c.push("theme", "dark");
        assert_eq!(c.header().as_deref(), Some("session=a%20b%3Bc; theme=dark"));
    }
}
