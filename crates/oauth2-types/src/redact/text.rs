//! Masking free text (HTML, plain text, a JSON document cut short): what a secret looks like
//! when nothing says where it is.

use std::ops::Range;

use super::REDACTED;
use super::names::is_secret_name;

/// How many rounds of escapes (a JSON string in a JSON string...) are undone; text still
/// escaped after them is not trusted.
const UNESCAPE_ROUNDS: usize = 4;

/// Authorization schemes, after which comes a credential.
const SCHEMES: &[&str] = &["bearer", "dpop", "basic", "mac", "negotiate"];

/// The shortest credential masked after a scheme: shorter words are prose ("Basic auth").
const MIN_CREDENTIAL: usize = 6;

/// The shortest run of mixed-case letters and digits taken for a random secret.
const MIN_RANDOM: usize = 20;

/// The shortest hexadecimal run taken for a random secret (a UUID, with its dashes, is not).
const MIN_HEX: usize = 32;

/// `text` with its secrets masked: escapes (`\u005f`, `\"`, `&quot;`, `&#95;`) undone first,
/// then the value after a secret name and `=` or `:` (see
/// [`is_secret_name`](super::is_secret_name)), the credential after an authorization scheme
/// (`Bearer …`), JWT-like runs, and long random-looking runs are each replaced by
/// [`REDACTED`](super::REDACTED). Text whose escapes cannot be undone is masked whole.
///
/// ```
/// use oauth2_types::redact::mask_text;
/// assert_eq!(mask_text("invalid access\\u005ftoken: 2YotnFZFEjr1zCsicMWpAA"),
///            "invalid access_token: <redacted>");
/// assert_eq!(mask_text("header: Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA"),
///            "header: Authorization: <redacted> <redacted>");
/// assert_eq!(mask_text("Bad Gateway"), "Bad Gateway");
/// ```
pub fn mask_text(text: &str) -> String {
    mask_text_checked(text).unwrap_or_else(|| REDACTED.to_owned())
}

/// [`mask_text`], or `None` when the text cannot be read well enough to tell.
pub(super) fn mask_text_checked(text: &str) -> Option<String> {
    let text = unescape(text)?;
    let ranges = merge(secret_ranges(text.as_bytes()));
    let mut masked = String::with_capacity(text.len());
    let mut copied = 0;
    for range in ranges {
        masked.push_str(&text[copied..range.start]);
        masked.push_str(REDACTED);
        copied = range.end;
    }
    masked.push_str(&text[copied..]);
    Some(masked)
}

/// Whether `text` is a form: no spaces, and every `&`-separated part a `name=value`.
pub(super) fn is_form(text: &str) -> bool {
    !text.is_empty()
        && text.split('&').all(|part| {
            part.split_once('=').is_some_and(|(name, value)| {
                !name.is_empty()
                    && name.bytes().all(is_form_name_byte)
                    && !value.bytes().any(|b| b.is_ascii_whitespace())
            })
        })
}

fn is_form_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_.~*%+[]-".contains(&b)
}

/// Undoes JSON string escapes and HTML character references, round after round (a JSON
/// document in a JSON string is escaped twice); `None` if some are still left.
fn unescape(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !text.contains(['\\', '&']) {
        return Some(text.into());
    }
    let mut current = text.to_owned();
    for _ in 0..UNESCAPE_ROUNDS {
        let next = unescape_once(&current);
        if next == current {
            return Some(current.into());
        }
        current = next;
    }
    None
}

fn unescape_once(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['\\', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (decoded, used) = if rest.starts_with('\\') {
            json_escape(rest)
        } else {
            html_reference(rest)
        }
        .unwrap_or((rest.chars().next().unwrap_or_default(), 1));
        out.push(decoded);
        rest = &rest[used..];
    }
    out.push_str(rest);
    out
}

/// A JSON escape at the start of `text` (`\"`, `\\`, `\/`, `\uXXXX`), and its length.
fn json_escape(text: &str) -> Option<(char, usize)> {
    match text.as_bytes().get(1)? {
        b'"' => Some(('"', 2)),
        b'\\' => Some(('\\', 2)),
        b'/' => Some(('/', 2)),
        b'\'' => Some(('\'', 2)),
        b'u' => {
            let hex = text.get(2..6)?;
            let code = u32::from_str_radix(hex, 16).ok()?;
            Some((char::from_u32(code).unwrap_or('\u{fffd}'), 6))
        }
        _ => None,
    }
}

/// An HTML character reference at the start of `text` (`&quot;`, `&#95;`, `&#x5f;`...), and
/// its length.
fn html_reference(text: &str) -> Option<(char, usize)> {
    let end = text.bytes().take(12).position(|b| b == b';')?;
    let name = &text[1..end];
    let decoded = match name {
        "quot" => '"',
        "apos" => '\'',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((decoded, end + 1))
}

/// The byte ranges of `text` that hold secrets (ASCII-bounded, so on char boundaries). Each
/// byte is looked at a bounded number of times: the scan goes on past what it masked, and a
/// run is weighed as random once, from its start.
fn secret_ranges(text: &[u8]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < text.len() {
        if !is_word_byte(text[at]) || (at > 0 && is_word_byte(text[at - 1])) {
            at += 1;
            continue;
        }
        let end = run_end(text, at, is_word_byte);
        let word = &text[at..end];
        let mut found = Vec::new();
        found.extend(jwt_at(text, at));
        if is_secret_name(&percent_decode(word))
            && let Some(value) = separator_end(text, end).and_then(|from| value_range(text, from))
        {
            // `Authorization: Bearer <token>`: the scheme is the value, the token follows.
            found.extend(credential_after(text, value.clone()));
            found.push(value);
        }
        found.extend(credential_after(text, at..end));
        // `access%5Ftoken%3D…`: a word that holds a secret once decoded goes whole.
        if word.contains(&b'%') {
            let decoded = percent_decode(word);
            if decoded.as_bytes() != word && !secret_ranges(decoded.as_bytes()).is_empty() {
                found.push(at..end);
            }
        }
        if at == 0 || !is_random_byte(text[at - 1]) {
            found.extend(random_run(text, at));
        }
        at = found.iter().map(|range| range.end).fold(end, usize::max);
        ranges.append(&mut found);
    }
    ranges
}

/// Sorted, with overlapping ranges joined.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| range.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'%')
}

