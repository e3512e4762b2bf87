//! Offset pagination detected without `x-pagination`, against a local
//! server: a reported total, and short pages trusted only under a limit
//! the document promises to honour (copied into the `pagination-offset`
//! fixture crate as `tests/behaviour.rs` by `fixtures_compile`).

use std::time::Duration;

use fixture_pagination_offset::{Client, StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers::method};

async fn serve(answer: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(answer).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

fn number(request: &Request, name: &str) -> Option<usize> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

async fn offsets(server: &MockServer) -> Vec<Option<usize>> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().map(|r| number(r, "offset")).collect()
}

async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the stream ends")
}

/// Users `from..to` of a list of `len`.
fn users(from: usize, to: usize, len: usize) -> Vec<Value> {
    (from..to.min(len)).map(|id| json!({"id": id})).collect()
}

#[tokio::test]
async fn moves_on_by_the_items_received_and_stops_at_the_total() {
    // The server caps pages at two whatever the limit asked.
    let (server, client) = serve(|r: &Request| {
        let offset = number(r, "offset").unwrap_or(0);
        ResponseTemplate::new(200).set_body_json(json!({"results": users(offset, offset + 2, 5), "total": 5}))
    })
    .await;
    let ids: Vec<i64> = bounded(client.list_users().limit(10).stream().map_ok(|u| u.id).try_collect())
        .await
        .unwrap();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    assert_eq!(offsets(&server).await, [Some(0), Some(2), Some(4)]);
}

#[tokio::test]
async fn starts_at_the_offset_the_caller_sets() {
    let (server, client) = serve(|r: &Request| {
        let offset = number(r, "offset").unwrap_or(0);
        ResponseTemplate::new(200).set_body_json(json!({"results": users(offset, offset + 3, 7), "total": 7}))
    })
    .await;
    let pages: Vec<_> = bounded(client.list_users().offset(3).pages().try_collect::<Vec<_>>()).await.unwrap();
    assert_eq!(pages.iter().map(|p| p.results.len()).collect::<Vec<_>>(), [3, 1]);
    assert_eq!(offsets(&server).await, [Some(3), Some(6)]);
}

fn audit(r: &Request) -> ResponseTemplate {
    let offset = number(r, "offset").unwrap_or(0);
    let limit = number(r, "limit").unwrap_or(3);
    ResponseTemplate::new(200).set_body_json(Value::Array(users(offset, offset + limit, 7)))
}

#[tokio::test]
async fn a_short_page_ends_the_list_under_a_limit_the_document_caps() {
    // `limit` is at most 100 in the document: 3 is honoured, so the page
    // of one item (offset 6) is the last.
    let (server, client) = serve(audit).await;
    let count = bounded(client.list_audit().limit(3).stream().count()).await;
    assert_eq!(count, 7);
    assert_eq!(offsets(&server).await, [Some(0), Some(3), Some(6)]);
}

#[tokio::test]
async fn without_a_trusted_limit_only_an_empty_page_ends_the_list() {
    // No limit sent: the server's own page size is unknown, so the short
    // page proves nothing.
    let (server, client) = serve(audit).await;
    assert_eq!(bounded(client.list_audit().stream().count()).await, 7);
    assert_eq!(offsets(&server).await, [Some(0), Some(3), Some(6), Some(7)]);
    // A limit beyond the documented maximum may be capped: not trusted.
    let (server, client) = serve(|r: &Request| {
        let offset = number(r, "offset").unwrap_or(0);
        ResponseTemplate::new(200).set_body_json(Value::Array(users(offset, offset + 100, 250)))
    })
    .await;
    assert_eq!(bounded(client.list_audit().limit(500).stream().count()).await, 250);
    assert_eq!(offsets(&server).await, [Some(0), Some(100), Some(200), Some(250)]);
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    let (server, client) = serve(|r: &Request| match number(r, "offset") {
        Some(0) => ResponseTemplate::new(200).set_body_json(json!({"results": users(0, 2, 9), "total": 9})),
        _ => ResponseTemplate::new(400).set_body_string("bad offset"),
    })
    .await;
    let items: Vec<_> = bounded(client.list_users().stream().collect::<Vec<_>>()).await;
    assert_eq!(items.len(), 3);
    assert!(items[2].is_err());
    assert_eq!(offsets(&server).await.len(), 2);
}
