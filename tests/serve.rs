//! The HTTP server, end to end: the real `quorum serve` on a free loopback port, every endpoint,
//! every filter, facet counts, grouping, export, the feed, errors, and every JSON response
//! checked against `/api/openapi.json`.

mod util;

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use util::server::{query, Server};

/// A server over the sample corpus's index (built once per test binary, shared read-only).
fn server() -> Server {
    Server::over_index(util::corpus_index())
}

fn search(s: &Server, pairs: &[(&str, &str)]) -> Value {
    let body = s.json(&format!("/api/search?{}", query(pairs)), 200);
    check_schema(s, "/api/search", "200", &body);
    body
}

fn hits(v: &Value) -> &Vec<Value> {
    v["hits"].as_array().expect("hits array")
}

fn total(v: &Value) -> u64 {
    v["total"].as_u64().expect("total")
}

fn facet(v: &Value, dimension: &str) -> BTreeMap<String, u64> {
    v["facets"][dimension]
        .as_array()
        .expect("facet list")
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap().to_string(),
                f["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The value a hit has in a facet dimension, as the facet lists it.
fn hit_value(hit: &Value, dimension: &str) -> Option<String> {
    let date = hit["meeting"]["date"].as_str();
    match dimension {
        "committee" | "council" => hit["meeting"][dimension].as_str().map(str::to_string),
        "type" | "role" => hit[dimension].as_str().map(str::to_string),
        "year" => date.map(|d| d[..4].to_string()),
        "municipal_year" => date.map(|d| {
            let (y, m): (i32, u32) = (d[..4].parse().unwrap(), d[5..7].parse().unwrap());
            let start = if m >= 5 { y } else { y - 1 };
            format!("{start}/{:02}", (start + 1) % 100)
        }),
        _ => unreachable!("{dimension}"),
    }
}

const DIMENSIONS: [&str; 6] = [
    "committee",
    "council",
    "type",
    "role",
    "year",
    "municipal_year",
];

#[test]
fn page_and_its_files_are_served_with_a_strict_policy() {
    let s = server();
    for (path, kind) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
    ] {
        let reply = s.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.content_type.starts_with(kind),
            "{path}: {}",
            reply.content_type
        );
        let csp = reply.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
    }
    assert!(s.get("/").body.contains("<script src=\"/app.js\""));
}

#[test]
fn health_and_stats_describe_the_index() {
    let s = server();
    let health = s.json("/api/health", 200);
    assert_eq!(health["status"], "ok");
    check_schema(&s, "/api/health", "200", &health);
    let stats = s.json("/api/stats", 200);
    check_schema(&s, "/api/stats", "200", &stats);
    assert_eq!(stats["documents"], 5);
    let all = search(&s, &[]);
    assert_eq!(stats["passages"].as_u64(), Some(total(&all)));
    assert!(stats["index_bytes"].as_u64().unwrap() > 0);
    assert!(stats["last_indexed"].is_string());
    assert!(stats["date_range"]["from"].is_string());
}

