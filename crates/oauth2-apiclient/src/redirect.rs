//! Redirects of authorized requests, decided without I/O: a pure function of the status, the
//! `Location` and the request, so that it can move into a sans-IO driver as it is.
//!
//! Only same-origin redirects are followed, each hop authorized afresh for its own URL; a
//! redirect to another origin is never followed, so neither the token nor a DPoP proof goes
//! there. Methods and bodies change as browsers change them (the Fetch standard).

use http::{HeaderValue, Method, StatusCode};
use url::Url;

/// How many redirects one authorized request follows at most.
///
/// ```
/// assert_eq!(oauth2_apiclient::MAX_REDIRECTS, 10);
/// ```
pub const MAX_REDIRECTS: usize = 10;

/// What to do with a response, as far as redirects go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Redirect {
    /// Not a redirect to follow: not a 3xx that redirects, or no usable `Location`.
    None,
    /// A redirect to another origin: never followed, the response is the answer.
    CrossOrigin(Url),
    /// A same-origin redirect: send the request again to `url` with `method`, with its body
    /// (`keep_body`) or without it (a POST turned into a GET).
    Follow {
        /// Where to.
        url: Url,
        /// With which method.
        method: Method,
        /// Whether the body goes along.
        keep_body: bool,
    },
}

/// Decides what a response with `status` and `location` means for a `method` request that
/// was sent to `url`.
pub(crate) fn decide(
    status: StatusCode,
    location: Option<&HeaderValue>,
    url: &Url,
    method: &Method,
) -> Redirect {
    let next_method = match status.as_u16() {
        // A POST becomes a GET (Fetch, "HTTP-redirect fetch", step 12).
        301 | 302 if *method == Method::POST => Method::GET,
        301 | 302 | 307 | 308 => method.clone(),
        303 if *method == Method::GET || *method == Method::HEAD => method.clone(),
        303 => Method::GET,
        _ => return Redirect::None,
    };
    let Some(next) = location
        .and_then(|location| location.to_str().ok())
        .and_then(|location| url.join(location).ok())
    else {
        return Redirect::None;
    };
    if next.origin() != url.origin() {
        return Redirect::CrossOrigin(next);
    }
    Redirect::Follow {
        keep_body: next_method == *method,
        url: next,
        method: next_method,
    }
}

/// The request of the next hop, made from a copy of the previous one. The authorization it
/// carries is replaced when the hop is authorized for its own URL.
pub(crate) fn next_request(
    mut request: reqwest::Request,
    url: Url,
    method: Method,
    keep_body: bool,
) -> reqwest::Request {
    *request.url_mut() = url;
    *request.method_mut() = method;
    if !keep_body {
        *request.body_mut() = None;
        let headers = request.headers_mut();
        for name in [
            http::header::CONTENT_TYPE,
            http::header::CONTENT_LENGTH,
            http::header::CONTENT_ENCODING,
            http::header::CONTENT_LANGUAGE,
            http::header::CONTENT_LOCATION,
            http::header::TRANSFER_ENCODING,
        ] {
            headers.remove(name);
        }
    }
    request
}

/// A URL as it may be logged or shown in an error: origin and path, without the query or
/// fragment (which may carry anything).
pub(crate) fn shown(url: &Url) -> String {
    oauth2_types::redact::url(url.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide_for(status: u16, location: &str, method: Method) -> Redirect {
        let url = Url::parse("https://api.example/v1/orders?x=1").unwrap();
        let location = HeaderValue::from_str(location).unwrap();
        decide(
            StatusCode::from_u16(status).unwrap(),
            Some(&location),
            &url,
            &method,
        )
    }

    fn follow(url: &str, method: Method, keep_body: bool) -> Redirect {
        Redirect::Follow {
            url: Url::parse(url).unwrap(),
            method,
            keep_body,
        }
    }

    #[test]
    fn methods_and_bodies_change_as_in_browsers() {
        let next = "https://api.example/v1/new";
        for (status, method, expected) in [
            (301, Method::POST, follow(next, Method::GET, false)),
            (302, Method::POST, follow(next, Method::GET, false)),
            (302, Method::PUT, follow(next, Method::PUT, true)),
            (303, Method::POST, follow(next, Method::GET, false)),
            (303, Method::DELETE, follow(next, Method::GET, false)),
            (303, Method::HEAD, follow(next, Method::HEAD, true)),
            (307, Method::POST, follow(next, Method::POST, true)),
            (308, Method::PATCH, follow(next, Method::PATCH, true)),
            (302, Method::GET, follow(next, Method::GET, true)),
        ] {
            assert_eq!(
                decide_for(status, "new", method.clone()),
                expected,
                "{status} {method}"
            );
        }
    }

    #[test]
    fn other_origins_are_never_followed() {
        for location in [
            "https://evil.example/v1/new",
            "http://api.example/v1/new",
            "https://api.example:8443/v1/new",
            "//evil.example/x",
            "ftp://api.example/x",
        ] {
            assert!(
                matches!(
                    decide_for(307, location, Method::GET),
                    Redirect::CrossOrigin(_)
                ),
                "{location}"
            );
        }
        assert_eq!(
            decide_for(307, "https://API.example:443/v1/new", Method::GET),
            follow("https://api.example/v1/new", Method::GET, true)
        );
    }

    #[test]
    fn other_statuses_and_missing_locations_stop() {
        for status in [200, 300, 304, 305, 306, 401] {
            assert_eq!(decide_for(status, "new", Method::GET), Redirect::None);
        }
        let url = Url::parse("https://api.example/").unwrap();
        assert_eq!(
            decide(StatusCode::FOUND, None, &url, &Method::GET),
            Redirect::None
        );
        let bad = HeaderValue::from_bytes(b"\xffnew").unwrap();
        assert_eq!(
            decide(StatusCode::FOUND, Some(&bad), &url, &Method::GET),
            Redirect::None
        );
    }

    #[test]
    fn a_hop_without_body_loses_its_content_headers() {
        let mut request =
            reqwest::Request::new(Method::POST, Url::parse("https://api.example/a").unwrap());
        *request.body_mut() = Some("payload".into());
        request.headers_mut().insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain"),
        );
        request
            .headers_mut()
            .insert("x-trace", HeaderValue::from_static("1"));
        let next = next_request(
            request,
            Url::parse("https://api.example/b").unwrap(),
            Method::GET,
            false,
        );
        assert_eq!(next.method(), Method::GET);
        assert_eq!(next.url().as_str(), "https://api.example/b");
        assert!(next.body().is_none());
        assert!(!next.headers().contains_key(http::header::CONTENT_TYPE));
        assert_eq!(next.headers()["x-trace"], "1");
    }

    #[test]
    fn shown_urls_have_no_query() {
        let url = Url::parse("https://api.example/v1/x?token=secret#frag").unwrap();
        assert_eq!(shown(&url), "https://api.example/v1/x");
    }
}
