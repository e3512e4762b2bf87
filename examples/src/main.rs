//! The common RealtimeKit flow with `cloudflare-realtimekit`: create a
//! meeting, add a participant with a preset, hand out the participant's auth
//! token (and refresh it), list the meeting's participants page by page, and
//! read who took part in the meeting's latest session.
//!
//! ```text
//! realtimekit-example [ACCOUNT_ID [APP_ID]]
//! ```
//!
//! - `CLOUDFLARE_API_TOKEN` (required) and `CLOUDFLARE_BASE_URL` (optional)
//!   configure the client ([`Client::from_env`]).
//! - The account and app come from the arguments, else from
//!   `CLOUDFLARE_ACCOUNT_ID` and `REALTIMEKIT_APP_ID`, else placeholders.
//! - `REALTIMEKIT_PRESET` names the participant's preset (default
//!   `group_call_host`).
//!
//! `cargo xtask example` runs it against Prism serving `spec/openapi.yaml`.

use std::process::ExitCode;

use cloudflare_realtimekit::{Client, Error, StreamExt, TryStreamExt};

/// At most this many participants are listed (a real meeting can be large).
const LIST_LIMIT: usize = 50;

/// Where the example works: account, app and preset.
struct Target {
    account_id: String,
    app_id: String,
    preset: String,
}

impl Target {
    /// Arguments first, then the environment, then placeholders.
    fn from_args_and_env() -> Target {
        let mut args = std::env::args().skip(1);
        let pick = |arg: Option<String>, var: &str, default: &str| {
            arg.or_else(|| std::env::var(var).ok())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        Target {
            account_id: pick(
                args.next(),
                "CLOUDFLARE_ACCOUNT_ID",
                "023e105f4ecef8ad9ca31a8372d0c353",
            ),
            app_id: pick(args.next(), "REALTIMEKIT_APP_ID", "my-app"),
            preset: pick(None, "REALTIMEKIT_PRESET", "group_call_host"),
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().any(|a| a == "-h" || a == "--help") {
        println!("usage: realtimekit-example [ACCOUNT_ID [APP_ID]]");
        println!("environment: CLOUDFLARE_API_TOKEN, CLOUDFLARE_BASE_URL, CLOUDFLARE_ACCOUNT_ID,");
        println!("             REALTIMEKIT_APP_ID, REALTIMEKIT_PRESET");
        return ExitCode::SUCCESS;
    }
    match run(&Target::from_args_and_env()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(api) = e.downcast_ref::<Error>().and_then(Error::as_api) {
                eprintln!("response body: {}", api.body);
            }
            ExitCode::FAILURE
        }
    }
}

/// Errors from the client, or a success response without the data it should carry.
type BoxError = Box<dyn std::error::Error>;

async fn run(t: &Target) -> Result<(), BoxError> {
    let client = Client::from_env()?;
    let (account, app) = (t.account_id.as_str(), t.app_id.as_str());

    // 1. A meeting with a title; every other setting keeps its default.
    let meeting = client
        .create_meeting(account, app)
        .title("Weekly sync")
        .send()
        .await?
        .data
        .ok_or_else(|| missing("the created meeting"))?;
    println!(
        "meeting {} ({})",
        meeting.id,
        meeting.title.as_deref().unwrap_or("untitled")
    );

    // 2. A participant: the preset and your own id for the user are required
    //    arguments; the display name is optional.
    let participant = client
        .add_participant(account, app, meeting.id, t.preset.as_str(), "user-42")
        .name("Ada Lovelace")
        .send()
        .await?
        .data
        .ok_or_else(|| missing("the added participant"))?;
    println!(
        "participant {} with preset {}",
        participant.id, participant.preset_name
    );
    // The token a front end joins the meeting with.
    println!("auth token: {}", participant.token);

    // 3. Tokens expire: get a fresh one for the same participant.
    let refreshed = client
        .refresh_participant_token(account, app, meeting.id, participant.id.to_string())
        .send()
        .await?;
    println!("refreshed token: {}", refreshed.data.token);

    // 4. The meeting's participants, fetched lazily page by page.
    let participants: Vec<_> = client
        .get_meeting_participants(account, app, meeting.id)
        .per_page(20)
        .stream()
        .take(LIST_LIMIT)
        .try_collect()
        .await?;
    println!("{} participant(s) listed:", participants.len());
    for p in &participants {
        println!(
            "  {} {} ({})",
            p.id,
            p.name.as_deref().unwrap_or("-"),
            p.preset_name
        );
    }

    // 5. Who took part in the meeting's latest session, if it has had one.
    let sessions = client
        .get_sessions(account, app)
        .associated_id(meeting.id)
        .per_page(1)
        .send()
        .await?;
    let latest = sessions
        .data
        .and_then(|d| d.sessions)
        .and_then(|s| s.into_iter().next());
    match latest {
        None => println!("the meeting has had no session yet"),
        Some(session) => {
            // Sessions are named by UUID in paths; the list gives the ID as
            // text, so it is parsed (a mock server's random text is not one).
            let Ok(session_id) = session.id.parse() else {
                println!(
                    "session {:?}: not a UUID, so it cannot be looked up",
                    session.id
                );
                return Ok(());
            };
            let list = client
                .get_session_participants(account, app, session_id)
                .per_page(LIST_LIMIT as i64)
                .send()
                .await?;
            let people = list.data.and_then(|d| d.participants).unwrap_or_default();
            println!("session {}: {} participant(s)", session.id, people.len());
            for p in &people {
                println!(
                    "  {} joined {}",
                    p.display_name.as_deref().unwrap_or("-"),
                    p.joined_at.as_deref().unwrap_or("-")
                );
            }
        }
    }
    Ok(())
}

/// The error for a success response that lacks the data it should carry.
fn missing(what: &str) -> BoxError {
    format!("the response did not include {what}").into()
}
