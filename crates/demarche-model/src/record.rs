//! The fields of a JSON record and the JSON types each accepts: one validator for every path
//! that reads records (`demarche ingest` of JSON Lines and arrays, the `demarche annotate`
//! filter), so that a record one accepts the other accepts too, and a record one rejects the
//! other rejects for the same reason.
//!
//! ```
//! use demarche_model::record::{field_text, text_field, Role};
//! use serde_json::json;
//! assert_eq!(text_field(&json!("The talks went on.")), Ok("The talks went on."));
//! assert_eq!(
//!     text_field(&json!(12)).unwrap_err(),
//!     "field \"text\" is a number, not a string"
//! );
//! assert_eq!(field_text(Role::Outlet, "source", &json!({"name": "TASS"})), Ok(Some("TASS".into())));
//! assert_eq!(field_text(Role::Date, "date", &json!(1700000000)), Ok(Some("1700000000".into())));
//! assert!(field_text(Role::Title, "title", &json!(5)).is_err());
//! assert_eq!(field_text(Role::Title, "title", &json!(null)), Ok(None));
//! ```

use serde_json::Value;

/// What a record field is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The document text: a string.
    Text,
    /// The title: a string.
    Title,
    /// The publication date: a string, or a number (Unix time).
    Date,
    /// The URL: a string.
    Url,
    /// The outlet: a string, or an object with a `name` (or `title`).
    Outlet,
    /// The author: a string, an object with a `name`, or an array of those.
    Author,
    /// The language code: a string.
    Lang,
    /// The record's id: a string or a number.
    Id,
}

impl Role {
    /// The role's name (`text`, `title`, `date`, `url`, `outlet`, `author`, `lang`, `id`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Text => "text",
            Role::Title => "title",
            Role::Date => "date",
            Role::Url => "url",
            Role::Outlet => "outlet",
            Role::Author => "author",
            Role::Lang => "lang",
            Role::Id => "id",
        }
    }

    /// The role named `name`.
    pub fn named(name: &str) -> Option<Role> {
        [
            Role::Text,
            Role::Title,
            Role::Date,
            Role::Url,
            Role::Outlet,
            Role::Author,
            Role::Lang,
            Role::Id,
        ]
        .into_iter()
        .find(|r| r.name() == name)
    }

    fn wanted(self) -> &'static str {
        match self {
            Role::Text | Role::Title | Role::Url | Role::Lang => "a string",
            Role::Date | Role::Id => "a string or a number",
            Role::Outlet => "a string or an object with a \"name\"",
            Role::Author => "a string, an object with a \"name\", or a list of those",
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(role: Role, field: &str, v: &Value) -> String {
    format!("field {field:?} is {}, not {}", kind(v), role.wanted())
}

/// The name of an object (`name`, `title`, `text` or `@value`, a string), if it has one.
fn object_name(v: &Value) -> Option<&str> {
    let o = v.as_object()?;
    ["name", "title", "text", "@value"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
}

/// The text of the record's `text` field.
///
/// # Errors
/// The value is not a string: `field "text" is a number, not a string`.
pub fn text_field(v: &Value) -> Result<&str, String> {
    text_field_named("text", v)
}

/// The text of a field that holds the document text, named `field` in the record.
///
/// # Errors
/// The value is not a string.
pub fn text_field_named<'v>(field: &str, v: &'v Value) -> Result<&'v str, String> {
    v.as_str().ok_or_else(|| wrong(Role::Text, field, v))
}

/// The value of a metadata field as text (`None` for `null`), or why the record is wrong.
///
/// # Errors
/// The value has a type the role does not accept (a number for a title, an array for a
/// language): `field "title" is a number, not a string`.
pub fn field_text(role: Role, field: &str, v: &Value) -> Result<Option<String>, String> {
    if v.is_null() {
        return Ok(None);
    }
    let bad = || Err(wrong(role, field, v));
    match role {
        Role::Text => text_field_named(field, v).map(|s| Some(s.to_string())),
        Role::Title | Role::Url | Role::Lang => match v {
            Value::String(s) => Ok(Some(s.clone())),
            _ => bad(),
        },
        Role::Date | Role::Id => match v {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Number(n) => Ok(Some(n.to_string())),
            _ => bad(),
        },
        Role::Outlet => match v {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Object(_) => match object_name(v) {
                Some(n) => Ok(Some(n.to_string())),
                None => bad(),
            },
            _ => bad(),
        },
        Role::Author => match v {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Object(_) => match object_name(v) {
                Some(n) => Ok(Some(n.to_string())),
                None => bad(),
            },
            Value::Array(items) => {
                let mut names = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => names.push(s.as_str()),
                        Value::Object(_) if object_name(item).is_some() => {
                            names.extend(object_name(item))
                        }
                        Value::Null => {}
                        _ => return bad(),
                    }
                }
                Ok((!names.is_empty()).then(|| names.join(", ")))
            }
            _ => bad(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_role_takes_its_types() {
        assert_eq!(
            text_field(&json!(["a"])).unwrap_err(),
            "field \"text\" is an array, not a string"
        );
        assert_eq!(
            field_text(Role::Author, "authors", &json!(["A", {"name": "B"}])),
            Ok(Some("A, B".into()))
        );
        assert!(field_text(Role::Author, "authors", &json!([1])).is_err());
        assert!(field_text(Role::Outlet, "source", &json!({"id": 3})).is_err());
        assert!(field_text(Role::Lang, "lang", &json!(true)).is_err());
        assert_eq!(
            field_text(Role::Id, "id", &json!(7)),
            Ok(Some("7".to_string()))
        );
        assert_eq!(Role::named("outlet"), Some(Role::Outlet));
    }
}
