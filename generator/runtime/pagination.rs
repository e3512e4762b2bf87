//! Lazy pagination: one page is fetched only when the previous one has been
//! consumed. Four patterns (page numbers, offsets, cursors and RFC 8288
//! `Link` headers), each a way to pick the next request from the page just
//! read; what stops a stream is decided here, the same for every operation:
//!
//! - an error, which is yielded once and ends the stream;
//! - an empty page (after yielding it);
//! - the total the API reports (items or pages) reached, without asking
//!   for a page known to be empty;
//! - for cursors and links, no next cursor or link, an empty one, or one
//!   already followed (a server repeating a cursor would loop forever);
//!   `has_more: false`;
//! - for offsets, a page shorter than the limit asked for, only when the
//!   document promises to honour that limit (it is at most the declared
//!   `maximum`): otherwise a server capping the page size would end the
//!   stream early.
//!
//! Hand-written and identical in every generated crate that has a paging
//! operation.

use std::collections::HashSet;
use std::future::Future;

pub use futures_util::{Stream, StreamExt, TryStreamExt};

use crate::Error;

/// One fetched page and what it says about the next.
pub(crate) struct Page<P> {
    /// The decoded response.
    pub(crate) body: P,
    /// How many items it holds.
    pub(crate) items: usize,
    /// The total item count the API reports.
    pub(crate) total: Option<u64>,
    /// The total page count the API reports.
    pub(crate) total_pages: Option<u64>,
    /// The next cursor, or the URL of the `Link` with `rel="next"`.
    pub(crate) next: Option<String>,
    /// Whether the API says more pages follow.
    pub(crate) has_more: Option<bool>,
}

impl<P> Page<P> {
    /// A page of `items` items that says nothing else yet.
    pub(crate) fn new(body: P, items: usize) -> Self {
        Self {
            body,
            items,
            total: None,
            total_pages: None,
            next: None,
            has_more: None,
        }
    }
}

/// Pages `first_page`, `first_page + 1`, … of `page_size` items (the
/// server's own size when `None`: the first page tells it). Stops after
/// the page that reaches the reported total item count (counting the pages
/// skipped before `first_page`) or page count, or at an empty page. A short
/// page ends nothing: servers may cap the page size below what was asked.
pub(crate) fn by_page_number<P, F, Fut>(
    first_page: i64,
    page_size: Option<u64>,
    fetch: F,
) -> impl Stream<Item = Result<P, Error>>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Page<P>, Error>>,
{
    let mut size = page_size;
    let mut seen: u64 = 0;
    drive(first_page, fetch, move |page: &i64, got: &Page<P>| {
        let count = got.items as u64;
        if count == 0 {
            return None;
        }
        let size = *size.get_or_insert(count);
        seen = seen.saturating_add(count);
        let skipped = u64::try_from(first_page.saturating_sub(1))
            .unwrap_or(0)
            .saturating_mul(size);
        let items_done = got
            .total
            .is_some_and(|total| skipped.saturating_add(seen) >= total);
        let pages_done = got
            .total_pages
            .is_some_and(|pages| u64::try_from(*page).is_ok_and(|page| page >= pages));
        (!items_done && !pages_done).then(|| page.saturating_add(1))
    })
}

/// Offsets `first`, then `first` plus the items received so far. Stops at
/// an empty page, at the reported total, or at a page shorter than
/// `trusted_limit` (a limit the server is known to honour).
pub(crate) fn by_offset<P, F, Fut>(
    first: u64,
    trusted_limit: Option<u64>,
    fetch: F,
) -> impl Stream<Item = Result<P, Error>>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<P>, Error>>,
{
    drive(first, fetch, move |offset: &u64, got: &Page<P>| {
        let count = got.items as u64;
        let next = offset.saturating_add(count);
        let finished = count == 0
            || got.total.is_some_and(|total| next >= total)
            || trusted_limit.is_some_and(|limit| count < limit);
        (!finished).then_some(next)
    })
}

/// Cursors: `first` (`None`: the first page), then the cursor each page
/// gives. Stops at an empty page, `has_more: false`, or a missing, empty or
/// repeated cursor.
pub(crate) fn by_cursor<P, F, Fut>(
    first: Option<String>,
    fetch: F,
) -> impl Stream<Item = Result<P, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<P>, Error>>,
{
    let mut followed: HashSet<String> = first.iter().cloned().collect();
    drive(first, fetch, move |_: &Option<String>, got: &Page<P>| {
        if got.items == 0 || got.has_more == Some(false) {
            return None;
        }
        let next = got.next.clone().filter(|next| !next.is_empty())?;
        followed.insert(next.clone()).then_some(Some(next))
    })
}

