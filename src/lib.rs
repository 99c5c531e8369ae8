//! Ethos: where a health and care organisation keeps, shares and lives its
//! values. The library holds the whole product; `main.rs` only starts it.

pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod cli;
pub mod config;
pub mod consultations;
pub mod demo;
pub mod error;
pub mod listen;
pub mod mail;
pub mod ops;
pub mod orgs;
pub mod server;
pub mod storage;
pub mod strategy;
pub mod values;
pub mod web;
pub mod yaml;
