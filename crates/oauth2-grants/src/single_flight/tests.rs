//! Joining, landing, panics and abandoned fetches.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::*;

/// A cache of one number, fetched when empty.
fn cache() -> SingleFlight<Option<u32>, u32> {
    SingleFlight::new("test fetch", None)
}

/// The cached number, or a fetch made by `fetch`, counted in `starts`.
fn get<F>(
    cache: &SingleFlight<Option<u32>, u32>,
    starts: &AtomicUsize,
    fetch: impl FnOnce() -> F,
) -> Join<u32>
where
    F: Future<Output = Result<u32, Error>> + Send + 'static,
{
    cache.join(
        |state| state.ok_or(()),
        |_, ()| {
            starts.fetch_add(1, Ordering::SeqCst);
            Fetch {
                run: fetch(),
                land: |state: &mut Option<u32>, result: &Result<u32, Error>| {
                    if let Ok(value) = result {
                        *state = Some(*value);
                    }
                },
            }
        },
    )
}

async fn settle(join: Join<u32>) -> Result<u32, Error> {
    match join {
        Join::Ready(value) => Ok(value),
        Join::Waiting(flight) | Join::Started(flight) => flight.await,
    }
}

#[tokio::test]
async fn one_fetch_for_every_waiter_then_the_state_answers() {
    let cache = cache();
    let starts = AtomicUsize::new(0);
    let fetch = || async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Ok(7)
    };
    let first = get(&cache, &starts, fetch);
    let second = get(&cache, &starts, fetch);
    assert!(matches!(first, Join::Started(_)));
    assert!(matches!(second, Join::Waiting(_)));
    assert_eq!(settle(first).await.unwrap(), 7);
    assert_eq!(settle(second).await.unwrap(), 7);
    assert!(matches!(get(&cache, &starts, fetch), Join::Ready(7)));
    assert_eq!(starts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_panic_reaches_its_waiters_as_an_error_and_the_next_call_starts_afresh() {
    let cache = cache();
    let starts = AtomicUsize::new(0);
    let first = get(&cache, &starts, || async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        panic!("broke with {}", "a formatted message")
    });
    let second = get(&cache, &starts, || async { Ok(1) });
    for result in [settle(first).await, settle(second).await] {
        assert!(
            matches!(
                &result,
                Err(Error::Panicked { what: "test fetch", message: Some(message) })
                    if message == "broke with a formatted message"
            ),
            "{result:?}"
        );
    }
    assert_eq!(
        settle(get(&cache, &starts, || async { Ok(2) }))
            .await
            .unwrap(),
        2
    );
    assert_eq!(starts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_panic_without_a_string_message_has_none() {
    let cache = cache();
    let starts = AtomicUsize::new(0);
    let join = get(&cache, &starts, || async {
        std::panic::panic_any(42_u8);
        #[allow(unreachable_code)]
        Ok(0)
    });
    let err = settle(join).await.unwrap_err();
    assert!(
        matches!(err, Error::Panicked { message: None, .. }),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "test fetch panicked: (no message)");
}

#[tokio::test]
async fn a_fetch_every_waiter_gave_up_on_still_lands_and_is_not_started_twice() {
    let cache = cache();
    let starts = AtomicUsize::new(0);
    let slow = get(&cache, &starts, || async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Ok(4)
    });
    // Every waiter gives up (a caller's timeout)...
    assert!(
        tokio::time::timeout(Duration::from_millis(5), settle(slow))
            .await
            .is_err()
    );
    // ...and the next caller joins the fetch under way instead of starting a second one
    // (which would spend a rotated refresh token twice).
    let again = get(&cache, &starts, || async { Ok(3) });
    assert!(matches!(again, Join::Waiting(_)));
    assert_eq!(settle(again).await.unwrap(), 4);
    // A fetch nobody waits on at all still lands.
    drop(get(&cache, &starts, || async { Ok(9) }));
    assert_eq!(starts.load(Ordering::SeqCst), 1);
    let cache = self::cache();
    drop(get(&cache, &starts, || async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Ok(8)
    }));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(cache.with(|state| *state), Some(8));
}

#[test]
fn without_a_runtime_a_fetch_every_waiter_gave_up_on_is_dropped_and_started_again() {
    let cache = cache();
    let starts = AtomicUsize::new(0);
    let slow = get(&cache, &starts, futures_util::future::pending);
    drop(slow);
    let again = get(&cache, &starts, || async { Ok(3) });
    assert!(matches!(again, Join::Started(_)));
    let settled = futures_util::FutureExt::now_or_never(settle(again));
    assert!(matches!(settled, Some(Ok(3))), "{settled:?}");
}

#[tokio::test]
async fn the_state_is_updated_before_any_waiter_sees_the_result() {
    let cache = cache();
    let starts = AtomicUsize::new(0);
    let join = get(&cache, &starts, || async { Ok(5) });
    settle(join).await.unwrap();
    assert_eq!(cache.with(|state| *state), Some(5));
}
