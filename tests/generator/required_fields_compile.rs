//! A call that leaves out a required body field does not compile: required
//! fields are positional arguments, so the call has the wrong number of
//! arguments (E0061). A control program making the same calls with every
//! required field must compile, so the failure is for that reason alone.
//!
//! Both programs live in one throwaway workspace in
//! `target/required-fields-crates`, pinned by this repository's `Cargo.lock`,
//! depending on `generated/` by path.

use std::path::Path;
use std::process::Command;

use integration_tests::root;

const COMPLETE: &str = r#"
use cloudflare_realtimekit::Client;
use cloudflare_realtimekit::types::WebhookEvent;

fn main() {
    let client = Client::builder().api_token("t").build().unwrap();
    let meeting = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e".parse().unwrap();
    let _ = client
        .add_participant("acc", "app", meeting, "group_call_host", "user-1")
        .name("Ada");
    let _ = client
        .create_webhook("acc", "app", "hook", "https://example.com/h", [WebhookEvent::MeetingStarted])
        .enabled(true);
    let _ = client.mute_all_participants("acc", "app", meeting, true);
}
"#;

/// Each call leaves out the last required body field of the one above.
const MISSING: &str = r#"
use cloudflare_realtimekit::Client;

fn main() {
    let client = Client::builder().api_token("t").build().unwrap();
    let meeting = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e".parse().unwrap();
    // No custom_participant_id.
    let _ = client
        .add_participant("acc", "app", meeting, "group_call_host")
        .name("Ada");
    // No events.
    let _ = client
        .create_webhook("acc", "app", "hook", "https://example.com/h")
        .enabled(true);
    // No allow_unmute.
    let _ = client.mute_all_participants("acc", "app", meeting);
}
"#;

fn write_program(dir: &Path, name: &str, source: &str) {
    let generated = root().join("generated");
    std::fs::create_dir_all(dir.join(name).join("src")).unwrap();
    std::fs::write(
        dir.join(name).join("Cargo.toml"),
        format!(
            "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ncloudflare-realtimekit = {{ path = {:?} }}\n",
            generated.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(dir.join(name).join("src/main.rs"), source).unwrap();
}

fn check(dir: &Path, package: &str) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--package", package])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .current_dir(dir)
        .output()
        .expect("cargo runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn leaving_out_a_required_body_field_does_not_compile() {
    let dir = root().join("target/required-fields-crates");
    std::fs::create_dir_all(&dir).unwrap();
    write_program(&dir, "complete", COMPLETE);
    write_program(&dir, "missing", MISSING);
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"complete\", \"missing\"]\n",
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let (ok, stderr) = check(&dir, "complete");
    assert!(ok, "the control program must compile:\n{stderr}");

    let (ok, stderr) = check(&dir, "missing");
    assert!(!ok, "calls without a required body field compiled");
    let codes: Vec<&str> = stderr
        .match_indices("error[E")
        .map(|(at, _)| &stderr[at + 6..at + 11])
        .collect();
    assert_eq!(
        codes,
        ["E0061", "E0061", "E0061"],
        "one wrong-number-of-arguments error per call, nothing else:\n{stderr}"
    );
    // rustc names the method (in its "defined here" note) and the missing
    // argument (in its suggestion) for each call.
    for (method, given, hint) in [
        (
            "add_participant",
            "takes 5 arguments but 4 arguments were supplied",
            "/* custom_participant_id */",
        ),
        (
            "create_webhook",
            "takes 5 arguments but 4 arguments were supplied",
            "/* events */",
        ),
        (
            "mute_all_participants",
            "takes 4 arguments but 3 arguments were supplied",
            "/* bool */",
        ),
    ] {
        assert!(
            stderr.contains(&format!("pub fn {method}(")),
            "{method} is named:\n{stderr}"
        );
        assert!(stderr.contains(given), "{method}: `{given}`:\n{stderr}");
        assert!(stderr.contains(hint), "{method}: `{hint}`:\n{stderr}");
    }
}
