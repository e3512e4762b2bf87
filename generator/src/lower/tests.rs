//! Unit tests for lowering decisions.
