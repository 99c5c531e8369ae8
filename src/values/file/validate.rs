//! Problems with a framework file's content, named as the file names them.

use crate::values::model::{Framework, MAX_ITEMS, MAX_LINE, MAX_STATEMENT};
use crate::yaml::locate::{Seg, parse_path};

/// The field as written in the file for a field of [`Framework::check`]:
/// the vision's statement is `vision.statement`, and a problem with one
/// item of a list names the first item at fault.
pub(super) fn file_field(framework: &Framework, field: &str) -> String {
    if field == "vision" {
        return "vision.statement".to_owned();
    }
    let list = match parse_path(field).as_slice() {
        [Seg::Key("vision"), Seg::Key("supporting")] => Some((&framework.vision.supporting, MAX_STATEMENT)),
        [Seg::Key("values"), Seg::Index(i), Seg::Key("commitments")] => {
            framework.values.get(*i).map(|v| (&v.commitments, MAX_LINE))
        }
        [Seg::Key("values"), Seg::Index(i), Seg::Key("behaviours")] => {
            framework.values.get(*i).map(|v| (&v.behaviours, MAX_LINE))
        }
        [Seg::Key("principles"), Seg::Index(i), Seg::Key("items")] => {
            framework.principles.get(*i).map(|g| (&g.items, MAX_LINE))
        }
        _ => None,
    };
    // A list that is too long is a problem with the whole list.
    if let Some((items, max)) = list
        && items.len() <= MAX_ITEMS
        && let Some(j) = items.iter().position(|item| {
            item.chars().count() > max || item.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        })
    {
        return format!("{field}[{j}]");
    }
    field.to_owned()
}

/// The field with which value or group it is in, counted from 1 as people
/// count: `values[1].promise (value 2, “Kind”)`.
pub(super) fn described(framework: &Framework, field: &str) -> String {
    let path = parse_path(field);
    let (what, name) = match path.as_slice() {
        [Seg::Key("values"), Seg::Index(i), Seg::Key("name")] if framework.values[*i].name.trim().is_empty() => {
            // "Value 3 needs a name" says it already.
            return field.to_owned();
        }
        [Seg::Key("values"), Seg::Index(i), ..] => ("value", &framework.values[*i].name),
        [Seg::Key("principles"), Seg::Index(i), ..] => ("group of principles", &framework.principles[*i].heading),
        _ => return field.to_owned(),
    };
    let Some(Seg::Index(i)) = path.get(1) else { return field.to_owned() };
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        format!("{field} ({what} {})", i + 1)
    } else {
        format!("{field} ({what} {}, “{name}”)", i + 1)
    }
}
