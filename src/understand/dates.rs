//! Dates and times as British committee papers print them.
//!
//! In: a line or sentence. Out: the dates in it ([`find_dates`], [`first_date`]) as
//! [`NaiveDate`]s with their byte ranges, and a start time normalised to 24-hour `HH:MM`
//! ([`find_time`]).
//!
//! Forms read: "Wednesday, 12 December 2018", "6th November 2018", "Thursday, 30th January,
//! 2025", "15th to 17th December 2020" (the first day), "11 March 2021", "30th-Jan-2025",
//! "9th January 2025", and the American "June 6, 2023". A day and month without a year
//! ("15th to 17th December") is not a date: the year would be a guess.
//! Which date is the *meeting's* is decided by [`super::header`], not here.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// Day first: "12 December 2018", "15th to 17th December 2020", "30th-Jan-2025".
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and|&)\s*\d{{1,2}}(?:st|nd|rd|th)?)?[\s\-]+({MONTHS})\.?,?[\s\-]+(\d{{4}})(?-u:\b)"
    ))
    .unwrap_or_else(|e| panic!("date pattern: {e}"))
});

/// Month first: "June 6, 2023".
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?-u:\b)"
    ))
    .unwrap_or_else(|e| panic!("date pattern: {e}"))
});

/// "4.30 pm", "7.00pm", "10.00 am", "7:30 pm", "2:00 p.m.", "noon".
static TIME_12H: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s?m(?-u:\b)\.?")
        .unwrap_or_else(|e| panic!("time pattern: {e}"))
});

/// "6.30 - 8.10pm": a span whose start takes the end's am/pm.
static TIME_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(\d{1,2})[.:](\d{2})\s*(?:-|–|to)\s*(\d{1,2})(?:[.:]\d{2})?\s*([ap])\.?\s?m(?-u:\b)",
    )
    .unwrap_or_else(|e| panic!("time pattern: {e}"))
});

/// "at 10.00" / "at 15:00" in a meeting line (24-hour, after "at").
static TIME_24H_AFTER_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)at\s+(\d{1,2})[.:](\d{2})(?-u:\b)")
        .unwrap_or_else(|e| panic!("time pattern: {e}"))
});

/// A date found in a text, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range of the whole date expression.
    pub range: Range<usize>,
    /// The date (the first day of a range).
    pub date: NaiveDate,
}

/// The month number of an English month name or abbreviation.
fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let key = lower.get(..3)?;
    let n = match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn build(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let year: i32 = year.parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month_number(month)?, day.parse().ok()?)
}

