//! Every union variant decodes as itself: all-optional variants with
//! one-value tags dispatch on the tag, and untagged unions pick the variant
//! that declares the object's keys (copied into the generated `unions`
//! fixture crate as `tests/decode.rs` by `fixtures_compile`).

use fixture_unions::types::{ContactMethod, Target};

fn round_trip<T>(value: &serde_json::Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let decoded: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

#[test]
fn tagged_variants_decode_as_themselves() {
    let email = serde_json::json!({
        "type": "email_contact_method", "label": "Work", "address": "a@example.com",
        "send_short_email": true
    });
    let ContactMethod::EmailContactMethod(e) = round_trip(&email) else {
        panic!("email decoded as another variant")
    };
    assert_eq!(e.address.as_deref(), Some("a@example.com"));
    let reference = serde_json::json!({"type": "email_contact_method_reference", "label": "x"});
    assert!(matches!(
        round_trip(&reference),
        ContactMethod::EmailContactMethod(_)
    ));
    let phone = serde_json::json!({
        "type": "phone_contact_method", "country_code": 1, "address": "5550100"
    });
    let ContactMethod::PhoneContactMethod(p) = round_trip(&phone) else {
        panic!("phone decoded as another variant")
    };
    assert_eq!(p.country_code, Some(1));
    let push = serde_json::json!({"type": "push_notification_contact_method", "device_type": "ios"});
    assert!(matches!(
        round_trip(&push),
        ContactMethod::PushContactMethod(_)
    ));
    // An unknown tag is kept as sent.
    let fax = serde_json::json!({"type": "fax_contact_method", "number": "1"});
    assert!(matches!(round_trip(&fax), ContactMethod::Unknown(_)));
}

#[test]
fn untagged_variants_are_chosen_by_their_keys() {
    let user = serde_json::json!({"summary": "s", "user_id": "u1", "email": "e"});
    let Target::UserTarget(u) = round_trip(&user) else {
        panic!("user decoded as another variant")
    };
    assert_eq!(u.user_id, "u1");
    let team = serde_json::json!({"team_id": "t1", "members": 3});
    assert!(matches!(round_trip(&team), Target::TeamTarget(_)));
    let loose = serde_json::json!({"summary": "only a summary"});
    assert!(matches!(round_trip(&loose), Target::LooseTarget(_)));
    assert!(matches!(
        round_trip(&serde_json::json!("text")),
        Target::String(_)
    ));
}

/// What strays inside a union: a value no alternative fits is kept whole
/// in `Unknown`; a value that converts without loss picks the alternative
/// that describes it; a bad value inside the variant the tag names stays
/// inside that variant.
#[test]
fn union_values_that_stray_are_kept_and_reported() {
    use fixture_unions::DeviationKind;
    let decode = |value: &serde_json::Value| {
        let decoded =
            fixture_unions::decode::<Target>(&serde_json::to_vec(value).unwrap()).unwrap();
        assert_eq!(&serde_json::to_value(&decoded.value).unwrap(), value);
        let found: Vec<(String, DeviationKind)> = decoded
            .deviations
            .iter()
            .map(|d| (d.path.to_string(), d.kind))
            .collect();
        (decoded.value, found)
    };
    let (target, found) = decode(&serde_json::json!([1, 2]));
    assert!(matches!(target, Target::Unknown(_)));
    assert_eq!(found, [(".".to_owned(), DeviationKind::NoVariant)]);
    // A number where a string or an object is declared: no alternative
    // takes it as it is, so it is kept as it is.
    let (target, found) = decode(&serde_json::json!(42));
    assert!(matches!(target, Target::Unknown(ref v) if v == 42));
    assert_eq!(found, [(".".to_owned(), DeviationKind::NoVariant)]);
    // A user whose id came as a number is still the user.
    let (target, found) = decode(&serde_json::json!({"user_id": 7, "summary": "s"}));
    let Target::UserTarget(user) = target else {
        panic!("a user decoded as another variant: {target:?}")
    };
    assert_eq!(user.user_id, "7");
    assert_eq!(found, [("user_id".to_owned(), DeviationKind::Coerced)]);

    let phone = serde_json::json!({"type": "phone_contact_method", "country_code": "one"});
    let decoded =
        fixture_unions::decode::<ContactMethod>(&serde_json::to_vec(&phone).unwrap()).unwrap();
    assert!(matches!(decoded.value, ContactMethod::PhoneContactMethod(_)));
    assert_eq!(decoded.deviations[0].path.to_string(), "country_code");
    assert_eq!(serde_json::to_value(&decoded.value).unwrap(), phone);
}
