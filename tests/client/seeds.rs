//! Every JSON example in the API reference pages (`../shared/seeds`) decodes
//! into the generated types, and re-encodes to an equal value.

use cloudflare_realtimekit::types;
use serde_json::Value;

/// Balanced top-level `{…}` blocks of a text page that parse as JSON.
fn json_blocks(text: &str) -> Vec<Value> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' && (i == 0 || bytes[i - 1] == b'\n' || bytes[i - 1] == b'}') {
            let mut depth = 0usize;
            let mut in_string = false;
            let mut escaped = false;
            for (j, &b) in bytes.iter().enumerate().skip(i) {
                match (in_string, escaped, b) {
                    (true, true, _) => escaped = false,
                    (true, false, b'\\') => escaped = true,
                    (true, false, b'"') => in_string = false,
                    (false, _, b'"') => in_string = true,
                    (false, _, b'{') => depth += 1,
                    (false, _, b'}') => {
                        depth -= 1;
                        if depth == 0 {
                            if let Ok(v) = serde_json::from_str(&text[i..=j]) {
                                out.push(v);
                            }
                            i = j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    out
}

fn examples(file_prefix: &str) -> Vec<Value> {
    let dir = integration_tests::shared().join("seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "the seeds must be beside the repository at {}: {e}",
                dir.display()
            )
        })
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(file_prefix))
        .unwrap_or_else(|| panic!("no seed {file_prefix}_*.txt"));
    let blocks = json_blocks(&std::fs::read_to_string(entry.path()).unwrap());
    assert!(
        !blocks.is_empty(),
        "no JSON examples in {}",
        entry.path().display()
    );
    blocks
}

fn round_trip<T>(file_prefix: &str, expected: usize)
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let blocks = examples(file_prefix);
    assert_eq!(
        blocks.len(),
        expected,
        "examples found in seed {file_prefix}"
    );
    for (i, example) in blocks.iter().enumerate() {
        let decoded: T = serde_json::from_value(example.clone())
            .unwrap_or_else(|e| panic!("seed {file_prefix} example {i} does not decode: {e}"));
        let again: T = serde_json::from_value(serde_json::to_value(&decoded).unwrap()).unwrap();
        assert_eq!(
            decoded, again,
            "seed {file_prefix} example {i} does not round-trip"
        );
    }
}

#[test]
fn peer_report_examples_decode() {
    round_trip::<types::PeerDetailsResponse>("000", 2);
}

#[test]
fn session_participant_examples_decode() {
    round_trip::<types::SessionParticipantDetails>("001", 2);
}

#[test]
fn meeting_participant_examples_decode() {
    round_trip::<types::MeetingParticipantResponse>("003", 2);
}

#[test]
fn participant_list_examples_decode_despite_the_stray_quote() {
    round_trip::<types::SessionParticipantList>("004", 4);
    let list: types::SessionParticipantList =
        serde_json::from_value(examples("004").remove(0)).unwrap();
    let participants = list.data.unwrap().participants.unwrap();
    assert_eq!(
        participants[1].joined_at.as_deref(),
        Some("2023-02-01T10:50:36.846Z\"")
    );
    assert_eq!(participants[0].duration, Some(5.8097));
}

#[test]
fn peer_events_decode_into_typed_enums() {
    let list: types::SessionParticipantList =
        serde_json::from_value(examples("004").remove(1)).unwrap();
    let events = list
        .data
        .unwrap()
        .participants
        .unwrap()
        .remove(0)
        .peer_events
        .unwrap();
    assert_eq!(
        events[0].event_name,
        Some(types::PeerEventName::PeerJoining)
    );
}
