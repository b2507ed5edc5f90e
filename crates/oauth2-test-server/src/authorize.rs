//! Following an authorization request through the server's redirects, as a browser would.

use crate::Error;

/// The most redirects followed.
const MAX_HOPS: usize = 12;

/// Where following an authorization request ended.
enum Followed {
    /// A redirect to the loopback callback.
    Callback(url::Url),
    /// A page that is not a redirect, with its URL, status and body.
    Page(url::Url, reqwest::StatusCode, String),
}

/// Follows `authorization_url` with a cookie jar until the server redirects to a loopback
/// `/callback` URL, and returns that URL (with `code`, `state`, `iss`, or `error`). The local
/// server logs the test user in and consents by itself.
pub async fn complete_authorization(authorization_url: &url::Url) -> Result<url::Url, Error> {
    match follow(authorization_url).await? {
        Followed::Callback(url) => Ok(url),
        Followed::Page(url, status, body) => Err(Error::Authorization(format!(
            "{url} answered {status} without a redirect: {}",
            page_text(&body)
        ))),
    }
}

/// The response of a `response_mode=form_post` authorization request: the form the server's
/// page would have the browser POST to the redirect URI.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FormPost {
    /// Where the form goes: the redirect URI.
    pub action: url::Url,
    /// The fields (`code`, `state`, `iss`, or `error`).
    pub fields: Vec<(String, String)>,
}

/// Follows an authorization request made with `response_mode=form_post` through login and
/// consent, and returns the form that the server's last page posts to the redirect URI (a
/// browser would submit it by script; the caller POSTs it).
pub async fn complete_form_post_authorization(
    authorization_url: &url::Url,
) -> Result<FormPost, Error> {
    match follow(authorization_url).await? {
        Followed::Page(url, status, body) if status.is_success() => {
            let action = form_action(&body, &url).ok_or_else(|| {
                Error::Authorization(format!("no form on the page: {}", page_text(&body)))
            })?;
            Ok(FormPost {
                action,
                fields: inputs(&body),
            })
        }
        Followed::Page(url, status, body) => Err(Error::Authorization(format!(
            "{url} answered {status}: {}",
            page_text(&body)
        ))),
        Followed::Callback(url) => Err(Error::Authorization(format!(
            "the server redirected to {url} instead of posting a form"
        ))),
    }
}

/// Follows the server's redirects with a cookie jar until the loopback callback or a page.
async fn follow(authorization_url: &url::Url) -> Result<Followed, Error> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|err| Error::Authorization(err.to_string()))?;
    let mut url = authorization_url.clone();
    for _ in 0..MAX_HOPS {
        let response = client
            .get(url.clone())
            .send()
            .await
            .map_err(|err| Error::Authorization(format!("GET {url}: {err}")))?;
        let status = response.status();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let Some(location) = location.filter(|_| status.is_redirection()) else {
            let body = response.text().await.unwrap_or_default();
            return Ok(Followed::Page(url, status, body));
        };
        let next = url
            .join(&location)
            .map_err(|err| Error::Authorization(format!("bad Location {location:?}: {err}")))?;
        let is_callback = next.host_str() == Some("127.0.0.1")
            && next.path().ends_with("/callback")
            && next.port_or_known_default() != authorization_url.port_or_known_default();
        if is_callback {
            return Ok(Followed::Callback(next));
        }
        url = next;
    }
    Err(Error::Authorization(format!(
        "more than {MAX_HOPS} redirects"
    )))
}

/// The text of an HTML error page, without tags, styles and blank space.
fn page_text(html: &str) -> String {
    let body = html.split("</style>").last().unwrap_or(html);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(600)
        .collect()
}

/// The attributes of every `<input>` of a form page.
fn inputs(html: &str) -> Vec<(String, String)> {
    html.split("<input")
        .skip(1)
        .filter_map(|tag| {
            let tag = tag.split('>').next()?;
            let attribute = |name: &str| {
                let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
                let end = tag[start..].find('"')? + start;
                Some(tag[start..end].to_owned())
            };
            Some((
                attribute("name")?,
                attribute("value")
                    .map(|value| unescape(&value))
                    .unwrap_or_default(),
            ))
        })
        .collect()
}

fn form_action(html: &str, base: &url::Url) -> Option<url::Url> {
    let start = html.find("action=\"")? + "action=\"".len();
    let end = html[start..].find('"')? + start;
    base.join(&unescape(&html[start..end])).ok()
}

/// An attribute value with the entities oidc-provider's pages escape turned back.
fn unescape(value: &str) -> String {
    value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Plays the user of the device flow (RFC 8628): opens `verification_uri_complete`, confirms
/// the code (or aborts it when `approve` is false), and goes through login and consent (done by
/// the server's test interactions).
pub async fn complete_device_authorization(
    verification_uri_complete: &url::Url,
    approve: bool,
) -> Result<(), Error> {
    let fail = |what: &str| Error::Authorization(format!("device flow: {what}"));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|err| Error::Authorization(err.to_string()))?;
    let get = |url: url::Url| client.get(url).send();
    // The code entry page, prefilled, then the confirmation page.
    let page = get(verification_uri_complete.clone())
        .await
        .map_err(|err| Error::Authorization(err.to_string()))?
        .text()
        .await
        .map_err(|err| Error::Authorization(err.to_string()))?;
    let mut html = page;
    for step in 0..2 {
        let action =
            form_action(&html, verification_uri_complete).ok_or_else(|| fail("no form"))?;
        let mut fields = inputs(&html);
        if step == 1 && !approve {
            fields.retain(|(name, _)| name != "confirm");
            fields.push(("abort".into(), "yes".into()));
        }
        let response = client
            .post(action.clone())
            .form(&fields)
            .send()
            .await
            .map_err(|err| Error::Authorization(err.to_string()))?;
        if response.status().is_redirection() || step == 1 {
            // Login and consent, then the success (or abort) page.
            let mut next = response;
            let mut url = action;
            for _ in 0..MAX_HOPS {
                let Some(location) = next
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned)
                else {
                    return Ok(());
                };
                url = url
                    .join(&location)
                    .map_err(|err| Error::Authorization(err.to_string()))?;
                next = get(url.clone())
                    .await
                    .map_err(|err| Error::Authorization(err.to_string()))?;
            }
            return Err(fail("too many redirects"));
        }
        html = response
            .text()
            .await
            .map_err(|err| Error::Authorization(err.to_string()))?;
    }
    Ok(())
}
