//! One renewal per fleet, with real components: a real redis-server, the real local
//! authorization server (which counts the token requests itself), and OS processes (this test
//! binary started again as each member of the fleet).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use oauth2_client_auth::ClientSecretPost;
use oauth2_grants::{ClientCredentialsFetcher, Error, OAuth2Client, TokenFetcher, TokenManager};
use oauth2_store_redis::RedisStore;
use oauth2_test_server::{RedisServer, TestServer};
use oauth2_types::BearerToken;

/// Set in the fleet's processes: `<mode> <issuer> <redis url> <client id> <dir>`.
const CHILD: &str = "OAUTH2_FLEET_CHILD";
const PROCESSES: usize = 8;
const TASKS: usize = 100;
/// The renewal lock's lifetime in these tests.
const LOCK_TTL: Duration = Duration::from_secs(2);

/// The fleet tests share the server's per-client counts: one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn secret(client_id: &str) -> String {
    TestServer::shared()
        .unwrap()
        .client(client_id)
        .and_then(|client| client.client_secret.clone())
        .expect("a client secret")
}

fn work_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fleet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts one member of the fleet.
fn spawn(mode: &str, redis: &RedisServer, client_id: &str, dir: &Path) -> Child {
    let issuer = TestServer::shared().unwrap().issuer().to_string();
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "fleet_member", "--nocapture", "--test-threads=1"])
        .env(
            CHILD,
            format!(
                "{mode} {issuer} {} {client_id} {}",
                redis.url(),
                dir.display()
            ),
        )
        .env("OAUTH2_FLEET_SECRET", secret(client_id))
        // Its harness's summary is not this run's: only its failures (stderr) are shown.
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn wait_all(children: Vec<Child>) {
    for mut child in children {
        assert!(
            child.wait().unwrap().success(),
            "a member of the fleet failed"
        );
    }
}

