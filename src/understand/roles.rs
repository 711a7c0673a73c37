//! What each stretch of text does in the meeting's business: its [`Role`].
//!
//! In: the paragraphs of one item (or report section), in order, with the item's title and the
//! section heading. Out: a [`Role`] per paragraph, from a [`RoleReader`] that carries state
//! from one paragraph to the next (a "Resolved -" line governs the numbered resolutions after
//! it).
//!
//! The rules:
//! - a paragraph opening "Resolved" / "RESOLVED" / "It was resolved" / "Decision:" is a
//!   `resolution`; "Recommended" / "Recommendation(s):" / "Cabinet is asked to" a
//!   `recommendation`; the paragraphs that follow in list form ("(1) That ...", "- That ...",
//!   "a) ...", "That ...") keep that role, the first ordinary paragraph ends it;
//! - a report section whose heading names RECOMMENDATIONS is all `recommendation`;
//! - "Action: City Solicitor" is an `action` (the owner stays in the text, see
//!   [`action_owner`]);
//! - "Members made the following comments", "A Member asked|queried|suggested ...",
//!   "Councillor X asked ..." open `comment`s; "In response ..." and "The Director
//!   confirmed|advised|responded ..." open `response`s; both continue over the list after them;
//! - in an item whose title is a formality (apologies, disclosures or declarations of interest,
//!   inspection of papers, alternate or substitute members, the previous minutes, exclusion of
//!   the public, urgent business) everything else is `procedural`;
//! - everything else is `narrative`.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{has_bullet, plain, strip_bullet};
use crate::model::Role;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("role pattern {p}: {e}"))
}

static RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:it\s+was\s+)?(?:resolved|agreed)(?-u:\b)(?:\s*(?:that|[-–—:,]|$))|^decisions?\s*:")
});
static RECOMMENDED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:recommended(?-u:\b)|recommendations?(?:\(s\))?\s*:|(?:the\s+)?(?:cabinet|committee|council|panel|board|executive)\s+is\s+(?:asked|recommended)\s+to(?-u:\b))",
    )
});
static ACTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^action\s*(?:by)?\s*:\s*(?P<owner>.+)$"));
static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:members?\s+(?:made|raised|asked|questioned|queried|commented|suggested|noted|expressed|sought|highlighted|were\s+concerned)|(?:a|another|one)\s+(?:co-opted\s+)?member\s+(?:asked|queried|questioned|suggested|noted|commented|highlighted|raised|was\s+concerned|expressed|sought|said|stated)|(?:councillors?|cllrs?\.?)\s+[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?\s+(?:asked|queried|questioned|suggested|commented|raised|said)|(?:in|during)\s+(?:the\s+)?(?:discussion|debate)|questions?\s+(?:were|was)\s+(?:asked|raised))",
    )
});
static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:in\s+response(?-u:\b)|responding(?-u:\b)|(?:the\s+)?officers?\s+(?:confirmed|advised|responded|replied|explained|clarified)(?-u:\b)|the\s+[^.]{0,80}?(?-u:\b)(?:director|officer|manager|head|solicitor|lead|chief\s+executive|treasurer)(?-u:\b)[^.]{0,60}?\s(?:confirmed|advised|responded|replied|explained|clarified)(?-u:\b))",
    )
});
static PROCEDURAL_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:apologies|disclosures?\s+of\s+interests?|declarations?\s+of\s+interests?|inspection\s+of\s+reports|alternate\s+members|substitute\s+members|minutes\s+of\s+(?:the\s+)?(?:previous|last)|^minutes(?-u:\b)|exclusion\s+of\s+the\s+(?:press|public)|urgent\s+business|chair(?:man)?'?s\s+announcements|appointment\s+of\s+(?:chair|vice)|notification\s+of\s+substitute)",
    )
});
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\(?\d{1,2}\)|\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}\.\s|[a-z]\.\s|that(?-u:\b)|That(?-u:\b)|to\s+[a-z]|To\s+[a-z])",
    )
});
static RECOMMENDATION_SECTION: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)recommendation"));

/// The owner of an action line: "Action: City Solicitor" gives "City Solicitor".
pub fn action_owner(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        ACTION
            .captures(&plain(l))
            .and_then(|c| c.name("owner"))
            .map(|m| m.as_str().trim().to_string())
    })
}

/// True when a line opens a new role (so a paragraph should start there).
pub fn opens_role(line: &str) -> bool {
    let body = strip_bullet(line);
    ACTION.is_match(body)
        || RESOLVED.is_match(body)
        || RECOMMENDED.is_match(body)
        || body.eq_ignore_ascii_case("minutes:")
}

/// True when an item with this title is a formality.
pub fn is_procedural_title(title: &str) -> bool {
    PROCEDURAL_TITLE.is_match(title)
}

