//! Call APIs with OAuth 2.x tokens: a reqwest-middleware layer and request helpers.
