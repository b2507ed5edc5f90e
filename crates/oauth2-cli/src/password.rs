//! The resource owner's password for the password grant: from standard input
//! (`--password-stdin`), else `--password`, else the `OAUTH2_PASSWORD` variable (the
//! variable is `--password`'s fallback), else asked for on the terminal without echo.

use std::io::{BufRead, IsTerminal};

use crate::args::TokenRequestArgs;
use crate::error::CliError;

/// The most bytes `--password-stdin` reads: a password, not a file piped in by mistake.
const MAX_PASSWORD_LINE: u64 = 4096;

/// The password the flags point at; `--password-stdin` reads the first line of standard
/// input, which must not be a terminal (the password would be echoed as it is typed). With
/// none given, a terminal is asked (echo off); without a terminal it is an error.
pub(crate) fn password(args: &TokenRequestArgs, username: &str) -> Result<String, CliError> {
    if args.password_stdin {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(CliError::Usage(
                "--password-stdin: standard input is a terminal, where the password would be \
                 shown as it is typed; pipe it in (`pass show me | oauth2 ...`), or leave out \
                 --password-stdin to be asked without echo"
                    .into(),
            ));
        }
        return first_line(stdin.lock());
    }
    if let Some(password) = &args.password {
        return Ok(password.clone());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "--grant-type password needs --password-stdin, --password or OAUTH2_PASSWORD \
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

/// The first line of `input`, without its line ending, read within [`MAX_PASSWORD_LINE`]
/// bytes; an empty input is an error, so a forgotten pipe does not send an empty password,
/// and so is a longer line.
fn first_line(input: impl BufRead) -> Result<String, CliError> {
    let mut line = Vec::new();
    input
        .take(MAX_PASSWORD_LINE)
        .read_until(b'\n', &mut line)
        .map_err(|err| CliError::Usage(format!("cannot read the password: {err}")))?;
    if !line.ends_with(b"\n") && line.len() as u64 == MAX_PASSWORD_LINE {
        return Err(CliError::Usage(format!(
            "--password-stdin: the first line of standard input is longer than \
             {MAX_PASSWORD_LINE} bytes: not a password"
        )));
    }
    let line = String::from_utf8(line)
        .map_err(|_| CliError::Usage("--password-stdin: the password is not valid UTF-8".into()))?;
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
    use super::{MAX_PASSWORD_LINE, first_line};

    #[test]
    fn the_first_line_without_its_ending_is_the_password() {
        let read = first_line(&b"  s3cret with spaces \r\nnext line\n"[..]).unwrap();
        assert_eq!(read, "  s3cret with spaces ");
        assert!(first_line(&b""[..]).is_err());
        assert!(first_line(&b"\n"[..]).is_err());
    }

    #[test]
    fn a_line_longer_than_the_bound_is_refused_unread() {
        let bound = usize::try_from(MAX_PASSWORD_LINE).unwrap();
        let longest = "p".repeat(bound - 1) + "\n";
        assert_eq!(first_line(longest.as_bytes()).unwrap().len(), bound - 1);
        let piped_file = "p".repeat(64 * 1024) + "\n";
        let err = first_line(piped_file.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("longer than 4096 bytes"), "{err}");
    }
}
