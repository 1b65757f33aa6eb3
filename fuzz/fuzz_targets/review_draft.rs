//! libFuzzer entry for the `review_draft` target; the body is `candor_fuzz::review_draft` (shared with the corpus replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| candor_fuzz::review_draft(data));
