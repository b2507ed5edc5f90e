//! Tokens in a file, for command-line and desktop applications: one JSON document mapping
//! store keys to tokens, safe against crashes and against other processes.
//!
//! - Atomic: a change is written to a temporary file beside the document, flushed to disk and
//!   renamed over it, so a reader (or a crash) sees the old document or the new one, never half.
//! - Private: the document is created with mode 0600 on Unix (it holds refresh tokens).
//! - Shared safely: a change holds an exclusive OS lock on `<file>.lock` (a file that is never
//!   renamed) from reading the document to renaming the new one, so two processes never lose
//!   each other's changes. The OS drops the lock of a process that dies.
//! - Off the async runtime: file I/O runs on tokio's blocking threads.
//!
//! Its renewal lock is an OS lock too, so two processes sharing a session make one renewal.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use oauth2_types::BearerToken;
use oauth2_types::store::{RenewalLock, StoreError, StoreKey, TokenStore};
use serde_json::Value;

/// Tokens in one JSON file, mapping store keys to tokens, for command-line and desktop apps.
///
/// - Atomic: a change is written to a temporary file beside the document, flushed to disk and
///   renamed over it, so a reader (or a crash) sees the old document or the new one.
/// - Private: created with mode 0600 on Unix (it holds refresh tokens, and DPoP private keys
///   when wrapped in oauth2-dpop's `DpopSessionStore`).
/// - Shared safely: a change holds an exclusive OS lock on `<file>.lock` from reading the
///   document to renaming the new one, so two processes never lose each other's changes.
/// - Its renewal lock is an OS lock too (released by the OS if the holder dies), so two
///   processes sharing a session make one renewal.
/// - File I/O runs on tokio's blocking threads.
///
/// ```no_run
/// use oauth2_grants::{FileStore, TokenManager};
/// # fn demo(client: oauth2_grants::OAuth2Client) {
/// let store = FileStore::new(dirs_home().join(".config/my-app/tokens.json"));
/// let manager = TokenManager::client_credentials(client.client_credentials()).with_store(store);
/// # }
/// # fn dirs_home() -> std::path::PathBuf { std::path::PathBuf::from("/home/me") }
/// ```
#[derive(Clone)]
pub struct FileStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    /// Renewal locks this process holds: the lock file stays open (and locked) until released.
    renewals: Mutex<HashMap<String, File>>,
    next_owner: AtomicU64,
}

impl fmt::Debug for FileStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileStore")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

impl FileStore {
    /// A store in the file at `path`, created (with its directory) on the first save.
    ///
    /// ```
    /// let store = oauth2_grants::FileStore::new("tokens.json");
    /// assert_eq!(store.path(), std::path::Path::new("tokens.json"));
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            inner: Arc::new(Inner {
                path: path.into(),
                renewals: Mutex::new(HashMap::new()),
                next_owner: AtomicU64::new(0),
            }),
        }
    }

    /// The document's path.
    ///
    /// ```
    /// let store = oauth2_grants::FileStore::new("/tmp/tokens.json");
    /// assert_eq!(store.path().file_name().unwrap(), "tokens.json");
    /// ```
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `work` on a blocking thread.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Inner) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || work(&inner))
            .await
            .map_err(|err| StoreError::Unavailable(Box::new(err)))?
    }
}

impl Inner {
    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_owned();
        name.push(suffix);
        self.path.with_file_name(name)
    }

    /// Opens (creating it and its directory) the lock file `<file><suffix>`.
    fn lock_file(&self, suffix: &str) -> io::Result<File> {
        if let Some(dir) = self.path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        private(
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false),
        )
        .open(self.sibling(suffix))
    }

    /// The document, empty when there is none yet.
    fn read(&self) -> Result<BTreeMap<String, Value>, StoreError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|err| StoreError::corrupt(&err)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(err) => Err(unavailable(err)),
        }
    }

    /// Replaces the document atomically: temporary file, fsync, rename, fsync of the
    /// directory.
    fn write(&self, document: &BTreeMap<String, Value>) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec_pretty(document).map_err(|err| StoreError::corrupt(&err))?;
        let temporary = self.sibling(&format!(".{}.tmp", std::process::id()));
        let written = (|| {
            let mut file = private(OpenOptions::new().write(true).create(true).truncate(true))
                .open(&temporary)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&temporary, &self.path)?;
            sync_dir(&self.path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written.map_err(unavailable)
    }

    /// Changes the document under the exclusive lock.
    fn change(&self, edit: impl FnOnce(&mut BTreeMap<String, Value>)) -> Result<(), StoreError> {
        let lock = self.lock_file(".lock").map_err(unavailable)?;
        lock.lock().map_err(unavailable)?;
        let mut document = self.read()?;
        edit(&mut document);
        self.write(&document)
        // The lock is released when `lock` is closed.
    }
}

/// Creates files readable by their owner only, on Unix.
fn private(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

/// Makes a rename in `path`'s directory durable (Unix; elsewhere the rename is enough).
fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn unavailable(err: io::Error) -> StoreError {
    StoreError::Unavailable(Box::new(err))
}

#[async_trait]
impl TokenStore for FileStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<BearerToken>, StoreError> {
        let key = key.as_str().to_owned();
        self.blocking(move |inner| {
            // Renames are atomic: reading needs no lock.
            let mut document = inner.read()?;
            document
                .remove(&key)
                .map(|value| serde_json::from_value(value).map_err(|err| StoreError::corrupt(&err)))
                .transpose()
        })
        .await
    }

    async fn save(&self, key: &StoreKey, token: &BearerToken) -> Result<(), StoreError> {
        let key = key.as_str().to_owned();
        let value = serde_json::to_value(token).map_err(|err| StoreError::corrupt(&err))?;
        self.blocking(move |inner| {
            inner.change(|document| {
                document.insert(key, value);
            })
        })
        .await
    }

    async fn delete(&self, key: &StoreKey) -> Result<(), StoreError> {
        let key = key.as_str().to_owned();
        self.blocking(move |inner| {
            inner.change(|document| {
                document.remove(&key);
            })
        })
        .await
    }

    /// An OS lock on a file of its own per key (`<file>.<hash>.renewal`): held until unlocked, or
    /// until this process dies.
    async fn try_lock(&self, key: &StoreKey) -> Result<Option<RenewalLock>, StoreError> {
        let key = key.clone();
        self.blocking(move |inner| {
            let file = inner
                .lock_file(&format!(".{}.renewal", renewal_file_id(&key)))
                .map_err(unavailable)?;
            match file.try_lock() {
                Ok(()) => {
                    let owner = inner.next_owner.fetch_add(1, Ordering::Relaxed).to_string();
                    inner
                        .renewals
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(owner.clone(), file);
                    Ok(Some(RenewalLock::new(owner)))
                }
                Err(TryLockError::WouldBlock) => Ok(None),
                Err(TryLockError::Error(err)) => Err(unavailable(err)),
            }
        })
        .await
    }

    async fn unlock(&self, _key: &StoreKey, lock: RenewalLock) -> Result<(), StoreError> {
        // Closing the file releases its lock.
        drop(
            self.inner
                .renewals
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(lock.owner()),
        );
        Ok(())
    }
}

/// A short, stable file-name-safe id of `key` (FNV-1a; a collision only shares a lock).
fn renewal_file_id(key: &StoreKey) -> String {
    let hash = key
        .as_str()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{hash:016x}")
}
