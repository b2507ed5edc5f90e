//! The wire form of a [`BearerToken`]: a token endpoint's response (`expires_in`) read, a
//! stored token (`expires_at`) written and read back.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{BearerToken, TokenFields, TokenResponseError};
use crate::secret::{AccessToken, RefreshToken};
use crate::token_type;

/// The wire form: a token response (`expires_in`) or a stored token (`expires_at`).
#[derive(Serialize, Deserialize)]
pub(super) struct Wire {
    access_token: Option<AccessToken>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token_type: Option<String>,
    #[serde(default, skip_serializing)]
    expires_in: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<RefreshToken>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// Where a token's JSON comes from: the server says `expires_in` (an `expires_at` member of
/// its own is just another member), a stored token says `expires_at`, ours.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Server,
    Stored,
}

impl Wire {
    pub(super) fn into_token(
        mut self,
        issued_at: SystemTime,
        source: Source,
    ) -> Result<BearerToken, TokenResponseError> {
        let access_token = self
            .access_token
            .filter(|token| !token.secret().is_empty())
            .ok_or(TokenResponseError::MissingAccessToken)?;
        let stored_expiry = match (source, self.expires_at.take()) {
            (_, None) => None,
            (Source::Server, Some(theirs)) => {
                self.extra.insert("expires_at".to_owned(), theirs);
                None
            }
            (Source::Stored, Some(Value::Null)) => None,
            (Source::Stored, Some(at)) => Some(at.as_u64().ok_or_else(|| unreadable_expiry(&at))?),
        };
        let expires_at = match (stored_expiry, self.expires_in) {
            (Some(at), _) => UNIX_EPOCH.checked_add(Duration::from_secs(at)),
            (None, Some(Value::Null)) | (None, None) => None,
            (None, Some(lifetime)) => issued_at
                .checked_add(parse_expires_in(&lifetime)?)
                .map(whole_seconds),
        };
        Ok(TokenFields {
            access_token,
            token_type: self
                .token_type
                .unwrap_or_else(|| token_type::BEARER.to_owned()),
            expires_at,
            refresh_token: self.refresh_token,
            scope: self.scope,
            id_token: self.id_token,
            extra: self.extra,
            binding: None,
            authorization: OnceLock::new(),
        }
        .into())
    }
}

/// An unreadable `expires_in` (or stored `expires_at`), masked and cut short: a broken
/// server may put anything there, a token included.
fn unreadable_expiry(value: &Value) -> TokenResponseError {
    TokenResponseError::InvalidExpiresIn(crate::redact::excerpt(value.to_string().as_bytes(), 64))
}

/// Drops the sub-second part, so a stored token (whole seconds) loads back equal.
pub(super) fn whole_seconds(at: SystemTime) -> SystemTime {
    at.duration_since(UNIX_EPOCH)
        .map(|since| UNIX_EPOCH + Duration::from_secs(since.as_secs()))
        .unwrap_or(at)
}

/// `expires_in` as a number of seconds: an integer, a float, or a numeric string. A negative
/// lifetime means already expired.
fn parse_expires_in(value: &Value) -> Result<Duration, TokenResponseError> {
    let seconds = match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|seconds| seconds.is_finite())
    .ok_or_else(|| unreadable_expiry(value))?;
    Ok(Duration::try_from_secs_f64(seconds.max(0.0)).unwrap_or(Duration::MAX))
}

impl Serialize for BearerToken {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            access_token: Some(self.inner.access_token.clone()),
            token_type: Some(self.inner.token_type.clone()),
            expires_in: None,
            expires_at: self
                .inner
                .expires_at
                .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
                .map(|since| Value::from(since.as_secs())),
            refresh_token: self.inner.refresh_token.clone(),
            scope: self.inner.scope.clone(),
            id_token: self.inner.id_token.clone(),
            // A server's own `expires_at` member would clash with ours: ours is kept.
            extra: self
                .inner
                .extra
                .iter()
                .filter(|(name, _)| name.as_str() != "expires_at")
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for BearerToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Wire::deserialize(deserializer)?
            .into_token(SystemTime::now(), Source::Stored)
            .map_err(serde::de::Error::custom)
    }
}
