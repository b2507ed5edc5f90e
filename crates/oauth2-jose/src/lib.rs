//! JOSE for OAuth 2.x clients: keys, compact JWS signing and verification, RFC 7638 thumbprints.
