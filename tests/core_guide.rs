//! The "how to get a report" guide and the errors people paste instead of a
//! report.
//!
//! - Every `aws …` command the guide prints uses only options the AWS CLI
//!   accepts (`fixtures/aws-cli-options.json`, read from the CLI's own argument
//!   tables by `scripts/aws_cli_options.py`), enum values it allows, and
//!   `--query` names the operation returns. The same for boto3's methods.
//! - The shell steps and the boto3 script are run against stand-ins for `aws`
//!   and `boto3` that serve a three-page report; the files they write load here
//!   as one complete report.
//! - Error texts produced by botocore itself (`fixtures/aws-errors/make.py`)
//!   are recognised and explained.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;
use std::process::Command;

use common::{scratch, write_exec};
use lastaccessed::report::aws_error::Via;
use lastaccessed::report::guide::{self, Guide};
use lastaccessed::report::id::Id;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::OrgTarget;
use lastaccessed::report::policy::{organizations, Shape};
use lastaccessed::report::table::{service_rows, Staleness};
use lastaccessed::report::{merge, ErrorKind, NoticeKind};
use serde_json::Value;

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn options() -> Value {
    serde_json::from_slice(&fixture("aws-cli-options.json")).unwrap()
}

/// Every `aws SERVICE COMMAND --opt value …` in a shell text.
fn invocations(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(i) = rest.find("aws ") {
            let boundary = i == 0 || matches!(rest.as_bytes()[i - 1], b'(' | b' ');
            let tail = &rest[i + 4..];
            if boundary {
                let end = tail.find([')', '>', '#']).unwrap_or(tail.len());
                let words = split_words(&tail[..end]);
                out.push(words);
            }
            rest = tail;
        }
    }
    out
}

/// Shell words, with quotes removed (enough for the guide's own text).
fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in s.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

/// A fixture's JSON array of strings.
fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

fn check_cli(text: &str) -> usize {
    let opts = options();
    let global = strs(&opts["global_options"]);
    let calls = invocations(text);
    for words in &calls {
        let key = format!("{} {}", words[0], words[1]);
        let cmd = &opts["commands"][&key];
        assert!(
            cmd.is_object(),
            "unknown AWS CLI command `aws {key}` in:\n{text}"
        );
        let accepted = strs(&cmd["options"]);
        let mut i = 2;
        while i < words.len() {
            let w = &words[i];
            let flag = w
                .strip_prefix("--")
                .unwrap_or_else(|| panic!("`aws {key}`: unexpected word {w:?}"));
            assert!(
                accepted.contains(&flag) || global.contains(&flag),
                "`aws {key}` does not accept --{flag}"
            );
            let value = words.get(i + 1).map(String::as_str).unwrap_or("");
            if let Some(allowed) = cmd["enums"].get(flag) {
                assert!(
                    strs(allowed).contains(&value),
                    "`aws {key} --{flag} {value}`: not one of {allowed}"
                );
            }
            if flag == "output" {
                assert!(
                    strs(&opts["output_formats"]).contains(&value),
                    "--output {value}"
                );
            }
            if flag == "query" {
                let first = value.split(['.', '[']).next().unwrap();
                assert!(
                    strs(&cmd["output_members"]).contains(&first),
                    "`aws {key} --query {value}`: the response has no {first}"
                );
            }
            i += 2;
        }
    }
    calls.len()
}

#[test]
fn every_cli_command_uses_options_the_cli_accepts() {
    for action_level in [true, false] {
        let g = Guide::new("arn:aws:iam::123456789012:role/Deploy", action_level);
        let all: String = g
            .cli()
            .iter()
            .chain(&g.organizations())
            .chain(&g.analyzer())
            .map(|s| s.text.clone())
            .collect();
        // generate, poll, first page, next page, entities, authorization
        // details; org: describe, roots, generate, poll, 2 pages; analyzer:
        // list analyzers, list findings twice, get finding, list again,
        // generate, poll and get the recommendation
        assert_eq!(check_cli(&all), 20, "{all}");
    }
    assert_eq!(
        check_cli(&guide::fetch_job("examplef-1305-c245-eba4-71fe298bcda7")),
        3
    );
}

