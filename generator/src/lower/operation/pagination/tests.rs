//! The detection rules, each with the near-misses that must not page, and
//! the order of settings, `x-pagination` and detection.

use crate::ir::{NextCursor, PageStyle, PagerSource, Pagination};
use crate::lower::{Lowered, lower};
use crate::settings::{PaginationOverride, PaginationSpec, Settings};

/// A document with one operation, `list` at `/l`: `method`, query
/// `params` (flow YAML, one per line) and the JSON success `schema`
/// (flow YAML); `extra` goes into the operation as it is.
fn doc(method: &str, params: &[&str], schema: &str, extra: &str) -> String {
    let params: String = params.iter().map(|p| format!("        - {p}\n")).collect();
    format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /l:
    {method}:
      operationId: list
{extra}      parameters:
        - {{name: unrelated, in: query, schema: {{type: string}}}}
{params}      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {schema}
components:
  schemas:
    Item: {{type: object, required: [id], properties: {{id: {{type: string}}, n: {{type: integer}}}}}}
    PerPage: {{type: number, minimum: 5, maximum: 50}}
"
    )
}

fn lowered(yaml: &str, settings: &Settings) -> Lowered {
    let doc = crate::load(yaml).expect("loads");
    lower(&doc, settings).expect("lowers")
}

fn pager(yaml: &str) -> Option<Pagination> {
    lowered(yaml, &Settings::new("t")).api.operations[0]
        .pagination
        .clone()
}

/// What detection finds for a GET with `params` and `schema`.
fn detected(params: &[&str], schema: &str) -> Option<PaginationSpec> {
    let p = pager(&doc("get", params, schema, ""))?;
    assert_eq!(p.source, PagerSource::Detected);
    Some(p.spec)
}

fn query(name: &str, ty: &str) -> String {
    format!("{{name: {name}, in: query, schema: {{type: {ty}}}}}")
}

const ITEMS: &str = "{type: array, items: {$ref: '#/components/schemas/Item'}}";

fn envelope(fields: &str) -> String {
    format!("{{type: object, properties: {{{fields}}}}}")
}

#[test]
fn cloudflare_page_numbers_with_a_result_info_block() {
    let schema = envelope(&format!(
        "success: {{type: boolean}}, errors: {{type: array, items: {{type: object}}}}, \
         messages: {{type: array, items: {{type: object}}}}, result: {ITEMS}, \
         result_info: {{type: object, properties: {{page: {{type: number}}, per_page: {{type: number}}, \
         count: {{type: number}}, total_count: {{type: number}}, total_pages: {{type: number}}}}}}"
    ));
    let spec = detected(
        &[&query("page", "number"), &query("per_page", "number")],
        &schema,
    );
    assert_eq!(
        spec,
        Some(PaginationSpec::PageNumber {
            page_param: "page".into(),
            size_param: Some("per_page".into()),
            items: Some("result".into()),
            total: Some("result_info.total_count".into()),
            total_pages: Some("result_info.total_pages".into()),
        })
    );
}

#[test]
fn a_paging_parameter_declared_through_a_reference_is_followed() {
    // Cloudflare: `per_page: {$ref: tunnel_per_page}`, a named number.
    let counted = envelope(&format!("result: {ITEMS}, total_count: {{type: number}}"));
    let size = "{name: per_page, in: query, schema: {$ref: '#/components/schemas/PerPage'}}";
    let p = pager(&doc("get", &[&query("page", "number"), size], &counted, ""))
        .expect("a page-number pager");
    let PageStyle::PageNumber {
        size: Some(size), ..
    } = &p.style
    else {
        panic!("{:?}", p.style)
    };
    // The emitter sees what the alias stands for.
    assert_eq!(size.ty, crate::ir::TypeRef::F64);
}

