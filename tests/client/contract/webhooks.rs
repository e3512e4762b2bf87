//! `tests/api-resources/realtime-kit/webhooks.test.ts`.

use serde_json::json;

use crate::{ACCOUNT, Case, UUID, Wire, case};

/// Every event, in the official tests' order.
const ALL_EVENTS: [&str; 9] = [
    "meeting.started",
    "meeting.ended",
    "meeting.participantJoined",
    "meeting.participantLeft",
    "meeting.chatSynced",
    "recording.statusUpdate",
    "livestreaming.statusUpdate",
    "meeting.transcript",
    "meeting.summary",
];

const NAME: &str = "All events webhook";
const URL: &str = "https://webhook.site/b23a5bbd-c7b0-4ced-a9e2-78ae7889897e";

fn uuid() -> uuid::Uuid {
    UUID.parse().unwrap()
}

pub fn cases() -> Vec<Case> {
    let webhooks = format!("/accounts/{ACCOUNT}/realtime/kit/app_id/webhooks");
    let webhook = format!("{webhooks}/{UUID}");
    let required = json!({"events": ALL_EVENTS, "name": NAME, "url": URL});
    let mut with_enabled = required.clone();
    with_enabled["enabled"] = json!(true);
    vec![
        // createWebhook
        case!(
            create_webhook,
            RequiredOnly,
            |c| c.create_webhook(ACCOUNT, "app_id", NAME, URL, ALL_EVENTS),
            Wire::new("POST", &webhooks).body(required.clone()),
        ),
        case!(
            create_webhook,
            All,
            |c| c
                .create_webhook(ACCOUNT, "app_id", NAME, URL, ALL_EVENTS)
                .enabled(true),
            Wire::new("POST", &webhooks).body(with_enabled.clone()),
        ),
        // deleteWebhook
        case!(
            delete_webhook,
            RequiredOnly,
            |c| c.delete_webhook(ACCOUNT, "app_id", uuid()),
            Wire::new("DELETE", &webhook),
        ),
        case!(
            delete_webhook,
            All,
            |c| c.delete_webhook(ACCOUNT, "app_id", uuid()),
            Wire::new("DELETE", &webhook),
        ),
        // editWebhook
        case!(
            edit_webhook,
            RequiredOnly,
            |c| c.edit_webhook(ACCOUNT, "app_id", uuid()),
            Wire::new("PATCH", &webhook).body(json!({})),
        ),
        case!(
            edit_webhook,
            All,
            |c| c
                .edit_webhook(ACCOUNT, "app_id", uuid())
                .enabled(true)
                .events(["meeting.started"])
                .name("name")
                .url(URL),
            Wire::new("PATCH", &webhook).body(json!({
                "enabled": true,
                "events": ["meeting.started"],
                "name": "name",
                "url": URL,
            })),
        ),
        // getWebhookByID
        case!(
            get_webhook,
            RequiredOnly,
            |c| c.get_webhook(ACCOUNT, "app_id", uuid()),
            Wire::new("GET", &webhook),
        ),
        case!(
            get_webhook,
            All,
            |c| c.get_webhook(ACCOUNT, "app_id", uuid()),
            Wire::new("GET", &webhook),
        ),
        // getWebhooks
        case!(
            get_webhooks,
            RequiredOnly,
            |c| c.get_webhooks(ACCOUNT, "app_id"),
            Wire::new("GET", &webhooks)
        ),
        case!(
            get_webhooks,
            All,
            |c| c.get_webhooks(ACCOUNT, "app_id"),
            Wire::new("GET", &webhooks)
        ),
        // replaceWebhook
        case!(
            replace_webhook,
            RequiredOnly,
            |c| c.replace_webhook(ACCOUNT, "app_id", uuid(), NAME, URL, ALL_EVENTS),
            Wire::new("PUT", &webhook).body(required),
        ),
        case!(
            replace_webhook,
            All,
            |c| c
                .replace_webhook(ACCOUNT, "app_id", uuid(), NAME, URL, ALL_EVENTS)
                .enabled(true),
            Wire::new("PUT", &webhook).body(with_enabled),
        ),
    ]
}
