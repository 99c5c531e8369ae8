//! Triage: the editors' inbox ([`page`]) with its [`filters`] and suggested
//! themes, and one item's page with its changes ([`item`]), over [`store`];
//! the organisation's tags and an item's links to values and objectives
//! ([`tags`], set on the item's page by [`labels`]); where an item stands
//! ([`states`]) and when it is due ([`clock`]); a reply sent to the sender
//! by email ([`reply_mail`]).

pub mod clock;
pub mod filters;
pub mod item;
pub mod labels;
pub mod moves;
pub mod page;
pub mod reply_mail;
pub mod states;
pub mod store;
pub mod tags;
