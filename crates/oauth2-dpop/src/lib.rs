//! DPoP (RFC 9449) for OAuth 2.x clients, sans-IO: keys, proofs, nonces, DPoP-bound tokens.
