//! libFuzzer entry for the `slugs` target; the body is `candor_fuzz::slugs` (shared with the corpus replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| candor_fuzz::slugs(data));