#[test]
fn page_numbers_need_a_size_a_total_and_an_item_array() {
    let counted = envelope(&format!("data: {ITEMS}, total: {{type: integer}}"));
    let (page, size) = (query("page", "integer"), query("per_page", "integer"));
    assert!(detected(&[&page, &size], &counted).is_some());
    // No total: a page number alone cannot tell where the list ends.
    assert_eq!(detected(&[&page, &size], ITEMS), None);
    assert_eq!(
        detected(&[&page, &size], &envelope(&format!("data: {ITEMS}"))),
        None
    );
    // No page-size parameter.
    assert_eq!(detected(&[&page], &counted), None);
    // A page parameter that is required, or not in the query.
    let required = "{name: page, in: query, required: true, schema: {type: integer}}";
    assert_eq!(detected(&[required, &size], &counted), None);
    let header = "{name: page, in: header, schema: {type: integer}}";
    assert_eq!(detected(&[header, &size], &counted), None);
    // A total that is text.
    let text_total = envelope(&format!("data: {ITEMS}, total: {{type: string}}"));
    assert_eq!(detected(&[&page, &size], &text_total), None);
    // Paging counters around one object, not a list (RealtimeKit's
    // livestream session).
    let single = envelope(
        "data: {type: object, properties: {id: {type: string}, \
         paging: {type: object, properties: {total_count: {type: integer}}}}}",
    );
    assert_eq!(detected(&[&page, &size], &single), None);
    // Two totals at the same depth: neither is trusted.
    let two = envelope(&format!(
        "data: {ITEMS}, a: {{type: object, properties: {{total: {{type: integer}}}}}}, \
         b: {{type: object, properties: {{total: {{type: integer}}}}}}"
    ));
    assert_eq!(detected(&[&page, &size], &two), None);
}

#[test]
fn cursors_pair_a_parameter_with_its_next_value() {
    let cursor = query("cursor", "string");
    let next = envelope(&format!(
        "data: {ITEMS}, meta: {{type: object, properties: {{next_cursor: {{type: string, nullable: true}}}}}}"
    ));
    assert_eq!(
        detected(&[&cursor], &next),
        Some(PaginationSpec::Cursor {
            cursor_param: "cursor".into(),
            next_cursor: Some("meta.next_cursor".into()),
            item_cursor: None,
            has_more: None,
            items: Some("data".into()),
        })
    );
    let token = envelope(&format!(
        "items: {ITEMS}, nextPageToken: {{type: string}}, hasMore: {{type: boolean}}"
    ));
    let Some(PaginationSpec::Cursor {
        cursor_param,
        next_cursor,
        has_more,
        ..
    }) = detected(&[&query("pageToken", "string")], &token)
    else {
        panic!("page tokens")
    };
    assert_eq!(
        (
            cursor_param.as_str(),
            next_cursor.as_deref(),
            has_more.as_deref()
        ),
        ("pageToken", Some("nextPageToken"), Some("hasMore"))
    );
    // OpenAI: `after` and the page's `last_id`.
    let last_id = envelope(&format!(
        "data: {ITEMS}, last_id: {{type: string}}, has_more: {{type: boolean}}"
    ));
    let spec = detected(&[&query("after", "string")], &last_id);
    assert!(
        matches!(&spec, Some(PaginationSpec::Cursor { next_cursor: Some(n), .. }) if n == "last_id"),
        "{spec:?}"
    );
    // Stripe's search: a string `page` and `next_page`.
    let next_page = envelope(&format!(
        "data: {ITEMS}, next_page: {{type: string, nullable: true}}"
    ));
    assert!(matches!(
        detected(&[&query("page", "string")], &next_page),
        Some(PaginationSpec::Cursor { .. })
    ));
}

#[test]
fn cursor_near_misses_do_not_page() {
    let next = envelope(&format!("data: {ITEMS}, next_cursor: {{type: string}}"));
    // No cursor parameter to send it back with.
    assert_eq!(detected(&[], &next), None);
    assert_eq!(detected(&[&query("page_token", "string")], &next), None);
    // A cursor parameter but nothing in the response to feed it.
    let plain = envelope(&format!("data: {ITEMS}"));
    assert_eq!(detected(&[&query("cursor", "string")], &plain), None);
    // A numeric cursor, or a numeric next cursor.
    assert_eq!(detected(&[&query("cursor", "integer")], &next), None);
    let numeric = envelope(&format!("data: {ITEMS}, next_cursor: {{type: integer}}"));
    assert_eq!(detected(&[&query("cursor", "string")], &numeric), None);
    // Not a GET: a POST with the same shape creates or searches.
    let post = doc("post", &[&query("cursor", "string")], &next, "");
    assert!(pager(&post).is_none());
}

