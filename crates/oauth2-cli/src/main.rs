//! The `oauth2` command.
fn main() {}
