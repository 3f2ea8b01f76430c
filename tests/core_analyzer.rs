//! IAM Access Analyzer unused-access findings (fixtures by botocore from the
//! rest-json wire format, as the CLI prints them and as boto3 returns them),
//! beside the last-accessed data: merged, matched to principals, compared
//! with the report, and carried into the rewrite export.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::bytes;
use lastaccessed::report::analyzer::{Analyzer, AnalyzerDoc};
use lastaccessed::report::diff::Mark;
use lastaccessed::report::input::parse_file;
use lastaccessed::session::{Command, Parsed, Session};
use serde_json::Value;

const PIPELINE: &str = "arn:aws:iam::444455556666:role/data-pipeline";

fn docs(rels: &[&str]) -> Vec<AnalyzerDoc> {
    rels.iter()
        .flat_map(|r| {
            let l = parse_file(r, &bytes(r)).unwrap_or_else(|e| panic!("{e}"));
            assert!(l.pages.is_empty() && l.authz.is_empty(), "{r}");
            l.analyzer.into_iter().map(|s| s.page)
        })
        .collect()
}

#[test]
fn every_serialisation_reads_the_same_and_pages_merge() {
    let cli = Analyzer::merge(&docs(&[
        "analyzer/get-finding-v2-page-1.json",
        "analyzer/get-finding-v2-page-2.json",
    ]));
    let boto3 = Analyzer::merge(&docs(&["analyzer/get-finding-v2-boto3.json"]));
    assert_eq!(cli.findings, boto3.findings);
    let f = cli.findings.values().next().unwrap();
    assert_eq!(f.resource, PIPELINE);
    assert_eq!(f.finding_details.len(), 3, "both pages of details");
    // A list and the details of the same finding are one finding.
    let all = Analyzer::merge(&docs(&[
        "analyzer/list-findings-v2.json",
        "analyzer/get-finding-v2-page-1.json",
        "analyzer/get-finding-v2-page-2.json",
        "analyzer/get-finding-v2-password.json",
        "analyzer/get-finding-v2-access-key.json",
        "analyzer/get-finding-v2-role.json",
        "analyzer/get-finding-recommendation-boto3.json",
    ]));
    assert_eq!(all.findings.len(), 4);
    assert_eq!(all.active("arn:aws:iam::444455556666:user/bob"), 2);
    let rec = &all.recommendations[PIPELINE];
    let cli_rec = Analyzer::merge(&docs(&["analyzer/get-finding-recommendation.json"]));
    assert_eq!(&cli_rec.recommendations[PIPELINE], rec);
    assert_eq!(
        Analyzer::merge(&docs(&["analyzer/list-findings-v2-boto3.json"]))
            .findings
            .len(),
        4
    );
}

fn session() -> Session {
    let mut s = Session::new("2026-11-30T00:00:00Z".parse().unwrap());
    let files = [
        "xml/report.xml",
        "authz/boto3.json",
        "analyzer/list-findings-v2.json",
        "analyzer/get-finding-v2-page-1.json",
        "analyzer/get-finding-v2-page-2.json",
        "analyzer/get-finding-recommendation.json",
    ];
    let batch: Vec<Parsed> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            s.apply(Command::Queue {
                id: i as u64,
                name: f.to_string(),
                size: 1,
            });
            Parsed {
                id: i as u64,
                name: f.to_string(),
                result: parse_file(f, &bytes(f)),
            }
        })
        .collect();
    s.apply(Command::Parsed(batch));
    s
}

