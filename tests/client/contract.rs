//! Contract tests against Prism (from the committed `package-lock.json`;
//! `cargo xtask test` installs it with `npm ci`).
//!
//! The official SDK's tests, ported and made to check something: for every
//! operation, the two calls cloudflare-typescript's
//! `tests/api-resources/realtime-kit/*.test.ts` make ("only required params"
//! and "required and optional params", with the same values; `contract/`
//! holds them, one file per group), each sent twice:
//!
//! - to a recorder (wiremock answering `{}`), which checks the request on
//!   the wire against what the official test sends: method, path, query
//!   pairs and JSON body;
//! - to Prism serving `spec/openapi.yaml` in dynamic mode, which refuses a
//!   request that breaks the document and answers with random data that
//!   must decode with no deviation, strictly too, several times over.
//!
//! The official tests only check that a call succeeds, and are all skipped
//! upstream (Prism refused their credentials). Every operation in
//! `generated/api-surface.json` must have both calls, so an operation added
//! to the spec without them fails. Then: Prism refuses requests that break
//! the document (so the checks above can fail), streams walk random pages,
//! and answers from a drifted copy of the document decode with exactly the
//! deviations an independent check finds.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, NaiveDate, Utc};
use cloudflare_realtimekit::{
    ApiResponse, Client, Decode, Deviation, DeviationKind, Error, StreamExt, decode_strict,
};
use integration_tests::root;
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::{Mock, MockServer, ResponseTemplate};
use xtask::prism::Prism;

#[path = "contract/active_session.rs"]
mod active_session;
#[path = "contract/analytics.rs"]
mod analytics;
#[path = "contract/apps.rs"]
mod apps;
#[path = "contract/livestreams.rs"]
mod livestreams;
#[path = "contract/meetings.rs"]
mod meetings;
#[path = "contract/presets.rs"]
mod presets;
#[path = "contract/recordings.rs"]
mod recordings;
#[path = "contract/sessions.rs"]
mod sessions;
#[path = "contract/webhooks.rs"]
mod webhooks;

/// The account the official tests use.
pub const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// The placeholder the official tests use for an ID with `format: uuid`.
pub const UUID: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";

/// Prism answers with random data: each call is made this many times.
const PRISM_CALLS: usize = 6;

/// Which of the official test's two calls a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// "only required params".
    RequiredOnly,
    /// "required and optional params".
    All,
}

