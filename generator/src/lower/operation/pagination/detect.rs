//! Recognising how a list operation pages, from its parameters and its
//! response, when the document does not say (vendor documents never carry
//! `x-pagination`). Conservative: a pattern is recognised only when a
//! request parameter AND the response shape both fit it, by the names
//! vendors use; the rules are listed in docs/decisions.md ("Pagination").
//! A GET only, with a JSON response holding one item array. In order:
//!
//! 1. **`Link` header**: a success response declares a `Link` header, and
//!    the operation takes a page, page-size, offset or cursor parameter, or
//!    `since`/`before` (GitHub).
//! 2. **cursor**: a string cursor parameter and, in the response, the next
//!    cursor of the same family (`cursor` → `next_cursor`, `page_token` →
//!    `next_page_token`, …); or `starting_after`/`after` with a `has_more`
//!    boolean and a string `id` on the items (Stripe).
//! 3. **page number**: a numeric page parameter and a page-size parameter,
//!    and a total item or page count in the response (Cloudflare's
//!    `result_info`).
//! 4. **offset**: numeric offset and limit parameters (a total in the
//!    response is used when there is one).
//!
//! What this finds is then checked like any declared pager
//! ([`super::fields::check`]).

use super::super::super::Ctx;
use super::fields::{is_count, query_param, resolved, struct_fields};
use crate::ir::{Operation, ResponseKind, TypeRef};
use crate::settings::PaginationSpec;

/// Page-number parameters.
const PAGE: &[&str] = &[
    "page",
    "page_no",
    "page_number",
    "pageNo",
    "pageNumber",
    "page_num",
];
/// Page-size parameters (of page-number and offset paging alike).
const SIZE: &[&str] = &[
    "per_page",
    "perPage",
    "page_size",
    "pageSize",
    "limit",
    "size",
];
/// Item-offset parameters.
const OFFSET: &[&str] = &["offset", "skip"];
/// Total item counts in a response.
const TOTAL: &[&str] = &[
    "total_count",
    "totalCount",
    "total",
    "total_results",
    "totalResults",
    "total_items",
    "totalItems",
    "total_entries",
    "totalEntries",
    "total_size",
    "totalSize",
];
/// Total page counts in a response.
const TOTAL_PAGES: &[&str] = &["total_pages", "totalPages", "page_count", "pageCount"];
/// Booleans saying more pages follow.
const HAS_MORE: &[&str] = &[
    "has_more",
    "hasMore",
    "has_next",
    "hasNext",
    "has_next_page",
    "hasNextPage",
];
/// Cursor parameters, each with the response fields that carry the next
/// value of it.
const CURSORS: &[(&[&str], &[&str])] = &[
    (&["cursor"], &["next_cursor", "nextCursor", "cursor"]),
    (
        &["page_token", "pageToken"],
        &["next_page_token", "nextPageToken"],
    ),
    (&["next_token", "nextToken"], &["next_token", "nextToken"]),
    (
        &["continuation_token", "continuationToken"],
        &[
            "next_continuation_token",
            "nextContinuationToken",
            "continuation_token",
            "continuationToken",
        ],
    ),
    (&["marker"], &["next_marker", "nextMarker"]),
    // A string `page` (a token, Stripe's search), not a number.
    (&["page"], &["next_page", "nextPage"]),
    (
        &["after", "starting_after", "startingAfter"],
        &[
            "next_cursor",
            "nextCursor",
            "last_id",
            "lastId",
            "end_cursor",
            "endCursor",
        ],
    ),
];
/// Other parameters that, with a declared `Link` header, show a list that
/// pages (GitHub's `/repositories?since=<id>`).
const LINK_ALSO: &[&str] = &["since", "before"];
/// Parameters taking the last item's `id`, with `has_more` (Stripe).
const AFTER_ID: &[&str] = &["starting_after", "startingAfter", "after"];
/// Arrays of an envelope that are never its items.
const NOT_ITEMS: &[&str] = &["errors", "messages", "warnings"];
/// Names that settle which array holds the items when there are several,
/// and the envelopes that may wrap the items one level down.
const ITEM_NAMES: &[&str] = &[
    "data", "items", "results", "result", "records", "entries", "values",
];
/// How deep paging fields are looked for (`result_info.total_count` is 2).
const FIELD_DEPTH: usize = 3;

