//! `oauth2 discover ISSUER`: the server's metadata.

use crate::args::CommonArgs;
use crate::commands::{http, print_json};
use crate::error::CliError;

/// Fetches and prints the discovery document (its issuer checked).
pub(crate) async fn discover(issuer: &str, common: &CommonArgs) -> Result<(), CliError> {
    let metadata = oauth2_grants::fetch_metadata(&http(common)?, issuer, common.allow_http).await?;
    print_json(&metadata);
    Ok(())
}
