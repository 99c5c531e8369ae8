//! Outcome measures: the periods their values belong to, the statistical
//! process control (SPC) that tells signal from noise in those values, and
//! the chart that shows it.
//!
//! Everything here is pure computation with no web or database types: a
//! caller parses periods ([`period`]), runs [`spc::analyse`] on a measure's
//! values and draws the result with [`chart::xmr_svg`].

pub mod chart;
pub mod financial_year;
pub mod period;
pub mod spc;
