//! A refined list response decodes into the specific item type, and the
//! merged types keep every declared field (copied into the generated
//! `refinement` fixture crate as `tests/decode.rs` by `fixtures_compile`).

use fixture_refinement::types::{
    DnsResponseCollection, Labelled, Placeholders, ProxiedRecord, RecordKind,
};

#[test]
fn refined_list_response_decodes_into_records() {
    let body = serde_json::json!({
        "success": true,
        "errors": [],
        "messages": [],
        "result": [
            {"id": "r1", "type": "A", "name": "example.com", "meta": {"auto_added": true}},
            {"id": "r2", "type": "TXT", "name": "example.com", "tags": ["x"]}
        ],
        "result_info": {"count": 2.0, "page": 1.0}
    });
    let page: DnsResponseCollection = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(page.result.len(), 2);
    assert_eq!(page.result[0].id, "r1");
    assert_eq!(page.result[0].type_, RecordKind::A);
    assert_eq!(
        page.result[0].meta.as_ref().and_then(|m| m.auto_added),
        Some(true)
    );
    assert_eq!(page.result[1].type_, RecordKind::Txt);
    assert_eq!(serde_json::to_value(&page).unwrap(), body);
    // An item that is not a record is a deviation at its path (strict
    // decoding refuses it), kept as sent: never silently typed as JSON.
    let wrong = serde_json::json!({
        "success": true, "errors": [], "messages": [], "result": [{"name": 1}]
    });
    let bytes = serde_json::to_vec(&wrong).unwrap();
    assert!(fixture_refinement::decode_strict::<DnsResponseCollection>(&bytes).is_err());
    let decoded = fixture_refinement::decode::<DnsResponseCollection>(&bytes).unwrap();
    let paths: Vec<String> = decoded.deviations.iter().map(|d| d.path.to_string()).collect();
    assert_eq!(paths, ["result[0].name", "result[0].id", "result[0].type"]);
    assert_eq!(serde_json::to_value(&decoded.value).unwrap(), wrong);
}

#[test]
fn nested_refinement_placeholders_and_extra_keys_round_trip() {
    let record = serde_json::json!({
        "id": "r1", "type": "A", "name": "n",
        "meta": {"auto_added": false, "source": "import"},
        "settings": {"ttl": 60}
    });
    let decoded: ProxiedRecord = serde_json::from_value(record.clone()).unwrap();
    assert_eq!(decoded.meta.source, "import");
    assert_eq!(decoded.settings.as_ref().and_then(|s| s.ttl), Some(60));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), record);
    // `meta` is required by the refinement, `source` inside it too.
    let no_source = serde_json::json!({"id": "r1", "type": "A", "name": "n", "meta": {}});
    let bytes = serde_json::to_vec(&no_source).unwrap();
    assert!(fixture_refinement::decode_strict::<ProxiedRecord>(&bytes).is_err());
    let decoded = fixture_refinement::decode::<ProxiedRecord>(&bytes).unwrap();
    assert_eq!(decoded.deviations.len(), 1);
    assert_eq!(decoded.deviations[0].path.to_string(), "meta.source");
    assert_eq!(decoded.deviations[0].kind, fixture_refinement::DeviationKind::Missing);

    let p: Placeholders =
        serde_json::from_value(serde_json::json!({"a": 3, "b": {"auto_added": true}, "c": false}))
            .unwrap();
    assert_eq!(p.a, Some(3));
    assert_eq!(p.c, Some(false));

    let labelled = serde_json::json!({"id": "1", "label": "l", "colour": "red"});
    let decoded: Labelled = serde_json::from_value(labelled.clone()).unwrap();
    assert_eq!(
        decoded.additional_properties.get("colour").map(String::as_str),
        Some("red")
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), labelled);
}
