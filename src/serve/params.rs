//! Query-string parameters: the raw `a=1&b=2` of a request in, a checked [`SearchRequest`] out.
//!
//! Parsed from the raw query string (not through a struct deserialiser) because facet
//! parameters repeat: `committee=A&committee=B` means either committee. Each endpoint names the
//! parameters it takes; any other is refused with `bad_parameter`, as is a repeated singular
//! parameter or a value out of range, so a typo never silently widens a search.

use crate::limits::{DEFAULT_LIMIT, MAX_QUERY_PARAMETERS};
use crate::search::filters::Dimension;
use crate::search::{Filters, Matching, SearchError, SearchRequest, Sort, FILTERS};

use super::error::ApiError;

/// The parameters an endpoint takes: its own, and (for a search) every filter of
/// [`FILTERS`], by name.
#[derive(Debug, Clone, Copy)]
pub struct Accepts {
    /// The endpoint's own parameters.
    pub params: &'static [&'static str],
    /// Whether it takes the filters.
    pub filters: bool,
}

impl Accepts {
    /// Every parameter name taken, the endpoint's own first, then the filters in table order.
    pub fn names(&self) -> Vec<&'static str> {
        let filters = FILTERS.iter().filter(|_| self.filters).map(|s| s.name);
        self.params.iter().copied().chain(filters).collect()
    }

    fn takes(&self, name: &str) -> bool {
        self.params.contains(&name) || (self.filters && FILTERS.iter().any(|s| s.name == name))
    }
}

/// Parameters of `/api/search`.
pub const SEARCH: Accepts = Accepts {
    params: &[
        "q",
        "sort",
        "limit",
        "offset",
        "group",
        "matching",
        "facets",
        "collapse",
        "diversify",
        "distinct",
    ],
    filters: true,
};

/// Parameters of `/api/feed.atom`: the search, always newest first, first page.
pub const FEED: Accepts = Accepts {
    params: &["q", "matching"],
    filters: true,
};

/// Parameters of `/api/export`: the search, its order, and the format.
pub const EXPORT: Accepts = Accepts {
    params: &["q", "sort", "format", "matching"],
    filters: true,
};

/// Parameters of the endpoints that take none.
pub const NONE: Accepts = Accepts {
    params: &[],
    filters: false,
};

/// A request's parameters, decoded, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decode `raw` (without the `?`), refusing any name `allowed` does not take.
    pub fn parse(raw: &str, allowed: Accepts) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .filter(|(k, v)| !(k.is_empty() && v.is_empty()))
            .collect();
        if pairs.len() > MAX_QUERY_PARAMETERS {
            return Err(ApiError::BadParameter(format!(
                "{} parameters; at most {MAX_QUERY_PARAMETERS} are accepted",
                pairs.len()
            )));
        }
        if let Some((name, _)) = pairs.iter().find(|(k, _)| !allowed.takes(k)) {
            let names = allowed.names();
            let expected = if names.is_empty() {
                "this endpoint takes no parameters".to_string()
            } else {
                format!("expected one of {}", names.join(", "))
            };
            return Err(ApiError::BadParameter(format!(
                "unknown parameter {name:?}: {expected}"
            )));
        }
        Ok(Params { pairs })
    }

    /// Every non-empty value of a repeatable parameter.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of a singular parameter; an empty value counts as absent.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.all(name).as_slice() {
            [] => Ok(None),
            [value] => Ok(Some(value)),
            _ => Err(ApiError::BadParameter(format!(
                "parameter {name:?} given more than once; it takes one value"
            ))),
        }
    }

    /// The search these parameters describe (parameters absent here take their defaults).
    pub fn to_request(&self) -> Result<SearchRequest, ApiError> {
        let mut filters = Filters::default();
        for spec in FILTERS {
            for value in self.all(spec.name) {
                filters.add(spec, value).map_err(parameter)?;
            }
        }
        filters.check().map_err(parameter)?;
        let sort = match self.one("sort")? {
            Some(s) => s.parse::<Sort>().map_err(parameter)?,
            None => Sort::Relevance,
        };
        let group_by_item = match self.one("group")? {
            None => false,
            Some("item") => true,
            Some(other) => {
                return Err(ApiError::BadParameter(format!(
                    "group {other:?}: the only grouping is \"item\""
                )))
            }
        };
        Ok(SearchRequest {
            query: self.one("q")?.unwrap_or_default().to_string(),
            filters,
            sort,
            limit: self.number("limit")?.unwrap_or(DEFAULT_LIMIT),
            offset: self.number("offset")?.unwrap_or(0),
            group_by_item,
            matching: self
                .one("matching")?
                .map(|m| m.parse::<Matching>().map_err(parameter))
                .transpose()?,
            facets: match self.one("facets")? {
                Some(list) => Dimension::parse_facets(list).map_err(parameter)?,
                None => Dimension::default_facets(),
            },
            collapse: self.flag("collapse", true)?,
            diversify: self.flag("diversify", false)?,
            distinct: self.flag("distinct", false)?,
        })
    }

    /// A `true`/`false` parameter, `default` when absent.
    fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.one(name)? {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(ApiError::BadParameter(format!(
                "{name} {other:?}: expected true or false"
            ))),
        }
    }

    fn number(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.one(name)?
            .map(|v| {
                v.trim().parse::<usize>().map_err(|_| {
                    ApiError::BadParameter(format!("{name} {v:?} is not a whole number"))
                })
            })
            .transpose()
    }
}

