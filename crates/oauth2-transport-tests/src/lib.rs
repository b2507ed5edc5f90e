//! No library: the tests are in `tests/`. They build oauth2-grants without its `reqwest`
//! feature, so run this package on its own (`cargo test -p oauth2-transport-tests`): in a
//! workspace-wide build, cargo unifies the features of every package and turns reqwest on.