/// The request the official test sends, as it must appear on the wire.
pub struct Wire {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path below the base URL, percent-encoded as sent.
    pub path: String,
    /// Query pairs in any order (a repeated key is listed once per value).
    pub query: Vec<(&'static str, String)>,
    /// The JSON body, if the call sends one.
    pub body: Option<Value>,
}

impl Wire {
    /// A request without query or body.
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    /// With these query pairs.
    pub fn query(mut self, pairs: &[(&'static str, &str)]) -> Self {
        self.query = pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        self
    }

    /// With this JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// What one response decoded to.
pub struct Observed {
    deviations: Vec<Deviation>,
    strict_ok: bool,
    body: Value,
}

/// A future that sends one call.
pub type Call = Pin<Box<dyn Future<Output = Result<Observed, Error>> + Send>>;

/// One call of the official test.
pub struct Case {
    /// The client method (snake case).
    pub operation: &'static str,
    /// Which of the two calls.
    pub kind: Kind,
    /// What the wire must carry.
    pub wire: Wire,
    /// Builds and sends the call on a client.
    pub call: fn(Client) -> Call,
}

/// The re-encoded body, the deviations, and whether strict decoding of the
/// same bytes succeeds.
pub fn observe<T: Decode + serde::Serialize>(
    result: Result<ApiResponse<T>, Error>,
) -> Result<Observed, Error> {
    let response = result?;
    let bytes = serde_json::to_vec(&response.body).expect("a decoded body re-encodes");
    Ok(Observed {
        strict_ok: decode_strict::<T>(&bytes).is_ok(),
        deviations: response.deviations,
        body: serde_json::from_slice(&bytes).expect("JSON"),
    })
}

/// `case!(method_name, Kind, |client| client.method(...).setter(...), wire)`.
#[macro_export]
macro_rules! case {
    ($op:ident, $kind:ident, |$client:ident| $build:expr, $wire:expr $(,)?) => {
        $crate::Case {
            operation: stringify!($op),
            kind: $crate::Kind::$kind,
            wire: $wire,
            call: |$client| {
                Box::pin(async move { $crate::observe($build.send_with_response().await) })
            },
        }
    };
}

fn all_cases() -> Vec<Case> {
    [
        active_session::cases(),
        analytics::cases(),
        apps::cases(),
        livestreams::cases(),
        meetings::cases(),
        presets::cases(),
        recordings::cases(),
        sessions::cases(),
        webhooks::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn start_prism(label: &str) -> Prism {
    Prism::start(&root(), label).unwrap_or_else(|e| panic!("{e:#}"))
}

fn prism_client(prism: &Prism, token: Option<&str>) -> Client {
    let mut builder = Client::builder().base_url(prism.base_url()).max_retries(0);
    if let Some(token) = token {
        builder = builder.api_token(token);
    }
    builder.build().unwrap()
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_token("sdk-test-token")
        .max_retries(0)
        .build()
        .unwrap()
}

#[test]
fn every_operation_has_both_official_calls() {
    let text = std::fs::read_to_string(root().join("generated/api-surface.json")).unwrap();
    let surface: Value = serde_json::from_str(&text).unwrap();
    let operations: BTreeSet<String> = surface["operations"]
        .as_array()
        .expect("the surface lists operations")
        .iter()
        .map(|op| op["method"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(operations.len(), 59, "the RealtimeKit operations");
    let covered: BTreeSet<(String, Kind)> = all_cases()
        .iter()
        .map(|c| (c.operation.to_owned(), c.kind))
        .collect();
    let mut missing = Vec::new();
    for op in &operations {
        for kind in [Kind::RequiredOnly, Kind::All] {
            if !covered.contains(&(op.clone(), kind)) {
                missing.push(format!("{op} {kind:?}"));
            }
        }
    }
    let unknown: Vec<_> = covered
        .iter()
        .filter(|(op, _)| !operations.contains(op))
        .collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "calls missing: {missing:?}; calls of no operation: {unknown:?}"
    );
    assert_eq!(all_cases().len(), covered.len(), "a call is listed twice");
}

/// Query pairs, decoded and sorted, for comparing regardless of order.
fn query_pairs(url: &reqwest::Url) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test(flavor = "multi_thread")]
async fn every_official_call_sends_what_the_official_test_sends() {
    let recorder = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&recorder)
        .await;
    let client = client(&recorder.uri());
    let mut failures = Vec::new();
    for case in all_cases() {
        recorder.reset().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&recorder)
            .await;
        let label = format!("{} {:?}", case.operation, case.kind);
        if let Err(e) = (case.call)(client.clone()).await {
            failures.push(format!("{label}: the call failed: {e}"));
            continue;
        }
        let received = recorder.received_requests().await.unwrap_or_default();
        let [request] = received.as_slice() else {
            failures.push(format!("{label}: {} requests sent", received.len()));
            continue;
        };
        let wire = &case.wire;
        if request.method.as_str() != wire.method {
            failures.push(format!(
                "{label}: method {} not {}",
                request.method, wire.method
            ));
        }
        if request.url.path() != wire.path {
            failures.push(format!(
                "{label}: path {} not {}",
                request.url.path(),
                wire.path
            ));
        }
        let mut expected: Vec<(String, String)> = wire
            .query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        expected.sort();
        let sent = query_pairs(&request.url);
        if sent != expected {
            failures.push(format!("{label}: query {sent:?} not {expected:?}"));
        }
        let body: Option<Value> = (!request.body.is_empty()).then(|| {
            serde_json::from_slice(&request.body).unwrap_or_else(|_| {
                Value::String(String::from_utf8_lossy(&request.body).into_owned())
            })
        });
        if body != wire.body {
            failures.push(format!(
                "{label}: body {} not {}",
                body.map_or("none".into(), |b| b.to_string()),
                wire.body.as_ref().map_or("none".into(), |b| b.to_string())
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_official_call_is_accepted_by_prism_and_its_answers_decode_cleanly() {
    let prism = start_prism("contract-calls");
    let client = client(&prism.base_url());
    let mut failures = Vec::new();
    let mut bodies = BTreeSet::new();
    for case in all_cases() {
        let label = format!("{} {:?}", case.operation, case.kind);
        for _ in 0..PRISM_CALLS {
            match (case.call)(client.clone()).await {
                Err(e) => {
                    failures.push(format!("{label}: {e}\n{:?}", e.body()));
                    break;
                }
                Ok(o) if !o.deviations.is_empty() || !o.strict_ok => {
                    failures.push(format!(
                        "{label}: a conforming answer reported deviations: {:?}\n{}",
                        o.deviations, o.body
                    ));
                    break;
                }
                Ok(o) => {
                    bodies.insert(o.body.to_string());
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        bodies.len() > 59,
        "Prism runs in dynamic mode, so answers vary ({} distinct)",
        bodies.len()
    );
}

/// Proof that Prism really validates, so the tests above can fail: requests
/// breaking the spec are refused. The bodies are sent by hand, since the
/// client cannot build them.
#[tokio::test(flavor = "multi_thread")]
async fn prism_rejects_requests_that_break_the_spec() {
    let prism = start_prism("contract-reject");
    let unauthenticated = prism_client(&prism, None)
        .get_session_participants(ACCOUNT, "app", integration_tests::session())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        unauthenticated.status().map(|s| s.as_u16()),
        Some(401),
        "{unauthenticated}"
    );

    let negative_page = prism_client(&prism, Some("t"))
        .get_session_participants(ACCOUNT, "app", integration_tests::session())
        .page_no(-1)
        .send()
        .await;
    let err = negative_page.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.is_client_error()),
        "{err}"
    );

    let long_account = "a".repeat(33);
    let err = prism_client(&prism, Some("t"))
        .get_session_participants(long_account, "app", integration_tests::session())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.is_client_error()),
        "maxLength 32 is enforced: {err}"
    );

    let http = reqwest::Client::new();
    let meeting: uuid::Uuid = UUID.parse().unwrap();
    let post = |path: String, body: serde_json::Value| {
        http.post(format!(
            "{}/accounts/{ACCOUNT}/realtime/kit/app{path}",
            prism.base_url()
        ))
        .bearer_auth("t")
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
    };
    let participants = format!("/meetings/{meeting}/participants");
    let complete = serde_json::json!({"preset_name": "host", "custom_participant_id": "u1"});
    let cases = [
        // The control: the same request with every required field passes.
        (participants.clone(), complete, true),
        (
            participants.clone(),
            serde_json::json!({"preset_name": "host"}),
            false,
        ),
        (
            participants,
            serde_json::json!({"custom_participant_id": "u1", "name": "Ada"}),
            false,
        ),
        (
            "/webhooks".to_owned(),
            serde_json::json!({"name": "h", "url": "https://example.com/h"}),
            false,
        ),
        (
            "/webhooks".to_owned(),
            serde_json::json!({"name": "h", "url": "https://example.com/h", "events": ["meeting.exploded"]}),
            false,
        ),
        (
            "/meetings".to_owned(),
            serde_json::json!({"title": "t", "session_keep_alive_time_in_secs": 10}),
            false,
        ),
        (
            "/recordings".to_owned(),
            serde_json::json!({"meeting_id": "not-a-uuid"}),
            false,
        ),
    ];
    for (path, body, valid) in cases {
        let response = post(path.clone(), body.clone()).await.unwrap();
        let status = response.status().as_u16();
        if valid {
            assert!(
                (200..300).contains(&status),
                "POST {path} {body}: a valid body is accepted, got {status}"
            );
        } else {
            assert!(
                matches!(status, 400 | 422),
                "POST {path} {body}: Prism must reject it, got {status}"
            );
        }
    }
}

/// Every paginated operation's stream walks Prism's random pages without
/// error, for both paging shapes (paging beside `data`, and inside it).
#[tokio::test(flavor = "multi_thread")]
async fn streaming_against_random_pages_decodes() {
    let prism = start_prism("contract-stream");
    let client = prism_client(&prism, Some("t"));
    let meeting: uuid::Uuid = UUID.parse().unwrap();
    // Random totals can be huge: take a bounded number of items. A random
    // first page may also be empty, which ends the stream at once.
    macro_rules! walk {
        ($request:expr) => {{
            let items: Vec<_> = $request.per_page(3).stream().take(20).collect().await;
            for item in items {
                item.unwrap_or_else(|e| panic!("{}: {e}", stringify!($request)));
            }
        }};
    }
    walk!(client.get_apps(ACCOUNT));
    walk!(client.get_meetings(ACCOUNT, "app"));
    walk!(client.get_meeting_participants(ACCOUNT, "app", meeting));
    walk!(client.get_presets(ACCOUNT, "app"));
    walk!(client.get_recordings(ACCOUNT, "app"));
    walk!(client.get_sessions(ACCOUNT, "app"));
    walk!(client.get_session_participants(ACCOUNT, "app", integration_tests::session()));
    walk!(client.get_meeting_livestreams(ACCOUNT, "app", meeting));
}

/// `spec/openapi.yaml` loosened the way vendor documents drift from their
/// servers, applied to the schemas responses are generated from (request
/// parameters keep theirs, so Prism still reads our requests): integers
/// become numbers, formats and enums go, booleans may be strings, and no
/// property is required. Written as JSON (which Prism reads as YAML).
fn drift_document() -> std::path::PathBuf {
    fn loosen(schema: &mut serde_json::Value) {
        let Some(map) = schema.as_object_mut() else {
            return;
        };
        if let Some(properties) = map.get_mut("properties").and_then(|p| p.as_object_mut()) {
            properties.values_mut().for_each(loosen);
        }
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = map.get_mut(key) {
                loosen(inner);
            }
        }
        map.remove("format");
        map.remove("enum");
        if map.get("required").is_some_and(serde_json::Value::is_array) {
            map.remove("required");
        }
        match map.get("type").and_then(serde_json::Value::as_str) {
            Some("integer") => {
                map.insert("type".into(), "number".into());
            }
            // Still a boolean in requests (one alternative matches).
            Some("boolean") => {
                map.remove("type");
                map.insert(
                    "oneOf".into(),
                    serde_json::json!([{"type": "boolean"}, {"type": "string"}]),
                );
            }
            _ => {}
        }
    }
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let mut doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    for schema in doc["components"]["schemas"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        loosen(schema);
    }
    for item in doc["paths"].as_object_mut().unwrap().values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                continue;
            };
            for response in responses.values_mut() {
                if let Some(content) = response.get_mut("content").and_then(|c| c.as_object_mut()) {
                    for media in content.values_mut() {
                        if let Some(schema) = media.get_mut("schema") {
                            loosen(schema);
                        }
                    }
                }
            }
        }
    }
    let path = root().join("target/drift-openapi.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    path
}

/// An independent check of a value against the strict document: the JSON
/// pointers of every value that does not conform to `schema`, in the terms
/// the generated types promise (enum values the document does not list are
/// kept, not deviations; undeclared properties are kept; a string must
/// parse as its uuid, date or date-time format; an integer must be written
/// as one).
fn violations(
    spec: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: String,
    out: &mut BTreeSet<String>,
) {
    use serde_json::Value;
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => spec
            .pointer(r.trim_start_matches('#'))
            .expect("a local $ref"),
        None => schema,
    };
    if value.is_null() {
        if !schema
            .get("nullable")
            .and_then(Value::as_bool)
            .unwrap_or(false)
            && schema.get("type").is_some()
        {
            out.insert(at);
        }
        return;
    }
    // A union: as the client picks, the first alternative with nothing
    // astray, else the one with the fewest among those taking the value's
    // JSON type, else the union itself strays.
    let alternatives = schema.get("oneOf").or_else(|| schema.get("anyOf"));
    if let Some(alternatives) = alternatives.and_then(Value::as_array) {
        let mut best: Option<BTreeSet<String>> = None;
        for alternative in alternatives {
            let mut found = BTreeSet::new();
            violations(spec, alternative, value, at.clone(), &mut found);
            if found.contains(&at) {
                continue;
            }
            if best.as_ref().is_none_or(|b| found.len() < b.len()) {
                best = Some(found);
            }
        }
        match best {
            Some(found) => out.extend(found),
            None => {
                out.insert(at);
            }
        }
        return;
    }
    let fits = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("boolean") => value.is_boolean(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("string") => match (value.as_str(), schema.get("format").and_then(Value::as_str)) {
            (None, _) => false,
            (Some(s), Some("uuid")) => Uuid::parse_str(s).is_ok(),
            (Some(s), Some("date-time")) => s.parse::<DateTime<Utc>>().is_ok(),
            (Some(s), Some("date")) => s.parse::<NaiveDate>().is_ok(),
            (Some(_), _) => true,
        },
        Some(other) => panic!("the checker does not know type {other}"),
    };
    if !fits {
        out.insert(at);
        return;
    }
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, item) in values.iter().enumerate() {
            violations(spec, items, item, format!("{at}/{i}"), out);
        }
    }
    if let Some(object) = value.as_object() {
        let declared = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(key) {
                    out.insert(format!("{at}/{}", escape(key)));
                }
            }
        }
        for (key, item) in object {
            let property = declared
                .and_then(|d| d.get(key))
                .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
            if let Some(property) = property {
                violations(spec, property, item, format!("{at}/{}", escape(key)), out);
            }
        }
    }
}

