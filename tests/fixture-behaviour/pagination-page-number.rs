//! Page-number pagination detected in a Cloudflare-style document, against
//! a local server (copied into the `pagination-page-number` fixture crate
//! as `tests/behaviour.rs` by `fixtures_compile`).

use std::time::Duration;

use fixture_pagination_page_number::{Client, Error, StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers::method};

/// A server answering every GET with `answer(query)`, and a client for it.
async fn serve(answer: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(answer).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The pages asked for, in order.
async fn asked(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().map(|r| query(r, name)).collect()
}

/// Cloudflare's envelope around `ids`, with `result_info` when given.
fn envelope(ids: &[&str], result_info: Option<Value>) -> ResponseTemplate {
    let result: Vec<Value> = ids.iter().map(|id| json!({"id": id, "name": id})).collect();
    let mut body = json!({"success": true, "errors": [], "messages": [], "result": result});
    if let Some(info) = result_info {
        body["result_info"] = info;
    }
    ResponseTemplate::new(200).set_body_json(body)
}

/// Ends the test instead of hanging when a stream does not end.
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the stream ends")
}

#[tokio::test]
async fn streams_every_zone_and_stops_at_the_reported_total() {
    let (server, client) = serve(|r: &Request| {
        let page = query(r, "page").unwrap_or_default();
        let ids: &[&str] = match page.as_str() {
            "1" => &["a", "b"],
            "2" => &["c", "d"],
            "3" => &["e"],
            _ => &["never"],
        };
        let info = json!({"page": 1, "per_page": 2, "count": ids.len(), "total_count": 5.0, "total_pages": 3.0});
        envelope(ids, Some(info))
    })
    .await;
    let zones: Vec<String> = bounded(client.list_zones().per_page(2).stream().map_ok(|z| z.id).try_collect())
        .await
        .unwrap();
    assert_eq!(zones, ["a", "b", "c", "d", "e"]);
    // No request for a page known to be empty.
    let pages = asked(&server, "page").await;
    assert_eq!(pages, [Some("1".into()), Some("2".into()), Some("3".into())]);
    assert!(asked(&server, "per_page").await.iter().all(|s| s.as_deref() == Some("2")));
}

#[tokio::test]
async fn pages_keep_the_envelope_and_start_where_the_caller_says() {
    let (server, client) = serve(|r: &Request| {
        let page: f64 = query(r, "page").and_then(|p| p.parse().ok()).unwrap_or(0.0);
        let info = json!({"page": page, "total_count": 6, "total_pages": 3});
        envelope(&[&format!("z{page}"), "x"], Some(info))
    })
    .await;
    let pages: Vec<_> = bounded(client.list_zones().page(2).pages().try_collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].result_info.as_ref().and_then(|i| i.page), Some(2.0));
    assert_eq!(pages[1].result.as_ref().map(|r| r[0].id.as_str()), Some("z3"));
    assert_eq!(asked(&server, "page").await, [Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn without_totals_an_empty_page_ends_the_stream() {
    let (server, client) = serve(|r: &Request| match query(r, "page").as_deref() {
        Some("1") => envelope(&["a", "b"], None),
        // Short, which proves nothing: servers cap page sizes.
        Some("2") => envelope(&["c"], None),
        _ => envelope(&[], None),
    })
    .await;
    let zones: Vec<_> = bounded(client.list_zones().per_page(5).stream().try_collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(zones.len(), 3);
    assert_eq!(asked(&server, "page").await.len(), 3);
}

#[tokio::test]
async fn a_page_count_ends_the_stream_too() {
    let (server, client) = serve(|r: &Request| {
        let p = query(r, "p").unwrap_or_default();
        ResponseTemplate::new(200).set_body_json(json!({"zones": [{"id": p, "name": p}], "pages": 2}))
    })
    .await;
    let zones: Vec<_> = bounded(client.list_zones_paged().stream().try_collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(zones.len(), 2);
    assert_eq!(asked(&server, "p").await, [Some("1".into()), Some("2".into())]);
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    let (server, client) = serve(|r: &Request| match query(r, "page").as_deref() {
        Some("1") => envelope(&["a"], Some(json!({"total_count": 10}))),
        _ => ResponseTemplate::new(404).set_body_json(json!({"success": false, "errors": [{"code": 7003, "message": "gone"}], "messages": []})),
    })
    .await;
    let items: Vec<Result<_, Error>> = bounded(client.list_zones().max_retries(0).stream().collect()).await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert_eq!(items[1].as_ref().unwrap_err().status().map(|s| s.as_u16()), Some(404));
    assert_eq!(asked(&server, "page").await.len(), 2);
}

#[tokio::test]
async fn a_single_object_with_page_parameters_has_no_stream() {
    // `getZoneSummary` takes `page` but answers one zone: it only sends.
    let (_server, client) = serve(|_: &Request| {
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": {"id": "s", "name": "s"}}))
    })
    .await;
    let summary = client.get_zone_summary().page(3).send().await.unwrap();
    assert_eq!(summary.result.map(|z| z.id).as_deref(), Some("s"));
}
