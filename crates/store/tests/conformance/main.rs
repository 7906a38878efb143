//! The store conformance suite: every scenario runs on SQLite, and on PostgreSQL when
//! `TEND_TEST_POSTGRES_URL` is set, each in a fresh database of its own.

mod accounts;
mod align;
mod harness;
mod import;
mod one_on_ones;
mod org;
mod people;
mod recognitions;
mod schema;
mod surveys;
mod teams;
mod webhooks;