#[test]
fn findings_beside_the_report_agree_or_say_why_not() {
    let s = session();
    let v = s
        .view
        .as_ref()
        .unwrap()
        .analyzer
        .clone()
        .expect("findings about data-pipeline");
    let line = |ns: &str| v.services.iter().find(|x| x.namespace == ns).unwrap();
    // athena never used, glue stale: both say unused.
    assert!(line("athena").agrees && line("glue").agrees);
    // s3: the analyzer (its own, shorter window) calls it unused; the report
    // shows it used within 90 days — and GetBucketLocation, tracked, used.
    // (S3's object actions, GetObject and the like, are tracked by neither.)
    assert!(!line("s3").agrees);
    assert_eq!(line("s3").used_actions, ["GetBucketLocation"]);
    assert_eq!(line("s3").actions, ["PutBucketPolicy", "GetBucketLocation"]);
    assert_eq!(v.disagreements(), 1);
    // The recommendation, with the existing inline policy for a diff.
    let rec = v.recommendation.as_ref().unwrap();
    assert_eq!(rec.steps.len(), 2);
    assert_eq!(rec.steps[0].target.as_deref(), Some("pipeline-inline"));
    // Made in the engine: the statement it takes out reads as one block.
    let diff = rec.steps[0].diff.as_deref().unwrap();
    let gone: Vec<&str> = diff
        .iter()
        .filter(|l| l.mark == Mark::Removed)
        .map(|l| l.text.trim())
        .collect();
    // PutBucketPolicy goes from the bucket statement, then the athena one whole.
    assert_eq!(gone[..2], ["\"s3:PutBucketPolicy\"", "{"], "{gone:?}");
    assert_eq!(gone.last(), Some(&"},"), "{gone:?}");
    assert!(gone.contains(&"\"Action\": \"athena:*\","), "{gone:?}");
    assert!(diff.iter().all(|l| l.mark != Mark::Added));
    assert!(!rec.steps[0].document.as_deref().unwrap().contains("athena"));
    // Detach: what GlueAccess (in the details) grants today, every line gone.
    assert_eq!(rec.steps[1].action, "DETACH_POLICY");
    let detach = rec.steps[1]
        .diff
        .as_deref()
        .expect("GlueAccess is in the details");
    assert!(detach.iter().all(|l| l.mark == Mark::Removed));
    assert!(detach.iter().any(|l| l.text.contains("glue:*")));
}

#[test]
fn the_rewrite_export_carries_the_recommendation() {
    let s = session();
    let text = lastaccessed::report::plan::export_json_with(
        &s.plans(),
        90,
        "report date",
        Some(&s.analyzer),
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    let pols = v["principals"][0]["policies"].as_array().unwrap();
    let ours: Vec<_> = pols
        .iter()
        .filter(|p| p["source"] == "last-accessed")
        .collect();
    let theirs: Vec<_> = pols
        .iter()
        .filter(|p| p["source"] == "access-analyzer")
        .collect();
    assert_eq!(ours.len(), 3);
    assert_eq!(theirs.len(), 2);
    assert_eq!(theirs[0]["kind"], "inline");
    assert_eq!(theirs[0]["name"], "pipeline-inline");
    assert_eq!(theirs[0]["action"], "edit");
    assert_eq!(
        theirs[0]["after"]["Statement"][0]["Action"],
        serde_json::json!(["s3:GetObject", "s3:PutObject"])
    );
    assert_eq!(
        theirs[0]["after"]["Statement"][1]["Action"],
        serde_json::json!(["s3:GetBucketLocation"])
    );
    assert_eq!(theirs[1]["action"], "detach");
    assert_eq!(
        theirs[1]["arn"],
        "arn:aws:iam::444455556666:policy/GlueAccess"
    );
    assert_eq!(theirs[1]["kind"], "managed");
}

#[test]
fn the_fleet_counts_each_principals_active_findings() {
    let mut s = session();
    let more = [
        "authz/444455556666/users/bob/page-1.json",
        "analyzer/get-finding-v2-password.json",
        "analyzer/get-finding-v2-access-key.json",
    ];
    let batch: Vec<Parsed> = more
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let id = 100 + i as u64;
            s.apply(Command::Queue {
                id,
                name: f.to_string(),
                size: 1,
            });
            Parsed {
                id,
                name: f.to_string(),
                result: parse_file(f, &bytes(f)),
            }
        })
        .collect();
    s.apply(Command::Parsed(batch));
    let fleet = s.fleet.clone().unwrap();
    let of = |n: &str| fleet.rows.iter().find(|r| r.name == n).unwrap().analyzer;
    assert_eq!(of("bob"), Some(2));
    assert_eq!(of("data-pipeline"), Some(1));
    let csv = lastaccessed::report::export::fleet_csv(&fleet, &s.fleet_order).unwrap();
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains(",access_analyzer_findings,"));
}