/// The pager the operation's parameters and response show, if any;
/// `links`: a success response declares a `Link` header.
pub(super) fn detect(cx: &Ctx<'_>, op: &Operation, links: bool) -> Option<PaginationSpec> {
    if op.http_method != "GET" {
        return None;
    }
    let ResponseKind::Json(root) = &op.response else {
        return None;
    };
    let items = find_items(cx, root)?;
    let params = Params { cx, op };
    if links {
        let cursor = CURSORS
            .iter()
            .any(|(names, _)| params.string(names).is_some());
        let any = [PAGE, SIZE, OFFSET, LINK_ALSO]
            .iter()
            .any(|names| params.find(names, |_| true).is_some());
        if any || cursor {
            return Some(PaginationSpec::LinkHeader { items });
        }
    }
    let find = |names: &[&str], fits: fn(&TypeRef) -> bool| find_field(cx, root, names, fits);
    let has_more = find(HAS_MORE, |t| *t == TypeRef::Bool);
    for (names, next) in CURSORS {
        let (Some(cursor_param), Some(next_cursor)) =
            (params.string(names), find(next, |t| *t == TypeRef::String))
        else {
            continue;
        };
        return Some(PaginationSpec::Cursor {
            cursor_param,
            next_cursor: Some(next_cursor),
            item_cursor: None,
            has_more,
            items,
        });
    }
    if let (Some(cursor_param), Some(_)) = (params.string(AFTER_ID), &has_more) {
        let item = items.as_ref().map_or(Some(root.clone()), |path| {
            super::fields::walk(cx, root, path).ok().map(|(_, ty)| ty)
        });
        let item = item.and_then(|ty| match resolved(cx, &ty) {
            TypeRef::Array(item) => Some(*item),
            _ => None,
        });
        let has_id = item
            .and_then(|item| struct_fields(cx, &item))
            .is_some_and(|fields| {
                fields
                    .iter()
                    .any(|f| f.wire_name == "id" && resolved(cx, &f.ty) == TypeRef::String)
            });
        if has_id {
            return Some(PaginationSpec::Cursor {
                cursor_param,
                next_cursor: None,
                item_cursor: Some("id".into()),
                has_more,
                items,
            });
        }
    }
    if let (Some(page_param), Some(size_param)) = (params.number(PAGE), params.number(SIZE)) {
        let total = find(TOTAL, is_count);
        let total_pages = find(TOTAL_PAGES, is_count);
        if total.is_some() || total_pages.is_some() {
            return Some(PaginationSpec::PageNumber {
                page_param,
                size_param: Some(size_param),
                items,
                total,
                total_pages,
            });
        }
    }
    let (offset_param, limit_param) = (params.number(OFFSET)?, params.number(SIZE)?);
    Some(PaginationSpec::Offset {
        offset_param,
        limit_param: Some(limit_param),
        items,
        total: find(TOTAL, is_count),
    })
}

/// The operation's optional query parameters, looked up by wire name.
struct Params<'c, 'o> {
    cx: &'c Ctx<'c>,
    op: &'o Operation,
}

impl Params<'_, '_> {
    /// The first of `names` that is an optional query parameter of a type
    /// (through aliases) that `fits`.
    fn find(&self, names: &[&str], fits: fn(&TypeRef) -> bool) -> Option<String> {
        names.iter().find_map(|name| {
            query_param(self.cx, self.op, name, fits).map(|(p, _)| p.wire_name.clone())
        })
    }

    fn number(&self, names: &[&str]) -> Option<String> {
        self.find(names, is_count)
    }

    fn string(&self, names: &[&str]) -> Option<String> {
        self.find(names, |t| *t == TypeRef::String)
    }
}

/// Where the items are: `Some(None)` when the response is the array, else
/// the path of the one array of the envelope that is not an error list
/// (one of [`ITEM_NAMES`] when there are several), or of the one array
/// inside an envelope's `data`/`result`-like object.
fn find_items(cx: &Ctx<'_>, root: &TypeRef) -> Option<Option<String>> {
    if matches!(resolved(cx, root), TypeRef::Array(_)) {
        return Some(None);
    }
    if let Some(found) = one_array(cx, root) {
        return Some(Some(found));
    }
    let fields = struct_fields(cx, root)?;
    let mut nested = fields
        .iter()
        .filter(|f| ITEM_NAMES.contains(&f.wire_name.as_str()))
        .filter_map(|f| Some(format!("{}.{}", f.wire_name, one_array(cx, &f.ty)?)));
    let found = nested.next()?;
    nested.next().is_none().then_some(Some(found))
}

/// The wire name of the one item array among a struct's fields.
fn one_array(cx: &Ctx<'_>, ty: &TypeRef) -> Option<String> {
    let arrays: Vec<&str> = struct_fields(cx, ty)?
        .iter()
        .filter(|f| !NOT_ITEMS.contains(&f.wire_name.as_str()))
        .filter(|f| matches!(resolved(cx, &f.ty), TypeRef::Array(_)))
        .map(|f| f.wire_name.as_str())
        .collect();
    let chosen = match arrays.as_slice() {
        [one] => *one,
        several => {
            let mut named = several.iter().filter(|a| ITEM_NAMES.contains(a));
            let one = named.next()?;
            if named.next().is_some() {
                return None;
            }
            one
        }
    };
    Some(chosen.to_owned())
}

/// The dotted path of the field named one of `names` whose type `fits`,
/// looked for level by level down to [`FIELD_DEPTH`]; at the first level
/// with any, it must be the only one (two candidates: none is trusted).
fn find_field(
    cx: &Ctx<'_>,
    root: &TypeRef,
    names: &[&str],
    fits: fn(&TypeRef) -> bool,
) -> Option<String> {
    let mut level: Vec<(String, TypeRef)> = vec![(String::new(), root.clone())];
    for _ in 0..FIELD_DEPTH {
        let mut found = Vec::new();
        let mut next = Vec::new();
        for (path, ty) in &level {
            for f in struct_fields(cx, ty).unwrap_or_default() {
                let at = if path.is_empty() {
                    f.wire_name.clone()
                } else {
                    format!("{path}.{}", f.wire_name)
                };
                let ty = resolved(cx, &f.ty);
                if names.contains(&f.wire_name.as_str()) && fits(&ty) {
                    found.push(at);
                } else if struct_fields(cx, &ty).is_some() {
                    next.push((at, ty));
                }
            }
        }
        match found.len() {
            0 => level = next,
            1 => return found.pop(),
            _ => return None,
        }
    }
    None
}
