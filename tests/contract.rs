//! Contract tests against Prism, started from `spec/openapi.yaml` in dynamic
//! mode: Prism rejects any request that violates the spec (so a client bug
//! fails here) and answers with random data generated from the schemas
//! (which must all decode). Prism comes from the committed
//! `package-lock.json`; `cargo xtask test` installs it with `npm ci`.
//!
//! Every operation of the crate is called with every parameter and every
//! request body field set (nested objects filled in whole), varying the
//! values from call to call, and once with only what it requires. The
//! operations called are checked against `generated/api-surface.json`, so an
//! operation added to the spec without a call here fails the test.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use cloudflare_realtimekit::types::{
    AiConfig, AudioConfig, AudioConfigChannel, AudioConfigCodec, AudioMediaConfig,
    BackgroundColors, BorderRadius, BorderWidth, BrandColors, ChatPermissions,
    ConnectedMeetingsPermissions, DesignTokens, DesignTokensUpdate, InteractiveConfig,
    InteractiveConfigType, LivestreamSortOrder, LivestreamStatus, LivestreamVideoConfig,
    LivestreamingConfig, MaxVideoStreams, MediaPermissions, MediaQuality, MeetingStatus,
    MeetingViewType, ParticipantFilter, ParticipantSortBy, ParticipantView, PluginAccessConfig,
    PluginAccessConfigAccessControl, PluginPermissions, PollPermissions, PresetConfig,
    PresetConfigUpdate, PresetMediaConfig, PresetPermissions, PresetPermissionsUpdate, PresetUi,
    PresetUiUpdate, PrivateChatPermissions, ProduceAccess, ProducePermission,
    PublicChatPermissions, RealtimeKitBucketConfig, RecorderType, RecordingAction, RecordingConfig,
    RecordingSortBy, RecordingStatus, ScreenshareMediaConfig, SessionSortBy, SessionStatus,
    SortOrder, StorageConfig, StorageConfigAuthMethod, StorageConfigType, SummarizationConfig,
    SummaryTextFormat, SummaryType, ThemeColors, TrackRecordingLayer, TrackRecordingLayerMediaKind,
    TranscriptFormat, TranscriptionConfig, TranscriptionLanguage, UiTheme, VideoConfig,
    VideoConfigCodec, VideoMediaConfig, WaitingRoomType, Watermark, WatermarkPosition,
    WatermarkSize, WebhookEvent,
};
use cloudflare_realtimekit::{
    Client, Decode, Deviation, DeviationKind, Error, StreamExt, decode_strict,
};
use integration_tests::root;
use uuid::Uuid;
use xtask::prism::Prism;

/// Calls per operation with everything set: enough for the random data to
/// cover optional, nullable and enum fields many times over.
const CALLS: usize = 40;

/// Concurrent workers sharing the calls (Prism answers several at once).
const WORKERS: usize = 4;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn start_prism(label: &str) -> Prism {
    Prism::start(&root(), label).unwrap_or_else(|e| panic!("{e:#}"))
}

fn client(prism: &Prism, token: Option<&str>) -> Client {
    let mut builder = Client::builder().base_url(prism.base_url()).max_retries(0);
    if let Some(token) = token {
        builder = builder.api_token(token);
    }
    builder.build().unwrap()
}

/// Sends one request, records the operation as called with what its
/// response decoded to, and fails the test with the operation's name and
/// Prism's answer if the call failed.
macro_rules! call {
    ($called:expr, $name:literal, $i:expr, $request:expr) => {{
        let result = $request.send_with_response().await;
        match result {
            Ok(response) => {
                $called.observe($name, &response.body, response.deviations);
                response.body
            }
            Err(e) => panic!("{} (call {}): {e}\n{:?}", $name, $i, e.body()),
        }
    }};
}

/// The operations a run called, and what each response decoded to.
#[derive(Default)]
struct Calls {
    names: BTreeSet<&'static str>,
    observed: Vec<Observed>,
}

/// One response: the body as the client re-encodes it (the body as
/// received: decoding is lossless), the deviations it listed, and whether
/// strict decoding of the same bytes succeeds.
struct Observed {
    operation: &'static str,
    body: serde_json::Value,
    deviations: Vec<Deviation>,
    strict_ok: bool,
}

impl Calls {
    fn observe<T: Decode + serde::Serialize>(
        &mut self,
        operation: &'static str,
        body: &T,
        deviations: Vec<Deviation>,
    ) {
        self.names.insert(operation);
        let bytes = serde_json::to_vec(body).expect("a decoded body re-encodes");
        self.observed.push(Observed {
            operation,
            body: serde_json::from_slice(&bytes).expect("JSON"),
            deviations,
            strict_ok: decode_strict::<T>(&bytes).is_ok(),
        });
    }

    fn merge(&mut self, other: Calls) {
        self.names.extend(other.names);
        self.observed.extend(other.observed);
    }

    /// Against the document Prism serves, responses conform: the decoder
    /// must find nothing to report.
    fn assert_no_deviation(&self) {
        for o in &self.observed {
            assert!(
                o.deviations.is_empty() && o.strict_ok,
                "{}: a conforming response reported deviations: {:?}\n{}",
                o.operation,
                o.deviations,
                o.body
            );
        }
    }
}

/// The methods `generated/api-surface.json` lists: every operation.
fn every_operation() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("generated/api-surface.json")).unwrap();
    let surface: serde_json::Value = serde_json::from_str(&text).unwrap();
    surface["operations"]
        .as_array()
        .expect("the surface lists operations")
        .iter()
        .map(|op| op["method"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_all_called(called: &BTreeSet<&'static str>) {
    let called: BTreeSet<String> = called.iter().map(|s| s.to_string()).collect();
    let all = every_operation();
    assert_eq!(all.len(), 57, "the crate has the 57 RealtimeKit operations");
    let missing: Vec<_> = all.difference(&called).collect();
    let unknown: Vec<_> = called.difference(&all).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "operations not called: {missing:?}; called but not in the surface: {unknown:?}"
    );
}

/// `values[i % len]`: cycles through every value across the calls.
fn pick<T: Clone>(i: usize, values: &[T]) -> T {
    values[i % values.len()].clone()
}

fn uuid(kind: u16, i: usize) -> Uuid {
    Uuid::from_u128((0x182b_d5e5_6e1a_4fe4_a799_u128 << 48) | (u128::from(kind) << 32) | i as u128)
}

fn time(i: usize) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000 + 3_600 * i as i64, 0).unwrap()
}

fn date(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap()
}

fn strings(prefix: &str, i: usize) -> Vec<String> {
    (0..=i % 3).map(|k| format!("{prefix}-{i}-{k}")).collect()
}

fn audio_config(i: usize) -> AudioConfig {
    AudioConfig {
        extra: Default::default(),
        channel: Some(pick(
            i,
            &[AudioConfigChannel::Mono, AudioConfigChannel::Stereo],
        )),
        codec: Some(pick(i, &[AudioConfigCodec::Mp3, AudioConfigCodec::Aac])),
        export_file: Some(i % 2 == 0),
    }
}

