//! The command's errors, and how they are shown.

/// Why the command failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The flags do not make sense together.
    #[error("{0}")]
    Usage(String),
    /// The server (or the network) said no.
    #[error(transparent)]
    Grants(#[from] oauth2_grants::Error),
    /// A key could not be used.
    #[error("signing key: {0}")]
    Key(#[from] oauth2_jose::Error),
    /// The --store could not be read or written.
    #[error("token store: {0}")]
    Store(#[from] oauth2_types::store::StoreError),
    /// An API call failed.
    #[error("{0}")]
    Api(String),
}

impl CliError {
    /// Prints the error on stderr, with everything the server said.
    pub(crate) fn report(&self) {
        if let Self::Grants(oauth2_grants::Error::InsecureUrl(url)) = self {
            // The library's message names its builder option; here the option is a flag.
            eprintln!(
                "error: {url} is not https; pass --allow-http to allow plain http (local development only)"
            );
            return;
        }
        eprintln!("error: {self}");
        if let Some(cause) = network_cause(self) {
            eprintln!("  cause:             {cause}");
        }
        if let Self::Grants(err) = self {
            if let Some(status) = err.status() {
                eprintln!("  HTTP status:       {status}");
            }
            if let Some(response) = err.oauth_error() {
                eprintln!("  error:             {}", response.error);
                if let Some(description) = &response.error_description {
                    eprintln!("  error_description: {description}");
                }
                if let Some(uri) = &response.error_uri {
                    eprintln!("  error_uri:         {uri}");
                }
            }
        }
    }
}

/// Why a request could not be made (a certificate refused, a connection refused), which
/// reqwest's own message ("error sending request for url ...") leaves out: the causes under
/// the first `reqwest::Error` of the chain. They come from the network stack (hyper, io,
/// rustls), never from a request's content, so they hold no secret.
pub(crate) fn network_cause(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current = Some(err);
    while let Some(error) = current {
        if error.is::<reqwest::Error>() {
            let mut causes: Vec<String> = Vec::new();
            let mut cause = error.source();
            while let Some(inner) = cause {
                let message = inner.to_string();
                if !causes.iter().any(|seen| seen.contains(&message)) {
                    causes.push(message);
                }
                cause = inner.source();
            }
            return (!causes.is_empty()).then(|| causes.join(": "));
        }
        current = error.source();
    }
    None
}
