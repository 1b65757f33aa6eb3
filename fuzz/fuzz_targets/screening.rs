//! libFuzzer entry for the `screening` target; the body is `candor_fuzz::screening` (shared with the corpus replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| candor_fuzz::screening(data));