fn video_config(i: usize) -> VideoConfig {
    VideoConfig {
        extra: Default::default(),
        codec: Some(pick(i, &[VideoConfigCodec::H264, VideoConfigCodec::Vp8])),
        width: Some(pick(i, &[1, 1280, 1920])),
        height: Some(pick(i, &[720, 1, 1920, 1080])),
        export_file: Some(i % 3 == 0),
        watermark: Some(Watermark {
            extra: Default::default(),
            url: Some(format!("https://example.com/logo-{i}.png")),
            position: Some(pick(
                i,
                &[
                    WatermarkPosition::LeftTop,
                    WatermarkPosition::RightTop,
                    WatermarkPosition::LeftBottom,
                    WatermarkPosition::RightBottom,
                ],
            )),
            size: Some(WatermarkSize {
                extra: Default::default(),
                width: Some(1 + i as i64),
                height: Some(pick(i, &[1, 64, 480])),
            }),
        }),
    }
}

fn storage_config(i: usize) -> StorageConfig {
    StorageConfig {
        extra: Default::default(),
        type_: pick(
            i,
            &[
                StorageConfigType::Aws,
                StorageConfigType::Azure,
                StorageConfigType::Digitalocean,
                StorageConfigType::Gcs,
                StorageConfigType::Sftp,
            ],
        ),
        bucket: Some(format!("bucket-{i}")),
        region: Some("us-east-1".into()),
        path: Some(format!("recordings/{i}")),
        access_key: Some("AKIAEXAMPLE".into()),
        secret: Some("secret".into()),
        auth_method: Some(pick(
            i,
            &[
                StorageConfigAuthMethod::Key,
                StorageConfigAuthMethod::Password,
            ],
        )),
        host: Some("sftp.example.com".into()),
        port: Some(pick(i, &[1, 22, 65535])),
        username: Some("user".into()),
        password: Some("pass".into()),
        private_key: Some("-----BEGIN KEY-----".into()),
    }
}

fn recording_config(i: usize) -> RecordingConfig {
    RecordingConfig {
        extra: Default::default(),
        audio_config: Some(audio_config(i)),
        video_config: Some(video_config(i + 1)),
        file_name_prefix: Some(format!("meeting-{i}")),
        max_seconds: Some(pick(i, &[60, 3_600, 86_400])),
        live_streaming_config: Some(LivestreamingConfig {
            extra: Default::default(),
            rtmp_url: Some(format!("rtmp://live.example.com/app/{i}")),
        }),
        realtimekit_bucket_config: Some(RealtimeKitBucketConfig {
            extra: Default::default(),
            enabled: i % 2 == 1,
        }),
        storage_config: Some(storage_config(i)),
    }
}

fn ai_config(i: usize) -> AiConfig {
    AiConfig {
        extra: Default::default(),
        summarization: Some(SummarizationConfig {
            extra: Default::default(),
            summary_type: Some(pick(
                i,
                &[
                    SummaryType::General,
                    SummaryType::TeamMeeting,
                    SummaryType::SalesCall,
                    SummaryType::ClientCheckIn,
                    SummaryType::Interview,
                    SummaryType::DailyStandup,
                    SummaryType::OneOnOneMeeting,
                    SummaryType::Lecture,
                    SummaryType::CodeReview,
                ],
            )),
            text_format: Some(pick(
                i,
                &[SummaryTextFormat::PlainText, SummaryTextFormat::Markdown],
            )),
            word_limit: Some(pick(i, &[150, 500, 1000])),
        }),
        transcription: Some(TranscriptionConfig {
            extra: Default::default(),
            keywords: Some(strings("keyword", i)),
            language: Some(pick(
                i,
                &[
                    TranscriptionLanguage::EnUs,
                    TranscriptionLanguage::EnIn,
                    TranscriptionLanguage::De,
                    TranscriptionLanguage::Hi,
                    TranscriptionLanguage::Sv,
                    TranscriptionLanguage::Ru,
                    TranscriptionLanguage::Pl,
                    TranscriptionLanguage::El,
                    TranscriptionLanguage::Fr,
                    TranscriptionLanguage::Nl,
                ],
            )),
            profanity_filter: Some(i % 2 == 0),
        }),
    }
}

fn quality(i: usize) -> MediaQuality {
    pick(
        i,
        &[
            MediaQuality::Hd,
            MediaQuality::Vga,
            MediaQuality::Qvga,
            MediaQuality::Fhd,
            MediaQuality::Uhd,
        ],
    )
}

fn media_config(i: usize) -> PresetMediaConfig {
    PresetMediaConfig {
        extra: Default::default(),
        video: VideoMediaConfig {
            extra: Default::default(),
            quality: quality(i),
            frame_rate: pick(i, &[1, 24, 30]),
            simulcast: Some(i % 2 == 0),
        },
        screenshare: ScreenshareMediaConfig {
            extra: Default::default(),
            quality: quality(i + 2),
            frame_rate: pick(i, &[1, 5, 60]),
        },
        audio: Some(AudioMediaConfig {
            extra: Default::default(),
            enable_high_bitrate: Some(i % 2 == 1),
            enable_stereo: Some(i % 3 == 0),
        }),
    }
}

fn view_type(i: usize) -> MeetingViewType {
    pick(
        i,
        &[
            MeetingViewType::GroupCall,
            MeetingViewType::Webinar,
            MeetingViewType::AudioRoom,
            MeetingViewType::Livestream,
        ],
    )
}

fn preset_config(i: usize) -> PresetConfig {
    PresetConfig {
        extra: Default::default(),
        view_type: view_type(i),
        max_video_streams: MaxVideoStreams {
            extra: Default::default(),
            mobile: pick(i, &[0, 4, 6]),
            desktop: pick(i, &[0, 9, 25]),
        },
        max_screenshare_count: pick(i, &[0, 1, 3]),
        media: media_config(i),
        livestream_viewer_qualities: Some(vec![360, 720, 1080]),
    }
}

fn access(i: usize) -> ProduceAccess {
    pick(
        i,
        &[
            ProduceAccess::Allowed,
            ProduceAccess::NotAllowed,
            ProduceAccess::CanRequest,
        ],
    )
}

fn chat(i: usize) -> ChatPermissions {
    ChatPermissions {
        extra: Default::default(),
        public: PublicChatPermissions {
            extra: Default::default(),
            can_send: i % 2 == 0,
            text: true,
            files: i % 3 == 0,
        },
        private: PrivateChatPermissions {
            extra: Default::default(),
            can_send: i % 2 == 1,
            can_receive: true,
            text: true,
            files: i % 3 == 1,
        },
    }
}

fn connected_meetings(i: usize) -> ConnectedMeetingsPermissions {
    ConnectedMeetingsPermissions {
        extra: Default::default(),
        can_alter_connected_meetings: i % 2 == 0,
        can_switch_connected_meetings: i % 3 == 0,
        can_switch_to_parent_meeting: i % 2 == 1,
    }
}

fn media_permissions(i: usize) -> MediaPermissions {
    MediaPermissions {
        extra: Default::default(),
        video: ProducePermission {
            extra: Default::default(),
            can_produce: access(i),
        },
        audio: ProducePermission {
            extra: Default::default(),
            can_produce: access(i + 1),
        },
        screenshare: ProducePermission {
            extra: Default::default(),
            can_produce: access(i + 2),
        },
    }
}