#[test]
fn stripe_lists_take_the_last_items_id_with_has_more() {
    let list = envelope(&format!(
        "object: {{type: string}}, data: {ITEMS}, has_more: {{type: boolean}}, url: {{type: string}}"
    ));
    let (after, limit) = (query("starting_after", "string"), query("limit", "integer"));
    assert_eq!(
        detected(&[&limit, &after], &list),
        Some(PaginationSpec::Cursor {
            cursor_param: "starting_after".into(),
            next_cursor: None,
            item_cursor: Some("id".into()),
            has_more: Some("has_more".into()),
            items: Some("data".into()),
        })
    );
    // Without `has_more` the last id proves nothing.
    let no_more = envelope(&format!("data: {ITEMS}"));
    assert_eq!(detected(&[&limit, &after], &no_more), None);
    // Items without a string `id`.
    let numbers = envelope(
        "data: {type: array, items: {type: object, properties: {id: {type: integer}}}}, \
         has_more: {type: boolean}",
    );
    assert_eq!(detected(&[&limit, &after], &numbers), None);
}

#[test]
fn offsets_need_an_offset_and_a_limit() {
    let (offset, limit) = (query("offset", "integer"), query("limit", "integer"));
    let counted = envelope(&format!("results: {ITEMS}, total: {{type: integer}}"));
    assert_eq!(
        detected(&[&offset, &limit], &counted),
        Some(PaginationSpec::Offset {
            offset_param: "offset".into(),
            limit_param: Some("limit".into()),
            items: Some("results".into()),
            total: Some("total".into()),
        })
    );
    assert!(matches!(
        detected(&[&offset, &limit], ITEMS),
        Some(PaginationSpec::Offset {
            total: None,
            items: None,
            ..
        })
    ));
    assert_eq!(detected(&[&offset], &counted), None);
    assert_eq!(detected(&[&limit], &counted), None);
    // A declared maximum makes short pages trusted.
    let capped = "{name: limit, in: query, schema: {type: integer, maximum: 100}}";
    let p = pager(&doc("get", &[&offset, capped], ITEMS, "")).expect("offsets");
    assert!(matches!(
        p.style,
        PageStyle::Offset {
            limit_max: Some(100),
            ..
        }
    ));
}

#[test]
fn link_headers_page_lists_that_take_paging_parameters() {
    let with_link = |params: &[&str]| {
        doc("get", params, ITEMS, "").replace(
            "          description: ok\n",
            "          description: ok\n          headers:\n            Link: {schema: {type: string}}\n",
        )
    };
    let (page, size) = (query("page", "integer"), query("per_page", "integer"));
    let p = pager(&with_link(&[&size, &page])).expect("GitHub's lists page");
    assert_eq!(p.spec, PaginationSpec::LinkHeader { items: None });
    assert!(matches!(p.style, PageStyle::LinkHeader));
    // The same list without the header has no total, so no pager.
    assert!(pager(&doc("get", &[&size, &page], ITEMS, "")).is_none());
    // `/repositories?since=<id>`.
    assert!(pager(&with_link(&[&query("since", "integer")])).is_some());
    // A Link header on something that takes no paging parameter.
    assert!(pager(&with_link(&[])).is_none());
    assert!(pager(&with_link(&[&query("fields", "string")])).is_none());
}

#[test]
fn envelopes_with_several_arrays_need_a_telling_name() {
    let (offset, limit) = (query("offset", "integer"), query("limit", "integer"));
    let two = envelope(&format!("users: {ITEMS}, groups: {ITEMS}"));
    assert_eq!(detected(&[&offset, &limit], &two), None);
    let named = envelope(&format!("items: {ITEMS}, facets: {ITEMS}"));
    assert!(matches!(
        detected(&[&offset, &limit], &named),
        Some(PaginationSpec::Offset { items: Some(i), .. }) if i == "items"
    ));
    let nested = envelope(&format!(
        "data: {{type: object, properties: {{users: {ITEMS}}}}}, total: {{type: integer}}"
    ));
    assert!(matches!(
        detected(&[&offset, &limit], &nested),
        Some(PaginationSpec::Offset { items: Some(i), .. }) if i == "data.users"
    ));
}

