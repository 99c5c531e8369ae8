//! A small SVG writer: element and attribute names come from the code
//! (`&'static str`), every value and every text goes through the escaping
//! the consultation charts use, so a measure called `<script>` stays text.

use std::fmt::Write as _;

use crate::consultations::analysis::charts::escape;

/// An attribute's value.
pub(super) enum Value<'a> {
    Text(&'a str),
    /// Text built for this attribute, such as a path's `d`.
    Owned(String),
    /// Written to one decimal place, which is finer than a pixel.
    Number(f64),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(text: &'a str) -> Value<'a> {
        Value::Text(text)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(text: &'a String) -> Value<'a> {
        Value::Text(text)
    }
}

impl<'a> From<f64> for Value<'a> {
    fn from(number: f64) -> Value<'a> {
        Value::Number(number)
    }
}

pub(super) type Attributes<'a> = [(&'static str, Value<'a>)];

#[derive(Default)]
pub(super) struct Svg {
    out: String,
}

impl Svg {
    /// `<tag …>`, to be closed with [`Svg::close`].
    pub fn open(&mut self, tag: &'static str, attributes: &Attributes<'_>) {
        self.start(tag, attributes);
        self.out.push('>');
    }

    /// `<tag …/>`.
    pub fn empty(&mut self, tag: &'static str, attributes: &Attributes<'_>) {
        self.start(tag, attributes);
        self.out.push_str("/>");
    }

    /// `<tag …>text</tag>`, the text escaped.
    pub fn text(&mut self, tag: &'static str, attributes: &Attributes<'_>, text: &str) {
        self.open(tag, attributes);
        self.out.push_str(&escape(text));
        self.close(tag);
    }

    pub fn close(&mut self, tag: &'static str) {
        let _ = write!(self.out, "</{tag}>");
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn start(&mut self, tag: &'static str, attributes: &Attributes<'_>) {
        let _ = write!(self.out, "<{tag}");
        for (name, value) in attributes {
            let _ = write!(self.out, " {name}=\"");
            match value {
                Value::Text(text) => self.out.push_str(&escape(text)),
                Value::Owned(text) => self.out.push_str(&escape(text)),
                Value::Number(number) => {
                    // Rounded, and never "-0".
                    let rounded = (number * 10.0).round() / 10.0 + 0.0;
                    let _ = write!(self.out, "{rounded}");
                }
            }
            self.out.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_text_are_escaped_and_numbers_rounded() {
        let mut svg = Svg::default();
        svg.open("g", &[("class", "a\"b<c".into()), ("x", 1.26.into()), ("y", (-0.01).into())]);
        svg.text("title", &[], "<script>&");
        svg.close("g");
        assert_eq!(svg.finish(), "<g class=\"a&quot;b&lt;c\" x=\"1.3\" y=\"0\"><title>&lt;script&gt;&amp;</title></g>");
    }
}
