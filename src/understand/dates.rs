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
//!
//! [`meeting_dates`] also reads what a meeting's own line may print and a general reader must
//! not: a date in words ("October the Third, Two Thousand and Eighteen"), a numeric date
//! ("14/08/2024", read day first unless the paper writes its dates month first, see
//! [`DateContext`]), and a day and month with a weekday but no year ("Thursday 9th March"),
//! whose year is the one near the paper's other years on which that day is that weekday.

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

/// Weekday names, full and short.
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun";

/// A weekday, then a day and month with no year after them: "Thursday 9th March", "Thursday,
/// March 9th".
static WEEKDAY_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({WEEKDAYS})\.?,?\s+(?:the\s+)?(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})|({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?)(?-u:\b)"
    ))
    .unwrap_or_else(|e| panic!("date pattern: {e}"))
});

/// A numeric date with a four-digit year: "14/08/2024", "14.08.2024", "2024-08-14".
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(\d{1,2})([./-])(\d{1,2})[./-](\d{4})|(\d{4})-(\d{2})-(\d{2}))(?-u:\b)")
        .unwrap_or_else(|e| panic!("date pattern: {e}"))
});

/// A year written out: "Two Thousand and Eighteen", "Nineteen Ninety-Nine".
const NUMBER_WORDS: &str = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and)";
const ORDINAL_WORDS: &str = r"(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)";

/// A date in words: "October the Third, Two Thousand and Eighteen", "the third day of October,
/// 2018".
static WORDS_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:({MONTHS})\s+(?:the\s+)?({ORDINAL_WORDS})|(?:the\s+)?({ORDINAL_WORDS})\s+(?:day\s+)?of\s+({MONTHS}))\s*,?\s+((?:{NUMBER_WORDS}[\s-]+){{1,6}}{NUMBER_WORDS}|\d{{4}})(?-u:\b)"
    ))
    .unwrap_or_else(|e| panic!("date pattern: {e}"))
});

/// What a paper's other dates say about reading its ambiguous ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateContext {
    /// Years the paper (and its path) name, most frequent first: a year-less date takes the
    /// one of these (or a year either side) on which its weekday falls.
    pub years: Vec<i32>,
    /// Read "04/06/2024" as 4 June (true) or April 6 (false).
    pub day_first: bool,
}