/// Reads roles paragraph by paragraph through one item.
#[derive(Debug, Clone)]
pub struct RoleReader {
    /// Role of text that no marker governs.
    default: Role,
    /// Role opened by the last marker, kept over the list that follows it.
    open: Option<Role>,
    /// The last marker was a bare label ("Decision:", "RESOLVED"): the next paragraph is its
    /// content whatever its form.
    label_pending: bool,
}

impl RoleReader {
    /// A reader for an item with this title (`None` for front matter).
    pub fn new(item_title: Option<&str>) -> Self {
        let default = match item_title {
            Some(t) if is_procedural_title(t) => Role::Procedural,
            _ => Role::Narrative,
        };
        RoleReader {
            default,
            open: None,
            label_pending: false,
        }
    }

    /// The role of the next paragraph. `section` is the report section it sits in, if any.
    pub fn next(&mut self, paragraph: &str, section: Option<&str>) -> Role {
        let first_line = paragraph
            .lines()
            .map(plain)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        let bulleted = has_bullet(&first_line);
        let body = strip_bullet(&first_line);
        let after_label = std::mem::take(&mut self.label_pending);
        let bare_label = paragraph.split_whitespace().take(4).count() <= 3;
        if ACTION.is_match(body) {
            self.open = None;
            return Role::Action;
        }
        if RESOLVED.is_match(body) {
            self.open = Some(Role::Resolution);
            self.label_pending = bare_label;
            return Role::Resolution;
        }
        if RECOMMENDED.is_match(body) {
            self.open = Some(Role::Recommendation);
            self.label_pending = bare_label;
            return Role::Recommendation;
        }
        if section.is_some_and(|s| RECOMMENDATION_SECTION.is_match(s)) {
            return Role::Recommendation;
        }
        if !bulleted && RESPONSE.is_match(body) {
            self.open = Some(Role::Response);
            return Role::Response;
        }
        if !bulleted && COMMENT.is_match(body) {
            self.open = Some(Role::Comment);
            return Role::Comment;
        }
        if let Some(open) = self.open {
            let continues = after_label || bulleted || LIST_ITEM.is_match(body);
            if continues {
                return open;
            }
            self.open = None;
        }
        self.default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(title: Option<&str>, paragraphs: &[&str]) -> Vec<Role> {
        let mut r = RoleReader::new(title);
        paragraphs.iter().map(|p| r.next(p, None)).collect()
    }

    #[test]
    fn resolutions_govern_their_list_and_actions_end_them() {
        use Role::*;
        assert_eq!(
            roles(
                Some("CHILDREN MISSING FROM HOME"),
                &[
                    "The report was presented.",
                    "Resolved-",
                    "- (1) That the actions be noted.**",
                    "- (2) That the Board be noted.",
                    "Action: Overview and Scrutiny Lead",
                    "The Chair thanked officers.",
                ]
            ),
            [Narrative, Resolution, Resolution, Resolution, Action, Narrative]
        );
        assert_eq!(
            roles(None, &["RESOLVED that the report be noted."]),
            [Resolution]
        );
        assert_eq!(
            roles(None, &["It was RESOLVED that:", "1. the plan be adopted;"]),
            [Resolution, Resolution]
        );
    }

    #[test]
    fn comments_and_responses() {
        use Role::*;
        assert_eq!(
            roles(
                None,
                &[
                    "Members made the following comments:",
                    "- Were existing social workers made aware?",
                    "In response to Members comments it was reported that:",
                    "- Caseloads would be a maximum of 16.",
                    "The Chair highlighted the Board's work.",
                    "A Member highlighted the high cost of housing.",
                    "The Director of Human Resources confirmed the allowance.",
                ]
            ),
            [Comment, Comment, Response, Response, Narrative, Comment, Response]
        );
    }

    #[test]
    fn procedural_items_and_recommendations() {
        use Role::*;
        assert_eq!(
            roles(
                Some("DISCLOSURES OF INTEREST"),
                &[
                    "Claire Parr disclosed an interest.",
                    "Action: City Solicitor"
                ]
            ),
            [Procedural, Action]
        );
        assert_eq!(
            roles(
                Some("MINUTES"),
                &[
                    "Recommended –",
                    "That the minutes be signed.",
                    "(Fatima Butt – 01274)"
                ]
            ),
            [Recommendation, Recommendation, Procedural]
        );
        let mut r = RoleReader::new(Some("RECOMMENDATIONS"));
        assert_eq!(
            r.next("1. To note the outcome", Some("9. RECOMMENDATIONS")),
            Recommendation
        );
        assert_eq!(
            RoleReader::new(None).next("Cabinet is asked to agree the plan.", None),
            Recommendation
        );
    }

    #[test]
    fn action_owner_is_kept() {
        assert_eq!(
            action_owner("Action: City Solicitor").as_deref(),
            Some("City Solicitor")
        );
        assert_eq!(action_owner("No action here"), None);
    }
}
