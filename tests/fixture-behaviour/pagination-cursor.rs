//! Cursor pagination detected without `x-pagination`, against a local
//! server: next cursors in the response, page tokens, Stripe's
//! `starting_after` with `has_more`, and a server that repeats a cursor
//! (copied into the `pagination-cursor` fixture crate as
//! `tests/behaviour.rs` by `fixtures_compile`).

use std::time::Duration;

use fixture_pagination_cursor::{Client, Error, StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers::method};

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

async fn asked(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().map(|r| query(r, name)).collect()
}

async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the stream ends instead of looping")
}

fn events(ids: &[&str], next: Value) -> ResponseTemplate {
    let data: Vec<Value> = ids.iter().map(|id| json!({"id": id, "kind": "k"})).collect();
    ResponseTemplate::new(200).set_body_json(json!({"data": data, "meta": {"next_cursor": next}}))
}

#[tokio::test]
async fn follows_next_cursors_until_there_is_none() {
    let (server, client) = serve(|r: &Request| match query(r, "cursor").as_deref() {
        None => events(&["a", "b"], json!("c1")),
        Some("c1") => events(&["c"], json!("c2")),
        Some("c2") => events(&["d"], Value::Null),
        Some(_) => events(&["never"], Value::Null),
    })
    .await;
    let ids: Vec<String> = bounded(client.list_events().limit(2).stream().map_ok(|e| e.id).try_collect())
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(asked(&server, "cursor").await, [None, Some("c1".into()), Some("c2".into())]);
    // The other parameters go with every page.
    assert!(asked(&server, "limit").await.iter().all(|l| l.as_deref() == Some("2")));
}

#[tokio::test]
async fn a_cursor_that_repeats_ends_the_stream_instead_of_looping() {
    // A broken server: every page points back to the same cursor.
    let (server, client) = serve(|r: &Request| match query(r, "cursor").as_deref() {
        None => events(&["a"], json!("same")),
        _ => events(&["b"], json!("same")),
    })
    .await;
    let ids: Vec<String> = bounded(client.list_events().stream().map_ok(|e| e.id).try_collect())
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(asked(&server, "cursor").await, [None, Some("same".into())]);

    // Back to an earlier cursor (a cycle of two) ends it too.
    let (server, client) = serve(|r: &Request| match query(r, "cursor").as_deref() {
        None => events(&["a"], json!("x")),
        Some("x") => events(&["b"], json!("y")),
        _ => events(&["c"], json!("x")),
    })
    .await;
    let pages: Vec<_> = bounded(client.list_events().pages().try_collect::<Vec<_>>()).await.unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(asked(&server, "cursor").await.len(), 3);
}

#[tokio::test]
async fn an_empty_cursor_or_page_ends_the_stream() {
    let (server, client) = serve(|r: &Request| match query(r, "cursor").as_deref() {
        None => events(&["a"], json!("")),
        _ => events(&["never"], Value::Null),
    })
    .await;
    assert_eq!(bounded(client.list_events().stream().count()).await, 1);
    assert_eq!(asked(&server, "cursor").await.len(), 1);
    // An empty page ends it whatever cursor it gives.
    let (server, client) = serve(|_: &Request| events(&[], json!("more"))).await;
    assert_eq!(bounded(client.list_events().stream().count()).await, 0);
    assert_eq!(asked(&server, "cursor").await.len(), 1);
}

#[tokio::test]
async fn page_tokens_start_where_the_caller_says() {
    let (server, client) = serve(|r: &Request| match query(r, "page_token").as_deref() {
        Some("t5") => ResponseTemplate::new(200).set_body_json(json!({"entries": ["5"], "next_page_token": "t6"})),
        Some("t6") => ResponseTemplate::new(200).set_body_json(json!({"entries": ["6"]})),
        _ => ResponseTemplate::new(200).set_body_json(json!({"entries": ["wrong"]})),
    })
    .await;
    let lines: Vec<String> = bounded(client.list_logs().page_token("t5").stream().try_collect())
        .await
        .unwrap();
    assert_eq!(lines, ["5", "6"]);
    assert_eq!(asked(&server, "page_token").await, [Some("t5".into()), Some("t6".into())]);
}

fn customers(ids: &[&str], has_more: bool) -> ResponseTemplate {
    let data: Vec<Value> = ids.iter().map(|id| json!({"id": id, "object": "customer"})).collect();
    ResponseTemplate::new(200).set_body_json(
        json!({"object": "list", "data": data, "has_more": has_more, "url": "/v1/customers"}),
    )
}

#[tokio::test]
async fn stripe_lists_continue_after_the_last_id_while_has_more() {
    let (server, client) = serve(|r: &Request| match query(r, "starting_after").as_deref() {
        None => customers(&["cus_1", "cus_2"], true),
        Some("cus_2") => customers(&["cus_3"], true),
        Some("cus_3") => customers(&["cus_4"], false),
        Some(_) => customers(&["never"], false),
    })
    .await;
    let ids: Vec<String> = bounded(client.get_customers().limit(2).stream().map_ok(|c| c.id).try_collect())
        .await
        .unwrap();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3", "cus_4"]);
    assert_eq!(
        asked(&server, "starting_after").await,
        [None, Some("cus_2".into()), Some("cus_3".into())]
    );
    // `has_more: true` on an empty page cannot give a next id: the end.
    let (server, client) = serve(|_: &Request| customers(&[], true)).await;
    assert_eq!(bounded(client.get_customers().stream().count()).await, 0);
    assert_eq!(asked(&server, "starting_after").await.len(), 1);
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    let (server, client) = serve(|r: &Request| match query(r, "cursor").as_deref() {
        None => events(&["a"], json!("c1")),
        _ => ResponseTemplate::new(500).set_body_string("down"),
    })
    .await;
    let items: Vec<Result<_, Error>> = bounded(client.list_events().max_retries(0).stream().collect()).await;
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[1], Err(e) if e.status().map(|s| s.as_u16()) == Some(500)));
    assert_eq!(asked(&server, "cursor").await.len(), 2);
}

#[tokio::test]
async fn near_misses_only_send() {
    // `listTags` takes a cursor but its response gives none back.
    let (_server, client) = serve(|_: &Request| ResponseTemplate::new(200).set_body_json(json!(["a"]))).await;
    assert_eq!(client.list_tags().cursor("x").send().await.unwrap(), ["a"]);
}