impl DateContext {
    /// The context of a whole text: the years its dates name, and whether it writes dates
    /// month first ("June 4, 2024") more often than day first ("4 June 2024").
    pub fn of(texts: &[&str]) -> DateContext {
        let mut counts: Vec<(i32, usize)> = Vec::new();
        let (mut day_first, mut month_first) = (0usize, 0usize);
        // Both patterns end with the year's four digits, so a match is enough: finding is
        // cheaper than capturing.
        let year = |m: regex::Match<'_>| -> Option<i32> {
            let s = m.as_str();
            s.get(s.len().checked_sub(4)?..)?.parse().ok()
        };
        for text in texts {
            for m in DAY_MONTH_YEAR.find_iter(text) {
                day_first += 1;
                if let Some(y) = year(m) {
                    bump(&mut counts, y);
                }
            }
            for m in MONTH_DAY_YEAR.find_iter(text) {
                month_first += 1;
                if let Some(y) = year(m) {
                    bump(&mut counts, y);
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        DateContext {
            years: counts.into_iter().map(|(y, _)| y).collect(),
            day_first: day_first >= month_first,
        }
    }
}

fn bump(counts: &mut Vec<(i32, usize)>, year: i32) {
    if !(1900..=2200).contains(&year) {
        return;
    }
    match counts.iter_mut().find(|(y, _)| *y == year) {
        Some(c) => c.1 += 1,
        None => counts.push((year, 1)),
    }
}

fn weekday_of(name: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let lower = name.to_ascii_lowercase();
    Some(match lower.get(..3)? {
        "mon" => Mon,
        "tue" => Tue,
        "wed" => Wed,
        "thu" => Thu,
        "fri" => Fri,
        "sat" => Sat,
        "sun" => Sun,
        _ => return None,
    })
}

/// The value of a number written in words, up to the thousands ("two thousand and eighteen"
/// is 2018, "nineteen ninety-nine" is 1999 read as two pairs).
fn words_number(s: &str) -> Option<u32> {
    let unit = |w: &str| -> Option<u32> {
        let n = match w {
            "zero" => 0,
            "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "seventy" => 70,
            "eighty" => 80,
            "ninety" => 90,
            _ => return None,
        };
        Some(n)
    };
    let lower = s.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    if words.iter().any(|w| *w == "thousand" || *w == "hundred") {
        let (mut total, mut current) = (0u32, 0u32);
        for w in words {
            match w {
                "thousand" => {
                    total += current.max(1) * 1000;
                    current = 0;
                }
                "hundred" => current = current.max(1) * 100,
                w => current += unit(w)?,
            }
        }
        return Some(total + current);
    }
    // Pairs: "nineteen ninety nine", "twenty twenty three".
    let (first, rest) = words.split_first()?;
    let high = unit(first)?;
    let mut low = 0;
    for w in rest {
        low += unit(w)?;
    }
    ((10..100).contains(&high) && !rest.is_empty() && low < 100).then_some(high * 100 + low)
}

fn ordinal_number(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    let (tens, rest) = if let Some(r) = lower.strip_prefix("twenty") {
        (20, r.trim_start_matches(['-', ' ']))
    } else if let Some(r) = lower.strip_prefix("thirty") {
        (30, r.trim_start_matches(['-', ' ']))
    } else {
        (0, lower.as_str())
    };
    const ORDINALS: [&str; 19] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    let n = match rest {
        "" if tens > 0 => 0,
        "tieth" => 0,
        "twentieth" => 20,
        "thirtieth" => 30,
        r => ORDINALS.iter().position(|o| *o == r)? as u32 + 1,
    };
    let day = tens + n;
    (1..=31).contains(&day).then_some(day)
}

/// Every date in `s` that a meeting's own line may print: [`find_dates`]' forms, dates in
/// words, numeric dates, and weekday dates without a year (placed by `context`).
pub fn meeting_dates(s: &str, context: &DateContext) -> Vec<FoundDate> {
    let found = meeting_dates_exact(s, context);
    let figures = s.bytes().any(|b| b.is_ascii_digit());
    if !found.is_empty() || !figures || !s.bytes().any(|b| matches!(b, b'l' | b'I' | b'O')) {
        return found;
    }
    // Text read from a scan confuses figures with letters ("l4th JANUARY 2O25"): read the
    // words that mix them as figures, keeping every offset.
    let repaired = OCR_FIGURES.replace_all(s, |caps: &regex::Captures<'_>| {
        caps.get(0).map_or(String::new(), |m| {
            m.as_str()
                .chars()
                .map(|c| match c {
                    'l' | 'I' => '1',
                    'O' => '0',
                    c => c,
                })
                .collect()
        })
    });
    meeting_dates_exact(&repaired, context)
}

/// A word mixing figures with the letters a scan reads them as: "l4th", "2O25", "2O".
static OCR_FIGURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:[0-9][0-9lIO]*[lIO][0-9lIO]*|[lIO][0-9lIO]*[0-9][0-9lIO]*)(?:st|nd|rd|th)?(?-u:\b)")
        .unwrap_or_else(|e| panic!("date pattern: {e}"))
});

