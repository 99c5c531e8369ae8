//! Triage: the editors' inbox ([`page`]) and one item's page with its
//! changes ([`item`]), over [`store`]; where an item stands ([`states`])
//! and when it is due ([`clock`]); a reply sent to the sender by email
//! ([`reply_mail`]).

pub mod clock;
pub mod item;
pub mod moves;
pub mod page;
pub mod reply_mail;
pub mod states;
pub mod store;
