//! The optional `tracing` feature: one span per request with the fields
//! users need, and never a credential or secret header in the output. Its
//! own test binary, so no other test's threads race the subscriber's
//! registration (tracing caches per-callsite interest process-wide).

#[path = "fault_server.rs"]
mod fault_server;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudflare_realtimekit::Client;
use fault_server::{FaultServer, Reply};

const TOKEN: &str = "s3cr3t-t0ken-value";
const KEY: &str = "k3y-n0t-t0-leak";
/// A success whose `total_count` strays from the document: a warning names
/// the path, never the value (a server may put anything there).
const RAW: &str = "r4w-v4lue-n0t-t0-leak";
const OK: &str = r#"{"success":true,"data":{"participants":[],"paging":{"total_count":"r4w-v4lue-n0t-t0-leak"}}}"#;

async fn ends<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("the request must end, not hang")
}

/// Collects everything `tracing` writes, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_reports_each_request_and_never_the_secrets() {
    let server = FaultServer::start(|n, _| {
        if n == 0 {
            Reply::with(503, &[("retry-after", "0")], "busy")
        } else {
            Reply::with(200, &[("cf-ray", "ray-123")], OK)
        }
    })
    .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(server.url())
        .secret_header("x-auth-key", KEY)
        .default_header("cookie", "session=c00kie")
        .build()
        .unwrap();
    ends(
        client
            .get_session_participants("acc", "app", integration_tests::session())
            .extra_header("authorization-extra", "visible")
            .send(),
    )
    .await
    .unwrap();
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // What was asked for: method, route template, status, attempt, retry
    // delay, request id.
    for expected in [
        "method=GET",
        "route=\"/accounts/{account_id}/realtime/kit/{app_id}/sessions/{session_id}/participants\"",
        "status=503",
        "status=200",
        "attempt=2",
        "retry_delay_ms=0",
        "request_id=\"ray-123\"",
        "<redacted>",
        "visible",
        "WARN",
        "response value strays from the document",
        "path=data.paging.total_count",
        "kind=Mismatch",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for secret in [TOKEN, KEY, "c00kie", RAW] {
        assert!(!text.contains(secret), "{secret} leaked into:\n{text}");
    }
}
