//! Filters: restrictions on council, committee, type, role, year, municipal year, item, date,
//! person speaking and legislation cited.
//!
//! One table, [`FILTERS`], says everything about a filter: its name (the query language's
//! `name:value`, the HTTP parameter and the CLI flag `--name`), its [`Dimension`], the index
//! field it narrows, how a value is checked and normalised, and whether the dimension is a
//! facet. The query parser, the HTTP parameters and the CLI flags all read it, so a new filter
//! is one row (and its schema field).
//!
//! Values within one dimension are alternatives (`committee=A&committee=B` means either);
//! dimensions combine with AND; date ranges narrow each other.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use tantivy::schema::Field;

use super::SearchError;
use crate::index::schema::Fields;
use crate::model::{DocType, Role};

/// What can be filtered on. The closed set; [`FILTERS`] describes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// Item number.
    Item,
    /// Meeting date.
    Date,
}

/// How a filter's values select passages in the index.
#[derive(Debug, Clone, Copy)]
pub enum Matcher {
    /// The value is a facet of the field.
    Facet,
    /// The value, made a key by the function, is a term of the field.
    Key(fn(&str) -> String),
    /// The value is an exact term of the field.
    Term,
    /// The value is a range of the (date) field.
    Dates,
}

/// A checked filter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterValue {
    /// One value of a dimension, as its facet lists it.
    Value(String),
    /// A range of meeting dates.
    Dates(DateRange),
}

/// When a dimension's values are counted as a facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Never: the dimension only filters (item numbers, dates).
    Never,
    /// In every answer unless the request names its facets (the page's sidebar).
    ByDefault,
    /// Only when the request names it: dimensions with many values, costly to count.
    OnRequest,
}

/// One row of the filter table.
#[derive(Debug)]
pub struct FilterSpec {
    /// The name in the query language (`name:value`) and as an HTTP parameter.
    pub name: &'static str,
    /// The CLI flag (`--flag`): the name with `-` for `_`.
    pub flag: &'static str,
    /// The dimension the filter narrows.
    pub dimension: Dimension,
    /// What a value looks like, for help texts.
    pub value_name: &'static str,
    /// One line of help.
    pub help: &'static str,
    /// The index field narrowed.
    pub field: fn(&Fields) -> Field,
    /// How values select passages.
    pub matcher: Matcher,
    /// Whether and when the dimension's values are counted as a facet.
    pub facet: Counted,
    /// Check and normalise a value.
    pub parse: fn(&str) -> Result<FilterValue, SearchError>,
}

