//! Tolerant decoding on the RealtimeKit crate: every kind of deviation the
//! generated types survive, what they keep, what they report, and strict
//! decoding failing on the same input. The calls go through wiremock, the
//! bytes through `decode`/`decode_strict`: the same decoder.

use cloudflare_realtimekit::types::{
    Meeting, MeetingResponse, Paging, RecordingConfig, SessionParticipantList,
};
use cloudflare_realtimekit::{Client, DeviationKind, Error, decode, decode_strict};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const MEETING_ID: &str = "5b0a6c4e-2a45-4c8f-9d2b-000000000001";

fn session() -> uuid::Uuid {
    "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e".parse().unwrap()
}

fn meeting() -> Value {
    json!({
        "id": MEETING_ID,
        "created_at": "2026-11-23T10:00:00Z",
        "updated_at": "2026-11-23T10:05:00Z",
        "title": "Weekly sync",
        "status": "ACTIVE",
        "record_on_start": false,
    })
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("serialisable")
}

/// Decodes tolerantly, checks the re-encoding is the input, returns the
/// value and the deviations as (path, kind).
fn decoded<T>(input: &Value) -> (T, Vec<(String, DeviationKind)>)
where
    T: cloudflare_realtimekit::Decode + serde::Serialize,
{
    let decoded = decode::<T>(&bytes(input)).expect("tolerant decoding never fails on shapes");
    let again = serde_json::to_value(&decoded.value).expect("serialisable");
    assert!(
        same_json(&again, input),
        "decode → encode must restore the input:\n{again}\n{input}"
    );
    let found = decoded
        .deviations
        .iter()
        .map(|d| (d.path.to_string(), d.kind))
        .collect();
    (decoded.value, found)
}

/// JSON equality with numbers compared by value (`3` and `3.0` are one number).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn strict_fails_at<T: cloudflare_realtimekit::Decode>(input: &Value, at: &str) {
    match decode_strict::<T>(&bytes(input)) {
        Err(Error::Decode(e)) => {
            assert_eq!(e.path, at, "{}", e.message);
            assert_eq!(e.body, String::from_utf8(bytes(input)).unwrap());
        }
        Err(other) => panic!("expected a decode error, got {other}"),
        Ok(_) => panic!("strict decoding accepted a deviation at {at}"),
    }
}

#[test]
fn conforming_data_has_no_deviation_and_undeclared_fields_are_kept_in_order() {
    let mut input = json!({"success": true, "data": meeting()});
    input["data"]["brand_new"] = json!({"nested": [1, 2]});
    input["data"]["another"] = json!("x");
    input["top_level_extra"] = json!(7);
    let (response, deviations): (MeetingResponse, _) = decoded(&input);
    assert!(deviations.is_empty(), "{deviations:?}");
    let data = response.data.expect("data");
    assert_eq!(data.title.as_deref(), Some("Weekly sync"));
    let names: Vec<&str> = data.extra.fields().map(|(k, _)| k).collect();
    assert_eq!(names, ["brand_new", "another"]);
    assert_eq!(data.extra.get("another"), Some(&json!("x")));
    assert_eq!(response.extra.get("top_level_extra"), Some(&json!(7)));
    decode_strict::<MeetingResponse>(&bytes(&input)).expect("undeclared fields are not deviations");
}

#[test]
fn lossless_coercions_are_applied_and_reported() {
    let input = json!({"end_offset": 12.0, "start_offset": "3", "total_count": 40});
    let (paging, deviations): (Paging, _) = decoded(&input);
    assert_eq!(paging.end_offset, Some(12));
    assert_eq!(paging.start_offset, Some(3));
    assert_eq!(
        deviations,
        [
            ("end_offset".to_owned(), DeviationKind::Coerced),
            ("start_offset".to_owned(), DeviationKind::Coerced)
        ]
    );
    assert_eq!(
        paging.extra.received("end_offset"),
        Some(Some(&json!(12.0)))
    );
    strict_fails_at::<Paging>(&input, "end_offset");

    let participants = json!({"data": {"participants": [{"duration": "12.5"}, {"duration": 3}]}, "success": "true"});
    let (list, deviations): (SessionParticipantList, _) = decoded(&participants);
    assert_eq!(list.success, Some(true));
    let people = list
        .data
        .and_then(|d| d.participants)
        .expect("participants");
    assert_eq!(people[0].duration, Some(12.5));
    assert_eq!(people[1].duration, Some(3.0));
    assert_eq!(
        deviations,
        [
            (
                "data.participants[0].duration".to_owned(),
                DeviationKind::Coerced
            ),
            ("success".to_owned(), DeviationKind::Coerced)
        ]
    );
}

