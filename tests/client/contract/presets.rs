//! `tests/api-resources/realtime-kit/presets.test.ts`, plus `replace_preset`,
//! which no SDK has: its body is the create body, so its two calls send the
//! official create test's two bodies.

use std::collections::BTreeMap;

use cloudflare_realtimekit::types::{
    AudioMediaConfig, AudioMediaConfigUpdate, BackgroundColors, BackgroundColorsUpdate,
    BorderRadius, BorderWidth, BrandColors, BrandColorsUpdate, ChatPermissions,
    ChatPermissionsUpdate, ConnectedMeetingsPermissions, ConnectedMeetingsPermissionsUpdate,
    DesignTokens, DesignTokensUpdate, MaxVideoStreams, MaxVideoStreamsUpdate, MediaPermissions,
    MediaPermissionsUpdate, MediaQuality, MeetingViewType, PluginAccessConfig,
    PluginAccessConfigAccessControl, PluginPermissionsRequest, PluginPermissionsRequestConfig,
    PluginPermissionsUpdate, PollPermissions, PollPermissionsUpdate, PresetConfig,
    PresetConfigUpdate, PresetMediaConfig, PresetMediaConfigUpdate, PresetPermissionsRequest,
    PresetPermissionsUpdate, PresetUi, PresetUiUpdate, PrivateChatPermissions,
    PrivateChatPermissionsUpdate, ProduceAccess, ProducePermission, ProducePermissionUpdate,
    PublicChatPermissions, PublicChatPermissionsUpdate, RecorderType, ScreenshareMediaConfig,
    ScreenshareMediaConfigUpdate, ThemeColors, ThemeColorsUpdate, UiTheme, VideoMediaConfig,
    VideoMediaConfigUpdate, WaitingRoomType,
};
use serde_json::{Value, json};

use crate::{ACCOUNT, Case, UUID, Wire, case};

// --- create (and replace): "only required params" ---------------------------

fn config_required() -> PresetConfig {
    PresetConfig::new(
        MeetingViewType::GroupCall,
        MaxVideoStreams::new(0, 0),
        0,
        PresetMediaConfig::new(
            VideoMediaConfig::new(MediaQuality::Hd, 30),
            ScreenshareMediaConfig::new(MediaQuality::Hd, 0),
        ),
    )
}

fn plugin_config(access: PluginAccessConfig) -> PluginPermissionsRequestConfig {
    PluginPermissionsRequestConfig::Object(BTreeMap::from([("foo".to_owned(), access)]))
}

fn permissions_required(plugin_access: PluginAccessConfig) -> PresetPermissionsRequest {
    PresetPermissionsRequest::new(
        true, // accept_waiting_requests
        true, // can_accept_production_requests
        true, // can_change_participant_permissions
        true, // can_edit_display_name
        true, // can_livestream
        true, // can_record
        true, // can_spotlight
        ChatPermissions::new(
            PublicChatPermissions::new(true, true, true),
            PrivateChatPermissions::new(true, true, true, true),
        ),
        ConnectedMeetingsPermissions::new(true, true, true),
        true, // disable_participant_audio
        true, // disable_participant_screensharing
        true, // disable_participant_video
        true, // hidden_participant
        true, // kick_participant
        MediaPermissions::new(
            ProducePermission::new(ProduceAccess::Allowed),
            ProducePermission::new(ProduceAccess::Allowed),
            ProducePermission::new(ProduceAccess::Allowed),
        ),
        true, // pin_participant
        PluginPermissionsRequest::new(true, true, true, plugin_config(plugin_access)),
        PollPermissions::new(true, true, true),
        RecorderType::Recorder,
        true, // show_participant_list
        WaitingRoomType::Skip,
    )
}

fn design_tokens_required() -> DesignTokens {
    DesignTokens::new(
        BorderRadius::Sharp,
        BorderWidth::None,
        ThemeColors::new(
            BrandColors::new("300", "400", "500", "600", "700"),
            BackgroundColors::new("600", "700", "800", "900", "1000"),
            "danger",
            "text",
            "text_on_brand",
            "success",
            "video_bg",
            "warning",
        ),
        1,
        UiTheme::Darkest,
    )
}

// --- create (and replace): "required and optional params" -------------------

