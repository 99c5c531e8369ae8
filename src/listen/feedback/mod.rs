//! Sending: the public form ([`form`]) with its guards against scripts
//! ([`fill_time`]), personal data flagged in the text ([`personal_data`]),
//! in the organisation's languages ([`languages`]),
//! the item stored with its reference ([`store`], [`reference`]) by the
//! batching writer ([`intake`]), and the
//! sender's private status link ([`status`]).

pub mod fill_time;
pub mod form;
pub mod intake;
pub mod languages;
pub mod personal_data;
pub mod reference;
pub mod status;
pub mod store;
