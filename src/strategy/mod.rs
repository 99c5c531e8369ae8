//! Strategy (issue 14): an organisation's aims and the outcome measures that
//! show whether it is getting there.

pub mod measures;
