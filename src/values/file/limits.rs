//! What a framework file may not be, checked before it is read for real:
//! larger than [`MAX_BYTES`], nested deeper than [`MAX_DEPTH`], or carrying
//! YAML tags. The YAML reader builds the whole document before the fields
//! are checked, so a huge or deeply nested file would cost seconds and
//! hundreds of megabytes before being refused; these checks stream the
//! file's events and stop at the first fault.

use yaml_rust2::parser::{Event, Parser, Tag};

use super::{FileError, Problem};

/// Largest file accepted: far more than any real framework (the texts of
/// one at every editor limit, with translations, fit in much less).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// Deepest nesting of lists and groups of fields: a framework file needs
/// six (translations → language → values → value → lines → line).
pub const MAX_DEPTH: usize = 10;

/// Refuses a file over [`MAX_BYTES`] before anything else is done with it.
pub(super) fn check_size(len: usize) -> Result<(), FileError> {
    if len <= MAX_BYTES {
        return Ok(());
    }
    Err(FileError::one(Problem {
        line: None,
        column: None,
        field: String::new(),
        message: format!(
            "the file is {} KiB; a framework file may be at most {} KiB",
            len.div_ceil(1024),
            MAX_BYTES / 1024
        ),
    }))
}

/// Refuses nesting beyond [`MAX_DEPTH`] and any tag (`!!python/object`,
/// `!custom` …), at the line where it starts. Syntax errors are left for
/// the YAML reader to report, in its words.
pub(super) fn check_shape(text: &str) -> Result<(), FileError> {
    // Even a streaming YAML reader slows down with every level of brackets
    // or of `- - -` on one line (its work per token grows with the depth),
    // so those are counted in one pass over the text first.
    if let Some(line) = too_deep_on_a_line(text) {
        return Err(FileError::one(Problem {
            line: Some(line),
            column: None,
            field: String::new(),
            message: too_deep(),
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
                    return problem(too_deep());
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
                "“{}” is a YAML tag, and tags are not allowed in a framework file; remove it and write the text or list plainly",
                written(tag)
            ));
        }
    }
}

fn too_deep() -> String {
    format!("lists and fields are nested more than {MAX_DEPTH} deep here; a framework file never needs that")
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

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::super::import;
    use super::*;

    fn refused(text: &str) -> Problem {
        let error = import(text.as_bytes()).expect_err("the file should be refused");
        assert_eq!(error.problems.len(), 1, "{error}");
        error.problems.into_iter().next().unwrap()
    }

    #[test]
    fn nesting_a_hundred_thousand_deep_is_refused_at_once() {
        let deep = 100_000;
        for text in [
            format!("schema: ethos/framework/v1\nvalues: {}{}\n", "[".repeat(deep), "]".repeat(deep)),
            format!("schema: ethos/framework/v1\nvalues:\n{}x\n", "- ".repeat(deep)),
        ] {
            let started = Instant::now();
            let problem = refused(&text);
            assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
            assert_eq!(problem.line, Some(2 + usize::from(text.contains("- -"))));
            assert!(problem.message.contains("nested more than 10 deep"), "{}", problem.message);
        }
    }

    #[test]
    fn a_file_over_two_megabytes_is_refused_before_it_is_read() {
        let text = format!("schema: ethos/framework/v1\nvalues:\n{}", "- name: x\n".repeat(300_000));
        let problem = refused(&text);
        assert_eq!(problem.line, None);
        assert_eq!(problem.message, "the file is 2930 KiB; a framework file may be at most 2048 KiB");
    }

    #[test]
    fn a_duplicated_field_is_reported_where_it_is_written_again() {
        let problem = refused("schema: ethos/framework/v1\nmission: One\nmotto: Two\nmission: Three\n");
        assert_eq!((problem.line, problem.message.as_str()), (Some(4), "“mission” is written twice; keep one"));
        let nested =
            refused("schema: ethos/framework/v1\nvalues:\n- key: kind\n  name: Kind\n  promise: ''\n  name: Kinder\n");
        assert_eq!(nested.line, Some(6), "{nested:?}");
        assert!(nested.message.contains("“name” is written twice"), "{nested:?}");
    }

    #[test]
    fn a_yaml_tag_is_refused_as_a_tag_at_its_line() {
        let problem = refused("schema: ethos/framework/v1\nmotto: ''\nvalues: !!python/object:os.system [ls]\n");
        assert_eq!(problem.line, Some(3));
        assert_eq!(
            problem.message,
            "“!!python/object:os.system” is a YAML tag, and tags are not allowed in a framework file; \
             remove it and write the text or list plainly"
        );
        let local = refused("schema: ethos/framework/v1\nmission: !secret text\n");
        assert!(local.message.starts_with("“!secret” is a YAML tag"), "{}", local.message);
    }
}
