//! OAuth 2.x client authentication: client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, none.
