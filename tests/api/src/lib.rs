//! Black-box API suite: the tests live in tests/; this library is empty on purpose.
