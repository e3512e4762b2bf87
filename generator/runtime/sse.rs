//! Server-sent events (`text/event-stream`): each event's `data` decoded as
//! the schema the document gives, `event` and `id` kept, and a connection
//! that breaks reopened with `Last-Event-ID` when the server gave ids.
//!
//! Hand-written and identical in every generated crate that has an
//! operation answering with an event stream. The parser follows the HTML
//! standard's rules for `text/event-stream` (lines end with `\n` or
//! `\r\n`; a blank line ends an event; `:` starts a comment; an event cut
//! off by the end of the connection is dropped).

use std::collections::VecDeque;
use std::time::Duration;

pub use futures_util::{Stream, StreamExt, TryStreamExt};
use reqwest::header::{ACCEPT, HeaderName, HeaderValue};

use crate::Error;
use crate::runtime::{Decode, Deviation, Prepared, api_error, decode_body, read_limited};

/// Reconnections in a row without an event in between before giving up.
const MAX_RECONNECTS: u32 = 5;
/// How long to wait before reconnecting when the server set no `retry:`.
const DEFAULT_RETRY: Duration = Duration::from_secs(1);
const LAST_EVENT_ID: HeaderName = HeaderName::from_static("last-event-id");

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The `event:` field, the event's type (`None` for the default,
    /// `message`).
    pub event: Option<String>,
    /// The last `id:` the server gave as of this event: what a reconnection
    /// sends as `Last-Event-ID`.
    pub id: Option<String>,
    /// The `data:` lines as received, joined with `\n`.
    pub data: String,
    /// `data` decoded as the document's schema, tolerantly (see
    /// [`crate::decode`]); `None` when `data` is not JSON at all (an end
    /// marker such as `[DONE]`).
    pub value: Option<T>,
    /// Where `value` strays from the document.
    pub deviations: Vec<Deviation>,
}

/// An event as the parser found it, before decoding.
#[derive(Debug, Clone, PartialEq)]
struct RawEvent {
    event: Option<String>,
    id: Option<String>,
    data: String,
}

/// The incremental `text/event-stream` parser.
#[derive(Debug, Default)]
struct Parser {
    /// The line being read (bytes: a chunk may end inside a character).
    line: Vec<u8>,
    data: String,
    has_data: bool,
    event: Option<String>,
    last_id: Option<String>,
    retry: Option<Duration>,
}

impl Parser {
    /// Reads a chunk; the events it completes go to `out`.
    fn feed(&mut self, chunk: &[u8], out: &mut Vec<RawEvent>) {
        for &byte in chunk {
            if byte != b'\n' {
                self.line.push(byte);
                continue;
            }
            let mut line = std::mem::take(&mut self.line);
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            self.line_done(&String::from_utf8_lossy(&line), out);
        }
    }

    fn line_done(&mut self, line: &str, out: &mut Vec<RawEvent>) {
        if line.is_empty() {
            if self.has_data {
                out.push(RawEvent {
                    event: self.event.take(),
                    id: self.last_id.clone(),
                    data: std::mem::take(&mut self.data),
                });
            }
            self.has_data = false;
            self.event = None;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }

    /// The connection ended: an event no blank line ended is dropped; the
    /// last id and the retry delay stay.
    fn connection_ended(&mut self) {
        self.line.clear();
        self.data.clear();
        self.has_data = false;
        self.event = None;
    }
}

struct State<T> {
    prepared: Option<Prepared>,
    response: Option<reqwest::Response>,
    parser: Parser,
    pending: VecDeque<Result<Event<T>, Error>>,
    /// Reconnections since the last event.
    reconnects: u32,
    done: bool,
}

/// The events of the response to `prepared`, asked for as
/// `text/event-stream`. A connection that fails mid-stream is reopened
/// (after the server's `retry:` delay) with `Last-Event-ID` when the server
/// gave ids, up to five times in a row; otherwise, or once the server ends
/// the stream, the stream ends (a failure is yielded first).
pub(crate) fn events<T: Decode + Send + 'static>(
    prepared: Result<Prepared, Error>,
) -> impl Stream<Item = Result<Event<T>, Error>> + Send + 'static {
    let mut state = State {
        prepared: None,
        response: None,
        parser: Parser::default(),
        pending: VecDeque::new(),
        reconnects: 0,
        done: false,
    };
    match prepared {
        Ok(p) => state.prepared = Some(p),
        Err(e) => state.fail(e),
    }
    futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(item) = s.pending.pop_front() {
                return Some((item, s));
            }
            if s.done {
                return None;
            }
            s.step().await;
        }
    })
}

impl<T: Decode> State<T> {
    fn fail(&mut self, e: Error) {
        self.pending.push_back(Err(e));
        self.done = true;
    }

