//! Behaviour of the generated client against an in-process mock server
//! (wiremock): auth, errors, retries, timeouts, pagination, encoding.

use std::time::{Duration, Instant};

use cloudflare_realtimekit::types::{
    ParticipantFilter, PeerEventName, SessionParticipantList, SortOrder,
};
use cloudflare_realtimekit::{Client, Error, StreamExt, TryStreamExt};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "s3cr3t-t0ken-value";
const LIST: &str = "/accounts/acc/realtime/kit/app/sessions/sess/participants";

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(server.uri())
        .build()
        .unwrap();
    (server, client)
}

fn participants(ids: &[&str], total: u64) -> serde_json::Value {
    let list: Vec<_> = ids
        .iter()
        .map(|id| json!({"id": id, "duration": 1.5}))
        .collect();
    json!({"success": true, "data": {"participants": list, "paging": {"total_count": total}}})
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn sends_bearer_token_user_agent_and_typed_query() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path(LIST))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(participants(&["a"], 1)))
        .expect(1)
        .mount(&server)
        .await;
    let list = client
        .get_session_participants("acc", "app", "sess")
        .include_peer_events(true)
        .per_page(50)
        .sort_order(SortOrder::Desc)
        .send()
        .await
        .unwrap();
    assert_eq!(
        list.data.unwrap().participants.unwrap()[0].id.as_deref(),
        Some("a")
    );
    let sent = &requests(&server).await[0];
    assert_eq!(
        sent.url.query(),
        Some("include_peer_events=true&per_page=50&sort_order=DESC")
    );
    let agent = sent.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(agent.starts_with("cloudflare-realtimekit/"), "{agent}");
}

#[tokio::test]
async fn requests_and_streams_can_move_into_spawned_tasks() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(participants(&["a"], 1)))
        .mount(&server)
        .await;
    let request = tokio::spawn(client.get_session_participants("acc", "app", "sess").send());
    let stream = client
        .get_session_participants("acc", "app", "sess")
        .stream();
    let streamed = tokio::spawn(async move { stream.try_collect::<Vec<_>>().await });
    drop(client);
    assert!(request.await.unwrap().is_ok());
    assert_eq!(streamed.await.unwrap().unwrap().len(), 1);
}

#[tokio::test]
async fn array_query_parameters_follow_the_spec_style_and_unset_ones_are_absent() {
    let (server, client) = server_and_client().await;
    let peer = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";
    Mock::given(method("GET"))
        .and(path(format!(
            "/accounts/acc/realtime/kit/app/sessions/peer-report/{peer}"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;
    client
        .get_participant_data_from_peer_id("acc", "app", peer.parse().unwrap())
        .send()
        .await
        .unwrap();
    client
        .get_participant_data_from_peer_id("acc", "app", peer.parse().unwrap())
        .filters([ParticipantFilter::DeviceInfo, ParticipantFilter::Events])
        .send()
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.query(), None, "no parameter is sent when unset");
    assert_eq!(sent[1].url.query(), Some("filters=device_info,events"));
}

#[tokio::test]
async fn path_parameters_stay_one_encoded_segment() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;
    client
        .get_session_participants("a/../b", "app", "s?x=1#f")
        .send()
        .await
        .unwrap();
    let sent = &requests(&server).await[0];
    assert_eq!(
        sent.url.path(),
        "/accounts/a%2F..%2Fb/realtime/kit/app/sessions/s%3Fx%3D1%23f/participants"
    );
    assert_eq!(sent.url.query(), None);
    // Values the URL parser would treat as dot segments never leave the client.
    for bad in ["..", ".", ""] {
        let err = client
            .get_session_participants("acc", bad, "s")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retries_429_honouring_retry_after_then_succeeds() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(participants(&["a"], 1)))
        .mount(&server)
        .await;
    let started = Instant::now();
    client
        .get_session_participants("acc", "app", "sess")
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as Retry-After asked"
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn gives_up_after_the_configured_retries_and_reports_attempts() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("retry-after-ms", "10")
                .insert_header("cf-ray", "8a1b2c3d4e5f-SJC")
                .set_body_json(json!({"success": false, "errors": [{"code": 10000, "message": "Internal error"}]})),
        )
        .mount(&server)
        .await;
    let err = client
        .get_session_participants("acc", "app", "sess")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        requests(&server).await.len(),
        3,
        "one attempt and two retries by default"
    );
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(api.attempts, 3);
    assert_eq!(api.request_id.as_deref(), Some("8a1b2c3d4e5f-SJC"));
    assert_eq!(api.errors[0].code, Some(10000));
    assert_eq!(
        err.to_string(),
        "API error 500 Internal Server Error: [10000] Internal error (request id 8a1b2c3d4e5f-SJC) after 3 attempts"
    );

    // Per request, 0 disables retries.
    let before = requests(&server).await.len();
    client
        .get_session_participants("acc", "app", "sess")
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len() - before, 1);
}