/// A value error in a parameter is a `bad_parameter`, whichever parser found it.
fn parameter(e: SearchError) -> ApiError {
    match e {
        SearchError::BadQuery(m) | SearchError::BadParameter(m) => ApiError::BadParameter(m),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(raw: &str) -> Result<SearchRequest, ApiError> {
        Params::parse(raw, SEARCH)?.to_request()
    }

    #[test]
    fn repeated_facets_are_alternatives() {
        let r =
            request("q=foster+carers&committee=A&committee=B%20C&type=minutes&year=2018").unwrap();
        assert_eq!(r.query, "foster carers");
        use crate::search::Dimension;
        assert_eq!(r.filters.values(Dimension::Committee), ["A", "B C"]);
        assert_eq!(r.filters.values(Dimension::Type), ["minutes"]);
        assert_eq!(r.filters.values(Dimension::Year), ["2018"]);
    }

    #[test]
    fn defaults_and_empty_values() {
        let r = request("q=&from=&sort=").unwrap();
        assert_eq!(r, SearchRequest::new(""));
        assert_eq!(request("").unwrap(), SearchRequest::new(""));
    }

    #[test]
    fn paging_sorting_grouping_and_dates() {
        let r = request("limit=20&offset=40&sort=-date&group=item&from=2018-01-01&to=2019-01-01")
            .unwrap();
        assert_eq!((r.limit, r.offset, r.sort), (20, 40, Sort::DateDesc));
        assert!(r.group_by_item);
        assert!(r.filters.date().is_some());
    }

    #[test]
    fn bad_parameters_are_named() {
        for (raw, needle) in [
            ("colour=red", "unknown parameter \"colour\""),
            ("q=a&q=b", "more than once"),
            ("limit=ten", "not a whole number"),
            ("limit=-1", "not a whole number"),
            ("type=memo", "unknown type"),
            ("role=vote", "unknown role"),
            ("year=18", "four-digit"),
            ("municipal_year=2018", "2018/19"),
            ("from=12/12/2018", "not a date"),
            ("from=2019-01-01&to=2018-01-01", "after"),
            ("sort=score", "sort"),
            ("group=meeting", "grouping"),
            ("matching=some", "matching"),
            ("facets=colour", "not a facet"),
            ("facets=item", "not a facet"),
        ] {
            let err = request(raw).unwrap_err();
            assert_eq!(err.code(), "bad_parameter", "{raw}");
            assert!(err.to_string().contains(needle), "{raw}: {err}");
        }
    }

    #[test]
    fn facets_name_what_is_counted() {
        let default = request("q=care").unwrap();
        assert_eq!(default.facets, Dimension::default_facets());
        let asked = request("q=care&facets=person,year").unwrap();
        assert_eq!(asked.facets, [Dimension::Year, Dimension::Person]);
        assert!(request("facets=none").unwrap().facets.is_empty());
        assert!(Params::parse("facets=all", EXPORT).is_err());
    }

    #[test]
    fn endpoints_refuse_parameters_they_do_not_take() {
        assert!(Params::parse("limit=5", FEED).is_err());
        assert!(Params::parse("x=1", NONE).is_err());
        assert!(Params::parse("", NONE).is_ok());
        let many = "committee=a&".repeat(MAX_QUERY_PARAMETERS + 1);
        assert!(Params::parse(&many, SEARCH).is_err());
    }
}
