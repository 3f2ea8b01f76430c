//! The `lastaccessed` command: its subcommands on the shared fixtures, exit
//! codes for each rule, and the same counts as the session gives the app.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::process::{Command, Output};

use common::fixture_path;
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lastaccessed"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the command runs")
}

fn f(rel: &str) -> String {
    fixture_path(rel).to_string_lossy().into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn summary_json_counts_what_the_session_counts() {
    let account = f("authz/444455556666");
    let out = run(&["summary", "--json", &account, &f("xml/report.xml")]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    let bob = reports
        .iter()
        .find(|r| r["principal"] == "arn:aws:iam::444455556666:user/bob")
        .unwrap();
    // What tests/session.rs says of bob: cloudwatch and s3 used, dynamodb stale, three never.
    assert_eq!(
        (
            &bob["services"],
            &bob["recent"],
            &bob["stale"],
            &bob["never"],
            &bob["pages"],
            &bob["complete"]
        ),
        (
            &Value::from(6),
            &Value::from(2),
            &Value::from(1),
            &Value::from(3),
            &Value::from(1),
            &Value::Bool(true)
        )
    );
    let pipeline = reports
        .iter()
        .find(|r| r["label"] == "role/data-pipeline (444455556666)")
        .unwrap();
    assert_eq!(
        (&pipeline["actions"], &pipeline["actions_never"]),
        (&Value::from(2), &Value::from(1))
    );
    // A threshold of a year makes bob's dynamodb recent.
    let out = run(&["summary", "--json", "--threshold", "365", &account]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bob = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"].as_str().unwrap().starts_with("user/bob"))
        .unwrap()
        .clone();
    assert_eq!(bob["recent"], 3);
    // The table names each report.
    let table = run(&["summary", &account]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("role/nightly-etl (444455556666)"));
}

#[test]
fn check_exits_one_with_the_offenders_for_each_rule() {
    let account = f("authz/444455556666");
    let authz = f("authz/boto3.json");
    let report = f("xml/report.xml");
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["--fail-on", "stale-services"],
            1,
            "stale-services: user/bob",
        ),
        (
            &["--fail-on", "unused-write"],
            1,
            "unused-write: role/nightly-etl",
        ),
        (&["--fail-on", "unused-principal"], 0, "ok: 3 reports"),
        (&["--fail-on", "incomplete"], 0, "ok: 3 reports"),
    ];
    for (rule, want, says) in cases {
        let mut args = vec!["check"];
        args.extend_from_slice(rule);
        args.extend([account.as_str(), authz.as_str(), report.as_str()]);
        let out = run(&args);
        assert_eq!(code(&out), *want, "{rule:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{rule:?}: {}", text(&out));
    }
    // Incomplete and unused principals, from other data.
    let out = run(&["check", "--fail-on", "incomplete", &f("cli-v1/page-1.json")]);
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("--marker"), "{}", text(&out));
    // Unused write needs the policies: a usage error, not a pass.
    let out = run(&["check", "--fail-on", "unused-write", &report]);
    assert_eq!(code(&out), 2, "{}", text(&out));
    // An unreadable input is named, and the check does not pass.
    let out = run(&[
        "check",
        "--fail-on",
        "incomplete",
        &report,
        &f("bad/whitespace.json"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(text(&out).contains("bad/whitespace.json"), "{}", text(&out));
    // Usage errors: 2.
    assert_eq!(code(&run(&["check", &report])), 2);
    assert_eq!(code(&run(&["frobnicate"])), 2);
    assert_eq!(code(&run(&["summary", "/no/such/path"])), 2);
}

#[test]
fn exports_rewrite_and_html_write_files() {
    let dir = common::scratch("cli");
    let account = f("authz/444455556666");
    // The fleet as CSV: a row per principal, cells made safe.
    let out = run(&["export", "fleet", "--csv", &account]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(csv.lines().count(), 1 + 2, "{csv}");
    assert!(csv.starts_with("principal,kind,name,account,"));
    // Services of one report, chosen by a part of its label.
    let services = dir.join("services.csv");
    let out = run(&[
        "export",
        "services",
        "--csv",
        "--report",
        "nightly-etl",
        &account,
        "-o",
        services.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let s = std::fs::read_to_string(&services).unwrap();
    assert_eq!(s.lines().count(), 1 + 4, "{s}");
    assert!(s.contains(",sqs,"), "{s}");
    // The rewrite and its scripts.
    let out = run(&[
        "rewrite",
        "-o",
        dir.to_str().unwrap(),
        &account,
        &f("xml/report.xml"),
        &f("authz/boto3.json"),
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let rw: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("lastaccessed-rewrite.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(rw["principals"].as_array().unwrap().len(), 3);
    assert!(std::fs::read_to_string(dir.join("lastaccessed-apply.sh"))
        .unwrap()
        .contains("put-user-policy"));
    // The account's policies, a row each, their principals among the three.
    let policies = std::fs::read_to_string(dir.join("lastaccessed-policies.csv")).unwrap();
    assert!(
        policies.starts_with("policy,kind,arn,held_by,principals,principal_count,actions,removed,"),
        "{policies}"
    );
    let rewritten: usize = rw["principals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["policies"].as_array().unwrap().len())
        .sum();
    let rows = policies.lines().count() - 1;
    assert!(
        rows >= 1 && rows <= rewritten,
        "{rows} of {rewritten}: {policies}"
    );
    // Save as HTML, from a given template (the single file): the data in it.
    let template = dir.join("template.html");
    std::fs::write(
        &template,
        "<!DOCTYPE html><html><head><title>t</title></head><body></body></html>",
    )
    .unwrap();
    let html = dir.join("r.html");
    let out = run(&[
        "html",
        "--template",
        template.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
        &f("cli-v1"),
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    let fragment = lastaccessed::report::share::embedded_fragment(&page).unwrap();
    assert!(
        fragment.starts_with("v1") && fragment.contains("d="),
        "{fragment}"
    );
    assert!(!page.contains("111122223333"), "redacted by default");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn standard_input_is_read_with_a_dash() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lastaccessed"))
        .args(["summary", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(fixture_path("xml/report.xml")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reports"][0]["services"], 3);
}

#[test]
fn suggest_writes_the_apps_documents_with_where_they_go() {
    // A principal's report: four shapes, each a document that says where it goes.
    let out = run(&[
        "suggest",
        &f("cli-v1/page-1.json"),
        &f("cli-v1/page-2.json"),
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["principal"], "arn:aws:iam::111122223333:user/alice");
    let shapes: Vec<&str> = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["shape"].as_str().unwrap())
        .collect();
    assert_eq!(
        shapes,
        ["deny-on-principal", "boundary", "scp", "allow-used"]
    );
    let scp = &v["suggestions"][2];
    assert!(scp["placement"]
        .as_str()
        .unwrap()
        .starts_with("Attach in AWS Organizations"));
    assert_eq!(
        scp["document"]["Statement"][0]["Condition"]["ArnLike"]["aws:PrincipalArn"][0],
        "arn:aws:iam::111122223333:user/alice"
    );
    assert_eq!(
        scp["document"]["Statement"][0]["Action"],
        serde_json::json!(["kms:*", "lambda:*", "sqs:*"])
    );
    // An Organizations report: its SCP alone, as the app shows it, its notes
    // on standard error.
    let org = f("org/org-report.json");
    let out = run(&["suggest", "--shape", "scp", &org]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!(["glue:*", "sagemaker:*"])
    );
    assert!(doc["Statement"][0].get("Condition").is_none());
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "lastaccessed: note: SCPs do not apply to the organization's management account"
    ));
    // A shape with no document for it: exit 2, with why.
    let out = run(&["suggest", "--shape", "boundary", &org]);
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out).contains("no boundary document for this report"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("not one principal"), "{}", text(&out));
}
