//! The loopback redirect of native and command-line apps (RFC 8252 section 7.3): listen on
//! 127.0.0.1, take exactly one callback, answer the browser with a small page. The callback
//! is a `GET` with the response in the query, or, with `response_mode=form_post`, a `POST`
//! with the response as a form body; both get the same checks. A callback without this
//! sign-in's `state` is refused and the wait goes on: nobody else can end it.

use std::net::IpAddr;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use oauth2_pkce_par_jar::{AuthorizationResponse, CallbackError, PendingAuthorization};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::{Host, Url};

/// How long a connection may take to send its whole request: the head, and the body of a
/// `form_post`. Connections are read concurrently, so an idle or slow one (a browser's
/// preconnect) never holds up the callback.
///
/// ```
/// assert_eq!(oauth2_grants::CONNECTION_READ_TIMEOUT, std::time::Duration::from_secs(5));
/// ```
pub const CONNECTION_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// The largest `form_post` body read: a code, state and `iss` take a few hundred bytes.
const MAX_FORM: usize = 64 * 1024;

/// The largest body of a refused POST read and thrown away before the refusal: closing a
/// connection with unread bytes resets it, and the browser would show the reset, not the
/// page. A larger body is not read; its sender may see the reset.
const MAX_DISCARDED_BODY: usize = 1024 * 1024;

/// Why no authorization response came back.
///
/// ```
/// use std::time::Duration;
/// let err = oauth2_grants::LoopbackError::Timeout(Duration::from_secs(300));
/// assert_eq!(err.to_string(), "no callback within 300s");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoopbackError {
    /// The listener failed.
    #[error("loopback listener: {0}")]
    Io(#[from] std::io::Error),
    /// No callback came in time.
    #[error("no callback within {0:?}")]
    Timeout(Duration),
    /// The callback, carrying this sign-in's `state`, was refused (`iss`, an error from the
    /// server...).
    #[error(transparent)]
    Callback(#[from] CallbackError),
    /// The redirect URL cannot be listened on: not `http`, no port, or a host that is not
    /// the loopback interface (`127.0.0.1`, `[::1]` or `localhost`).
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_grants::LoopbackError> {
    /// let loopback = oauth2_grants::LoopbackRedirect::bind().await?;
    /// assert!(loopback.redirect_uri().starts_with("http://127.0.0.1:"));
    /// # Ok(()) }
    /// ```
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

    /// Listens on the host and port of `redirect_uri`, a loopback `http` URL: any other host
    /// (a LAN address, `0.0.0.0`, a domain name other than `localhost`) is refused, so the
    /// callback never listens beyond this machine.
    ///
    /// ```
    /// # async fn demo() {
    /// use oauth2_grants::{LoopbackError, LoopbackRedirect};
    /// let url = "http://0.0.0.0:8400/callback".parse().unwrap();
    /// assert!(matches!(LoopbackRedirect::bind_to(&url).await, Err(LoopbackError::Url(_))));
    /// # }
    /// ```
    pub async fn bind_to(redirect_uri: &Url) -> Result<Self, LoopbackError> {
        let refused = || LoopbackError::Url(redirect_uri.to_string());
        let (Some(host), Some(port), "http") = (
            redirect_uri.host(),
            redirect_uri.port_or_known_default(),
            redirect_uri.scheme(),
        ) else {
            return Err(refused());
        };
        let ip: IpAddr = match host {
            Host::Ipv4(ip) if ip.is_loopback() => ip.into(),
            Host::Ipv6(ip) if ip.is_loopback() => ip.into(),
            Host::Domain(name) if name.eq_ignore_ascii_case("localhost") => {
                std::net::Ipv4Addr::LOCALHOST.into()
            }
            _ => return Err(refused()),
        };
        let listener = TcpListener::bind((ip, port)).await?;
        Ok(Self {
            listener,
            redirect_uri: redirect_uri.clone(),
        })
    }

    /// The redirect URI to send in the authorization request.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_grants::LoopbackError> {
    /// let loopback = oauth2_grants::LoopbackRedirect::bind().await?;
    /// assert!(loopback.redirect_uri().ends_with("/callback"));
    /// # Ok(()) }
    /// ```
    pub fn redirect_uri(&self) -> &str {
        self.redirect_uri.as_str()
    }

    /// Waits for the callback (other paths, such as `/favicon.ico`, get a 404), validates it
    /// against `pending`, tells the browser whether it worked, and returns the response. The
    /// callback is a `GET` (response in the query) or a form `POST` (`response_mode=form_post`,
    /// an `application/x-www-form-urlencoded` body of at most 64 KiB with one
    /// `Content-Length` and no `Transfer-Encoding`); other methods get a 405, other POSTs a
    /// 4xx or 501, a callback without this sign-in's `state` a 400, and the wait goes on.
    ///
    /// ```
    /// use std::time::Duration;
    /// use oauth2_grants::{LoopbackError, LoopbackRedirect};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let loopback = LoopbackRedirect::bind().await?;
    /// let request = oauth2_pkce_par_jar::AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .redirect_uri(loopback.redirect_uri())
    ///     .build()?;
    /// let waited = loopback.wait(request.pending(), Duration::from_millis(50)).await;
    /// assert!(matches!(waited, Err(LoopbackError::Timeout(_)))); // nobody came back
    /// # Ok(()) }
    /// ```
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
        let mut reading = FuturesUnordered::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let (socket, _) = accepted?;
                    reading.push(read_request(socket));
                }
                Some(read) = reading.next(), if !reading.is_empty() => {
                    // A connection that failed or stayed silent is dropped.
                    let Some((mut socket, request)) = read else { continue };
                    if let Some(result) = self.answer(&mut socket, &request, pending).await {
                        return result;
                    }
                }
            }
        }
    }

    /// Answers one request: `None` for a request that is not the callback (400, 404, 405...).
    async fn answer(
        &self,
        socket: &mut TcpStream,
        request: &Request,
        pending: &PendingAuthorization,
    ) -> Option<Result<AuthorizationResponse, LoopbackError>> {
        let (target, form) = match request {
            Request::Get(target) => (target, None),
            Request::FormPost { target, body } => (target, Some(body)),
            Request::Refused(status) => {
                respond(socket, *status, "Not a sign-in callback").await;
                return None;
            }
        };
        let Ok(url) = self.redirect_uri.join(target) else {
            respond(socket, 400, "Bad request").await;
            return None;
        };
        if url.path() != self.redirect_uri.path() {
            respond(socket, 404, "Not found").await;
            return None;
        }
        // The same checks (state, iss, error) for the query and for a form_post body.
        let result = match form {
            Some(body) => pending.validate_query(body),
            None => pending.validate_callback(&url),
        };
        match &result {
            Ok(_) => {
                respond(
                    socket,
                    200,
                    "Signed in. You can close this window and return to the application.",
                )
                .await
            }
            Err(err) => {
                respond(
                    socket,
                    400,
                    &format!("Sign-in failed: {err}. You can close this window."),
                )
                .await
            }
        }
        // A callback without our state is not our authorization's answer: any page or local
        // process can send one (a cross-site form POST needs no preflight), and ending the
        // wait on it would let them abort the sign-in. It is refused and the wait goes on.
        if matches!(
            result,
            Err(CallbackError::MissingState | CallbackError::StateMismatch { .. })
        ) {
            tracing::warn!("refused a loopback callback without this sign-in's state");
            return None;
        }
        Some(result.map_err(LoopbackError::from))
    }
}

