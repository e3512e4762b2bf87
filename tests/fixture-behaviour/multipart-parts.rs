//! Multipart bodies whose document names no parts, against a local server:
//! the parts the caller names arrive in order, JSON as `application/json`,
//! text without a content type, files with their name and media type; a
//! media type that could break the part's headers is refused before
//! anything is sent (copied into the `multipart-parts` fixture crate as
//! `tests/behaviour.rs` by `fixtures_compile`).

use fixture_multipart_parts::{Client, Error, MultipartParts};
use serde_json::json;
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers::method};

async fn serve(answer: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(answer.clone()).mount(&server).await;
    Mock::given(method("POST")).respond_with(answer).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

/// The body received, with its boundary (read from the content type)
/// written as `BOUNDARY`.
fn body_text(request: &Request) -> String {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    String::from_utf8(request.body.clone()).unwrap().replace(boundary, "BOUNDARY")
}

#[tokio::test]
async fn named_parts_arrive_in_order_with_their_headers() {
    let (server, client) = serve(ResponseTemplate::new(200).set_body_json(json!({"id": "s_1"}))).await;
    let parts = MultipartParts::new()
        .json("metadata", json!({"main_module": "index.js"}))
        .file("index.js", "index.js", "application/javascript+module", "export default {};")
        .text("note", "first upload");
    let stored = client.upload_script("hello", parts).send().await.unwrap();
    assert_eq!(stored.id.as_deref(), Some("s_1"));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/scripts/hello");
    let expected = "--BOUNDARY\r\n\
        Content-Disposition: form-data; name=\"metadata\"\r\n\
        Content-Type: application/json\r\n\r\n\
        {\"main_module\":\"index.js\"}\r\n\
        --BOUNDARY\r\n\
        Content-Disposition: form-data; name=\"index.js\"; filename=\"index.js\"\r\n\
        Content-Type: application/javascript+module\r\n\r\n\
        export default {};\r\n\
        --BOUNDARY\r\n\
        Content-Disposition: form-data; name=\"note\"\r\n\r\n\
        first upload\r\n\
        --BOUNDARY--\r\n";
    assert_eq!(body_text(&requests[0]), expected);
}

#[tokio::test]
async fn an_optional_body_is_sent_only_when_given() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.attach().send().await.unwrap();
    let bytes: Vec<u8> = vec![0, 159, 146, 150];
    client
        .attach()
        .body(MultipartParts::new().file("scan", "scan.bin", "application/octet-stream", bytes.clone()))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
    assert!(requests[0].headers.get("content-type").is_none());
    let body = &requests[1].body;
    assert!(body.windows(bytes.len()).any(|w| w == bytes.as_slice()), "the file's bytes arrive as they are");
}

#[tokio::test]
async fn a_media_type_with_a_line_break_is_refused_before_sending() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let parts = MultipartParts::new().file("f", "f.txt", "text/plain\r\nX-Injected: 1", "x");
    let err = client.attach().body(parts).send().await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
