//! An OAuth 2.x / OpenID Connect client for reqwest: obtain, cache, refresh, bind (DPoP) and use tokens.
