//! What the `configured` fixture's configuration file asked for, checked on
//! the generated crate (copied in as `tests/decode.rs` by
//! `fixtures_compile`): the replaced schemas are the given Rust types and
//! decode through them, a value they refuse is a deviation, the renamed
//! type and method exist, the derive applies, and the selection left the
//! inventory operations out.

use std::time::Duration;

use fixture_configured::types::{Order, OrderLine, Timeout};
use fixture_configured::{DeviationKind, decode};

/// `Order` derives `Eq` as the file asks (this does not compile otherwise).
fn assert_eq_type<T: Eq>() {}

#[test]
fn replaced_schemas_are_the_given_types() {
    let timeout: Timeout = Duration::from_secs(5);
    let order = decode::<Order>(
        br#"{"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
             "lines": [{"sku": "tea", "quantity": 2}],
             "hold_for": {"secs": 5, "nanos": 0}}"#,
    )
    .unwrap();
    assert!(order.deviations.is_empty(), "{:?}", order.deviations);
    let order = order.value;
    assert_eq!(order.hold_for, Some(timeout));
    assert_eq!(order.id, uuid::Uuid::parse_str("1b4e28ba-2fa1-11d2-883f-0016d3cca427").unwrap());
    let line: &OrderLine = &order.lines[0];
    assert_eq!((line.sku.as_str(), line.quantity), ("tea", 2));
    assert_eq_type::<Order>();
    assert_eq_type::<OrderLine>();
}

#[test]
fn a_value_the_replacement_refuses_is_a_deviation_not_an_error() {
    let order = decode::<Order>(
        br#"{"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "lines": [], "hold_for": "soon"}"#,
    )
    .unwrap();
    let [deviation] = &order.deviations[..] else {
        panic!("one deviation: {:?}", order.deviations);
    };
    assert_eq!(deviation.kind, DeviationKind::Mismatch);
    assert_eq!(deviation.expected, "Timeout");
    assert_eq!(deviation.raw(), Some(&serde_json::json!("soon")));
    // An optional field that does not fit is left empty, the value kept.
    assert_eq!(order.value.hold_for, None);
}

#[test]
fn renamed_method_and_selection() {
    let client = fixture_configured::Client::builder()
        .base_url("http://127.0.0.1:9")
        .token("t")
        .build()
        .unwrap();
    // `listOrders` is `orders`, paged as the file says; `getStatus` was
    // selected by operationId.
    let _pages = client.orders().per_page(10).stream();
    let _ = client.get_status();
    let document = include_str!("document.yaml");
    assert!(document.contains("listInventory"), "the document has it");
}