fn config_all() -> PresetConfig {
    PresetConfig::new(
        MeetingViewType::GroupCall,
        MaxVideoStreams::new(0, 0),
        0,
        PresetMediaConfig::new(
            VideoMediaConfig::new(MediaQuality::Hd, 30).with_simulcast(true),
            ScreenshareMediaConfig::new(MediaQuality::Hd, 0),
        )
        .with_audio(
            AudioMediaConfig::new()
                .with_enable_high_bitrate(true)
                .with_enable_stereo(true),
        ),
    )
    .with_livestream_viewer_qualities([0])
}

fn full_access() -> PluginAccessConfig {
    PluginAccessConfig::new()
        .with_access_control(PluginAccessConfigAccessControl::FullAccess)
        .with_handles_view_only(true)
}

fn permissions_all() -> PresetPermissionsRequest {
    permissions_required(full_access())
        .with_accept_stage_requests(true)
        .with_is_recorder(true)
        .with_stage_access(ProduceAccess::Allowed)
        .with_stage_enabled(true)
        .with_transcription_enabled(true)
}

fn design_tokens_all() -> DesignTokens {
    design_tokens_required()
        .with_font_family("font_family")
        .with_google_font("google_font")
        .with_logo("https://example.com")
}

// --- the create bodies on the wire -------------------------------------------

fn config_json(all: bool) -> Value {
    let mut config = json!({
        "max_screenshare_count": 0,
        "max_video_streams": {"desktop": 0, "mobile": 0},
        "media": {
            "screenshare": {"frame_rate": 0, "quality": "hd"},
            "video": {"frame_rate": 30, "quality": "hd"},
        },
        "view_type": "GROUP_CALL",
    });
    if all {
        config["media"]["video"]["simulcast"] = json!(true);
        config["media"]["audio"] = json!({"enable_high_bitrate": true, "enable_stereo": true});
        config["livestream_viewer_qualities"] = json!([0]);
    }
    config
}

fn chat_json() -> Value {
    json!({
        "private": {"can_receive": true, "can_send": true, "files": true, "text": true},
        "public": {"can_send": true, "files": true, "text": true},
    })
}

fn connected_meetings_json() -> Value {
    json!({
        "can_alter_connected_meetings": true,
        "can_switch_connected_meetings": true,
        "can_switch_to_parent_meeting": true,
    })
}

fn media_permissions_json() -> Value {
    json!({
        "audio": {"can_produce": "ALLOWED"},
        "screenshare": {"can_produce": "ALLOWED"},
        "video": {"can_produce": "ALLOWED"},
    })
}

fn polls_json() -> Value {
    json!({"can_create": true, "can_view": true, "can_vote": true})
}

fn plugin_access_json(all: bool) -> Value {
    if all {
        json!({"access_control": "FULL_ACCESS", "handles_view_only": true})
    } else {
        json!({})
    }
}

fn permissions_json(all: bool) -> Value {
    let mut permissions = json!({
        "accept_waiting_requests": true,
        "can_accept_production_requests": true,
        "can_change_participant_permissions": true,
        "can_edit_display_name": true,
        "can_livestream": true,
        "can_record": true,
        "can_spotlight": true,
        "chat": chat_json(),
        "connected_meetings": connected_meetings_json(),
        "disable_participant_audio": true,
        "disable_participant_screensharing": true,
        "disable_participant_video": true,
        "hidden_participant": true,
        "kick_participant": true,
        "media": media_permissions_json(),
        "pin_participant": true,
        "plugins": {
            "can_close": true,
            "can_edit_config": true,
            "can_start": true,
            "config": {"foo": plugin_access_json(all)},
        },
        "polls": polls_json(),
        "recorder_type": "RECORDER",
        "show_participant_list": true,
        "waiting_room_type": "SKIP",
    });
    if all {
        for (key, value) in [
            ("accept_stage_requests", json!(true)),
            ("is_recorder", json!(true)),
            ("stage_access", json!("ALLOWED")),
            ("stage_enabled", json!(true)),
            ("transcription_enabled", json!(true)),
        ] {
            permissions[key] = value;
        }
    }
    permissions
}