#[test]
fn settings_win_over_the_extension_which_wins_over_detection() {
    let cursor = query("cursor", "string");
    let schema = envelope(&format!("data: {ITEMS}, next_cursor: {{type: string}}"));
    let declared =
        "      x-pagination: {style: cursor, cursor_param: cursor, item_cursor: id, items: data}\n";
    let yaml = doc("get", &[&cursor], &schema, declared);
    let p = pager(&yaml).expect("declared");
    assert_eq!(p.source, PagerSource::Extension);
    assert!(matches!(
        p.style,
        PageStyle::Cursor {
            next: NextCursor::LastItem(_),
            ..
        }
    ));

    let mut settings = Settings::new("t");
    settings
        .pagination
        .insert("list".into(), PaginationOverride::Off);
    assert!(
        lowered(&yaml, &settings).api.operations[0]
            .pagination
            .is_none()
    );

    let mut settings = Settings::new("t");
    let spec = PaginationSpec::Cursor {
        cursor_param: "cursor".into(),
        next_cursor: Some("next_cursor".into()),
        item_cursor: None,
        has_more: None,
        items: Some("data".into()),
    };
    settings
        .pagination
        .insert("list".into(), PaginationOverride::Use(spec.clone()));
    let p = lowered(&yaml, &settings).api.operations[0]
        .pagination
        .clone();
    assert_eq!(
        p.map(|p| (p.source, p.spec)),
        Some((PagerSource::Settings, spec))
    );

    // Detection off: the extension still counts, detection does not.
    let mut settings = Settings::new("t");
    settings.detect_pagination = false;
    assert!(
        lowered(&yaml, &settings).api.operations[0]
            .pagination
            .is_some()
    );
    let plain = doc("get", &[&cursor], &schema, "");
    assert!(
        lowered(&plain, &settings).api.operations[0]
            .pagination
            .is_none()
    );
    assert!(
        lowered(&plain, &Settings::new("t")).api.operations[0]
            .pagination
            .is_some()
    );
}

#[test]
fn declared_pagers_that_do_not_fit_are_warnings() {
    let cursor = query("cursor", "string");
    let schema = envelope(&format!("data: {ITEMS}, next_cursor: {{type: string}}"));
    let cases = [
        (
            "{style: cursor, cursor_param: cursor, next_cursor: next_cursor, item_cursor: id, items: data}",
            "name exactly one of `next_cursor` and `item_cursor`",
        ),
        ("{style: pages, items: data}", "unknown variant `pages`"),
        (
            "{style: link_header, items: data, next: x}",
            "unknown field `next`",
        ),
        (
            "{style: cursor, cursor_param: nope, next_cursor: next_cursor, items: data}",
            "`nope` is not an optional string query parameter",
        ),
        (
            "{style: offset, offset_param: cursor, items: data}",
            "`cursor` is not an optional numeric query parameter",
        ),
        ("{style: link_header}", "the response is not an array"),
    ];
    for (declared, message) in cases {
        let extra = format!("      x-pagination: {declared}\n");
        let l = lowered(
            &doc("get", &[&cursor], &schema, &extra),
            &Settings::new("t"),
        );
        // A declared pager that does not fit is not replaced by a detected one.
        assert!(l.api.operations[0].pagination.is_none(), "{declared}");
        let warnings: Vec<String> = l.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("pagination ignored") && w.contains(message)),
            "{declared}: {warnings:?}"
        );
    }
    let mut settings = Settings::new("t");
    settings
        .pagination
        .insert("lsit".into(), PaginationOverride::Off);
    let l = lowered(&doc("get", &[&cursor], &schema, ""), &settings);
    assert!(l.warnings.iter().any(|w| w.to_string().contains("`lsit`")));
}
