//! The thread of one matter across meetings: start at a passage or an item, follow its
//! references back ("Previous Reference: Minute 46 (2018/19)") and citations forward (later
//! papers citing it), and list every item reached, ordered by meeting date.
//!
//! In: a passage id, or an item id `DOCID:NUMBER` ([`crate::index::links::item_key`]). Out: a
//! [`Thread`] whose steps each give the meeting, the item, a one-line excerpt and the links
//! that connect it. `quorum refs ID` prints it; `GET /api/items/{id}/thread` can serve it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use super::{Engine, SearchError};
use crate::index::links::{self, item_key};
use crate::index::record::DocumentSummary;
use crate::index::resolve::{Link, Outline};
use crate::limits::MAX_THREAD_STEPS;
use crate::model::{ItemRef, Meeting, RefKind};

/// A matter's thread, oldest meeting first.
#[derive(Debug, Clone, Serialize)]
pub struct Thread {
    /// The id asked for.
    pub id: String,
    /// Every item reached, ordered by meeting date (undated last).
    pub steps: Vec<Step>,
    /// True when the thread was cut at [`MAX_THREAD_STEPS`].
    pub truncated: bool,
}

/// One item of a thread.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// The item's id (`DOCID:NUMBER`), or the passage id for text outside any item.
    pub id: String,
    /// The item's first passage (a permalink).
    pub passage: String,
    /// The paper.
    pub document: DocumentSummary,
    /// Its meeting.
    pub meeting: Meeting,
    /// The item.
    pub item: Option<ItemRef>,
    /// The first line of the item's first passage.
    pub excerpt: String,
    /// True for the step the thread started from.
    pub start: bool,
    /// The links that connect this step to others in the thread.
    pub links: Vec<Connection>,
}

/// A link between two steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Connection {
    /// `cites` (this step cites `other`) or `cited_by` (`other` cites this step).
    pub direction: &'static str,
    /// The other step's id.
    pub other: String,
    /// The kind of reference.
    pub kind: RefKind,
    /// The reference as printed.
    pub text: String,
}

/// A node of the thread: an item of a document, or a lone passage outside any item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Node {
    document: String,
    item: Option<String>,
    /// The passage, for nodes outside any item.
    passage: Option<String>,
}

impl Node {
    fn id(&self) -> String {
        match (&self.item, &self.passage) {
            (Some(item), _) => item_key(&self.document, item),
            (None, Some(p)) => p.clone(),
            (None, None) => self.document.clone(),
        }
    }

    fn source_of(link: &Link) -> Node {
        Node {
            document: link.document.clone(),
            item: link.item.clone(),
            passage: link.item.is_none().then(|| link.source.clone()),
        }
    }

    fn target_of(link: &Link) -> Option<Node> {
        let t = link.reference.target.as_ref()?;
        Some(Node {
            document: t.document.clone(),
            item: t.item.clone(),
            passage: t.item.is_none().then(|| t.id.clone()),
        })
    }
}