/// The request as built first, then the `Link: <…>; rel="next"` URL of
/// each page. Stops at an empty page, or at a missing or repeated link.
pub(crate) fn by_link<P, F, Fut>(fetch: F) -> impl Stream<Item = Result<P, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<P>, Error>>,
{
    let mut followed: HashSet<String> = HashSet::new();
    drive(None, fetch, move |_: &Option<String>, got: &Page<P>| {
        if got.items == 0 {
            return None;
        }
        let next = got.next.clone().filter(|next| !next.is_empty())?;
        followed.insert(next.clone()).then_some(Some(next))
    })
}

/// The items of every page, in order.
pub(crate) fn items<P, T, I>(
    pages: impl Stream<Item = Result<P, Error>>,
    items: impl FnMut(P) -> I,
) -> impl Stream<Item = Result<T, Error>>
where
    I: IntoIterator<Item = T>,
{
    pages
        .map_ok(items)
        .map_ok(|page| futures_util::stream::iter(page.into_iter().map(Ok)))
        .try_flatten()
}

/// The target of the first `Link` header entry whose `rel` includes `next`
/// (RFC 8288: `<https://…?page=2>; rel="next", <…>; rel="last"`), as
/// written (possibly relative; the request resolves it).
pub(crate) fn next_link(headers: &crate::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(next_in)
}

/// The `rel="next"` target in one `Link` header value.
fn next_in(value: &str) -> Option<String> {
    let mut rest = value;
    loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        rest = &rest[end + 1..];
        // The parameters run to the next `<` outside quotes.
        let mut quoted = false;
        let params_end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '<' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let is_next = rest[..params_end].split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_end_matches(',')
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim().to_owned());
        }
        rest = &rest[params_end..];
    }
}