/// Every filter. Facets are listed in this order.
pub const FILTERS: &[FilterSpec] = &[
    FilterSpec {
        name: "committee",
        flag: "committee",
        dimension: Dimension::Committee,
        value_name: "NAME",
        help: "Only this committee, as the facet lists it (repeatable: any of them)",
        field: |f| f.committee,
        matcher: Matcher::Facet,
        facet: Counted::ByDefault,
        parse: text,
    },
    FilterSpec {
        name: "council",
        flag: "council",
        dimension: Dimension::Council,
        value_name: "NAME",
        help: "Only this council (repeatable)",
        field: |f| f.council,
        matcher: Matcher::Facet,
        facet: Counted::ByDefault,
        parse: text,
    },
    FilterSpec {
        name: "type",
        flag: "type",
        dimension: Dimension::Type,
        value_name: "TYPE",
        help: "Only this type: agenda, minutes, report, decision, other (repeatable)",
        field: |f| f.doc_type,
        matcher: Matcher::Facet,
        facet: Counted::ByDefault,
        parse: closed::<DocType>,
    },
    FilterSpec {
        name: "role",
        flag: "role",
        dimension: Dimension::Role,
        value_name: "ROLE",
        help: "Only this role: resolution, recommendation, comment, response, action, \
               procedural, narrative (repeatable)",
        field: |f| f.role,
        matcher: Matcher::Facet,
        facet: Counted::ByDefault,
        parse: closed::<Role>,
    },
    FilterSpec {
        name: "year",
        flag: "year",
        dimension: Dimension::Year,
        value_name: "YYYY",
        help: "Only meetings in this calendar year (repeatable)",
        field: |f| f.year,
        matcher: Matcher::Facet,
        facet: Counted::ByDefault,
        parse: |v| parse_year(v).map(FilterValue::Value),
    },
    FilterSpec {
        name: "municipal_year",
        flag: "municipal-year",
        dimension: Dimension::MunicipalYear,
        value_name: "2018/19",
        help: "Only meetings in this municipal year, May to April (repeatable)",
        field: |f| f.municipal_year,
        matcher: Matcher::Facet,
        facet: Counted::ByDefault,
        parse: |v| parse_municipal_year(v).map(FilterValue::Value),
    },
    FilterSpec {
        name: "person",
        flag: "person",
        dimension: Dimension::Person,
        value_name: "NAME",
        help: "Only passages where this person speaks; titles and post-nominals are ignored \
               (repeatable)",
        field: |f| f.person_key,
        matcher: Matcher::Key(crate::understand::people::person_key),
        facet: Counted::OnRequest,
        parse: text,
    },
    FilterSpec {
        name: "act",
        flag: "act",
        dimension: Dimension::Act,
        value_name: "ACT",
        help: "Only passages citing this legislation, as the act facet lists it (repeatable)",
        field: |f| f.act,
        matcher: Matcher::Facet,
        facet: Counted::OnRequest,
        parse: text,
    },
    FilterSpec {
        name: "item",
        flag: "item",
        dimension: Dimension::Item,
        value_name: "NUMBER",
        help: "Only this item number (repeatable)",
        field: |f| f.item_number,
        matcher: Matcher::Term,
        facet: Counted::Never,
        parse: text,
    },
    FilterSpec {
        name: "date",
        flag: "date",
        dimension: Dimension::Date,
        value_name: "RANGE",
        help: "Only meetings in this range: 2018-01..2019-06, 2018.., ..2019-06-30, 2018-12",
        field: |f| f.date,
        matcher: Matcher::Dates,
        facet: Counted::Never,
        parse: |v| DateRange::parse(v).map(FilterValue::Dates),
    },
    FilterSpec {
        name: "from",
        flag: "from",
        dimension: Dimension::Date,
        value_name: "DATE",
        help: "Only meetings on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)",
        field: |f| f.date,
        matcher: Matcher::Dates,
        facet: Counted::Never,
        parse: |v| {
            let d = PartialDate::parse(v)?;
            Ok(FilterValue::Dates(DateRange {
                from: Some(d.first_day()),
                to: None,
            }))
        },
    },
    FilterSpec {
        name: "to",
        flag: "to",
        dimension: Dimension::Date,
        value_name: "DATE",
        help: "Only meetings on or before this date (YYYY-MM-DD, YYYY-MM or YYYY)",
        field: |f| f.date,
        matcher: Matcher::Dates,
        facet: Counted::Never,
        parse: |v| {
            let d = PartialDate::parse(v)?;
            Ok(FilterValue::Dates(DateRange {
                from: None,
                to: Some(d.last_day()),
            }))
        },
    },
];

fn bad(e: impl std::fmt::Display) -> SearchError {
    SearchError::BadQuery(e.to_string())
}

/// A value of a closed vocabulary (`type`, `role`), as the facet lists it.
fn closed<T>(value: &str) -> Result<FilterValue, SearchError>
where
    T: std::str::FromStr<Err = crate::model::UnknownValue> + std::fmt::Display,
{
    let parsed: T = value.parse().map_err(bad)?;
    Ok(FilterValue::Value(parsed.to_string()))
}

fn text(value: &str) -> Result<FilterValue, SearchError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(SearchError::BadQuery("a filter needs a value".into()));
    }
    Ok(FilterValue::Value(value.to_string()))
}

/// The row of the filter called `name`, if there is one.
pub fn filter_named(name: &str) -> Option<&'static FilterSpec> {
    FILTERS.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

/// Every filter name, for messages.
pub fn filter_names() -> Vec<&'static str> {
    FILTERS.iter().map(|s| s.name).collect()
}

