//! Finding a field's line and column in a file.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// `values[2].name` → `values`, `2`, `name`.
pub(crate) fn parse_path(field: &str) -> Vec<Seg<'_>> {
    let mut path = Vec::new();
    for part in field.split('.') {
        let (key, indexes) = part.split_once('[').map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            path.push(Seg::Key(key));
        }
        for index in indexes.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                path.push(Seg::Index(i));
            }
        }
    }
    path
}

/// Line and column of `field` in the file: of its key for a field, of the
/// item for a list item. A field that is not written is placed at the
/// nearest part of its path that is.
pub(crate) fn locate(text: &str, field: &str) -> Option<(usize, usize)> {
    let path = parse_path(field);
    (1..=path.len()).rev().find_map(|n| find(text, &path[..n], 0))
}

/// Line and column of the second time the key `field` is written in its
/// group of fields (a duplicated key), if it is.
pub(crate) fn locate_repeat(text: &str, field: &str) -> Option<(usize, usize)> {
    find(text, &parse_path(field), 1)
}

/// Marks the error that [`Find`] raises where it arrives.
const FOUND: &str = "ethos: found the field";

/// Reads the file again and stops with an error at `path`: the YAML reader
/// gives every error the place it happened, which is the place we want.
fn find(text: &str, path: &[Seg<'_>], skip: usize) -> Option<(usize, usize)> {
    match (Find { path, skip }).deserialize(serde_yaml_ng::Deserializer::from_str(text)) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

/// The walk along `path`; at its last key, the first `skip` times the key
/// is written are passed over.
struct Find<'p> {
    path: &'p [Seg<'p>],
    skip: usize,
}

impl<'de> DeserializeSeed<'de> for Find<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Find<'_> {
    /// At the end of the path every node is the one; elsewhere a scalar
    /// means the path does not go on.
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() { Err(E::custom(FOUND)) } else { Ok(()) }
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("anything")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else { return Err(de::Error::custom(FOUND)) };
        let Seg::Key(want) = *first else { return Ok(()) };
        let mut seen = 0;
        while let Some(key) = map.next_key_seed(Key { want, here: rest.is_empty() && seen == self.skip })? {
            if key == want && !rest.is_empty() {
                return map.next_value_seed(Find { path: rest, skip: self.skip });
            }
            if key == want {
                seen += 1;
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else { return Err(de::Error::custom(FOUND)) };
        let Seg::Index(want) = *first else { return Ok(()) };
        for _ in 0..want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Find { path: rest, skip: self.skip }).map(|_| ())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
}

/// A mapping key; stops with [`FOUND`] at the wanted key when it is the end
/// of the path, so the place is the key's.
struct Key<'a> {
    want: &'a str,
    here: bool,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
        if self.here && key == self.want { Err(E::custom(FOUND)) } else { Ok(key.to_owned()) }
    }
}
