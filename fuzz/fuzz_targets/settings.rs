//! libFuzzer entry for the `settings` target; the body is `candor_fuzz::settings` (shared with the corpus replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| candor_fuzz::settings(data));
