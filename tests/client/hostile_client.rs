//! The generated client against servers that misbehave: resets, silences,
//! bodies cut short, stalled or enormous, bad encodings, error pages, retry
//! storms, odd `Retry-After` values and redirects to other hosts. Every case
//! ends in its documented error (no hang, no panic) with the raw body kept
//! where one arrived. Timeouts are short; an outer `tokio::time::timeout` is
//! only a guard against hanging, never a performance assertion.

#[path = "fault_server.rs"]
mod fault_server;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use cloudflare_realtimekit::{Client, Error};
use fault_server::{FaultServer, Reply, header, target};

const TOKEN: &str = "s3cr3t-t0ken-value";
const KEY: &str = "k3y-n0t-t0-leak";
const OK: &str = r#"{"success":true,"data":{"participants":[],"paging":{"total_count":0}}}"#;

/// Per-attempt timeout used wherever a server goes silent.
const SHORT: Duration = Duration::from_millis(300);

fn client(server: &FaultServer) -> Client {
    Client::builder()
        .api_token(TOKEN)
        .base_url(server.url())
        .timeout(SHORT)
        .build()
        .unwrap()
}

/// Fails the test if `f` has not ended after a generous 30 s: a hang guard.
async fn ends<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("the request must end, not hang")
}

async fn list(client: &Client, retries: u32) -> Result<(), Error> {
    ends(
        client
            .get_session_participants("acc", "app", integration_tests::session())
            .max_retries(retries)
            .send(),
    )
    .await
    .map(|_| ())
}

