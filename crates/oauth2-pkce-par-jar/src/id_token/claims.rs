//! The claims of an ID token: the standard ones typed (OpenID Connect Core 2 and 5.1) and
//! the rest kept as they came.

use oauth2_types::redact::Redacted;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// The claims of an ID token: those OpenID Connect Core defines, typed (times in seconds
/// since the epoch), and every other in [`extra`](Self::extra). Read from a validated
/// [`IdToken`](crate::IdToken), an optional claim of another type than the standard's (an
/// ISO date as `updated_at`, `"true"` as `email_verified`) stays in `extra` as it came
/// rather than failing the token.
///
/// ```
/// let claims: oauth2_pkce_par_jar::IdTokenClaims = serde_json::from_str(r#"{"iss":"https://as.example",
///   "sub":"alice","aud":["c","api"],"exp":4000000000,"iat":1700000000,"amr":["pwd","otp"],"tid":"t1"}"#)?;
/// assert_eq!(claims.aud, ["c", "api"]);
/// assert_eq!(claims.amr.as_deref(), Some(&["pwd".to_owned(), "otp".to_owned()][..]));
/// assert_eq!(claims.extra["tid"], "t1");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdTokenClaims {
    /// Issuer.
    pub iss: String,
    /// Subject: the user, unique within the issuer.
    pub sub: String,
    /// Audiences (one string or an array in the token).
    #[serde(deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    /// Expiry.
    pub exp: u64,
    /// Issued at.
    pub iat: u64,
    /// When the user authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<u64>,
    /// The nonce of the authorization request (a secret: redacted in `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Authentication context class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// Authentication methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amr: Option<Vec<String>>,
    /// Authorized party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// Session id (front- and back-channel logout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Casual name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// The name the user wants to be called by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// Profile page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Web page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the email address was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Birthdate (`YYYY-MM-DD`, or `YYYY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// Time zone (`Europe/Paris`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoneinfo: Option<String>,
    /// Locale (`fr-FR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Whether the phone number was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    /// When the profile was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<u64>,
    /// Every other claim (`at_hash`, `c_hash`, `address`, the server's own...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The claims every ID token has (OpenID Connect Core 2): the ones whose type must be right.
const REQUIRED: [&str; 5] = ["iss", "sub", "aud", "exp", "iat"];

impl IdTokenClaims {
    /// The claims of a validated ID token's payload. An optional standard claim of another
    /// type than OpenID Connect's (an ISO date as `updated_at`, the string `"true"` as
    /// `email_verified`: real servers send both) is kept in [`extra`](Self::extra) as it
    /// came instead of failing the whole token; `None` only when a required claim is
    /// missing or mistyped.
    pub(crate) fn from_payload(payload: &Map<String, Value>) -> Option<Self> {
        let parse =
            |claims: Map<String, Value>| serde_json::from_value::<Self>(Value::Object(claims));
        if let Ok(claims) = parse(payload.clone()) {
            return Some(claims);
        }
        let required: Map<String, Value> = payload
            .iter()
            .filter(|(name, _)| REQUIRED.contains(&name.as_str()))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        parse(required.clone()).ok()?;
        // Each optional claim alone beside the required ones: those that do not fit their
        // type go to `extra`.
        let (fitting, misfits): (Map<String, Value>, Map<String, Value>) = payload
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .partition(|(name, value)| {
                let mut probe = required.clone();
                probe.insert(name.clone(), value.clone());
                parse(probe).is_ok()
            });
        let mut claims = parse(fitting).ok()?;
        claims.extra.extend(misfits);
        Some(claims)
    }
}

/// The nonce is redacted, and only the names of the other claims are shown.
impl std::fmt::Debug for IdTokenClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTokenClaims")
            .field("iss", &self.iss)
            .field("sub", &self.sub)
            .field("aud", &self.aud)
            .field("exp", &self.exp)
            .field("iat", &self.iat)
            .field("auth_time", &self.auth_time)
            .field("nonce", &self.nonce.as_ref().map(|_| Redacted))
            .field("acr", &self.acr)
            .field("amr", &self.amr)
            .field("azp", &self.azp)
            .field("sid", &self.sid)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// `aud`: one string or an array of strings.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}
