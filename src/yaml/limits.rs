//! What an Ethos YAML file may not be, checked before it is read for real:
//! larger than its format allows, nested deeper than [`MAX_DEPTH`], or
//! carrying YAML tags. The YAML reader builds the whole document before the fields
//! are checked, so a huge or deeply nested file would cost seconds and
//! hundreds of megabytes before being refused; these checks stream the
//! file's events and stop at the first fault.

use yaml_rust2::parser::{Event, Parser, Tag};

use super::{FileError, Format, Problem};

/// Deepest nesting of lists and groups of fields: a framework file needs
/// six (translations → language → values → value → lines → line), a
/// strategy file six too (years → year → objective → updates → update →
/// evidence).
pub const MAX_DEPTH: usize = 10;

/// Refuses a file over the format's size before anything else is done with it.
pub(super) fn check_size(len: usize, format: &Format) -> Result<(), FileError> {
    if len <= format.max_bytes {
        return Ok(());
    }
    Err(FileError::one(Problem {
        line: None,
        column: None,
        field: String::new(),
        message: format!(
            "the file is {} KiB; a {} may be at most {} KiB",
            len.div_ceil(1024),
            format.noun,
            format.max_bytes / 1024
        ),
    }))
}

/// Refuses nesting beyond [`MAX_DEPTH`] and any tag (`!!python/object`,
/// `!custom` …), at the line where it starts. Syntax errors are left for
/// the YAML reader to report, in its words.
pub(super) fn check_shape(text: &str, format: &Format) -> Result<(), FileError> {
    // Even a streaming YAML reader slows down with every level of brackets
    // or of `- - -` on one line (its work per token grows with the depth),
    // so those are counted in one pass over the text first.
    if let Some(line) = too_deep_on_a_line(text) {
        return Err(FileError::one(Problem {
            line: Some(line),
            column: None,
            field: String::new(),
            message: too_deep(format),
        }));
    }
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        let Ok((event, mark)) = parser.next_token() else { return Ok(()) };
        let problem = |message: String| {
            Err(FileError::one(Problem {
                line: Some(mark.line()),
                column: Some(mark.col() + 1),
                field: String::new(),
                message,
            }))
        };
        let tag = match &event {
            Event::StreamEnd => return Ok(()),
            Event::SequenceStart(_, tag) | Event::MappingStart(_, tag) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return problem(too_deep(format));
                }
                tag
            }
            Event::SequenceEnd | Event::MappingEnd => {
                depth = depth.saturating_sub(1);
                &None
            }
            Event::Scalar(_, _, _, tag) => tag,
            _ => &None,
        };
        if let Some(tag) = tag {
            return problem(format!(
                "“{}” is a YAML tag, and tags are not allowed in a {}; remove it and write the text or list plainly",
                written(tag),
                format.noun
            ));
        }
    }
}

fn too_deep(format: &Format) -> String {
    format!("lists and fields are nested more than {MAX_DEPTH} deep here; a {} never needs that", format.noun)
}

/// The line on which brackets (`[`, `{`) or list dashes (`- - -`) open more
/// than [`MAX_DEPTH`] levels, counting only where YAML could open one: at
/// the start of a line or value, or inside brackets. Quoted texts, block
/// texts (`|`, `>`) and comments are skipped. A file this lets through goes
/// on to the full check, which has the last word.
fn too_deep_on_a_line(text: &str) -> Option<usize> {
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    // The indentation of the line that opened a block text (`key: |`).
    let mut block: Option<usize> = None;
    for (number, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block = None;
        }
        let mut previous = '\n';
        let mut spaced = true;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if let Some(open) = quote {
                if open == '"' && c == '\\' {
                    chars.next();
                } else if c == open {
                    if open == '\'' && chars.peek().is_some_and(|&(_, next)| next == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                        previous = c;
                    }
                }
                continue;
            }
            let opens_here = matches!(previous, '\n' | ':' | '-' | '[' | '{' | ',' | '?');
            match c {
                ' ' | '\t' => {
                    spaced = true;
                    continue;
                }
                '#' if spaced => break,
                '\'' | '"' if opens_here => quote = Some(c),
                '|' | '>' if opens_here && flow == 0 => {
                    let header = line[at + 1..].split(" #").next().unwrap_or("").trim();
                    if header.chars().all(|h| matches!(h, '-' | '+' | '1'..='9')) {
                        block = Some(indent);
                        break;
                    }
                }
                '[' | '{' if opens_here => {
                    flow += 1;
                    if flow > MAX_DEPTH {
                        return Some(number + 1);
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                '-' if flow == 0 && opens_here && line[at + 1..].starts_with([' ', '\t']) => {
                    // `- - - x` nests a list per dash.
                    let dashes =
                        line[at..].split_whitespace().take_while(|word| *word == "-").take(MAX_DEPTH + 1).count();
                    if dashes > MAX_DEPTH {
                        return Some(number + 1);
                    }
                }
                _ => {}
            }
            previous = c;
            spaced = false;
        }
    }
    None
}

/// A tag as it was most likely written.
fn written(tag: &Tag) -> String {
    match tag.handle.as_str() {
        "tag:yaml.org,2002:" => format!("!!{}", tag.suffix),
        "!" => format!("!{}", tag.suffix),
        handle => format!("{handle}{}", tag.suffix),
    }
}
