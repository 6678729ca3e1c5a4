//! Postman Collection v2.0 and v2.1, read leniently.
