//! Shared set-up for the examples.
