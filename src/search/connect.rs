//! What connects a passage to the rest of the archive, as search answers show it: resolved
//! references and `cited_by` on every hit and passage, the original of a hit that copies
//! minutes published elsewhere, which acronym expansion a hit matched
//! through, and a person's record (meetings attended, apologies, passages where they spoke).
//!
//! In: an open index (its `link`, `outline` and `vocabulary` records, see
//! [`crate::index::links`]). Out: the additive fields of [`Hit`], [`PassageLinks`] for
//! `GET /api/passages/{id}`, and [`PersonRecord`] for `GET /api/people/{name}`.

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::Searcher;

use super::build::Expansion;
use super::{Engine, Hit, SearchError};
use crate::index::links::{self, expansion_key, Citation};
use crate::index::record::DocumentSummary;
use crate::index::resolve::Outline;
use crate::index::Fields;
use crate::model::{Attendee, Meeting, Reference, Speaker};
use crate::understand::people::person_key;

/// Fill in each hit's resolved references, citations and matched expansions.
pub fn annotate_hits(
    searcher: &Searcher,
    fields: &Fields,
    hits: &mut [Hit],
    expansions: &[Expansion],
) -> Result<(), SearchError> {
    for hit in hits {
        hit.references = links::references_of(searcher, fields, &hit.id, &hit.references)?;
        hit.cited_by = links::cited_by(
            searcher,
            fields,
            &hit.id,
            &hit.document.id,
            hit.item.as_ref().map(|i| i.number.as_str()),
        )?;
        let (copy_of, _) = links::copy_links(searcher, fields, &hit.document.id)?;
        hit.copy_of = copy_of
            .into_iter()
            .find(|c| c.reprint == hit.published_in.is_some() && c.copy.date == hit.meeting.date)
            .map(|c| c.original);
        let title = hit.item.as_ref().map_or("", |i| i.title.as_str());
        hit.expansions = expansions
            .iter()
            .filter(|e| mentions(&hit.text, e.added()) || mentions(title, e.added()))
            .cloned()
            .collect();
    }
    Ok(())
}

/// True when `text` contains `form` as whole words (case, hyphens and spacing ignored).
pub fn mentions(text: &str, form: &str) -> bool {
    let form = expansion_key(form);
    !form.is_empty() && format!(" {} ", expansion_key(text)).contains(&format!(" {form} "))
}

/// A passage's connections, for the passage view (`GET /api/passages/{id}`).
#[derive(Debug, Clone, Serialize)]
pub struct PassageLinks {
    /// Passage id.
    pub id: String,
    /// What it cites, resolved.
    pub references: Vec<Reference>,
    /// Who cites it (or its item).
    pub cited_by: Vec<Citation>,
    /// Who speaks in it.
    pub speakers: Vec<Speaker>,
}

/// One meeting a person is listed at.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// The minutes listing them.
    pub document: DocumentSummary,
    /// The meeting.
    pub meeting: Meeting,
    /// Which list: `chair`, `present`, `co_opted`, `also_present`, `officers`, `apologies`.
    pub list: &'static str,
    /// As listed, with party and role where the paper gives them.
    pub attendee: Attendee,
}

/// A passage where a person speaks.
#[derive(Debug, Clone, Serialize)]
pub struct Spoke {
    /// Passage id.
    pub id: String,
    /// Its document.
    pub document: DocumentSummary,
    /// Its item number.
    pub item: Option<String>,
    /// The meeting date.
    pub date: Option<NaiveDate>,
    /// How the paper names them there ("Councillor Nicholas Bennett JP").
    pub display: String,
    /// The passage's first line.
    pub excerpt: String,
}

/// What the archive says about one person (`GET /api/people/{name}`).
#[derive(Debug, Clone, Serialize)]
pub struct PersonRecord {
    /// The name asked for, titles and post-nominals removed.
    pub name: String,
    /// Meetings where they are listed as attending (chair, present, co-opted, also present,
    /// officers), oldest first.
    pub attended: Vec<Listed>,
    /// Meetings they sent apologies to.
    pub apologies: Vec<Listed>,
    /// Passages where they speak, oldest first.
    pub spoke: Vec<Spoke>,
}

fn summary(o: &Outline) -> DocumentSummary {
    DocumentSummary {
        id: o.id.clone(),
        path: o.path.clone(),
        title: o.title.clone(),
        doc_type: o.doc_type,
        url: None,
    }
}

impl Engine {
    /// The references, citations and speakers of passage `id`; `None` when there is no such
    /// passage.
    pub fn passage_links(&self, id: &str) -> Result<Option<PassageLinks>, SearchError> {
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        let Some(record) = links::locate_passage(&searcher, fields, id)? else {
            return Ok(None);
        };
        let p = record.passage;
        Ok(Some(PassageLinks {
            references: links::references_of(&searcher, fields, &p.id, &p.references)?,
            cited_by: links::cited_by(
                &searcher,
                fields,
                &p.id,
                &record.document.id,
                p.item.as_ref().map(|i| i.number.as_str()),
            )?,
            speakers: p.speakers,
            id: p.id,
        }))
    }

    /// Meetings `name` attended or sent apologies to, and passages where they spoke. Names
    /// compare without titles, post-nominals or case ("Cllr Nicholas Bennett JP").
    pub fn person(&self, name: &str) -> Result<PersonRecord, SearchError> {
        let searcher = self.handle().reader.searcher();
        let fields = &self.handle().fields;
        let key = person_key(name);
        let mut outlines = links::outlines_naming(&searcher, fields, &key)?;
        outlines.sort_by(|a, b| (a.meeting.date, &a.path).cmp(&(b.meeting.date, &b.path)));
        let mut record = PersonRecord {
            name: crate::understand::people::normalise_name(name),
            attended: Vec::new(),
            apologies: Vec::new(),
            spoke: Vec::new(),
        };
        for o in &outlines {
            let a = &o.attendance;
            let lists: [(&'static str, &[Attendee]); 6] = [
                ("chair", a.chair.as_slice()),
                ("present", &a.present),
                ("co_opted", &a.co_opted),
                ("also_present", &a.also_present),
                ("officers", &a.officers),
                ("apologies", &a.apologies),
            ];
            for (list, people) in lists {
                for person in people.iter().filter(|p| person_key(&p.name) == key) {
                    let listed = Listed {
                        document: summary(o),
                        meeting: o.meeting.clone(),
                        list,
                        attendee: person.clone(),
                    };
                    if list == "apologies" {
                        record.apologies.push(listed);
                    } else {
                        record.attended.push(listed);
                    }
                }
            }
            for p in &o.passages {
                let speaker = p
                    .speakers
                    .iter()
                    .find(|s| s.name.as_deref().is_some_and(|n| person_key(n) == key));
                if let Some(s) = speaker {
                    record.spoke.push(Spoke {
                        id: p.id.clone(),
                        document: summary(o),
                        item: p.item.clone(),
                        date: o.meeting.date,
                        display: s.display.clone(),
                        excerpt: p.excerpt.clone(),
                    });
                }
            }
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_whole_words_ignoring_case_and_hyphens() {
        assert!(mentions(
            "the Multi-Agency Safeguarding Hub (MASH);",
            "Multi Agency Safeguarding Hub"
        ));
        assert!(mentions("the MASH team", "MASH"));
        assert!(!mentions("the MASHED team", "MASH"));
        assert!(!mentions("anything", ""));
    }
}
