//! A small HTTP/1.1 server on loopback that misbehaves on purpose: it
//! answers each request with whatever a test's handler decides, including
//! resets, silences and bodies that stop or never end. Shared by the
//! hostile-client and load tests (`#[path]`-included, not a library module,
//! so the helpers stay next to the tests that use them).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
pub enum Reply {
    /// A complete response; the connection stays open for the next request.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Closes the connection with a TCP reset before answering.
    ResetBeforeResponse,
    /// Announces `declared` bytes, sends `sent`, then resets.
    ResetMidBody { declared: usize, sent: Vec<u8> },
    /// Announces `declared` bytes, sends `sent`, then closes cleanly.
    CloseMidBody { declared: usize, sent: Vec<u8> },
    /// Reads the request and never answers.
    NeverAnswer,
    /// Sends the headers and `sent`, then stalls with the connection open.
    StallBody { declared: usize, sent: Vec<u8> },
    /// A 200 of `size` bytes: announced with `Content-Length`, or chunked
    /// when `announce` is false, streamed in 64 KiB pieces.
    Large { size: usize, announce: bool },
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A response with these headers and body.
    pub fn with(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.into(),
        }
    }
}

/// The handler: (request number from 0, request head) → reply.
pub type Handler = Arc<dyn Fn(usize, &str) -> Reply + Send + Sync>;

/// A running server; it stops with the test's runtime.
pub struct FaultServer {
    pub addr: SocketAddr,
    /// Connections accepted.
    pub accepted: Arc<AtomicUsize>,
    /// Requests read.
    pub requests: Arc<AtomicUsize>,
    /// Every request head read, in order.
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl FaultServer {
    pub async fn start(handler: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let accepted = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let (a, r, h) = (accepted.clone(), requests.clone(), heads.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                a.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, handler.clone(), r.clone(), h.clone()));
            }
        });
        FaultServer {
            addr,
            accepted,
            requests,
            heads,
        }
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

async fn serve(
    mut stream: TcpStream,
    handler: Handler,
    requests: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(head) = read_head(&mut stream, &mut buffer).await else {
            return;
        };
        let n = requests.fetch_add(1, Ordering::SeqCst);
        heads.lock().unwrap().push(head.clone());
        let keep_open = match handler(n, &head) {
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut out = status_line(status, &headers, Some(body.len()));
                out.extend_from_slice(&body);
                stream.write_all(&out).await.is_ok()
            }
            Reply::ResetBeforeResponse => {
                reset(stream);
                return;
            }
            Reply::ResetMidBody { declared, sent } => {
                let mut out = status_line(200, &[], Some(declared));
                out.extend_from_slice(&sent);
                let _ = stream.write_all(&out).await;
                let _ = stream.flush().await;
                tokio::time::sleep(Duration::from_millis(20)).await;
                reset(stream);
                return;
            }
            Reply::CloseMidBody { declared, sent } => {
                let mut out = status_line(200, &[], Some(declared));
                out.extend_from_slice(&sent);
                let _ = stream.write_all(&out).await;
                let _ = stream.shutdown().await;
                return;
            }
            Reply::NeverAnswer => {
                hold(stream).await;
                return;
            }
            Reply::StallBody { declared, sent } => {
                let mut out = status_line(200, &[], Some(declared));
                out.extend_from_slice(&sent);
                let _ = stream.write_all(&out).await;
                hold(stream).await;
                return;
            }
            Reply::Large { size, announce } => {
                let headers = if announce {
                    Vec::new()
                } else {
                    vec![("transfer-encoding".to_owned(), "chunked".to_owned())]
                };
                let head = status_line(200, &headers, announce.then_some(size));
                if stream.write_all(&head).await.is_err() {
                    return;
                }
                let piece = vec![b'x'; 64 * 1024];
                let mut left = size;
                while left > 0 {
                    let n = left.min(piece.len());
                    let ok = if announce {
                        stream.write_all(&piece[..n]).await
                    } else {
                        let mut chunk = format!("{n:x}\r\n").into_bytes();
                        chunk.extend_from_slice(&piece[..n]);
                        chunk.extend_from_slice(b"\r\n");
                        stream.write_all(&chunk).await
                    };
                    if ok.is_err() {
                        return; // the client stopped reading: that is the point
                    }
                    left -= n;
                }
                if !announce {
                    let _ = stream.write_all(b"0\r\n\r\n").await;
                }
                true
            }
        };
        if !keep_open {
            return;
        }
    }
}

/// Reads one request head (and skips its body); `None` at end of stream.
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<String> {
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    buffer.drain(..end);
    let length = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    buffer.drain(..length);
    Some(head)
}

fn status_line(status: u16, headers: &[(String, String)], length: Option<usize>) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Whatever\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(length) = length {
        out.push_str(&format!("content-length: {length}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

async fn hold(stream: TcpStream) {
    tokio::time::sleep(Duration::from_secs(3600)).await;
    drop(stream);
}

/// The request line's path and query (`GET /x?y HTTP/1.1` → `/x?y`).
pub fn target(head: &str) -> &str {
    head.split(' ').nth(1).unwrap_or_default()
}

/// A header of a request head, by name.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}
