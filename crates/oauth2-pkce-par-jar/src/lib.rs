//! OAuth 2.x authorization requests, sans-IO: PKCE (RFC 7636), callback validation, PAR (RFC 9126), JAR (RFC 9101).
