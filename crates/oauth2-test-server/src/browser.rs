//! A headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`), for
//! the tests that sign in on the server's HTML login page as a person would.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::Error;

/// Set to `1` to make a missing Chromium or ChromeDriver a test failure outside CI too (under
/// `CI=true` it always is).
///
/// ```
/// assert_eq!(oauth2_test_server::REQUIRE_BROWSER_VAR, "OAUTH2_REQUIRE_BROWSER");
/// ```
pub const REQUIRE_BROWSER_VAR: &str = "OAUTH2_REQUIRE_BROWSER";

/// The Debian packages that bring the browser and its driver.
const INSTALL_HINT: &str = "apt-get install chromium chromium-driver";

/// How long chromedriver and the browser get to start.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a page gets to show what a test waits for.
const PAGE_TIMEOUT: Duration = Duration::from_secs(15);

/// A headless Chromium session. Call [`Browser::close`] at the end; dropping it stops
/// chromedriver (and with it the browser) in any case.
///
/// ```no_run
/// # async fn run() -> Result<(), oauth2_test_server::Error> {
/// let browser = oauth2_test_server::Browser::start().await?;
/// browser.goto("http://127.0.0.1:8080/").await?;
/// println!("{}", browser.text("h1").await?);
/// browser.close().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Browser {
    client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and a headless Chromium session through it.
    /// `CHROMEDRIVER` and `CHROMIUM` override the programs (default: `chromedriver` on the
    /// `PATH`, Debian's `/usr/bin/chromium`).
    pub async fn start() -> Result<Self, Error> {
        let driver_program =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|err| Error::Browser(format!("no free port: {err}")))?
            .port();
        let mut command = Command::new(&driver_program);
        // Its own process group, so that the browsers it starts end with it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| Error::MissingTool {
                program: driver_program.clone(),
                reason: format!(
                    "{err}; the browser tests need Chromium and ChromeDriver \
                     (Debian: apt-get install chromium chromium-driver)"
                ),
            })?;
        let profile = std::env::temp_dir().join(format!(
            "oauth2-test-chromium-{}-{port}",
            std::process::id()
        ));
        let mut guard = DriverGuard(Some(driver));
        let client = connect(port, &profile).await?;
        let driver = guard
            .0
            .take()
            .ok_or_else(|| Error::Browser("driver lost".into()))?;
        Ok(Self {
            client,
            driver,
            profile,
        })
    }

    /// Starts the browser for `test`, or skips it: when Chromium or ChromeDriver is missing,
    /// prints a loud notice on stderr (what is missing, how to install it, how to require it)
    /// and returns `Ok(None)`, unless the environment requires the browser (`CI=true`, or
    /// `OAUTH2_REQUIRE_BROWSER=1`): then the missing program is an error. A browser that is
    /// there but fails to start is always an error.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), oauth2_test_server::Error> {
    /// let Some(browser) = oauth2_test_server::Browser::start_or_skip("sign_in").await? else {
    ///     return Ok(()); // skipped, with a notice
    /// };
    /// browser.close().await;
    /// # Ok(()) }
    /// ```
    pub async fn start_or_skip(test: &str) -> Result<Option<Self>, Error> {
        let Some(missing) = missing_program() else {
            return Self::start().await.map(Some);
        };
        if crate::part_required(REQUIRE_BROWSER_VAR) {
            return Err(Error::Browser(format!(
                "{missing} is not installed, and the browser test is required here \
                 (CI=true or {REQUIRE_BROWSER_VAR}=1): install Chromium and ChromeDriver \
                 ({INSTALL_HINT})"
            )));
        }
        crate::skip_notice(
            test,
            &missing,
            &format!("Chromium and ChromeDriver; Debian: {INSTALL_HINT}"),
            REQUIRE_BROWSER_VAR,
        );
        Ok(None)
    }

    /// Opens a URL and waits for the page to load.
    pub async fn goto(&self, url: &str) -> Result<(), Error> {
        self.client.goto(url).await.map_err(browser_error)
    }

    /// The URL the browser is on.
    pub async fn current_url(&self) -> Result<url::Url, Error> {
        self.client.current_url().await.map_err(browser_error)
    }

    /// Waits until the element that `css` selects shows `needle` (a click that submits a form
    /// returns before the next page is there), and returns its whole text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<String, Error> {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        loop {
            let seen = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if seen.contains(needle) {
                return Ok(seen);
            }
            if Instant::now() >= deadline {
                let url = self.client.current_url().await.map_err(browser_error)?;
                return Err(Error::Browser(format!(
                    "{css} did not show {needle:?} within {PAGE_TIMEOUT:?} on {url}: {seen:?}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types `text` into the element that `css` selects.
    pub async fn fill(&self, css: &str, text: &str) -> Result<(), Error> {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(browser_error)?;
        element.clear().await.map_err(browser_error)?;
        element.send_keys(text).await.map_err(browser_error)
    }

    /// Clicks the element that `css` selects.
    pub async fn click(&self, css: &str) -> Result<(), Error> {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(browser_error)?;
        element.click().await.map_err(browser_error)
    }

    /// The visible text of the element that `css` selects.
    pub async fn text(&self, css: &str) -> Result<String, Error> {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(browser_error)?;
        element.text().await.map_err(browser_error)
    }

    /// Ends the browser session, then chromedriver (dropping the browser does that too).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        stop(&mut self.driver);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The first of ChromeDriver and Chromium that cannot be found, as `start` would look for
/// them (`CHROMEDRIVER` on the `PATH`; `CHROMIUM`, else Debian's `/usr/bin/chromium` or
/// `chromium` on the `PATH`).
fn missing_program() -> Option<String> {
    let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    if !program_exists(&driver) {
        return Some(driver);
    }
    match std::env::var("CHROMIUM") {
        Ok(chromium) => (!program_exists(&chromium)).then_some(chromium),
        Err(_) if program_exists("/usr/bin/chromium") || program_exists("chromium") => None,
        Err(_) => Some("chromium".into()),
    }
}

/// Whether `program` is a file: as a path when it has a separator, else on the `PATH`.
fn program_exists(program: &str) -> bool {
    let path = std::path::Path::new(program);
    if path.components().count() > 1 {
        return path.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|dirs| std::env::split_paths(&dirs).any(|dir| dir.join(program).is_file()))
}

/// Kills chromedriver and every browser process it started (its process group).
fn stop(driver: &mut Child) {
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", driver.id())])
        .stderr(Stdio::null())
        .status();
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Kills chromedriver if the session could not be started.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut driver) = self.0.take() {
            stop(&mut driver);
        }
    }
}

/// Connects to chromedriver once it listens, with a new headless Chromium session. The flags
/// keep Chromium off the network but for the pages it is sent to.
async fn connect(port: u16, profile: &std::path::Path) -> Result<Client, Error> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut options = serde_json::json!({
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            format!("--user-data-dir={}", profile.display()),
        ],
    });
    if std::path::Path::new(&chromium).exists() {
        options["binary"] = chromium.into();
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities);
    let webdriver = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        match builder.connect(&webdriver).await {
            Ok(client) => return Ok(client),
            Err(err) if Instant::now() < deadline && is_not_listening(&err) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(err) => {
                return Err(Error::Browser(format!(
                    "no Chromium session through chromedriver at {webdriver}: {err}"
                )));
            }
        }
    }
}

fn is_not_listening(err: &fantoccini::error::NewSessionError) -> bool {
    use fantoccini::error::NewSessionError;
    matches!(
        err,
        NewSessionError::Failed(_) | NewSessionError::FailedC(_) | NewSessionError::Lost(_)
    )
}

fn browser_error(err: fantoccini::error::CmdError) -> Error {
    Error::Browser(err.to_string())
}
