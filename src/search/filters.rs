//! Filters: restrictions on council, committee, type, role, year, municipal year, item, date,
//! person speaking and legislation cited.
//!
//! Values within one dimension are alternatives (`committee=A&committee=B` means either);
//! dimensions combine with AND. Filters come from CLI flags, API parameters or the query box
//! (`committee:"Executive"`), and all three end up here.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::SearchError;
use crate::model::{DocType, Role};

/// Every active filter of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    /// Committees (exact names, as facets list them).
    pub committee: Vec<String>,
    /// Councils.
    pub council: Vec<String>,
    /// Passage types.
    pub doc_type: Vec<DocType>,
    /// Passage roles.
    pub role: Vec<Role>,
    /// Calendar years of the meeting date, `2018`.
    pub year: Vec<String>,
    /// UK municipal years (May to April), `2018/19`.
    pub municipal_year: Vec<String>,
    /// Item numbers, `37`.
    pub item: Vec<String>,
    /// Meeting date range, inclusive.
    pub date: Option<DateRange>,
    /// People who speak in the passage (names compared without titles, post-nominals or case).
    pub person: Vec<String>,
    /// Legislation the passage cites, as the `act` facet lists it ("Education Act 1996").
    pub act: Vec<String>,
}

/// The facet dimensions, which filters and facet counts share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Committee.
    Committee,
    /// Council.
    Council,
    /// Passage type.
    Type,
    /// Passage role.
    Role,
    /// Calendar year.
    Year,
    /// Municipal year.
    MunicipalYear,
    /// A person speaking.
    Person,
    /// Legislation cited.
    Act,
}

impl Dimension {
    /// Every dimension, in the order facets are listed.
    pub const ALL: [Dimension; 8] = [
        Dimension::Committee,
        Dimension::Council,
        Dimension::Type,
        Dimension::Role,
        Dimension::Year,
        Dimension::MunicipalYear,
        Dimension::Person,
        Dimension::Act,
    ];

    /// The name of the dimension: its facet field in the index and its key in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Committee => "committee",
            Dimension::Council => "council",
            Dimension::Type => "type",
            Dimension::Role => "role",
            Dimension::Year => "year",
            Dimension::MunicipalYear => "municipal_year",
            Dimension::Person => "person",
            Dimension::Act => "act",
        }
    }
}

impl Filters {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// Add `other`'s values to these; a second date range narrows the first.
    pub fn merge(&mut self, other: Filters) {
        self.committee.extend(other.committee);
        self.council.extend(other.council);
        self.doc_type.extend(other.doc_type);
        self.role.extend(other.role);
        self.year.extend(other.year);
        self.municipal_year.extend(other.municipal_year);
        self.item.extend(other.item);
        self.person.extend(other.person);
        self.act.extend(other.act);
        self.date = match (self.date.take(), other.date) {
            (Some(a), Some(b)) => Some(a.intersect(&b)),
            (a, b) => a.or(b),
        };
    }

    /// The values filtered in one facet dimension, as the facet lists them.
    pub fn values(&self, dimension: Dimension) -> Vec<String> {
        match dimension {
            Dimension::Committee => self.committee.clone(),
            Dimension::Council => self.council.clone(),
            Dimension::Type => self.doc_type.iter().map(|t| t.to_string()).collect(),
            Dimension::Role => self.role.iter().map(|r| r.to_string()).collect(),
            Dimension::Year => self.year.clone(),
            Dimension::MunicipalYear => self.municipal_year.clone(),
            Dimension::Person => self.person.clone(),
            Dimension::Act => self.act.clone(),
        }
    }

    /// These filters without one dimension: what that dimension's facet counts are taken over.
    pub fn without(&self, dimension: Dimension) -> Filters {
        let mut f = self.clone();
        match dimension {
            Dimension::Committee => f.committee.clear(),
            Dimension::Council => f.council.clear(),
            Dimension::Type => f.doc_type.clear(),
            Dimension::Role => f.role.clear(),
            Dimension::Year => f.year.clear(),
            Dimension::MunicipalYear => f.municipal_year.clear(),
            Dimension::Person => f.person.clear(),
            Dimension::Act => f.act.clear(),
        }
        f
    }
}

