//! Single flight: however many tasks need the same fetch at once (a token renewal, the
//! server's key set), one fetch runs and every task shares its result.
//!
//! A fetch runs user code (a token fetcher, an HTTP client, a signer). If it panics, the
//! panic is caught and becomes [`Error::Panicked`] for the tasks that waited on that fetch;
//! the slot is cleared, so the next call starts afresh instead of finding a poisoned
//! future.
//!
//! On a tokio runtime the fetch runs as a task of its own, so it runs to completion and lands
//! its result even when every task waiting on it gave up (a caller's timeout): a renewal the
//! server has answered, and the rotated refresh token it brought, is never lost half-way.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared, WeakShared};

use crate::error::Error;

/// A fetch under way, shared by every task that waits on it.
pub(crate) type Flight<T> = Shared<BoxFuture<'static, Result<T, Error>>>;

/// A state (a cache) and the one fetch under way that will update it, behind one lock, so
/// that checking the cache and joining or starting the fetch happen at once.
///
/// The lock is never held across an await or user code.
pub(crate) struct SingleFlight<S, T> {
    what: &'static str,
    guarded: Arc<Mutex<Guarded<S, T>>>,
}

struct Guarded<S, T> {
    state: S,
    flight: Option<Slot<T>>,
}

/// The fetch under way, as the slot keeps it.
enum Slot<T> {
    /// A task on the runtime: held strongly, for the task runs to completion whoever waits
    /// (the task itself holds its owner only weakly, so nothing is kept alive in a cycle).
    Spawned(Flight<T>),
    /// No runtime: the fetch runs inside its waiters' polls, held weakly, so a fetch that
    /// every waiter gave up on is dropped instead of keeping the slot stuck.
    Inline(WeakShared<BoxFuture<'static, Result<T, Error>>>),
}

impl<T> Slot<T> {
    /// The fetch, when it is still under way.
    fn flight(&self) -> Option<Flight<T>> {
        match self {
            Slot::Spawned(flight) => Some(flight.clone()),
            Slot::Inline(weak) => weak.upgrade(),
        }
    }
}

/// A fetch to start: the future that fetches, and how its result updates the state.
pub(crate) struct Fetch<F, L> {
    /// Fetches; runs only when awaited, outside the lock.
    pub(crate) run: F,
    /// Called once the fetch ended, panicked or not, under the lock, before any waiter sees
    /// the result.
    pub(crate) land: L,
}

/// What [`SingleFlight::join`] found.
pub(crate) enum Join<T> {
    /// The state answered; no fetch is needed.
    Ready(T),
    /// A fetch was under way: await it.
    Waiting(Flight<T>),
    /// A fetch was started: await it.
    Started(Flight<T>),
}

impl<S, T> SingleFlight<S, T>
where
    S: Send + 'static,
    T: Clone + Send + Sync + 'static,
{
    /// A single flight over `state`; `what` names its fetches in [`Error::Panicked`].
    pub(crate) fn new(what: &'static str, state: S) -> Self {
        Self {
            what,
            guarded: Arc::new(Mutex::new(Guarded {
                state,
                flight: None,
            })),
        }
    }

    /// Runs `f` on the state, under the lock.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut S) -> R) -> R {
        f(&mut lock(&self.guarded).state)
    }

    /// Under one lock: `check` answers from the state (`Ok`), or says why a fetch is needed
    /// (`Err`); then the fetch under way is joined, or `start` (given the state and that
    /// reason) makes a new one.
    ///
    /// When a fetch ends, its `land` records the result in the state and the slot is
    /// cleared, under the same lock, so a later call sees either the fetch or its result.
    pub(crate) fn join<R, F, L>(
        &self,
        check: impl FnOnce(&S) -> Result<T, R>,
        start: impl FnOnce(&S, R) -> Fetch<F, L>,
    ) -> Join<T>
    where
        F: Future<Output = Result<T, Error>> + Send + 'static,
        L: FnOnce(&mut S, &Result<T, Error>) + Send + 'static,
    {
        let mut guarded = lock(&self.guarded);
        let reason = match check(&guarded.state) {
            Ok(value) => return Join::Ready(value),
            Err(reason) => reason,
        };
        if let Some(flight) = guarded.flight.as_ref().and_then(Slot::flight) {
            return Join::Waiting(flight);
        }
        let (flight, slot) = self.flight(start(&guarded.state, reason));
        guarded.flight = slot;
        Join::Started(flight)
    }

    /// The fetch with its panic caught, then landed; spawned on the runtime when there is
    /// one. Returns the fetch and how the slot keeps it.
    fn flight<F, L>(&self, Fetch { run, land }: Fetch<F, L>) -> (Flight<T>, Option<Slot<T>>)
    where
        F: Future<Output = Result<T, Error>> + Send + 'static,
        L: FnOnce(&mut S, &Result<T, Error>) + Send + 'static,
    {
        let what = self.what;
        // Weak: a fetch that outlives its owner has nothing to update.
        let owner: Weak<Mutex<Guarded<S, T>>> = Arc::downgrade(&self.guarded);
        let fetch = async move {
            // The future is dropped as soon as it panicked, never polled again, and the state
            // it shares is only updated by `land` below: nothing half-done is observed.
            let result = AssertUnwindSafe(run)
                .catch_unwind()
                .await
                .unwrap_or_else(|panic| {
                    Err(Error::Panicked {
                        what,
                        message: panic_message(panic.as_ref()),
                    })
                });
            if let Some(owner) = owner.upgrade() {
                let mut guarded = lock(&owner);
                guarded.flight = None;
                land(&mut guarded.state, &result);
            }
            result
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let task = runtime.spawn(fetch);
                let flight = async move {
                    // The fetch catches its own panics; a task fails to join only when the
                    // runtime shuts down under it.
                    task.await.unwrap_or_else(|_| {
                        Err(Error::Panicked {
                            what,
                            message: Some("the runtime shut down during the fetch".into()),
                        })
                    })
                }
                .boxed()
                .shared();
                (flight.clone(), Some(Slot::Spawned(flight)))
            }
            Err(_) => {
                let flight = fetch.boxed().shared();
                let slot = flight.downgrade().map(Slot::Inline);
                (flight, slot)
            }
        }
    }
}

impl<S, T> fmt::Debug for SingleFlight<S, T> {
    /// Only what it fetches: the state may hold secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SingleFlight")
            .field("what", &self.what)
            .finish_non_exhaustive()
    }
}

/// The lock, recovered from poisoning: it is never held across user code, and every update
/// under it is a plain assignment, so a panic cannot leave the state half-written.
fn lock<S, T>(guarded: &Mutex<Guarded<S, T>>) -> MutexGuard<'_, Guarded<S, T>> {
    guarded.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The message of a panic, when it is a string (`panic!("...")` and `expect` make one).
fn panic_message(panic: &(dyn Any + Send)) -> Option<String> {
    panic
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
}

#[cfg(test)]
mod tests;