fn ui_json(all: bool) -> Value {
    let mut tokens = json!({
        "border_radius": "sharp",
        "border_width": "none",
        "colors": {
            "background": {"600": "600", "700": "700", "800": "800", "900": "900", "1000": "1000"},
            "brand": {"300": "300", "400": "400", "500": "500", "600": "600", "700": "700"},
            "danger": "danger",
            "success": "success",
            "text": "text",
            "text_on_brand": "text_on_brand",
            "video_bg": "video_bg",
            "warning": "warning",
        },
        "spacing_base": 1,
        "theme": "darkest",
    });
    if all {
        tokens["font_family"] = json!("font_family");
        tokens["google_font"] = json!("google_font");
        tokens["logo"] = json!("https://example.com");
    }
    json!({"design_tokens": tokens})
}

fn create_json(all: bool) -> Value {
    json!({
        "config": config_json(all),
        "name": "name",
        "permissions": permissions_json(all),
        "ui": ui_json(all),
    })
}

// --- update: "required and optional params" ---------------------------------

fn config_update() -> PresetConfigUpdate {
    PresetConfigUpdate::new()
        .with_livestream_viewer_qualities([0])
        .with_max_screenshare_count(0)
        .with_max_video_streams(MaxVideoStreamsUpdate::new().with_desktop(0).with_mobile(0))
        .with_media(
            PresetMediaConfigUpdate::new()
                .with_audio(
                    AudioMediaConfigUpdate::new()
                        .with_enable_high_bitrate(true)
                        .with_enable_stereo(true),
                )
                .with_screenshare(
                    ScreenshareMediaConfigUpdate::new()
                        .with_frame_rate(0)
                        .with_quality(MediaQuality::Hd),
                )
                .with_video(
                    VideoMediaConfigUpdate::new()
                        .with_frame_rate(30)
                        .with_quality(MediaQuality::Hd)
                        .with_simulcast(true),
                ),
        )
        .with_view_type(MeetingViewType::GroupCall)
}

fn permissions_update() -> PresetPermissionsUpdate {
    let allowed = || ProducePermissionUpdate::new().with_can_produce(ProduceAccess::Allowed);
    PresetPermissionsUpdate::new()
        .with_accept_stage_requests(true)
        .with_accept_waiting_requests(true)
        .with_can_accept_production_requests(true)
        .with_can_change_participant_permissions(true)
        .with_can_edit_display_name(true)
        .with_can_livestream(true)
        .with_can_record(true)
        .with_can_spotlight(true)
        .with_chat(
            ChatPermissionsUpdate::new()
                .with_private(
                    PrivateChatPermissionsUpdate::new()
                        .with_can_receive(true)
                        .with_can_send(true)
                        .with_files(true)
                        .with_text(true),
                )
                .with_public(
                    PublicChatPermissionsUpdate::new()
                        .with_can_send(true)
                        .with_files(true)
                        .with_text(true),
                ),
        )
        .with_connected_meetings(
            ConnectedMeetingsPermissionsUpdate::new()
                .with_can_alter_connected_meetings(true)
                .with_can_switch_connected_meetings(true)
                .with_can_switch_to_parent_meeting(true),
        )
        .with_disable_participant_audio(true)
        .with_disable_participant_screensharing(true)
        .with_disable_participant_video(true)
        .with_hidden_participant(true)
        .with_is_recorder(true)
        .with_kick_participant(true)
        .with_media(
            MediaPermissionsUpdate::new()
                .with_audio(allowed())
                .with_screenshare(allowed())
                .with_video(allowed()),
        )
        .with_pin_participant(true)
        .with_plugins(
            PluginPermissionsUpdate::new()
                .with_can_close(true)
                .with_can_edit_config(true)
                .with_can_start(true)
                .with_config(plugin_config(full_access())),
        )
        .with_polls(
            PollPermissionsUpdate::new()
                .with_can_create(true)
                .with_can_view(true)
                .with_can_vote(true),
        )
        .with_recorder_type(RecorderType::Recorder)
        .with_show_participant_list(true)
        .with_stage_access(ProduceAccess::Allowed)
        .with_stage_enabled(true)
        .with_transcription_enabled(true)
        .with_waiting_room_type(WaitingRoomType::Skip)
}

