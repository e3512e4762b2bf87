//! Lazy page-number pagination: one page is fetched only when the items of
//! the previous one have been consumed.
//!
//! Hand-written and identical in every generated crate that has a paginated
//! operation (an operation marked with the `x-pagination` extension).

use std::collections::VecDeque;
use std::future::Future;

pub use futures_util::{Stream, StreamExt, TryStreamExt};

use crate::Error;

/// One fetched page: its items and the total item count the API reports.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) total: Option<u64>,
}

struct State<T, F> {
    fetch: F,
    next_page: i64,
    first_page: i64,
    page_size: Option<u64>,
    seen: u64,
    done: bool,
    buffer: VecDeque<T>,
}

/// Streams the items of pages `first_page`, `first_page + 1`, …
///
/// Stops after the page that brings the item count up to the reported total
/// (counting the pages skipped before `first_page`), after an empty page, or
/// after the first error, which is yielded. With a total, no request is made
/// for a page known to be empty. Without one, only an empty page ends the
/// stream: a short page is not proof, since servers may cap the page size
/// below what was asked.
pub(crate) fn paginate<T, F, Fut>(
    first_page: i64,
    page_size: Option<u64>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = State {
        fetch,
        next_page: first_page,
        first_page,
        page_size,
        seen: 0,
        done: false,
        buffer: VecDeque::new(),
    };
    futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(item) = s.buffer.pop_front() {
                return Some((Ok(item), s));
            }
            if s.done {
                return None;
            }
            let page = match (s.fetch)(s.next_page).await {
                Ok(page) => page,
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
            };
            s.next_page = s.next_page.saturating_add(1);
            let count = page.items.len() as u64;
            if count == 0 {
                s.done = true;
                continue;
            }
            // Without an explicit size, the first page tells us the server's.
            let size = *s.page_size.get_or_insert(count);
            s.seen += count;
            let skipped = u64::try_from(s.first_page.saturating_sub(1))
                .unwrap_or(0)
                .saturating_mul(size);
            s.done = match page.total {
                Some(total) => skipped.saturating_add(s.seen) >= total,
                None => false,
            };
            s.buffer.extend(page.items);
        }
    })
}
