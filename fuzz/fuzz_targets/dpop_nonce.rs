#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oauth2_fuzz_targets::dpop_nonce(data));
