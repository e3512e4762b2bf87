//! `tests/api-resources/realtime-kit/analytics.test.ts` (`getOrgAnalytics`;
//! `livestreams.test.ts` makes the same two calls through its livestreams
//! resource) and the livestream analytics calls of `livestreams.test.ts`
//! (`getLivestreamAnalyticsComplete`, `getLivestreamAnalyticsDaywise`).

use crate::{ACCOUNT, Case, Wire, case};

pub fn cases() -> Vec<Case> {
    let analytics = format!("/accounts/{ACCOUNT}/realtime/kit/app_id/analytics");
    let daywise = format!("{analytics}/daywise");
    let livestreams_overall = format!("{analytics}/livestreams/overall");
    let livestreams_daywise = format!("{analytics}/livestreams/daywise");
    vec![
        // analytics.getOrgAnalytics (= livestreams.getOrgAnalytics)
        case!(
            get_org_analytics,
            RequiredOnly,
            |c| c.get_org_analytics(ACCOUNT, "app_id"),
            Wire::new("GET", &daywise),
        ),
        case!(
            get_org_analytics,
            All,
            |c| c
                .get_org_analytics(ACCOUNT, "app_id")
                .end_date("2022-09-22")
                .start_date("2022-09-01"),
            Wire::new("GET", &daywise)
                .query(&[("end_date", "2022-09-22"), ("start_date", "2022-09-01")]),
        ),
        // livestreams.getLivestreamAnalyticsComplete
        case!(
            get_livestream_analytics,
            RequiredOnly,
            |c| c.get_livestream_analytics(ACCOUNT, "app_id"),
            Wire::new("GET", &livestreams_overall),
        ),
        case!(
            get_livestream_analytics,
            All,
            |c| c
                .get_livestream_analytics(ACCOUNT, "app_id")
                .end_time(0)
                .filters("filters")
                .start_time(0),
            Wire::new("GET", &livestreams_overall).query(&[
                ("end_time", "0"),
                ("filters", "filters"),
                ("start_time", "0"),
            ]),
        ),
        // livestreams.getLivestreamAnalyticsDaywise
        case!(
            get_livestream_analytics_daywise,
            RequiredOnly,
            |c| c.get_livestream_analytics_daywise(ACCOUNT, "app_id"),
            Wire::new("GET", &livestreams_daywise),
        ),
        case!(
            get_livestream_analytics_daywise,
            All,
            |c| c
                .get_livestream_analytics_daywise(ACCOUNT, "app_id")
                .end_time(0)
                .filters("filters")
                .start_time(0),
            Wire::new("GET", &livestreams_daywise).query(&[
                ("end_time", "0"),
                ("filters", "filters"),
                ("start_time", "0"),
            ]),
        ),
    ]
}