fn plugins(i: usize) -> PluginPermissions {
    let mut extra = BTreeMap::new();
    extra.insert("theme".to_owned(), serde_json::json!(format!("theme-{i}")));
    let mut config = BTreeMap::new();
    config.insert(
        uuid(7, i).to_string(),
        PluginAccessConfig {
            extra: Default::default(),
            access_control: Some(pick(
                i,
                &[
                    PluginAccessConfigAccessControl::FullAccess,
                    PluginAccessConfigAccessControl::ViewOnly,
                ],
            )),
            handles_view_only: Some(i % 2 == 0),
            additional_properties: extra,
        },
    );
    PluginPermissions {
        extra: Default::default(),
        can_close: i % 2 == 0,
        can_start: true,
        can_edit_config: i % 3 == 0,
        config,
    }
}

fn polls(i: usize) -> PollPermissions {
    PollPermissions {
        extra: Default::default(),
        can_create: i % 2 == 0,
        can_vote: true,
        can_view: i % 3 != 1,
    }
}

fn recorder_type(i: usize) -> RecorderType {
    pick(
        i,
        &[
            RecorderType::Recorder,
            RecorderType::Livestreamer,
            RecorderType::None,
        ],
    )
}

fn waiting_room(i: usize) -> WaitingRoomType {
    pick(
        i,
        &[
            WaitingRoomType::Skip,
            WaitingRoomType::OnPrivilegedUserEntry,
            WaitingRoomType::SkipOnAccept,
        ],
    )
}

fn preset_permissions(i: usize) -> PresetPermissions {
    PresetPermissions {
        extra: Default::default(),
        accept_waiting_requests: i % 2 == 0,
        can_accept_production_requests: i % 3 == 0,
        can_change_participant_permissions: i % 2 == 1,
        can_edit_display_name: true,
        can_livestream: i % 4 == 0,
        can_record: i % 5 == 0,
        can_spotlight: i % 2 == 0,
        chat: chat(i),
        connected_meetings: connected_meetings(i),
        disable_participant_audio: i % 3 == 1,
        disable_participant_screensharing: i % 3 == 2,
        disable_participant_video: i % 4 == 1,
        hidden_participant: i % 7 == 0,
        kick_participant: i % 2 == 1,
        media: media_permissions(i),
        pin_participant: i % 3 == 0,
        plugins: plugins(i),
        polls: polls(i),
        recorder_type: recorder_type(i),
        show_participant_list: true,
        waiting_room_type: waiting_room(i),
        accept_stage_requests: Some(i % 2 == 0),
        is_recorder: Some(i % 5 == 1),
        stage_access: Some(access(i)),
        stage_enabled: Some(i % 2 == 1),
        transcription_enabled: Some(i % 3 == 2),
    }
}

fn colors(i: usize) -> ThemeColors {
    let shade = |n: usize| format!("#{:06x}", (i * 0x10101 + n * 0x111) & 0xff_ffff);
    ThemeColors {
        extra: Default::default(),
        brand: BrandColors {
            extra: Default::default(),
            _300: shade(3),
            _400: shade(4),
            _500: shade(5),
            _600: shade(6),
            _700: shade(7),
        },
        background: BackgroundColors {
            extra: Default::default(),
            _600: shade(16),
            _700: shade(17),
            _800: shade(18),
            _900: shade(19),
            _1000: shade(20),
        },
        danger: "#FF2D2D".into(),
        text: "#EEEEEE".into(),
        text_on_brand: "#EEEEEE".into(),
        success: "#62A504".into(),
        video_bg: "#191919".into(),
        warning: "#FFCD07".into(),
    }
}

fn border_radius(i: usize) -> BorderRadius {
    pick(
        i,
        &[
            BorderRadius::Sharp,
            BorderRadius::Rounded,
            BorderRadius::ExtraRounded,
            BorderRadius::Circular,
        ],
    )
}

fn border_width(i: usize) -> BorderWidth {
    pick(i, &[BorderWidth::None, BorderWidth::Thin, BorderWidth::Fat])
}

fn theme(i: usize) -> UiTheme {
    pick(i, &[UiTheme::Darkest, UiTheme::Dark, UiTheme::Light])
}

fn config_diff(i: usize) -> serde_json::Map<String, serde_json::Value> {
    let mut diff = serde_json::Map::new();
    diff.insert("grid".into(), serde_json::json!({"columns": i % 4 + 1}));
    diff
}

fn preset_ui(i: usize) -> PresetUi {
    PresetUi {
        extra: Default::default(),
        design_tokens: DesignTokens {
            extra: Default::default(),
            border_radius: border_radius(i),
            border_width: border_width(i),
            colors: colors(i),
            spacing_base: pick(i, &[4.0, 2.5, 8.0]),
            theme: theme(i),
            logo: Some(format!("https://example.com/logo-{i}.svg")),
            font_family: Some("Inter".into()),
            google_font: Some("Roboto".into()),
        },
        config_diff: Some(config_diff(i)),
    }
}

fn webhook_events(i: usize) -> Vec<WebhookEvent> {
    let all = [
        WebhookEvent::MeetingStarted,
        WebhookEvent::MeetingEnded,
        WebhookEvent::MeetingParticipantJoined,
        WebhookEvent::MeetingParticipantLeft,
        WebhookEvent::MeetingChatSynced,
        WebhookEvent::RecordingStatusUpdate,
        WebhookEvent::LivestreamingStatusUpdate,
        WebhookEvent::MeetingTranscript,
        WebhookEvent::MeetingSummary,
    ];
    all.iter()
        .cycle()
        .skip(i)
        .take(1 + i % all.len())
        .cloned()
        .collect()
}

fn layers(i: usize) -> BTreeMap<String, TrackRecordingLayer> {
    let mut layers = BTreeMap::new();
    layers.insert(
        "default".to_owned(),
        TrackRecordingLayer {
            extra: Default::default(),
            file_name_prefix: Some(format!("track-{i}")),
            media_kind: Some(TrackRecordingLayerMediaKind::Audio),
        },
    );
    layers
}

fn filters(i: usize) -> Vec<ParticipantFilter> {
    let all = [
        ParticipantFilter::DeviceInfo,
        ParticipantFilter::IpInformation,
        ParticipantFilter::PrecallNetworkInformation,
        ParticipantFilter::Events,
        ParticipantFilter::QualityStats,
    ];
    all[..=i % all.len()].to_vec()
}

