//! `oauth2`: OAuth 2.x from a terminal. Obtains tokens with any client authentication,
//! introspects, revokes, reads userinfo, and calls APIs, showing each request on stderr.

mod account;
mod args;
mod auth;
mod commands;
mod error;
mod password;
mod progress;
mod session;
mod tls;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::args::{BoundTokenArgs, ClientArgs, CommonArgs, TokenRequestArgs};
use crate::error::CliError;

/// OAuth 2.x from a terminal: the token response on stdout, an account of the requests on
/// stderr. No `Debug`: the arguments hold secrets.
#[derive(Parser)]
#[command(name = "oauth2", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Obtain a token and print the token response as JSON.
    Token {
        /// The issuer identifier of the authorization server.
        issuer: String,
        #[command(flatten)]
        client: ClientArgs,
        #[command(flatten)]
        request: TokenRequestArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Print the authorization server's metadata.
    Discover {
        /// The issuer identifier.
        issuer: String,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Ask the server about a token (RFC 7662).
    Introspect {
        /// The issuer identifier.
        issuer: String,
        /// The token.
        #[arg(allow_hyphen_values = true)]
        token: String,
        /// access_token or refresh_token.
        #[arg(long)]
        token_type_hint: Option<String>,
        #[command(flatten)]
        bound: BoundTokenArgs,
        #[command(flatten)]
        client: ClientArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Revoke a token (RFC 7009).
    Revoke {
        /// The issuer identifier.
        issuer: String,
        /// The token.
        #[arg(allow_hyphen_values = true)]
        token: String,
        /// access_token or refresh_token.
        #[arg(long)]
        token_type_hint: Option<String>,
        #[command(flatten)]
        client: ClientArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Read the user's claims with an access token (OpenID Connect).
    Userinfo {
        /// The issuer identifier.
        issuer: String,
        /// The access token.
        #[arg(allow_hyphen_values = true)]
        token: String,
        #[command(flatten)]
        bound: BoundTokenArgs,
        #[command(flatten)]
        client: ClientArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Obtain a token and call an API with it; the body goes to stdout.
    Call {
        /// The HTTP method.
        method: String,
        /// The API URL.
        url: String,
        /// The issuer identifier of the authorization server.
        #[arg(long)]
        issuer: String,
        /// The request body.
        #[arg(long)]
        data: Option<String>,
        /// A header, as 'Name: value'; repeat for several.
        #[arg(long)]
        header: Vec<String>,
        #[command(flatten)]
        client: ClientArgs,
        #[command(flatten)]
        request: TokenRequestArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
}

async fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Token {
            issuer,
            client,
            request,
            common,
        } => commands::token(&issuer, &client, &request, &common).await,
        Command::Discover { issuer, common } => commands::discover(&issuer, &common).await,
        Command::Introspect {
            issuer,
            token,
            token_type_hint,
            bound,
            client,
            common,
        } => {
            commands::introspect(
                &issuer,
                &client,
                &common,
                &token,
                token_type_hint.as_deref(),
                &bound,
            )
            .await
        }
        Command::Revoke {
            issuer,
            token,
            token_type_hint,
            client,
            common,
        } => {
            commands::revoke(
                &issuer,
                &client,
                &common,
                &token,
                token_type_hint.as_deref(),
            )
            .await
        }
        Command::Userinfo {
            issuer,
            token,
            bound,
            client,
            common,
        } => commands::userinfo(&issuer, &client, &common, &token, &bound).await,
        Command::Call {
            method,
            url,
            issuer,
            data,
            header,
            client,
            request,
            common,
        } => {
            let call = commands::Call::new(&method, &url, data.as_deref(), &header);
            commands::call(&issuer, &client, &request, &common, call).await
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            err.report();
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::{Cli, Command};

    /// base64url tokens and secrets may start with `-`: they are values, not flags.
    #[test]
    fn tokens_starting_with_a_hyphen_are_values() {
        let cli = Cli::try_parse_from(["oauth2", "introspect", "https://as", "-b4Xtoken"]);
        assert!(
            matches!(cli, Ok(Cli { command: Command::Introspect { ref token, .. }, .. }) if token == "-b4Xtoken")
        );
        for flag in [
            "--refresh-token",
            "--client-secret",
            "--subject-token",
            "--password",
        ] {
            let cli = Cli::try_parse_from(["oauth2", "token", "https://as", flag, "-secret"]);
            assert!(cli.is_ok(), "{flag}: {:?}", cli.err());
        }
    }
}
