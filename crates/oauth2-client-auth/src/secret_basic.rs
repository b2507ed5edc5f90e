//! `client_secret_basic` (RFC 6749 section 2.3.1): HTTP Basic with the client id and secret.

use async_trait::async_trait;
use base64ct::{Base64, Encoding};
use oauth2_types::{
    AuthenticationContext, ClientAuthError, ClientAuthentication, ClientSecret, FormRequest,
};

/// Sends `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`. Id and secret are
/// form-urlencoded before base64, as RFC 6749 section 2.3.1 says (many clients forget, and
/// break on secrets with `:` or `%`).
///
/// ```
/// use oauth2_client_auth::ClientSecretBasic;
/// use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let auth = ClientSecretBasic::new("s6BhdRkqt3", "gX1fBat3bV");
/// let mut request = FormRequest::new("https://as.example/token".parse()?);
/// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
/// assert_eq!(request.headers["authorization"], "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ClientSecretBasic {
    client_id: String,
    secret: ClientSecret,
}

impl ClientSecretBasic {
    /// Authenticates as `client_id` with `secret`.
    ///
    /// ```
    /// use oauth2_client_auth::ClientSecretBasic;
    /// use oauth2_types::ClientAuthentication;
    /// let auth = ClientSecretBasic::new("s6BhdRkqt3", "gX1fBat3bV");
    /// assert_eq!(auth.client_id(), "s6BhdRkqt3");
    /// assert_eq!(auth.method(), "client_secret_basic");
    /// ```
    pub fn new(client_id: impl Into<String>, secret: impl Into<ClientSecret>) -> Self {
        Self {
            client_id: client_id.into(),
            secret: secret.into(),
        }
    }

    /// The `Authorization` header value.
    fn header(&self) -> Result<http::HeaderValue, http::header::InvalidHeaderValue> {
        let encode = |value: &str| {
            url::form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
        };
        let credentials = format!(
            "{}:{}",
            encode(&self.client_id),
            encode(self.secret.secret())
        );
        let mut value = http::HeaderValue::try_from(format!(
            "Basic {}",
            Base64::encode_string(credentials.as_bytes())
        ))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

#[async_trait]
impl ClientAuthentication for ClientSecretBasic {
    fn client_id(&self) -> &str {
        &self.client_id
    }

    fn method(&self) -> &str {
        "client_secret_basic"
    }

    #[cfg(feature = "jwt")]
    fn secret_mac(&self) -> Option<std::sync::Arc<dyn oauth2_types::ClientSecretMac>> {
        Some(crate::secret_mac::SecretMac::of(&self.secret))
    }

    async fn authenticate(
        &self,
        request: &mut FormRequest,
        _: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        request.headers.insert(
            http::header::AUTHORIZATION,
            self.header()
                .map_err(|err| ClientAuthError::InvalidCredentials(err.to_string()))?,
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_form_urlencoded_before_base64() {
        let auth = ClientSecretBasic::new("my client:1", "s3cr3t:/+&=% é~");
        let header = auth.header().unwrap();
        let encoded = header.to_str().unwrap().strip_prefix("Basic ").unwrap();
        let decoded = String::from_utf8(Base64::decode_vec(encoded).unwrap()).unwrap();
        assert_eq!(decoded, "my+client%3A1:s3cr3t%3A%2F%2B%26%3D%25+%C3%A9%7E");
        assert!(header.is_sensitive());
        assert!(!format!("{auth:?}").contains("s3cr3t"));
    }
}