#[test]
fn the_checker_catches_typos() {
    let bad = [
        "aws iam get-service-last-accessed-details --jobid x --output json",
        "aws iam generate-service-last-accessed-details --arn x --granularity ACTIONS",
        "aws iam get-service-last-accessed-detail --job-id x",
        "aws iam get-service-last-accessed-details --job-id x --query Status --output text",
        "aws iam get-service-last-accessed-details --job-id x --output jsn",
    ];
    for text in bad {
        let caught = std::panic::catch_unwind(|| check_cli(text)).is_err();
        assert!(caught, "not caught: {text}");
    }
}

#[test]
fn boto3_calls_use_real_methods_and_parameters() {
    let opts = options();
    let script = Guide::new("arn:aws:iam::123456789012:user/alice", true).boto3();
    let mut calls = 0;
    for (i, _) in script.match_indices("iam.") {
        let rest = &script[i + 4..];
        let open = rest.find('(').unwrap();
        let method = &rest[..open];
        let close = rest.find(')').unwrap();
        let params = opts["boto3"][format!("iam.{method}")]
            .as_array()
            .unwrap_or_else(|| panic!("boto3 has no iam.{method}"));
        for arg in rest[open + 1..close].split(',') {
            let arg = arg.trim();
            if let Some((name, _)) = arg.split_once('=') {
                assert!(params.iter().any(|p| p == name), "iam.{method}({name}=…)");
            } else {
                assert!(arg.starts_with("**") || arg.is_empty(), "{arg}");
            }
        }
        calls += 1;
    }
    assert_eq!(calls, 3, "{script}");
    assert!(script.contains(r#"more = {"Marker": page["Marker"]}"#));
    let members = opts["boto3"]["iam.get_service_last_accessed_details"]
        .as_array()
        .unwrap();
    assert!(members.iter().any(|m| m == "Marker"));
}

// ---------------------------------------------------------------------------
// Running the steps against stand-ins.

/// Three pages of one job, printed the way the AWS CLI prints JSON.
fn cli_page(n: usize) -> String {
    let tail = match n {
        1 => ",\n    \"IsTruncated\": true,\n    \"Marker\": \"m/1+==\"",
        2 => ",\n    \"IsTruncated\": true,\n    \"Marker\": \"m2\"",
        _ => ",\n    \"IsTruncated\": false",
    };
    let (ns, name) = [
        ("ec2", "Amazon EC2"),
        ("iam", "AWS Identity and Access Management"),
        ("s3", "Amazon S3"),
    ][n - 1];
    format!(
        "{{\n    \"JobStatus\": \"COMPLETED\",\n    \"JobType\": \"SERVICE_LEVEL\",\n    \"JobCreationDate\": \"2026-11-20T10:00:00.123000+00:00\",\n    \"ServicesLastAccessed\": [\n        {{\n            \"ServiceName\": \"{name}\",\n            \"LastAuthenticated\": \"2026-11-01T09:00:00+00:00\",\n            \"ServiceNamespace\": \"{ns}\",\n            \"LastAuthenticatedEntity\": \"arn:aws:iam::123456789012:role/Deploy\",\n            \"LastAuthenticatedRegion\": \"us-east-1\",\n            \"TotalAuthenticatedEntities\": 1\n        }}\n    ],\n    \"JobCompletionDate\": \"2026-11-20T10:00:05.456000+00:00\"{tail}\n}}\n"
    )
}

fn load_dir(dir: &Path, prefix: &str) -> Vec<lastaccessed::report::Report> {
    let mut pages = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".json"))
        .collect();
    names.sort();
    for n in &names {
        let bytes = std::fs::read(dir.join(n)).unwrap();
        pages.extend(
            parse_file(n, &bytes)
                .unwrap_or_else(|e| panic!("{e}"))
                .pages,
        );
    }
    merge(&pages)
}