/// Base64, base64url and hex characters: what random secrets are written with.
fn is_random_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'~' | b'+' | b'/')
}

fn run_end(text: &[u8], from: usize, class: fn(u8) -> bool) -> usize {
    text[from..]
        .iter()
        .position(|b| !class(*b))
        .map_or(text.len(), |len| from + len)
}

/// A name with its percent-escapes undone (`access%5Ftoken`), up to three times.
fn percent_decode(word: &[u8]) -> String {
    let mut current = word.to_vec();
    for _ in 0..3 {
        if !current.contains(&b'%') {
            break;
        }
        let mut decoded = Vec::with_capacity(current.len());
        let mut i = 0;
        while i < current.len() {
            let hex = current
                .get(i + 1..i + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            match (current[i], hex) {
                (b'%', Some(byte)) => {
                    decoded.push(byte);
                    i += 3;
                }
                (byte, _) => {
                    decoded.push(byte);
                    i += 1;
                }
            }
        }
        current = decoded;
    }
    String::from_utf8_lossy(&current).into_owned()
}

/// Where the value starts after a name: past closing quotes and spaces, then `=` or `:`
/// (or `%3D`, `%3A`); `None` when no such separator follows (prose: "invalid token").
fn separator_end(text: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at < text.len() && matches!(text[at], b'"' | b'\'' | b'`' | b' ' | b'\t') {
        at += 1;
    }
    let rest = &text[at..];
    let used = if rest.starts_with(b"=") || rest.starts_with(b":") {
        1
    } else if rest.len() >= 3
        && (rest[..3].eq_ignore_ascii_case(b"%3d") || rest[..3].eq_ignore_ascii_case(b"%3a"))
    {
        3
    } else {
        return None;
    };
    let mut at = at + used;
    // `=>`, `:=`, `==`
    while at < text.len() && matches!(text[at], b'=' | b'>') {
        at += 1;
    }
    Some(at)
}

/// The value that starts at `from`: a quoted string up to its closing quote, an object or
/// array up to its closing bracket, or a run up to a space or a delimiter.
fn value_range(text: &[u8], from: usize) -> Option<Range<usize>> {
    let mut start = from;
    while start < text.len() && matches!(text[start], b' ' | b'\t') {
        start += 1;
    }
    let end = match text.get(start)? {
        quote @ (b'"' | b'\'' | b'`') => {
            start += 1;
            text[start..]
                .iter()
                .position(|b| b == quote || *b == b'\n')
                .map_or(text.len(), |len| start + len)
        }
        open @ (b'{' | b'[') => {
            let close = if *open == b'{' { b'}' } else { b']' };
            let mut depth = 0usize;
            let mut end = text.len();
            for (i, b) in text[start..].iter().enumerate() {
                if b == open {
                    depth += 1;
                } else if *b == close {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = start + i + 1;
                        break;
                    }
                }
            }
            end
        }
        _ => text[start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || b"&,;\"'<>(){}[]".contains(b))
            .map_or(text.len(), |len| start + len),
    };
    (end > start).then_some(start..end)
}

/// The credential after `word` when it is an authorization scheme (`Bearer <token>`).
fn credential_after(text: &[u8], word: Range<usize>) -> Option<Range<usize>> {
    let scheme = text.get(word.clone())?;
    if !SCHEMES
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s.as_bytes()))
    {
        return None;
    }
    let mut start = word.end;
    while start < text.len() && text[start] == b' ' {
        start += 1;
    }
    if start == word.end {
        return None;
    }
    let token68 = |b: u8| is_random_byte(b) || b == b'.';
    let mut end = run_end(text, start, token68);
    while end < text.len() && text[end] == b'=' {
        end += 1;
    }
    (end - start >= MIN_CREDENTIAL).then_some(start..end)
}

/// A JWT-like run at `at`: `eyJ` (a JSON header, base64url), then at least two more
/// dot-separated base64url parts (a JWS has three, a JWE five).
fn jwt_at(text: &[u8], at: usize) -> Option<Range<usize>> {
    if !text[at..].starts_with(b"eyJ") {
        return None;
    }
    let end = run_end(text, at, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
    });
    let dots = text[at..end].iter().filter(|b| **b == b'.').count();
    (dots >= 2).then_some(at..end)
}

/// A long run that looks random: mixed-case letters and digits (base64), or hex.
fn random_run(text: &[u8], at: usize) -> Option<Range<usize>> {
    let mut end = run_end(text, at, is_random_byte);
    while end < text.len() && text[end] == b'=' {
        end += 1;
    }
    let run = &text[at..end];
    let has = |class: fn(&u8) -> bool| run.iter().any(class);
    let mixed = run.len() >= MIN_RANDOM
        && has(u8::is_ascii_lowercase)
        && has(u8::is_ascii_uppercase)
        && has(u8::is_ascii_digit);
    let hex = run.len() >= MIN_HEX
        && run.iter().all(u8::is_ascii_hexdigit)
        && has(u8::is_ascii_digit)
        && has(u8::is_ascii_alphabetic);
    (mixed || hex).then_some(at..end)
}
