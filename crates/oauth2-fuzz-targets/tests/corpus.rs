//! Every fuzz target over the committed corpus (`fuzz/corpus/<target>/`) and deterministic
//! mutations of it: what cargo-fuzz checks on nightly, run on stable by `cargo test`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use oauth2_fuzz_targets::{TARGETS, fixture};

/// Mutations of each corpus file per target.
const MUTATIONS: usize = 700;

/// A small deterministic generator (xorshift64), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes and strings parsers trip on: JSON and header punctuation, escapes, numbers at the
/// edges of their types, invalid UTF-8.
const INTERESTING: &[&[u8]] = &[
    b"\0",
    b"\xff",
    b"\x80",
    b"\xc3",
    b"\"",
    b"\\",
    b"\\u0000",
    b"\\ud800",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"=",
    b"&",
    b"%",
    b"%00",
    b"%zz",
    b"#",
    b"?",
    b".",
    b" ",
    b"\t",
    b"\r\n",
    b"null",
    b"true",
    b"-1",
    b"0",
    b"1e309",
    b"-1e309",
    b"18446744073709551616",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"1.5",
    b"\"\"",
    b"[]",
    b"{}",
    b"AA==",
    b"eyJ",
    b"none",
    b"HS256",
    b"%2e%2e",
    b"..",
    b"//",
];

/// One mutation of `input`: a bit flip, an interesting byte string written over or inserted,
/// a range deleted or duplicated, a truncation, or a splice with another corpus file.
fn mutate(input: &[u8], others: &[Vec<u8>], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let at = rng.below(out.len());
                out[at] ^= 1 << rng.below(8);
            }
            1 => {
                let bytes = INTERESTING[rng.below(INTERESTING.len())];
                let end = (at + bytes.len()).min(out.len());
                out.splice(at..end, bytes.iter().copied());
            }
            2 => {
                let bytes = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(at..at, bytes.iter().copied());
            }
            3 => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            4 => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let copy = out[at.min(end)..end].to_vec();
                out.splice(at..at, copy);
            }
            5 => out.truncate(at),
            _ if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let from = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[from..]);
            }
            _ => {}
        }
    }
    out
}

fn corpus_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

fn read_corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus_dir(target))
        .unwrap_or_else(|err| panic!("the corpus of {target}: {err}"))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Runs `target` on `input`; on a panic, says which input (escaped, to paste into a file).
fn run(name: &str, target: fn(&[u8]), origin: &str, input: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
        panic!("{name} failed on {origin}: b\"{}\"", input.escape_ascii());
    }
}

#[test]
fn the_fixture_is_the_recorded_session() {
    let fixture = fixture();
    assert!(
        fixture.issuer.starts_with("http://127.0.0.1:"),
        "{fixture:?}"
    );
    assert!(!fixture.state.is_empty() && !fixture.nonce.is_empty());
    assert!(!fixture.jwks.keys.is_empty());
}

#[test]
fn every_target_has_a_corpus_and_a_cargo_fuzz_target() {
    for (name, _) in TARGETS {
        assert!(!read_corpus(name).is_empty(), "no corpus for {name}");
        let fuzz_target = corpus_dir(name)
            .join("../../fuzz_targets")
            .join(format!("{name}.rs"));
        assert!(fuzz_target.exists(), "no {}", fuzz_target.display());
    }
}

#[test]
fn every_target_holds_on_the_corpus_and_its_mutations() {
    for (index, (name, target)) in TARGETS.iter().enumerate() {
        let corpus = read_corpus(name);
        let inputs: Vec<Vec<u8>> = corpus.iter().map(|(_, bytes)| bytes.clone()).collect();
        for (file, bytes) in &corpus {
            run(name, *target, file, bytes);
            let mut rng =
                Rng::new(0x9E37_79B9_7F4A_7C15 ^ ((index as u64) << 32) ^ bytes.len() as u64);
            for round in 0..MUTATIONS {
                let mutated = mutate(bytes, &inputs, &mut rng);
                run(
                    name,
                    *target,
                    &format!("mutation {round} of {file}"),
                    &mutated,
                );
            }
        }
    }
}
