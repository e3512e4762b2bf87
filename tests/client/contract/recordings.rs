//! `tests/api-resources/realtime-kit/recordings.test.ts`.

use cloudflare_realtimekit::chrono::{DateTime, Utc};
use cloudflare_realtimekit::types::{
    AudioConfig, AudioConfigChannel, AudioConfigCodec, BucketStorageConfig,
    BucketStorageConfigType, InteractiveConfig, InteractiveConfigType, LivestreamingConfig,
    RealtimeKitBucketConfig, RecordingAction, RecordingSortBy, RecordingStatus, SortOrder,
    StorageAuthMethod, StorageConfig, TrackRecordingLayer, TrackRecordingLayerMediaKind,
    VideoConfig, VideoConfigCodec, Watermark, WatermarkPosition, WatermarkSize,
};
use serde_json::json;

use crate::{ACCOUNT, Case, UUID, Wire, case};

/// The meeting the official start tests use.
const MEETING: &str = "97440c6a-140b-40a9-9499-b23fd7a3868a";

/// The time the official test filters on.
fn time() -> DateTime<Utc> {
    "2019-12-27T18:11:19.117Z".parse().unwrap()
}

pub fn cases() -> Vec<Case> {
    let base = format!("/accounts/{ACCOUNT}/realtime/kit/app_id/recordings");
    let active = format!("{base}/active-recording/meeting_id");
    let one = format!("{base}/{UUID}");
    let stop = format!(
        "/accounts/{ACCOUNT}/realtime/kit/2a95132c15732412d22c1476fa83f27a/recordings/{UUID}"
    );
    let track = format!("{base}/track");
    vec![
        case!(
            get_active_recording,
            RequiredOnly,
            |c| c.get_active_recording(ACCOUNT, "app_id", "meeting_id"),
            Wire::new("GET", &active),
        ),
        case!(
            get_active_recording,
            All,
            |c| c.get_active_recording(ACCOUNT, "app_id", "meeting_id"),
            Wire::new("GET", &active),
        ),
        case!(
            get_recording,
            RequiredOnly,
            |c| c.get_recording(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &one),
        ),
        case!(
            get_recording,
            All,
            |c| c.get_recording(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &one),
        ),
        case!(
            get_recordings,
            RequiredOnly,
            |c| c.get_recordings(ACCOUNT, "app_id"),
            Wire::new("GET", &base)
        ),
        case!(
            get_recordings,
            All,
            |c| c
                .get_recordings(ACCOUNT, "app_id")
                .end_time(time())
                .expired(true)
                .meeting_id(UUID.parse().unwrap())
                .page_no(0)
                .per_page(0)
                .search("search")
                .sort_by(RecordingSortBy::InvokedTime)
                .sort_order(SortOrder::Asc)
                .start_time(time())
                .status([RecordingStatus::Invoked]),
            Wire::new("GET", &base).query(&[
                ("end_time", "2019-12-27T18:11:19.117Z"),
                ("expired", "true"),
                ("meeting_id", UUID),
                ("page_no", "0"),
                ("per_page", "0"),
                ("search", "search"),
                ("sort_by", "invokedTime"),
                ("sort_order", "ASC"),
                ("start_time", "2019-12-27T18:11:19.117Z"),
                ("status", "INVOKED"),
            ]),
        ),
        case!(
            update_recording,
            RequiredOnly,
            |c| c.update_recording(
                ACCOUNT,
                "2a95132c15732412d22c1476fa83f27a",
                UUID.parse().unwrap(),
                RecordingAction::Stop,
            ),
            Wire::new("PUT", &stop).body(json!({"action": "stop"})),
        ),
        case!(
            update_recording,
            All,
            |c| c.update_recording(
                ACCOUNT,
                "2a95132c15732412d22c1476fa83f27a",
                UUID.parse().unwrap(),
                RecordingAction::Stop,
            ),
            Wire::new("PUT", &stop).body(json!({"action": "stop"})),
        ),
        case!(
            start_recording,
            RequiredOnly,
            |c| c.start_recording(ACCOUNT, "app_id", MEETING.parse().unwrap()),
            Wire::new("POST", &base).body(json!({"meeting_id": MEETING})),
        ),
        case!(
            start_recording,
            All,
            |c| c
                .start_recording(ACCOUNT, "app_id", MEETING.parse().unwrap())
                .allow_multiple_recordings(false)
                .audio_config(
                    AudioConfig::new()
                        .with_channel(AudioConfigChannel::Stereo)
                        .with_codec(AudioConfigCodec::Aac)
                        .with_export_file(true),
                )
                .file_name_prefix("string")
                .interactive_config(InteractiveConfig::new().with_type_(InteractiveConfigType::Id3))
                .max_seconds(60)
                .realtimekit_bucket_config(RealtimeKitBucketConfig::new(true))
                .rtmp_out_config(
                    LivestreamingConfig::new().with_rtmp_url("rtmp://a.rtmp.youtube.com/live2")
                )
                .storage_config(StorageConfig::BucketStorageConfig(
                    BucketStorageConfig::new("access_key", "us-east-1")
                        .with_type_(BucketStorageConfigType::Aws)
                        .with_auth_method(StorageAuthMethod::Key)
                        .with_bucket("bucket")
                        .with_host("host")
                        .with_password("password")
                        .with_path("path")
                        .with_port(0)
                        .with_private_key("private_key")
                        .with_secret("secret")
                        .with_username("username"),
                ))
                .url("https://example.com")
                .video_config(
                    VideoConfig::new()
                        .with_codec(VideoConfigCodec::H264)
                        .with_export_file(true)
                        .with_height(720)
                        .with_watermark(
                            Watermark::new()
                                .with_position(WatermarkPosition::LeftTop)
                                .with_size(WatermarkSize::new().with_height(1).with_width(1))
                                .with_url("http://example.com"),
                        )
                        .with_width(1280),
                ),
            Wire::new("POST", &base).body(json!({
                "meeting_id": MEETING,
                "allow_multiple_recordings": false,
                "audio_config": {"channel": "stereo", "codec": "AAC", "export_file": true},
                "file_name_prefix": "string",
                "interactive_config": {"type": "ID3"},
                "max_seconds": 60,
                "realtimekit_bucket_config": {"enabled": true},
                "rtmp_out_config": {"rtmp_url": "rtmp://a.rtmp.youtube.com/live2"},
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
                "url": "https://example.com",
                "video_config": {
                    "codec": "H264",
                    "export_file": true,
                    "height": 720,
                    "watermark": {
                        "position": "left top",
                        "size": {"height": 1, "width": 1},
                        "url": "http://example.com",
                    },
                    "width": 1280,
                },
            })),
        ),
        case!(
            start_track_recording,
            RequiredOnly,
            |c| c.start_track_recording(ACCOUNT, "app_id", MEETING),
            Wire::new("POST", &track).body(json!({"meeting_id": MEETING})),
        ),
        case!(
            start_track_recording,
            All,
            |c| c
                .start_track_recording(ACCOUNT, "app_id", MEETING)
                .layers([(
                    "foo",
                    TrackRecordingLayer::new()
                        .with_file_name_prefix("file_name_prefix")
                        .with_media_kind(TrackRecordingLayerMediaKind::Audio),
                )])
                .user_ids(["x"]),
            Wire::new("POST", &track).body(json!({
                "meeting_id": MEETING,
                "layers": {"foo": {"file_name_prefix": "file_name_prefix", "media_kind": "audio"}},
                "user_ids": ["x"],
            })),
        ),
    ]
}