/// Call `i` of every operation with every parameter and body field set.
/// Returns the operations called and a value that differs between Prism's
/// random answers.
async fn with_everything(client: &Client, i: usize) -> (Calls, String) {
    let mut called = Calls::default();
    let c = &mut called;
    let app = format!("app-{i}");
    let app = app.as_str();
    let meeting = uuid(1, i);
    let preset = uuid(2, i);
    let recording = uuid(3, i);
    let webhook = uuid(4, i);
    let session = uuid(5, i);
    let participant = uuid(6, i);
    let session_text = session.to_string();
    let text = format!("text {i}");
    let page_no = (i % 5) as i64;
    let per_page = 1 + i as i64;
    let order = pick(i, &[SortOrder::Asc, SortOrder::Desc]);

    // Apps
    call!(
        c,
        "get_apps",
        i,
        client
            .get_apps(ACCOUNT)
            .page_no(page_no)
            .per_page(per_page)
            .search(&text)
            .sort_order(order.clone())
    );
    call!(
        c,
        "create_app",
        i,
        client.create_app(ACCOUNT, format!("app {i}"))
    );

    // Meetings
    let status = pick(i, &[MeetingStatus::Active, MeetingStatus::Inactive]);
    call!(
        c,
        "get_meetings",
        i,
        client
            .get_meetings(ACCOUNT, app)
            .page_no(page_no)
            .per_page(per_page)
            .start_time(time(i))
            .end_time(time(i + 24))
            .search(&text)
            .status(status.clone())
    );
    call!(
        c,
        "create_meeting",
        i,
        client
            .create_meeting(ACCOUNT, app)
            .title(format!("Meeting {i}"))
            .record_on_start(i % 2 == 0)
            .live_stream_on_start(i % 3 == 0)
            .persist_chat(i % 2 == 1)
            .summarize_on_end(i % 4 == 0)
            .transcribe_on_end(i % 5 == 0)
            .session_keep_alive_time_in_secs(pick(i, &[60, 300, 600]))
            .recording_config(recording_config(i))
            .ai_config(ai_config(i))
    );
    call!(
        c,
        "get_meeting",
        i,
        client.get_meeting(ACCOUNT, app, meeting).name(&text)
    );
    call!(
        c,
        "update_meeting",
        i,
        client
            .update_meeting(ACCOUNT, app, meeting)
            .title(format!("Renamed {i}"))
            .status(status)
            .record_on_start(i % 2 == 1)
            .live_stream_on_start(i % 3 == 1)
            .persist_chat(i % 2 == 0)
            .summarize_on_end(i % 4 == 1)
            .transcribe_on_end(i % 5 == 1)
            .session_keep_alive_time_in_secs(pick(i, &[600, 61, 120]))
            .recording_config(recording_config(i + 1))
            .ai_config(ai_config(i + 1))
    );
    call!(
        c,
        "replace_meeting",
        i,
        client
            .replace_meeting(ACCOUNT, app, meeting)
            .title(format!("Replaced {i}"))
            .record_on_start(i % 2 == 0)
            .live_stream_on_start(i % 2 == 1)
            .persist_chat(true)
            .summarize_on_end(false)
            .transcribe_on_end(true)
            .session_keep_alive_time_in_secs(pick(i, &[60, 599]))
            .recording_config(recording_config(i + 2))
            .ai_config(ai_config(i + 2))
    );
    call!(
        c,
        "get_meeting_participants",
        i,
        client
            .get_meeting_participants(ACCOUNT, app, meeting)
            .page_no(page_no)
            .per_page(per_page)
    );
    let added = call!(
        c,
        "add_participant",
        i,
        client
            .add_participant(
                ACCOUNT,
                app,
                meeting,
                "group_call_host",
                format!("user-{i}")
            )
            .name(format!("Participant {i}"))
            .picture(format!("https://example.com/avatar-{i}.png"))
    );
    let varying = added
        .data
        .map(|p| p.custom_participant_id)
        .unwrap_or_default();
    let pid = format!("participant-{i}");
    call!(
        c,
        "get_meeting_participant",
        i,
        client.get_meeting_participant(ACCOUNT, app, meeting, &pid)
    );
    call!(
        c,
        "edit_participant",
        i,
        client
            .edit_participant(ACCOUNT, app, meeting, &pid)
            .name(format!("Edited {i}"))
            .picture(format!("https://example.com/new-{i}.png"))
            .preset_name("webinar_viewer")
    );
    call!(
        c,
        "delete_meeting_participant",
        i,
        client.delete_meeting_participant(ACCOUNT, app, meeting, &pid)
    );
    call!(
        c,
        "refresh_participant_token",
        i,
        client.refresh_participant_token(ACCOUNT, app, meeting, &pid)
    );

    // Presets
    call!(
        c,
        "get_presets",
        i,
        client
            .get_presets(ACCOUNT, app)
            .page_no(page_no)
            .per_page(per_page)
    );
    call!(
        c,
        "create_preset",
        i,
        client.create_preset(
            ACCOUNT,
            app,
            format!("preset_{i}"),
            preset_config(i),
            preset_permissions(i),
            preset_ui(i)
        )
    );
    call!(c, "get_preset", i, client.get_preset(ACCOUNT, app, preset));
    let full_config = preset_config(i + 1);
    let full_ui = preset_ui(i + 1);
    call!(
        c,
        "update_preset",
        i,
        client
            .update_preset(ACCOUNT, app, preset)
            .name(format!("preset_{i}_v2"))
            .config(PresetConfigUpdate {
                extra: Default::default(),
                view_type: Some(full_config.view_type),
                max_video_streams: Some(full_config.max_video_streams),
                max_screenshare_count: Some(full_config.max_screenshare_count),
                media: Some(full_config.media),
                livestream_viewer_qualities: full_config.livestream_viewer_qualities,
            })
            .permissions(PresetPermissionsUpdate {
                extra: Default::default(),
                accept_waiting_requests: Some(i % 2 == 0),
                can_accept_production_requests: Some(i % 3 == 0),
                can_change_participant_permissions: Some(true),
                can_edit_display_name: Some(false),
                can_livestream: Some(i % 2 == 1),
                can_record: Some(true),
                can_spotlight: Some(false),
                chat: Some(chat(i + 1)),
                connected_meetings: Some(connected_meetings(i + 1)),
                disable_participant_audio: Some(true),
                disable_participant_screensharing: Some(false),
                disable_participant_video: Some(i % 2 == 0),
                hidden_participant: Some(false),
                kick_participant: Some(true),
                media: Some(media_permissions(i + 1)),
                pin_participant: Some(false),
                plugins: Some(plugins(i + 1)),
                polls: Some(polls(i + 1)),
                recorder_type: Some(recorder_type(i + 1)),
                show_participant_list: Some(i % 3 != 0),
                waiting_room_type: Some(waiting_room(i + 1)),
                accept_stage_requests: Some(true),
                is_recorder: Some(false),
                stage_access: Some(access(i + 1)),
                stage_enabled: Some(true),
                transcription_enabled: Some(false),
            })
            .ui(PresetUiUpdate {
                extra: Default::default(),
                design_tokens: Some(DesignTokensUpdate {
                    extra: Default::default(),
                    border_radius: Some(full_ui.design_tokens.border_radius),
                    border_width: Some(full_ui.design_tokens.border_width),
                    colors: Some(full_ui.design_tokens.colors),
                    spacing_base: Some(full_ui.design_tokens.spacing_base),
                    theme: Some(full_ui.design_tokens.theme),
                    logo: full_ui.design_tokens.logo,
                    font_family: full_ui.design_tokens.font_family,
                    google_font: full_ui.design_tokens.google_font,
                }),
                config_diff: full_ui.config_diff,
            })
    );
    call!(
        c,
        "delete_preset",
        i,
        client.delete_preset(ACCOUNT, app, preset)
    );

    // Sessions
    call!(
        c,
        "get_sessions",
        i,
        client
            .get_sessions(ACCOUNT, app)
            .page_no(page_no)
            .per_page(per_page)
            .sort_by(pick(
                i,
                &[SessionSortBy::MinutesConsumed, SessionSortBy::CreatedAt]
            ))
            .sort_order(order.clone())
            .start_time(time(i))
            .end_time(time(i + 48))
            .participants(format!("{}-{}", i % 3, 10 + i))
            .status(pick(i, &[SessionStatus::Live, SessionStatus::Ended]))
            .search(&text)
            .associated_id(meeting.to_string())
    );
    call!(
        c,
        "get_session_details",
        i,
        client
            .get_session_details(ACCOUNT, app, &session_text)
            .include_breakout_rooms(i % 2 == 0)
    );
    call!(
        c,
        "get_session_participants",
        i,
        client
            .get_session_participants(ACCOUNT, app, &session_text)
            .include_peer_events(i % 2 == 0)
            .page_no(page_no)
            .per_page(per_page)
            .search(&text)
            .sort_by(pick(
                i,
                &[ParticipantSortBy::JoinedAt, ParticipantSortBy::Duration]
            ))
            .sort_order(order.clone())
            .view(pick(
                i,
                &[ParticipantView::Raw, ParticipantView::Consolidated]
            ))
    );
    call!(
        c,
        "get_session_participant_details",
        i,
        client
            .get_session_participant_details(ACCOUNT, app, session, participant)
            .filters(filters(i))
            .include_peer_events(i % 2 == 1)
    );
    call!(
        c,
        "get_participant_data_from_peer_id",
        i,
        client
            .get_participant_data_from_peer_id(ACCOUNT, app, participant)
            .filters(filters(i + 2))
            .include_peer_events(i % 2 == 0)
    );
    call!(
        c,
        "get_session_chat",
        i,
        client.get_session_chat(ACCOUNT, app, &session_text)
    );
    call!(
        c,
        "get_session_transcript",
        i,
        client
            .get_session_transcript(ACCOUNT, app, &session_text)
            .format(pick(
                i,
                &[
                    TranscriptFormat::Srt,
                    TranscriptFormat::Vtt,
                    TranscriptFormat::Json,
                    TranscriptFormat::Csv,
                ],
            ))
    );
    call!(
        c,
        "get_session_summary",
        i,
        client.get_session_summary(ACCOUNT, app, &session_text)
    );
    call!(
        c,
        "generate_session_summary",
        i,
        client.generate_session_summary(ACCOUNT, app, &session_text)
    );
    call!(
        c,
        "get_session_livestream_sessions",
        i,
        client
            .get_session_livestream_sessions(ACCOUNT, app, &session_text)
            .page_no(page_no)
            .per_page(per_page)
    );

    // Recordings
    let statuses = [
        RecordingStatus::Invoked,
        RecordingStatus::Recording,
        RecordingStatus::Uploading,
        RecordingStatus::Uploaded,
        RecordingStatus::Errored,
        RecordingStatus::Paused,
    ];
    call!(
        c,
        "get_recordings",
        i,
        client
            .get_recordings(ACCOUNT, app)
            .meeting_id(meeting)
            .page_no(page_no)
            .per_page(per_page)
            .expired(i % 2 == 0)
            .search(&text)
            .sort_by(RecordingSortBy::InvokedTime)
            .sort_order(order.clone())
            .start_time(time(i))
            .end_time(time(i + 1))
            .status(statuses[i % statuses.len()..].to_vec())
    );
    call!(
        c,
        "start_recording",
        i,
        client
            .start_recording(ACCOUNT, app, meeting)
            .allow_multiple_recordings(i % 2 == 0)
            .audio_config(audio_config(i + 1))
            .video_config(video_config(i))
            .file_name_prefix(format!("rec-{i}"))
            .interactive_config(InteractiveConfig {
                extra: Default::default(),
                type_: Some(InteractiveConfigType::Id3),
            })
            .max_seconds(pick(i, &[60, 7_200, 86_400]))
            .realtimekit_bucket_config(RealtimeKitBucketConfig {
                extra: Default::default(),
                enabled: i % 2 == 0
            })
            .rtmp_out_config(LivestreamingConfig {
                extra: Default::default(),
                rtmp_url: Some(format!("rtmps://live.example.com/out/{i}")),
            })
            .storage_config(storage_config(i + 1))
            .url(format!("https://example.com/page-{i}"))
    );
    call!(
        c,
        "get_active_recording",
        i,
        client.get_active_recording(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "start_track_recording",
        i,
        client
            .start_track_recording(ACCOUNT, app, meeting, layers(i))
            .max_seconds(1 + i as i64)
            .user_ids(strings("user", i))
    );
    call!(
        c,
        "get_recording",
        i,
        client.get_recording(ACCOUNT, app, recording)
    );
    call!(
        c,
        "update_recording",
        i,
        client.update_recording(
            ACCOUNT,
            app,
            recording,
            pick(
                i,
                &[
                    RecordingAction::Stop,
                    RecordingAction::Pause,
                    RecordingAction::Resume,
                ],
            )
        )
    );

    // Webhooks
    call!(c, "get_webhooks", i, client.get_webhooks(ACCOUNT, app));
    let hook_url = format!("https://example.com/hooks/{i}");
    call!(
        c,
        "create_webhook",
        i,
        client
            .create_webhook(
                ACCOUNT,
                app,
                format!("hook {i}"),
                &hook_url,
                webhook_events(i)
            )
            .enabled(i % 2 == 0)
    );
    call!(
        c,
        "get_webhook",
        i,
        client.get_webhook(ACCOUNT, app, webhook)
    );
    call!(
        c,
        "replace_webhook",
        i,
        client
            .replace_webhook(
                ACCOUNT,
                app,
                webhook,
                format!("hook {i}"),
                &hook_url,
                webhook_events(i + 3)
            )
            .enabled(i % 2 == 1)
    );
    call!(
        c,
        "edit_webhook",
        i,
        client
            .edit_webhook(ACCOUNT, app, webhook)
            .name(format!("hook {i} v2"))
            .url(format!("https://example.com/hooks/{i}/v2"))
            .events(webhook_events(i + 5))
            .enabled(true)
    );
    call!(
        c,
        "delete_webhook",
        i,
        client.delete_webhook(ACCOUNT, app, webhook)
    );

    // Active session
    call!(
        c,
        "get_active_session",
        i,
        client.get_active_session(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "kick_participants",
        i,
        client.kick_participants(
            ACCOUNT,
            app,
            meeting,
            strings("participant", i),
            strings("custom", i + 1)
        )
    );
    call!(
        c,
        "kick_all_participants",
        i,
        client.kick_all_participants(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "mute_participants",
        i,
        client.mute_participants(
            ACCOUNT,
            app,
            meeting,
            strings("participant", i + 1),
            strings("custom", i)
        )
    );
    call!(
        c,
        "mute_all_participants",
        i,
        client.mute_all_participants(ACCOUNT, app, meeting, i % 2 == 0)
    );
    call!(
        c,
        "create_poll",
        i,
        client
            .create_poll(
                ACCOUNT,
                app,
                meeting,
                format!("Question {i}?"),
                strings("answer", i + 1)
            )
            .anonymous(i % 2 == 0)
            .hide_votes(i % 3 == 0)
    );

    // Livestreams
    let livestream = format!("livestream-{i}");
    call!(
        c,
        "get_livestreams",
        i,
        client
            .get_livestreams(ACCOUNT, app)
            .exclude_meetings(i % 2 == 0)
            .per_page(per_page)
            .page_no(page_no)
            .status(pick(
                i,
                &[
                    LivestreamStatus::Live,
                    LivestreamStatus::Idle,
                    LivestreamStatus::Errored,
                    LivestreamStatus::Invoked,
                ],
            ))
            .start_time(time(i))
            .end_time(time(i + 2))
            .sort_order(pick(
                i,
                &[LivestreamSortOrder::Asc, LivestreamSortOrder::Dsc]
            ))
    );
    call!(
        c,
        "create_livestream",
        i,
        client
            .create_livestream(ACCOUNT, app)
            .name(format!("Stream {i}"))
    );
    call!(
        c,
        "get_livestream",
        i,
        client
            .get_livestream(ACCOUNT, app, &livestream)
            .page_no(page_no)
            .per_page(per_page)
    );
    call!(
        c,
        "get_active_livestream_session",
        i,
        client.get_active_livestream_session(ACCOUNT, app, &livestream)
    );
    call!(
        c,
        "get_livestream_session",
        i,
        client.get_livestream_session(ACCOUNT, app, format!("livestream-session-{i}"))
    );
    call!(
        c,
        "start_meeting_livestream",
        i,
        client
            .start_meeting_livestream(ACCOUNT, app, meeting)
            .name(format!("Meeting stream {i}"))
            .video_config(LivestreamVideoConfig {
                extra: Default::default(),
                width: Some(pick(i, &[1, 1280, 1920])),
                height: Some(pick(i, &[1, 720, 1080])),
            })
    );
    call!(
        c,
        "get_meeting_active_livestream",
        i,
        client.get_meeting_active_livestream(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "stop_meeting_livestream",
        i,
        client.stop_meeting_livestream(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "get_meeting_livestreams",
        i,
        client
            .get_meeting_livestreams(ACCOUNT, app, meeting)
            .page_no(page_no)
            .per_page(per_page)
    );

    // Analytics
    call!(
        c,
        "get_org_analytics",
        i,
        client
            .get_org_analytics(ACCOUNT, app)
            .start_date(date(i))
            .end_date(date(i + 1))
    );
    call!(
        c,
        "get_livestream_analytics",
        i,
        client
            .get_livestream_analytics(ACCOUNT, app)
            .start_time(time(i))
            .end_time(time(i + 5))
    );
    (called, varying)
}

/// Every operation once with only its required arguments: no optional
/// parameter and no optional body field is sent.
async fn with_required_only(client: &Client) -> Calls {
    let mut called = Calls::default();
    let c = &mut called;
    let i = 0;
    let app = "app";
    let meeting = uuid(1, i);
    let preset = uuid(2, i);
    let recording = uuid(3, i);
    let webhook = uuid(4, i);
    let session = uuid(5, i);
    let participant = uuid(6, i);
    let s = "session-id";
    let pid = "participant-id";
    let url = "https://example.com/hook";

    call!(c, "get_apps", i, client.get_apps(ACCOUNT));
    call!(c, "create_app", i, client.create_app(ACCOUNT, "app"));
    call!(c, "get_meetings", i, client.get_meetings(ACCOUNT, app));
    call!(c, "create_meeting", i, client.create_meeting(ACCOUNT, app));
    call!(
        c,
        "get_meeting",
        i,
        client.get_meeting(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "update_meeting",
        i,
        client.update_meeting(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "replace_meeting",
        i,
        client.replace_meeting(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "get_meeting_participants",
        i,
        client.get_meeting_participants(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "add_participant",
        i,
        client.add_participant(ACCOUNT, app, meeting, "group_call_host", "user-1")
    );
    call!(
        c,
        "get_meeting_participant",
        i,
        client.get_meeting_participant(ACCOUNT, app, meeting, pid)
    );
    call!(
        c,
        "edit_participant",
        i,
        client.edit_participant(ACCOUNT, app, meeting, pid)
    );
    call!(
        c,
        "delete_meeting_participant",
        i,
        client.delete_meeting_participant(ACCOUNT, app, meeting, pid)
    );
    call!(
        c,
        "refresh_participant_token",
        i,
        client.refresh_participant_token(ACCOUNT, app, meeting, pid)
    );
    call!(c, "get_presets", i, client.get_presets(ACCOUNT, app));
    let mut bare_permissions = preset_permissions(i);
    bare_permissions.accept_stage_requests = None;
    bare_permissions.is_recorder = None;
    bare_permissions.stage_access = None;
    bare_permissions.stage_enabled = None;
    bare_permissions.transcription_enabled = None;
    bare_permissions.plugins.config.clear();
    let mut bare_config = preset_config(i);
    bare_config.livestream_viewer_qualities = None;
    bare_config.media.audio = None;
    bare_config.media.video.simulcast = None;
    let mut bare_ui = preset_ui(i);
    bare_ui.config_diff = None;
    bare_ui.design_tokens.logo = None;
    bare_ui.design_tokens.font_family = None;
    bare_ui.design_tokens.google_font = None;
    call!(
        c,
        "create_preset",
        i,
        client.create_preset(ACCOUNT, app, "host", bare_config, bare_permissions, bare_ui)
    );
    call!(c, "get_preset", i, client.get_preset(ACCOUNT, app, preset));
    call!(
        c,
        "update_preset",
        i,
        client.update_preset(ACCOUNT, app, preset)
    );
    call!(
        c,
        "delete_preset",
        i,
        client.delete_preset(ACCOUNT, app, preset)
    );
    call!(c, "get_sessions", i, client.get_sessions(ACCOUNT, app));
    call!(
        c,
        "get_session_details",
        i,
        client.get_session_details(ACCOUNT, app, s)
    );
    call!(
        c,
        "get_session_participants",
        i,
        client.get_session_participants(ACCOUNT, app, s)
    );
    call!(
        c,
        "get_session_participant_details",
        i,
        client.get_session_participant_details(ACCOUNT, app, session, participant)
    );
    call!(
        c,
        "get_participant_data_from_peer_id",
        i,
        client.get_participant_data_from_peer_id(ACCOUNT, app, participant)
    );
    call!(
        c,
        "get_session_chat",
        i,
        client.get_session_chat(ACCOUNT, app, s)
    );
    call!(
        c,
        "get_session_transcript",
        i,
        client.get_session_transcript(ACCOUNT, app, s)
    );
    call!(
        c,
        "get_session_summary",
        i,
        client.get_session_summary(ACCOUNT, app, s)
    );
    call!(
        c,
        "generate_session_summary",
        i,
        client.generate_session_summary(ACCOUNT, app, s)
    );
    call!(
        c,
        "get_session_livestream_sessions",
        i,
        client.get_session_livestream_sessions(ACCOUNT, app, s)
    );
    call!(c, "get_recordings", i, client.get_recordings(ACCOUNT, app));
    call!(
        c,
        "start_recording",
        i,
        client.start_recording(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "get_active_recording",
        i,
        client.get_active_recording(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "start_track_recording",
        i,
        client.start_track_recording(ACCOUNT, app, meeting, BTreeMap::new())
    );
    call!(
        c,
        "get_recording",
        i,
        client.get_recording(ACCOUNT, app, recording)
    );
    call!(
        c,
        "update_recording",
        i,
        client.update_recording(ACCOUNT, app, recording, RecordingAction::Stop)
    );
    call!(c, "get_webhooks", i, client.get_webhooks(ACCOUNT, app));
    call!(
        c,
        "create_webhook",
        i,
        client.create_webhook(ACCOUNT, app, "hook", url, [WebhookEvent::MeetingStarted])
    );
    call!(
        c,
        "get_webhook",
        i,
        client.get_webhook(ACCOUNT, app, webhook)
    );
    call!(
        c,
        "replace_webhook",
        i,
        client.replace_webhook(
            ACCOUNT,
            app,
            webhook,
            "hook",
            url,
            [WebhookEvent::MeetingEnded]
        )
    );
    call!(
        c,
        "edit_webhook",
        i,
        client.edit_webhook(ACCOUNT, app, webhook)
    );
    call!(
        c,
        "delete_webhook",
        i,
        client.delete_webhook(ACCOUNT, app, webhook)
    );
    call!(
        c,
        "get_active_session",
        i,
        client.get_active_session(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "kick_participants",
        i,
        client.kick_participants(ACCOUNT, app, meeting, [pid.to_owned()], [])
    );
    call!(
        c,
        "kick_all_participants",
        i,
        client.kick_all_participants(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "mute_participants",
        i,
        client.mute_participants(ACCOUNT, app, meeting, [], ["custom-1".to_owned()])
    );
    call!(
        c,
        "mute_all_participants",
        i,
        client.mute_all_participants(ACCOUNT, app, meeting, false)
    );
    call!(
        c,
        "create_poll",
        i,
        client.create_poll(
            ACCOUNT,
            app,
            meeting,
            "Lunch?",
            ["yes".to_owned(), "no".to_owned()]
        )
    );
    call!(
        c,
        "get_livestreams",
        i,
        client.get_livestreams(ACCOUNT, app)
    );
    call!(
        c,
        "create_livestream",
        i,
        client.create_livestream(ACCOUNT, app)
    );
    call!(
        c,
        "get_livestream",
        i,
        client.get_livestream(ACCOUNT, app, "ls")
    );
    call!(
        c,
        "get_active_livestream_session",
        i,
        client.get_active_livestream_session(ACCOUNT, app, "ls")
    );
    call!(
        c,
        "get_livestream_session",
        i,
        client.get_livestream_session(ACCOUNT, app, "lss")
    );
    call!(
        c,
        "start_meeting_livestream",
        i,
        client.start_meeting_livestream(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "get_meeting_active_livestream",
        i,
        client.get_meeting_active_livestream(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "stop_meeting_livestream",
        i,
        client.stop_meeting_livestream(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "get_meeting_livestreams",
        i,
        client.get_meeting_livestreams(ACCOUNT, app, meeting)
    );
    call!(
        c,
        "get_org_analytics",
        i,
        client.get_org_analytics(ACCOUNT, app)
    );
    call!(
        c,
        "get_livestream_analytics",
        i,
        client.get_livestream_analytics(ACCOUNT, app)
    );
    called
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_with_every_parameter_and_body_field_matches_the_spec() {
    let prism = start_prism("contract-all");
    let client = client(&prism, Some("prism-test-token"));
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut called = Calls::default();
                let mut varying = BTreeSet::new();
                for i in (w..CALLS).step_by(WORKERS) {
                    let (ops, value) = with_everything(&client, i).await;
                    called.merge(ops);
                    varying.insert(value);
                }
                (called, varying)
            })
        })
        .collect();
    let mut called = Calls::default();
    let mut varying = BTreeSet::new();
    for worker in workers {
        let (ops, values) = worker.await.expect("a worker panicked");
        called.merge(ops);
        varying.extend(values);
    }
    assert_all_called(&called.names);
    called.assert_no_deviation();
    assert!(
        varying.len() > CALLS / 2,
        "Prism runs in dynamic mode, so responses vary: {varying:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_with_only_required_arguments_matches_the_spec() {
    let prism = start_prism("contract-required");
    let called = with_required_only(&client(&prism, Some("prism-test-token"))).await;
    assert_all_called(&called.names);
    called.assert_no_deviation();
}

/// Proof that Prism really validates, so the tests above can fail: requests
/// breaking the spec are refused. The bodies are sent by hand, since the
/// client cannot build them.
#[tokio::test(flavor = "multi_thread")]
async fn prism_rejects_requests_that_break_the_spec() {
    let prism = start_prism("contract-reject");
    let unauthenticated = client(&prism, None)
        .get_session_participants(ACCOUNT, "app", "s")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        unauthenticated.status().map(|s| s.as_u16()),
        Some(401),
        "{unauthenticated}"
    );

    let negative_page = client(&prism, Some("t"))
        .get_session_participants(ACCOUNT, "app", "s")
        .page_no(-1)
        .send()
        .await;
    let err = negative_page.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.is_client_error()),
        "{err}"
    );

    let long_account = "a".repeat(33);
    let err = client(&prism, Some("t"))
        .get_session_participants(long_account, "app", "s")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.is_client_error()),
        "maxLength 32 is enforced: {err}"
    );

    let http = reqwest::Client::new();
    let meeting = uuid(1, 0);
    let post = |path: String, body: serde_json::Value| {
        http.post(format!(
            "{}/accounts/{ACCOUNT}/realtime/kit/app{path}",
            prism.base_url()
        ))
        .bearer_auth("t")
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
    };
    let participants = format!("/meetings/{meeting}/participants");
    let complete = serde_json::json!({"preset_name": "host", "custom_participant_id": "u1"});
    let cases = [
        // The control: the same request with every required field passes.
        (participants.clone(), complete, true),
        (
            participants.clone(),
            serde_json::json!({"preset_name": "host"}),
            false,
        ),
        (
            participants,
            serde_json::json!({"custom_participant_id": "u1", "name": "Ada"}),
            false,
        ),
        (
            "/webhooks".to_owned(),
            serde_json::json!({"name": "h", "url": "https://example.com/h"}),
            false,
        ),
        (
            "/webhooks".to_owned(),
            serde_json::json!({"name": "h", "url": "https://example.com/h", "events": ["meeting.exploded"]}),
            false,
        ),
        (
            "/meetings".to_owned(),
            serde_json::json!({"title": "t", "session_keep_alive_time_in_secs": 10}),
            false,
        ),
        (
            "/recordings".to_owned(),
            serde_json::json!({"meeting_id": "not-a-uuid"}),
            false,
        ),
    ];
    for (path, body, valid) in cases {
        let response = post(path.clone(), body.clone()).await.unwrap();
        let status = response.status().as_u16();
        if valid {
            assert!(
                (200..300).contains(&status),
                "POST {path} {body}: a valid body is accepted, got {status}"
            );
        } else {
            assert!(
                matches!(status, 400 | 422),
                "POST {path} {body}: Prism must reject it, got {status}"
            );
        }
    }
}

/// Every paginated operation's stream walks Prism's random pages without
/// error, for both paging shapes (paging beside `data`, and inside it).
#[tokio::test(flavor = "multi_thread")]
async fn streaming_against_random_pages_decodes() {
    let prism = start_prism("contract-stream");
    let client = client(&prism, Some("t"));
    let meeting = uuid(1, 0);
    // Random totals can be huge: take a bounded number of items. A random
    // first page may also be empty, which ends the stream at once.
    macro_rules! walk {
        ($request:expr) => {{
            let items: Vec<_> = $request.per_page(3).stream().take(20).collect().await;
            for item in items {
                item.unwrap_or_else(|e| panic!("{}: {e}", stringify!($request)));
            }
        }};
    }
    walk!(client.get_apps(ACCOUNT));
    walk!(client.get_meetings(ACCOUNT, "app"));
    walk!(client.get_meeting_participants(ACCOUNT, "app", meeting));
    walk!(client.get_presets(ACCOUNT, "app"));
    walk!(client.get_recordings(ACCOUNT, "app"));
    walk!(client.get_sessions(ACCOUNT, "app"));
    walk!(client.get_session_participants(ACCOUNT, "app", "s"));
    walk!(client.get_meeting_livestreams(ACCOUNT, "app", meeting));
}

/// `spec/openapi.yaml` loosened the way vendor documents drift from their
/// servers, applied to the schemas responses are generated from (request
/// parameters keep theirs, so Prism still reads our requests): integers
/// become numbers, formats and enums go, booleans may be strings, and no
/// property is required. Written as JSON (which Prism reads as YAML).
fn drift_document() -> std::path::PathBuf {
    fn loosen(schema: &mut serde_json::Value) {
        let Some(map) = schema.as_object_mut() else {
            return;
        };
        if let Some(properties) = map.get_mut("properties").and_then(|p| p.as_object_mut()) {
            properties.values_mut().for_each(loosen);
        }
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = map.get_mut(key) {
                loosen(inner);
            }
        }
        map.remove("format");
        map.remove("enum");
        if map.get("required").is_some_and(serde_json::Value::is_array) {
            map.remove("required");
        }
        match map.get("type").and_then(serde_json::Value::as_str) {
            Some("integer") => {
                map.insert("type".into(), "number".into());
            }
            // Still a boolean in requests (one alternative matches).
            Some("boolean") => {
                map.remove("type");
                map.insert(
                    "oneOf".into(),
                    serde_json::json!([{"type": "boolean"}, {"type": "string"}]),
                );
            }
            _ => {}
        }
    }
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let mut doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    for schema in doc["components"]["schemas"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        loosen(schema);
    }
    for item in doc["paths"].as_object_mut().unwrap().values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                continue;
            };
            for response in responses.values_mut() {
                if let Some(content) = response.get_mut("content").and_then(|c| c.as_object_mut()) {
                    for media in content.values_mut() {
                        if let Some(schema) = media.get_mut("schema") {
                            loosen(schema);
                        }
                    }
                }
            }
        }
    }
    let path = root().join("target/drift-openapi.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    path
}

/// An independent check of a value against the strict document: the JSON
/// pointers of every value that does not conform to `schema`, in the terms
/// the generated types promise (enum values the document does not list are
/// kept, not deviations; undeclared properties are kept; a string must
/// parse as its uuid, date or date-time format; an integer must be written
/// as one).
fn violations(
    spec: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: String,
    out: &mut BTreeSet<String>,
) {
    use serde_json::Value;
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => spec
            .pointer(r.trim_start_matches('#'))
            .expect("a local $ref"),
        None => schema,
    };
    if value.is_null() {
        if !schema
            .get("nullable")
            .and_then(Value::as_bool)
            .unwrap_or(false)
            && schema.get("type").is_some()
        {
            out.insert(at);
        }
        return;
    }
    let fits = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("boolean") => value.is_boolean(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("string") => match (value.as_str(), schema.get("format").and_then(Value::as_str)) {
            (None, _) => false,
            (Some(s), Some("uuid")) => Uuid::parse_str(s).is_ok(),
            (Some(s), Some("date-time")) => s.parse::<DateTime<Utc>>().is_ok(),
            (Some(s), Some("date")) => s.parse::<NaiveDate>().is_ok(),
            (Some(_), _) => true,
        },
        Some(other) => panic!("the checker does not know type {other}"),
    };
    if !fits {
        out.insert(at);
        return;
    }
    let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, item) in values.iter().enumerate() {
            violations(spec, items, item, format!("{at}/{i}"), out);
        }
    }
    if let Some(object) = value.as_object() {
        let declared = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(key) {
                    out.insert(format!("{at}/{}", escape(key)));
                }
            }
        }
        for (key, item) in object {
            let property = declared
                .and_then(|d| d.get(key))
                .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
            if let Some(property) = property {
                violations(spec, property, item, format!("{at}/{}", escape(key)), out);
            }
        }
    }
}

/// The success response schema of the operation whose method is `name`.
fn response_schema<'a>(spec: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    let wanted: String = name
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if op.get("operationId").and_then(serde_json::Value::as_str) == Some(wanted.as_str()) {
                let (_, response) = op["responses"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(status, _)| status.starts_with('2'))
                    .expect("a success response");
                return &response["content"]["application/json"]["schema"];
            }
        }
    }
    panic!("no operation {wanted}")
}

