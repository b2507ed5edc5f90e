//! OAuth 2.x grants over reqwest: the OAuth2Client, discovery, token managers.