#[test]
fn values_that_do_not_fit_leave_placeholders_and_are_kept_verbatim() {
    let mut input = json!({"success": true, "data": meeting()});
    input["data"]["id"] = json!("not-a-uuid");
    input["data"]["created_at"] = json!("2026-11-23 10:00:00");
    input["data"]["record_on_start"] = json!("sometimes");
    input["data"]["recording_config"] = json!({"max_seconds": true, "file_name_prefix": ["a"]});
    let (response, deviations): (MeetingResponse, _) = decoded(&input);
    let kinds: Vec<(&str, DeviationKind)> =
        deviations.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    assert_eq!(
        kinds,
        [
            ("data.id", DeviationKind::Mismatch),
            ("data.created_at", DeviationKind::Mismatch),
            ("data.record_on_start", DeviationKind::Mismatch),
            ("data.recording_config.max_seconds", DeviationKind::Mismatch),
            (
                "data.recording_config.file_name_prefix",
                DeviationKind::Mismatch
            ),
        ]
    );
    let data = response.data.as_ref().expect("data");
    // Placeholders where a required value did not fit, None where optional.
    assert_eq!(data.id, uuid::Uuid::nil());
    assert_eq!(data.record_on_start, None);
    assert_eq!(data.title.as_deref(), Some("Weekly sync"));
    assert_eq!(data.extra.received("id"), Some(Some(&json!("not-a-uuid"))));
    // The root keeps the whole list; each struct the part inside it.
    assert_eq!(response.extra.deviations().len(), 5);
    assert_eq!(data.extra.deviations().len(), 5);
    assert_eq!(data.extra.deviations()[0].path.to_string(), "id");
    let config = data.recording_config.as_ref().expect("config");
    assert_eq!(config.extra.deviations().len(), 2);
    assert_eq!(config.max_seconds, None);
    strict_fails_at::<MeetingResponse>(&input, "data.id");
}

#[test]
fn null_missing_and_wrong_container_shapes() {
    let mut input = meeting();
    input["id"] = Value::Null;
    input.as_object_mut().unwrap().remove("updated_at");
    input["title"] = Value::Null;
    let (m, deviations): (Meeting, _) = decoded(&input);
    assert_eq!(
        deviations,
        [
            ("id".to_owned(), DeviationKind::Null),
            ("title".to_owned(), DeviationKind::Null),
            ("updated_at".to_owned(), DeviationKind::Missing),
        ]
    );
    assert_eq!(m.extra.received("updated_at"), Some(None));

    // An object where an array is declared, and an array where an object is.
    let list = json!({"data": {"participants": {"0": {"id": "a"}}, "paging": [1, 2]}});
    let (list, deviations): (SessionParticipantList, _) = decoded(&list);
    assert_eq!(
        deviations,
        [
            ("data.participants".to_owned(), DeviationKind::Mismatch),
            ("data.paging".to_owned(), DeviationKind::Mismatch),
        ]
    );
    let data = list.data.expect("data");
    assert_eq!(data.participants, None);
    assert_eq!(data.paging, None);
}

#[test]
fn a_bad_item_keeps_the_others_at_their_indices() {
    let input = json!({"data": {"participants": [{"id": "a"}, 7, {"id": "c"}]}});
    let (list, deviations): (SessionParticipantList, _) = decoded(&input);
    assert_eq!(
        deviations,
        [("data.participants[1]".to_owned(), DeviationKind::Mismatch)]
    );
    let people = list
        .data
        .and_then(|d| d.participants)
        .expect("participants");
    assert_eq!(people.len(), 3);
    assert_eq!(people[2].id.as_deref(), Some("c"));
}

#[test]
fn empty_bodies_and_malformed_json() {
    // A type with required properties: an empty body strays.
    let decoded = decode::<Meeting>(b"  \n").expect("an empty body decodes");
    assert_eq!(decoded.deviations[0].kind, DeviationKind::EmptyBody);
    assert!(decode_strict::<Meeting>(b"").is_err());
    // One whose properties are all optional: an empty body is `{}`, which
    // conforms, so nothing strayed (a success with nothing to say).
    let decoded = decode::<SessionParticipantList>(b"  \n").expect("an empty body decodes");
    assert!(decoded.deviations.is_empty(), "{:?}", decoded.deviations);
    assert_eq!(decoded.value, SessionParticipantList::default());
    decode_strict::<SessionParticipantList>(b"").expect("strictly too");
    let Err(Error::Decode(e)) = decode::<SessionParticipantList>(b"<html>") else {
        panic!("malformed JSON is an error in either mode")
    };
    assert_eq!(e.status, None);
}

#[test]
fn a_changed_field_is_written_as_changed_and_extra_body_fields_are_sent() {
    let mut input = json!({"max_seconds": "long", "file_name_prefix": "x"});
    let (mut config, _): (RecordingConfig, _) = decoded(&input);
    config.max_seconds = Some(60.0);
    config.extra.insert("new_knob", true);
    input["max_seconds"] = json!(60);
    input["new_knob"] = json!(true);
    assert!(same_json(&serde_json::to_value(&config).unwrap(), &input));
}

async fn serve(body: &'static str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_token("token")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client");
    (server, client)
}

