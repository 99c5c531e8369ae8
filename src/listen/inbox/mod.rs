//! Triage: the editors' inbox ([`page`]) and one item's page with its
//! changes ([`item`]), over [`store`]; where an item stands ([`states`])
//! and when it is due ([`clock`]).

pub mod clock;
pub mod item;
pub mod page;
pub mod states;
pub mod store;
