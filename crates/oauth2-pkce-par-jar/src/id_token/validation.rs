//! The validation of an ID token (OpenID Connect Core 3.1.3.7): signature, then claims.

use std::time::{SystemTime, UNIX_EPOCH};

use oauth2_jose::{Algorithm, Jwks, jws};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::{IdTokenError, IdTokenExpectations};

impl IdTokenExpectations {
    /// Checks `id_token` against `jwks` and these expectations; returns its claims.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, HmacKey, Jwks, jws};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let claims = serde_json::json!({"iss": "https://as.example", "sub": "alice", "aud": "c",
    ///     "exp": 4_000_000_000u64, "iat": 1_700_000_000u64});
    /// let token = jws::encode(&jws::Header::new(), &claims, &HmacKey::new("secret")).await?;
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .algorithms([Algorithm::HS256])
    ///     .client_secret("secret");
    /// assert_eq!(expect.validate(&token, &Jwks::default())?["sub"], "alice");
    /// # Ok(()) }) }
    /// ```
    pub fn validate(
        &self,
        id_token: &str,
        jwks: &Jwks,
    ) -> Result<Map<String, Value>, IdTokenError> {
        let provider = match self.crypto_provider {
            Some(provider) => provider,
            None => oauth2_jose::CryptoProvider::get_default()?,
        };
        let decoded = match (
            &self.client_secret,
            self.algorithms.contains(&Algorithm::HS256),
        ) {
            (Some(key), true)
                if jws::decode_unverified(id_token)?.header.get("alg")
                    == Some(&Value::from("HS256")) =>
            {
                key.verify(id_token, provider)?
            }
            _ => {
                let asymmetric: Vec<Algorithm> = self
                    .algorithms
                    .iter()
                    .copied()
                    .filter(|alg| alg.is_asymmetric())
                    .collect();
                jws::verify_with_jwks_using(provider, id_token, jwks, &asymmetric)?
            }
        };
        let alg = decoded.algorithm()?;
        let claims = decoded
            .claims()
            .map_err(|_| IdTokenError::Claim("payload"))?;
        self.check_claims(&claims, alg)?;
        Ok(claims)
    }

    fn check_claims(
        &self,
        claims: &Map<String, Value>,
        alg: Algorithm,
    ) -> Result<(), IdTokenError> {
        let now = self
            .now
            .unwrap_or_else(SystemTime::now)
            .duration_since(UNIX_EPOCH)
            .map_err(|_| IdTokenError::Claim("clock"))?
            .as_secs();
        let leeway = self.leeway.as_secs();
        let string = |name: &'static str| {
            claims
                .get(name)
                .and_then(Value::as_str)
                .ok_or(IdTokenError::Claim(name))
        };
        let number = |name: &'static str| {
            claims
                .get(name)
                .and_then(Value::as_u64)
                .ok_or(IdTokenError::Claim(name))
        };

        let iss = string("iss")?;
        let issuer_matches = match &self.issuer_template {
            Some(template) => template.fill(&self.issuer, claims).as_deref() == Some(iss),
            None => iss == self.issuer,
        };
        if !issuer_matches {
            return Err(IdTokenError::Issuer {
                expected: self.issuer.clone(),
                received: iss.to_owned(),
            });
        }
        string("sub")?;
        let audiences: Vec<&str> = match claims.get("aud") {
            Some(Value::String(aud)) => vec![aud.as_str()],
            Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).collect(),
            _ => return Err(IdTokenError::Claim("aud")),
        };
        if !audiences.contains(&self.client_id.as_str()) {
            return Err(IdTokenError::AudienceMismatch {
                expected: self.client_id.clone(),
                received: audiences.into_iter().map(str::to_owned).collect(),
            });
        }
        match claims.get("azp") {
            Some(Value::String(azp)) if *azp == self.client_id => {}
            Some(Value::String(azp)) => {
                return Err(IdTokenError::AzpMismatch {
                    expected: self.client_id.clone(),
                    received: azp.clone(),
                });
            }
            Some(_) => return Err(IdTokenError::Claim("azp")),
            None if audiences.len() > 1 => return Err(IdTokenError::AzpMissing),
            None => {}
        }
        if number("exp")?.saturating_add(leeway) <= now {
            return Err(IdTokenError::Expired);
        }
        if number("iat")? > now.saturating_add(leeway) {
            return Err(IdTokenError::IssuedInFuture);
        }
        if let Some(expected) = &self.nonce {
            let nonce = claims.get("nonce").ok_or(IdTokenError::NonceMissing)?;
            let matches = nonce.as_str().is_some_and(|nonce| {
                oauth2_types::constant_time_eq(nonce.as_bytes(), expected.as_bytes())
            });
            if !matches {
                return Err(IdTokenError::NonceMismatch);
            }
        }
        if let Some(max_age) = self.max_age {
            let auth_time = number("auth_time").map_err(|_| IdTokenError::AuthTime)?;
            if auth_time.saturating_add(max_age).saturating_add(leeway) < now {
                return Err(IdTokenError::AuthTime);
            }
        }
        if let Some(essential) = &self.essential_acr {
            let acr = claims
                .get("acr")
                .and_then(Value::as_str)
                .ok_or(IdTokenError::Acr)?;
            if !essential.iter().any(|value| value == acr) {
                return Err(IdTokenError::Acr);
            }
        }
        for (claim, value) in [("at_hash", &self.access_token), ("c_hash", &self.code)] {
            if let (Some(hash), Some(value)) = (claims.get(claim).and_then(Value::as_str), value)
                && hash != half_hash(alg, value)
            {
                return Err(IdTokenError::Hash(claim));
            }
        }
        Ok(())
    }
}

/// `at_hash` / `c_hash`: base64url of the left half of the hash the signature uses.
///
/// ```
/// // OpenID Connect Core, appendix A.3.
/// use oauth2_jose::Algorithm;
/// assert_eq!(oauth2_pkce_par_jar::half_hash(Algorithm::RS256, "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
///            "77QmUPtjPfzWtF2AnpK9RQ");
/// ```
pub fn half_hash(alg: Algorithm, value: &str) -> String {
    let digest: Vec<u8> = match alg {
        Algorithm::ES384 => Sha384::digest(value.as_bytes()).to_vec(),
        Algorithm::EdDSA => Sha512::digest(value.as_bytes()).to_vec(),
        _ => Sha256::digest(value.as_bytes()).to_vec(),
    };
    oauth2_jose::base64url(&digest[..digest.len() / 2])
}