/// The stdout of a command that must have succeeded (stderr shown if not).
fn succeeded(out: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// An `aws` stand-in in `dir/bin`: it logs its arguments to `calls.log`,
/// answers as the `case "$*"` branches in `cases` say, and fails on any
/// other call.
fn stand_in_aws(dir: &Path, cases: &str) {
    write_exec(
        &dir.join("bin/aws"),
        &format!(
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> calls.log\ncase \"$*\" in\n{cases}  *) echo \"unexpected: $*\" >&2; exit 2 ;;\nesac\n"
        ),
    );
}

/// Run `script` in bash (`set -eu`) in `dir`, with `dir/bin`'s stand-ins
/// first on the PATH: its stdout, the run having succeeded.
fn run_bash(dir: &Path, script: &str) -> String {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("set -eu\n{script}"))
        .current_dir(dir)
        .env(
            "PATH",
            format!(
                "{}:{}",
                dir.join("bin").display(),
                std::env::var("PATH").unwrap()
            ),
        )
        .output()
        .expect("bash runs");
    succeeded(&out)
}

/// The files the guide names for `arn` in `dir` load as one complete
/// report of the three services the stand-ins serve, about `arn`.
fn assert_one_report_of_three_pages(dir: &Path, arn: &str) {
    let prefix = Guide::new(arn, true).page_prefix();
    assert_ne!(prefix, "page-");
    let reports = load_dir(dir, &prefix);
    assert_eq!(reports.len(), 1);
    assert!(
        reports[0].complete,
        "the three pages make one complete report"
    );
    assert_eq!(reports[0].services.len(), 3);
    assert_eq!(reports[0].principal.as_deref(), Some(arn));
}

#[test]
fn the_shell_steps_save_every_page() {
    let dir = scratch("sh");
    for n in 1..=3 {
        std::fs::write(dir.join(format!("served-{n}.json")), cli_page(n)).unwrap();
    }
    // `aws` stand-in: polls IN_PROGRESS once, serves pages by Marker.
    stand_in_aws(
        &dir,
        r#"  "iam generate-service-last-accessed-details --arn arn:aws:iam::123456789012:role/Deploy --granularity ACTION_LEVEL --query JobId --output text")
    echo job-1 ;;
  "iam get-service-last-accessed-details --job-id job-1 --max-items 1 --query JobStatus --output text")
    if [ -e polled ]; then echo COMPLETED; else touch polled; echo IN_PROGRESS; fi ;;
  "iam get-service-last-accessed-details --job-id job-1 --output json") cat served-1.json ;;
  "iam get-service-last-accessed-details --job-id job-1 --marker m/1+== --output json") cat served-2.json ;;
  "iam get-service-last-accessed-details --job-id job-1 --marker m2 --output json") cat served-3.json ;;
"#,
    );
    write_exec(
        &dir.join("bin/sleep"),
        "#!/bin/sh\necho slept >> calls.log\n",
    );
    let steps = Guide::new("arn:aws:iam::123456789012:role/Deploy", true).cli();
    let script: String = steps[..3].iter().map(|s| s.text.clone()).collect();
    let stdout = run_bash(&dir, &script);
    assert!(
        stdout.contains("JobId: job-1") && stdout.contains("Saved 3 page(s)"),
        "{stdout}"
    );
    let log = std::fs::read_to_string(dir.join("calls.log")).unwrap();
    assert_eq!(log.matches("slept").count(), 1, "{log}");
    assert_one_report_of_three_pages(&dir, "arn:aws:iam::123456789012:role/Deploy");
    std::fs::remove_dir_all(&dir).ok();
}

