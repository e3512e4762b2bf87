//! `tests/api-resources/realtime-kit/active-session.test.ts`, plus
//! `mute_participants` and `mute_all_participants`, which no SDK has.

use serde_json::json;

use crate::{ACCOUNT, Case, Wire, case};

pub fn cases() -> Vec<Case> {
    let session =
        format!("/accounts/{ACCOUNT}/realtime/kit/app_id/meetings/meeting_id/active-session");
    let kick = format!("{session}/kick");
    let kick_all = format!("{session}/kick-all");
    let mute = format!("{session}/mute");
    let mute_all = format!("{session}/mute-all");
    let poll = format!("{session}/poll");
    vec![
        case!(
            create_poll,
            RequiredOnly,
            |c| c.create_poll(ACCOUNT, "app_id", "meeting_id", "question", ["string"]),
            Wire::new("POST", &poll).body(json!({"options": ["string"], "question": "question"})),
        ),
        case!(
            create_poll,
            All,
            |c| c
                .create_poll(ACCOUNT, "app_id", "meeting_id", "question", ["string"])
                .anonymous(true)
                .hide_votes(true),
            Wire::new("POST", &poll).body(json!({
                "options": ["string"],
                "question": "question",
                "anonymous": true,
                "hide_votes": true,
            })),
        ),
        case!(
            get_active_session,
            RequiredOnly,
            |c| c.get_active_session(ACCOUNT, "app_id", "meeting_id"),
            Wire::new("GET", &session),
        ),
        case!(
            get_active_session,
            All,
            |c| c.get_active_session(ACCOUNT, "app_id", "meeting_id"),
            Wire::new("GET", &session),
        ),
        // The official SDK sends no body here (the call takes path
        // parameters only).
        case!(
            kick_all_participants,
            RequiredOnly,
            |c| c.kick_all_participants(ACCOUNT, "app_id", "meeting_id"),
            Wire::new("POST", &kick_all),
        ),
        case!(
            kick_all_participants,
            All,
            |c| c.kick_all_participants(ACCOUNT, "app_id", "meeting_id"),
            Wire::new("POST", &kick_all),
        ),
        case!(
            kick_participants,
            RequiredOnly,
            |c| c.kick_participants(ACCOUNT, "app_id", "meeting_id", ["string"], ["string"]),
            Wire::new("POST", &kick).body(json!({
                "custom_participant_ids": ["string"],
                "participant_ids": ["string"],
            })),
        ),
        case!(
            kick_participants,
            All,
            |c| c.kick_participants(ACCOUNT, "app_id", "meeting_id", ["string"], ["string"]),
            Wire::new("POST", &kick).body(json!({
                "custom_participant_ids": ["string"],
                "participant_ids": ["string"],
            })),
        ),
        // No official test: written like kickParticipants, whose body it
        // shares. The body has no optional field.
        case!(
            mute_participants,
            RequiredOnly,
            |c| c.mute_participants(ACCOUNT, "app_id", "meeting_id", ["string"], ["string"]),
            Wire::new("POST", &mute).body(json!({
                "custom_participant_ids": ["string"],
                "participant_ids": ["string"],
            })),
        ),
        case!(
            mute_participants,
            All,
            |c| c.mute_participants(ACCOUNT, "app_id", "meeting_id", ["string"], ["string"]),
            Wire::new("POST", &mute).body(json!({
                "custom_participant_ids": ["string"],
                "participant_ids": ["string"],
            })),
        ),
        // No official test; the body's only field is required.
        case!(
            mute_all_participants,
            RequiredOnly,
            |c| c.mute_all_participants(ACCOUNT, "app_id", "meeting_id", true),
            Wire::new("POST", &mute_all).body(json!({"allow_unmute": true})),
        ),
        case!(
            mute_all_participants,
            All,
            |c| c.mute_all_participants(ACCOUNT, "app_id", "meeting_id", true),
            Wire::new("POST", &mute_all).body(json!({"allow_unmute": true})),
        ),
    ]
}
