//! A real `redis-server` for the token store tests: on 127.0.0.1, on a free port, without
//! persistence, in a folder of its own under the target directory; killed by its pid when
//! dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Error;

/// Set to `1` (or `CI=true`) to make a missing `redis-server` a failure instead of a skip.
///
/// ```
/// assert_eq!(oauth2_test_server::REQUIRE_REDIS_VAR, "OAUTH2_REQUIRE_REDIS");
/// ```
pub const REQUIRE_REDIS_VAR: &str = "OAUTH2_REQUIRE_REDIS";

/// How long redis-server may take to answer a PING.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// A running `redis-server`; dropping it kills it.
#[derive(Debug)]
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts a redis-server on a free port of 127.0.0.1.
    ///
    /// ```no_run
    /// let redis = oauth2_test_server::RedisServer::start()?;
    /// println!("{}", redis.url());
    /// # Ok::<(), oauth2_test_server::Error>(())
    /// ```
    pub fn start() -> Result<Self, Error> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|err| Error::Redis(format!("no free port: {err}")))?
            .port();
        let dir = target_dir().join(format!("redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|err| Error::Redis(format!("{}: {err}", dir.display())))?;
        let mut server = Self {
            child: None,
            port,
            dir,
        };
        server.restart()?;
        Ok(server)
    }

    /// [`start`](Self::start), or `None` with a loud notice when redis-server is not
    /// installed, unless `CI=true` or [`REQUIRE_REDIS_VAR`] is set: then it is an error.
    ///
    /// ```no_run
    /// let Some(redis) = oauth2_test_server::RedisServer::start_or_skip("fleet")? else {
    ///     return Ok(()); // skipped, with a notice
    /// };
    /// # Ok::<(), oauth2_test_server::Error>(())
    /// ```
    pub fn start_or_skip(test: &str) -> Result<Option<Self>, Error> {
        if Command::new("redis-server")
            .arg("--version")
            .output()
            .is_ok()
        {
            return Self::start().map(Some);
        }
        if crate::part_required(REQUIRE_REDIS_VAR) {
            return Err(Error::Redis(format!(
                "redis-server is not installed, and the Redis tests are required here \
                 (CI=true or {REQUIRE_REDIS_VAR}=1): apt-get install redis-server"
            )));
        }
        crate::skip_notice(
            test,
            "redis-server",
            "Debian: apt-get install redis-server",
            REQUIRE_REDIS_VAR,
        );
        Ok(None)
    }

    /// Its URL, `redis://127.0.0.1:<port>/0`.
    ///
    /// ```no_run
    /// let redis = oauth2_test_server::RedisServer::start()?;
    /// assert!(redis.url().starts_with("redis://127.0.0.1:"));
    /// # Ok::<(), oauth2_test_server::Error>(())
    /// ```
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Kills the server (an outage); [`restart`](Self::restart) brings it back on the same port.
    ///
    /// ```no_run
    /// let mut redis = oauth2_test_server::RedisServer::start()?;
    /// redis.stop();
    /// redis.restart()?;
    /// # Ok::<(), oauth2_test_server::Error>(())
    /// ```
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on its port (empty: nothing is persisted) and waits until it
    /// answers.
    pub fn restart(&mut self) -> Result<(), Error> {
        self.stop();
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| Error::MissingTool {
                program: "redis-server".into(),
                reason: err.to_string(),
            })?;
        self.child = Some(child);
        let deadline = Instant::now() + START_TIMEOUT;
        while Instant::now() < deadline {
            if self.ping() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stop();
        Err(Error::Redis(format!(
            "redis-server did not answer on port {} within {START_TIMEOUT:?}",
            self.port
        )))
    }

    fn ping(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
        let mut answer = [0u8; 5];
        stream.write_all(b"PING\r\n").is_ok()
            && stream.read_exact(&mut answer).is_ok()
            && &answer == b"+PONG"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The workspace's target directory (`CARGO_TARGET_DIR`, or `target` beside the workspace).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    )
}