#[tokio::test]
async fn client_level_retry_setting_applies() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(1)
        .build()
        .unwrap();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    client
        .get_session_participants("acc", "app", "sess")
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried_and_keep_the_envelope() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"success": false, "errors": [{"code": 7003, "message": "Could not route"}], "messages": []}),
        ))
        .mount(&server)
        .await;
    let err = client
        .get_session_participants("acc", "app", "sess")
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.to_string().contains("[7003] Could not route"), "{err}");
    assert!(err.body().unwrap().contains("\"messages\""));
}

#[tokio::test]
async fn times_out_per_request() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = client
        .get_session_participants("acc", "app", "sess")
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(err.to_string(), "request timed out (1 attempt)");
}

#[tokio::test]
async fn decode_errors_name_the_json_path_and_keep_the_body() {
    let (server, client) = server_and_client().await;
    let body = r#"{"success":true,"data":{"participants":[{},{},{},{"duration":"long"}]}}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&server)
        .await;
    let err = client
        .get_session_participants("acc", "app", "sess")
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.path, "data.participants[3].duration");
    assert_eq!(decode.body, body);
    assert!(
        err.to_string()
            .starts_with("could not decode the 200 response at `data.participants[3].duration`"),
        "{err}"
    );
}

#[tokio::test]
async fn html_error_pages_are_api_errors_with_the_raw_body() {
    let (server, client) = server_and_client().await;
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let err = client
        .get_session_participants("acc", "app", "sess")
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error, not a decode error");
    assert_eq!(api.status.as_u16(), 502);
    assert_eq!(api.body, page);
    assert!(api.errors.is_empty());
}

