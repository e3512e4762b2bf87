//! `tests/api-resources/realtime-kit/apps.test.ts`.

use cloudflare_realtimekit::types::SortOrder;
use serde_json::json;

use crate::{ACCOUNT, Case, Wire, case};

pub fn cases() -> Vec<Case> {
    let apps = format!("/accounts/{ACCOUNT}/realtime/kit/apps");
    vec![
        case!(
            get_apps,
            RequiredOnly,
            |c| c.get_apps(ACCOUNT),
            Wire::new("GET", &apps)
        ),
        case!(
            get_apps,
            All,
            |c| c
                .get_apps(ACCOUNT)
                .page_no(1)
                .per_page(1)
                .search("search")
                .sort_order(SortOrder::Asc),
            Wire::new("GET", &apps).query(&[
                ("page_no", "1"),
                ("per_page", "1"),
                ("search", "search"),
                ("sort_order", "ASC"),
            ]),
        ),
        case!(
            create_app,
            RequiredOnly,
            |c| c.create_app(ACCOUNT, "x"),
            Wire::new("POST", &apps).body(json!({"name": "x"})),
        ),
        case!(
            create_app,
            All,
            |c| c.create_app(ACCOUNT, "x"),
            Wire::new("POST", &apps).body(json!({"name": "x"})),
        ),
    ]
}