/// The Organizations steps, run against stand-ins for the root of an
/// organization: the pages are named by the entity path, and the app reads
/// from the names the entity its SCPs go to.
#[test]
fn the_organizations_steps_name_their_pages_by_the_entity() {
    let dir = scratch("org");
    let page = |n: usize| {
        let tail = match n {
            1 => ",\n    \"IsTruncated\": true,\n    \"Marker\": \"m1\"",
            _ => ",\n    \"IsTruncated\": false",
        };
        let (ns, entity) = [
            (
                "ec2",
                "o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111/333333333333/role/ops",
            ),
            (
                "glue",
                "o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111/444444444444/user/etl",
            ),
        ][n - 1];
        format!(
            "{{\n    \"JobStatus\": \"COMPLETED\",\n    \"JobCreationDate\": \"2026-11-20T10:00:00+00:00\",\n    \"JobCompletionDate\": \"2026-11-20T10:00:09+00:00\",\n    \"NumberOfServicesAccessible\": 2,\n    \"NumberOfServicesNotAccessed\": 0,\n    \"AccessDetails\": [\n        {{\n            \"ServiceName\": \"{ns}\",\n            \"ServiceNamespace\": \"{ns}\",\n            \"Region\": \"us-east-1\",\n            \"EntityPath\": \"{entity}\",\n            \"LastAuthenticatedTime\": \"2026-11-01T09:00:00+00:00\",\n            \"TotalAuthenticatedEntities\": 1\n        }}\n    ]{tail}\n}}\n"
        )
    };
    for n in 1..=2 {
        std::fs::write(dir.join(format!("served-{n}.json")), page(n)).unwrap();
    }
    stand_in_aws(
        &dir,
        r#"  "organizations describe-organization --query Organization.Id --output text") echo o-a1b2c3d4e5 ;;
  "organizations list-roots --query Roots[0].Id --output text") echo r-f6g7 ;;
  "iam generate-organizations-access-report --entity-path o-a1b2c3d4e5/r-f6g7 --query JobId --output text")
    echo job-o ;;
  "iam get-organizations-access-report --job-id job-o --max-items 1 --query JobStatus --output text")
    echo COMPLETED ;;
  "iam get-organizations-access-report --job-id job-o --output json") cat served-1.json ;;
  "iam get-organizations-access-report --job-id job-o --marker m1 --output json") cat served-2.json ;;