/// Prism serving a drifted copy of the spec (see [`drift_document`]):
/// every operation called three times with everything set. Every response
/// decodes; what the client lists as deviations is exactly what an
/// independent check of the body against the strict document finds; strict
/// decoding fails exactly on the responses that have deviations, and a
/// strict client fails its calls.
#[tokio::test(flavor = "multi_thread")]
async fn responses_that_drift_from_the_spec_decode_and_every_deviation_is_reported() {
    let document = drift_document();
    let prism = Prism::start_document(&root(), "contract-drift", &document)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let client = client(&prism, Some("prism-test-token"));
    let mut calls = Calls::default();
    for i in 0..3 {
        calls.merge(Box::pin(with_everything(&client, i)).await.0);
    }
    assert_all_called(&calls.names);

    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let spec: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for o in &calls.observed {
        let mut expected = BTreeSet::new();
        violations(
            &spec,
            response_schema(&spec, o.operation),
            &o.body,
            String::new(),
            &mut expected,
        );
        let reported: BTreeSet<String> = o.deviations.iter().map(|d| d.path.pointer()).collect();
        assert_eq!(
            reported, expected,
            "{}: deviations listed (left) and found by the check (right) differ in\n{}\n{:?}",
            o.operation, o.body, o.deviations
        );
        assert_eq!(
            o.strict_ok,
            o.deviations.is_empty(),
            "{}: strict decoding must fail exactly when there are deviations",
            o.operation
        );
        for d in &o.deviations {
            *kinds.entry(format!("{:?}", d.kind)).or_default() += 1;
        }
    }
    let total: usize = kinds.values().sum();
    eprintln!(
        "{} responses, {total} deviations: {kinds:?}",
        calls.observed.len()
    );
    // Prism fills optional properties too, so emptied `required` lists
    // give no missing values here (the property test covers those).
    let mismatches = kinds.get(&format!("{:?}", DeviationKind::Mismatch));
    assert!(
        mismatches.copied().unwrap_or(0) > 100,
        "the drifted document must produce deviations: {kinds:?}"
    );

    let strict = Client::builder()
        .base_url(prism.base_url())
        .api_token("prism-test-token")
        .max_retries(0)
        .strict_decoding(true)
        .build()
        .unwrap();
    let mut refused = 0;
    for _ in 0..10 {
        match strict.get_meetings(ACCOUNT, "app").send().await {
            Err(Error::Decode(e)) => {
                assert!(!e.path.is_empty() && !e.body.is_empty());
                refused += 1;
            }
            Ok(_) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert!(
        refused > 5,
        "a strict client refuses drifted responses ({refused} of 10)"
    );
}
