//! Threads for the pipeline: deeply nested schemas recurse deeply (serde,
//! lowering, emission), so every thread that runs a stage gets a roomy
//! stack instead of whatever its caller has (2 MiB for a test thread); only
//! touched pages are used.

use crate::error::Result;

/// Stack for a thread that runs a stage of the pipeline.
pub(crate) const PIPELINE_STACK: usize = 256 << 20;

/// `f` over `items` on up to one thread per core (each with the pipeline's
/// roomy stack), results in `items` order; the first error wins.
pub(crate) fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, Result<R>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(PIPELINE_STACK)
                    .spawn_scoped(scope, work)
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            match worker.map(|w| w.join()) {
                Ok(Ok(done)) => all.extend(done),
                // A worker that cannot start leaves its share to the others;
                // one that panicked is a generator bug, reported below.
                Err(_) => {}
                Ok(Err(_)) => all.push((
                    usize::MAX,
                    Err(crate::error::Error::at(
                        &crate::pointer::JsonPointer::root(),
                        "internal error: the generator panicked",
                    )),
                )),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    // Every index was taken by a worker that finished, unless none could start.
    if results.len() < items.len() && results.iter().all(|(_, r)| r.is_ok()) {
        return items.iter().map(f).collect();
    }
    results.into_iter().map(|(_, r)| r).collect()
}
