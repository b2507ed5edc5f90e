//! The loopback redirect of native and command-line apps (RFC 8252 section 7.3): listen on
//! 127.0.0.1, take exactly one callback, answer the browser with a small page.

use std::time::Duration;

use oauth2_pkce_par_jar::{AuthorizationResponse, CallbackError, PendingAuthorization};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

/// Why no authorization response came back.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoopbackError {
    /// The listener failed.
    #[error("loopback listener: {0}")]
    Io(#[from] std::io::Error),
    /// No callback came in time.
    #[error("no callback within {0:?}")]
    Timeout(Duration),
    /// The callback was refused (state, iss, error from the server...).
    #[error(transparent)]
    Callback(#[from] CallbackError),
    /// The redirect URL cannot be listened on.
    #[error("cannot listen for {0}: a loopback http URL with a port is needed")]
    Url(String),
}

/// A one-shot HTTP listener on the loopback interface for the authorization callback.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
/// use oauth2_grants::LoopbackRedirect;
/// let loopback = LoopbackRedirect::bind().await?;
/// let request = client.authorization_request()?.redirect_uri(loopback.redirect_uri()).build()?;
/// oauth2_grants::open_in_browser(request.url().as_str());
/// let response = loopback.wait(request.pending(), std::time::Duration::from_secs(300)).await?;
/// let token = client.exchange_code(&response).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct LoopbackRedirect {
    listener: TcpListener,
    redirect_uri: Url,
}

impl LoopbackRedirect {
    /// Listens on 127.0.0.1 on a free port; the redirect URI is `http://127.0.0.1:<port>/callback`.
    pub async fn bind() -> Result<Self, LoopbackError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let redirect_uri = Url::parse(&format!("http://127.0.0.1:{port}/callback"))
            .map_err(|err| LoopbackError::Url(err.to_string()))?;
        Ok(Self {
            listener,
            redirect_uri,
        })
    }

    /// Listens on the host and port of `redirect_uri` (a loopback `http` URL).
    pub async fn bind_to(redirect_uri: &Url) -> Result<Self, LoopbackError> {
        let (Some(host), Some(port), "http") = (
            redirect_uri.host_str(),
            redirect_uri.port_or_known_default(),
            redirect_uri.scheme(),
        ) else {
            return Err(LoopbackError::Url(redirect_uri.to_string()));
        };
        let listener = TcpListener::bind((host.trim_matches(['[', ']']), port)).await?;
        Ok(Self {
            listener,
            redirect_uri: redirect_uri.clone(),
        })
    }

    /// The redirect URI to send in the authorization request.
    pub fn redirect_uri(&self) -> &str {
        self.redirect_uri.as_str()
    }

    /// Waits for the callback (other paths, such as `/favicon.ico`, get a 404), validates it
    /// against `pending`, tells the browser whether it worked, and returns the response.
    pub async fn wait(
        self,
        pending: &PendingAuthorization,
        timeout: Duration,
    ) -> Result<AuthorizationResponse, LoopbackError> {
        tokio::time::timeout(timeout, self.serve(pending))
            .await
            .map_err(|_| LoopbackError::Timeout(timeout))?
    }

    async fn serve(
        &self,
        pending: &PendingAuthorization,
    ) -> Result<AuthorizationResponse, LoopbackError> {
        loop {
            let (mut socket, _) = self.listener.accept().await?;
            let mut buffer = vec![0u8; 16 * 1024];
            let mut filled = 0;
            while filled < buffer.len() && !buffer[..filled].windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buffer[filled..]).await?;
                if n == 0 {
                    break;
                }
                filled += n;
            }
            let head = String::from_utf8_lossy(&buffer[..filled]);
            let target = head
                .lines()
                .next()
                .and_then(|line| line.strip_prefix("GET "))
                .and_then(|rest| rest.split(' ').next())
                .unwrap_or("");
            let Ok(url) = self.redirect_uri.join(target) else {
                respond(&mut socket, 400, "Bad request").await;
                continue;
            };
            if url.path() != self.redirect_uri.path() {
                respond(&mut socket, 404, "Not found").await;
                continue;
            }
            let result = pending.validate_callback(&url);
            match &result {
                Ok(_) => {
                    respond(
                        &mut socket,
                        200,
                        "Signed in. You can close this window and return to the application.",
                    )
                    .await
                }
                Err(err) => {
                    respond(
                        &mut socket,
                        400,
                        &format!("Sign-in failed: {err}. You can close this window."),
                    )
                    .await
                }
            }
            return Ok(result?);
        }
    }
}

async fn respond(socket: &mut tokio::net::TcpStream, status: u16, message: &str) {
    let escaped = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign-in</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><p>{escaped}</p></body></html>"
    );
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser going away is not the client's problem.
    let _ = socket.write_all(response.as_bytes()).await;
    let _ = socket.shutdown().await;
}

/// Opens `url` in the system browser (best effort: `xdg-open`, `open` or `start`); returns
/// whether a browser could be started.
pub fn open_in_browser(url: &str) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(target_os = "windows") {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}