#[tokio::test]
async fn unknown_enum_values_and_fields_survive() {
    let (server, client) = server_and_client().await;
    let body = json!({
        "success": true,
        "brand_new_top_level_field": {"x": 1},
        "data": {"participants": [{"id": "p", "peer_events": [
            {"event_name": "PEER_TELEPORTED", "preset_view_type": "HOLOGRAM", "unexpected": true},
            {"event_name": "PEER_JOINING"}
        ]}]}
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let list = client
        .get_session_participants("acc", "app", "sess")
        .send()
        .await
        .unwrap();
    let events = list.data.as_ref().unwrap().participants.as_ref().unwrap()[0]
        .peer_events
        .clone()
        .unwrap();
    assert_eq!(
        events[0].event_name,
        Some(PeerEventName::Unknown("PEER_TELEPORTED".into()))
    );
    assert_eq!(events[1].event_name, Some(PeerEventName::PeerJoining));
    let again = serde_json::to_value(&list).unwrap();
    assert_eq!(
        again["data"]["participants"][0]["peer_events"][0]["event_name"],
        "PEER_TELEPORTED"
    );
    assert_eq!(
        again["data"]["participants"][0]["peer_events"][0]["preset_view_type"],
        "HOLOGRAM"
    );
    let round: SessionParticipantList = serde_json::from_value(again).unwrap();
    assert_eq!(round, list);
}

#[tokio::test]
async fn streams_pages_in_order_without_an_extra_request() {
    let (server, client) = server_and_client().await;
    for (page, ids) in [
        ("1", vec!["a", "b"]),
        ("2", vec!["c", "d"]),
        ("3", vec!["e"]),
    ] {
        Mock::given(method("GET"))
            .and(path(LIST))
            .and(query_param("page_no", page))
            .and(query_param("per_page", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(participants(&ids, 5)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let ids: Vec<String> = client
        .get_session_participants("acc", "app", "sess")
        .per_page(2)
        .stream()
        .map_ok(|p| p.id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn streams_from_the_page_the_user_set_and_stops_at_an_empty_page() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(query_param("page_no", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"participants": [{"id": "x"}]}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("page_no", "3"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"participants": []}})),
        )
        .mount(&server)
        .await;
    let stream = client
        .get_session_participants("acc", "app", "sess")
        .page_no(2)
        .stream();
    let items: Vec<_> = stream.collect().await;
    assert_eq!(items.len(), 1);
    let pages: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect();
    assert_eq!(pages, ["page_no=2", "page_no=3"]);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_the_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(query_param("page_no", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(participants(&["a"], 3)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("page_no", "2"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"success": false, "errors": []})),
        )
        .mount(&server)
        .await;
    let items: Vec<_> = client
        .get_session_participants("acc", "app", "sess")
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert_eq!(
        items[1].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(403)
    );
}

#[tokio::test]
async fn raw_access_gives_status_headers_and_request_id() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("cf-ray", "abc-LHR")
                .insert_header("x-ratelimit-remaining", "99")
                .set_body_json(json!({"success": true, "data": {"id": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", "created_at": "2019-12-27T18:11:19.117Z", "custom_participant_id": "c", "preset_name": "p", "updated_at": "2019-12-27T18:11:19.117Z"}})),
        )
        .mount(&server)
        .await;
    let response = client
        .get_meeting_participant(
            "acc",
            "app",
            "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e".parse().unwrap(),
            "participant",
        )
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.request_id(), Some("abc-LHR"));
    assert_eq!(response.headers["x-ratelimit-remaining"], "99");
    assert_eq!(response.body.data.preset_name, "p");
}

#[tokio::test]
async fn the_token_never_shows() {
    let (server, client) = server_and_client().await;
    assert!(!format!("{client:?}").contains(TOKEN));
    assert!(!format!("{:?}", Client::builder().api_token(TOKEN)).contains(TOKEN));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("bad token"))
        .mount(&server)
        .await;
    let mut errors = vec![
        client
            .get_session_participants("acc", "app", "sess")
            .send()
            .await
            .unwrap_err(),
    ];
    errors.push(
        Client::builder()
            .api_token(format!("{TOKEN}\r\nX-Injected: 1"))
            .build()
            .unwrap_err(),
    );
    let offline = Client::builder()
        .api_token(TOKEN)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    errors.push(
        offline
            .get_session_participants("acc", "app", "sess")
            .max_retries(0)
            .send()
            .await
            .unwrap_err(),
    );
    for e in &errors {
        assert!(!e.to_string().contains(TOKEN), "{e}");
        assert!(!format!("{e:?}").contains(TOKEN), "{e:?}");
    }
    assert!(
        matches!(errors[1], Error::Config(_)),
        "a token with CR/LF is refused at build()"
    );
    assert!(
        matches!(errors[2], Error::Connection { attempts: 1, .. }),
        "{:?}",
        errors[2]
    );
}

#[test]
fn base_urls_are_checked_at_build() {
    let err = Client::builder().base_url("not a url").build().unwrap_err();
    assert!(err.to_string().contains("not an absolute URL"), "{err}");
    let client = Client::builder()
        .base_url("http://127.0.0.1:4010/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:4010");
    assert_eq!(
        Client::builder().build().unwrap().base_url(),
        "https://api.cloudflare.com/client/v4"
    );
}

/// `from_env` is checked in a child process, so the variables it reads are
/// set for it alone (changing this process's environment is not thread-safe).
#[test]
fn from_env_reads_token_and_base_url() {
    if std::env::var_os("REALTIMEKIT_FROM_ENV_CHILD").is_some() {
        let client = Client::from_env().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:4010");
        assert!(!format!("{client:?}").contains("from-env-token"));
        return;
    }
    let run = |envs: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            "from_env_reads_token_and_base_url",
            "--nocapture",
        ])
        .env("REALTIMEKIT_FROM_ENV_CHILD", "1")
        .env_remove("CLOUDFLARE_API_TOKEN")
        .env_remove("CLOUDFLARE_BASE_URL");
        cmd.envs(envs.iter().copied());
        cmd.output().unwrap()
    };
    let ok = run(&[
        ("CLOUDFLARE_API_TOKEN", "from-env-token"),
        ("CLOUDFLARE_BASE_URL", "http://127.0.0.1:4010"),
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let missing = run(&[]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("set `CLOUDFLARE_API_TOKEN`"));
}
