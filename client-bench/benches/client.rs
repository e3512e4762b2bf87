//! Client overhead: the generated client against raw `reqwest` doing the same
//! calls, and decoding a 10 000-participant page into the generated types
//! against a hand-written serde model.
//!
//! Run by `cargo xtask bench` (or `cargo bench -p client-bench`, with
//! `--features tracing` for the client's tracing feature on); prints a
//! Markdown table for BENCHMARKS.md. Nothing is asserted about time: a
//! benchmark reports, tests decide.
//!
//! The server is a minimal HTTP/1.1 responder on loopback, written here so it
//! costs almost nothing per request (a mock server's own matching would
//! dominate the figures) and so it can count the connections it accepts: both
//! clients must reuse connections, so the count stays near the concurrency.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cloudflare_realtimekit::Client;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Sizes of one run: the real ones under `cargo bench`; tiny ones when
/// `cargo test --all-targets` runs this file as a smoke test (without `--bench`).
struct Sizes {
    requests: usize,
    rounds: usize,
    page_items: usize,
    decode_rounds: usize,
}

const IN_FLIGHT: usize = 64;

static SIZES: std::sync::LazyLock<Sizes> = std::sync::LazyLock::new(sizes);

fn sizes() -> Sizes {
    if std::env::args().any(|a| a == "--bench") {
        Sizes {
            requests: 10_000,
            // Enough rounds for a steady median on a shared 2-core machine.
            rounds: 11,
            page_items: 10_000,
            decode_rounds: 15,
        }
    } else {
        Sizes {
            requests: 200,
            rounds: 1,
            page_items: 100,
            decode_rounds: 1,
        }
    }
}

/// A loopback server answering every request with one fixed response.
struct Server {
    url: String,
    accepted: Arc<AtomicUsize>,
}

async fn serve(body: Vec<u8>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response: Arc<[u8]> = response.into();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::Relaxed);
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut filled = 0;
                loop {
                    // Requests are GETs without bodies: answer at each blank line.
                    match socket.read(&mut buf[filled..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => filled += n,
                    }
                    while let Some(end) = find(&buf[..filled], b"\r\n\r\n") {
                        if socket.write_all(&response).await.is_err() {
                            return;
                        }
                        buf.copy_within(end + 4..filled, 0);
                        filled -= end + 4;
                    }
                    if filled == buf.len() {
                        return;
                    }
                }
            });
        }
    });
    Server { url, accepted }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// The model a person would write by hand for the same page.
