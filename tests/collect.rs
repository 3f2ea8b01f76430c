//! The collection scripts (`scripts/collect/`), run against a stand-in
//! account (`tests/standin/`: an `aws` command and a `boto3` package over one
//! fake IAM) that throttles, reports jobs IN_PROGRESS, pages by `Marker` and
//! fails one principal. What they save loads here as one report per
//! principal; every call they make is one the AWS CLI (or boto3) accepts.
#![cfg(all(unix, not(target_arch = "wasm32")))]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lastaccessed::report::authz::parse_authz;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge;
use serde_json::Value;

const ACCOUNT: &str = "444455556666";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options() -> Value {
    serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/aws-cli-options.json")).unwrap(),
    )
    .unwrap()
}

/// A scratch folder with a `sleep` that only records how long it was asked to.
fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch(&format!("collect-{name}"));
    common::write_exec(
        &dir.join("bin/sleep"),
        "#!/bin/sh\necho \"$1\" >> \"$STANDIN_STATE/slept\"\n",
    );
    dir
}

fn run_sh(dir: &Path, args: &[&str]) -> Output {
    let path = format!(
        "{}:{}:{}",
        dir.join("bin").display(),
        root().join("tests/standin/bin").display(),
        std::env::var("PATH").unwrap()
    );
    Command::new("bash")
        .arg(root().join("scripts/collect/lastaccessed-collect.sh"))
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("STANDIN_STATE", dir)
        .output()
        .expect("bash runs")
}