/// The success response schema of the operation whose method is `name`.
fn response_schema<'a>(spec: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    let wanted: String = name
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if op.get("operationId").and_then(serde_json::Value::as_str) == Some(wanted.as_str()) {
                let (_, response) = op["responses"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(status, _)| status.starts_with('2'))
                    .expect("a success response");
                return &response["content"]["application/json"]["schema"];
            }
        }
    }
    panic!("no operation {wanted}")
}

/// Prism serving a drifted copy of the spec (see [`drift_document`]):
/// every operation called three times with everything set. Every response
/// decodes; what the client lists as deviations is exactly what an
/// independent check of the body against the strict document finds; strict
/// decoding fails exactly on the responses that have deviations, and a
/// strict client fails its calls.
#[tokio::test(flavor = "multi_thread")]
async fn responses_that_drift_from_the_spec_decode_and_every_deviation_is_reported() {
    let document = drift_document();
    let prism = Prism::start_document(&root(), "contract-drift", &document)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let client = prism_client(&prism, Some("prism-test-token"));
    let mut observed = Vec::new();
    for case in all_cases().into_iter().filter(|c| c.kind == Kind::All) {
        for _ in 0..3 {
            let o = (case.call)(client.clone())
                .await
                .unwrap_or_else(|e| panic!("{}: {e}\n{:?}", case.operation, e.body()));
            observed.push((case.operation, o));
        }
    }

    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let spec: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (operation, o) in &observed {
        let mut expected = BTreeSet::new();
        violations(
            &spec,
            response_schema(&spec, operation),
            &o.body,
            String::new(),
            &mut expected,
        );
        let reported: BTreeSet<String> = o.deviations.iter().map(|d| d.path.pointer()).collect();
        assert_eq!(
            reported, expected,
            "{operation}: deviations listed (left) and found by the check (right) differ in\n{}\n{:?}",
            o.body, o.deviations
        );
        assert_eq!(
            o.strict_ok,
            o.deviations.is_empty(),
            "{operation}: strict decoding must fail exactly when there are deviations"
        );
        for d in &o.deviations {
            *kinds.entry(format!("{:?}", d.kind)).or_default() += 1;
        }
    }
    let total: usize = kinds.values().sum();
    eprintln!(
        "{} responses, {total} deviations: {kinds:?}",
        observed.len()
    );
    // Prism fills optional properties too, so emptied `required` lists
    // give no missing values here (the property test covers those).
    let mismatches = kinds.get(&format!("{:?}", DeviationKind::Mismatch));
    assert!(
        mismatches.copied().unwrap_or(0) > 100,
        "the drifted document must produce deviations: {kinds:?}"
    );

    let strict = Client::builder()
        .base_url(prism.base_url())
        .api_token("prism-test-token")
        .max_retries(0)
        .strict_decoding(true)
        .build()
        .unwrap();
    let mut refused = 0;
    for _ in 0..10 {
        match strict.get_meetings(ACCOUNT, "app").send().await {
            Err(Error::Decode(e)) => {
                assert!(!e.path.is_empty() && !e.body.is_empty());
                refused += 1;
            }
            Ok(_) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert!(
        refused > 5,
        "a strict client refuses drifted responses ({refused} of 10)"
    );
}
