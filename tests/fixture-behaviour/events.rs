//! Server-sent events against a local server (copied into the generated
//! `events` fixture crate as `tests/behaviour.rs` by `fixtures_compile`): typed
//! events, an end marker that is not JSON, an event cut off mid-way, a
//! reconnection with `Last-Event-ID`, and a failure without ids.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use fixture_events::{Client, Error, StreamExt};

/// What the server does on one connection: the body's chunks, and whether
/// it ends the stream properly (or cuts the connection instead).
struct Answer {
    chunks: Vec<&'static str>,
    clean_end: bool,
}

/// A server answering connections in order with `answers`; records each
/// request's head.
fn serve(answers: Vec<Answer>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    std::thread::spawn(move || {
        for answer in answers {
            let (stream, _) = listener.accept().unwrap();
            let head = read_request(&stream);
            seen.lock().unwrap().push(head);
            respond(stream, &answer);
        }
    });
    (url, heads)
}

/// The request's head (and its body, read and dropped).
fn read_request(stream: &TcpStream) -> String {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    std::io::Read::read_exact(&mut reader, &mut body).unwrap();
    head
}

/// A chunked `text/event-stream` answer; a cut leaves out the final chunk.
fn respond(mut stream: TcpStream, answer: &Answer) {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    for chunk in &answer.chunks {
        write!(stream, "{:x}\r\n{chunk}\r\n", chunk.len()).unwrap();
        stream.flush().unwrap();
    }
    if answer.clean_end {
        stream.write_all(b"0\r\n\r\n").unwrap();
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().unwrap()
}

#[tokio::test]
async fn typed_events_arrive_and_a_cut_stream_resumes_from_the_last_id() {
    let (url, heads) = serve(vec![
        Answer {
            chunks: vec![
                ": hello\n\nid: 1\ndata: {\"delta\": \"Hel\", \"index\": 0}\n\n",
                "id: 2\ndata: {\"delta\": \"lo\"}\n\ndata: {\"delta\": \"cut",
            ],
            clean_end: false,
        },
        Answer {
            chunks: vec!["retry: 10\nid: 3\nevent: chunk\ndata: {\"delta\": \"!\"}\n\n", "data: [DONE]\n\n"],
            clean_end: true,
        },
    ]);
    let events: Vec<_> = client(&url)
        .create_completion("Say hello")
        // `stream` is the pager's name on every builder, so the body field
        // is `stream_2`.
        .stream_2(true)
        .event_stream()
        .collect()
        .await;
    let events: Vec<_> = events.into_iter().map(Result::unwrap).collect();
    let deltas: Vec<Option<&str>> = events
        .iter()
        .map(|e| e.value.as_ref().map(|c| c.delta.as_str()))
        .collect();
    // The half event before the cut is dropped; `[DONE]` is not JSON.
    assert_eq!(deltas, [Some("Hel"), Some("lo"), Some("!"), None]);
    assert_eq!(events[2].event.as_deref(), Some("chunk"));
    assert_eq!(events[2].id.as_deref(), Some("3"));
    assert_eq!(events[3].data, "[DONE]");
    assert!(events.iter().all(|e| e.deviations.is_empty()));
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 2, "one reconnection");
    assert!(heads[0].to_ascii_lowercase().contains("accept: text/event-stream"));
    assert!(!heads[0].to_ascii_lowercase().contains("last-event-id"));
    assert!(
        heads[1].to_ascii_lowercase().contains("last-event-id: 2"),
        "{}",
        heads[1]
    );
}

#[tokio::test]
async fn without_ids_a_cut_stream_ends_with_the_error() {
    let (url, heads) = serve(vec![Answer {
        chunks: vec!["data: {\"a\": 1}\n\n", "data: {\"a\""],
        clean_end: false,
    }]);
    let events: Vec<_> = client(&url)
        .follow_feed()
        .topic("news")
        .event_stream()
        .collect()
        .await;
    assert_eq!(events.len(), 2, "{events:?}");
    let first = events[0].as_ref().unwrap();
    assert_eq!(first.value, Some(serde_json::json!({"a": 1})));
    assert!(matches!(events[1], Err(Error::Connection { .. })), "{:?}", events[1]);
    assert_eq!(heads.lock().unwrap().len(), 1, "no reconnection without an id");
}
