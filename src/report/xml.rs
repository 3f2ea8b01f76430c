//! The IAM Query API's XML wire response, turned into the JSON shape the
//! rest of the core reads.
//!
//! `<GetServiceLastAccessedDetailsResponse>` holds a
//! `<GetServiceLastAccessedDetailsResult>` whose elements are named like the
//! JSON keys; list items are `<member>` elements. The same holds for the
//! `…WithEntities` and `GetOrganizationsAccessReport` responses. An
//! `<ErrorResponse>` becomes `{"Error": {…}}`, which the input layer names.
//!
//! ```
//! use lastaccessed::report::xml::to_json;
//! let json = to_json("<GetServiceLastAccessedDetailsResponse><GetServiceLastAccessedDetailsResult>\
//!   <JobStatus>COMPLETED</JobStatus><IsTruncated>false</IsTruncated><ServicesLastAccessed>\
//!   <member><ServiceNamespace>s3</ServiceNamespace><TotalAuthenticatedEntities>0</TotalAuthenticatedEntities></member>\
//!   </ServicesLastAccessed></GetServiceLastAccessedDetailsResult></GetServiceLastAccessedDetailsResponse>").unwrap();
//! assert_eq!(json, r#"{"JobStatus":"COMPLETED","IsTruncated":false,"ServicesLastAccessed":[{"ServiceNamespace":"s3","TotalAuthenticatedEntities":0}]}"#);
//! ```

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::error::{Error, ErrorKind};

const MAX_DEPTH: usize = 128;

/// Elements that are lists of `<member>`s even when empty or with one item.
const LISTS: [&str; 4] = [
    "ServicesLastAccessed",
    "TrackedActionsLastAccessed",
    "EntityDetailsList",
    "AccessDetails",
];
const BOOLS: [&str; 1] = ["IsTruncated"];
const NUMBERS: [&str; 3] = [
    "TotalAuthenticatedEntities",
    "NumberOfServicesAccessible",
    "NumberOfServicesNotAccessed",
];

#[derive(Default)]
struct Node {
    name: String,
    children: Vec<Node>,
    text: String,
}

fn xml_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidXml {
        message: message.into(),
    })
}

/// XML text → JSON text of the response inside it.
pub fn to_json(text: &str) -> Result<String, Error> {
    let root = tree(text)?;
    let result = root
        .children
        .iter()
        .find(|c| c.name.ends_with("Result"))
        .filter(|_| root.name.ends_with("Response"));
    let value = match result {
        Some(r) => convert(r),
        None if root.name == "ErrorResponse" => {
            let mut m = Map::new();
            m.insert("Error".into(), convert(&root));
            Value::Object(m)
        }
        None => {
            let mut m = Map::new();
            m.insert(root.name.clone(), convert(&root));
            Value::Object(m)
        }
    };
    Ok(value.to_string())
}

/// Parse into a tree, without recursion.
fn tree(text: &str) -> Result<Node, Error> {
    // Text is kept whole (entity references split it) and trimmed per leaf.
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    let at = |reader: &Reader<&[u8]>| reader.buffer_position();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(format!("{e} (near byte {})", at(&reader))))?;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(xml_error("nested too deeply"));
                }
                stack.push(Node {
                    name: local(e.name().as_ref()),
                    ..Node::default()
                });
            }
            Event::Empty(e) => {
                let node = Node {
                    name: local(e.name().as_ref()),
                    ..Node::default()
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().filter(|_| !stack.is_empty());
                match (node, stack.last_mut()) {
                    (Some(node), Some(parent)) => parent.children.push(node),
                    _ => return Err(xml_error("unbalanced closing tag")),
                }
            }
            Event::Text(t) => {
                let s = t
                    .xml_content()
                    .map_err(|e| xml_error(format!("{e} (near byte {})", at(&reader))))?;
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => {
                        let name = String::from_utf8_lossy(&r).to_string();
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }
                };
                match (resolved, stack.last_mut()) {
                    (Some(s), Some(n)) => n.text.push_str(&s),
                    (None, _) => return Err(xml_error("unknown entity reference")),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(xml_error(
            "the document ends before its elements close (truncated?)",
        ));
    }
    let mut top = stack.pop().unwrap_or_default();
    match top.children.len() {
        1 => Ok(top.children.remove(0)),
        0 => Err(xml_error("no root element")),
        _ => Err(xml_error("more than one root element")),
    }
}

/// Drop a namespace prefix.
fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    s.rsplit(':').next().unwrap_or_default().to_string()
}

fn convert(node: &Node) -> Value {
    if LISTS.contains(&node.name.as_str()) {
        return Value::Array(node.children.iter().map(convert).collect());
    }
    if node.children.is_empty() {
        let text = node.text.trim().to_string();
        if BOOLS.contains(&node.name.as_str()) {
            return match text.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text),
            };
        }
        if NUMBERS.contains(&node.name.as_str()) {
            if let Ok(n) = text.parse::<u64>() {
                return Value::from(n);
            }
        }
        return Value::String(text);
    }
    if node.children.iter().all(|c| c.name == "member") {
        return Value::Array(node.children.iter().map(convert).collect());
    }
    let mut map = Map::new();
    for c in &node.children {
        map.insert(c.name.clone(), convert(c));
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_response_and_entities() {
        let j = to_json("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Job &lt;x&gt; not found</Message></Error><RequestId>1</RequestId></ErrorResponse>").unwrap();
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["Error"]["Error"]["Code"], "NoSuchEntity");
        assert_eq!(v["Error"]["Error"]["Message"], "Job <x> not found");
        let j = to_json("<R><GetXResult><EntityDetailsList/></GetXResult></R>").unwrap();
        assert_eq!(j, r#"{"R":{"GetXResult":{"EntityDetailsList":[]}}}"#);
    }

    #[test]
    fn bad_xml_is_an_error() {
        for bad in ["<a><b></a>", "<a>", "<a></a><b></b>", "<a>&nope;</a>"] {
            assert!(to_json(bad).is_err(), "{bad}");
        }
        let deep = "<a>".repeat(1000);
        assert!(to_json(&deep).is_err());
    }
}