fn run_py(dir: &Path, args: &[&str]) -> Output {
    let script = root().join("scripts/collect/lastaccessed_collect.py");
    // time.sleep recorded, not slept (like the shell's stand-in sleep).
    let prog = format!(
        "import sys, time\nsys.argv = ['collect'] + sys.argv[1:]\n\
         time.sleep = lambda s: open('slept', 'a').write(f'{{s}}\\n')\n\
         exec(compile(open({:?}).read(), 'collect', 'exec'))",
        script.display().to_string()
    );
    Command::new("python3")
        .arg("-c")
        .arg(prog)
        .args(args)
        .current_dir(dir)
        .env("PYTHONPATH", root().join("tests/standin"))
        .env("STANDIN_STATE", dir)
        .output()
        .expect("python3 runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The reports the pages saved under `out` make, named by their paths from
/// there (as a chosen folder names them): principal → (services, pages,
/// complete).
fn reports(out: &Path) -> BTreeMap<String, (usize, usize, bool)> {
    let mut pages = Vec::new();
    for f in files(out).iter().filter(|f| f.contains("/page-")) {
        let bytes = std::fs::read(out.join(f)).unwrap();
        pages.extend(
            parse_file(f, &bytes)
                .unwrap_or_else(|e| panic!("{e}"))
                .pages,
        );
    }
    merge(&pages)
        .into_iter()
        .map(|r| {
            let p = r.principal.clone().unwrap_or_default();
            (p, (r.services.len(), r.pages, r.complete))
        })
        .collect()
}

fn expected_reports() -> BTreeMap<String, (usize, usize, bool)> {
    let arn = |k: &str| format!("arn:aws:iam::{ACCOUNT}:{k}");
    BTreeMap::from([
        (arn("role/data-pipeline"), (3, 2, true)),
        (arn("role/nightly-etl"), (1, 1, true)),
        (arn("user/bob"), (1, 1, true)),
        // The group's report names bob, its one member who used S3: its
        // folder says it is the group's.
        (arn("group/devs"), (1, 1, true)),
    ])
}

fn calls(dir: &Path) -> Vec<(String, Value)> {
    std::fs::read_to_string(dir.join("calls.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<(String, Value)>(l).unwrap())
        .collect()
}

/// The stand-in's one failing principal, and it alone, is in errors.txt.
fn assert_broken_alone_failed(base: &Path) {
    let errors = std::fs::read_to_string(base.join("errors.txt")).unwrap();
    assert_eq!(errors.lines().count(), 1, "{errors}");
    assert!(
        errors.starts_with("roles/broken\tarn:aws:iam::444455556666:role/broken\t"),
        "{errors}"
    );
    assert!(errors.contains("NoSuchEntity"), "{errors}");
}

fn count(dir: &Path, op: &str) -> usize {
    calls(dir).iter().filter(|(o, _)| o == op).count()
}

#[test]
fn the_shell_script_collects_the_account_and_resumes() {
    let dir = scratch("sh");
    let out = run_sh(&dir, &["--out", "out"]);
    let log = text(&out);
    // One principal failed: exit 1, named in errors.txt, the rest saved.
    assert_eq!(out.status.code(), Some(1), "{log}");
    let base = dir.join("out").join(ACCOUNT);
    assert_broken_alone_failed(&base);
    let saved = files(&base);
    for f in [
        "authorization-details.json",
        "roles/data-pipeline/page-1.json",
        "roles/data-pipeline/page-2.json",
        "roles/nightly-etl/page-1.json",
        "users/bob/page-1.json",
        "groups/devs/page-1.json",
    ] {
        assert!(saved.contains(&f.to_string()), "{f} in {saved:?}");
    }
    assert!(!saved.iter().any(|f| f.starts_with("roles/broken/page")));
    // Progress, per kind.
    assert!(
        log.contains("1/3 roles: data-pipeline (2 page(s))"),
        "{log}"
    );
    // What was saved loads: one report per principal, every page followed.
    assert_eq!(reports(&dir.join("out")), expected_reports());
    assert!(
        parse_authz(&std::fs::read(base.join("authorization-details.json")).unwrap())
            .is_ok_and(|a| a.is_some())
    );
    // Throttling was retried with growing, jittered waits; each job was polled.
    let slept: Vec<f64> = std::fs::read_to_string(dir.join("slept"))
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    let backoffs = slept
        .iter()
        .filter(|s| **s < 1.0 + 1e-9 && **s != 3.0)
        .count();
    assert_eq!(
        backoffs, 3,
        "three throttled calls, each waited once: {slept:?}"
    );
    assert_eq!(slept.iter().filter(|s| **s == 3.0).count(), 4, "{slept:?}");
    // Every call is one the AWS CLI accepts.
    check_cli_calls(&dir);

    // Run again: finished principals are skipped, the failed one retried.
    let before = count(&dir, "GenerateServiceLastAccessedDetails");
    let again = run_sh(&dir, &["--out", "out"]);
    let log = text(&again);
    assert_eq!(again.status.code(), Some(1), "{log}");
    assert!(
        log.contains("1/3 roles: data-pipeline (done before)"),
        "{log}"
    );
    assert_eq!(
        count(&dir, "GenerateServiceLastAccessedDetails"),
        before + 1,
        "only broken again"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_shell_script_filters_by_kind_and_name() {
    let dir = scratch("sh-filter");
    let out = run_sh(
        &dir,
        &[
            "--only",
            "roles",
            "--name",
            "^nightly",
            "--service-level",
            "--no-policies",
            "--out",
            "o",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let base = dir.join("o").join(ACCOUNT);
    assert_eq!(
        files(&base),
        [
            "errors.txt",
            "roles/nightly-etl/.complete",
            "roles/nightly-etl/.job-id",
            "roles/nightly-etl/page-1.json"
        ]
    );
    let gens: Vec<Value> = calls(&dir)
        .into_iter()
        .filter(|(o, _)| o == "GenerateServiceLastAccessedDetails")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(gens.len(), 1);
    assert_eq!(gens[0]["Granularity"], "SERVICE_LEVEL");
    assert_eq!(
        count(&dir, "ListUsers") + count(&dir, "GetAccountAuthorizationDetails"),
        0
    );
    check_cli_calls(&dir);
    // A bad option is a usage error (exit 2), before any call.
    let bad = run_sh(&dir, &["--only", "robots"]);
    assert_eq!(bad.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

/// Each `aws` invocation: a command the CLI has, options it accepts, enum
/// values it allows, and `--query` naming what the operation returns.
fn check_cli_calls(dir: &Path) {
    let opts = options();
    let log = std::fs::read_to_string(dir.join("argv.jsonl")).unwrap();
    let global: Vec<String> = opts["global_options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for line in log.lines() {
        let argv: Vec<String> = serde_json::from_str(line).unwrap();
        let cmd = format!("{} {}", argv[0], argv[1]);
        let spec = &opts["commands"][&cmd];
        assert!(spec.is_object(), "{cmd} is not in the CLI options fixture");
        let accepted: Vec<&str> = spec["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for pair in argv[2..].chunks(2) {
            let name = pair[0].trim_start_matches("--");
            assert!(
                accepted.contains(&name) || global.iter().any(|g| g == name),
                "{cmd}: --{name} is not an option"
            );
            if let Some(values) = spec["enums"][name].as_array() {
                assert!(
                    values.iter().any(|v| v == &pair[1]),
                    "{cmd} --{name} {}",
                    pair[1]
                );
            }
            if name == "query" {
                let first = pair[1].split(['.', '[']).next().unwrap();
                let members = spec["output_members"].as_array().unwrap();
                assert!(
                    members.iter().any(|m| m == first),
                    "{cmd} --query {}",
                    pair[1]
                );
            }
            if name == "output" {
                assert!(opts["output_formats"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f == &pair[1]));
            }
        }
    }
}

#[test]
fn the_boto3_script_collects_the_account_and_resumes() {
    let dir = scratch("py");
    let out = run_py(&dir, &["--out", "out"]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    let base = dir.join("out").join(ACCOUNT);
    assert_broken_alone_failed(&base);
    assert_eq!(reports(&dir.join("out")), expected_reports());
    assert!(
        parse_authz(&std::fs::read(base.join("authorization-details-page-1.json")).unwrap())
            .is_ok_and(|a| a.is_some())
    );
    assert!(
        log.contains("1/3 roles: data-pipeline (2 page(s))"),
        "{log}"
    );
    // Each call's parameters are ones boto3's method takes.
    let opts = options();
    for (op, params) in calls(&dir) {
        let method = op.chars().fold(String::new(), |mut s, c| {
            if c.is_uppercase() && !s.is_empty() {
                s.push('_');
            }
            s.push(c.to_ascii_lowercase());
            s
        });
        let service = if op == "GetCallerIdentity" {
            "sts"
        } else {
            "iam"
        };
        let accepted = opts["boto3"][format!("{service}.{method}")]
            .as_array()
            .unwrap_or_else(|| panic!("{service}.{method} is not in the fixture"))
            .clone();
        for k in params.as_object().unwrap().keys() {
            assert!(accepted.iter().any(|a| a == k), "{method}: {k}");
        }
    }
    let slept = std::fs::read_to_string(dir.join("slept")).unwrap();
    assert_eq!(slept.lines().filter(|l| *l == "3.0").count(), 4, "{slept}");
    assert_eq!(slept.lines().count(), 4 + 3, "{slept}");

    let before = count(&dir, "GenerateServiceLastAccessedDetails");
    let again = run_py(&dir, &["--out", "out"]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(text(&again).contains("(done before)"));
    assert_eq!(
        count(&dir, "GenerateServiceLastAccessedDetails"),
        before + 1
    );
    std::fs::remove_dir_all(&dir).ok();
}
