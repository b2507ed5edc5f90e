//! The file store: tokens survive the process, the file is private, and two OS processes
//! racing on one file lose nothing and never see half a document.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use oauth2_grants::FileStore;
use oauth2_types::BearerToken;
use oauth2_types::store::{StoreKey, TokenStore};

/// Set in the child processes of the race: `<path> <writer id>`.
const CHILD: &str = "OAUTH2_FILE_STORE_CHILD";
const SAVES: usize = 40;

fn temp_file(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("file-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("tokens.json")
}

fn token(name: &str) -> BearerToken {
    BearerToken::new(format!("at-{name}"))
        .with_refresh_token(format!("rt-{name}"))
        .with_expires_in(Duration::from_secs(3600))
}

#[tokio::test]
async fn a_saved_token_is_loaded_by_a_new_store_with_its_absolute_expiry() {
    let path = temp_file("roundtrip");
    let saved = token("a");
    FileStore::new(&path)
        .save(&StoreKey::named("a"), &saved)
        .await
        .unwrap();
    let loaded = FileStore::new(&path)
        .load(&StoreKey::named("a"))
        .await
        .unwrap();
    assert_eq!(
        loaded.as_ref().and_then(BearerToken::expires_at),
        saved.expires_at()
    );
    assert_eq!(loaded, Some(saved));
    FileStore::new(&path)
        .delete(&StoreKey::named("a"))
        .await
        .unwrap();
    assert_eq!(
        FileStore::new(&path)
            .load(&StoreKey::named("a"))
            .await
            .unwrap(),
        None
    );
}

#[cfg(unix)]
#[tokio::test]
async fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let path = temp_file("mode");
    FileStore::new(&path)
        .save(&StoreKey::named("a"), &token("a"))
        .await
        .unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}

#[tokio::test]
async fn a_corrupt_file_is_an_error_that_does_not_quote_it() {
    let path = temp_file("corrupt");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, r#"{"k": {"access_token": SECRET-AT"#).unwrap();
    let err = FileStore::new(&path)
        .load(&StoreKey::named("k"))
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains("SECRET"), "{err:?}");
}

/// Two processes save to one file at once, each its own keys, while reading it back: every
/// read parses and, at the end, no save is lost.
#[test]
fn two_processes_racing_on_one_file_lose_nothing() {
    let path = temp_file("race");
    let children: Vec<_> = (0..2)
        .map(|writer| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "race_child", "--nocapture", "--test-threads=1"])
                .env(CHILD, format!("{} {writer}", path.display()))
                // Its harness's summary is not this run's: only its failures (stderr) are shown.
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a writer failed");
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = FileStore::new(&path);
    for writer in 0..2 {
        for save in 0..SAVES {
            let name = format!("{writer}-{save}");
            let loaded = runtime
                .block_on(store.load(&StoreKey::named(name.as_str())))
                .unwrap()
                .unwrap_or_else(|| panic!("{name} was lost"));
            assert_eq!(loaded.access_token().secret(), format!("at-{name}"));
        }
    }
}

/// One writer of the race (a no-op unless started by it).
#[test]
fn race_child() {
    let Ok(args) = std::env::var(CHILD) else {
        return;
    };
    let (path, writer) = args.rsplit_once(' ').unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = FileStore::new(path);
    runtime.block_on(async {
        for save in 0..SAVES {
            let name = format!("{writer}-{save}");
            store
                .save(&StoreKey::named(name.as_str()), &token(&name))
                .await
                .unwrap();
            // Never half a document.
            store.load(&StoreKey::named("none")).await.unwrap();
        }
    });
}

#[tokio::test]
async fn the_renewal_lock_is_held_until_released() {
    let path = temp_file("lock");
    let (one, two) = (FileStore::new(&path), FileStore::new(&path));
    let key = StoreKey::named("k");
    let lock = one.try_lock(&key).await.unwrap().expect("free");
    assert!(
        two.try_lock(&key).await.unwrap().is_none(),
        "held by the other"
    );
    one.unlock(&key, lock).await.unwrap();
    assert!(two.try_lock(&key).await.unwrap().is_some(), "released");
}
