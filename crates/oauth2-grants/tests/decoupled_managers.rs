//! Token managers for the decoupled grants (device flow, CIBA) and their pollers, against the
//! local authorization server: polled on first use, observed, cancelled, driven step by step,
//! then refreshed like any other managed token.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::Duration;

use common::client_for;
use oauth2_grants::{Error, OAuth2Client, PollStatus, PollStep, TokenManager};

async fn device_for(
    client: &OAuth2Client,
) -> (oauth2_grants::DeviceAuthorizationResponse, url::Url) {
    let device = client
        .device_authorization()
        .scope("openid offline_access")
        .send()
        .await
        .unwrap();
    let complete = url::Url::parse(device.verification_uri_complete.as_deref().unwrap()).unwrap();
    (device, complete)
}

#[tokio::test]
async fn the_device_manager_polls_until_approved_then_refreshes() {
    let client = client_for("client-secret-basic").await;
    let (device, complete) = device_for(&client).await;
    oauth2_test_server::complete_device_authorization(&complete, true)
        .await
        .unwrap();
    let poller = client.device_poller(&device).unwrap();
    let progress = poller.watch();
    let manager = TokenManager::polling(client, poller);

    let first = manager.token().await.unwrap();
    assert!(first.refresh_token().is_some());
    let seen = *progress.borrow();
    assert_eq!((seen.attempts, seen.last), (1, Some(PollStatus::Done)));

    // Cached, then refreshed (not polled again: the device code is spent).
    assert_eq!(
        manager.token().await.unwrap().access_token().secret(),
        first.access_token().secret()
    );
    manager.invalidate();
    let refreshed = manager.token().await.unwrap();
    assert_ne!(
        refreshed.access_token().secret(),
        first.access_token().secret()
    );
    assert_eq!(progress.borrow().attempts, 1);
}

#[tokio::test]
async fn the_device_manager_reports_a_denial_and_does_not_poll_again() {
    let client = client_for("client-secret-post").await;
    let (device, complete) = device_for(&client).await;
    oauth2_test_server::complete_device_authorization(&complete, false)
        .await
        .unwrap();
    let manager = TokenManager::device_code(client, &device).unwrap();
    let err = manager.token().await.unwrap_err();
    assert!(err.is_oauth_error("access_denied"), "{err:?}");
    // Settled: the next call refreshes, and there is nothing to refresh.
    let err = manager.token().await.unwrap_err();
    assert!(matches!(err, Error::NoRefreshToken), "{err:?}");
}

#[tokio::test]
async fn a_poller_driven_step_by_step_sees_pending_then_the_token() {
    let client = client_for("client-secret-basic").await;
    let (device, complete) = device_for(&client).await;
    let mut poller = client.device_poller(&device).unwrap();
    assert_eq!(poller.progress().expires_at, device.expires_at());

    assert!(matches!(
        poller.poll_once().await.unwrap(),
        PollStep::Pending
    ));
    assert_eq!(poller.progress().last, Some(PollStatus::Pending));
    oauth2_test_server::complete_device_authorization(&complete, true)
        .await
        .unwrap();
    // The server enforces the interval (slow_down when polled too fast).
    let token = loop {
        tokio::time::sleep(poller.interval()).await;
        match poller.poll_once().await.unwrap() {
            PollStep::Done(token) => break token,
            PollStep::Pending | PollStep::SlowDown => {}
            other => panic!("{other:?}"),
        }
    };
    assert!(token.id_token().is_some());
    assert!(poller.progress().attempts >= 2);
}

#[tokio::test]
async fn cancelling_stops_the_manager_while_the_user_has_not_acted() {
    let client = client_for("client-secret-basic").await;
    let (device, _complete) = device_for(&client).await;
    let poller = client.device_poller(&device).unwrap();
    let cancel = poller.cancel_handle();
    let manager = TokenManager::polling(client, poller);
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        cancel.cancel();
    });
    let started = std::time::Instant::now();
    let err = manager.token().await.unwrap_err();
    assert!(matches!(err, Error::PollingCancelled), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    canceller.await.unwrap();
    // Still cancelled on the next call, without a request.
    let err = manager.token().await.unwrap_err();
    assert!(matches!(err, Error::PollingCancelled), "{err:?}");
}

#[tokio::test]
async fn the_ciba_manager_polls_until_the_user_approves() {
    let client = client_for("ciba-client").await;
    let request = client
        .backchannel_authentication()
        .scope("openid")
        .login_hint("alice")
        .send()
        .await
        .unwrap();
    let manager = TokenManager::ciba(client.clone(), &request).unwrap();
    let token = manager.token().await.unwrap();
    let claims = client.userinfo(&token).await.unwrap();
    assert_eq!(claims["sub"], "alice");
}