impl Dimension {
    /// The dimension's first row of [`FILTERS`] (every dimension has one; a unit test checks).
    fn spec(self) -> &'static FilterSpec {
        FILTERS
            .iter()
            .find(|s| s.dimension == self)
            .unwrap_or(&FILTERS[0])
    }

    /// The dimensions that can be counted as facets, in the order facets are listed.
    pub fn facets() -> impl Iterator<Item = Dimension> {
        FILTERS
            .iter()
            .filter(|s| s.facet != Counted::Never)
            .map(|s| s.dimension)
    }

    /// The facets an answer counts when its request does not say which.
    pub fn default_facets() -> Vec<Dimension> {
        FILTERS
            .iter()
            .filter(|s| s.facet == Counted::ByDefault)
            .map(|s| s.dimension)
            .collect()
    }

    /// Which facets to count, as a request names them: dimension names separated by commas,
    /// `all` for every facet or `none` for none. Unknown names and dimensions that are not
    /// facets are errors.
    pub fn parse_facets(list: &str) -> Result<Vec<Dimension>, SearchError> {
        let mut out: Vec<Dimension> = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let chosen: Vec<Dimension> = match name {
                "all" => Dimension::facets().collect(),
                "none" => Vec::new(),
                _ => {
                    let facet = Dimension::facets().find(|d| d.name() == name);
                    vec![facet.ok_or_else(|| {
                        let known: Vec<&str> = Dimension::facets().map(Dimension::name).collect();
                        SearchError::BadParameter(format!(
                            "facets: {name:?} is not a facet (facets: {}, or all, or none)",
                            known.join(", ")
                        ))
                    })?]
                }
            };
            for d in chosen {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
        // Listed in the table's order, whatever order they were asked in.
        out.sort_by_key(|d| Dimension::facets().position(|f| f == *d));
        Ok(out)
    }

    /// The name of the dimension: its filter name, its facet's key in JSON and, for a facet,
    /// the name of its facet field in the schema.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The index field the dimension's filter narrows (for a facet, the facet field).
    pub fn field(self, fields: &Fields) -> Field {
        (self.spec().field)(fields)
    }

    /// How the dimension's values select passages.
    pub fn matcher(self) -> Matcher {
        self.spec().matcher
    }
}

/// Every active filter of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    values: BTreeMap<Dimension, Vec<String>>,
    date: Option<DateRange>,
}

impl Filters {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.values.values().all(Vec::is_empty) && self.date.is_none()
    }

    /// Add a value of the filter `spec`, checked and normalised by it.
    pub fn add(&mut self, spec: &FilterSpec, value: &str) -> Result<(), SearchError> {
        match (spec.parse)(value)? {
            FilterValue::Value(v) => {
                let values = self.values.entry(spec.dimension).or_default();
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            FilterValue::Dates(range) => self.narrow_dates(range),
        }
        Ok(())
    }

    /// Add a value of the filter called `name`; an unknown name is refused.
    pub fn add_named(&mut self, name: &str, value: &str) -> Result<(), SearchError> {
        let spec = filter_named(name).ok_or_else(|| {
            SearchError::BadQuery(format!(
                "unknown filter {name:?}: filters are {}",
                filter_names().join(", ")
            ))
        })?;
        self.add(spec, value)
    }

    /// These filters with `name` set to `value` (for building requests in code and tests).
    pub fn with(mut self, name: &str, value: &str) -> Result<Filters, SearchError> {
        self.add_named(name, value)?;
        Ok(self)
    }

    fn narrow_dates(&mut self, range: DateRange) {
        self.date = Some(match self.date.take() {
            Some(a) => a.intersect(&range),
            None => range,
        });
    }

    /// Add `other`'s values to these; a second date range narrows the first.
    pub fn merge(&mut self, other: Filters) {
        for (dimension, values) in other.values {
            let mine = self.values.entry(dimension).or_default();
            for v in values {
                if !mine.contains(&v) {
                    mine.push(v);
                }
            }
        }
        if let Some(range) = other.date {
            self.narrow_dates(range);
        }
    }

    /// Refuse filters that can match nothing by construction (a range ending before it
    /// starts, from `from` and `to` given separately).
    pub fn check(&self) -> Result<(), SearchError> {
        if let Some(DateRange {
            from: Some(f),
            to: Some(t),
        }) = self.date
        {
            if f > t {
                return Err(SearchError::BadParameter(format!(
                    "the date range starts ({f}) after it ends ({t})"
                )));
            }
        }
        Ok(())
    }

    /// The values filtered in one dimension, as the facet lists them (none for dates).
    pub fn values(&self, dimension: Dimension) -> &[String] {
        self.values.get(&dimension).map_or(&[], Vec::as_slice)
    }

    /// Every dimension with values, and its values.
    pub fn dimensions(&self) -> impl Iterator<Item = (Dimension, &[String])> {
        self.values
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(d, v)| (*d, v.as_slice()))
    }

    /// The meeting date range, if one is filtered.
    pub fn date(&self) -> Option<DateRange> {
        self.date
    }

    /// These filters without one dimension: what that dimension's facet counts are taken over.
    pub fn without(&self, dimension: Dimension) -> Filters {
        let mut f = self.clone();
        if dimension == Dimension::Date {
            f.date = None;
        }
        f.values.remove(&dimension);
        f
    }
}

