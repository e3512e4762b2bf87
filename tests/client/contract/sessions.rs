//! `tests/api-resources/realtime-kit/sessions.test.ts`, and the one
//! sessions operation no official test has (`get_session_livestream_sessions`).

use cloudflare_realtimekit::types::{
    ParticipantFilter, ParticipantSortBy, ParticipantView, SessionSortBy, SessionStatus, SortOrder,
    TranscriptFormat,
};

use crate::{ACCOUNT, Case, UUID, Wire, case};

pub fn cases() -> Vec<Case> {
    let sessions = format!("/accounts/{ACCOUNT}/realtime/kit/app_id/sessions");
    let session = format!("{sessions}/{UUID}");
    let participants = format!("{session}/participants");
    let participant = format!("{participants}/{UUID}");
    let peer_report = format!("{sessions}/peer-report/{UUID}");
    let chat = format!("{session}/chat");
    let transcript = format!("{session}/transcript");
    let summary = format!("{session}/summary");
    let livestream_sessions = format!("{session}/livestream-sessions");
    vec![
        // sessions.getSessions
        case!(
            get_sessions,
            RequiredOnly,
            |c| c.get_sessions(ACCOUNT, "app_id"),
            Wire::new("GET", &sessions),
        ),
        case!(
            get_sessions,
            All,
            |c| c
                .get_sessions(ACCOUNT, "app_id")
                .associated_id(UUID.parse().unwrap())
                .end_time("2019-12-27T18:11:19.117Z".parse().unwrap())
                .page_no(0)
                .participants("1:10")
                .per_page(0)
                .search("search")
                .sort_by(SessionSortBy::MinutesConsumed)
                .sort_order(SortOrder::Asc)
                .start_time("2019-12-27T18:11:19.117Z".parse().unwrap())
                .status(SessionStatus::Live),
            Wire::new("GET", &sessions).query(&[
                ("associated_id", UUID),
                ("end_time", "2019-12-27T18:11:19.117Z"),
                ("page_no", "0"),
                ("participants", "1:10"),
                ("per_page", "0"),
                ("search", "search"),
                ("sort_by", "minutesConsumed"),
                ("sort_order", "ASC"),
                ("start_time", "2019-12-27T18:11:19.117Z"),
                ("status", "LIVE"),
            ]),
        ),
        // sessions.getSessionDetails
        case!(
            get_session_details,
            RequiredOnly,
            |c| c.get_session_details(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &session),
        ),
        case!(
            get_session_details,
            All,
            |c| c
                .get_session_details(ACCOUNT, "app_id", UUID.parse().unwrap())
                .include_breakout_rooms(true),
            Wire::new("GET", &session).query(&[("include_breakout_rooms", "true")]),
        ),
        // sessions.getSessionParticipants
        case!(
            get_session_participants,
            RequiredOnly,
            |c| c.get_session_participants(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &participants),
        ),
        case!(
            get_session_participants,
            All,
            |c| c
                .get_session_participants(ACCOUNT, "app_id", UUID.parse().unwrap())
                .include_peer_events(true)
                .page_no(0)
                .per_page(0)
                .search("search")
                .sort_by(ParticipantSortBy::JoinedAt)
                .sort_order(SortOrder::Asc)
                .view(ParticipantView::Raw),
            Wire::new("GET", &participants).query(&[
                ("include_peer_events", "true"),
                ("page_no", "0"),
                ("per_page", "0"),
                ("search", "search"),
                ("sort_by", "joinedAt"),
                ("sort_order", "ASC"),
                ("view", "raw"),
            ]),
        ),
        // sessions.getSessionParticipantDetails: the TS test passes the
        // participant ID first and `session_id` among the params, both UUID.
        case!(
            get_session_participant_details,
            RequiredOnly,
            |c| c.get_session_participant_details(
                ACCOUNT,
                "app_id",
                UUID.parse().unwrap(),
                UUID.parse().unwrap(),
            ),
            Wire::new("GET", &participant),
        ),
        case!(
            get_session_participant_details,
            All,
            |c| c
                .get_session_participant_details(
                    ACCOUNT,
                    "app_id",
                    UUID.parse().unwrap(),
                    UUID.parse().unwrap(),
                )
                .include_peer_events(true),
            Wire::new("GET", &participant).query(&[("include_peer_events", "true")]),
        ),
        // sessions.getParticipantDataFromPeerID
        case!(
            get_participant_data_from_peer_id,
            RequiredOnly,
            |c| c.get_participant_data_from_peer_id(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &peer_report),
        ),
        case!(
            get_participant_data_from_peer_id,
            All,
            |c| c
                .get_participant_data_from_peer_id(ACCOUNT, "app_id", UUID.parse().unwrap())
                .filters(ParticipantFilter::DeviceInfo)
                .include_peer_events(true),
            Wire::new("GET", &peer_report)
                .query(&[("filters", "device_info"), ("include_peer_events", "true")]),
        ),
        // sessions.getSessionChat (no optional parameters: both calls alike)
        case!(
            get_session_chat,
            RequiredOnly,
            |c| c.get_session_chat(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &chat),
        ),
        case!(
            get_session_chat,
            All,
            |c| c.get_session_chat(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &chat),
        ),
        // sessions.getSessionTranscripts
        case!(
            get_session_transcript,
            RequiredOnly,
            |c| c.get_session_transcript(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &transcript),
        ),
        case!(
            get_session_transcript,
            All,
            |c| c
                .get_session_transcript(ACCOUNT, "app_id", UUID.parse().unwrap())
                .format(TranscriptFormat::Srt),
            Wire::new("GET", &transcript).query(&[("format", "SRT")]),
        ),
        // sessions.getSessionSummary (no optional parameters)
        case!(
            get_session_summary,
            RequiredOnly,
            |c| c.get_session_summary(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &summary),
        ),
        case!(
            get_session_summary,
            All,
            |c| c.get_session_summary(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &summary),
        ),
        // sessions.generateSummaryOfTranscripts: a POST without a body.
        case!(
            generate_session_summary,
            RequiredOnly,
            |c| c.generate_session_summary(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("POST", &summary),
        ),
        case!(
            generate_session_summary,
            All,
            |c| c.generate_session_summary(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("POST", &summary),
        ),
        // No official test: GetSessionLivestreamSessions is documented by
        // the stackql schema only. Pages are numbered from 1.
        case!(
            get_session_livestream_sessions,
            RequiredOnly,
            |c| c.get_session_livestream_sessions(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &livestream_sessions),
        ),
        case!(
            get_session_livestream_sessions,
            All,
            |c| c
                .get_session_livestream_sessions(ACCOUNT, "app_id", UUID.parse().unwrap())
                .page_no(1)
                .per_page(10),
            Wire::new("GET", &livestream_sessions).query(&[("page_no", "1"), ("per_page", "10")]),
        ),
    ]
}
