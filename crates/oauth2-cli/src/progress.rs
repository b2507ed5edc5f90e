//! What the device and CIBA flows show while the user approves: a QR code of the
//! verification URL, and the polling's progress. On a terminal that is one line redrawn in
//! place (a spinner and the time left before the codes expire); elsewhere (a log, a pipe) a
//! plain line each time the state changes, never one per `authorization_pending`.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use oauth2_grants::{PollProgress, PollStatus, Poller};
use oauth2_types::BearerToken;

use crate::error::CliError;

/// The spinner's frames, one per redraw.
const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// How often the terminal line is redrawn.
const REDRAW: Duration = Duration::from_millis(100);

/// `text` as a QR code in Unicode half-blocks (two modules per character, light on dark so
/// that it scans on a dark terminal), or `None` when it is too long for one.
pub(crate) fn qr_code(text: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// Runs `poller` to the end, showing its progress on stderr unless `silent`.
pub(crate) async fn poll(mut poller: Poller, silent: bool) -> Result<BearerToken, CliError> {
    let terminal = !silent && std::io::stderr().is_terminal();
    let mut progress = poller.watch();
    let mut shown = None;
    let mut redraw = tokio::time::interval(REDRAW);
    let mut frame = 0_usize;
    let run = poller.run();
    tokio::pin!(run);
    loop {
        tokio::select! {
            result = &mut run => {
                if terminal {
                    eprint!("\r\x1b[2K");
                }
                return Ok(result?);
            }
            Ok(()) = progress.changed(), if !silent && !terminal => {
                let now = *progress.borrow_and_update();
                if let Some(line) = change_line(shown, &now) {
                    eprintln!("{line}");
                }
                shown = now.last;
            }
            _ = redraw.tick(), if terminal => {
                let now = *progress.borrow();
                frame = frame.wrapping_add(1);
                eprint!("\r\x1b[2K{} {}", SPINNER[frame % SPINNER.len()], status_line(&now));
                let _ = std::io::stderr().flush();
            }
        }
    }
}

/// The terminal's line: what the server said last, and the time left.
fn status_line(progress: &PollProgress) -> String {
    let left = progress
        .expires_at
        .saturating_duration_since(Instant::now());
    let state = match progress.last {
        Some(PollStatus::SlowDown) => "waiting for approval (the server asked to slow down)",
        _ => "waiting for approval",
    };
    format!(
        "{state}, {} left (poll {} every {} s)",
        clock(left),
        progress.attempts,
        progress.interval.as_secs()
    )
}

/// The line to print when the state moves from `shown` to `now`'s, if it says something new.
fn change_line(shown: Option<PollStatus>, now: &PollProgress) -> Option<String> {
    if shown == now.last {
        return None;
    }
    let left = now.expires_at.saturating_duration_since(Instant::now());
    match now.last? {
        PollStatus::Pending => Some(format!(
            "waiting for approval: polling every {} s, the code expires in {}",
            now.interval.as_secs(),
            clock(left)
        )),
        PollStatus::SlowDown => Some(format!(
            "the server asked to slow down: polling every {} s",
            now.interval.as_secs()
        )),
        _ => None,
    }
}

/// `m:ss`.
fn clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_qr_code_is_half_blocks() {
        let code = qr_code("https://as.example/device?user_code=WDJB-MJHT").unwrap();
        assert!(code.contains('▀') || code.contains('▄'));
        assert!(code.lines().count() > 10);
    }

    #[test]
    fn clock_shows_minutes_and_seconds() {
        assert_eq!(clock(Duration::from_secs(599)), "9:59");
        assert_eq!(clock(Duration::from_secs(5)), "0:05");
    }
}
