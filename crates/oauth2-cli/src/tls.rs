//! The TLS flags: `--cacert` adds trust roots, `--insecure` turns certificate verification
//! off. Both HTTP clients of a run (the authorization server's and `call`'s API client) are
//! built through [`configure`], so they trust the same certificates.

use crate::args::CommonArgs;
use crate::error::CliError;

/// `builder` with the TLS flags applied.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    common: &CommonArgs,
) -> Result<reqwest::ClientBuilder, CliError> {
    apply(builder, common)
}

#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn apply(
    mut builder: reqwest::ClientBuilder,
    common: &CommonArgs,
) -> Result<reqwest::ClientBuilder, CliError> {
    if let Some(path) = &common.cacert {
        builder = builder.tls_certs_merge(read_certificates(path)?);
    }
    if common.insecure {
        warn_once();
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    Ok(builder)
}

/// Without a TLS backend there is nothing to configure: https itself fails.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn apply(
    builder: reqwest::ClientBuilder,
    common: &CommonArgs,
) -> Result<reqwest::ClientBuilder, CliError> {
    if common.cacert.is_some() || common.insecure {
        return Err(CliError::Usage(
            "--cacert and --insecure need a TLS backend: this oauth2 was built without one".into(),
        ));
    }
    Ok(builder)
}

/// The certificates of a PEM file: one or more, else an error.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn read_certificates(path: &std::path::Path) -> Result<Vec<reqwest::Certificate>, CliError> {
    let pem = std::fs::read(path)
        .map_err(|err| CliError::Usage(format!("--cacert {}: {err}", path.display())))?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|err| CliError::Usage(format!("--cacert {}: {err}", path.display())))?;
    if certificates.is_empty() {
        return Err(CliError::Usage(format!(
            "--cacert {}: no certificate in the file (PEM expected)",
            path.display()
        )));
    }
    Ok(certificates)
}

/// Says once per run, even with `--silent`, that nothing protects the connection.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
fn warn_once() {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        eprintln!(
            "WARNING: --insecure: TLS certificate verification is off. Anyone on the network \
             path can read and change this traffic, secrets and tokens included. Use \
             --cacert FILE to trust a private CA instead."
        );
    });
}