/// A request to the listener, as read.
enum Request {
    /// `GET target`: the response is in the query (the default response mode).
    Get(String),
    /// `POST target` with a form body: `response_mode=form_post` (OAuth 2.0 Form Post
    /// Response Mode), the response in the body.
    FormPost { target: String, body: String },
    /// Neither: answered with this status, and the wait goes on.
    Refused(u16),
}

/// The end of the request head, just past its blank line.
fn head_end(buffer: &[u8]) -> Option<usize> {
    buffer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map(|at| at + 4)
}

/// Reads a request (head, and the body of a form POST) within [`CONNECTION_READ_TIMEOUT`];
/// returns the socket and the request, or `None` for a connection that failed, closed before
/// a whole request, or stayed silent.
async fn read_request(mut socket: TcpStream) -> Option<(TcpStream, Request)> {
    let read = async {
        let mut buffer = Vec::with_capacity(4096);
        let mut chunk = [0u8; 4096];
        while head_end(&buffer).is_none() && buffer.len() < MAX_HEAD {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            buffer.extend_from_slice(&chunk[..n]);
        }
        let end = head_end(&buffer);
        let head = String::from_utf8_lossy(&buffer[..end.unwrap_or(buffer.len())]).into_owned();
        let mut request_line = head.lines().next()?.split(' ');
        let (method, target) = (request_line.next()?, request_line.next()?.to_owned());
        match (method, end) {
            // A GET's head cut at MAX_HEAD still has its request line.
            ("GET", _) => Some(Request::Get(target)),
            ("POST", Some(end)) => {
                let body = buffer.split_off(end);
                Some(read_form(&mut socket, &head, target, body).await)
            }
            ("POST", None) => Some(Request::Refused(400)),
            _ => Some(Request::Refused(405)),
        }
    };
    let request = tokio::time::timeout(CONNECTION_READ_TIMEOUT, read)
        .await
        .ok()??;
    Some((socket, request))
}