fn ui_update() -> PresetUiUpdate {
    PresetUiUpdate::new().with_design_tokens(
        DesignTokensUpdate::new()
            .with_border_radius(BorderRadius::Sharp)
            .with_border_width(BorderWidth::None)
            .with_colors(
                ThemeColorsUpdate::new()
                    .with_background(
                        BackgroundColorsUpdate::new()
                            .with_600("600")
                            .with_700("700")
                            .with_800("800")
                            .with_900("900")
                            .with_1000("1000"),
                    )
                    .with_brand(
                        BrandColorsUpdate::new()
                            .with_300("300")
                            .with_400("400")
                            .with_500("500")
                            .with_600("600")
                            .with_700("700"),
                    )
                    .with_danger("danger")
                    .with_success("success")
                    .with_text("text")
                    .with_text_on_brand("text_on_brand")
                    .with_video_bg("video_bg")
                    .with_warning("warning"),
            )
            .with_font_family("font_family")
            .with_google_font("google_font")
            .with_logo("https://example.com")
            .with_spacing_base(1)
            .with_theme(UiTheme::Darkest),
    )
}

pub fn cases() -> Vec<Case> {
    let presets = format!("/accounts/{ACCOUNT}/realtime/kit/app_id/presets");
    let preset = format!("{presets}/{UUID}");
    vec![
        case!(
            create_preset,
            RequiredOnly,
            |c| c.create_preset(
                ACCOUNT,
                "app_id",
                "name",
                config_required(),
                permissions_required(PluginAccessConfig::new()),
                PresetUi::new(design_tokens_required()),
            ),
            Wire::new("POST", &presets).body(create_json(false)),
        ),
        case!(
            create_preset,
            All,
            |c| c.create_preset(
                ACCOUNT,
                "app_id",
                "name",
                config_all(),
                permissions_all(),
                PresetUi::new(design_tokens_all()),
            ),
            Wire::new("POST", &presets).body(create_json(true)),
        ),
        case!(
            update_preset,
            RequiredOnly,
            |c| c.update_preset(ACCOUNT, "app_id", UUID.parse().unwrap()),
            // The official SDK sends the rest of its params object, empty.
            Wire::new("PATCH", &preset).body(json!({})),
        ),
        case!(
            update_preset,
            All,
            |c| c
                .update_preset(ACCOUNT, "app_id", UUID.parse().unwrap())
                .config(config_update())
                .name("name")
                .permissions(permissions_update())
                .ui(ui_update()),
            Wire::new("PATCH", &preset).body(json!({
                "config": config_json(true),
                "name": "name",
                "permissions": permissions_json(true),
                "ui": ui_json(true),
            })),
        ),
        case!(
            delete_preset,
            RequiredOnly,
            |c| c.delete_preset(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("DELETE", &preset),
        ),
        case!(
            delete_preset,
            All,
            |c| c.delete_preset(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("DELETE", &preset),
        ),
        case!(
            get_presets,
            RequiredOnly,
            |c| c.get_presets(ACCOUNT, "app_id"),
            Wire::new("GET", &presets)
        ),
        case!(
            get_presets,
            All,
            |c| c
                .get_presets(ACCOUNT, "app_id")
                .page_no(0)
                .per_page(0)
                .search("search"),
            Wire::new("GET", &presets).query(&[
                ("page_no", "0"),
                ("per_page", "0"),
                ("search", "search")
            ]),
        ),
        case!(
            get_preset,
            RequiredOnly,
            |c| c.get_preset(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &preset),
        ),
        case!(
            get_preset,
            All,
            |c| c.get_preset(ACCOUNT, "app_id", UUID.parse().unwrap()),
            Wire::new("GET", &preset),
        ),
        case!(
            replace_preset,
            RequiredOnly,
            |c| c.replace_preset(
                ACCOUNT,
                "app_id",
                UUID.parse().unwrap(),
                "name",
                config_required(),
                permissions_required(PluginAccessConfig::new()),
                PresetUi::new(design_tokens_required()),
            ),
            Wire::new("PUT", &preset).body(create_json(false)),
        ),
        case!(
            replace_preset,
            All,
            |c| c.replace_preset(
                ACCOUNT,
                "app_id",
                UUID.parse().unwrap(),
                "name",
                config_all(),
                permissions_all(),
                PresetUi::new(design_tokens_all()),
            ),
            Wire::new("PUT", &preset).body(create_json(true)),
        ),
    ]
}
