//! People: attendance read from the minutes' front matter and speakers in passages, with the
//! `person` filter and facet, run with the real binary on the sample corpus.

mod util;

use quorum::search::Engine;
use serde_json::Value;
use util::{corpus, corpus_index, describe, hits, quorum, search_json};

fn inspect(name: &str) -> Value {
    let out = quorum([
        "inspect".as_ref(),
        corpus().join(name).as_os_str(),
        "--json".as_ref(),
    ]);
    assert!(out.status.success(), "{}", describe(&out));
    serde_json::from_slice(&out.stdout).expect("inspect prints JSON")
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn person_finds_the_passages_where_nicholas_bennett_spoke() {
    let (code, response) = search_json(
        corpus_index(),
        "",
        &[
            "--person",
            "Nicholas Bennett",
            "--facets",
            "person,committee",
        ],
    );
    assert_eq!(code, 0, "{response}");
    // Only the facets asked for are counted.
    let counted: Vec<&String> = response["facets"]
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(counted, ["committee", "person"], "{}", response["facets"]);
    let found = hits(&response);
    assert!(found.len() >= 2, "{response}");
    for hit in found {
        assert!(hit["document"]["path"]
            .as_str()
            .unwrap_or("")
            .starts_with("003_"));
        let speakers = hit["speakers"].as_array().cloned().unwrap_or_default();
        assert!(
            speakers.iter().any(|s| s["name"] == "Nicholas Bennett"
                && s["display"] == "Councillor Nicholas Bennett JP"),
            "{speakers:?}"
        );
    }
    // Titles, post-nominals and case do not matter; the query language says the same.
    let total = response["total"].clone();
    for (query, extra) in [
        ("", vec!["--person", "Cllr NICHOLAS BENNETT J.P."]),
        ("person:\"Councillor Nicholas Bennett JP\"", vec![]),
    ] {
        let (_, other) = search_json(corpus_index(), query, &extra);
        assert_eq!(other["total"], total, "{query:?} {extra:?}");
    }
    let people: Vec<&str> = response["facets"]["person"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["value"].as_str()).collect())
        .unwrap_or_default();
    assert!(people.contains(&"Nicholas Bennett"), "{people:?}");
}

#[test]
fn the_6_december_2016_minutes_list_him_among_those_also_present() {
    let doc = inspect("003_5b0a6dd4e6822a10.txt");
    assert_eq!(doc["meeting"]["date"], "2016-12-06");
    let attendance = &doc["attendance"];
    let also = names(&attendance["also_present"]);
    assert!(also.contains(&"Nicholas Bennett".to_string()), "{also:?}");
    assert_eq!(attendance["chair"]["name"], "Judi Ellis");
    let present = names(&attendance["present"]);
    assert!(
        present.contains(&"Charles Rideout".to_string()),
        "{present:?}"
    );
    let apologies = names(&attendance["apologies"]);
    assert!(
        apologies.contains(&"Kim Botting".to_string()),
        "{apologies:?}"
    );

    // The library's person record (what `GET /api/people/{name}` serves) says the same.
    let engine = Engine::open(corpus_index()).expect("index opens");
    let record = engine
        .person("Councillor Nicholas Bennett JP")
        .expect("person");
    assert_eq!(record.name, "Nicholas Bennett");
    assert!(record
        .attended
        .iter()
        .any(|l| l.list == "also_present" && l.document.path.starts_with("003_")));
    assert!(record.spoke.len() >= 2);
    assert!(record.apologies.is_empty());
    // Only the papers that name a person are read: someone who sent apologies is found there,
    // and a name no paper holds has an empty record.
    let sent = engine.person("Councillor Kim Botting").expect("person");
    assert!(!sent.apologies.is_empty(), "{sent:?}");
    let nobody = engine.person("Councillor Ada Nobody").expect("person");
    assert!(nobody.attended.is_empty() && nobody.apologies.is_empty() && nobody.spoke.is_empty());
}

#[test]
fn the_bradford_party_table_co_opted_members_and_observers() {
    let doc = inspect("000_5af795796b427d82.txt");
    let a = &doc["attendance"];
    let present: Vec<(String, String)> = a["present"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|x| {
                    (
                        x["name"].as_str().unwrap_or("").to_string(),
                        x["party"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert!(present.contains(&("M Pollard".into(), "CONSERVATIVE".into())));
    assert!(present.contains(&("Engel".into(), "LABOUR".into())));
    assert!(present.contains(&("Ward".into(), "LIBERAL DEMOCRAT".into())));
    assert_eq!(a["chair"]["name"], "Gibbons");
    assert_eq!(a["co_opted"][0]["name"], "Claire Parr");
    assert_eq!(a["co_opted"][0]["role"], "Church Representative (RC)");
    assert!(names(&a["also_present"]).contains(&"Anila Ahmed".to_string()));
    assert!(names(&a["apologies"]).contains(&"Shain Wells".to_string()));
}

#[test]
fn officers_and_the_chair_speak_by_office() {
    let (_, response) = search_json(
        corpus_index(),
        "incremental increase in demand",
        &["--limit", "1"],
    );
    let speakers = hits(&response)[0]["speakers"].clone();
    assert!(
        speakers
            .as_array()
            .into_iter()
            .flatten()
            .any(|s| s["role"] == "Deputy Director Children's Social Care" && s["name"].is_null()),
        "{speakers}"
    );
    // Two passages tie on these words (same words, same length); the minutes' one is either.
    let (_, response) = search_json(corpus_index(), "Living in Care Council", &["--limit", "2"]);
    let minutes: Vec<&serde_json::Value> = hits(&response)
        .iter()
        .filter(|h| h["document"]["type"] == "minutes")
        .collect();
    let speakers = minutes.first().map(|h| h["speakers"].clone());
    assert!(
        speakers
            .iter()
            .filter_map(|s| s.as_array())
            .flatten()
            .any(|s| s["role"] == "Chairman" && s["name"] == "Judi Ellis"),
        "the Chairman is the chair the attendance names: {speakers:?}"
    );
}