/// Reads the form body of a POST whose head is `head` (`body` holds what came with the
/// head): `application/x-www-form-urlencoded`, with one `Content-Length` (RFC 9112 section
/// 6.3: several that differ, or a `Transfer-Encoding`, would let a proxy and this listener
/// disagree on where the body ends) of at most [`MAX_FORM`].
async fn read_form(
    socket: &mut TcpStream,
    head: &str,
    target: String,
    mut body: Vec<u8>,
) -> Request {
    let headers: Vec<(&str, &str)> = head
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim(), value.trim()))
        })
        .collect();
    let values = |name: &'static str| {
        headers
            .iter()
            .filter(move |(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    };
    // A browser's form post has a `Content-Length`; no transfer coding is implemented.
    if values("transfer-encoding").next().is_some() {
        return Request::Refused(501);
    }
    let length = match content_length(values("content-length")) {
        Ok(Some(length)) => length,
        Ok(None) => return Request::Refused(411),
        Err(()) => return Request::Refused(400),
    };
    let is_form = values("content-type").next().is_some_and(|value| {
        value.split(';').next().is_some_and(|media| {
            media
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    });
    let refusal = if !is_form {
        Some(415)
    } else if length > MAX_FORM {
        Some(413)
    } else {
        None
    };
    if let Some(status) = refusal {
        if length <= MAX_DISCARDED_BODY {
            discard(socket, length.saturating_sub(body.len())).await;
        }
        return Request::Refused(status);
    }
    let mut chunk = [0u8; 4096];
    while body.len() < length {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return Request::Refused(400),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    body.truncate(length);
    match String::from_utf8(body) {
        Ok(body) => Request::FormPost { target, body },
        Err(_) => Request::Refused(400),
    }
}

/// Reads and throws away the `remaining` bytes of a refused body (see
/// [`MAX_DISCARDED_BODY`]), or fewer if the sender stops.
async fn discard(socket: &mut TcpStream, mut remaining: usize) {
    let mut chunk = [0u8; 4096];
    while remaining > 0 {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => remaining = remaining.saturating_sub(n),
        }
    }
}

/// The length the `Content-Length` headers (`values`) say: `None` without one; an error for
/// a value that is not all digits (`+5`, `-1`, `5abc`) or values that differ, within one
/// header (`5, 6`) or across several.
fn content_length<'a>(values: impl Iterator<Item = &'a str>) -> Result<Option<usize>, ()> {
    let mut length = None;
    for item in values.flat_map(|value| value.split(',')) {
        let item = item.trim();
        if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        let item: usize = item.parse().map_err(|_| ())?;
        if length.is_some_and(|length| length != item) {
            return Err(());
        }
        length = Some(item);
    }
    Ok(length)
}

async fn respond(socket: &mut TcpStream, status: u16, message: &str) {
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
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        501 => "Not Implemented",
        _ => "Bad Request",
    };
    // RFC 9110 section 15.5.6: a 405 lists the methods the target takes.
    let allow = if status == 405 {
        "allow: GET, POST\r\n"
    } else {
        ""
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\n{allow}content-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser going away is not the client's problem.
    let _ = socket.write_all(response.as_bytes()).await;
    let _ = socket.shutdown().await;
}

/// Opens `url` in the system browser (best effort: `xdg-open`, `open`, or on Windows
/// `rundll32 url.dll,FileProtocolHandler`, which takes the URL as one argument: `cmd /C start`
/// would cut it at the first `&`); returns whether a browser could be started.
///
/// ```no_run
/// if !oauth2_grants::open_in_browser("https://as.example/authorize?client_id=c") {
///     eprintln!("open this URL in a browser: https://as.example/authorize?client_id=c");
/// }
/// ```
pub fn open_in_browser(url: &str) -> bool {
    browser_command(std::env::consts::OS, url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

/// The command that opens `url` on `os` (as in `std::env::consts::OS`).
fn browser_command(os: &str, url: &str) -> std::process::Command {
    let mut command = match os {
        "macos" => std::process::Command::new("open"),
        "windows" => {
            let mut command = std::process::Command::new("rundll32");
            command.arg("url.dll,FileProtocolHandler");
            command
        }
        _ => std::process::Command::new("xdg-open"),
    };
    command.arg(url);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_gets_the_whole_url_as_one_argument() {
        let url = "https://as.example/authorize?client_id=c&state=s&scope=openid%20email";
        for (os, program) in [
            ("windows", "rundll32"),
            ("macos", "open"),
            ("linux", "xdg-open"),
        ] {
            let command = browser_command(os, url);
            assert_eq!(command.get_program(), program);
            let args: Vec<&std::ffi::OsStr> = command.get_args().collect();
            assert_eq!(args.last(), Some(&std::ffi::OsStr::new(url)), "{os}");
            assert!(
                args.iter().all(|arg| *arg != "/C" && *arg != "start"),
                "{os}: no shell that splits at &"
            );
        }
    }
}
