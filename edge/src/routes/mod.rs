//! One module per endpoint: each parses the request, asks the domain, makes one store call and answers.

pub mod health;
pub mod status;
pub mod submit;
pub mod summary;
