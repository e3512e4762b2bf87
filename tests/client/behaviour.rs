//! Behaviour of the generated client against an in-process mock server
//! (wiremock): auth, errors, retries, timeouts, pagination, encoding.

use std::time::{Duration, Instant};

use cloudflare_realtimekit::types::{PeerEventName, SessionParticipantList, SortOrder};
use cloudflare_realtimekit::{Client, Error, StreamExt, TryStreamExt};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "s3cr3t-t0ken-value";
const LIST: &str =
    "/accounts/acc/realtime/kit/app/sessions/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e/participants";

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
        .get_session_participants("acc", "app", integration_tests::session())
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
    let request = tokio::spawn(
        client
            .get_session_participants("acc", "app", integration_tests::session())
            .send(),
    );
    let stream = client
        .get_session_participants("acc", "app", integration_tests::session())
        .stream();
    let streamed = tokio::spawn(async move { stream.try_collect::<Vec<_>>().await });
    drop(client);
    assert!(request.await.unwrap().is_ok());
    assert_eq!(streamed.await.unwrap().unwrap().len(), 1);
}

#[tokio::test]
async fn array_query_parameters_follow_the_spec_style_and_unset_ones_are_absent() {
    use cloudflare_realtimekit::types::RecordingStatus;
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/accounts/acc/realtime/kit/app/recordings"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;
    client.get_recordings("acc", "app").send().await.unwrap();
    client
        .get_recordings("acc", "app")
        .status([RecordingStatus::Recording, RecordingStatus::Uploaded])
        .send()
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.query(), None, "no parameter is sent when unset");
    // `explode: true` (the SDKs repeat the key per value).
    assert_eq!(
        sent[1].url.query(),
        Some("status=RECORDING&status=UPLOADED")
    );
}

