//! From what a user types (`mytenant.eu`, `mytenant.eu.auth0.com`, `https://login.example`)
//! to the tenant's domain.

use crate::error::Error;

/// The Auth0 regions whose short tenant names (`mytenant.eu`) get `.auth0.com` appended.
const REGIONS: &[&str] = &["us", "eu", "au", "jp", "uk", "ca"];

/// The domain of the tenant: `name` alone for a US tenant (`mytenant` → `mytenant.auth0.com`),
/// `name.region` for the others (`mytenant.eu` → `mytenant.eu.auth0.com`), any other domain
/// (a custom domain) as it is, and anything after `https://` as it is.
pub(crate) fn tenant_domain(tenant: &str) -> Result<String, Error> {
    let trimmed = tenant.trim().trim_end_matches('/');
    let (explicit, name) = match trimmed.split_once("://") {
        Some(("https", rest)) => (true, rest),
        Some((scheme, _)) => {
            return Err(Error::InvalidTenant(format!(
                "{tenant:?}: Auth0 tenants are served over https, not {scheme} \
                 (for a local or private deployment, use base_url with allow_insecure_http)"
            )));
        }
        None => (false, trimmed),
    };
    let name = name.to_ascii_lowercase();
    check_host(tenant, &name)?;
    let needs_suffix = !explicit
        && !name.ends_with(".auth0.com")
        && match name.split_once('.') {
            None => true,
            Some((_, region)) => REGIONS.contains(&region),
        };
    Ok(if needs_suffix {
        format!("{name}.auth0.com")
    } else {
        name
    })
}

/// `name` is a DNS name: labels of letters, digits and hyphens, no port, path or user.
fn check_host(tenant: &str, name: &str) -> Result<(), Error> {
    let valid_label = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if name.is_empty() || name.len() > 253 || !name.split('.').all(valid_label) {
        return Err(Error::InvalidTenant(format!(
            "{tenant:?} is neither a tenant name (mytenant.eu) nor a domain (mytenant.eu.auth0.com)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::tenant_domain;

    #[test]
    fn short_names_get_the_auth0_domain() {
        assert_eq!(tenant_domain("mytenant").unwrap(), "mytenant.auth0.com");
        assert_eq!(
            tenant_domain("mytenant.eu").unwrap(),
            "mytenant.eu.auth0.com"
        );
        assert_eq!(
            tenant_domain("MyTenant.AU").unwrap(),
            "mytenant.au.auth0.com"
        );
        assert_eq!(
            tenant_domain("mytenant.us").unwrap(),
            "mytenant.us.auth0.com"
        );
    }

    #[test]
    fn full_and_custom_domains_are_kept() {
        for (given, domain) in [
            ("mytenant.eu.auth0.com", "mytenant.eu.auth0.com"),
            ("https://mytenant.eu.auth0.com/", "mytenant.eu.auth0.com"),
            ("login.example.com", "login.example.com"),
            ("auth.example", "auth.example"),
            // https:// says "this is the domain", even when it looks like a short name.
            ("https://acme.eu", "acme.eu"),
        ] {
            assert_eq!(tenant_domain(given).unwrap(), domain, "{given}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for given in [
            "",
            "http://mytenant.eu.auth0.com",
            "mytenant.eu.auth0.com/path",
            "mytenant.eu.auth0.com:8443",
            "user@mytenant.eu",
            "my tenant",
            "-bad.eu",
            "a..b",
            "mytenant.eu?x=1",
        ] {
            assert!(tenant_domain(given).is_err(), "{given:?} was accepted");
        }
    }
}