#[tokio::test]
async fn calls_return_deviations_and_strict_is_opt_in_per_client_or_request() {
    let body = r#"{"success": true, "data": {"paging": {"total_count": 2.5}, "participants": []}}"#;
    let (server, client) = serve(body).await;
    let response = client
        .get_session_participants("acc", "app", session())
        .send_with_response()
        .await
        .expect("tolerant by default");
    assert_eq!(response.deviations.len(), 1);
    assert_eq!(
        response.deviations[0].path.to_string(),
        "data.paging.total_count"
    );
    assert_eq!(response.deviations[0].raw(), Some(&json!(2.5)));
    // `send()`'s value carries them too.
    let page = client
        .get_session_participants("acc", "app", session())
        .send()
        .await
        .expect("tolerant");
    assert_eq!(page.extra.deviations(), &response.deviations[..]);

    let strict = client
        .get_session_participants("acc", "app", session())
        .strict_decoding(true)
        .send()
        .await;
    let Err(Error::Decode(e)) = strict else {
        panic!("strict per request")
    };
    assert_eq!(e.path, "data.paging.total_count");
    assert_eq!(e.body, body);

    let strict_client = Client::builder()
        .api_token("token")
        .base_url(server.uri())
        .strict_decoding(true)
        .build()
        .expect("client");
    assert!(matches!(
        strict_client
            .get_session_participants("acc", "app", session())
            .send()
            .await,
        Err(Error::Decode(_))
    ));
    strict_client
        .get_session_participants("acc", "app", session())
        .strict_decoding(false)
        .send()
        .await
        .expect("a request can opt out again");
}

#[test]
fn values_written_otherwise_than_canonically_are_no_deviation_and_come_back_as_sent() {
    let mut input = meeting();
    input["created_at"] = json!("2026-11-23T12:00:00.5+02:00");
    input["id"] = json!(MEETING_ID.to_uppercase());
    let (m, deviations): (Meeting, _) = decoded(&input);
    assert!(deviations.is_empty(), "{deviations:?}");
    assert_eq!(m.created_at.to_rfc3339(), "2026-11-23T10:00:00.500+00:00");
    assert_eq!(m.id.to_string(), MEETING_ID);
    // Changed, the field is written as it now is.
    let mut changed = m.clone();
    changed.created_at = chrono::DateTime::UNIX_EPOCH;
    let written = serde_json::to_value(&changed).unwrap();
    assert_eq!(written["created_at"], json!("1970-01-01T00:00:00Z"));
    assert_eq!(written["id"], input["id"]);
    // Not RFC 3339 but unambiguous (`+0000`): converted, reported, kept.
    let mut sloppy = meeting();
    sloppy["updated_at"] = json!("2022-07-15T09:19:44.990+0000");
    let (m, deviations): (Meeting, _) = decoded(&sloppy);
    assert_eq!(
        deviations,
        [("updated_at".to_owned(), DeviationKind::Coerced)]
    );
    assert_eq!(m.updated_at.to_rfc3339(), "2022-07-15T09:19:44.990+00:00");
    // Numbers are read back exactly.
    let paging = json!({"end_offset": 1, "total_count": 2});
    let participants =
        json!({"data": {"participants": [{"duration": -95656345.42622423}], "paging": paging}});
    let (_, deviations): (SessionParticipantList, _) = decoded(&participants);
    assert!(deviations.is_empty());
    let text = serde_json::to_string(
        &decode::<SessionParticipantList>(&bytes(&participants))
            .unwrap()
            .value,
    )
    .unwrap();
    assert!(text.contains("-95656345.42622423"), "{text}");
}

/// `extra_body` adds a property the document lacks to a JSON body built
/// field by field (and replaces a declared one of the same name); the
/// struct users build carries its own extra properties too.
#[tokio::test]
async fn extra_body_properties_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_json(json!({
            "title": "Overridden",
            "record_on_start": true,
            "recording_config": {"max_seconds": 60, "vendor_knob": "on"},
            "brand_new": {"nested": [1, 2]},
        })))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"success": true, "data": meeting()})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_token("token")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client");
    let mut config = RecordingConfig::new().with_max_seconds(60);
    config.extra.insert("vendor_knob", "on");
    client
        .create_meeting("acc", "app")
        .title("Weekly sync")
        .record_on_start(true)
        .recording_config(config)
        .extra_body("brand_new", json!({"nested": [1, 2]}))
        .extra_body("title", "Overridden")
        .send()
        .await
        .expect("the body matched");
}

/// A body that is not an object at all where one is declared: the
/// placeholder struct writes back what came, until it is changed.
#[test]
fn a_top_level_value_of_another_shape_comes_back_as_it_was() {
    let input = json!(["not", "a", "meeting"]);
    let (mut response, deviations): (MeetingResponse, _) = decoded(&input);
    assert_eq!(deviations, [(".".to_owned(), DeviationKind::Mismatch)]);
    response.success = true;
    assert_eq!(
        serde_json::to_value(&response).unwrap()["success"],
        json!(true)
    );
}
