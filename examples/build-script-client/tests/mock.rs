//! The client `build.rs` generated, called against a local mock server
//! (wiremock): requests go out as the document says and responses come
//! back typed.

use build_script_client::available_pet_names;
use build_script_client::shelter::types::{Pet, Status};
use build_script_client::shelter::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "s3cr3t";
const REX: &str = "0b5c7a36-3f5e-4d8e-9a43-7c1d2e9f6a10";

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .build()
        .expect("a client for the mock server");
    (server, client)
}

fn pet(id: &str, name: &str, status: &str) -> serde_json::Value {
    json!({"id": id, "name": name, "status": status, "arrived_at": "2024-05-01T09:30:00Z"})
}

#[tokio::test]
async fn finds_a_pet_typed() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path(format!("/pets/{REX}")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(pet(REX, "Rex", "pending")))
        .expect(1)
        .mount(&server)
        .await;
    let rex: Pet = client
        .get_pet(REX.parse().unwrap())
        .send()
        .await
        .expect("the pet");
    assert_eq!(rex.id.to_string(), REX);
    assert_eq!(rex.name, "Rex");
    assert_eq!(rex.status, Status::Pending);
    assert_eq!(rex.arrived_at.to_rfc3339(), "2024-05-01T09:30:00+00:00");
    assert_eq!(rex.tags, None);
}

#[tokio::test]
async fn admits_a_pet_with_its_body_built_from_arguments() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({"name": "Tom", "tags": ["calm"]})))
        .respond_with(ResponseTemplate::new(201).set_body_json(pet(REX, "Tom", "available")))
        .expect(1)
        .mount(&server)
        .await;
    let tom = client
        .admit_pet("Tom")
        .tags(["calm"])
        .send()
        .await
        .expect("the admitted pet");
    assert_eq!((tom.name.as_str(), tom.status), ("Tom", Status::Available));
}

#[tokio::test]
async fn streams_every_page_through_the_crates_own_function() {
    let (server, client) = server_and_client().await;
    for (page, pets) in [
        (
            "1",
            vec![pet(REX, "Rex", "available"), pet(REX, "Tom", "available")],
        ),
        ("2", vec![pet(REX, "Kit", "available")]),
    ] {
        Mock::given(method("GET"))
            .and(path("/pets"))
            .and(query_param("status", "available"))
            .and(query_param("page", page))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"items": pets, "total": 3})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let names = available_pet_names(&client).await.expect("every page");
    assert_eq!(names, ["Rex", "Tom", "Kit"]);
}

#[tokio::test]
async fn an_error_response_is_the_clients_error_with_its_status() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path(format!("/pets/{REX}")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no such pet"})))
        .mount(&server)
        .await;
    let error = client
        .get_pet(REX.parse().unwrap())
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 404);
            assert!(api.body.contains("no such pet"), "{}", api.body);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}