impl Engine {
    /// The thread through passage or item `id`; `None` when there is no such passage or item.
    pub fn thread(&self, id: &str) -> Result<Option<Thread>, SearchError> {
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        let Some(start) = self.start_node(id)? else {
            return Ok(None);
        };
        let mut seen: BTreeSet<Node> = BTreeSet::from([start.clone()]);
        let mut queue = VecDeque::from([start.clone()]);
        let mut connections: BTreeMap<Node, Vec<Connection>> = BTreeMap::new();
        let mut truncated = false;
        while let Some(node) = queue.pop_front() {
            let outgoing = match (&node.item, &node.passage) {
                (Some(item), _) => {
                    links::links_from(&searcher, fields, &item_key(&node.document, item))?
                }
                (None, Some(p)) => links::links_from(&searcher, fields, p)?,
                _ => Vec::new(),
            };
            let target_passage = match &node.passage {
                Some(p) => p.clone(),
                None => String::new(),
            };
            let incoming = links::links_to(
                &searcher,
                fields,
                &target_passage,
                &node.document,
                node.item.as_deref(),
            )?;
            let mut next: Vec<(Node, Connection, Connection)> = Vec::new();
            for link in &outgoing {
                let Some(to) = Node::target_of(link) else {
                    continue;
                };
                if to == node {
                    continue;
                }
                next.push((
                    to.clone(),
                    connection("cites", &to, link),
                    connection("cited_by", &node, link),
                ));
            }
            for link in &incoming {
                let from = Node::source_of(link);
                if from == node {
                    continue;
                }
                next.push((
                    from.clone(),
                    connection("cited_by", &from, link),
                    connection("cites", &node, link),
                ));
            }
            for (other, here, there) in next {
                push_unique(connections.entry(node.clone()).or_default(), here);
                push_unique(connections.entry(other.clone()).or_default(), there);
                if seen.contains(&other) {
                    continue;
                }
                if seen.len() >= MAX_THREAD_STEPS {
                    truncated = true;
                    continue;
                }
                seen.insert(other.clone());
                queue.push_back(other);
            }
        }
        let mut outlines: BTreeMap<String, Option<Outline>> = BTreeMap::new();
        let mut steps = Vec::new();
        for node in &seen {
            if !outlines.contains_key(&node.document) {
                let o = links::outline(&searcher, fields, &node.document)?;
                outlines.insert(node.document.clone(), o);
            }
            let Some(Some(outline)) = outlines.get(&node.document) else {
                continue;
            };
            if let Some(step) = step(outline, node, node == &start, connections.remove(node)) {
                steps.push(step);
            }
        }
        steps.sort_by(|a, b| {
            let key = |s: &Step| {
                (
                    s.meeting.date.is_none(),
                    s.meeting.date,
                    s.document.path.clone(),
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| item_order(a).cmp(&item_order(b)))
        });
        Ok(Some(Thread {
            id: id.to_string(),
            steps,
            truncated,
        }))
    }

    fn start_node(&self, id: &str) -> Result<Option<Node>, SearchError> {
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        if let Some((document, number)) = id.split_once(':') {
            let found = links::outline(&searcher, fields, document)?
                .is_some_and(|o| o.item(number).is_some());
            return Ok(found.then(|| Node {
                document: document.to_string(),
                item: Some(number.to_string()),
                passage: None,
            }));
        }
        let Some(record) = links::locate_passage(&searcher, fields, id)? else {
            return Ok(None);
        };
        let item = record.passage.item.map(|i| i.number);
        Ok(Some(Node {
            document: record.document.id,
            passage: item.is_none().then(|| id.to_string()),
            item,
        }))
    }
}

fn connection(direction: &'static str, other: &Node, link: &Link) -> Connection {
    Connection {
        direction,
        other: other.id(),
        kind: link.reference.kind,
        text: link.reference.text.clone(),
    }
}

fn push_unique(list: &mut Vec<Connection>, c: Connection) {
    if !list.contains(&c) {
        list.push(c);
    }
}

/// Numeric item order: "9" before "10", "56A" after "56".
fn item_order(step: &Step) -> (u64, String) {
    let number = step.item.as_ref().map_or("", |i| i.number.as_str());
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), number.to_string())
}

fn step(o: &Outline, node: &Node, start: bool, links: Option<Vec<Connection>>) -> Option<Step> {
    let passage = match (&node.item, &node.passage) {
        (Some(item), _) => o.first_passage(item, None)?,
        (None, Some(p)) => o.passages.iter().find(|x| &x.id == p)?,
        _ => o.passages.first()?,
    };
    Some(Step {
        id: node.id(),
        passage: passage.id.clone(),
        document: DocumentSummary {
            id: o.id.clone(),
            path: o.path.clone(),
            title: o.title.clone(),
            doc_type: o.doc_type,
            url: None,
        },
        meeting: o.meeting.clone(),
        item: node.item.as_ref().and_then(|n| o.item(n)).map(|i| ItemRef {
            number: i.number.clone(),
            title: i.title.clone(),
        }),
        excerpt: passage.excerpt.clone(),
        start,
        links: links.unwrap_or_default(),
    })
}