"#,
    );
    let script: String = Guide::new("", true)
        .organizations()
        .iter()
        .map(|s| s.text.clone())
        .collect();
    let stdout = run_bash(&dir, &script);
    assert!(
        stdout.contains("Saved 2 page(s): load org_o-a1b2c3d4e5_r-f6g7_page-*.json here"),
        "{stdout}"
    );
    let reports = load_dir(&dir, "org_o-a1b2c3d4e5_r-f6g7_page-");
    assert_eq!(reports.len(), 1);
    assert!(reports[0].complete);
    assert_eq!(
        reports[0].org_target,
        Some(OrgTarget::Named("o-a1b2c3d4e5/r-f6g7".into()))
    );
    // The same pages under other names: only what the data shows.
    for n in 1..=2 {
        std::fs::rename(
            dir.join(format!("org_o-a1b2c3d4e5_r-f6g7_page-{n}.json")),
            dir.join(format!("saved-{n}.json")),
        )
        .unwrap();
    }
    let reports = load_dir(&dir, "saved-");
    assert_eq!(
        reports[0].org_target,
        Some(OrgTarget::Shared(
            "o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111".into()
        ))
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// An Organizations report whose files name its entity: each SCP says the
/// commands that create it and attach it there (the allow list then takes
/// FullAWSAccess off); the CLI accepts them, and run against a stand-in they
/// attach the new policy to that entity.
#[test]
fn an_organizations_reports_scps_come_with_the_commands_that_attach_them() {
    let dir = scratch("org-scp");
    let name = "org_o-a1b2c3d4e5_r-f6g7_page-1.json";
    let pages = parse_file(name, &fixture("org/org-report.json"))
        .unwrap()
        .pages;
    let report = merge(&pages).remove(0);
    assert_eq!(
        report.org_target,
        Some(OrgTarget::Named("o-a1b2c3d4e5/r-f6g7".into()))
    );
    let st = Staleness {
        reference: report.ended().unwrap(),
        threshold_days: 90,
    };
    let all = organizations(&service_rows(&report, st), 90, report.org_target.as_ref());
    stand_in_aws(
        &dir,
        r#"  "organizations create-policy "*) echo p-new1234 ;;
  "organizations attach-policy "*|"organizations detach-policy "*) ;;
"#,
    );
    for (shape, calls) in [(Shape::Scp, 2), (Shape::AllowUsed, 3)] {
        let sug = all.shape(shape).unwrap();
        let commands = sug
            .notes
            .iter()
            .find_map(|n| {
                n.split_once(": POLICY_ID=")
                    .map(|(_, c)| format!("POLICY_ID={c}"))
            })
            .unwrap_or_else(|| panic!("{shape:?}: {:?}", sug.notes));
        assert_eq!(
            check_cli(&commands.replace(" && ", "\n")),
            calls,
            "{commands}"
        );
        std::fs::write(
            dir.join(format!("lastaccessed-{}.json", shape.id())),
            sug.document.as_ref().unwrap(),
        )
        .unwrap();
        std::fs::remove_file(dir.join("calls.log")).ok();
        run_bash(&dir, &commands);
        let log = std::fs::read_to_string(dir.join("calls.log")).unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert!(
            lines[0].contains(&format!(
                "--content file://lastaccessed-{}.json",
                shape.id()
            )),
            "{log}"
        );
        assert_eq!(
            lines[1],
            "organizations attach-policy --policy-id p-new1234 --target-id r-f6g7"
        );
        if shape == Shape::AllowUsed {
            assert_eq!(
                lines[2],
                "organizations detach-policy --policy-id p-FullAWSAccess --target-id r-f6g7"
            );
        }
    }
    // Named by the data alone: no commands (where it goes is not known).
    let shared = merge(
        &parse_file("org.json", &fixture("org/org-report.json"))
            .unwrap()
            .pages,
    )
    .remove(0);
    let all = organizations(&service_rows(&shared, st), 90, shared.org_target.as_ref());
    assert!(all
        .iter()
        .all(|s| !s.notes.iter().any(|n| n.contains("create-policy"))));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_boto3_script_saves_every_page() {
    let dir = scratch("py");
    std::fs::create_dir_all(dir.join("boto3")).unwrap();
    // boto3 stand-in: datetimes in the responses, like the real one.
    std::fs::write(
        dir.join("boto3/__init__.py"),
        r#"import datetime
CALLS = []
UTC = datetime.timezone.utc
def client(name):
    assert name == "iam"
    return _Iam()
def _page(n, ns, marker):
    page = {
        "JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
        "JobCreationDate": datetime.datetime(2026, 11, 20, 10, 0, 0, 123000, tzinfo=UTC),
        "JobCompletionDate": datetime.datetime(2026, 11, 20, 10, 0, 5, tzinfo=UTC),
        "ServicesLastAccessed": [{"ServiceName": ns.upper(), "ServiceNamespace": ns,
            "LastAuthenticated": datetime.datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
            "TotalAuthenticatedEntities": 1}],
        "IsTruncated": marker is not None,
        "ResponseMetadata": {"RequestId": "r%d" % n, "HTTPStatusCode": 200},
    }
    if marker:
        page["Marker"] = marker
    return page
class _Iam:
    polled = False
    def generate_service_last_accessed_details(self, **kw):
        assert kw == {"Arn": "arn:aws:iam::123456789012:user/alice", "Granularity": "ACTION_LEVEL"}, kw
        return {"JobId": "job-1"}
    def get_service_last_accessed_details(self, JobId, MaxItems=None, Marker=None):
        assert JobId == "job-1"
        if MaxItems == 1 and not self.polled:
            self.polled = True
            return {"JobStatus": "IN_PROGRESS"}
        return {None: _page(1, "ec2", "m/1+=="), "m/1+==": _page(2, "iam", "m2"), "m2": _page(3, "s3", None)}[Marker]
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("fetch.py"),
        Guide::new("arn:aws:iam::123456789012:user/alice", true).boto3(),
    )
    .unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg("import time; time.sleep = lambda s: None; exec(open('fetch.py').read())")
        .current_dir(&dir)
        .env("PYTHONPATH", &dir)
        .output()
        .expect("python3 runs (scripts/install.sh --test installs it)");
    let stdout = succeeded(&out);
    assert!(stdout.contains("Saved 3 page(s)"), "{stdout}");
    // Its pages name no entity: the report is named by the files' names.
    assert_one_report_of_three_pages(&dir, "arn:aws:iam::123456789012:user/alice");
    std::fs::remove_dir_all(&dir).ok();
}

// ---------------------------------------------------------------------------
// Errors people paste.

#[test]
fn pasted_aws_errors_are_recognised_and_explained() {
    let cases: &[(&str, &str, Via, &str)] = &[
        (
            "cli-nosuchentity.txt",
            "NoSuchEntity",
            Via::Cli,
            "same session",
        ),
        (
            "boto3-nosuchentity-traceback.txt",
            "NoSuchEntity",
            Via::Boto3,
            "same session",
        ),
        (
            "boto3-nosuchentity-response.json",
            "NoSuchEntity",
            Via::Json,
            "JobId",
        ),
        (
            "boto3-nosuchentity-response-print.txt",
            "NoSuchEntity",
            Via::Json,
            "JobId",
        ),
        ("query-api-error.xml", "NoSuchEntity", Via::Xml, "JobId"),
        ("cli-invalidinput.txt", "InvalidInput", Via::Cli, "--job-id"),
        (
            "boto3-invalidinput-traceback.txt",
            "InvalidInput",
            Via::Boto3,
            "malformed",
        ),
        (
            "boto3-invalidinput-response.json",
            "InvalidInput",
            Via::Json,
            "malformed",
        ),
        (
            "cli-generate-nosuchentity.txt",
            "NoSuchEntity",
            Via::Cli,
            "ARN names no existing",
        ),
        (
            "cli-accessdenied.txt",
            "AccessDenied",
            Via::Cli,
            "iam:GetServiceLastAccessedDetails",
        ),
    ];
    for (file, code, via, needle) in cases {
        let e = parse_file(file, &fixture(&format!("aws-errors/{file}"))).unwrap_err();
        let ErrorKind::Aws(f) = &e.kind else {
            panic!("{file}: {e}");
        };
        assert_eq!((f.code.as_str(), f.via), (*code, *via), "{file}");
        let text = e.to_string();
        assert!(text.starts_with(&format!("{file}: ")), "{text}");
        assert!(text.contains(needle), "{file}: {text}");
        assert!(!text.contains("invalid JSON"), "{text}");
    }
}

#[test]
fn pasted_job_id_output_says_how_to_fetch() {
    for file in ["generate-output-cli.json", "generate-output-boto3.txt"] {
        let e = parse_file(file, &fixture(&format!("aws-errors/{file}"))).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::JobIdOutput {
                job_id: "examplef-1305-c245-eba4-71fe298bcda7".into()
            },
            "{file}"
        );
        assert!(e.to_string().contains(
            "get-service-last-accessed-details --job-id examplef-1305-c245-eba4-71fe298bcda7"
        ));
    }
    let cmds = guide::fetch_job("examplef-1305-c245-eba4-71fe298bcda7");
    assert!(
        cmds.starts_with("JOB_ID='examplef-1305-c245-eba4-71fe298bcda7'\n"),
        "{cmds}"
    );
    assert!(cmds.contains("page-$n.json"));
}