#[tokio::test]
async fn path_parameters_stay_one_encoded_segment() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;
    client
        .get_session_participants("a/../b", "app?x=1#f", integration_tests::session())
        .send()
        .await
        .unwrap();
    let sent = &requests(&server).await[0];
    assert_eq!(
        sent.url.path(),
        "/accounts/a%2F..%2Fb/realtime/kit/app%3Fx%3D1%23f/sessions/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e/participants"
    );
    assert_eq!(sent.url.query(), None);
    // Values the URL parser would treat as dot segments never leave the client.
    for bad in ["..", ".", ""] {
        let err = client
            .get_session_participants("acc", bad, integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
    // Tolerant by default: the call succeeds, the value is listed.
    let page = client
        .get_session_participants("acc", "app", integration_tests::session())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(
        page.deviations[0].path.to_string(),
        "data.participants[3].duration"
    );
    // Strict: the same value is a decode error naming it.
    let err = client
        .get_session_participants("acc", "app", integration_tests::session())
        .strict_decoding(true)
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
        .get_session_participants("acc", "app", integration_tests::session())
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
            .get_session_participants("acc", "app", integration_tests::session())
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
            .get_session_participants("acc", "app", integration_tests::session())
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

// Request bodies, response statuses and paging shapes of the whole API.

const MEETING: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";
const KIT: &str = "/accounts/acc/realtime/kit/app";

fn meeting_participant(id: u128, custom: &str) -> serde_json::Value {
    json!({
        "id": uuid::Uuid::from_u128(id).to_string(),
        "custom_participant_id": custom,
        "preset_name": "group_call_host",
        "created_at": "2025-01-02T03:04:05Z",
        "updated_at": "2025-01-02T03:04:05Z",
    })
}

fn session(id: &str) -> serde_json::Value {
    json!({
        "id": id, "associated_id": MEETING, "meeting_display_name": "Sync",
        "type": "meeting", "status": "ENDED", "live_participants": 0,
        "max_concurrent_participants": 3, "minutes_consumed": 12.5,
        "organization_id": "org", "started_at": "2025-01-02T03:04:05Z",
        "created_at": "2025-01-02T03:04:05Z", "updated_at": "2025-01-02T03:04:05Z",
    })
}

#[tokio::test]
async fn a_body_with_nested_objects_and_enums_is_sent_exactly_as_documented() {
    use cloudflare_realtimekit::types::{
        AiConfig, AudioConfig, AudioConfigChannel, RecordingConfig, SftpPasswordStorageConfig,
        SummarizationConfig, SummaryType, TranscriptionConfig, TranscriptionLanguage, VideoConfig,
        VideoConfigCodec, Watermark, WatermarkPosition, WatermarkSize,
    };
    let (server, client) = server_and_client().await;
    let expected = json!({
        "title": "Weekly sync",
        "record_on_start": true,
        "persist_chat": false,
        "session_keep_alive_time_in_secs": 120,
        "recording_config": {
            "audio_config": {"channel": "mono", "codec": "MP3"},
            "video_config": {
                "codec": "VP8", "width": 1920, "height": 1080,
                "watermark": {"url": "https://example.com/w.png", "position": "right bottom",
                              "size": {"width": 64, "height": 32}}
            },
            "max_seconds": 3600,
            "storage_config": {"password": "secret", "host": "sftp.example.com", "port": 22}
        },
        "ai_config": {
            "summarization": {"summary_type": "daily_standup", "word_limit": 200},
            "transcription": {"keywords": ["Rust"], "language": "en-IN", "profanity_filter": true}
        }
    });
    Mock::given(method("POST"))
        .and(path(format!("{KIT}/meetings")))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "success": true,
            "data": {"id": MEETING, "title": "Weekly sync", "record_on_start": true,
                     "created_at": "2025-01-02T03:04:05Z", "updated_at": "2025-01-02T03:04:05Z"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    // Built the way the SDK docs read: constructors from the required
    // properties, `with_` setters for the rest, literals where they convert.
    let storage = SftpPasswordStorageConfig::new("secret")
        .with_host("sftp.example.com")
        .with_port(22);
    let created = client
        .create_meeting("acc", "app")
        .title("Weekly sync")
        .record_on_start(true)
        .persist_chat(false)
        .session_keep_alive_time_in_secs(120)
        .recording_config(
            RecordingConfig::new()
                .with_audio_config(
                    AudioConfig::new()
                        .with_channel(AudioConfigChannel::Mono)
                        .with_codec("MP3"),
                )
                .with_video_config(
                    VideoConfig::new()
                        .with_codec(VideoConfigCodec::Vp8)
                        .with_width(1920)
                        .with_height(1080)
                        .with_watermark(
                            Watermark::new()
                                .with_url("https://example.com/w.png")
                                .with_position(WatermarkPosition::RightBottom)
                                .with_size(WatermarkSize::new().with_width(64).with_height(32)),
                        ),
                )
                .with_max_seconds(3600)
                .with_storage_config(storage),
        )
        .ai_config(
            AiConfig::new()
                .with_summarization(
                    SummarizationConfig::new()
                        .with_summary_type(SummaryType::DailyStandup)
                        .with_word_limit(200),
                )
                .with_transcription(
                    TranscriptionConfig::new()
                        .with_keywords(["Rust"])
                        .with_language(TranscriptionLanguage::EnIn)
                        .with_profanity_filter(true),
                ),
        )
        .send()
        .await
        .unwrap();
    let meeting = created.data.unwrap();
    assert_eq!(meeting.id.to_string(), MEETING);
    assert_eq!(meeting.title.as_deref(), Some("Weekly sync"));
}

#[tokio::test]
async fn required_body_fields_are_arguments_and_unset_optional_ones_are_left_out() {
    use cloudflare_realtimekit::types::WebhookEvent;
    let (server, client) = server_and_client().await;
    let participants = format!("{KIT}/meetings/{MEETING}/participants");
    let created = |body: serde_json::Value| {
        let mut data = meeting_participant(7, "user-42");
        data["token"] = json!("jwt-token");
        Mock::given(method("POST"))
            .and(path(participants.clone()))
            .and(body_json(body))
            .respond_with(
                ResponseTemplate::new(201).set_body_json(json!({"success": true, "data": data})),
            )
            .expect(1)
    };
    created(json!({"preset_name": "group_call_host", "custom_participant_id": "user-42"}))
        .mount(&server)
        .await;
    created(json!({
        "preset_name": "group_call_host", "custom_participant_id": "user-42",
        "name": "Ada", "picture": "https://example.com/ada.png"
    }))
    .mount(&server)
    .await;
    let meeting = MEETING.parse().unwrap();
    let bare = client
        .add_participant("acc", "app", meeting, "group_call_host", "user-42")
        .send()
        .await
        .unwrap();
    let full = client
        .add_participant("acc", "app", meeting, "group_call_host", "user-42")
        .name("Ada")
        .picture("https://example.com/ada.png")
        .send()
        .await
        .unwrap();
    for response in [bare, full] {
        assert_eq!(response.data.unwrap().token, "jwt-token", "201 decodes");
    }

    // Enum arrays and a body of optional fields only, nothing set.
    let hooks = format!("{KIT}/webhooks");
    Mock::given(method("POST"))
        .and(path(hooks.as_str()))
        .and(body_json(json!({
            "name": "ops", "url": "https://example.com/h",
            "events": ["meeting.started", "recording.statusUpdate", "meeting.summary"]
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "success": true,
            "data": {
                "id": MEETING, "name": "ops", "url": "https://example.com/h",
                "events": ["meeting.started", "recording.statusUpdate", "meeting.summary"],
                "enabled": true,
                "created_at": "2025-01-02T03:04:05Z", "updated_at": "2025-01-02T03:04:05Z"
            }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let hook = client
        .create_webhook(
            "acc",
            "app",
            "ops",
            "https://example.com/h",
            [
                WebhookEvent::MeetingStarted,
                WebhookEvent::RecordingStatusUpdate,
                WebhookEvent::MeetingSummary,
            ],
        )
        .send()
        .await
        .unwrap();
    assert!(hook.data.enabled, "201 decodes");
    Mock::given(method("PATCH"))
        .and(path(format!("{KIT}/meetings/{MEETING}")))
        .and(body_json(json!({})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .update_meeting("acc", "app", meeting)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_sends_no_body_and_decodes_the_documented_answer() {
    let (server, client) = server_and_client().await;
    let preset_id = "0d8e4a52-4fd4-4b0e-9f5c-5c8d3b5d2e11";
    Mock::given(method("DELETE"))
        .and(path(format!(
            "{KIT}/meetings/{MEETING}/participants/user-42"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"custom_participant_id": "user-42", "preset_id": preset_id,
                     "created_at": "2025-01-02T03:04:05Z", "updated_at": "2025-01-02T03:04:05Z"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let deleted = client
        .delete_meeting_participant("acc", "app", MEETING.parse().unwrap(), "user-42")
        .send()
        .await
        .unwrap();
    assert!(deleted.success);
    let data = deleted.data.unwrap();
    assert_eq!(data.custom_participant_id, "user-42");
    assert_eq!(data.preset_id.to_string(), preset_id);
    // Body-less POSTs (kick-all, stop) send no body either.
    Mock::given(method("POST"))
        .and(path(format!(
            "{KIT}/meetings/{MEETING}/active-session/kick-all"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let kicked = client
        .kick_all_participants("acc", "app", MEETING)
        .send()
        .await
        .unwrap();
    assert!(kicked.data.is_none(), "a `success`-only answer decodes");
    Mock::given(method("POST"))
        .and(path(format!(
            "{KIT}/meetings/{MEETING}/active-livestream/stop"
        )))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "data": {"message": "stopped"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    client
        .stop_meeting_livestream("acc", "app", MEETING.parse().unwrap())
        .send()
        .await
        .unwrap();
    for sent in requests(&server).await {
        assert!(
            sent.body.is_empty(),
            "{} {} sent a body",
            sent.method,
            sent.url
        );
        assert!(
            sent.headers.get("content-type").is_none(),
            "{} {} declared a content type",
            sent.method,
            sent.url
        );
    }
}

#[tokio::test]
async fn a_2xx_range_operation_accepts_any_success_status() {
    let (server, client) = server_and_client().await;
    let summary = format!("{KIT}/sessions/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e/summary");
    for status in [202, 200] {
        Mock::given(method("POST"))
            .and(path(summary.as_str()))
            .respond_with(ResponseTemplate::new(status).set_body_json(
                json!({"success": true, "data": {"session_id": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", "status": "queued"}}),
            ))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    // Mocks answer in the order they were mounted.
    for expected in [202, 200] {
        let response = client
            .generate_session_summary("acc", "app", integration_tests::session())
            .send_with_response()
            .await
            .unwrap();
        assert_eq!(response.status.as_u16(), expected);
        let data = response.body.data.unwrap();
        assert_eq!(data.status.as_deref(), Some("queued"));
    }
}

#[tokio::test]
async fn paging_beside_data_streams_across_pages() {
    let (server, client) = server_and_client().await;
    let list = format!("{KIT}/meetings/{MEETING}/participants");
    for (page, ids) in [("1", vec![1, 2]), ("2", vec![3, 4]), ("3", vec![5])] {
        let data: Vec<_> = ids
            .iter()
            .map(|&id| meeting_participant(id, &format!("user-{id}")))
            .collect();
        Mock::given(method("GET"))
            .and(path(list.as_str()))
            .and(query_param("page_no", page))
            .and(query_param("per_page", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "success": true,
                "data": data,
                "paging": {"total_count": 5, "start_offset": 0, "end_offset": 1}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let ids: Vec<String> = client
        .get_meeting_participants("acc", "app", MEETING.parse().unwrap())
        .per_page(2)
        .stream()
        .map_ok(|p| p.custom_participant_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["user-1", "user-2", "user-3", "user-4", "user-5"]);
    assert_eq!(
        requests(&server).await.len(),
        3,
        "no request past the total"
    );
}

#[tokio::test]
async fn items_inside_data_with_paging_beside_it_stream_across_pages() {
    let (server, client) = server_and_client().await;
    for (page, ids) in [("1", ["s1", "s2"]), ("2", ["s3", "s4"])] {
        let sessions: Vec<_> = ids.iter().map(|id| session(id)).collect();
        Mock::given(method("GET"))
            .and(path(format!("{KIT}/sessions")))
            .and(query_param("page_no", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "success": true,
                "data": {"sessions": sessions},
                "paging": {"total_count": 4}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let ids: Vec<String> = client
        .get_sessions("acc", "app")
        .per_page(2)
        .stream()
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["s1", "s2", "s3", "s4"]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn paging_inside_data_streams_across_pages() {
    let (server, client) = server_and_client().await;
    for (page, ids) in [("1", vec!["l1", "l2"]), ("2", vec!["l3"])] {
        let livestreams: Vec<_> = ids
            .iter()
            .map(|id| json!({"id": id, "status": "LIVE"}))
            .collect();
        Mock::given(method("GET"))
            .and(path(format!("{KIT}/meetings/{MEETING}/livestream")))
            .and(query_param("page_no", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "success": true,
                "data": {"livestreams": livestreams, "paging": {"total_count": 3}}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let ids: Vec<String> = client
        .get_meeting_livestreams("acc", "app", MEETING.parse().unwrap())
        .per_page(2)
        .stream()
        .map_ok(|l| l.id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["l1", "l2", "l3"]);
    assert_eq!(requests(&server).await.len(), 2);
}

/// Starting a track recording answers `200` with no body at all, where the
/// document declares an object whose properties are all optional: the call
/// succeeds with the empty value and reports nothing, strictly too. The
/// same empty answer where required properties are declared is a
/// deviation (and an error when strict).
#[tokio::test]
async fn a_success_without_a_body_is_the_empty_value_when_that_conforms() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path(format!("{KIT}/recordings/track")))
        .and(body_json(json!({"meeting_id": MEETING})))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let response = client
        .start_track_recording("acc", "app", MEETING)
        .send_with_response()
        .await
        .expect("an empty 200 is a success");
    assert!(response.deviations.is_empty(), "{:?}", response.deviations);
    assert_eq!(response.body.success, None);
    assert_eq!(response.body.data, None);
    client
        .start_track_recording("acc", "app", MEETING)
        .strict_decoding(true)
        .send()
        .await
        .expect("nothing strayed, so strict decoding accepts it");

    Mock::given(method("GET"))
        .and(path(format!("{KIT}/meetings/{MEETING}")))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let meeting = MEETING.parse().unwrap();
    let response = client
        .get_meeting("acc", "app", meeting)
        .send_with_response()
        .await
        .expect("tolerant by default");
    assert_eq!(
        response.deviations.first().map(|d| d.kind),
        Some(cloudflare_realtimekit::DeviationKind::EmptyBody)
    );
    assert!(matches!(
        client
            .get_meeting("acc", "app", meeting)
            .strict_decoding(true)
            .send()
            .await,
        Err(Error::Decode(_))
    ));
}

#[tokio::test]
async fn nullable_fields_can_be_sent_as_null_or_left_out() {
    use cloudflare_realtimekit::types::RecordingConfig;
    let (server, client) = server_and_client().await;
    let answer = || {
        ResponseTemplate::new(201).set_body_json(json!({"success": true, "data": {
            "id": MEETING, "created_at": "2025-01-02T03:04:05Z",
            "updated_at": "2025-01-02T03:04:05Z"}}))
    };
    // `title_null` sends `"title": null`; a later `title` wins over it.
    Mock::given(method("POST"))
        .and(path(format!("{KIT}/meetings")))
        .and(body_json(json!({"title": null, "record_on_start": true})))
        .respond_with(answer())
        .expect(1)
        .mount(&server)
        .await;
    client
        .create_meeting("acc", "app")
        .title_null()
        .record_on_start(true)
        .send()
        .await
        .unwrap();
    Mock::given(method("POST"))
        .and(path(format!("{KIT}/meetings")))
        .and(body_json(json!({"title": "standup"})))
        .respond_with(answer())
        .expect(1)
        .mount(&server)
        .await;
    client
        .create_meeting("acc", "app")
        .title_null()
        .title("standup")
        .send()
        .await
        .unwrap();
    // The same on a struct users build: null, left out, or a value.
    let cleared = RecordingConfig::new().with_storage_config_null();
    assert_eq!(
        serde_json::to_value(&cleared).unwrap(),
        json!({"storage_config": null})
    );
    assert_eq!(
        serde_json::to_value(RecordingConfig::new()).unwrap(),
        json!({})
    );
    // Setting another field keeps the null (serde writes the f64 as is;
    // the client's body encoding writes whole numbers as integers).
    let both = cleared.with_max_seconds(60.0);
    assert_eq!(
        serde_json::to_value(&both).unwrap(),
        json!({"max_seconds": 60.0, "storage_config": null})
    );
}

/// The error `get_meeting` fails with (after one attempt) on this answer.
async fn get_meeting_error(answer: ResponseTemplate) -> Error {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path(format!("{KIT}/meetings/{MEETING}")))
        .respond_with(answer)
        .mount(&server)
        .await;
    client
        .get_meeting("acc", "app", MEETING.parse().unwrap())
        .max_retries(0)
        .send()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn error_bodies_are_typed_by_status_and_kept_raw() {
    use cloudflare_realtimekit::GetMeetingError;
    use cloudflare_realtimekit::types::{ErrorResponse, RealtimeKitError};
    // A 404 is documented as Cloudflare's envelope: typed, and the error
    // list reads as before.
    let envelope = json!({"success": false, "errors": [{"code": 7003, "message": "No route"}]});
    let err = get_meeting_error(ResponseTemplate::new(404).set_body_json(&envelope)).await;
    let Some(GetMeetingError::NotFound(body)) = GetMeetingError::of(&err) else {
        panic!("a typed 404 body: {err:?}")
    };
    assert_eq!(body.errors[0].message, "No route");
    assert!(!body.success);
    let api = err.as_api().unwrap();
    assert_eq!(api.errors[0].code, Some(7003));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&api.body).unwrap(),
        envelope
    );
    assert!(api.typed_body_deviations().is_empty());
    // Asked for another type, there is none.
    assert!(err.typed_body::<ErrorResponse>().is_none());

    // A 500 is documented as RealtimeKit's own envelope.
    let own = json!({"success": false, "error": {"code": 500, "message": "boom"}});
    let err = get_meeting_error(ResponseTemplate::new(500).set_body_json(&own)).await;
    match GetMeetingError::of(&err) {
        Some(GetMeetingError::InternalServerError(RealtimeKitError { error, .. })) => {
            assert_eq!(error.message, "boom");
        }
        other => panic!("a typed 500 body, got {other:?}"),
    }

    // A body that strays is still typed, its deviations listed.
    let strays = json!({"success": false, "errors": "rate limited"});
    let err = get_meeting_error(ResponseTemplate::new(404).set_body_json(&strays)).await;
    assert!(matches!(
        GetMeetingError::of(&err),
        Some(GetMeetingError::NotFound(_))
    ));
    let deviations = err.as_api().unwrap().typed_body_deviations();
    assert_eq!(deviations.len(), 1, "{deviations:?}");
    assert_eq!(deviations[0].path.to_string(), "errors");

    // An HTML page from a proxy, or a status the document does not name,
    // has no typed body; the raw body is all there is.
    let html = "<html><body>Not here</body></html>";
    let err = get_meeting_error(ResponseTemplate::new(404).set_body_string(html)).await;
    assert!(GetMeetingError::of(&err).is_none());
    assert_eq!(err.body(), Some(html));
    let err = get_meeting_error(ResponseTemplate::new(418).set_body_json(&envelope)).await;
    assert!(GetMeetingError::of(&err).is_none());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(418));
}

#[tokio::test]
async fn one_error_type_for_every_status_is_read_without_an_enum() {
    use cloudflare_realtimekit::types::ErrorResponse;
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path(format!("{KIT}/meetings")))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "success": false, "errors": [{"code": 10000, "message": "Authentication error"}]
        })))
        .mount(&server)
        .await;
    let err = client.get_meetings("acc", "app").send().await.unwrap_err();
    let body: &ErrorResponse = err.typed_body().expect("a typed 403 body");
    assert_eq!(body.errors[0].code, 10000);
    // Cloning the error keeps the typed body.
    let copy = err.as_api().unwrap().clone();
    assert_eq!(copy.typed_body::<ErrorResponse>(), Some(body));
}
