//! Tests that join several of the workspace's crates, in `tests/`: a grant from
//! `oauth2-grants`, then an API call through `oauth2-apiclient`, against the local
//! authorization server. They live here, in a crate that is never published, so no
//! published crate names another as a dev-dependency (which would make a cycle that
//! `cargo publish` cannot order).