#[test]
fn search_answers_with_the_cli_contract() {
    let s = server();
    let api = search(&s, &[("q", "foster carers")]);
    let (_, cli) = util::search_json(util::corpus_index(), "foster carers", &[]);
    assert_eq!(api["total"], cli["total"]);
    let ids = |v: &Value| hits(v).iter().map(|h| h["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&api), ids(&cli));
    assert_eq!(api["facets"], cli["facets"]);
    assert!(hits(&api)[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>"));
}

#[test]
fn facet_counts_equal_the_hits_with_that_value() {
    let s = server();
    // Facets count every passage; collapsing shows near-identical ones once, so compare with
    // every passage listed.
    for q in ["foster", "budget", "school"] {
        let response = search(&s, &[("q", q), ("limit", "100"), ("collapse", "false")]);
        assert!(total(&response) <= 100, "{q}: pick a rarer word");
        assert_eq!(hits(&response).len() as u64, total(&response));
        for dimension in DIMENSIONS {
            let mut seen: BTreeMap<String, u64> = BTreeMap::new();
            for hit in hits(&response) {
                if let Some(v) = hit_value(hit, dimension) {
                    *seen.entry(v).or_default() += 1;
                }
            }
            assert_eq!(facet(&response, dimension), seen, "{q}: {dimension}");
        }
    }
}

#[test]
fn each_filter_narrows_to_hits_with_its_value() {
    let s = server();
    let all = search(&s, &[("q", "children")]);
    for dimension in DIMENSIONS {
        let counts = facet(&all, dimension);
        assert!(!counts.is_empty(), "no {dimension} values to filter by");
        for (value, count) in counts {
            let filtered = search(
                &s,
                &[("q", "children"), (dimension, &value), ("limit", "100")],
            );
            assert_eq!(total(&filtered), count, "{dimension}={value}");
            for hit in hits(&filtered) {
                assert_eq!(hit_value(hit, dimension).as_deref(), Some(value.as_str()));
            }
        }
    }
}

#[test]
fn two_values_of_one_facet_mean_either_and_leave_its_own_counts_alone() {
    let s = server();
    let all = search(&s, &[]);
    let committees: Vec<(String, u64)> = facet(&all, "committee").into_iter().collect();
    assert!(
        committees.len() >= 2,
        "the sample corpus has several committees"
    );
    let (a, b) = (&committees[0], &committees[1]);
    let both = search(&s, &[("committee", &a.0), ("committee", &b.0)]);
    assert_eq!(total(&both), a.1 + b.1);
    assert_eq!(facet(&both, "committee"), facet(&all, "committee"));
    let by_type: u64 = facet(&both, "type").values().sum();
    assert_eq!(
        by_type,
        total(&both),
        "other facets apply the committee filter"
    );
}

#[test]
fn typed_filters_in_the_query_equal_parameters() {
    let s = server();
    let all = search(&s, &[("q", "foster")]);
    let committee = facet(&all, "committee").into_keys().next().unwrap();
    let typed = search(&s, &[("q", &format!("committee:\"{committee}\" foster"))]);
    let param = search(&s, &[("q", "foster"), ("committee", &committee)]);
    assert_eq!(typed["total"], param["total"]);
    assert_eq!(typed["hits"], param["hits"]);
}

#[test]
fn dates_bound_the_meetings() {
    let s = server();
    let response = search(
        &s,
        &[
            ("from", "2018-01-01"),
            ("to", "2018-12-31"),
            ("limit", "100"),
        ],
    );
    assert!(total(&response) > 0);
    for hit in hits(&response) {
        let date = hit["meeting"]["date"].as_str().unwrap();
        assert!(("2018-01-01"..="2018-12-31").contains(&date), "{date}");
    }
    let year = search(&s, &[("year", "2018")]);
    assert_eq!(total(&year), total(&response));
}

#[test]
fn sorting_and_paging() {
    let s = server();
    for (sort, ascending) in [("date", true), ("-date", false)] {
        let response = search(&s, &[("q", "children"), ("sort", sort), ("limit", "50")]);
        let dates: Vec<&str> = hits(&response)
            .iter()
            .filter_map(|h| h["meeting"]["date"].as_str())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort();
        if !ascending {
            sorted.reverse();
        }
        assert_eq!(dates, sorted, "sort={sort}");
        assert!(hits(&response).iter().all(|h| h["score"].is_null()));
    }
    let first = search(&s, &[("q", "children"), ("limit", "5")]);
    let second = search(&s, &[("q", "children"), ("limit", "5"), ("offset", "5")]);
    let both = search(&s, &[("q", "children"), ("limit", "10")]);
    let ids = |v: &Value| -> Vec<Value> { hits(v).iter().map(|h| h["id"].clone()).collect() };
    assert_eq!([ids(&first), ids(&second)].concat(), ids(&both));
}

#[test]
fn grouping_keeps_one_passage_per_item() {
    let s = server();
    let flat = search(&s, &[("q", "children"), ("limit", "100")]);
    let grouped = search(
        &s,
        &[("q", "children"), ("group", "item"), ("limit", "100")],
    );
    let mut items = HashSet::new();
    let mut covered = 0;
    for hit in hits(&grouped) {
        if let Some(number) = hit["item"]["number"].as_str() {
            let key = (hit["document"]["id"].to_string(), number.to_string());
            assert!(items.insert(key), "two hits for one item");
        }
        covered += 1 + hit["other_matches"].as_u64().expect("other_matches");
    }
    assert!(total(&grouped) < total(&flat));
    assert_eq!(
        covered,
        total(&flat),
        "every passage is in exactly one group"
    );
}

#[test]
fn passage_and_document_views_agree() {
    let s = server();
    let hit = hits(&search(&s, &[("q", "foster carers")]))[0].clone();
    let id = hit["id"].as_str().unwrap();
    let view = s.json(&format!("/api/passages/{id}"), 200);
    check_schema(&s, "/api/passages/{id}", "200", &view);
    assert_eq!(view["passage"]["id"], hit["id"]);
    assert_eq!(view["meeting"], hit["meeting"]);
    assert!(view["citation"].as_str().unwrap().contains(id));
    let doc_id = view["document"]["id"].as_str().unwrap();
    let document = s.json(&format!("/api/documents/{doc_id}"), 200);
    check_schema(&s, "/api/documents/{id}", "200", &document);
    let spans = document["passages"].as_array().unwrap();
    let ordinal = view["ordinal"].as_u64().unwrap() as usize;
    assert_eq!(spans[ordinal]["id"], hit["id"]);
    assert_eq!(spans[ordinal]["start"], hit["start"]);
    if ordinal > 0 {
        assert_eq!(view["previous"]["id"], spans[ordinal - 1]["id"]);
    }
    if let Some(next) = spans.get(ordinal + 1) {
        assert_eq!(view["next"]["id"], next["id"]);
    }
    let text: Vec<char> = document["text"].as_str().unwrap().chars().collect();
    let (start, end) = (
        hit["start"].as_u64().unwrap() as usize,
        hit["end"].as_u64().unwrap() as usize,
    );
    assert!(start < end && end <= text.len());
}

#[test]
fn feed_is_atom_with_the_newest_matches() {
    let s = server();
    let reply = s.get(&format!("/api/feed.atom?{}", query(&[("q", "foster")])));
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("application/atom+xml"));
    let xml = roxmltree::Document::parse(&reply.body).expect("the feed is XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let newest = search(&s, &[("q", "foster"), ("sort", "-date"), ("limit", "50")]);
    let expected: Vec<&str> = hits(&newest)
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let mut ids = Vec::new();
    for entry in entries {
        for child in ["id", "title", "updated", "link", "summary"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(child)),
                "entry without {child}"
            );
        }
        let id = entry
            .children()
            .find(|n| n.has_tag_name("id"))
            .and_then(|n| n.text());
        ids.push(id.unwrap().rsplit('=').next().unwrap().to_string());
    }
    assert_eq!(
        ids, expected,
        "entries are the newest matches, newest first"
    );
    assert_eq!(s.get("/api/feed.atom?limit=5").status, 400);
}

#[test]
fn export_streams_every_match_in_csv_and_jsonl() {
    let s = server();
    let matching = total(&search(&s, &[("q", "children")]));
    assert!(matching > 100, "more than one page");
    let csv = s.get(&format!(
        "/api/export?{}",
        query(&[("q", "children"), ("format", "csv")])
    ));
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    assert_eq!(csv.header("x-export-cap"), Some("100000"));
    assert_eq!(
        csv.header("x-total-matches"),
        Some(matching.to_string().as_str())
    );
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "id");
    assert_eq!(reader.records().count() as u64, matching);

    let jsonl = s.get(&format!(
        "/api/export?{}",
        query(&[("q", "children"), ("format", "jsonl")])
    ));
    assert_eq!(jsonl.status, 200);
    let rows: Vec<Value> = jsonl
        .body
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(rows.len() as u64, matching);
    let doc = openapi(&s);
    let schema = &doc["components"]["schemas"]["ExportRow"];
    for row in &rows {
        let mut errors = Vec::new();
        validate(&doc, schema, row, "$", &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
    }
    let filtered = s.get("/api/export?format=jsonl&type=minutes");
    let minutes = total(&search(&s, &[("type", "minutes")]));
    assert_eq!(filtered.body.lines().count() as u64, minutes);
}

#[test]
fn search_export_and_feed_run_one_plan() {
    let s = server();
    for q in [
        "MASH",
        "foster carers wibblethorpe",
        "what support is there for care leavers",
        "committee:\"Children's Services Overview and Scrutiny Committee\" caseloads",
    ] {
        let searched = search(&s, &[("q", q)]);
        let export = s.get(&format!(
            "/api/export?{}",
            query(&[("q", q), ("format", "jsonl")])
        ));
        assert_eq!(export.status, 200, "{q}");
        assert_eq!(export.body.lines().count() as u64, total(&searched), "{q}");
        assert_eq!(
            export.header("x-matching"),
            searched["matching"].as_str(),
            "{q}"
        );
        let feed = s.get(&format!("/api/feed.atom?{}", query(&[("q", q)])));
        assert_eq!(feed.status, 200, "{q}");
        assert!(
            (total(&searched) > 0) == feed.body.contains("<entry>"),
            "{q}: the feed has entries exactly when the search has hits"
        );
    }
    // MASH expands to what it stands for in every one of them.
    let mash = search(&s, &[("q", "MASH")]);
    assert!(!mash["expansions"]
        .as_array()
        .expect("expansions")
        .is_empty());
}

#[test]
fn stats_count_zero_hit_and_relaxed_searches() {
    let s = Server::over_index(util::corpus_index());
    search(&s, &[("q", "zqxwvzqxwv")]);
    search(&s, &[("q", "zqxwvzqxwv")]);
    let relaxed = search(&s, &[("q", "foster carers wibblethorpe")]);
    assert_eq!(relaxed["matching"], "most");
    search(&s, &[("q", "foster carers")]);
    search(&s, &[]);
    let stats = s.json("/api/stats", 200);
    check_schema(&s, "/api/stats", "200", &stats);
    let q = &stats["queries"];
    assert_eq!(q["searches"], 4, "{q}");
    assert_eq!(q["zero_hits"], 2, "{q}");
    assert_eq!(q["relaxed"], 1, "{q}");
    assert_eq!(q["zero_hit_share"], 0.5, "{q}");
    assert_eq!(q["top_zero_hit_queries"][0]["query"], "zqxwvzqxwv");
    assert_eq!(q["top_zero_hit_queries"][0]["count"], 2);
}

#[test]
fn csv_export_cells_never_start_a_spreadsheet_formula() {
    const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    let s = server();
    let csv = s.get("/api/export?format=csv");
    let jsonl = s.get("/api/export?format=jsonl");
    assert_eq!((csv.status, jsonl.status), (200, 200));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let rows: Vec<Value> = jsonl
        .body
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(records.len(), rows.len(), "the same rows in the same order");
    let mut neutralised = 0;
    for (record, row) in records.iter().zip(&rows) {
        for cell in record {
            assert!(!cell.starts_with(FORMULA_STARTS), "{cell:?}");
        }
        assert_eq!(&record[0], row["id"].as_str().unwrap());
        // JSON Lines keeps the text as it is; CSV puts a ' before a formula character.
        let text = row["text"].as_str().unwrap();
        if text.starts_with(FORMULA_STARTS) {
            neutralised += 1;
            assert_eq!(&record[14], format!("'{text}"));
        } else {
            assert_eq!(&record[14], text);
        }
    }
    assert!(
        neutralised > 0,
        "the sample corpus has passages opening with a '-' list item"
    );
}

#[test]
fn errors_are_json_with_a_code_and_never_a_500() {
    let s = server();
    let long = "a".repeat(1_001);
    let cases: Vec<(String, u16, &str)> = vec![
        (
            format!("/api/search?{}", query(&[("q", "\"foster carers")])),
            400,
            "bad_query",
        ),
        (
            format!("/api/search?{}", query(&[("q", "colour:red")])),
            400,
            "bad_query",
        ),
        (
            format!("/api/search?{}", query(&[("q", &long)])),
            400,
            "bad_query",
        ),
        ("/api/search?limit=1000".into(), 400, "bad_parameter"),
        ("/api/search?limit=0".into(), 400, "bad_parameter"),
        ("/api/search?offset=99999".into(), 400, "bad_parameter"),
        ("/api/search?limit=ten".into(), 400, "bad_parameter"),
        ("/api/search?colour=red".into(), 400, "bad_parameter"),
        ("/api/search?q=a&q=b".into(), 400, "bad_parameter"),
        ("/api/search?type=memo".into(), 400, "bad_parameter"),
        ("/api/search?from=2018-02-30".into(), 400, "bad_parameter"),
        ("/api/search?sort=score".into(), 400, "bad_parameter"),
        ("/api/search?group=meeting".into(), 400, "bad_parameter"),
        ("/api/export?format=xlsx".into(), 400, "bad_parameter"),
        ("/api/stats?verbose=1".into(), 400, "bad_parameter"),
        ("/api/passages/0000000000000000".into(), 404, "not_found"),
        ("/api/documents/0000000000000000".into(), 404, "not_found"),
        (
            "/api/documents/..%2F..%2Fetc%2Fpasswd".into(),
            404,
            "not_found",
        ),
        ("/api/documents/%2Fetc%2Fpasswd".into(), 404, "not_found"),
        ("/api/passages/..%5C..%5Cwindows".into(), 404, "not_found"),
        ("/api/documents/../../etc/passwd".into(), 404, "not_found"),
        ("/etc/passwd".into(), 404, "not_found"),
        ("/api/nothing".into(), 404, "not_found"),
        ("/static/../Cargo.toml".into(), 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let reply = s.get(&path);
        assert_eq!(reply.status, status, "{path}: {}", reply.body);
        assert!(reply.content_type.starts_with("application/json"), "{path}");
        let body = reply.json();
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
        let template = if path.starts_with("/api/search") {
            "/api/search"
        } else {
            "/api/passages/{id}"
        };
        check_schema(&s, template, &status.to_string(), &body);
    }
    for q in [
        "((((",
        "\"",
        "AND",
        "-",
        "*",
        "a*",
        "x~9",
        ")",
        "committee:",
        "date:..",
        "\u{0}",
    ] {
        let reply = s.get(&format!("/api/search?{}", query(&[("q", q)])));
        assert!(
            reply.status == 200 || reply.status == 400,
            "{q:?}: {}",
            reply.body
        );
    }
}

#[test]
fn a_new_commit_is_served_without_a_restart() {
    let corpus = util::corpus_copy();
    let s = Server::start(corpus.path());
    assert_eq!(s.json("/api/stats", 200)["documents"], 5);
    let first = std::fs::read_dir(corpus.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    std::fs::copy(first.path(), corpus.path().join("zz_copy.txt")).unwrap();
    std::fs::write(corpus.path().join("broken.pdf"), b"%PDF-1.4 not really").unwrap();
    let out = util::quorum([
        "index".as_ref(),
        corpus.path().as_os_str(),
        "--index".as_ref(),
        s.index.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", util::describe(&out));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let stats = loop {
        let stats = s.json("/api/stats", 200);
        if stats["documents"] == 6 || std::time::Instant::now() > deadline {
            break stats;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(stats["documents"], 6, "{stats}");
    let failed = stats["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{stats}");
    assert_eq!(failed[0]["path"], "broken.pdf");
    assert!(!failed[0]["reason"].as_str().unwrap().is_empty());
    check_schema(&s, "/api/stats", "200", &stats);
}

// ---- OpenAPI: a small validator for the subset of JSON Schema the document uses ----

fn openapi(s: &Server) -> Value {
    s.json("/api/openapi.json", 200)
}

/// Check `body` against the schema `/api/openapi.json` gives for `path`'s `status` response.
fn check_schema(s: &Server, path: &str, status: &str, body: &Value) {
    let doc = openapi(s);
    let schema =
        &doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "openapi.json has no {status} JSON response for {path}"
    );
    let mut errors = Vec::new();
    validate(&doc, schema, body, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{path} {status} does not match openapi.json:\n{}",
        errors.join("\n")
    );
}

fn validate(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        assert!(!target.is_null(), "dangling $ref {reference}");
        return validate(doc, target, value, at, errors);
    }
    if let Some(options) = schema["anyOf"].as_array() {
        let fits = options.iter().any(|o| {
            let mut e = Vec::new();
            validate(doc, o, value, at, &mut e);
            e.is_empty()
        });
        if !fits {
            errors.push(format!("{at}: {value} matches none of anyOf"));
        }
        return;
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| has_type(value, t)) {
        errors.push(format!("{at}: {value} is not {types:?}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            errors.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if n < min {
            errors.push(format!("{at}: {n} < {min}"));
        }
    }
    if schema["format"] == "date" {
        if let Some(s) = value.as_str() {
            if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() {
                errors.push(format!("{at}: {s} is not a date"));
            }
        }
    }
    if let (Some(object), Value::Object(properties)) = (value.as_object(), &schema["properties"]) {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                errors.push(format!("{at}: missing required {name}"));
            }
        }
        for (name, v) in object {
            match properties.get(name) {
                Some(s) => validate(doc, s, v, &format!("{at}.{name}"), errors),
                None if schema["additionalProperties"] == false => {
                    errors.push(format!("{at}: {name} is not in the schema"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            validate(doc, items, v, &format!("{at}[{i}]"), errors);
        }
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

#[test]
fn openapi_validator_catches_mismatches() {
    let doc: Value = serde_json::json!({"components": {"schemas": {
        "A": {"type": "object", "required": ["n"], "additionalProperties": false,
              "properties": {"n": {"type": "integer", "minimum": 0},
                             "s": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}
    }}});
    let schema = serde_json::json!({"$ref": "#/components/schemas/A"});
    let check = |v: Value| {
        let mut e = Vec::new();
        validate(&doc, &schema, &v, "$", &mut e);
        e
    };
    assert!(check(serde_json::json!({"n": 1, "s": null})).is_empty());
    assert_eq!(check(serde_json::json!({"s": "x"})).len(), 1);
    assert_eq!(check(serde_json::json!({"n": -1})).len(), 1);
    assert_eq!(check(serde_json::json!({"n": 1, "x": 2})).len(), 1);
    assert_eq!(check(serde_json::json!({"n": 1, "s": 3})).len(), 1);
}

#[test]
fn searches_while_an_index_run_commits_never_fail_or_show_part_of_a_document() {
    let corpus = util::corpus_copy();
    let s = Server::start(corpus.path());
    let generated = corpus.path().join("generated");
    let out = util::quorum([
        "gen".as_ref(),
        "--passages".as_ref(),
        "4000".as_ref(),
        "--formats".as_ref(),
        "text,markdown,html".as_ref(),
        "--vocabulary".as_ref(),
        util::corpus().as_os_str(),
        "--out".as_ref(),
        generated.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", util::describe(&out));

    // Commit after every two documents, so the server sees many intermediate states.
    let mut indexer = std::process::Command::new(env!("CARGO_BIN_EXE_quorum"))
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&s.index)
        .args(["--commit-every", "2", "--in-process"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("quorum index starts");

    // Passage counts of every document seen while the run commits, each time it is seen.
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut searches = 0;
    let mut states = HashSet::new();
    while indexer.try_wait().expect("indexer status").is_none() {
        let found = search(&s, &[("q", "council"), ("limit", "20")]);
        searches += 1;
        states.insert(total(&found));
        for hit in hits(&found) {
            let passage = hit["id"].as_str().expect("passage id");
            let view = s.get(&format!("/api/passages/{passage}"));
            assert!(view.status == 200, "{}", view.body);
            let id = hit["document"]["id"]
                .as_str()
                .expect("document id")
                .to_string();
            let reply = s.get(&format!("/api/documents/{id}"));
            assert_eq!(reply.status, 200, "{}", reply.body);
            seen.push((id, passages_of(&reply.json())));
        }
    }
    assert!(indexer.wait().expect("indexer").success());
    eprintln!(
        "{searches} searches during indexing saw {} states of the index and {} documents",
        states.len(),
        seen.len()
    );
    assert!(searches > 3, "only {searches} searches ran during indexing");
    assert!(
        states.len() > 1,
        "no intermediate commit was seen: {states:?}"
    );

    // Every state of a document a search showed was complete: the final one.
    for (id, passages) in &seen {
        let now = s.json(&format!("/api/documents/{id}"), 200);
        assert_eq!(*passages, passages_of(&now), "document {id}");
    }
}

/// The number of passages a `/api/documents/{id}` answer lists.
fn passages_of(document: &Value) -> usize {
    document["passages"]
        .as_array()
        .map(Vec::len)
        .expect("a passages array")
}
