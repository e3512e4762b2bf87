//! Load: many concurrent requests through clones of one `Client`, and a soak
//! with injected 503s. The assertions are about correctness (everything
//! succeeds, or ends in a typed error, and nothing is lost); the figures
//! (connections, latency percentiles, peak memory) are printed for
//! BENCHMARKS.md: `cargo xtask bench` runs this file with `--nocapture`.

#[path = "fault_server.rs"]
mod fault_server;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cloudflare_realtimekit::{Client, Error};
use fault_server::{FaultServer, Reply};

const OK: &str = r#"{"success":true,"data":{"participants":[{"id":"a","duration":1.5}],"paging":{"total_count":1}}}"#;

fn client(server: &FaultServer) -> Client {
    Client::builder()
        .api_token("load-token")
        .base_url(server.url())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Peak resident memory of this process (server and client together), from
/// `/proc` where there is one.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_requests_through_clones_of_one_client() {
    const N: usize = 1_000;
    let server = FaultServer::start(|_, _| Reply::json(200, OK)).await;
    let client = client(&server);
    let started = Instant::now();
    let tasks: Vec<_> = (0..N)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let t = Instant::now();
                let result = client
                    .get_session_participants("acc", "app", integration_tests::session())
                    .send()
                    .await;
                (result, t.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(N);
    let mut failures = Vec::new();
    for task in tasks {
        let (result, latency) = tokio::time::timeout(Duration::from_secs(120), task)
            .await
            .expect("hang guard")
            .expect("no panic");
        match result {
            Ok(list) => {
                assert_eq!(list.data.unwrap().participants.unwrap().len(), 1);
                latencies.push(latency);
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    let wall = started.elapsed();
    assert!(
        failures.is_empty(),
        "{} failed: {failures:?}",
        failures.len()
    );
    assert_eq!(server.request_count(), N);
    latencies.sort();
    println!(
        "load: {N} concurrent requests, all succeeded in {wall:.2?}; connections accepted: {}; \
         latency p50 {:.2?}, p99 {:.2?}, max {:.2?}; peak RSS {}",
        server.accepted.load(Ordering::SeqCst),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies[N - 1],
        peak_rss()
    );
}

/// A cheap, well-mixed hash (SplitMix64) so the injected failures are
/// scattered but the same on every run.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10k_request_soak_with_5_percent_503s_loses_nothing() {
    const N: usize = 10_000;
    const IN_FLIGHT: usize = 100;
    // One request in twenty is a 503 (with `Retry-After: 0`, so the retry
    // is immediate); a request whose retry is unlucky too ends in a typed
    // API error.
    let unavailable = Arc::new(AtomicUsize::new(0));
    let counter = unavailable.clone();
    let server = FaultServer::start(move |n, _| {
        if mix(n as u64) % 20 == 0 {
            counter.fetch_add(1, Ordering::SeqCst);
            Reply::with(503, &[("retry-after", "0")], "overloaded")
        } else {
            Reply::json(200, OK)
        }
    })
    .await;
    let client = Client::builder()
        .api_token("soak-token")
        .base_url(server.url())
        .max_retries(1)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let gate = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..N {
        let permit = gate.clone().acquire_owned().await.unwrap();
        let client = client.clone();
        tasks.spawn(async move {
            let result = client
                .get_session_participants("acc", "app", integration_tests::session())
                .send()
                .await;
            drop(permit);
            result
        });
    }
    let (mut ok, mut typed, mut other) = (0usize, 0usize, Vec::new());
    while let Some(joined) = tokio::time::timeout(Duration::from_secs(300), tasks.join_next())
        .await
        .expect("hang guard")
    {
        match joined.expect("no panic") {
            Ok(_) => ok += 1,
            Err(Error::Api(e)) if e.status.as_u16() == 503 && e.attempts == 2 => {
                assert_eq!(e.body, "overloaded");
                typed += 1;
            }
            Err(e) => other.push(e.to_string()),
        }
    }
    let wall = started.elapsed();
    assert!(other.is_empty(), "unexpected errors: {other:?}");
    assert_eq!(ok + typed, N, "every request ends");
    let sent = server.request_count();
    let retries = sent - N;
    // Every 503 is either retried once (a first attempt) or ends as a typed
    // error (a retry): nothing else retries, nothing is dropped.
    assert_eq!(unavailable.load(Ordering::SeqCst), retries + typed);
    assert!(retries > 0, "some 503s were injected and retried");
    println!(
        "soak: {N} requests in {wall:.2?} ({IN_FLIGHT} in flight): {ok} succeeded, {typed} typed 503 errors, \
         {} requests reached the server ({} retries); connections accepted: {}; peak RSS {}",
        sent,
        retries,
        server.accepted.load(Ordering::SeqCst),
        peak_rss()
    );
}