#[test]
fn local_cli_failures() {
    let cases = [
        ("Unable to locate credentials. You can configure credentials by running \"aws configure\".\n", "NoCredentials"),
        (
            "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n\naws: error: the following arguments are required: --job-id\n",
            "CliUsage",
        ),
        (
            "\nParameter validation failed:\nInvalid length for parameter JobId, value: 0, valid min length: 36\n",
            "ParamValidation",
        ),
    ];
    for (text, code) in cases {
        let e = parse_file("pasted", text.as_bytes()).unwrap_err();
        let ErrorKind::Aws(f) = &e.kind else {
            panic!("{text}: {e}");
        };
        assert_eq!(f.code, code);
    }
    // A broken report stays a JSON error with its position.
    let e = parse_file("p.json", b"{\"JobStatus\": \"COMPLETED\",,}").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::InvalidJson { .. }), "{e}");
}

#[test]
fn a_terminal_copy_with_the_command_line_loads() {
    let page = String::from_utf8(fixture("cli-v1/page-1.json")).unwrap();
    for (text, lines) in [
        (format!("$ aws iam get-service-last-accessed-details --job-id x\n{page}"), 1),
        (format!("me@host:~$ aws iam get-service-last-accessed-details --job-id x > /dev/stdout\n\n{page}\n$ "), 2),
        (format!("PS C:\\> aws iam get-service-last-accessed-details --job-id x\n{page}\nPS C:\\> "), 1),
    ] {
        let loaded = parse_file("pasted text", text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(loaded.pages.len(), 1);
        assert_eq!(
            loaded.notices.iter().map(|n| &n.kind).collect::<Vec<_>>(),
            [&NoticeKind::SkippedLines { file: "pasted text".into(), lines }],
        );
    }
    // Prose before JSON is not a command line: still an error, with its place.
    let e = parse_file("p", format!("here is my report\n{page}").as_bytes()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::InvalidJson { .. }), "{e}");
}
