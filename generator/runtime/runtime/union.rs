//! Untagged unions of objects: which alternative to try first, so one
//! whose fields are all optional cannot take an object another describes.

/// What one alternative of an untagged union declares, when it is an
/// object: how [`union_order`] tells which alternative an object is.
pub(crate) struct VariantShape {
    /// Whether the alternative is an object with declared properties.
    pub(crate) object: bool,
    /// Declared property names.
    pub(crate) declared: &'static [&'static str],
    /// Required property names.
    pub(crate) required: &'static [&'static str],
    /// Properties typed as an enum, with the values it names.
    pub(crate) enums: &'static [(&'static str, &'static [&'static str])],
}

/// The order in which to try an untagged union's alternatives on `value`.
/// For an object: first the alternatives whose enum-typed properties it
/// matches and whose required properties it has, and among those the ones
/// declaring more of its keys (so an alternative whose fields are all
/// optional cannot take an object that another one describes better);
/// declaration order breaks ties. Anything else: declaration order.
pub(crate) fn union_order(value: &serde_json::Value, shapes: &[VariantShape]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..shapes.len()).collect();
    let Some(object) = value.as_object() else {
        return order;
    };
    order.sort_by_cached_key(|&i| {
        let shape = &shapes[i];
        if !shape.object {
            return (false, false, std::cmp::Reverse(0), i);
        }
        let wrong_tag = shape.enums.iter().any(|(key, values)| {
            object
                .get(*key)
                .and_then(serde_json::Value::as_str)
                .is_some_and(|v| !values.contains(&v))
        });
        let missing = shape.required.iter().any(|k| !object.contains_key(*k));
        let matched = object
            .keys()
            .filter(|k| shape.declared.contains(&k.as_str()))
            .count();
        (wrong_tag, missing, std::cmp::Reverse(matched), i)
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_order_prefers_the_alternative_that_describes_the_object() {
        const SHAPES: &[VariantShape] = &[
            // All optional: would take any object if tried first.
            VariantShape {
                object: true,
                declared: &["type", "device"],
                required: &[],
                enums: &[("type", &["push"])],
            },
            VariantShape {
                object: false,
                declared: &[],
                required: &[],
                enums: &[],
            },
            VariantShape {
                object: true,
                declared: &["type", "address", "label"],
                required: &["address"],
                enums: &[("type", &["email"])],
            },
        ];
        let email = serde_json::json!({"type": "email", "address": "a@b", "label": "x"});
        assert_eq!(union_order(&email, SHAPES), [2, 1, 0]);
        let push = serde_json::json!({"type": "push"});
        assert_eq!(union_order(&push, SHAPES), [0, 1, 2]);
        // Required key missing: tried after the others.
        let partial = serde_json::json!({"label": "x"});
        assert_eq!(union_order(&partial, SHAPES), [0, 1, 2]);
        assert_eq!(union_order(&serde_json::json!("text"), SHAPES), [0, 1, 2]);
    }
}
