//! `tests/api-resources/realtime-kit/meetings.test.ts`.

use cloudflare_realtimekit::types::{
    AiConfig, AudioConfig, BucketStorageConfig, LivestreamingConfig, RealtimeKitBucketConfig,
    RecordingConfig, SummarizationConfig, TranscriptionConfig, VideoConfig, Watermark,
    WatermarkSize,
};
use serde_json::{Value, json};

use crate::{ACCOUNT, Case, UUID, Wire, case};

/// The `ai_config` the official create / replace / update tests send.
fn ai_config() -> AiConfig {
    AiConfig::new()
        .with_summarization(
            SummarizationConfig::new()
                .with_summary_type("general")
                .with_text_format("plain_text")
                .with_word_limit(150),
        )
        .with_transcription(
            TranscriptionConfig::new()
                .with_keywords(["string"])
                .with_language("en-US")
                .with_profanity_filter(true),
        )
}

/// The `recording_config` the official create / replace / update tests send.
fn recording_config() -> RecordingConfig {
    RecordingConfig::new()
        .with_audio_config(
            AudioConfig::new()
                .with_channel("mono")
                .with_codec("MP3")
                .with_export_file(true),
        )
        .with_file_name_prefix("file_name_prefix")
        .with_live_streaming_config(
            LivestreamingConfig::new().with_rtmp_url("rtmp://a.rtmp.youtube.com/live2"),
        )
        .with_max_seconds(60)
        .with_realtimekit_bucket_config(RealtimeKitBucketConfig::new(true))
        .with_storage_config(
            // `type: 'aws'` is the bucket shape of the `StorageConfig` union.
            BucketStorageConfig::new("access_key", "us-east-1")
                .with_type_("aws")
                .with_auth_method("KEY")
                .with_bucket("bucket")
                .with_host("host")
                .with_password("password")
                .with_path("path")
                .with_port(0)
                .with_private_key("private_key")
                .with_secret("secret")
                .with_username("username"),
        )
        .with_video_config(
            VideoConfig::new()
                .with_codec("H264")
                .with_export_file(true)
                .with_height(720)
                .with_watermark(
                    Watermark::new()
                        .with_position("left top")
                        .with_size(WatermarkSize::new().with_height(1).with_width(1))
                        .with_url("https://example.com"),
                )
                .with_width(1280),
        )
}

/// The body of the official create / replace / update tests' second call,
/// without update's `status`.
fn settings_body() -> Value {
    json!({
        "ai_config": {
            "summarization": {
                "summary_type": "general",
                "text_format": "plain_text",
                "word_limit": 150,
            },
            "transcription": {
                "keywords": ["string"],
                "language": "en-US",
                "profanity_filter": true,
            },
        },
        "live_stream_on_start": true,
        "persist_chat": true,
        "record_on_start": true,
        "recording_config": {
            "audio_config": {
                "channel": "mono",
                "codec": "MP3",
                "export_file": true,
            },
            "file_name_prefix": "file_name_prefix",
            "live_streaming_config": {"rtmp_url": "rtmp://a.rtmp.youtube.com/live2"},
            "max_seconds": 60,
            "realtimekit_bucket_config": {"enabled": true},
            "storage_config": {
                "type": "aws",
                "access_key": "access_key",
                "auth_method": "KEY",
                "bucket": "bucket",
                "host": "host",
                "password": "password",
                "path": "path",
                "port": 0,
                "private_key": "private_key",
                "region": "us-east-1",
                "secret": "secret",
                "username": "username",
            },
            "video_config": {
                "codec": "H264",
                "export_file": true,
                "height": 720,
                "watermark": {
                    "position": "left top",
                    "size": {"height": 1, "width": 1},
                    "url": "https://example.com",
                },
                "width": 1280,
            },
        },
        "session_keep_alive_time_in_secs": 60,
        "summarize_on_end": true,
        "title": "title",
        "transcribe_on_end": true,
    })
}

fn uuid() -> uuid::Uuid {
    UUID.parse().unwrap()
}

/// `2019-12-27T18:11:19.117Z`, the official tests' date-time.
fn date_time() -> chrono::DateTime<chrono::Utc> {
    "2019-12-27T18:11:19.117Z".parse().unwrap()
}

