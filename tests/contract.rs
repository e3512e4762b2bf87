//! Contract tests against Prism, started from `spec/openapi.yaml` in dynamic
//! mode: Prism rejects any request that violates the spec (so a client bug
//! fails here) and answers with random data generated from the schemas
//! (which must all decode). Prism comes from the committed
//! `package-lock.json`; `cargo xtask test` installs it with `npm ci`.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cloudflare_realtimekit::types::{
    ParticipantFilter, ParticipantSortBy, ParticipantView, SortOrder,
};
use cloudflare_realtimekit::{Client, Error, StreamExt};

/// Calls per operation: enough for the random data to cover optional,
/// nullable and enum fields many times over.
const CALLS: usize = 40;

struct Prism {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_prism() -> Prism {
    let root = integration_tests::root();
    let bin = root.join("node_modules/.bin/prism");
    assert!(
        bin.exists(),
        "Prism is not installed at {}: run `npm ci` (cargo xtask test does)",
        bin.display()
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log_path: PathBuf = root.join("target/prism.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let child = Command::new(bin)
        .args([
            "mock",
            "--dynamic",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "spec/openapi.yaml",
        ])
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("Prism starts");
    let prism = Prism {
        child,
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    let deadline = Instant::now() + Duration::from_secs(90);
    while TcpStream::connect_timeout(&prism.addr, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "Prism did not start; see {}",
            log_path.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}

fn client(prism: &Prism, token: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .base_url(format!("http://{}", prism.addr))
        .max_retries(0);
    if let Some(token) = token {
        builder = builder.api_token(token);
    }
    builder.build().unwrap()
}

const SESSION: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_with_every_parameter_matches_the_spec() {
    let prism = start_prism();
    let client = client(&prism, Some("prism-test-token"));
    let uuid = SESSION.parse().unwrap();
    let filters = [
        ParticipantFilter::DeviceInfo,
        ParticipantFilter::IpInformation,
        ParticipantFilter::PrecallNetworkInformation,
        ParticipantFilter::Events,
        ParticipantFilter::QualityStats,
    ];
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..CALLS {
        let list = client
            .get_session_participants(
                "023e105f4ecef8ad9ca31a8372d0c353",
                "app",
                format!("session-{i}"),
            )
            .include_peer_events(i % 2 == 0)
            .page_no(i as i64 % 5)
            .per_page(1 + i as i64)
            .sort_by(if i % 2 == 0 {
                ParticipantSortBy::JoinedAt
            } else {
                ParticipantSortBy::Duration
            })
            .sort_order(if i % 3 == 0 {
                SortOrder::Asc
            } else {
                SortOrder::Desc
            })
            .view(if i % 2 == 0 {
                ParticipantView::Raw
            } else {
                ParticipantView::Consolidated
            })
            .send()
            .await;
        list.unwrap_or_else(|e| panic!("GetSessionParticipants call {i}: {e}\n{:?}", e.body()));

        let details = client
            .get_session_participant_details("acc", "app", uuid, uuid)
            .filters(filters[..=i % filters.len()].iter().cloned())
            .include_peer_events(i % 2 == 1)
            .send()
            .await;
        details.unwrap_or_else(|e| {
            panic!("GetSessionParticipantDetails call {i}: {e}\n{:?}", e.body())
        });

        let peer = client
            .get_participant_data_from_peer_id("acc", "app", uuid)
            .filters(filters[i % filters.len()..].iter().cloned())
            .send()
            .await;
        peer.unwrap_or_else(|e| {
            panic!("GetParticipantDataFromPeerId call {i}: {e}\n{:?}", e.body())
        });

        let meeting = client
            .get_meeting_participant("acc", "app", uuid, format!("participant-{i}"))
            .send()
            .await;
        let meeting = meeting
            .unwrap_or_else(|e| panic!("GetMeetingParticipant call {i}: {e}\n{:?}", e.body()));
        seen.insert(meeting.data.custom_participant_id);
    }
    assert!(
        seen.len() > CALLS / 2,
        "Prism runs in dynamic mode, so responses vary: {seen:?}"
    );
}

/// Proof that Prism really validates, so the test above can fail: a
/// request breaking the spec is refused.
#[tokio::test(flavor = "multi_thread")]
async fn prism_rejects_requests_that_break_the_spec() {
    let prism = start_prism();
    let unauthenticated = client(&prism, None)
        .get_session_participants("acc", "app", "s")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        unauthenticated.status().map(|s| s.as_u16()),
        Some(401),
        "{unauthenticated}"
    );

    let negative_page = client(&prism, Some("t"))
        .get_session_participants("acc", "app", "s")
        .page_no(-1)
        .send()
        .await;
    let err = negative_page.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.is_client_error()),
        "{err}"
    );

    let long_account = "a".repeat(33);
    let err = client(&prism, Some("t"))
        .get_session_participants(long_account, "app", "s")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.is_client_error()),
        "maxLength 32 is enforced: {err}"
    );
}

/// The stream walks Prism's random pages without error.
#[tokio::test(flavor = "multi_thread")]
async fn streaming_against_random_pages_decodes() {
    let prism = start_prism();
    let client = client(&prism, Some("t"));
    // Random totals can be huge: take a bounded number of items.
    let items: Vec<_> = client
        .get_session_participants("acc", "app", "s")
        .per_page(3)
        .stream()
        .take(20)
        .collect()
        .await;
    for item in items {
        item.unwrap();
    }
}
