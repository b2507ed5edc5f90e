//! The one runtime of the blocking APIs (`oauth2-grants` and `oauth2-apiclient` with their
//! `blocking` feature), as reqwest's `blocking` module has one: a process-wide tokio runtime
//! started on first use, so connection pools, timers and the token managers' single-flight
//! renewals live on between calls and are shared by every thread.
//!
//! [`block_on`] runs a future on it from a thread that is not in an async runtime; called
//! from inside one, it is [`BlockingError::InAsyncContext`] (reqwest's blocking client panics
//! there), since blocking a runtime's thread stalls every task on it: use the async API.
//! That includes code the blocking types run on this runtime for you: a token manager's
//! `on_renewal` hook runs inside the renewal, so a blocking call made from it (an API call,
//! another token) is `InAsyncContext` too; hand the work to a thread of your own instead.
//!
//! ```
//! let answer = oauth2_types::blocking::block_on(async { 40 + 2 })?;
//! assert_eq!(answer, 42);
//! # Ok::<(), oauth2_types::blocking::BlockingError>(())
//! ```

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Handle, Runtime};

/// How many worker threads the blocking runtime has: they drive the sockets and timers and
/// run the spawned renewals; each blocking call runs its own future on its caller's thread.
const WORKER_THREADS: usize = 2;

/// Why a blocking call could not run.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let err = oauth2_types::blocking::block_on(async {}).unwrap_err();
/// assert!(matches!(err, oauth2_types::blocking::BlockingError::InAsyncContext));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BlockingError {
    /// A blocking call was made from inside an async runtime (an `async fn`, a tokio task or
    /// `spawn_blocking`): use the async API there.
    #[error(
        "a blocking call was made from inside an async runtime, whose threads it would stall: \
         use the async API there"
    )]
    InAsyncContext,
    /// The blocking runtime's threads could not be started.
    #[error("the blocking runtime could not start: {0}")]
    Runtime(String),
}

/// Runs `future` to completion on the blocking runtime (started on first use) and returns its
/// output; [`BlockingError::InAsyncContext`] when called from inside an async runtime.
///
/// Panics in `future` reach the caller, as they would reach an `.await`er.
///
/// ```
/// let answer = oauth2_types::blocking::block_on(async { 40 + 2 })?;
/// assert_eq!(answer, 42);
/// # Ok::<(), oauth2_types::blocking::BlockingError>(())
/// ```
pub fn block_on<F: Future>(future: F) -> Result<F::Output, BlockingError> {
    if Handle::try_current().is_ok() {
        return Err(BlockingError::InAsyncContext);
    }
    Ok(runtime()?.block_on(future))
}

/// The process-wide blocking runtime, started on first use.
fn runtime() -> Result<&'static Runtime, BlockingError> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(WORKER_THREADS)
                .thread_name("oauth2-blocking")
                .enable_all()
                .build()
                .map_err(|err| err.to_string())
        })
        .as_ref()
        .map_err(|err| BlockingError::Runtime(err.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn futures_run_on_one_runtime_that_outlives_each_call() {
        fn worker_name() -> Option<String> {
            block_on(async {
                tokio::spawn(async { std::thread::current().name().map(str::to_owned) })
                    .await
                    .unwrap()
            })
            .unwrap()
        }
        assert_eq!(worker_name().as_deref(), Some("oauth2-blocking"));
        let from_another_thread = std::thread::spawn(worker_name).join().unwrap();
        assert_eq!(from_another_thread.as_deref(), Some("oauth2-blocking"));
        // A task spawned in one call still runs after it returned.
        let (sender, receiver) = std::sync::mpsc::channel();
        block_on(async move {
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                sender.send(()).unwrap();
            });
        })
        .unwrap();
        receiver
            .recv_timeout(std::time::Duration::from_secs(5))
            .unwrap();
    }

    #[tokio::test]
    async fn inside_an_async_runtime_it_is_an_error_not_a_panic() {
        assert_eq!(
            block_on(async {}).unwrap_err(),
            BlockingError::InAsyncContext
        );
        let from_spawn_blocking = tokio::task::spawn_blocking(|| block_on(async {}))
            .await
            .unwrap();
        assert_eq!(from_spawn_blocking, Err(BlockingError::InAsyncContext));
    }
}