/// An inclusive range of meeting dates; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A four-digit year.
pub fn parse_year(value: &str) -> Result<String, SearchError> {
    let value = value.trim();
    let ok = value.len() == 4 && value.chars().all(|c| c.is_ascii_digit());
    ok.then(|| value.to_string())
        .ok_or_else(|| SearchError::BadQuery(format!("year {value:?} is not a four-digit year")))
}

/// A municipal year as `2018/19` (also accepted: `2018-19`, `2018/2019`).
pub fn parse_municipal_year(value: &str) -> Result<String, SearchError> {
    let value = value.trim();
    let bad =
        || SearchError::BadQuery(format!("municipal year {value:?} should look like 2018/19"));
    let (start, end) = value.split_once(['/', '-']).ok_or_else(bad)?;
    let start: i32 = start.parse().map_err(|_| bad())?;
    let end: i32 = end.parse().map_err(|_| bad())?;
    let follows = (start + 1) % 100 == end % 100 && (end < 100 || end == start + 1);
    if !(1000..10000).contains(&start) || !follows {
        return Err(bad());
    }
    Ok(format!("{start}/{:02}", (start + 1) % 100))
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
        let mut a = Filters::default()
            .with("committee", "A")
            .and_then(|f| f.with("date", "2018..2020"))
            .unwrap();
        a.merge(
            Filters::default()
                .with("committee", "B")
                .and_then(|f| f.with("from", "2019"))
                .unwrap(),
        );
        assert_eq!(a.values(Dimension::Committee), ["A", "B"]);
        let r = a.date().unwrap();
        assert_eq!((r.from, r.to), (d(2019, 1, 1), d(2020, 12, 31)));
    }

    #[test]
    fn every_dimension_has_a_row_and_names_are_unique() {
        use std::collections::HashSet;
        let all = [
            Dimension::Committee,
            Dimension::Council,
            Dimension::Type,
            Dimension::Role,
            Dimension::Year,
            Dimension::MunicipalYear,
            Dimension::Person,
            Dimension::Act,
            Dimension::Item,
            Dimension::Date,
        ];
        for d in all {
            assert!(FILTERS.iter().any(|s| s.dimension == d), "{d:?}");
        }
        let names: HashSet<_> = FILTERS.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), FILTERS.len());
        for spec in FILTERS {
            assert_eq!(spec.flag, spec.name.replace('_', "-"));
        }
        assert_eq!(Dimension::facets().count(), 8);
        assert_eq!(Dimension::default_facets().len(), 6);
    }

    #[test]
    fn facet_lists_name_facets_only() {
        assert_eq!(
            Dimension::parse_facets("year, committee,year").unwrap(),
            [Dimension::Committee, Dimension::Year]
        );
        assert_eq!(Dimension::parse_facets("all").unwrap().len(), 8);
        assert!(Dimension::parse_facets("none").unwrap().is_empty());
        assert!(Dimension::parse_facets("").unwrap().is_empty());
        assert!(Dimension::parse_facets("item").is_err());
        assert!(Dimension::parse_facets("colour").is_err());
    }

    #[test]
    fn values_are_checked_and_normalised() {
        let f = Filters::default()
            .with("type", "Minutes")
            .and_then(|f| f.with("municipal_year", "2018-2019"))
            .unwrap();
        assert_eq!(f.values(Dimension::Type), ["minutes"]);
        assert_eq!(f.values(Dimension::MunicipalYear), ["2018/19"]);
        assert!(Filters::default().with("type", "memo").is_err());
        assert!(Filters::default().with("colour", "red").is_err());
        let backwards = Filters::default()
            .with("from", "2020")
            .and_then(|f| f.with("to", "2019"))
            .unwrap();
        assert!(backwards.check().is_err());
    }

    #[test]
    fn municipal_years_accept_common_forms() {
        assert_eq!(parse_municipal_year("2018/19").unwrap(), "2018/19");
        assert_eq!(parse_municipal_year("2018-19").unwrap(), "2018/19");
        assert_eq!(parse_municipal_year("2018/2019").unwrap(), "2018/19");
        assert!(parse_municipal_year("2018/21").is_err());
    }
}