#[derive(Deserialize)]
#[allow(dead_code)]
struct HandPage {
    data: Option<HandData>,
    success: Option<bool>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandData {
    participants: Option<Vec<HandParticipant>>,
    paging: Option<HandPaging>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandPaging {
    total_count: Option<i64>,
    start_offset: Option<i64>,
    end_offset: Option<i64>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandParticipant {
    id: Option<String>,
    created_at: Option<String>,
    custom_participant_id: Option<String>,
    display_name: Option<String>,
    duration: Option<f64>,
    joined_at: Option<String>,
    left_at: Option<String>,
    preset_name: Option<String>,
    updated_at: Option<String>,
    user_id: Option<String>,
}

fn page(items: usize) -> Vec<u8> {
    page_deviating(items, 0)
}

/// The page with one value in `1 / every` (of its ten per participant, so
/// `every = 100` is 1 %) of a shape the document does not declare: a
/// duration as text, which the generated types keep as sent and report.
fn page_deviating(items: usize, every: usize) -> Vec<u8> {
    let participants: Vec<serde_json::Value> = (0..items)
        .map(|i| {
            let duration = if every > 0 && (i * 10) % every == 0 {
                serde_json::json!("about twelve seconds")
            } else {
                serde_json::json!(12.5 + i as f64 / 100.0)
            };
            serde_json::json!({
                "id": format!("5b0a6c4e-2a45-4c8f-9d2b-{i:012}"),
                "created_at": "2026-11-23T10:00:00.000Z",
                "custom_participant_id": format!("user-{i}"),
                "display_name": format!("Participant number {i}"),
                "duration": duration,
                "joined_at": "2026-11-23T10:00:05.000Z",
                "left_at": "2026-11-23T10:30:05.000Z",
                "preset_name": "group_call_participant",
                "updated_at": "2026-11-23T10:30:05.000Z",
                "user_id": format!("9f1c2d3e-0000-4000-8000-{i:012}"),
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "success": true,
        "data": {
            "participants": participants,
            "paging": {"total_count": items, "start_offset": 1, "end_offset": items},
        }
    }))
    .expect("serialisable page")
}

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const APP: &str = "app";
const SESSION: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";

async fn generated_call(client: &Client) {
    let page = client
        .get_session_participants(ACCOUNT, APP, SESSION.parse().expect("a UUID"))
        .per_page(2)
        .send()
        .await
        .expect("generated client call");
    std::hint::black_box(page);
}

async fn raw_call(http: &reqwest::Client, url: &str) {
    let response = http
        .get(url)
        .bearer_auth("token")
        .header("accept", "application/json")
        // The generated client bounds every attempt; so does a careful raw caller.
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .expect("raw call");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("raw body");
    let page: HandPage = serde_json::from_slice(&bytes).expect("raw decode");
    std::hint::black_box(page);
}

/// Runs `SIZES.requests` calls with `concurrency` workers; wall time.
async fn drive<F, Fut>(concurrency: usize, call: F) -> Duration
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for w in 0..concurrency {
        let call = call.clone();
        let share = SIZES.requests / concurrency + usize::from(w < SIZES.requests % concurrency);
        workers.spawn(async move {
            for _ in 0..share {
                call().await;
            }
        });
    }
    while let Some(done) = workers.join_next().await {
        done.expect("worker");
    }
    started.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn overhead(concurrency: usize) -> (Duration, Duration, usize, usize) {
    let small = page(2);
    let generated_server = serve(small.clone()).await;
    let raw_server = serve(small).await;
    let client = Client::builder()
        .api_token("token")
        .base_url(generated_server.url.clone())
        .max_retries(0)
        .build()
        .expect("client");
    let http = reqwest::Client::builder().build().expect("reqwest client");
    let raw_url = format!(
        "{}/accounts/{ACCOUNT}/realtime/kit/{APP}/sessions/{SESSION}/participants?per_page=2",
        raw_server.url
    );
    let mut generated = Vec::new();
    let mut raw = Vec::new();
    // Warm both pools first, then alternate rounds so drift hits both alike.
    for round in 0..=SIZES.rounds {
        let c = client.clone();
        let g = drive(concurrency, move || {
            let c = c.clone();
            async move { generated_call(&c).await }
        })
        .await;
        let (h, u) = (http.clone(), raw_url.clone());
        let r = drive(concurrency, move || {
            let (h, u) = (h.clone(), u.clone());
            async move { raw_call(&h, &u).await }
        })
        .await;
        if round > 0 {
            generated.push(g);
            raw.push(r);
        }
    }
    (
        median(generated),
        median(raw),
        generated_server.accepted.load(Ordering::Relaxed),
        raw_server.accepted.load(Ordering::Relaxed),
    )
}

type GeneratedPage = cloudflare_realtimekit::types::SessionParticipantList;

/// Median times of: the hand-written model, the generated types through
/// serde, the generated crate's `decode` (what `send` runs), and `decode`
/// on the same page with 1 % of its values deviating; and the page size.
fn decode() -> (f64, f64, f64, f64, usize) {
    let body = page(SIZES.page_items);
    let deviating = page_deviating(SIZES.page_items, 100);
    let timed = |f: &dyn Fn()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    let hand = || {
        let page: HandPage = serde_json::from_slice(&body).expect("hand decode");
        std::hint::black_box(page);
    };
    let generated = || {
        let page: GeneratedPage = serde_json::from_slice(&body).expect("generated decode");
        std::hint::black_box(page);
    };
    let through_decode = || {
        let page = cloudflare_realtimekit::decode::<GeneratedPage>(&body).expect("decode");
        assert!(page.deviations.is_empty());
        std::hint::black_box(page);
    };
    let with_deviations = || {
        let page = cloudflare_realtimekit::decode::<GeneratedPage>(&deviating).expect("decode");
        assert_eq!(page.deviations.len(), SIZES.page_items / 10);
        std::hint::black_box(page);
    };
    // Interleaved rounds, so a busy moment on the machine hits all alike.
    let (mut h, mut g, mut d, mut x) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..SIZES.decode_rounds {
        h.push(timed(&hand));
        g.push(timed(&generated));
        d.push(timed(&through_decode));
        x.push(timed(&with_deviations));
    }
    (
        median(h).as_secs_f64(),
        median(g).as_secs_f64(),
        median(d).as_secs_f64(),
        median(x).as_secs_f64(),
        body.len(),
    )
}

/// The same page fetched and decoded end to end: the generated client
/// (`send`, with its error-path tracking) against raw `reqwest` and the
/// hand-written model, over loopback.
async fn fetch_page() -> (f64, f64) {
    let big = page(SIZES.page_items);
    let server = serve(big).await;
    let client = Client::builder()
        .api_token("token")
        .base_url(server.url.clone())
        .max_retries(0)
        .build()
        .expect("client");
    let http = reqwest::Client::builder().build().expect("reqwest client");
    let url = format!(
        "{}/accounts/{ACCOUNT}/realtime/kit/{APP}/sessions/{SESSION}/participants?per_page={}",
        server.url, SIZES.page_items
    );
    let (mut g, mut r) = (Vec::new(), Vec::new());
    for round in 0..=SIZES.decode_rounds {
        let t = Instant::now();
        let page = client
            .get_session_participants(ACCOUNT, APP, SESSION.parse().expect("a UUID"))
            .per_page(SIZES.page_items as i64)
            .send()
            .await
            .expect("generated page");
        std::hint::black_box(page);
        let gen_time = t.elapsed();
        let t = Instant::now();
        raw_call(&http, &url).await;
        let raw_time = t.elapsed();
        if round > 0 {
            g.push(gen_time);
            r.push(raw_time);
        }
    }
    (median(g).as_secs_f64(), median(r).as_secs_f64())
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let tracing = if cfg!(feature = "tracing") {
        "`tracing` on"
    } else {
        "default features"
    };
    println!(
        "| client overhead ({} requests, median of {} rounds; generated client with {tracing}) | generated | raw reqwest | ratio | connections accepted (generated / raw) |",
        SIZES.requests, SIZES.rounds
    );
    println!("|---|---:|---:|---:|---:|");
    for concurrency in [1, IN_FLIGHT] {
        let (g, r, gc, rc) = runtime.block_on(overhead(concurrency));
        let label = if concurrency == 1 {
            "sequential".to_owned()
        } else {
            format!("{concurrency} in flight")
        };
        println!(
            "| {label} | {:.0} ms | {:.0} ms | {:.2}× | {gc} / {rc} |",
            g.as_secs_f64() * 1e3,
            r.as_secs_f64() * 1e3,
            g.as_secs_f64() / r.as_secs_f64()
        );
    }
    let (hand, generated, through_decode, deviating, bytes) = decode();
    let (fetch_generated, fetch_raw) = runtime.block_on(fetch_page());
    let mb = bytes as f64 / (1024.0 * 1024.0);
    println!();
    println!(
        "| a {}-participant page ({mb:.1} MiB, median of {}) | time | throughput | vs hand-written |",
        SIZES.page_items, SIZES.decode_rounds
    );
    println!("|---|---:|---:|---:|");
    for (label, secs, base) in [
        ("decode: hand-written serde model", hand, hand),
        (
            "decode: generated types (serde `Deserialize`)",
            generated,
            hand,
        ),
        (
            "decode: the generated crate's `decode` (what `send` runs)",
            through_decode,
            hand,
        ),
        (
            "decode: `decode`, 1 % of values deviating (kept and listed)",
            deviating,
            hand,
        ),
        (
            "fetch + decode: raw reqwest + hand-written model",
            fetch_raw,
            fetch_raw,
        ),
        (
            "fetch + decode: generated client `send()`",
            fetch_generated,
            fetch_raw,
        ),
    ] {
        println!(
            "| {label} | {:.1} ms | {:.0} MiB/s | {:.2}× |",
            secs * 1e3,
            mb / secs,
            base / secs
        );
    }
}
