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
                "error: {url} is not https; pass --insecure to allow plain http (local development only)"
            );
            return;
        }
        eprintln!("error: {self}");
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
