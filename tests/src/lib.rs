//! Integration tests of the generated client; see `tests/`.