pub fn cases() -> Vec<Case> {
    let meetings = format!("/accounts/{ACCOUNT}/realtime/kit/app_id/meetings");
    let meeting = format!("{meetings}/{UUID}");
    let participants = format!("{meeting}/participants");
    let participant = format!("{participants}/participant_id");
    let mut update_body = settings_body();
    update_body["status"] = json!("INACTIVE");
    vec![
        // create
        case!(
            create_meeting,
            RequiredOnly,
            |c| c.create_meeting(ACCOUNT, "app_id"),
            Wire::new("POST", &meetings).body(json!({})),
        ),
        case!(
            create_meeting,
            All,
            |c| c
                .create_meeting(ACCOUNT, "app_id")
                .ai_config(ai_config())
                .live_stream_on_start(true)
                .persist_chat(true)
                .record_on_start(true)
                .recording_config(recording_config())
                .session_keep_alive_time_in_secs(60)
                .summarize_on_end(true)
                .title("title")
                .transcribe_on_end(true),
            Wire::new("POST", &meetings).body(settings_body()),
        ),
        // addParticipant
        case!(
            add_participant,
            RequiredOnly,
            |c| c.add_participant(
                ACCOUNT,
                "app_id",
                uuid(),
                "preset_name",
                "custom_participant_id"
            ),
            Wire::new("POST", &participants).body(json!({
                "custom_participant_id": "custom_participant_id",
                "preset_name": "preset_name",
            })),
        ),
        case!(
            add_participant,
            All,
            |c| c
                .add_participant(
                    ACCOUNT,
                    "app_id",
                    uuid(),
                    "preset_name",
                    "custom_participant_id"
                )
                .name("Mary Sue")
                .picture("https://i.imgur.com/test.jpg"),
            Wire::new("POST", &participants).body(json!({
                "custom_participant_id": "custom_participant_id",
                "preset_name": "preset_name",
                "name": "Mary Sue",
                "picture": "https://i.imgur.com/test.jpg",
            })),
        ),
        // deleteMeetingParticipant
        case!(
            delete_meeting_participant,
            RequiredOnly,
            |c| c.delete_meeting_participant(ACCOUNT, "app_id", uuid(), "participant_id"),
            Wire::new("DELETE", &participant),
        ),
        case!(
            delete_meeting_participant,
            All,
            |c| c.delete_meeting_participant(ACCOUNT, "app_id", uuid(), "participant_id"),
            Wire::new("DELETE", &participant),
        ),
        // editParticipant
        case!(
            edit_participant,
            RequiredOnly,
            |c| c.edit_participant(ACCOUNT, "app_id", uuid(), "participant_id"),
            Wire::new("PATCH", &participant).body(json!({})),
        ),
        case!(
            edit_participant,
            All,
            |c| c
                .edit_participant(ACCOUNT, "app_id", uuid(), "participant_id")
                .name("Jane Doe")
                .picture("https://example.com")
                .preset_name("preset_name"),
            Wire::new("PATCH", &participant).body(json!({
                "name": "Jane Doe",
                "picture": "https://example.com",
                "preset_name": "preset_name",
            })),
        ),
        // get
        case!(
            get_meetings,
            RequiredOnly,
            |c| c.get_meetings(ACCOUNT, "app_id"),
            Wire::new("GET", &meetings)
        ),
        case!(
            get_meetings,
            All,
            |c| c
                .get_meetings(ACCOUNT, "app_id")
                .end_time(date_time())
                .page_no(0)
                .per_page(0)
                .search("search")
                .start_time(date_time())
                .status("ACTIVE"),
            Wire::new("GET", &meetings).query(&[
                ("end_time", "2019-12-27T18:11:19.117Z"),
                ("page_no", "0"),
                ("per_page", "0"),
                ("search", "search"),
                ("start_time", "2019-12-27T18:11:19.117Z"),
                ("status", "ACTIVE"),
            ]),
        ),
        // getMeetingByID
        case!(
            get_meeting,
            RequiredOnly,
            |c| c.get_meeting(ACCOUNT, "app_id", uuid()),
            Wire::new("GET", &meeting),
        ),
        case!(
            get_meeting,
            All,
            |c| c.get_meeting(ACCOUNT, "app_id", uuid()).name("name"),
            Wire::new("GET", &meeting).query(&[("name", "name")]),
        ),
        // getMeetingParticipant
        case!(
            get_meeting_participant,
            RequiredOnly,
            |c| c.get_meeting_participant(ACCOUNT, "app_id", uuid(), "participant_id"),
            Wire::new("GET", &participant),
        ),
        case!(
            get_meeting_participant,
            All,
            |c| c.get_meeting_participant(ACCOUNT, "app_id", uuid(), "participant_id"),
            Wire::new("GET", &participant),
        ),
        // getMeetingParticipants
        case!(
            get_meeting_participants,
            RequiredOnly,
            |c| c.get_meeting_participants(ACCOUNT, "app_id", uuid()),
            Wire::new("GET", &participants),
        ),
        case!(
            get_meeting_participants,
            All,
            |c| c
                .get_meeting_participants(ACCOUNT, "app_id", uuid())
                .page_no(0)
                .per_page(0),
            Wire::new("GET", &participants).query(&[("page_no", "0"), ("per_page", "0")]),
        ),
        // refreshParticipantToken
        case!(
            refresh_participant_token,
            RequiredOnly,
            |c| c.refresh_participant_token(ACCOUNT, "app_id", uuid(), "participant_id"),
            Wire::new("POST", format!("{participant}/token")),
        ),
        case!(
            refresh_participant_token,
            All,
            |c| c.refresh_participant_token(ACCOUNT, "app_id", uuid(), "participant_id"),
            Wire::new("POST", format!("{participant}/token")),
        ),
        // replaceMeetingByID
        case!(
            replace_meeting,
            RequiredOnly,
            |c| c.replace_meeting(ACCOUNT, "app_id", uuid()),
            Wire::new("PUT", &meeting).body(json!({})),
        ),
        case!(
            replace_meeting,
            All,
            |c| c
                .replace_meeting(ACCOUNT, "app_id", uuid())
                .ai_config(ai_config())
                .live_stream_on_start(true)
                .persist_chat(true)
                .record_on_start(true)
                .recording_config(recording_config())
                .session_keep_alive_time_in_secs(60)
                .summarize_on_end(true)
                .title("title")
                .transcribe_on_end(true),
            Wire::new("PUT", &meeting).body(settings_body()),
        ),
        // updateMeetingByID
        case!(
            update_meeting,
            RequiredOnly,
            |c| c.update_meeting(ACCOUNT, "app_id", uuid()),
            Wire::new("PATCH", &meeting).body(json!({})),
        ),
        case!(
            update_meeting,
            All,
            |c| c
                .update_meeting(ACCOUNT, "app_id", uuid())
                .ai_config(ai_config())
                .live_stream_on_start(true)
                .persist_chat(true)
                .record_on_start(true)
                .recording_config(recording_config())
                .session_keep_alive_time_in_secs(60)
                .status("INACTIVE")
                .summarize_on_end(true)
                .title("title")
                .transcribe_on_end(true),
            Wire::new("PATCH", &meeting).body(update_body),
        ),
    ]
}
