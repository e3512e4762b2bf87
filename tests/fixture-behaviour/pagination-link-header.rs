//! RFC 8288 `Link` header pagination detected in a GitHub-style document,
//! against a local server: next links followed (absolute or relative) with
//! the request's credentials only on the API's origin, a repeated link
//! ends the stream (copied into the `pagination-link-header` fixture crate
//! as `tests/behaviour.rs` by `fixtures_compile`).

use std::time::Duration;

use fixture_pagination_link_header::{Client, Error, StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers::method};

const ISSUES: &str = "/repos/o/r/issues";

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

async fn received(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or("")))
        .collect()
}

async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the stream ends instead of looping")
}

fn issues(ids: &[i64], link: Option<String>) -> ResponseTemplate {
    let body: Vec<Value> = ids.iter().map(|id| json!({"id": id, "title": "t"})).collect();
    let response = ResponseTemplate::new(200).set_body_json(body);
    match link {
        Some(link) => response.insert_header("link", link.as_str()),
        None => response,
    }
}

#[tokio::test]
async fn follows_next_links_until_there_is_none() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .respond_with(move |r: &Request| match query(r, "page").as_deref() {
            None => issues(
                &[1, 2],
                Some(format!(
                    r#"<{uri}{ISSUES}?state=closed&per_page=2&page=2>; rel="next", <{uri}{ISSUES}?state=closed&per_page=2&page=3>; rel="last""#
                )),
            ),
            // A relative link, resolved against the request.
            Some("2") => issues(&[3, 4], Some(format!(r#"<{ISSUES}?state=closed&per_page=2&page=3>; rel="next""#))),
            Some(_) => issues(&[5], Some(format!(r#"<{uri}{ISSUES}?page=1>; rel="first""#))),
        })
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let ids: Vec<i64> = bounded(
        client
            .issues_list_for_repo("o", "r")
            .state("closed")
            .per_page(2)
            .stream()
            .map_ok(|i| i.id)
            .try_collect(),
    )
    .await
    .unwrap();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(
        received(&server).await,
        [
            format!("{ISSUES}?state=closed&per_page=2"),
            format!("{ISSUES}?state=closed&per_page=2&page=2"),
            format!("{ISSUES}?state=closed&per_page=2&page=3"),
        ]
    );
}

#[tokio::test]
async fn envelopes_stream_their_items_and_pages_keep_the_total() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .respond_with(move |r: &Request| {
            let page = query(r, "page").unwrap_or_else(|| "1".into());
            let link = (page == "1").then(|| format!(r#"<{uri}/repos/o/r/actions/runs?page=2>; rel="next""#));
            let body = json!({"total_count": 3, "workflow_runs": if page == "1" { json!([{"id": 1, "title": "a"}, {"id": 2, "title": "b"}]) } else { json!([{"id": 3, "title": "c"}]) }});
            let response = ResponseTemplate::new(200).set_body_json(body);
            match link {
                Some(link) => response.insert_header("link", link.as_str()),
                None => response,
            }
        })
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let pages: Vec<_> = bounded(client.actions_list_workflow_runs_for_repo("o", "r").pages().try_collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(pages.iter().map(|p| (p.total_count, p.workflow_runs.len())).collect::<Vec<_>>(), [(3, 2), (3, 1)]);
    let count = bounded(client.actions_list_workflow_runs_for_repo("o", "r").stream().count()).await;
    assert_eq!(count, 3);
}

#[tokio::test]
async fn a_link_that_repeats_or_an_empty_page_ends_the_stream() {
    let (server, client) = serve(|r: &Request| {
        let link = Some(format!(r#"<{ISSUES}?page=2>; rel="next""#));
        match query(r, "page").as_deref() {
            None => issues(&[1], link),
            _ => issues(&[2], link),
        }
    })
    .await;
    assert_eq!(bounded(client.issues_list_for_repo("o", "r").stream().count()).await, 2);
    assert_eq!(received(&server).await.len(), 2);
    let (server, client) = serve(|_: &Request| issues(&[], Some(format!(r#"<{ISSUES}?page=9>; rel="next""#)))).await;
    assert_eq!(bounded(client.issues_list_for_repo("o", "r").stream().count()).await, 0);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_link_to_another_origin_is_an_error_not_a_request() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(issues(&[99], None))
        .mount(&elsewhere)
        .await;
    let other = elsewhere.uri();
    let (server, client) = serve(move |_: &Request| issues(&[1], Some(format!(r#"<{other}{ISSUES}?page=2>; rel="next""#)))).await;
    let items: Vec<Result<_, Error>> = bounded(client.issues_list_for_repo("o", "r").stream().collect()).await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    let error = items[1].as_ref().unwrap_err();
    assert!(matches!(error, Error::Paging(_)), "{error:?}");
    assert!(error.to_string().contains("origin"), "{error}");
    assert_eq!(received(&server).await.len(), 1);
    assert!(elsewhere.received_requests().await.unwrap_or_default().is_empty());
}
