//! The example program (`examples/`) runs against Prism exactly as
//! `cargo xtask example` runs it, succeeds, and prints a participant's auth
//! token and a refreshed one. Prism answers with random data, so the test
//! checks the shape of the output, not its values.

use integration_tests::root;
use xtask::example_program;
use xtask::prism::Prism;

/// The text after `label` on the line that starts with it.
fn value_after<'a>(stdout: &'a str, label: &str) -> Option<&'a str> {
    stdout.lines().find_map(|l| l.strip_prefix(label))
}

#[test]
fn the_example_runs_against_prism_and_prints_a_token() {
    let root = root();
    let prism = Prism::start(&root, "example-test").unwrap_or_else(|e| panic!("{e:#}"));
    let output = example_program::command(&root, &prism)
        // The example's own defaults, whatever the caller's environment says.
        .env_remove("CLOUDFLARE_ACCOUNT_ID")
        .env_remove("REALTIMEKIT_APP_ID")
        .env_remove("REALTIMEKIT_PRESET")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the example failed ({}):\n{stdout}\n{stderr}\nPrism's log: {}",
        output.status,
        prism.log().display()
    );
    for label in ["auth token: ", "refreshed token: "] {
        let token = value_after(&stdout, label)
            .unwrap_or_else(|| panic!("no `{label}` line in:\n{stdout}"));
        assert!(
            !token.trim().is_empty(),
            "empty token after `{label}`:\n{stdout}"
        );
    }
    assert!(stdout.starts_with("meeting "), "{stdout}");
    assert!(stdout.contains(" participant(s) listed:"), "{stdout}");
}
