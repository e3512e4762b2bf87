//! Every Rust name the generator emits is made here, from untrusted spec text.
//!
//! The functions always return a valid, non-keyword Rust identifier (ASCII
//! `[A-Za-z_][A-Za-z0-9_]*`), so emitters can build `Ident`s without checks.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The environment variable `Client::from_env` reads `what` from:
/// `{PREFIX}_{WHAT}` (`CLOUDFLARE` + `api_token` → `CLOUDFLARE_API_TOKEN`).
pub fn env_var(prefix: &str, what: &str) -> String {
    use heck::ToShoutySnakeCase;
    format!("{prefix}_{}", what.to_shouty_snake_case())
}

/// Strict, reserved and edition-2024 keywords. `self`/`Self`/`super`/`crate`
/// cannot be raw identifiers, so we never use `r#` and add a `_` instead.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Spells out punctuation so that enum values such as `<=` or `*` still get
/// a meaningful variant name.
fn spell_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '<' => "Lt",
        '>' => "Gt",
        '=' => "Eq",
        '!' => "Not",
        '*' => "Star",
        '+' => "Plus",
        '-' => "Minus",
        '/' => "Slash",
        '.' => "Dot",
        '~' => "Tilde",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "And",
        '|' => "Or",
        '^' => "Caret",
        '?' => "Question",
        ':' => "Colon",
        ',' => "Comma",
        ';' => "Semicolon",
        '\\' => "Backslash",
        '"' => "Quote",
        '\'' => "Apostrophe",
        '(' => "LParen",
        ')' => "RParen",
        '[' => "LBracket",
        ']' => "RBracket",
        '{' => "LBrace",
        '}' => "RBrace",
        ' ' => "Space",
        _ => return None,
    })
}

/// Keeps ASCII letters and digits; everything else becomes a word break.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

