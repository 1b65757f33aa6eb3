//! libFuzzer entry for the `staff_requests` target; the body is `candor_fuzz::staff_requests` (shared with the corpus replay test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| candor_fuzz::staff_requests(data));