    /// Opens the stream, or reads the next chunk of it.
    async fn step(&mut self) {
        let Some(response) = &mut self.response else {
            let opened = match &self.prepared {
                Some(p) => open(p, self.parser.last_id.as_deref(), self.reconnects + 1).await,
                None => Err(Error::Config("the event stream has no request".to_owned())),
            };
            match opened {
                Ok(r) => self.response = Some(r),
                Err(e) => self.fail(e),
            }
            return;
        };
        match response.chunk().await {
            Ok(Some(bytes)) => {
                let mut raw = Vec::new();
                self.parser.feed(&bytes, &mut raw);
                if !raw.is_empty() {
                    self.reconnects = 0;
                }
                for event in raw {
                    let decoded = self.decode(event);
                    self.pending.push_back(decoded);
                }
            }
            Ok(None) => {
                self.parser.connection_ended();
                self.done = true;
            }
            Err(e) => {
                self.response = None;
                self.parser.connection_ended();
                if self.parser.last_id.is_some() && self.reconnects < MAX_RECONNECTS {
                    self.reconnects += 1;
                    tokio::time::sleep(self.parser.retry.unwrap_or(DEFAULT_RETRY)).await;
                } else {
                    let attempts = self.reconnects + 1;
                    self.fail(Error::Connection {
                        attempts,
                        source: e.without_url(),
                    });
                }
            }
        }
    }

    /// An event with its `data` decoded: `None` when it is not JSON; with
    /// strict decoding, a value that strays from the document is an error.
    fn decode(&self, raw: RawEvent) -> Result<Event<T>, Error> {
        let json = serde_json::from_str::<serde::de::IgnoredAny>(&raw.data).is_ok();
        let strict = self
            .prepared
            .as_ref()
            .is_some_and(|p| p.options.strict_decoding.unwrap_or(p.core.strict_decoding));
        let (value, deviations) = if json {
            let (value, deviations) = decode_body::<T>(raw.data.as_bytes(), strict, None)?;
            (Some(value), deviations)
        } else {
            (None, Vec::new())
        };
        Ok(Event {
            event: raw.event,
            id: raw.id,
            data: raw.data,
            value,
            deviations,
        })
    }
}

/// Sends the request (with `Last-Event-ID` once the server gave an id);
/// a non-2xx answer is an [`Error::Api`]. Only the wait for the
/// response's head is bounded by the client's timeout: a stream may
/// rightly stay open for long.
async fn open(
    p: &Prepared,
    last_id: Option<&str>,
    attempts: u32,
) -> Result<reqwest::Response, Error> {
    let url = p.core.url(&p.parts, &p.options)?;
    let mut headers = p.core.headers(&p.parts, &p.options)?;
    headers.insert(ACCEPT, HeaderValue::from_static("text/event-stream"));
    // Not a let chain: the runtime also compiles embedded in 2021 crates.
    if let Some(value) = last_id.and_then(|id| HeaderValue::from_str(id).ok()) {
        headers.insert(LAST_EVENT_ID, value);
    }
    let mut request = reqwest::Request::new(p.parts.method.clone(), url);
    *request.headers_mut() = headers;
    if let Some(body) = &p.parts.body {
        *request.body_mut() = Some(body.bytes.clone().into());
    }
    let response = tokio::time::timeout(p.core.timeout, p.core.http.execute(request))
        .await
        .map_err(|_| Error::Timeout { attempts })?
        .map_err(|e| Error::Connection {
            attempts,
            source: e.without_url(),
        })?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let headers = response.headers().clone();
    let body = read_limited(response, p.core.max_response_size)
        .await
        .unwrap_or_default();
    Err(api_error(
        status,
        headers,
        &body,
        attempts,
        p.parts.error_body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_pieces(text: &str, piece: usize) -> (Vec<RawEvent>, Parser) {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        for chunk in text.as_bytes().chunks(piece) {
            parser.feed(chunk, &mut out);
        }
        (out, parser)
    }

    fn raw(event: Option<&str>, id: Option<&str>, data: &str) -> RawEvent {
        RawEvent {
            event: event.map(str::to_owned),
            id: id.map(str::to_owned),
            data: data.to_owned(),
        }
    }

    #[test]
    fn events_are_the_same_however_the_bytes_are_split() {
        let text = ": a comment\r\nevent: delta\r\nid: 7\r\ndata: {\"a\":\r\ndata:1}\r\n\r\n\
                    data: second\nretry: 250\n\nid\ndata:third\n\n";
        for piece in 1..=text.len() {
            let (events, parser) = parse_in_pieces(text, piece);
            assert_eq!(
                events,
                [
                    raw(Some("delta"), Some("7"), "{\"a\":\n1}"),
                    raw(None, Some("7"), "second"),
                    raw(None, Some(""), "third"),
                ],
                "split every {piece} bytes"
            );
            assert_eq!(parser.retry, Some(Duration::from_millis(250)));
        }
    }

    #[test]
    fn an_event_cut_off_by_the_connection_is_dropped() {
        let (events, mut parser) = parse_in_pieces("id: 1\ndata: whole\n\ndata: {\"half\"", 3);
        assert_eq!(events, [raw(None, Some("1"), "whole")]);
        parser.connection_ended();
        let mut out = Vec::new();
        parser.feed(b"data: next\n\n", &mut out);
        assert_eq!(
            out,
            [raw(None, Some("1"), "next")],
            "the id stays, the half is gone"
        );
    }

    #[test]
    fn blank_lines_without_data_dispatch_nothing() {
        let (events, _) = parse_in_pieces("event: ping\n\n\n:keep-alive\n\n", 1);
        assert!(events.is_empty(), "{events:?}");
    }
}
