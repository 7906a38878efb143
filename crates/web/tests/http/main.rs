//! HTTP integration tests: each test boots the real server on a free port with a fresh database
//! and talks HTTP to it. One test binary for the crate keeps link time down.

mod kit;

mod align;
mod api;
mod auth;
mod authz;
mod holes;
mod new_user;
mod one_on_ones;
mod ops;
mod pages;
mod privacy;
mod recognitions;
mod rough_edges;
mod surveys;
mod webhooks;