/// An inclusive range of meeting dates; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Parse `2018-01..2019-06`, `2018..`, `..2019-06-30`, or a single `2018-12-12`, `2018-12`,
    /// `2018` (that whole day, month or year). Partial dates cover their whole span.
    pub fn parse(value: &str) -> Result<DateRange, SearchError> {
        let range = match value.split_once("..") {
            Some((from, to)) => DateRange {
                from: optional(from, PartialDate::first_day)?,
                to: optional(to, PartialDate::last_day)?,
            },
            None => {
                let date = PartialDate::parse(value)?;
                DateRange {
                    from: Some(date.first_day()),
                    to: Some(date.last_day()),
                }
            }
        };
        if range.from.is_none() && range.to.is_none() {
            return Err(SearchError::BadQuery(format!(
                "date range {value:?} has neither a start nor an end"
            )));
        }
        if let (Some(from), Some(to)) = (range.from, range.to) {
            if from > to {
                return Err(SearchError::BadQuery(format!(
                    "date range {value:?} ends before it starts"
                )));
            }
        }
        Ok(range)
    }

    /// The days in both ranges.
    pub fn intersect(&self, other: &DateRange) -> DateRange {
        DateRange {
            from: self.from.max(other.from),
            to: match (self.to, other.to) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

fn optional(
    value: &str,
    end: fn(&PartialDate) -> NaiveDate,
) -> Result<Option<NaiveDate>, SearchError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    PartialDate::parse(value).map(|d| Some(end(&d)))
}

/// `2018`, `2018-06` or `2018-06-30`.
struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PartialDate {
    fn parse(value: &str) -> Result<PartialDate, SearchError> {
        let bad = || {
            SearchError::BadQuery(format!(
                "{value:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
            ))
        };
        let mut parts = value.trim().split('-');
        let year = parts
            .next()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<i32>().ok())
            .ok_or_else(bad)?;
        let mut number = |max: u32| -> Result<Option<u32>, SearchError> {
            match parts.next() {
                None => Ok(None),
                Some(p) => p
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .map(Some)
                    .ok_or_else(bad),
            }
        };
        let month = number(12)?;
        let day = number(31)?;
        if parts.next().is_some() || (month.is_none() && day.is_some()) {
            return Err(bad());
        }
        let date = PartialDate { year, month, day };
        if let Some(d) = day {
            NaiveDate::from_ymd_opt(year, month.unwrap_or(1), d).ok_or_else(bad)?;
        }
        Ok(date)
    }

    fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(NaiveDate::MIN)
    }

    fn last_day(&self) -> NaiveDate {
        if let Some(day) = self.day {
            return NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), day)
                .unwrap_or(NaiveDate::MAX);
        }
        let month = self.month.unwrap_or(12);
        let next_month = if month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, month + 1, 1)
        };
        next_month
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }
}

/// The calendar year of a date as a facet value.
pub fn year_of(date: NaiveDate) -> String {
    date.year().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn partial_dates_cover_their_span() {
        let r = DateRange::parse("2018-01..2019-06").unwrap();
        assert_eq!((r.from, r.to), (d(2018, 1, 1), d(2019, 6, 30)));
        let r = DateRange::parse("2020-02").unwrap();
        assert_eq!((r.from, r.to), (d(2020, 2, 1), d(2020, 2, 29)));
        let r = DateRange::parse("..2018").unwrap();
        assert_eq!((r.from, r.to), (None, d(2018, 12, 31)));
    }

    #[test]
    fn bad_dates_are_refused() {
        for bad in [
            "..",
            "2018-13",
            "2018-02-30",
            "18",
            "2019..2018",
            "2018-1-1-1",
            "soon",
        ] {
            assert!(DateRange::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn merging_narrows_dates_and_unions_values() {
        let mut a = Filters {
            committee: vec!["A".into()],
            date: Some(DateRange::parse("2018..2020").unwrap()),
            ..Filters::default()
        };
        a.merge(Filters {
            committee: vec!["B".into()],
            date: Some(DateRange::parse("2019..").unwrap()),
            ..Filters::default()
        });
        assert_eq!(a.committee, ["A", "B"]);
        let r = a.date.unwrap();
        assert_eq!((r.from, r.to), (d(2019, 1, 1), d(2020, 12, 31)));
    }
}