/// Milliseconds since the epoch.
fn now_ms() -> u64 {
    u64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// Lets every member start at once: writes the start time (and the second round's) into
/// `<dir>/go`.
fn go(dir: &Path, second_round_after: Duration) {
    let start = now_ms() + 200;
    let second = start + u64::try_from(second_round_after.as_millis()).unwrap();
    std::fs::write(dir.join("go.tmp"), format!("{start} {second}")).unwrap();
    std::fs::rename(dir.join("go.tmp"), dir.join("go")).unwrap();
}

async fn requests(client_id: &str) -> u64 {
    TestServer::shared()
        .unwrap()
        .token_requests(client_id)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_fleet_makes_one_token_request() {
    let Some(redis) = RedisServer::start_or_skip("a_cold_fleet_makes_one_token_request").unwrap()
    else {
        return;
    };
    let _serial = SERIAL.lock().await;
    let dir = work_dir("cold");
    let before = requests("fleet").await;
    let fleet: Vec<_> = (0..PROCESSES)
        .map(|_| spawn("rounds", &redis, "fleet", &dir))
        .collect();
    go(&dir, Duration::ZERO);
    wait_all(fleet);
    assert_eq!(
        requests("fleet").await - before,
        1,
        "token requests at the AS"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_makes_one_token_request_at_expiry() {
    let Some(redis) =
        RedisServer::start_or_skip("a_fleet_makes_one_token_request_at_expiry").unwrap()
    else {
        return;
    };
    let _serial = SERIAL.lock().await;
    let dir = work_dir("expiry");
    let before = requests("fleet-short-lived").await;
    let fleet: Vec<_> = (0..PROCESSES)
        .map(|_| spawn("rounds", &redis, "fleet-short-lived", &dir))
        .collect();
    // The tokens live 4 s and are renewed in their last 2 s (half their lifetime): a second
    // round 3 s after the first finds every process's token expiring.
    go(&dir, Duration::from_secs(3));
    wait_all(fleet);
    assert_eq!(
        requests("fleet-short-lived").await - before,
        2,
        "token requests at the AS: one cold, one at expiry"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewer_killed_holding_the_lock_is_replaced_within_the_lock_ttl() {
    let Some(redis) = RedisServer::start_or_skip(
        "a_renewer_killed_holding_the_lock_is_replaced_within_the_lock_ttl",
    )
    .unwrap() else {
        return;
    };
    let _serial = SERIAL.lock().await;
    let dir = work_dir("killed");
    let before = requests("fleet").await;
    let mut holder = spawn("hang", &redis, "fleet", &dir);
    go(&dir, Duration::ZERO);
    // The holder took the lock and hangs in its renewal.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !dir.join("renewing").exists() {
        assert!(Instant::now() < deadline, "the holder never renewed");
        std::thread::sleep(Duration::from_millis(10));
    }
    let others: Vec<_> = (0..4)
        .map(|_| spawn("rounds", &redis, "fleet", &dir))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    holder.kill().unwrap();
    holder.wait().unwrap();
    let killed = Instant::now();
    wait_all(others);
    assert!(
        killed.elapsed() < LOCK_TTL + Duration::from_secs(2),
        "replaced within the lock's lifetime: {:?}",
        killed.elapsed()
    );
    // The holder died before asking; the one that replaced it asked once.
    assert_eq!(
        requests("fleet").await - before,
        1,
        "token requests at the AS"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_succeed_while_redis_is_down_and_the_store_is_used_again_when_it_is_back() {
    let Some(mut redis) = RedisServer::start_or_skip(
        "requests_succeed_while_redis_is_down_and_the_store_is_used_again_when_it_is_back",
    )
    .unwrap() else {
        return;
    };
    let _serial = SERIAL.lock().await;
    let request = client("fleet-short-lived")
        .await
        .client_credentials()
        .scope("api:read");
    let key = request.store_key();
    let store = RedisStore::open(&redis.url()).unwrap();
    let manager = TokenManager::client_credentials(request).with_store(store.clone());
    let round = || {
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let manager = manager.clone();
                tokio::spawn(async move { manager.token().await })
            })
            .collect();
        async move {
            let mut tokens = Vec::new();
            for task in tasks {
                tokens.push(task.await.unwrap().expect("never fails for Redis"));
            }
            tokens.pop().unwrap()
        }
    };
    let first = round().await;
    redis.stop();
    tokio::time::sleep(Duration::from_millis(2500)).await; // into the renewal window
    let during = round().await;
    assert_ne!(during, first, "renewed with Redis down");
    redis.restart().unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after = round().await;
    assert_ne!(after, during, "renewed again");
    // Back to Redis: the new token is stored there again (the restarted server was empty).
    let stored = oauth2_store_redis::TokenStore::load(&store, &key)
        .await
        .unwrap();
    assert_eq!(
        stored.as_ref().map(BearerToken::access_token),
        Some(after.access_token())
    );
}

async fn client(client_id: &str) -> OAuth2Client {
    let issuer = TestServer::shared().unwrap().issuer().to_string();
    client_at(&issuer, client_id, &secret(client_id)).await
}

async fn client_at(issuer: &str, client_id: &str, secret: &str) -> OAuth2Client {
    OAuth2Client::builder()
        .auth(ClientSecretPost::new(client_id, secret))
        .allow_insecure_http(true)
        .discover(issuer.trim_end_matches('/'))
        .await
        .unwrap()
}

/// A renewal that announces itself and never ends: a renewer about to be killed.
#[derive(Debug)]
struct Hang {
    inner: ClientCredentialsFetcher,
    marker: PathBuf,
}

#[async_trait]
impl TokenFetcher for Hang {
    async fn fetch(&self, _previous: Option<&BearerToken>) -> Result<BearerToken, Error> {
        std::fs::write(&self.marker, b"").unwrap();
        tokio::time::sleep(Duration::from_secs(3600)).await;
        Err(Error::Config("unreachable".into()))
    }

    fn client(&self) -> Option<&OAuth2Client> {
        self.inner.client()
    }
}

/// One member of the fleet (a no-op unless started by a fleet test): `TASKS` concurrent
/// requests for a token at the start time, and again at the second round's time if later.
#[test]
fn fleet_member() {
    let Ok(args) = std::env::var(CHILD) else {
        return;
    };
    let args: Vec<&str> = args.split(' ').collect();
    let [mode, issuer, redis_url, client_id, dir] = args[..] else {
        panic!("bad {CHILD}: {args:?}");
    };
    let dir = PathBuf::from(dir);
    let secret = std::env::var("OAUTH2_FLEET_SECRET").unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let request = client_at(issuer, client_id, &secret)
            .await
            .client_credentials()
            .scope("api:read");
        let store = RedisStore::open(redis_url).unwrap().with_lock_ttl(LOCK_TTL);
        let manager = if mode == "hang" {
            let key = request.store_key();
            let fetcher = Hang {
                inner: ClientCredentialsFetcher::new(request),
                marker: dir.join("renewing"),
            };
            TokenManager::new(fetcher).with_store_key(store, key)
        } else {
            TokenManager::client_credentials(request).with_store(store)
        };
        let (start, second) = loop {
            if let Ok(go) = std::fs::read_to_string(dir.join("go")) {
                let (start, second) = go.trim().split_once(' ').unwrap();
                break (
                    start.parse::<u64>().unwrap(),
                    second.parse::<u64>().unwrap(),
                );
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        for at in if second > start {
            vec![start, second]
        } else {
            vec![start]
        } {
            tokio::time::sleep(Duration::from_millis(at.saturating_sub(now_ms()))).await;
            let tasks: Vec<_> = (0..TASKS)
                .map(|_| {
                    let manager = manager.clone();
                    tokio::spawn(async move { manager.token().await })
                })
                .collect();
            for task in tasks {
                task.await.unwrap().expect("every request gets a token");
            }
        }
    });
}