pub(crate) fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// `UpperCamelCase` type name; `fallback` when the text has no letters or digits.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `snake_case` field, method or argument name.
pub fn snake_name(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `{name}_{suffix}` for a snake-case name that may end in the `_` a
/// keyword got (`type_` → `type_null`, not the non-snake `type__null`).
pub(crate) fn with_suffix(name: &str, suffix: &str) -> String {
    format!("{}_{suffix}", name.trim_end_matches('_'))
}

/// Module and Cargo feature name of an operation group (a tag or a path
/// segment): snake case, starting with a letter (crates.io wants feature
/// names to), `other` when the text has no letters or digits.
pub fn group_name(raw: &str) -> String {
    let name = snake_name(raw, "other");
    if name.starts_with('_') {
        format!("tag{name}")
    } else {
        name
    }
}

/// Enum variant for a wire value: words if it has any, else its symbols
/// spelled out (`<=` → `LtEq`), else `Empty`.
pub fn variant_name(value: &str) -> String {
    let name = words(value).to_upper_camel_case();
    if !name.is_empty() {
        return if name.starts_with(|c: char| c.is_ascii_digit()) {
            format!("V{name}")
        } else if is_keyword(&name) {
            format!("{name}_")
        } else {
            name
        };
    }
    let spelled: String = value.chars().filter_map(spell_symbol).collect();
    if spelled.is_empty() {
        "Empty".to_owned()
    } else {
        spelled
    }
}

/// Hands out names unique within one scope (a module, a struct, an enum),
/// adding `2`, `3`, … (or `_2` for snake case) on a clash. A keyword's
/// trailing `_` gives way to the suffix (`self_` → `self_2`, `Self_` →
/// `Self2`), so the result keeps its case style.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// The next suffix to try per clashing name, so that thousands of
    /// values spelled alike stay linear instead of retrying 2, 3, … each time.
    next_suffix: std::collections::HashMap<String, usize>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next_suffix: std::collections::HashMap::new(),
        }
    }

    /// `name` if free, else the first free `name{sep}{n}`, n ≥ 2. Reserves it.
    pub fn claim(&mut self, name: &str) -> String {
        // Type and variant names start upper case; everything else is snake case.
        let sep = if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let base = match name.trim_end_matches('_') {
            "" => name,
            trimmed => trimmed,
        };
        let mut candidate = name.to_owned();
        let mut n = self.next_suffix.get(name).copied().unwrap_or(2);
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{sep}{n}");
            n += 1;
        }
        if candidate != name {
            self.next_suffix.insert(name.to_owned(), n);
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let cases = [
            ("peer_event", "PeerEvent"),
            ("SessionParticipant", "SessionParticipant"),
            ("io.k8s.api.Pod", "IoK8sApiPod"),
            ("1st-thing", "T1stThing"),
            ("Self", "Self_"),
            ("", "Fallback"),
            ("日本", "Fallback"),
        ];
        for (raw, want) in cases {
            assert_eq!(type_name(raw, "Fallback"), want, "{raw}");
        }
    }

    #[test]
    fn field_names() {
        let cases = [
            ("joinedAt", "joined_at"),
            ("type", "type_"),
            ("self", "self_"),
            ("$ref", "ref_"),
            ("@id", "id"),
            ("1st", "_1st"),
            ("foo-bar", "foo_bar"),
            ("gen", "gen_"),
            ("", "field"),
        ];
        for (raw, want) in cases {
            assert_eq!(snake_name(raw, "field"), want, "{raw}");
        }
    }

    #[test]
    fn group_names() {
        let cases = [
            ("Meetings", "meetings"),
            ("Active Session", "active_session"),
            ("1st", "tag_1st"),
            ("type", "type_"),
            ("", "other"),
            ("日本", "other"),
        ];
        for (raw, want) in cases {
            assert_eq!(group_name(raw), want, "{raw}");
        }
    }

    #[test]
    fn variant_names() {
        let cases = [
            ("PEER_CREATED", "PeerCreated"),
            ("joinedAt", "JoinedAt"),
            ("in-progress", "InProgress"),
            ("<=", "LtEq"),
            ("*", "Star"),
            ("", "Empty"),
            ("1h", "V1h"),
            ("StartTime<", "StartTime"),
            ("self", "Self_"),
        ];
        for (raw, want) in cases {
            assert_eq!(variant_name(raw), want, "{raw}");
        }
    }

    #[test]
    fn scope_dedupes() {
        let mut s = Scope::with_reserved(&["Client"]);
        assert_eq!(s.claim("Client"), "Client2");
        assert_eq!(s.claim("foo_bar"), "foo_bar");
        assert_eq!(s.claim("foo_bar"), "foo_bar_2");
        assert_eq!(s.claim("Asc"), "Asc");
        assert_eq!(s.claim("Asc"), "Asc2");
        assert_eq!(s.claim("Self_"), "Self_");
        assert_eq!(s.claim("Self_"), "Self2");
        assert_eq!(s.claim("Self_"), "Self3");
        for i in 2..2000 {
            assert_eq!(
                s.claim("Value"),
                if i == 2 {
                    "Value".to_owned()
                } else {
                    format!("Value{}", i - 1)
                }
            );
        }
    }

    /// rustc's `non_snake_case` / `non_camel_case_types` rules, near enough:
    /// ignoring leading and trailing `_`, no `__`, no upper case in snake
    /// names, no `_` in camel ones.
    fn is_clean(name: &str, snake: bool) -> bool {
        let body = name.trim_matches('_');
        !body.contains("__")
            && if snake {
                !name.chars().any(|c| c.is_ascii_uppercase())
            } else {
                name.starts_with(|c: char| c.is_ascii_uppercase()) && !body.contains('_')
            }
    }

    #[test]
    fn collision_suffixes_keep_the_case_style() {
        let mut fields = Scope::default();
        let claimed: Vec<String> = [
            "self", "Self", "type", "Type", "1st", "_1st", "fooBar", "foo_bar",
        ]
        .iter()
        .map(|raw| fields.claim(&snake_name(raw, "field")))
        .collect();
        assert_eq!(
            claimed,
            [
                "self_",
                "self_2",
                "type_",
                "type_2",
                "_1st",
                "_1st_2",
                "foo_bar",
                "foo_bar_2"
            ]
        );
        let mut types = Scope::default();
        let claimed: Vec<String> = ["Self", "self", "Self", "ASC", "asc", "1st", "First"]
            .iter()
            .map(|raw| types.claim(&type_name(raw, "Type")))
            .collect();
        assert_eq!(
            claimed,
            ["Self_", "Self2", "Self3", "Asc", "Asc2", "T1st", "First"]
        );
        let mut variants = Scope::default();
        let claimed: Vec<String> = ["self", "Self", "<=", "<="]
            .iter()
            .map(|raw| variants.claim(&variant_name(raw)))
            .collect();
        assert_eq!(claimed, ["Self_", "Self2", "LtEq", "LtEq2"]);
        // Whatever the input, repeated claims stay clean and unique.
        for raw in [
            "self", "Self", "crate", "gen", "x_", "_", "9", "a__b", "ABC_def",
        ] {
            let mut snake = Scope::default();
            let mut camel = Scope::default();
            for _ in 0..3 {
                let s = snake.claim(&snake_name(raw, "field"));
                assert!(is_clean(&s, true), "{raw} → {s}");
                let c = camel.claim(&type_name(raw, "Type"));
                assert!(is_clean(&c, false), "{raw} → {c}");
            }
        }
    }
}