/// Fetches the page at `start`, then at each position `advance` picks from
/// the page just read, until it picks none or a fetch fails (the error is
/// the stream's last item).
fn drive<P, K, F, Fut, A>(start: K, fetch: F, advance: A) -> impl Stream<Item = Result<P, Error>>
where
    F: FnMut(K) -> Fut,
    Fut: Future<Output = Result<Page<P>, Error>>,
    A: FnMut(&K, &Page<P>) -> Option<K>,
    K: Clone,
{
    let state = (Some(start), fetch, advance);
    futures_util::stream::unfold(state, |(at, mut fetch, mut advance)| async move {
        let at = at?;
        match fetch(at.clone()).await {
            Ok(page) => {
                let next = advance(&at, &page);
                Some((Ok(page.body), (next, fetch, advance)))
            }
            Err(e) => Some((Err(e), (None, fetch, advance))),
        }
    })
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::future::{Ready, ready};

    use futures_util::FutureExt;

    use super::*;

    /// Every item of a stream whose futures are all ready.
    fn collect<T>(stream: impl Stream<Item = Result<T, Error>>) -> Vec<Result<T, Error>> {
        let mut stream = std::pin::pin!(stream);
        let mut out = Vec::new();
        while let Some(item) = stream.next().now_or_never().expect("ready") {
            out.push(item);
            assert!(out.len() < 100, "the stream does not end");
        }
        out
    }

    fn page(items: usize) -> Page<usize> {
        Page::new(items, items)
    }

    /// A fetch that answers from `answer` and records what it was asked.
    fn recorder<K: Clone>(
        asked: &RefCell<Vec<K>>,
        mut answer: impl FnMut(&K) -> Result<Page<usize>, Error>,
    ) -> impl FnMut(K) -> Ready<Result<Page<usize>, Error>> {
        move |k| {
            asked.borrow_mut().push(k.clone());
            ready(answer(&k))
        }
    }

    #[test]
    fn page_numbers_stop_at_the_total_or_an_empty_page() {
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |_| {
            let mut p = page(2);
            p.total = Some(5);
            Ok(p)
        });
        assert_eq!(collect(by_page_number(1, None, fetch)).len(), 3);
        assert_eq!(*asked.borrow(), [1, 2, 3]);
        // Starting at page 2 counts page 1 as seen.
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |_| {
            let mut p = page(2);
            p.total = Some(5);
            Ok(p)
        });
        assert_eq!(collect(by_page_number(2, None, fetch)).len(), 2);
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |&n| Ok(page(if n < 3 { 2 } else { 0 })));
        collect(by_page_number(1, Some(2), fetch));
        assert_eq!(*asked.borrow(), [1, 2, 3]);
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |_| {
            let mut p = page(1);
            p.total_pages = Some(2);
            Ok(p)
        });
        collect(by_page_number(1, None, fetch));
        assert_eq!(*asked.borrow(), [1, 2]);
    }

    #[test]
    fn offsets_advance_by_what_came_and_trust_short_pages_only_when_told() {
        let short_then_empty =
            |o: &u64| Ok(page(if o < &6 { 3 } else { 7 - (*o as usize).min(7) }));
        // Untrusted: the short page (one item at offset 6) is not the end;
        // the empty one after it is.
        let asked = RefCell::new(Vec::new());
        collect(by_offset(0, None, recorder(&asked, short_then_empty)));
        assert_eq!(*asked.borrow(), [0, 3, 6, 7]);
        let asked = RefCell::new(Vec::new());
        collect(by_offset(0, Some(3), recorder(&asked, short_then_empty)));
        assert_eq!(*asked.borrow(), [0, 3, 6]);
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |_| {
            let mut p = page(4);
            p.total = Some(10);
            Ok(p)
        });
        collect(by_offset(2, None, fetch));
        assert_eq!(*asked.borrow(), [2, 6]);
    }

    #[test]
    fn a_repeated_cursor_ends_the_stream() {
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |cursor: &Option<String>| {
            let mut p = page(1);
            p.next = Some(match cursor.as_deref() {
                None => "a".to_owned(),
                Some("a") => "b".to_owned(),
                // Back to one already followed.
                Some(_) => "a".to_owned(),
            });
            Ok(p)
        });
        assert_eq!(collect(by_cursor(None, fetch)).len(), 3);
        assert_eq!(
            *asked.borrow(),
            [None, Some("a".to_owned()), Some("b".to_owned())]
        );
        // The cursor the caller started from counts as followed.
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |_| {
            let mut p = page(1);
            p.next = Some("x".to_owned());
            Ok(p)
        });
        assert_eq!(collect(by_cursor(Some("x".to_owned()), fetch)).len(), 1);
    }

    #[test]
    fn cursors_end_without_a_cursor_or_more_pages() {
        for (next, has_more, items) in [
            (None, None, 1),
            (Some(""), None, 1),
            (Some("n"), Some(false), 1),
            (Some("n"), Some(true), 0),
        ] {
            let asked = RefCell::new(Vec::new());
            let fetch = recorder(&asked, |_| {
                let mut p = page(items);
                p.next = next.map(str::to_owned);
                p.has_more = has_more;
                Ok(p)
            });
            assert_eq!(collect(by_cursor(None, fetch)).len(), 1);
            assert_eq!(asked.borrow().len(), 1, "{next:?} {has_more:?} {items}");
        }
    }

    #[test]
    fn links_are_followed_until_none_or_a_repeat() {
        let asked = RefCell::new(Vec::new());
        let fetch = recorder(&asked, |link: &Option<String>| {
            let mut p = page(1);
            p.next = match link.as_deref() {
                None => Some("/p2".to_owned()),
                Some("/p2") => Some("/p3".to_owned()),
                _ => Some("/p2".to_owned()),
            };
            Ok(p)
        });
        collect(by_link(fetch));
        assert_eq!(asked.borrow().len(), 3);
    }

    #[test]
    fn an_error_is_the_last_item() {
        let fetch = |n: i64| {
            ready(if n == 2 {
                Err(Error::Config("boom".to_owned()))
            } else {
                Ok(page(1))
            })
        };
        let got = collect(by_page_number(1, None, fetch));
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok() && got[1].is_err());
        let items = collect(items(by_page_number(1, None, fetch), |n| vec![n; n]));
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn next_links_are_read_as_rfc_8288_writes_them() {
        let cases = [
            (
                r#"<https://api.example.com/r?page=2>; rel="next", <https://api.example.com/r?page=5>; rel="last""#,
                Some("https://api.example.com/r?page=2"),
            ),
            (
                r#"<https://x/r?page=1>; rel="prev", <https://x/r?page=3>; rel=next"#,
                Some("https://x/r?page=3"),
            ),
            (
                r#"</r?a=1,2>; title="a, <b>"; rel="last next""#,
                Some("/r?a=1,2"),
            ),
            (r#"<https://x/r?page=1>; rel="first""#, None),
            (r#"<https://x/r>; rel="nextish""#, None),
            ("garbage", None),
            ("", None),
        ];
        for (value, want) in cases {
            let mut headers = crate::HeaderMap::new();
            headers.insert(reqwest::header::LINK, value.parse().unwrap());
            assert_eq!(next_link(&headers).as_deref(), want, "{value}");
        }
    }
}
