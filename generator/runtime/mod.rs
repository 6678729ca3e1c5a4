//! The runtime shared by every generated API module: errors, encoding, auth and the HTTP client.
