//! Strategy (issue 14): where an organisation is going — its aims,
//! priorities and yearly objectives ([`plan`]) — and the outcome measures
//! that show whether it is getting there ([`measures`]).

pub mod measures;
pub mod plan;