/// Every date in `s`, in order of position.
pub fn find_dates(s: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    for caps in DAY_MONTH_YEAR.captures_iter(s) {
        let (Some(all), Some(d), Some(m), Some(y)) =
            (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
        else {
            continue;
        };
        if let Some(date) = build(y.as_str(), m.as_str(), d.as_str()) {
            found.push(FoundDate {
                range: all.range(),
                date,
            });
        }
    }
    for caps in MONTH_DAY_YEAR.captures_iter(s) {
        let (Some(all), Some(m), Some(d), Some(y)) =
            (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
        else {
            continue;
        };
        let overlaps = found
            .iter()
            .any(|f| f.range.start < all.end() && all.start() < f.range.end);
        if overlaps {
            continue;
        }
        if let Some(date) = build(y.as_str(), m.as_str(), d.as_str()) {
            found.push(FoundDate {
                range: all.range(),
                date,
            });
        }
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// The first date in `s`.
pub fn first_date(s: &str) -> Option<NaiveDate> {
    find_dates(s).into_iter().next().map(|f| f.date)
}

/// The first clock time in `s`, as 24-hour `HH:MM`: "4.30 pm" gives `16:30`, "at 10.00"
/// gives `10:00`. Times with am/pm win over bare 24-hour times.
pub fn find_time(s: &str) -> Option<String> {
    let span = TIME_SPAN.captures(s);
    let single = TIME_12H.captures(s);
    let span_first = match (&span, &single) {
        (Some(a), Some(b)) => a.get(0).map(|m| m.start()) <= b.get(0).map(|m| m.start()),
        (Some(_), None) => true,
        _ => false,
    };
    if let (true, Some(caps)) = (span_first, span) {
        let hour: u32 = caps.get(1)?.as_str().parse().ok()?;
        let minute: u32 = caps.get(2)?.as_str().parse().ok()?;
        let end_hour: u32 = caps.get(3)?.as_str().parse().ok()?;
        let pm = caps.get(4)?.as_str().eq_ignore_ascii_case("p");
        if !(1..=12).contains(&hour) || minute > 59 {
            return None;
        }
        // "11.30 - 1.00pm" starts in the morning.
        let pm = pm && (hour <= end_hour || hour == 12);
        let hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        return Some(format!("{hour:02}:{minute:02}"));
    }
    if let Some(caps) = single {
        let hour: u32 = caps.get(1)?.as_str().parse().ok()?;
        let minute: u32 = caps.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
        let pm = caps.get(3)?.as_str().eq_ignore_ascii_case("p");
        if !(1..=12).contains(&hour) || minute > 59 {
            return None;
        }
        let hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        return Some(format!("{hour:02}:{minute:02}"));
    }
    let caps = TIME_24H_AFTER_AT.captures(s)?;
    let hour: u32 = caps.get(1)?.as_str().parse().ok()?;
    let minute: u32 = caps.get(2)?.as_str().parse().ok()?;
    (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn british_forms() {
        assert_eq!(
            first_date("held on Wednesday, 12 December 2018 in"),
            Some(d(2018, 12, 12))
        );
        assert_eq!(
            first_date("to be held on 6th November 2018"),
            Some(d(2018, 11, 6))
        );
        assert_eq!(
            first_date("Thursday, 11 March 2021 at 4.30 pm"),
            Some(d(2021, 3, 11))
        );
        assert_eq!(first_date("held on 9th January 2025"), Some(d(2025, 1, 9)));
        assert_eq!(
            first_date("Thursday, 30th January, 2025, at 10.00 am"),
            Some(d(2025, 1, 30))
        );
        assert_eq!(
            first_date("Agenda frontsheet 30th-Jan-2025 10.00"),
            Some(d(2025, 1, 30))
        );
        assert_eq!(first_date("Cabinet – 4 Sept 2025"), Some(d(2025, 9, 4)));
    }

    #[test]
    fn a_range_gives_its_first_day_and_no_year_gives_nothing() {
        assert_eq!(
            first_date("from the 15th to 17th December 2020."),
            Some(d(2020, 12, 15))
        );
        assert_eq!(first_date("from the 15th to 17th December"), None);
        assert_eq!(first_date("the 2018-19 budget"), None);
    }

    #[test]
    fn american_form_and_order_of_dates() {
        assert_eq!(first_date("Meeting of June 6, 2023"), Some(d(2023, 6, 6)));
        let all = find_dates("on 6 January 2021, deferred until 11th March 2021");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].date, d(2021, 3, 11));
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert_eq!(first_date("31 February 2020"), None);
        assert_eq!(first_date("12 December 0018"), None);
    }

    #[test]
    fn times() {
        assert_eq!(find_time("Commenced 4.30 pm").as_deref(), Some("16:30"));
        assert_eq!(find_time("held at 7.00 pm on").as_deref(), Some("19:00"));
        assert_eq!(find_time("at 10.00 am Ask for:").as_deref(), Some("10:00"));
        assert_eq!(find_time("7:30 pm").as_deref(), Some("19:30"));
        assert_eq!(find_time("at 12 noon").as_deref(), None);
        assert_eq!(find_time("2:00 p.m.").as_deref(), Some("14:00"));
        assert_eq!(
            find_time("frontsheet at 15.00 Cabinet").as_deref(),
            Some("15:00")
        );
        assert_eq!(find_time("Item 2.1 of the report"), None);
        assert_eq!(
            find_time("HELD ON TUESDAY, 11TH JUNE, 2024, 6.30 - 8.10PM").as_deref(),
            Some("18:30")
        );
        assert_eq!(find_time("11.30 - 1.00pm").as_deref(), Some("11:30"));
    }
}