fn meeting_dates_exact(s: &str, context: &DateContext) -> Vec<FoundDate> {
    let mut found = find_dates(s);
    let free = |found: &[FoundDate], r: &Range<usize>| {
        !found
            .iter()
            .any(|f| f.range.start < r.end && r.start < f.range.end)
    };
    for caps in WORDS_DATE.captures_iter(s) {
        let Some(all) = caps.get(0) else { continue };
        let month = caps.get(1).or_else(|| caps.get(4)).map(|m| m.as_str());
        let day = caps.get(2).or_else(|| caps.get(3)).map(|m| m.as_str());
        let year = caps.get(5).map(|m| m.as_str());
        let (Some(month), Some(day), Some(year)) = (month, day, year) else {
            continue;
        };
        let year = year.parse::<u32>().ok().or_else(|| words_number(year));
        let date = (|| {
            let y = i32::try_from(year?).ok()?;
            if !(1900..=2200).contains(&y) {
                return None;
            }
            NaiveDate::from_ymd_opt(y, month_number(month)?, ordinal_number(day)?)
        })();
        if let (Some(date), true) = (date, free(&found, &all.range())) {
            found.push(FoundDate {
                range: all.range(),
                date,
            });
        }
    }
    for caps in NUMERIC.captures_iter(s) {
        let Some(all) = caps.get(0) else { continue };
        let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = if let (Some(y), Some(m), Some(d)) = (num(5), num(6), num(7)) {
            NaiveDate::from_ymd_opt(y as i32, m, d)
        } else if let (Some(a), Some(b), Some(y)) = (num(1), num(3), num(4)) {
            let day_first = if a > 12 {
                true
            } else if b > 12 {
                false
            } else {
                context.day_first
            };
            let (d, m) = if day_first { (a, b) } else { (b, a) };
            NaiveDate::from_ymd_opt(y as i32, m, d)
        } else {
            None
        };
        let date = date.filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)));
        if let (Some(date), true) = (date, free(&found, &all.range())) {
            found.push(FoundDate {
                range: all.range(),
                date,
            });
        }
    }
    for caps in WEEKDAY_DAY_MONTH.captures_iter(s) {
        let Some(all) = caps.get(0) else { continue };
        if !free(&found, &all.range()) {
            continue;
        }
        let weekday = caps.get(1).and_then(|w| weekday_of(w.as_str()));
        let day = caps.get(2).or_else(|| caps.get(5));
        let month = caps.get(3).or_else(|| caps.get(4));
        let (Some(weekday), Some(day), Some(month)) = (weekday, day, month) else {
            continue;
        };
        let (Some(day), Some(month)) = (day.as_str().parse().ok(), month_number(month.as_str()))
        else {
            continue;
        };
        if let Some(date) = place_year(day, month, weekday, &context.years) {
            found.push(FoundDate {
                range: all.range(),
                date,
            });
        }
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// The year, among `years` and a year either side of each (in that order of preference), on
/// which `day` `month` falls on `weekday`.
fn place_year(day: u32, month: u32, weekday: chrono::Weekday, years: &[i32]) -> Option<NaiveDate> {
    use chrono::Datelike;
    for &y in years {
        for candidate in [y, y + 1, y - 1] {
            if let Some(date) = NaiveDate::from_ymd_opt(candidate, month, day) {
                if date.weekday() == weekday {
                    return Some(date);
                }
            }
        }
    }
    None
}

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
    fn dates_in_words_numbers_and_without_a_year() {
        let uk = DateContext {
            years: vec![2023],
            day_first: true,
        };
        let first = |s: &str, c: &DateContext| meeting_dates(s, c).first().map(|f| f.date);
        assert_eq!(
            first("October the Third, Two Thousand and Eighteen", &uk),
            Some(d(2018, 10, 3))
        );
        assert_eq!(
            first("the twenty-first day of June, 2022", &uk),
            Some(d(2022, 6, 21))
        );
        assert_eq!(
            first("Nineteen Ninety-Nine", &uk),
            None,
            "a year alone is no date"
        );
        assert_eq!(first("Date: 04/06/2024", &uk), Some(d(2024, 6, 4)));
        let us = DateContext {
            years: vec![],
            day_first: false,
        };
        assert_eq!(first("Date: 04/06/2024", &us), Some(d(2024, 4, 6)));
        assert_eq!(first("Date: 14/08/2024", &us), Some(d(2024, 8, 14)));
        // 9 March 2023 was a Thursday; with 2022 named, the weekday still picks 2023.
        let years = DateContext {
            years: vec![2022],
            day_first: true,
        };
        assert_eq!(
            first("on Thursday 9th March at 7pm", &years),
            Some(d(2023, 3, 9))
        );
        assert_eq!(first("Thursday, March 9th", &years), Some(d(2023, 3, 9)));
        assert_eq!(
            first("TUESDAY l4th JANUARY 2O25 AT 10.00", &uk),
            Some(d(2025, 1, 14)),
            "figures misread by a scan"
        );
        assert_eq!(
            first("on Thursday 9th March", &DateContext::default()),
            None,
            "no year anywhere: no date"
        );
        let context = DateContext::of(&["the minutes of 5 February 2026", "June 4, 2024"]);
        assert_eq!(context.years.len(), 2);
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
