//! `style: deepObject` query parameters on the wire, read back from a local
//! server exactly as received: objects as `name[key]=value` pairs, nested
//! objects and list items one bracket pair per level, a union's scalar
//! alternative as a plain pair, unset and `null` properties left out,
//! undeclared properties sent too (copied into the `deep-object` fixture
//! crate as `tests/behaviour.rs` by `fixtures_compile`).

use fixture_deep_object::Client;
use fixture_deep_object::types::{
    ListOrdersFilter, ListOrdersFilterBuyer, ListOrdersFilterLinesItem, ListOrdersPlacedVariant1,
    ShopReportPeriod,
};
use serde_json::json;
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};

async fn serve(body: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(body).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

/// The query strings received, brackets decoded so the assertions read
/// like the pairs they stand for (every other escape kept).
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| r.url.query().unwrap_or("").replace("%5B", "[").replace("%5D", "]"))
        .collect()
}

#[tokio::test]
async fn objects_nest_in_brackets_and_lists_count_their_items() {
    let (server, client) = serve(ResponseTemplate::new(200).set_body_json(json!(["o_1"]))).await;
    let mut buyer = ListOrdersFilterBuyer::new().with_country("FR");
    // An undeclared property goes out beside the declared ones.
    buyer.extra.insert("segment", "b2b");
    let mut filter = ListOrdersFilter::new()
        .with_status("shipped")
        .with_buyer(buyer)
        .with_tags(["gift wrap", "a&b"])
        .with_lines([
            ListOrdersFilterLinesItem::new("sku-1").with_quantity(2),
            ListOrdersFilterLinesItem::new("sku-2"),
        ])
        .with_total_above(50);
    // A property set to `null` is left out like an unset one.
    filter.extra.insert("note", serde_json::Value::Null);
    let ids = client
        .list_orders()
        .filter(filter)
        .placed(ListOrdersPlacedVariant1::new().with_after(1_700_000_000))
        .expand(["buyer", "lines"])
        .labels([("team", "north")])
        .page_size(20)
        .send()
        .await
        .unwrap();
    assert_eq!(ids, ["o_1"]);
    let expected = [
        "filter[status]=shipped",
        "filter[buyer][country]=FR",
        "filter[buyer][segment]=b2b",
        "filter[tags][0]=gift%20wrap",
        "filter[tags][1]=a%26b",
        "filter[lines][0][sku]=sku-1",
        "filter[lines][0][quantity]=2",
        "filter[lines][1][sku]=sku-2",
        "filter[total_above]=50",
        "placed[after]=1700000000",
        "expand[0]=buyer",
        "expand[1]=lines",
        "labels[team]=north",
        "page_size=20",
    ];
    assert_eq!(queries(&server).await, [expected.join("&")]);
}

#[tokio::test]
async fn a_union_scalar_is_a_plain_pair_and_an_empty_object_sends_nothing() {
    let (server, client) = serve(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    client
        .list_orders()
        .placed(1_700_000_000_i64)
        .filter(ListOrdersFilter::new())
        .send()
        .await
        .unwrap();
    assert_eq!(queries(&server).await, ["placed=1700000000"]);
}

#[tokio::test]
async fn a_required_deep_object_is_an_argument() {
    let (server, client) = serve(ResponseTemplate::new(200).set_body_string("ok")).await;
    let from = "2025-01-01".parse().unwrap();
    let to = "2025-03-31".parse().unwrap();
    let report = client
        .shop_report("main", ShopReportPeriod::new(from).with_to(to))
        .send()
        .await
        .unwrap();
    assert_eq!(report, "ok");
    assert_eq!(
        queries(&server).await,
        ["period[from]=2025-01-01&period[to]=2025-03-31"]
    );
    // The brackets themselves travel percent-encoded.
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests[0].url.query(),
        Some("period%5Bfrom%5D=2025-01-01&period%5Bto%5D=2025-03-31")
    );
}
