//! Consultations: asking everyone which words of the values to keep.
//! (Stub so the analysis branch compiles alone; the consult branch owns this file.)

pub mod analysis;
