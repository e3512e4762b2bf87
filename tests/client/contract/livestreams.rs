//! `tests/api-resources/realtime-kit/livestreams.test.ts` (its
//! `getOrgAnalytics`, `getLivestreamAnalyticsComplete` and
//! `getLivestreamAnalyticsDaywise` calls are in `analytics.rs`), and the one
//! livestreams operation no official test has (`get_meeting_livestreams`).

use cloudflare_realtimekit::types::{LivestreamSortOrder, LivestreamStatus, LivestreamVideoConfig};
use serde_json::json;

use crate::{ACCOUNT, Case, UUID, Wire, case};

pub fn cases() -> Vec<Case> {
    let app = format!("/accounts/{ACCOUNT}/realtime/kit/app_id");
    let livestreams = format!("{app}/livestreams");
    let livestream_session = format!("{livestreams}/sessions/livestream-session-id");
    let livestream = format!("{livestreams}/livestream_id");
    let active_session = format!("{livestream}/active-livestream-session");
    let meeting = format!("{app}/meetings/{UUID}");
    let meeting_livestreams = format!("{meeting}/livestreams");
    let active_livestream = format!("{meeting}/active-livestream");
    let stop = format!("{active_livestream}/stop");
    let meeting_livestream = format!("{meeting}/livestream");
    vec![
        // livestreams.getAllLivestreams
        case!(
            get_livestreams,
            RequiredOnly,
            |c| c.get_livestreams(ACCOUNT, "app_id"),
            Wire::new("GET", &livestreams),
        ),
        case!(
            get_livestreams,
            All,
            |c| c
                .get_livestreams(ACCOUNT, "app_id")
                .end_time("2019-12-27T18:11:19.117Z".parse().unwrap())
                .exclude_meetings(true)
                .page_no(0)
                .per_page(0)
                .sort_order(LivestreamSortOrder::Asc)
                .start_time("2019-12-27T18:11:19.117Z".parse().unwrap())
                .status(LivestreamStatus::Live),
            Wire::new("GET", &livestreams).query(&[
                ("end_time", "2019-12-27T18:11:19.117Z"),
                ("exclude_meetings", "true"),
                ("page_no", "0"),
                ("per_page", "0"),
                ("sort_order", "ASC"),
                ("start_time", "2019-12-27T18:11:19.117Z"),
                ("status", "LIVE"),
            ]),
        ),
        // livestreams.createIndependentLivestream: the TS client sends the
        // params other than `account_id` as the body, so `{}` when only the
        // required ones are given.
        case!(
            create_livestream,
            RequiredOnly,
            |c| c.create_livestream(ACCOUNT, "app_id"),
            Wire::new("POST", &livestreams).body(json!({})),
        ),
        case!(
            create_livestream,
            All,
            |c| c.create_livestream(ACCOUNT, "app_id").name("prdmmp-xhycsl"),
            Wire::new("POST", &livestreams).body(json!({"name": "prdmmp-xhycsl"})),
        ),
        // livestreams.getLivestreamSessionDetailsForSessionID (no optional
        // parameters: both calls alike)
        case!(
            get_livestream_session,
            RequiredOnly,
            |c| c.get_livestream_session(ACCOUNT, "app_id", "livestream-session-id"),
            Wire::new("GET", &livestream_session),
        ),
        case!(
            get_livestream_session,
            All,
            |c| c.get_livestream_session(ACCOUNT, "app_id", "livestream-session-id"),
            Wire::new("GET", &livestream_session),
        ),
        // livestreams.getLivestreamSessionForLivestreamID
        case!(
            get_livestream,
            RequiredOnly,
            |c| c.get_livestream(ACCOUNT, "app_id", "livestream_id"),
            Wire::new("GET", &livestream),
        ),
        case!(
            get_livestream,
            All,
            |c| c
                .get_livestream(ACCOUNT, "app_id", "livestream_id")
                .page_no(0)
                .per_page(0),
            Wire::new("GET", &livestream).query(&[("page_no", "0"), ("per_page", "0")]),
        ),
        // livestreams.getActiveLivestreamsForLivestreamID (no optional parameters)
        case!(
            get_active_livestream_session,
            RequiredOnly,
            |c| c.get_active_livestream_session(ACCOUNT, "app_id", "livestream_id"),
            Wire::new("GET", &active_session),
        ),
        case!(
            get_active_livestream_session,
            All,
            |c| c.get_active_livestream_session(ACCOUNT, "app_id", "livestream_id"),
            Wire::new("GET", &active_session),
        ),
        // livestreams.startLivestreamingAMeeting: the body is `{}` when only
        // the required params are given, as for createIndependentLivestream.
        case!(
            start_meeting_livestream,
            RequiredOnly,
            |c| c.start_meeting_livestream(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("POST", &meeting_livestreams).body(json!({})),
        ),
        case!(
            start_meeting_livestream,
            All,
            |c| c
                .start_meeting_livestream(ACCOUNT, "app_id", UUID.parse().unwrap())
                .name("prdmmp-xhycsl")
                .video_config(LivestreamVideoConfig::new().with_height(0).with_width(0)),
            Wire::new("POST", &meeting_livestreams).body(json!({
                "name": "prdmmp-xhycsl",
                "video_config": {"height": 0, "width": 0},
            })),
        ),
        // livestreams.getMeetingActiveLivestreams (no optional parameters)
        case!(
            get_meeting_active_livestream,
            RequiredOnly,
            |c| c.get_meeting_active_livestream(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &active_livestream),
        ),
        case!(
            get_meeting_active_livestream,
            All,
            |c| c.get_meeting_active_livestream(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &active_livestream),
        ),
        // livestreams.stopLivestreamingAMeeting: a POST without a body.
        case!(
            stop_meeting_livestream,
            RequiredOnly,
            |c| c.stop_meeting_livestream(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("POST", &stop),
        ),
        case!(
            stop_meeting_livestream,
            All,
            |c| c.stop_meeting_livestream(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("POST", &stop),
        ),
        // No official test: GetMeetingLivestreams is documented by the
        // stackql schema only. Pages are numbered from 1.
        case!(
            get_meeting_livestreams,
            RequiredOnly,
            |c| c.get_meeting_livestreams(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &meeting_livestream),
        ),
        case!(
            get_meeting_livestreams,
            All,
            |c| c
                .get_meeting_livestreams(ACCOUNT, "app_id", UUID.parse().unwrap())
                .page_no(1)
                .per_page(10),
            Wire::new("GET", &meeting_livestream).query(&[("page_no", "1"), ("per_page", "10")]),
        ),
    ]
}