fn api(e: Error) -> Box<cloudflare_realtimekit::ApiError> {
    match e {
        Error::Api(e) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn reset_before_the_response_is_a_connection_error_after_retrying() {
    let server = FaultServer::start(|_, _| Reply::ResetBeforeResponse).await;
    let err = list(&client(&server), 1).await.unwrap_err();
    assert!(
        matches!(err, Error::Connection { attempts: 2, .. }),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn reset_in_the_middle_of_the_body_is_a_connection_error() {
    let server = FaultServer::start(|_, _| Reply::ResetMidBody {
        declared: 10_000,
        sent: OK.as_bytes()[..20].to_vec(),
    })
    .await;
    let err = list(&client(&server), 1).await.unwrap_err();
    assert!(
        matches!(err, Error::Connection { attempts: 2, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_connection_error() {
    let server = FaultServer::start(|_, _| Reply::CloseMidBody {
        declared: OK.len() * 2,
        sent: OK.as_bytes().to_vec(),
    })
    .await;
    let err = list(&client(&server), 0).await.unwrap_err();
    assert!(
        matches!(err, Error::Connection { attempts: 1, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_every_attempt() {
    let server = FaultServer::start(|_, _| Reply::NeverAnswer).await;
    let err = list(&client(&server), 1).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn headers_then_a_stalled_body_time_out() {
    let server = FaultServer::start(|_, _| Reply::StallBody {
        declared: 1000,
        sent: b"{\"success\":".to_vec(),
    })
    .await;
    let err = list(&client(&server), 1).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
}

#[tokio::test]
async fn a_50_mb_body_over_the_limit_is_refused_while_streaming() {
    const FIFTY_MB: usize = 50 * 1000 * 1000;
    for announce in [true, false] {
        let server = FaultServer::start(move |_, _| Reply::Large {
            size: FIFTY_MB,
            announce,
        })
        .await;
        let client = Client::builder()
            .api_token(TOKEN)
            .base_url(server.url())
            .max_response_size(1 << 20)
            .build()
            .unwrap();
        let err = list(&client, 2).await.unwrap_err();
        match err {
            Error::ResponseTooLarge { status, limit, .. } => {
                assert_eq!(status.as_u16(), 200);
                assert_eq!(limit, 1 << 20);
            }
            other => panic!("announce={announce}: {other:?}"),
        }
        // Not a transient failure: never retried.
        assert_eq!(server.request_count(), 1);
    }
}

#[tokio::test]
async fn a_50_mb_body_within_the_default_limit_is_read() {
    // A valid JSON document padded to 50 MB: the default 64 MiB limit lets
    // it through, unknown fields are ignored.
    let mut body = br#"{"success":true,"pad":""#.to_vec();
    body.resize(50 * 1000 * 1000, b'x');
    body.extend_from_slice(b"\"}");
    let body = Arc::new(body);
    let server = FaultServer::start(move |_, _| {
        Reply::with(
            200,
            &[("content-type", "application/json")],
            (*body).clone(),
        )
    })
    .await;
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(server.url())
        .build()
        .unwrap();
    list(&client, 0).await.unwrap();
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_or_an_api_error_keeping_the_body() {
    let server = FaultServer::start(|n, _| {
        let status = if n == 0 { 200 } else { 400 };
        Reply::with(
            status,
            &[("content-type", "application/json")],
            b"{\"success\":true,\"data\":{\"participants\":[{\"id\":\"\xff\xfe\"}]}}".to_vec(),
        )
    })
    .await;
    let client = client(&server);
    match list(&client, 0).await.unwrap_err() {
        Error::Decode(e) => {
            assert_eq!(e.status.map(|s| s.as_u16()), Some(200));
            assert!(e.body.contains("\u{fffd}\u{fffd}"), "{}", e.body);
        }
        other => panic!("{other:?}"),
    }
    let e = api(list(&client, 0).await.unwrap_err());
    assert_eq!(e.status.as_u16(), 400);
    assert!(e.body.contains("\u{fffd}"));
}

#[tokio::test]
async fn json_with_the_wrong_content_type_is_still_decoded() {
    for content_type in [
        "text/plain",
        "text/html; charset=utf-8",
        "application/octet-stream",
    ] {
        let server =
            FaultServer::start(move |_, _| Reply::with(200, &[("content-type", content_type)], OK))
                .await;
        list(&client(&server), 0).await.unwrap();
    }
}

#[tokio::test]
async fn html_pages_are_api_errors_or_decode_errors_with_the_page_kept() {
    const PAGE: &str = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = FaultServer::start(|n, _| {
        let status = if n == 0 { 502 } else { 200 };
        Reply::with(status, &[("content-type", "text/html")], PAGE)
    })
    .await;
    let client = client(&server);
    let e = api(list(&client, 0).await.unwrap_err());
    assert_eq!(e.status.as_u16(), 502);
    assert!(e.errors.is_empty());
    assert_eq!(e.body, PAGE);
    match list(&client, 0).await.unwrap_err() {
        Error::Decode(e) => assert_eq!(e.body, PAGE),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_503_storm_longer_than_the_retry_budget_ends_with_the_last_503() {
    let server =
        FaultServer::start(|_, _| Reply::json(503, r#"{"errors":[{"code":1,"message":"busy"}]}"#))
            .await;
    let e = api(list(&client(&server), 2).await.unwrap_err());
    assert_eq!(e.status.as_u16(), 503);
    assert_eq!(e.attempts, 3);
    assert_eq!(e.errors[0].message, "busy");
    assert_eq!(server.request_count(), 3);
}

/// A 503 with this `Retry-After` and no retries left after one: how many
/// attempts the client made.
async fn attempts_with_retry_after(value: &'static str) -> u32 {
    let server =
        FaultServer::start(move |_, _| Reply::with(503, &[("retry-after", value)], "busy")).await;
    let e = api(list(&client(&server), 1).await.unwrap_err());
    assert_eq!(e.body, "busy");
    e.attempts
}

#[tokio::test]
async fn retry_after_values_are_honoured_ignored_or_refused() {
    // Too long to wait for: the 503 comes back at once, not retried.
    assert_eq!(attempts_with_retry_after("999999").await, 1);
    assert_eq!(
        attempts_with_retry_after("Fri, 31 Dec 9999 23:59:59 GMT").await,
        1
    );
    // Unusable values fall back to the client's own backoff.
    assert_eq!(attempts_with_retry_after("-5").await, 2);
    assert_eq!(attempts_with_retry_after("soon, maybe").await, 2);
    // A date in the past means now.
    assert_eq!(
        attempts_with_retry_after("Wed, 21 Oct 2015 07:28:00 GMT").await,
        2
    );
    assert_eq!(attempts_with_retry_after("0").await, 2);
}

/// Server `a` redirects with `status` to server `b` (another host name and
/// port); `b` records whether anything secret reached it.
async fn redirect_to_another_host(
    status: u16,
    with_credentials: bool,
) -> (Result<(), Error>, FaultServer) {
    let b = FaultServer::start(|_, _| Reply::json(200, OK)).await;
    let location = format!(
        "http://localhost:{}/accounts/acc/realtime/kit/app/sessions/182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e/participants",
        b.addr.port()
    );
    let a =
        FaultServer::start(move |_, _| Reply::with(status, &[("location", location.as_str())], ""))
            .await;
    let mut builder = Client::builder().base_url(a.url());
    if with_credentials {
        builder = builder.api_token(TOKEN).secret_header("x-auth-key", KEY);
    }
    let result = list(&builder.build().unwrap(), 0).await;
    (result, b)
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_host() {
    for status in [301, 302, 307, 308] {
        let (result, b) = redirect_to_another_host(status, true).await;
        let e = api(result.unwrap_err());
        assert_eq!(e.status.as_u16(), status);
        assert!(e.headers.contains_key("location"));
        assert_eq!(
            b.request_count(),
            0,
            "{status}: the other host was contacted"
        );
    }
    // Without anything secret to protect, redirects are followed.
    let (result, b) = redirect_to_another_host(302, false).await;
    result.unwrap();
    assert_eq!(b.request_count(), 1);
}

#[tokio::test]
async fn same_origin_redirects_keep_their_credentials() {
    let server = FaultServer::start(|n, _| {
        if n == 0 {
            Reply::with(307, &[("location", "/moved/here")], "")
        } else {
            Reply::json(200, OK)
        }
    })
    .await;
    list(&client(&server), 0).await.unwrap();
    let heads = server.heads();
    assert_eq!(target(&heads[1]), "/moved/here");
    assert_eq!(
        header(&heads[1], "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn secrets_are_refused_over_plain_http_to_another_machine() {
    let err = Client::builder()
        .api_token(TOKEN)
        .base_url("http://api.example.com/client/v4")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("allow_insecure_http"), "{message}");
    assert!(!message.contains(TOKEN));
    Client::builder()
        .api_token(TOKEN)
        .base_url("http://api.example.com/client/v4")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    // Loopback is this machine: fine.
    Client::builder()
        .api_token(TOKEN)
        .base_url("http://localhost:4010")
        .build()
        .unwrap();
}

#[tokio::test]
async fn default_and_extra_headers_and_queries_are_sent_and_checked() {
    let server = FaultServer::start(|_, _| Reply::json(200, OK)).await;
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(server.url())
        .default_header("x-trace", "t1")
        .secret_header("x-proxy-key", KEY)
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains(KEY));
    ends(
        client
            .get_session_participants("acc", "app", integration_tests::session())
            .per_page(5)
            .extra_header("x-request-tag", "r1")
            .extra_query("debug", "a&b=c")
            .send(),
    )
    .await
    .unwrap();
    let head = &server.heads()[0];
    assert_eq!(header(head, "x-trace"), Some("t1"));
    assert_eq!(header(head, "x-proxy-key"), Some(KEY));
    assert_eq!(header(head, "x-request-tag"), Some("r1"));
    assert!(
        target(head).ends_with("?per_page=5&debug=a%26b%3Dc"),
        "{head}"
    );

    // Refused at send(): not valid HTTP, or replacing the credential.
    for (name, value) in [
        ("bad name", "v"),
        ("x-ok", "line\r\nbreak"),
        ("Authorization", "Bearer other"),
    ] {
        let err = ends(
            client
                .get_session_participants("acc", "app", integration_tests::session())
                .extra_header(name, value)
                .send(),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{name}: {err:?}");
    }
    assert_eq!(server.request_count(), 1, "refused requests are never sent");

    // Refused at build(): the same for default headers.
    for (name, value) in [
        ("authorization", "Bearer x"),
        ("x\u{1}", "v"),
        ("x-a", "\n"),
    ] {
        let err = Client::builder()
            .api_token(TOKEN)
            .base_url(server.url())
            .default_header(name, value)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{name}: {err:?}");
    }
}
