//! Test harness: starts the project's oidc-provider authorization server and protected resource on loopback.
