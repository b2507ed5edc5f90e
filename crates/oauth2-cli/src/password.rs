//! The resource owner's password for the password grant: from standard input
//! (`--password-stdin`), the `OAUTH2_PASSWORD` variable or `--password`, in that order, else
//! asked for on the terminal without echo.

use std::io::{BufRead, IsTerminal};

use crate::args::TokenRequestArgs;
use crate::error::CliError;

/// The password the flags point at; `--password-stdin` reads the first line of standard
/// input. With none given, a terminal is asked (echo off); without a terminal it is an error.
pub(crate) fn password(args: &TokenRequestArgs, username: &str) -> Result<String, CliError> {
    if args.password_stdin {
        return first_line(std::io::stdin().lock());
    }
    if let Some(password) = &args.password {
        return Ok(password.clone());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "--grant-type password needs --password-stdin, OAUTH2_PASSWORD or --password \
             (or a terminal to ask on)"
                .into(),
        ));
    }
    let password = rpassword::prompt_password(format!("Password for {username}: "))
        .map_err(|err| CliError::Usage(format!("cannot read the password: {err}")))?;
    if password.is_empty() {
        return Err(CliError::Usage("no password typed".into()));
    }
    Ok(password)
}

/// The first line of `input`, without its line ending; an empty input is an error, so a
/// forgotten pipe does not send an empty password.
fn first_line(mut input: impl BufRead) -> Result<String, CliError> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|err| CliError::Usage(format!("cannot read the password: {err}")))?;
    let password = line.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        return Err(CliError::Usage(
            "--password-stdin: standard input held no password".into(),
        ));
    }
    Ok(password.to_owned())
}

#[cfg(test)]
mod tests {
    use super::first_line;

    #[test]
    fn the_first_line_without_its_ending_is_the_password() {
        let read = first_line(&b"  s3cret with spaces \r\nnext line\n"[..]).unwrap();
        assert_eq!(read, "  s3cret with spaces ");
        assert!(first_line(&b""[..]).is_err());
        assert!(first_line(&b"\n"[..]).is_err());
    }
}
