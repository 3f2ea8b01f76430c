//! The plan per policy (keep, edit, delete, detach, replace, skip), the
//! rewrite export and the apply / rollback scripts: every command checked
//! against the AWS CLI's own option tables and run against a stand-in `aws`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::Path;
use std::process::Command;

use common::bytes;
use lastaccessed::report::authz::{parse_authz, Authz};
use lastaccessed::report::catalog::catalog;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;
use lastaccessed::report::plan::{
    apply_script, export_json, plan_principal, rollback_script, Action, PrincipalPlan,
};
use lastaccessed::report::rewrite::{Evidence, Young};
use lastaccessed::report::staleness::{reference_time, ReferenceMode, Status};
use lastaccessed::report::table::{action_rows, service_rows, Staleness};
use serde_json::Value;

const ROLE: &str = "arn:aws:iam::444455556666:role/data-pipeline";
const BOB: &str = "arn:aws:iam::444455556666:user/bob";

fn authz() -> Authz {
    Authz::merge([&parse_authz(&bytes("authz/boto3.json")).unwrap().unwrap()])
}

/// The role's evidence, from its report (xml/report.xml, action level).
fn role_evidence() -> Evidence {
    let loaded = parse_file("xml/report.xml", &bytes("xml/report.xml")).unwrap();
    let r = merge_all([&loaded]).remove(0);
    let st = Staleness {
        reference: reference_time(&r, ReferenceMode::ReportDate, chrono::Utc::now()),
        threshold_days: 90,
    };
    Evidence::from_rows(&service_rows(&r, st), &action_rows(&r, st), 90)
}

fn plan(evidence_of: &dyn Fn(&str) -> Option<Evidence>) -> PrincipalPlan {
    plan_principal(catalog(), &authz(), ROLE, evidence_of).unwrap()
}

fn action_of(p: &PrincipalPlan, name: &str) -> Action {
    p.policies.iter().find(|x| x.name == name).unwrap().action
}

#[test]
fn shared_policies_wait_for_every_report() {
    let role = role_evidence();
    let only_role = |arn: &str| (arn == ROLE).then(|| role.clone());
    let p = plan(&only_role);
    assert_eq!(action_of(&p, "pipeline-inline"), Action::Edit);
    // GlueAccess also reaches group devs (bob): no report for him.
    let x = p.policies.iter().find(|x| x.name == "GlueAccess").unwrap();
    assert_eq!(x.action, Action::Skip);
    assert!(x.reason.contains(BOB), "{}", x.reason);
    // AmazonS3ReadOnlyAccess is attached to bob and nightly-etl too, but an
    // AWS managed policy is replaced for this role alone: the role's own
    // report decides (it used S3; s3-object-lambda is no data).
    assert_eq!(action_of(&p, "AmazonS3ReadOnlyAccess"), Action::Keep);
    // With bob's report (he never used glue; he used S3): GlueAccess is
    // rewritten for both (the role, and group devs through its one member) —
    // glue is stale for the role and never for bob.
    let bob = Evidence::new(
        &[
            ("glue", Status::Never),
            ("s3", Status::Recent),
            ("cloudwatch", Status::Recent),
        ],
        &[],
        90,
    );
    let both = |arn: &str| match arn {
        ROLE => Some(role.clone()),
        BOB => Some(bob.clone()),
        _ => None,
    };
    let p = plan(&both);
    let glue = p.policies.iter().find(|x| x.name == "GlueAccess").unwrap();
    assert_eq!(glue.action, Action::Edit);
    assert!(glue.reason.contains("all 2 principals"), "{}", glue.reason);
    let after: Value = serde_json::from_str(glue.after.as_deref().unwrap()).unwrap();
    assert_eq!(
        after["Statement"]["Action"],
        serde_json::json!(["s3:List*"])
    );
    assert_eq!(action_of(&p, "AmazonS3ReadOnlyAccess"), Action::Keep);
    // If bob had used glue, it would stay: the policy is shared.
    let bob_glue = Evidence::new(&[("glue", Status::Recent)], &[], 90);
    let p = plan(&|arn: &str| match arn {
        ROLE => Some(role.clone()),
        BOB => Some(bob_glue.clone()),
        _ => None,
    });
    assert_eq!(action_of(&p, "GlueAccess"), Action::Keep);
}

/// Every principal unused in S3 and glue: the AWS managed policy is replaced.
fn unused_everywhere() -> PrincipalPlan {
    let ev = Evidence::new(
        &[
            ("s3", Status::Never),
            ("glue", Status::Never),
            ("athena", Status::Never),
            ("cloudwatch", Status::Stale),
        ],
        &[],
        90,
    );
    plan(&|_: &str| Some(ev.clone()))
}

#[test]
fn aws_managed_is_replaced_and_empty_policies_go() {
    let p = unused_everywhere();
    // s3-object-lambda has no data: the replacement keeps it.
    let ro = p
        .policies
        .iter()
        .find(|x| x.name == "AmazonS3ReadOnlyAccess")
        .unwrap();
    assert_eq!(ro.action, Action::Replace);
    let after: Value = serde_json::from_str(ro.after.as_deref().unwrap()).unwrap();
    assert_eq!(
        after["Statement"][0]["Action"],
        serde_json::json!(["s3-object-lambda:Get*", "s3-object-lambda:List*"])
    );
    // GlueAccess left with nothing: detach.
    assert_eq!(action_of(&p, "GlueAccess"), Action::Detach);
    // The inline policy keeps its Deny and NOREPO statements: edited, not deleted.
    assert_eq!(action_of(&p, "pipeline-inline"), Action::Edit);
}

#[test]
fn the_export_has_the_documented_shape() {
    let p = unused_everywhere();
    let v: Value = serde_json::from_str(&export_json(&[p], 90, "report date")).unwrap();
    assert_eq!(v["thresholdDays"], 90);
    assert_eq!(v["reference"], "report date");
    let pol = v["principals"][0]["policies"].as_array().unwrap();
    assert_eq!(v["principals"][0]["arn"], ROLE);
    let by = |n: &str| pol.iter().find(|x| x["name"] == n).unwrap().clone();
    assert_eq!(by("pipeline-inline")["kind"], "inline");
    assert_eq!(by("GlueAccess")["kind"], "managed");
    assert_eq!(by("GlueAccess")["action"], "detach");
    assert_eq!(by("GlueAccess")["after"], Value::Null);
    assert_eq!(
        by("GlueAccess")["arn"],
        "arn:aws:iam::444455556666:policy/GlueAccess"
    );
    assert_eq!(by("AmazonS3ReadOnlyAccess")["kind"], "aws-managed");
    assert_eq!(by("AmazonS3ReadOnlyAccess")["action"], "replace");
    assert!(
        by("pipeline-inline")["before"].is_object() && by("pipeline-inline")["after"].is_object()
    );
    assert!(by("pipeline-inline")["removed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "athena:*"));
}

// ---- the scripts ------------------------------------------------------------

/// Every `aws …` command line of a script, split as the shell would.
fn commands(script: &str) -> Vec<Vec<String>> {
    let out = Command::new("python3")
        .arg("-c")
        .arg("import shlex,sys,json; print(json.dumps([shlex.split(l) for l in sys.stdin.read().splitlines() if l.startswith('aws ')]))")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(script.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn check_against_cli(script: &str) -> usize {
    let opts: Value = serde_json::from_slice(&bytes("aws-cli-options.json")).unwrap();
    let calls = commands(script);
    for words in &calls {
        let key = format!("{} {}", words[1], words[2]);
        let accepted: Vec<&str> = opts["commands"][&key]["options"]
            .as_array()
            .unwrap_or_else(|| panic!("unknown command aws {key}"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mut i = 3;
        while i < words.len() {
            let flag = words[i]
                .strip_prefix("--")
                .unwrap_or_else(|| panic!("aws {key}: {:?}", words[i]));
            assert!(
                accepted.contains(&flag),
                "aws {key} does not accept --{flag}"
            );
            // An option with a fixed set of values gets one of them.
            if let Some(allowed) = opts["commands"][&key]["enums"][flag].as_array() {
                let value = words.get(i + 1).map(String::as_str).unwrap_or_default();
                assert!(
                    allowed.iter().any(|v| v == value),
                    "aws {key} --{flag} {value}: not one of {allowed:?}"
                );
            }
            // Boolean flags take no value.
            i += if flag == "set-as-default" { 1 } else { 2 };
        }
    }
    calls.len()
}

/// Run a script with a stand-in `aws` that records each call's arguments
/// (but the account check's, which it answers as account 444455556666).
fn run(script: &str, dir: &Path) -> Vec<Vec<String>> {
    run_in("444455556666", script, dir).expect("the script succeeds")
}

/// [`run`] with credentials of `account`: the calls, or `None` when the
/// script failed.
fn run_in(account: &str, script: &str, dir: &Path) -> Option<Vec<Vec<String>>> {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("calls.jsonl");
    let stand_in = format!(
        "#!/usr/bin/env python3\nimport json,sys\nif sys.argv[1:3] == ['sts', 'get-caller-identity']:\n    print({account:?}); sys.exit(0)\nopen({:?},'a').write(json.dumps(sys.argv[1:])+'\\n')\n",
        log.to_str().unwrap()
    );
    let aws = bin.join("aws");
    std::fs::write(&aws, stand_in).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("PATH", path)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    let calls = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    status.success().then_some(calls)
}

fn arg<'a>(call: &'a [String], flag: &str) -> &'a str {
    let i = call
        .iter()
        .position(|w| w == flag)
        .unwrap_or_else(|| panic!("{flag} in {call:?}"));
    &call[i + 1]
}

#[test]
fn the_apply_and_rollback_scripts_run_against_a_stand_in() {
    let p = unused_everywhere();
    let apply = apply_script(std::slice::from_ref(&p));
    let rollback = rollback_script(std::slice::from_ref(&p));
    assert!(check_against_cli(&apply) >= 4);
    assert!(check_against_cli(&rollback) >= 4);
    let dir = std::env::temp_dir().join(format!("lastaccessed-plan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let calls = run(&apply, &dir.join("apply"));
    let verbs: Vec<&str> = calls.iter().map(|c| c[1].as_str()).collect();
    assert_eq!(
        verbs,
        [
            "put-role-policy",
            "detach-role-policy",
            "create-policy",
            "attach-role-policy",
            "detach-role-policy"
        ],
        "{calls:?}"
    );
    // The inline document sent is the plan's, whole and valid JSON.
    let inline = p
        .policies
        .iter()
        .find(|x| x.name == "pipeline-inline")
        .unwrap();
    let sent: Value = serde_json::from_str(arg(&calls[0], "--policy-document")).unwrap();
    assert_eq!(
        sent,
        serde_json::from_str::<Value>(inline.after.as_deref().unwrap()).unwrap()
    );
    assert_eq!(arg(&calls[0], "--role-name"), "data-pipeline");
    // The replacement is attached before the AWS managed policy is detached.
    let new_arn = arg(&calls[3], "--policy-arn").to_string();
    assert!(new_arn.starts_with("arn:aws:iam::444455556666:policy/lastaccessed-"));
    assert_eq!(
        arg(&calls[4], "--policy-arn"),
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    );
    // Rollback: the old inline document back, the managed policies re-attached, the replacement gone.
    let back = run(&rollback, &dir.join("rollback"));
    let verbs: Vec<&str> = back.iter().map(|c| c[1].as_str()).collect();
    assert_eq!(
        verbs,
        [
            "put-role-policy",
            "attach-role-policy",
            "attach-role-policy",
            "detach-role-policy",
            "delete-policy"
        ]
    );
    let restored: Value = serde_json::from_str(arg(&back[0], "--policy-document")).unwrap();
    assert_eq!(
        restored,
        serde_json::from_str::<Value>(&inline.before).unwrap()
    );
    assert_eq!(arg(&back[4], "--policy-arn"), new_arn);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_line_break_in_a_name_from_a_file_never_runs_as_a_command() {
    // IAM allows no line break in a name; a crafted authorization details
    // file can hold one. Every comment stays one line, every word quoted.
    let dir = std::env::temp_dir().join(format!("lastaccessed-crafted-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let marker = dir.join("ran");
    let evil = format!("\ntouch {}\n", marker.display());
    let mut p = unused_everywhere();
    p.notes.push(format!("a note{evil}"));
    for x in &mut p.policies {
        x.name.push_str(&evil);
        x.reason.push_str(&evil);
    }
    for script in [
        apply_script(std::slice::from_ref(&p)),
        rollback_script(std::slice::from_ref(&p)),
    ] {
        let calls = run(&script, &dir.join("run"));
        assert!(!calls.is_empty());
        assert!(!marker.exists(), "ran a line of a name:\n{script}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_managed_edit_makes_a_new_default_version() {
    let role = role_evidence();
    let bob = Evidence::new(&[("glue", Status::Never), ("s3", Status::Recent)], &[], 90);
    let p = plan(&|arn: &str| match arn {
        ROLE => Some(role.clone()),
        BOB => Some(bob.clone()),
        _ => None,
    });
    let apply = apply_script(std::slice::from_ref(&p));
    check_against_cli(&apply);
    let calls = commands(&apply);
    let cpv = calls
        .iter()
        .find(|c| c[2] == "create-policy-version")
        .unwrap();
    assert!(cpv.contains(&"--set-as-default".to_string()));
    let rollback = rollback_script(&[p]);
    let back = commands(&rollback);
    let set = back
        .iter()
        .find(|c| c[2] == "set-default-policy-version")
        .unwrap();
    assert_eq!(arg(set, "--version-id"), "v2");
}

#[test]
fn every_plan_says_where_it_goes() {
    use lastaccessed::report::plan::placement;
    let p = unused_everywhere();
    let say = |n: &str| placement(p.policies.iter().find(|x| x.name == n).unwrap(), ROLE);
    assert_eq!(
        say("pipeline-inline"),
        "Replaces the inline policy pipeline-inline of role data-pipeline."
    );
    assert_eq!(
        say("GlueAccess"),
        "Detach arn:aws:iam::444455556666:policy/GlueAccess from role data-pipeline."
    );
    assert!(say("AmazonS3ReadOnlyAccess").starts_with("A new customer managed policy, attached to role data-pipeline in place of the AWS managed arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
}

/// The bundled sample: its report and its account's authorization details.
fn sample_plan() -> PrincipalPlan {
    use lastaccessed::report::sample;
    let loaded: Vec<_> = sample::FILES
        .iter()
        .map(|(n, b)| parse_file(n, b).unwrap())
        .collect();
    let r = merge_all(loaded.iter()).remove(0);
    let authz = Authz::merge(loaded.iter().flat_map(|l| l.authz.iter().map(|s| &s.page)));
    let st = Staleness {
        reference: reference_time(&r, ReferenceMode::ReportDate, chrono::Utc::now()),
        threshold_days: 90,
    };
    let ev = Evidence::from_rows(&service_rows(&r, st), &action_rows(&r, st), 90);
    let arn = r.principal.clone().unwrap();
    plan_principal(catalog(), &authz, &arn, &|a: &str| {
        (a == arn).then(|| ev.clone())
    })
    .unwrap()
}

#[test]
fn the_sample_rewrite() {
    let p = sample_plan();
    let by = |n: &str| p.policies.iter().find(|x| x.name == n).unwrap();
    // dynamodb and route53 were never used: the State statement goes; the
    // Deny and the NOREPO PassRole stay.
    let inline = by("ci-deploy");
    assert_eq!(inline.action, Action::Edit);
    assert!(inline.removed.contains(&"dynamodb:*".to_string()));
    let after: Value = serde_json::from_str(inline.after.as_deref().unwrap()).unwrap();
    let sids: Vec<&str> = after["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["Sid"].as_str())
        .collect();
    assert!(
        !sids.contains(&"State")
            && sids.contains(&"NoProdDelete")
            && sids.contains(&"NOREPOPassDeployRoles"),
        "{sids:?}"
    );
    // SQS stale: the AWS managed read-only policy is detached, nothing replaces it.
    assert_eq!(by("AmazonSQSReadOnlyAccess").action, Action::Detach);
    // The customer managed one loses secretsmanager (stale) and cloudwatch
    // (stale); iam:* (used) keeps its wildcard rather than a list over the quota.
    let art = by("ci-artifacts");
    assert_eq!(art.action, Action::Edit);
    assert!(!art.over_limit, "{}", art.reason);
    let after = art.after.as_deref().unwrap();
    assert!(
        !after.contains("secretsmanager") && !after.contains("cloudwatch"),
        "{after}"
    );
    assert!(
        after.contains("kms:Decrypt") && after.contains("sts:AssumeRole"),
        "{after}"
    );
}

#[test]
fn wildcards_stay_as_written_when_their_list_would_be_over_the_quota() {
    // ec2:* with one tracked action unused would become ~700 actions.
    let details = br#"{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::1:role/r",
        "AttachedManagedPolicies": [{"PolicyName": "ops", "PolicyArn": "arn:aws:iam::1:policy/ops"}]}],
      "UserDetailList": [], "GroupDetailList": [],
      "Policies": [{"PolicyName": "ops", "Arn": "arn:aws:iam::1:policy/ops", "DefaultVersionId": "v1",
        "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document":
          {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:*", "athena:*"], "Resource": "*"}]}}]}]}"#;
    let authz = Authz::merge([&parse_authz(details).unwrap().unwrap()]);
    let ev = Evidence::new(
        &[("ec2", Status::Recent), ("athena", Status::Never)],
        &[("ec2", "RunInstances", Status::Never)],
        90,
    );
    let p = plan_principal(catalog(), &authz, "arn:aws:iam::1:role/r", &|_: &str| {
        Some(ev.clone())
    })
    .unwrap();
    let ops = &p.policies[0];
    // athena:* (never used) still goes; ec2:* stays as written, and says why.
    assert_eq!(ops.action, Action::Edit);
    let after: Value = serde_json::from_str(ops.after.as_deref().unwrap()).unwrap();
    assert_eq!(
        after["Statement"][0]["Action"],
        serde_json::json!(["ec2:*"])
    );
    assert!(
        ops.reason.contains("kept as written") && ops.reason.contains("6144"),
        "{}",
        ops.reason
    );
    assert!(!ops.over_limit);
    // With nothing else to remove, the policy is kept, and the reason says so.
    let only_ec2 = Evidence::new(
        &[("ec2", Status::Recent)],
        &[("ec2", "RunInstances", Status::Never)],
        90,
    );
    let p = plan_principal(catalog(), &authz, "arn:aws:iam::1:role/r", &|_: &str| {
        Some(only_ec2.clone())
    })
    .unwrap();
    assert_eq!(p.policies[0].action, Action::Keep);
    assert!(
        p.policies[0].reason.starts_with("Kept as written"),
        "{}",
        p.policies[0].reason
    );
}

/// athena and glue never used, s3 used: the evidence the protected roles'
/// tests give (any other role would lose athena and glue).
/// The role IAM Identity Center provisions for the permission set DataTeam
/// in `account`.
fn data_team_role(account: &str) -> String {
    format!("arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataTeam_0123456789abcdef")
}

/// Authorization details holding that role (`arn`) with the permission
/// set's inline policy: athena, glue and one s3 action.
fn data_team_details(arn: &str) -> String {
    serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [], "Policies": [],
        "RoleDetailList": [{
            "Path": "/aws-reserved/sso.amazonaws.com/", "RoleName": "AWSReservedSSO_DataTeam_0123456789abcdef",
            "Arn": arn, "AttachedManagedPolicies": [],
            "RolePolicyList": [{"PolicyName": "AwsSSOInlinePolicy", "PolicyDocument":
                {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["athena:*", "glue:*", "s3:GetBucketLocation"], "Resource": "*"}]}}]
        }]
    })
    .to_string()
}

/// The reports of a permission set's roles in two accounts: in `a` only s3
/// was used (athena and glue never), in `b` glue was too; no other report.
fn glue_used_only_in_b(a: &str, b: &str) -> impl Fn(&str) -> Option<Evidence> {
    let (a, b) = (a.to_string(), b.to_string());
    move |p: &str| {
        if p == a {
            Some(athena_and_glue_never_used())
        } else if p == b {
            Some(Evidence::new(
                &[("athena", Status::Never), ("glue", Status::Recent)],
                &[],
                90,
            ))
        } else {
            None
        }
    }
}

fn athena_and_glue_never_used() -> Evidence {
    Evidence::new(
        &[
            ("athena", Status::Never),
            ("glue", Status::Never),
            ("s3", Status::Recent),
        ],
        &[],
        90,
    )
}

/// A role IAM Identity Center provisions: its inline policy
/// (`AwsSSOInlinePolicy`) and its AWS managed policies are the permission
/// set's (IAM refuses to change them on the role): what the permission set
/// should have instead is said, never run. A customer managed policy
/// attached to it is this account's own and may be edited, but not detached.
#[test]
fn an_identity_center_role_is_changed_only_where_iam_lets_anyone() {
    let role = "arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_DataTeam_0123456789abcdef";
    let doc = |actions: &[&str]| {
        serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": "*"}]})
    };
    let managed = |name: &str, arn: &str, actions: &[&str]| {
        serde_json::json!({
            "PolicyName": name, "PolicyId": format!("ANPA{name}"), "Arn": arn,
            "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
            "CreateDate": "2024-01-01T00:00:00Z", "UpdateDate": "2024-01-01T00:00:00Z",
            "PolicyVersionList": [{"Document": doc(actions), "VersionId": "v1", "IsDefaultVersion": true,
                                   "CreateDate": "2024-01-01T00:00:00Z"}]
        })
    };
    let aws = "arn:aws:iam::aws:policy/AmazonAthenaFullAccess";
    let s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    let mine = "arn:aws:iam::444455556666:policy/data-team-extra";
    let idle = "arn:aws:iam::444455556666:policy/data-team-idle";
    let details = serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [],
        "RoleDetailList": [{
            "Path": "/aws-reserved/sso.amazonaws.com/eu-west-1/", "RoleName": "AWSReservedSSO_DataTeam_0123456789abcdef",
            "RoleId": "AROAEXAMPLESSO00001", "Arn": role, "CreateDate": "2024-01-01T00:00:00Z",
            "RolePolicyList": [{"PolicyName": "AwsSSOInlinePolicy", "PolicyDocument": doc(&["glue:*", "s3:GetBucketLocation"])}],
            "AttachedManagedPolicies": [
                {"PolicyName": "AmazonAthenaFullAccess", "PolicyArn": aws},
                {"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": s3},
                {"PolicyName": "data-team-extra", "PolicyArn": mine},
                {"PolicyName": "data-team-idle", "PolicyArn": idle}]
        }],
        "Policies": [
            managed("AmazonAthenaFullAccess", aws, &["athena:*", "glue:*"]),
            managed("AmazonS3ReadOnlyAccess", s3, &["s3:Get*", "s3:List*", "athena:*"]),
            managed("data-team-extra", mine, &["glue:*", "s3:GetBucketLocation"]),
            managed("data-team-idle", idle, &["athena:*"]),
        ]
    });
    let page = parse_authz(details.to_string().as_bytes())
        .unwrap()
        .unwrap();
    let authz = Authz::merge([&page]);
    let ev = athena_and_glue_never_used();
    let p = plan_principal(catalog(), &authz, role, &|_| Some(ev.clone())).unwrap();
    let of = |name: &str| p.policies.iter().find(|x| x.name == name).unwrap();
    // The permission set's own: nothing done on the role, and said where to change them.
    for name in [
        "AwsSSOInlinePolicy",
        "AmazonAthenaFullAccess",
        "AmazonS3ReadOnlyAccess",
    ] {
        let x = of(name);
        assert_eq!(x.action, Action::PermissionSet, "{name}");
        assert!(x.reason.contains("permission set DataTeam"), "{}", x.reason);
        assert!(
            x.reason.contains("aws sso-admin provision-permission-set"),
            "{}",
            x.reason
        );
        let placed = lastaccessed::report::plan::placement(x, role);
        assert!(placed.contains("IAM Identity Center"), "{placed}");
        assert!(placed.contains("Not on the role"), "{placed}");
    }
    // An AWS managed policy of the permission set that nothing used: taken
    // out of the permission set (nothing replaces it).
    let x = of("AmazonAthenaFullAccess");
    assert_eq!(x.after, None);
    assert!(
        x.reason
            .contains("detach-managed-policy-from-permission-set"),
        "{}",
        x.reason
    );
    assert!(lastaccessed::report::plan::placement(x, role)
        .contains(&format!("take {aws} out of the permission set DataTeam")));
    assert!(!lastaccessed::report::plan::policy_diff(x).is_empty());
    // One partly used: replaced in the permission set by what was used (s3
    // stays, athena goes), never more than it granted.
    let x = of("AmazonS3ReadOnlyAccess");
    let after = x.after.as_deref().unwrap();
    assert!(
        after.contains("s3:Get*") && after.contains("s3:List*") && !after.contains("athena"),
        "{after}"
    );
    assert_eq!(x.removed, ["athena:*"]);
    assert!(
        x.reason.contains("AWS managed policies cannot be edited"),
        "{}",
        x.reason
    );
    let placed = lastaccessed::report::plan::placement(x, role);
    assert!(
        placed.contains(&format!("in place of {s3} in the permission set DataTeam"))
            && placed.contains("attach-customer-managed-policy-reference-to-permission-set"),
        "{placed}"
    );
    // The permission set's inline policy: what it would become (glue goes).
    let x = of("AwsSSOInlinePolicy");
    let after = x.after.as_deref().unwrap();
    assert!(
        after.contains("s3:GetBucketLocation") && !after.contains("glue:"),
        "{after}"
    );
    assert_eq!(x.removed, ["glue:*"]);
    assert!(!lastaccessed::report::plan::policy_diff(x).is_empty());
    assert!(lastaccessed::report::plan::placement(x, role)
        .contains("put-inline-policy-to-permission-set"));
    // This account's customer managed policy: edited (glue goes, s3 stays).
    let x = of("data-team-extra");
    assert_eq!(x.action, Action::Edit);
    assert!(x.after.as_deref().unwrap().contains("s3:GetBucketLocation"));
    assert!(!x.after.as_deref().unwrap().contains("glue:"));
    assert!(
        x.reason.contains("this account's copy only"),
        "{}",
        x.reason
    );
    // Wholly unused, but detaching it would change the role: skipped.
    let x = of("data-team-idle");
    assert_eq!(x.action, Action::Skip);
    assert!(x.removed.is_empty() && x.reasons.is_empty());
    assert_eq!(x.after.as_deref(), Some(x.before.as_str()));
    assert!(
        x.reason
            .contains("take it out of the permission set DataTeam"),
        "{}",
        x.reason
    );
    // The export says what the permission set's inline policy should become.
    let export: serde_json::Value = serde_json::from_str(&lastaccessed::report::plan::export_json(
        std::slice::from_ref(&p),
        90,
        "report date",
    ))
    .unwrap();
    let entry = &export["principals"][0]["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "AwsSSOInlinePolicy")
        .unwrap()
        .clone();
    assert_eq!(entry["action"], "permission-set");
    assert_eq!(entry["removed"], serde_json::json!(["glue:*"]));
    assert!(entry["after"]["Statement"].is_array());
    // What IAM Identity Center would run is in the scripts as comments (the
    // permission set's ARNs are the user's to fill in): commands the AWS CLI
    // accepts, each change then provisioned, none of them run.
    let in_comments = |script: &str| -> String {
        script
            .lines()
            .filter_map(|l| l.strip_prefix("#   "))
            .filter(|l| l.starts_with("aws "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let apply_text = apply_script(std::slice::from_ref(&p));
    let sso = in_comments(&apply_text);
    assert_eq!(check_against_cli(&sso), 4, "{sso}");
    assert!(
        sso.contains("aws sso-admin put-inline-policy-to-permission-set"),
        "{sso}"
    );
    assert!(sso.contains(&format!("detach-managed-policy-from-permission-set --instance-arn \"$INSTANCE_ARN\" --permission-set-arn \"$PERMISSION_SET_ARN\" --managed-policy-arn '{aws}'")), "{sso}");
    // The permission set provisioned once, after its changes (a provisioning
    // still running refuses the next).
    assert_eq!(sso.matches("provision-permission-set").count(), 1);
    assert!(
        sso.ends_with("--target-type ALL_PROVISIONED_ACCOUNTS"),
        "{sso}"
    );
    // The replaced policy: what was used comes first, then the detach.
    let s3_block = &apply_text[apply_text
        .find("AmazonS3ReadOnlyAccess (aws-managed)")
        .unwrap()..];
    let s3_block = &s3_block[s3_block.find("# not run:").unwrap()..];
    assert!(
        s3_block.find("first, what was used").unwrap()
            < s3_block
                .find("detach-managed-policy-from-permission-set")
                .unwrap()
    );
    let back = in_comments(&lastaccessed::report::plan::rollback_script(
        std::slice::from_ref(&p),
    ));
    assert_eq!(check_against_cli(&back), 4, "{back}");
    assert_eq!(back.matches("provision-permission-set").count(), 1);
    assert!(back.contains(&format!("attach-managed-policy-to-permission-set --instance-arn \"$INSTANCE_ARN\" --permission-set-arn \"$PERMISSION_SET_ARN\" --managed-policy-arn '{s3}'")), "{back}");
    assert!(
        back.contains("glue:*"),
        "the inline policy as it was: {back}"
    );
    // The scripts only edit the customer managed policy.
    let apply = commands(&apply_text);
    assert!(!apply.is_empty());
    assert!(
        apply
            .iter()
            .all(|c| c.iter().any(|w| w == mine) && !c.iter().any(|w| w.ends_with("-role-policy"))),
        "{apply:#?}"
    );
}

/// A service-linked role's own details (as `get-account-authorization-details`
/// lists it) with its AWS managed policy.
fn service_linked_account() -> Authz {
    let slr = "arn:aws:iam::444455556666:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport";
    let policy = "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy";
    let doc = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["athena:*", "glue:*", "s3:GetBucketLocation"], "Resource": "*"}]});
    let details = serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [],
        "RoleDetailList": [{
            "Path": "/aws-service-role/support.amazonaws.com/", "RoleName": "AWSServiceRoleForSupport",
            "RoleId": "AROAEXAMPLESUPPORT01", "Arn": slr, "CreateDate": "2024-01-01T00:00:00Z",
            "RolePolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "AWSSupportServiceRolePolicy", "PolicyArn": policy}]
        }, {
            "Path": "/", "RoleName": "support-helper", "RoleId": "AROAEXAMPLESUPPORT02",
            "Arn": "arn:aws:iam::444455556666:role/support-helper", "CreateDate": "2024-01-01T00:00:00Z",
            "RolePolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "AWSSupportServiceRolePolicy", "PolicyArn": policy}]
        }],
        "Policies": [{
            "PolicyName": "AWSSupportServiceRolePolicy", "PolicyId": "ANPAEXAMPLESUPPORT01", "Arn": policy,
            "Path": "/aws-service-role/", "DefaultVersionId": "v1", "AttachmentCount": 2,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
            "CreateDate": "2018-01-01T00:00:00Z", "UpdateDate": "2018-01-01T00:00:00Z",
            "PolicyVersionList": [{"Document": doc, "VersionId": "v1", "IsDefaultVersion": true,
                                   "CreateDate": "2018-01-01T00:00:00Z"}]
        }]
    });
    let page = parse_authz(details.to_string().as_bytes())
        .unwrap()
        .unwrap();
    Authz::merge([&page])
}

#[test]
fn a_service_linked_role_is_never_rewritten() {
    let slr = "arn:aws:iam::444455556666:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport";
    let authz = service_linked_account();
    let ev = athena_and_glue_never_used();
    let p = plan_principal(catalog(), &authz, slr, &|_| Some(ev.clone())).unwrap();
    assert_eq!(p.policies.len(), 1);
    let x = &p.policies[0];
    assert_eq!(x.action, Action::Skip);
    assert!(x.removed.is_empty() && x.reasons.is_empty());
    assert_eq!(x.after.as_deref(), Some(x.before.as_str()));
    assert!(
        x.reason
            .contains("aws iam delete-service-linked-role --role-name AWSServiceRoleForSupport"),
        "{}",
        x.reason
    );
    assert!(lastaccessed::report::plan::placement(x, slr).contains("service-linked role"));
    // The scripts touch nothing.
    assert!(commands(&apply_script(std::slice::from_ref(&p))).is_empty());
    assert!(commands(&rollback_script(std::slice::from_ref(&p))).is_empty());
    // Named by its folder (no path): the same.
    let by_name = "arn:aws:iam::444455556666:role/AWSServiceRoleForSupport";
    let p = plan_principal(catalog(), &authz, by_name, &|_| Some(ev.clone())).unwrap();
    assert_eq!(p.policies[0].action, Action::Skip);
    // The same policy on an ordinary role is replaced.
    let plain = "arn:aws:iam::444455556666:role/support-helper";
    let p = plan_principal(catalog(), &authz, plain, &|_| Some(ev.clone())).unwrap();
    assert_eq!(p.policies[0].action, Action::Replace);
    assert_eq!(p.policies[0].removed, ["athena:*", "glue:*"]);
}

/// A permission set's inline policy has the role's quota (IAM Identity
/// Center refuses one over 10 240 characters, white space not counted): a
/// wildcard whose list would be over it stays as written, as for any role.
#[test]
fn a_permission_sets_inline_policy_keeps_its_wildcards_under_its_quota() {
    let role = "arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Ops_0123456789abcdef";
    let details = serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [], "Policies": [],
        "RoleDetailList": [{
            "Path": "/aws-reserved/sso.amazonaws.com/", "RoleName": "AWSReservedSSO_Ops_0123456789abcdef",
            "Arn": role,
            "RolePolicyList": [{"PolicyName": "AwsSSOInlinePolicy", "PolicyDocument":
                {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["ec2:*", "athena:*"], "Resource": "*"}]}}],
            "AttachedManagedPolicies": []
        }]
    });
    let authz = Authz::merge([&parse_authz(details.to_string().as_bytes())
        .unwrap()
        .unwrap()]);
    // ec2 used but for one action: its list would be about 700 actions.
    let ev = Evidence::new(
        &[("ec2", Status::Recent), ("athena", Status::Never)],
        &[("ec2", "RunInstances", Status::Never)],
        90,
    );
    let p = plan_principal(catalog(), &authz, role, &|_| Some(ev.clone())).unwrap();
    let x = &p.policies[0];
    assert_eq!(x.action, Action::PermissionSet);
    let after: Value = serde_json::from_str(x.after.as_deref().unwrap()).unwrap();
    assert_eq!(
        after["Statement"][0]["Action"],
        serde_json::json!(["ec2:*"])
    );
    assert!(
        x.reason.contains("kept as written") && x.reason.contains("10240"),
        "{}",
        x.reason
    );
    assert!(x.reason.contains("permission set"), "{}", x.reason);
    assert!(!x.over_limit);
    let size = x
        .after
        .as_deref()
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    assert!(size <= 10_240, "{size}");
}

/// A permission set's documents apply in every account it is assigned to:
/// with the details and reports of its roles in several accounts loaded, an
/// action goes only if none of them used it, and the accounts without a
/// report are named.
#[test]
fn a_permission_set_is_read_with_every_loaded_accounts_report() {
    let (a, b, c) = (
        data_team_role("444455556666"),
        data_team_role("777788889999"),
        data_team_role("999900001111"),
    );
    let pages: Vec<_> = [&a, &b, &c]
        .iter()
        .map(|arn| {
            parse_authz(data_team_details(arn).as_bytes())
                .unwrap()
                .unwrap()
        })
        .collect();
    let authz = Authz::merge(pages.iter());
    // In account A only s3 was used; in account B glue was too; C has no report.
    let evidence_of = glue_used_only_in_b(&a, &b);
    let plan = plan_principal(catalog(), &authz, &a, &evidence_of).unwrap();
    let x = &plan.policies[0];
    assert_eq!(x.action, Action::PermissionSet);
    let after = x.after.as_deref().unwrap();
    assert!(
        after.contains("glue:*")
            && after.contains("s3:GetBucketLocation")
            && !after.contains("athena"),
        "{after}"
    );
    assert_eq!(x.removed, ["athena:*"]);
    assert!(
        x.reason.contains(
            "Read with the reports of its roles in 2 accounts (444455556666, 777788889999)"
        ),
        "{}",
        x.reason
    );
    assert!(
        x.reason
            .contains("Its roles in 999900001111 have no loaded report"),
        "{}",
        x.reason
    );
    // Read from account B's role, the permission set's document is the
    // same; the scripts change the permission set once for both.
    let from_b = plan_principal(catalog(), &authz, &b, &evidence_of).unwrap();
    assert_eq!(from_b.policies[0].after, plan.policies[0].after);
    let both = [plan.clone(), from_b];
    let apply = apply_script(&both);
    assert_eq!(
        apply
            .matches("put-inline-policy-to-permission-set --")
            .count(),
        1,
        "{apply}"
    );
    assert_eq!(apply.matches("provision-permission-set --").count(), 1);
    // Made in IAM Identity Center, not in either account: after both
    // accounts' blocks, under a heading of its own.
    let after_accounts = &apply[apply.rfind("\nfi\n").unwrap()..];
    assert!(
        after_accounts.contains("# IAM Identity Center: the permission sets' changes")
            && after_accounts.contains("put-inline-policy-to-permission-set --"),
        "{apply}"
    );
    let undo = lastaccessed::report::plan::rollback_script(&both);
    let after_accounts = &undo[undo.rfind("\nfi\n").unwrap()..];
    assert_eq!(
        after_accounts
            .matches("put-inline-policy-to-permission-set --")
            .count(),
        1,
        "{undo}"
    );
    // With account A's report alone, glue goes too (what B's report keeps).
    let alone = athena_and_glue_never_used();
    let plan = plan_principal(catalog(), &authz, &a, &|p: &str| {
        (p == a).then(|| alone.clone())
    })
    .unwrap();
    assert_eq!(plan.policies[0].removed, ["athena:*", "glue:*"]);
    assert!(!plan.policies[0].reason.contains("Read with"));
}

/// An AWS managed policy a permission set attaches, replaced there by what
/// was used: put beside the permission set's inline policy, the two have
/// one quota (10 240 characters), and the reason says when they would
/// not fit.
#[test]
fn a_replacement_beside_a_full_inline_policy_is_said_not_to_fit() {
    let role = "arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Data_0123456789abcdef";
    let s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    let account = |buckets: usize| {
        let resources: Vec<String> = (0..buckets)
            .map(|i| format!("arn:aws:s3:::data-team-bucket-{i:04}"))
            .collect();
        serde_json::json!({
            "UserDetailList": [], "GroupDetailList": [],
            "RoleDetailList": [{
                "Path": "/aws-reserved/sso.amazonaws.com/", "RoleName": "AWSReservedSSO_Data_0123456789abcdef",
                "Arn": role, "AttachedManagedPolicies": [{"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": s3}],
                "RolePolicyList": [{"PolicyName": "AwsSSOInlinePolicy", "PolicyDocument":
                    {"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": ["s3:GetBucketLocation"], "Resource": resources}]}}]
            }],
            "Policies": [{"PolicyName": "AmazonS3ReadOnlyAccess", "Arn": s3, "DefaultVersionId": "v1",
                "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document":
                    {"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "athena:*"], "Resource": "*"}]}}]}]
        })
        .to_string()
    };
    let ev = athena_and_glue_never_used();
    let plan_with = |buckets: usize| {
        let authz = Authz::merge([&parse_authz(account(buckets).as_bytes()).unwrap().unwrap()]);
        plan_principal(catalog(), &authz, role, &|_| Some(ev.clone())).unwrap()
    };
    let size = |doc: &str| doc.chars().filter(|c| !c.is_whitespace()).count();
    let of = |p: &lastaccessed::report::plan::PrincipalPlan, name: &str| {
        p.policies.iter().find(|x| x.name == name).unwrap().clone()
    };
    // A few buckets: the replacement fits beside the inline policy.
    let small = plan_with(10);
    let managed = of(&small, "AmazonS3ReadOnlyAccess");
    assert_eq!(managed.action, Action::PermissionSet);
    assert!(
        !managed
            .reason
            .contains("Beside the permission set's inline policy"),
        "{}",
        managed.reason
    );
    // As many as keep the inline policy itself just under 10 240 characters.
    let buckets = (10..400)
        .rev()
        .find(|&n| {
            let p = plan_with(n);
            let inline = size(of(&p, "AwsSSOInlinePolicy").after.as_deref().unwrap());
            let replacement = size(of(&p, "AmazonS3ReadOnlyAccess").after.as_deref().unwrap());
            inline <= 10_240 && inline + replacement > 10_240
        })
        .expect("an inline policy that fits alone and not with the replacement");
    let full = plan_with(buckets);
    let inline = of(&full, "AwsSSOInlinePolicy");
    assert!(!inline.over_limit, "{}", inline.reason);
    let managed = of(&full, "AmazonS3ReadOnlyAccess");
    assert!(
        managed.reason.contains("Beside the permission set's inline policy it would make")
            && managed.reason.contains("over IAM Identity Center's 10240: give it to the permission set as a customer managed policy instead"),
        "{}",
        managed.reason
    );
}

/// The account's policies as CSV: a row per policy, a shared managed policy
/// once with every principal it reaches, an AWS managed one with each action
/// it gets, and no cell a spreadsheet would run.
#[test]
fn the_policies_csv_has_a_row_per_policy_and_no_formula() {
    use lastaccessed::report::export::policies_csv;
    use lastaccessed::report::granted::PolicyKind;
    use lastaccessed::report::plan::PolicyPlan;
    let policy =
        |kind: PolicyKind, name: &str, arn: Option<&str>, action: Action, removed: &[&str]| {
            PolicyPlan {
                kind,
                name: name.into(),
                arn: arn.map(String::from),
                group: None,
                action,
                reason: String::new(),
                before: String::new(),
                after: None,
                removed: removed.iter().map(|s| s.to_string()).collect(),
                reasons: vec![],
                over_limit: false,
                delete_version: None,
                default_version: None,
            }
        };
    let (a, b) = ("arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b");
    let shared = "arn:aws:iam::1:policy/shared";
    let aws = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    let plans = [
        PrincipalPlan {
            arn: a.into(),
            notes: vec![],
            policies: vec![
                // Reaching a through a group, b directly: one policy.
                policy(
                    PolicyKind::GroupManaged,
                    "shared",
                    Some(shared),
                    Action::Edit,
                    &["glue:*"],
                ),
                policy(
                    PolicyKind::AwsManaged,
                    "ReadOnlyAccess",
                    Some(aws),
                    Action::Replace,
                    &["athena:*", "glue:*"],
                ),
                policy(
                    PolicyKind::Inline,
                    "=HYPERLINK(\"x\")",
                    None,
                    Action::Delete,
                    &["s3:*", "ec2:*", "iam:*"],
                ),
            ],
        },
        PrincipalPlan {
            arn: b.into(),
            notes: vec![],
            policies: vec![
                policy(
                    PolicyKind::Managed,
                    "shared",
                    Some(shared),
                    Action::Edit,
                    &["glue:*"],
                ),
                policy(
                    PolicyKind::GroupManaged,
                    "ReadOnlyAccess",
                    Some(aws),
                    Action::Keep,
                    &[],
                ),
                policy(
                    PolicyKind::Inline,
                    "=HYPERLINK(\"x\")",
                    None,
                    Action::Keep,
                    &[],
                ),
            ],
        },
    ];
    let csv = policies_csv(&plans, &Authz::default()).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    // Four policies: the shared one once, each principal's own inline one.
    assert_eq!(rows.len(), 4, "{csv}");
    // Most removals first: a's inline policy, named like a formula, defused.
    assert_eq!(rows[0][0], "'=HYPERLINK(\"x\")");
    assert_eq!(rows[0][3], a);
    assert_eq!(rows[0][7], "ec2:*;iam:*;s3:*");
    // Replaced for one principal, kept for the other; its removals from a.
    let ro = rows.iter().find(|x| x[2] == aws).unwrap();
    assert_eq!(
        (ro[4].as_str(), ro[5].as_str(), ro[6].as_str()),
        (&*format!("{a};{b}"), "2", "replace;keep")
    );
    assert_eq!(ro[7], "athena:*;glue:*");
    // A managed policy's kind is whose it is, not how it reaches someone.
    assert_eq!(ro[1], "aws-managed");
    assert_eq!(rows.iter().find(|x| x[2] == shared).unwrap()[1], "managed");
    let sh = rows.iter().find(|x| x[2] == shared).unwrap();
    assert_eq!(
        (
            sh[3].as_str(),
            sh[5].as_str(),
            sh[6].as_str(),
            sh[8].as_str()
        ),
        ("", "2", "edit", "1")
    );
    // b's inline policy of the same name is its own row.
    assert!(rows.iter().any(|x| x[3] == b && x[6] == "keep"), "{csv}");
    // A group's inline policy, reached through a user in each of two accounts:
    // two groups of the same name, two rows, each naming its account.
    let mut in_group = policy(
        PolicyKind::GroupInline,
        "team",
        None,
        Action::Delete,
        &["glue:*"],
    );
    in_group.group = Some("devs".into());
    let users: Vec<PrincipalPlan> = ["111111111111", "222222222222"]
        .iter()
        .map(|a| PrincipalPlan {
            arn: format!("arn:aws:iam::{a}:user/u"),
            notes: vec![],
            policies: vec![in_group.clone()],
        })
        .collect();
    let group_csv = policies_csv(&users, &Authz::default()).unwrap();
    assert_eq!(group_csv.lines().count(), 3, "{group_csv}");
    assert!(
        group_csv.contains(",group/devs (111111111111),arn:aws:iam::111111111111:user/u,1,delete,"),
        "{group_csv}"
    );
    assert!(
        group_csv.contains(",group/devs (222222222222),arn:aws:iam::222222222222:user/u,1,delete,"),
        "{group_csv}"
    );
    // A permission set's inline policy, held by its roles in two accounts: one row.
    let sso = |account: &str| {
        format!("arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123456789abcdef")
    };
    let sets: Vec<PrincipalPlan> = ["111111111111", "222222222222"]
        .iter()
        .map(|a| PrincipalPlan {
            arn: sso(a),
            notes: vec![],
            policies: vec![policy(
                PolicyKind::Inline,
                "AwsSSOInlinePolicy",
                None,
                Action::PermissionSet,
                &["glue:*"],
            )],
        })
        .collect();
    let set_csv = policies_csv(&sets, &Authz::default()).unwrap();
    assert_eq!(set_csv.lines().count(), 2, "{set_csv}");
    assert!(
        set_csv.contains(&format!(
            "AwsSSOInlinePolicy,inline,,permission-set/Dev,{};{},2,permission-set,glue:*,1,false",
            sso("111111111111"),
            sso("222222222222")
        )),
        "{set_csv}"
    );
    // No cell starts with a character a spreadsheet runs.
    for cell in rows.iter().flatten() {
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
    }
}

/// A permission set's role in an account whose authorization details are not
/// loaded, but whose report is: the permission set is read with it too (its
/// use keeps what it used, in every account the permission set reaches).
#[test]
fn a_permission_set_is_read_with_a_loaded_report_whose_details_are_not() {
    use lastaccessed::report::plan::plan_principal_with;
    let (a, b) = (
        data_team_role("444455556666"),
        data_team_role("777788889999"),
    );
    // Only account A's details.
    let details = data_team_details(&a);
    let authz = Authz::merge([parse_authz(details.as_bytes()).unwrap().unwrap()].iter());
    let evidence_of = glue_used_only_in_b(&a, &b);
    // Without B among the loaded principals, glue goes (A never used it) …
    let alone = plan_principal(catalog(), &authz, &a, &evidence_of).unwrap();
    assert!(
        alone.policies[0].removed.contains(&"glue:*".to_string()),
        "{:?}",
        alone.policies[0].removed
    );
    // … with it, glue stays: B used it.
    let plan = plan_principal_with(catalog(), &authz, &[&a, &b], &a, &evidence_of).unwrap();
    let x = &plan.policies[0];
    assert_eq!(x.action, Action::PermissionSet);
    assert_eq!(x.removed, ["athena:*"]);
    assert!(
        x.reason.contains(
            "Read with the reports of its roles in 2 accounts (444455556666, 777788889999)"
        ),
        "{}",
        x.reason
    );
    // Kept whole because B used everything A did not: said so.
    let b3 = b.clone();
    let all_used = move |p: &str| {
        if p == b3 {
            Some(Evidence::new(
                &[("athena", Status::Recent), ("glue", Status::Recent)],
                &[],
                90,
            ))
        } else {
            evidence_of(p)
        }
    };
    let kept = plan_principal_with(catalog(), &authz, &[&a, &b], &a, &all_used).unwrap();
    assert_eq!(kept.policies[0].action, Action::Keep);
    assert!(
        kept.policies[0].reason.starts_with(
            "Nothing it grants is proven unused. Read with the reports of its roles in 2 accounts"
        ),
        "{}",
        kept.policies[0].reason
    );
}

const APP: &str = "arn:aws:iam::444455556666:role/app";
const BATCH: &str = "arn:aws:iam::444455556666:role/batch";
const TEAM: &str = "arn:aws:iam::444455556666:policy/TeamPolicy";

/// Role `app` has the customer managed policy TeamPolicy attached; role
/// `batch` has it as its permissions boundary (IAM's counts as given, or
/// others).
fn boundary_account(attachments: u64, boundaries: u64) -> Authz {
    let team = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "sqs:*"], "Resource": "*"}]});
    let batch = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["dynamodb:*", "sqs:*"], "Resource": "*"}]});
    let details = serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [],
        "RoleDetailList": [{
            "Path": "/", "RoleName": "app", "RoleId": "AROAEXAMPLEAPP000001", "Arn": APP,
            "CreateDate": "2024-01-01T00:00:00Z", "RolePolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "TeamPolicy", "PolicyArn": TEAM}]
        }, {
            "Path": "/", "RoleName": "batch", "RoleId": "AROAEXAMPLEBATCH0001", "Arn": BATCH,
            "CreateDate": "2024-01-01T00:00:00Z",
            "RolePolicyList": [{"PolicyName": "batch-inline", "PolicyDocument": batch}],
            "AttachedManagedPolicies": [],
            "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": TEAM}
        }],
        "Policies": [{
            "PolicyName": "TeamPolicy", "PolicyId": "ANPAEXAMPLETEAM00001", "Arn": TEAM,
            "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": attachments,
            "PermissionsBoundaryUsageCount": boundaries, "IsAttachable": true,
            "CreateDate": "2024-01-01T00:00:00Z", "UpdateDate": "2024-01-01T00:00:00Z",
            "PolicyVersionList": [{"Document": team, "VersionId": "v1", "IsDefaultVersion": true,
                                   "CreateDate": "2024-01-01T00:00:00Z"}]
        }]
    });
    Authz::merge([&parse_authz(details.to_string().as_bytes())
        .unwrap()
        .unwrap()])
}

/// Role `app` used S3, never DynamoDB nor SQS.
fn app_evidence() -> Evidence {
    Evidence::new(
        &[
            ("s3", Status::Recent),
            ("dynamodb", Status::Never),
            ("sqs", Status::Never),
        ],
        &[],
        90,
    )
}

/// The evidence of `app` and of `batch` (as given).
fn app_and(batch: &Evidence) -> impl Fn(&str) -> Option<Evidence> + '_ {
    let app = app_evidence();
    move |arn: &str| match arn {
        APP => Some(app.clone()),
        BATCH => Some(batch.clone()),
        _ => None,
    }
}

/// A new version of a customer managed policy applies wherever it is used,
/// as a permissions boundary too: what a principal it bounds used stays in
/// it, and with no report for that principal it is not rewritten.
#[test]
fn a_policy_that_is_a_permissions_boundary_keeps_what_it_bounds_used() {
    use lastaccessed::report::iam::{allowed, Request};
    let authz = boundary_account(1, 1);
    assert_eq!(authz.bounded_by(TEAM), [BATCH]);
    assert_eq!(authz.boundary_of(BATCH), Some(TEAM));
    let app = app_evidence();
    let batch = Evidence::new(
        &[("dynamodb", Status::Recent), ("sqs", Status::Never)],
        &[],
        90,
    );
    // Only app's report: batch's use is unknown, the policy stays.
    let p = plan_principal(catalog(), &authz, APP, &|arn| {
        (arn == APP).then(|| app.clone())
    })
    .unwrap();
    let team = &p.policies[0];
    assert_eq!(team.action, Action::Skip, "{}", team.reason);
    assert!(
        team.reason.contains(&format!(
            "the permissions boundary of {BATCH} without a loaded report"
        )),
        "{}",
        team.reason
    );
    // Both: dynamodb stays (batch used it through the boundary), sqs goes.
    let both = app_and(&batch);
    let p = plan_principal(catalog(), &authz, APP, &both).unwrap();
    let team = &p.policies[0];
    assert_eq!(team.action, Action::Edit, "{}", team.reason);
    assert_eq!(team.removed, ["sqs:*"]);
    assert!(
        team.reason
            .contains("all 2 principals it reaches or bounds"),
        "{}",
        team.reason
    );
    // Checked against the model: batch keeps every DynamoDB action it had,
    // app every S3 one; neither gains anything.
    let before: Value = serde_json::from_str(&team.before).unwrap();
    let after: Value = serde_json::from_str(team.after.as_deref().unwrap()).unwrap();
    let batch_inline = &authz.roles[1].role_policy_list[0].policy_document.0;
    for a in ["s3:*", "dynamodb:*", "sqs:*", "ec2:*"]
        .iter()
        .flat_map(|p| catalog().expand(p))
    {
        let name = format!("{}:{}", a.service, a.action);
        let (b, ap) = (
            Request {
                action: &name,
                principal_arn: BATCH,
            },
            Request {
                action: &name,
                principal_arn: APP,
            },
        );
        let batch_after = allowed(&[batch_inline], Some(&after), &[], &b);
        assert!(
            !batch_after || allowed(&[batch_inline], Some(&before), &[], &b),
            "{name}"
        );
        assert!(
            !allowed(&[&after], None, &[], &ap) || allowed(&[&before], None, &[], &ap),
            "{name}"
        );
        if name.starts_with("dynamodb:") {
            assert!(batch_after, "{name}");
        }
        if name.starts_with("s3:") {
            assert!(allowed(&[&after], None, &[], &ap), "{name}");
        }
    }
}

/// IAM's own counts say the policy is attached, or bounds, principals the
/// loaded details do not hold (read with --filter, or a page missing): it
/// is not rewritten, and the plan says why.
#[test]
fn a_policy_used_beyond_the_loaded_details_is_not_rewritten() {
    let batch = Evidence::new(
        &[("dynamodb", Status::Never), ("sqs", Status::Never)],
        &[],
        90,
    );
    let both = app_and(&batch);
    // As counted: rewritten for both.
    let p = plan_principal(catalog(), &boundary_account(1, 1), APP, &both).unwrap();
    assert_eq!(p.policies[0].action, Action::Edit);
    for (attachments, boundaries) in [(3, 1), (1, 2)] {
        let p = plan_principal(
            catalog(),
            &boundary_account(attachments, boundaries),
            APP,
            &both,
        )
        .unwrap();
        let team = &p.policies[0];
        assert_eq!(team.action, Action::Skip, "{attachments} {boundaries}");
        assert!(
            team.reason.contains(&format!("IAM counts {attachments} principal")) && team.reason.contains(&format!(
                " it is attached to and {boundaries} whose permissions boundary it is; the loaded authorization details hold 1 and 1"
            )),
            "{}",
            team.reason
        );
        assert_eq!(team.after.as_deref(), Some(team.before.as_str()));
    }
}

/// The two accounts of the property test below.
const ACCOUNT_IDS: [&str; 2] = ["444455556666", "777788889999"];

/// The services of the account property test below.
const SERVICES: [&str; 4] = ["s3", "dynamodb", "sqs", "glue"];

/// The action patterns its policies allow (by index): whole services,
/// wildcards within one, a single action.
const PATTERNS: [&str; 8] = [
    "s3:*",
    "s3:Get*",
    "s3:PutBucket*",
    "s3:ListAllMyBuckets",
    "dynamodb:*",
    "sqs:*",
    "sqs:Send*",
    "glue:*",
];

/// The S3 actions its action-level reports track (a report lists each used
/// or not; S3's others, `GetObject` among them, are not tracked).
const TRACKED: [&str; 5] = [
    "ListAllMyBuckets",
    "GetBucketPolicy",
    "PutBucketPolicy",
    "CreateBucket",
    "DeleteBucket",
];

/// The service (by index) of pattern `k`.
fn service_of(k: usize) -> usize {
    let prefix = PATTERNS[k].split(':').next().unwrap_or_default();
    SERVICES
        .iter()
        .position(|s| *s == prefix)
        .unwrap_or_default()
}

/// A principal of the property test's accounts: in the first or the
/// second, a user (with the groups it is in) or a role, the policies attached to it and maybe one as its
/// permissions boundary (by index), its inline policy's patterns, whether
/// its report is loaded, and whether it is at action level (each tracked
/// S3 action used or not). A role may be service-linked, or provisioned
/// by IAM Identity Center from a permission set; a principal may be
/// younger than the threshold before its report.
#[derive(Clone, Debug, Default)]
struct Member {
    account: usize,
    user: bool,
    attached: Vec<usize>,
    boundary: Option<usize>,
    groups: Vec<usize>,
    inline: Option<Vec<usize>>,
    report: bool,
    tracked: Option<[bool; 5]>,
    role: RoleKind,
    young: bool,
}

/// What a role of the property test is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum RoleKind {
    #[default]
    Own,
    ServiceLinked,
    /// Provisioned from the permission set `Set{k}` (one role per account).
    PermissionSet(usize),
}

/// A group of the property test's accounts (in the first when its index
/// is even): its attached policies and its inline policy's patterns.
#[derive(Clone, Debug, Default)]
struct Group {
    attached: Vec<usize>,
    inline: Option<Vec<usize>>,
}

/// Two accounts for the property test, loaded together: managed policies
/// (AWS managed, or one customer managed policy of that name in each
/// account), each allowing some patterns (by index); groups (one of each
/// name in each account: `g{k}` is groups `2k` and `2k + 1`); users and
/// roles.
#[derive(Clone, Debug)]
struct Account {
    /// Each policy's patterns, whether it is AWS managed, and whether it
    /// allows them (`Action`) or everything but them (`NotAction`).
    policies: Vec<Policy>,
    groups: Vec<Group>,
    principals: Vec<Member>,
    /// Per principal, per service: used within the threshold (else never).
    used: Vec<[bool; 4]>,
}

fn account() -> impl proptest::strategy::Strategy<Value = Account> {
    use proptest::prelude::*;
    let services = || {
        prop::collection::btree_set(0..PATTERNS.len(), 1..=3)
            .prop_map(|s| s.into_iter().collect::<Vec<usize>>())
    };
    let policy = (services(), any::<bool>(), prop::bool::weighted(0.2));
    (prop::collection::vec(policy, 1..5), 0usize..5, 1usize..7).prop_flat_map(
        move |(policies, g, n)| {
            let m = policies.len();
            let set = move || {
                prop::collection::btree_set(0..m, 0..=m)
                    .prop_map(|s| s.into_iter().collect::<Vec<usize>>())
            };
            let member = (
                0usize..2,
                any::<bool>(),
                set(),
                prop::option::of(0..m),
                prop::collection::btree_set(0..g.max(1), 0..=g),
                prop::option::of(services()),
                prop::bool::weighted(0.8),
                prop::option::of(prop::array::uniform5(any::<bool>())),
                prop_oneof![
                    3 => Just(RoleKind::Own),
                    1 => Just(RoleKind::ServiceLinked),
                    3 => (0usize..2).prop_map(RoleKind::PermissionSet),
                ],
                prop::bool::weighted(0.15),
            )
                .prop_map(
                    move |(
                        account,
                        user,
                        attached,
                        boundary,
                        groups,
                        inline,
                        report,
                        tracked,
                        role,
                        young,
                    )| {
                        Member {
                            account,
                            user,
                            attached,
                            boundary,
                            // Only users are in groups, of their own account.
                            groups: groups
                                .into_iter()
                                .filter(|&x| user && x < g && x % 2 == account)
                                .collect(),
                            inline,
                            report,
                            tracked,
                            role: if user { RoleKind::Own } else { role },
                            young,
                        }
                    },
                );
            let group = (set(), prop::option::of(services()))
                .prop_map(|(attached, inline)| Group { attached, inline });
            (
                Just(policies),
                prop::collection::vec(group, g),
                prop::collection::vec(member, n),
                prop::collection::vec(prop::array::uniform4(any::<bool>()), n),
            )
                .prop_map(|(policies, groups, principals, used)| {
                    Account {
                        policies,
                        groups,
                        principals,
                        used,
                    }
                    .made_as_iam_makes_them()
                })
        },
    )
}

/// A managed policy of the property test: its patterns (by index), whether
/// it is AWS managed, whether it allows all but them (`NotAction`).
type Policy = (Vec<usize>, bool, bool);

/// A policy that allows all but `patterns`.
fn allow_all_but(patterns: &[usize]) -> Value {
    let actions: Vec<&str> = patterns.iter().map(|&k| PATTERNS[k]).collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": actions, "Resource": "*"}]})
}

fn allow(patterns: &[usize]) -> Value {
    let actions: Vec<&str> = patterns.iter().map(|&k| PATTERNS[k]).collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]})
}

impl Account {
    /// The roles as IAM makes them: a service-linked role has only AWS
    /// managed policies and no permissions boundary; a permission set has
    /// one role in an account, and its roles have the same policies and
    /// boundary in every account (the permission set's).
    fn made_as_iam_makes_them(mut self) -> Account {
        let aws: Vec<bool> = self.policies.iter().map(|p| p.1).collect();
        let mut sets: Vec<(usize, usize)> = Vec::new();
        let mut first: Vec<Option<Member>> = vec![None, None];
        for p in &mut self.principals {
            match p.role {
                RoleKind::ServiceLinked => {
                    p.attached.retain(|&j| aws[j]);
                    p.boundary = None;
                }
                RoleKind::PermissionSet(k) if sets.contains(&(p.account, k)) => {
                    p.role = RoleKind::Own;
                }
                RoleKind::PermissionSet(k) => {
                    sets.push((p.account, k));
                    match &first[k] {
                        Some(f) => {
                            p.attached = f.attached.clone();
                            p.inline = f.inline.clone();
                            p.boundary = f.boundary;
                        }
                        None => first[k] = Some(p.clone()),
                    }
                }
                RoleKind::Own => {}
            }
        }
        self
    }

    /// Principal `i`'s ARN.
    fn arn(&self, i: usize) -> String {
        let p = &self.principals[i];
        let id = ACCOUNT_IDS[p.account];
        match (p.user, p.role) {
            (true, _) => format!("arn:aws:iam::{id}:user/u{i}"),
            (false, RoleKind::Own) => format!("arn:aws:iam::{id}:role/r{i}"),
            (false, RoleKind::ServiceLinked) => {
                format!("arn:aws:iam::{id}:role/aws-service-role/s.amazonaws.com/AWSServiceRoleForS{i}")
            }
            (false, RoleKind::PermissionSet(k)) => format!(
                "arn:aws:iam::{id}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Set{k}_0123456789abcdef"
            ),
        }
    }

    /// The name of principal `i`'s inline policy (a permission set's is
    /// the same in every account).
    fn inline_name(&self, i: usize) -> String {
        match self.set_of(i) {
            Some(k) => format!("ps{k}"),
            None => format!("i{i}"),
        }
    }

    /// Who holds principal `i`'s own policies: the principal, or its
    /// permission set.
    fn holder(&self, i: usize) -> Holder {
        match self.set_of(i) {
            Some(k) => (None, Some(format!("set/{k}"))),
            None => (Some(i), None),
        }
    }

    /// The IAM path of principal `i`'s ARN.
    fn path(&self, i: usize) -> String {
        let arn = self.arn(i);
        let resource = arn
            .split_once(":user")
            .or(arn.split_once(":role"))
            .map_or("", |x| x.1);
        let last = resource.rfind('/').unwrap_or(0);
        resource[..=last].to_string()
    }

    /// Policy `j`'s ARN in `account`: that account's, or AWS's.
    fn policy_arn(&self, j: usize, account: usize) -> String {
        match self.policies[j].1 {
            true => format!("arn:aws:iam::aws:policy/p{j}"),
            false => format!("arn:aws:iam::{}:policy/p{j}", ACCOUNT_IDS[account]),
        }
    }

    /// Group `g`'s name (the same in both accounts) and ARN.
    fn group_name(g: usize) -> String {
        format!("g{}", g / 2)
    }

    /// Policy `j`'s document.
    fn policy_doc(&self, j: usize) -> Value {
        match &self.policies[j] {
            (patterns, _, true) => allow_all_but(patterns),
            (patterns, _, false) => allow(patterns),
        }
    }

    /// The services (of the test's) policy `j` grants an action of.
    fn policy_services(&self, j: usize) -> Vec<usize> {
        match &self.policies[j] {
            // All but the services it excludes whole.
            (patterns, _, true) => (0..SERVICES.len())
                .filter(|&s| {
                    !patterns
                        .iter()
                        .any(|&k| PATTERNS[k] == format!("{}:*", SERVICES[s]))
                })
                .collect(),
            (patterns, _, false) => patterns.iter().map(|&k| service_of(k)).collect(),
        }
    }

    fn details(&self) -> Authz {
        let attached = |list: &[usize], account: usize| -> Vec<Value> {
            list.iter()
                .map(|&j| serde_json::json!({"PolicyName": format!("p{j}"), "PolicyArn": self.policy_arn(j, account)}))
                .collect()
        };
        let inline = |name: String, services: &Option<Vec<usize>>| -> Vec<Value> {
            (services.iter())
                .map(|s| serde_json::json!({"PolicyName": name, "PolicyDocument": allow(s)}))
                .collect()
        };
        let mut users = Vec::new();
        let mut roles = Vec::new();
        for (i, p) in self.principals.iter().enumerate() {
            let name = self
                .arn(i)
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let mut d = serde_json::json!({"Path": self.path(i), "Arn": self.arn(i), "CreateDate": "2020-01-01T00:00:00Z",
                "AttachedManagedPolicies": attached(&p.attached, p.account)});
            if let Some(b) = p.boundary {
                d["PermissionsBoundary"] = serde_json::json!({
                    "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": self.policy_arn(b, p.account)});
            }
            let own = inline(self.inline_name(i), &p.inline);
            if p.user {
                d["UserName"] = name.into();
                d["UserPolicyList"] = own.into();
                d["GroupList"] = p
                    .groups
                    .iter()
                    .map(|&g| Self::group_name(g))
                    .collect::<Vec<_>>()
                    .into();
                users.push(d);
            } else {
                d["RoleName"] = name.into();
                d["RolePolicyList"] = own.into();
                roles.push(d);
            }
        }
        let groups: Vec<Value> = (self.groups.iter().enumerate())
            .map(|(g, group)| {
                let name = Self::group_name(g);
                serde_json::json!({"GroupName": name, "Path": "/",
                    "Arn": format!("arn:aws:iam::{}:group/{name}", ACCOUNT_IDS[g % 2]),
                    "GroupPolicyList": inline(format!("gi{g}"), &group.inline),
                    "AttachedManagedPolicies": attached(&group.attached, g % 2)})
            })
            .collect();
        // A customer managed policy is one in each account; an AWS managed
        // one, one for both.
        let mut policies: Vec<Value> = Vec::new();
        for (j, (_, aws, _)) in self.policies.iter().enumerate() {
            for account in if *aws { 0..1 } else { 0..2 } {
                let here = |a: usize| *aws || a == account;
                let attachments = (self.principals.iter())
                    .filter(|p| here(p.account) && p.attached.contains(&j))
                    .count()
                    + (self.groups.iter().enumerate())
                        .filter(|(g, x)| here(g % 2) && x.attached.contains(&j))
                        .count();
                let boundaries = (self.principals.iter())
                    .filter(|p| here(p.account) && p.boundary == Some(j))
                    .count();
                policies.push(serde_json::json!({
                    "PolicyName": format!("p{j}"), "Arn": self.policy_arn(j, account), "DefaultVersionId": "v1",
                    "AttachmentCount": attachments, "PermissionsBoundaryUsageCount": boundaries,
                    "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": self.policy_doc(j)}]
                }));
            }
        }
        let details = serde_json::json!({"UserDetailList": users, "GroupDetailList": groups,
            "RoleDetailList": roles, "Policies": policies});
        Authz::merge([&parse_authz(details.to_string().as_bytes())
            .unwrap()
            .unwrap()])
    }

    /// The services (by index) principal `i`'s own policies and its
    /// groups' grant: what its report lists (last-accessed data reads the
    /// permissions policies, not the boundary).
    fn granted(&self, i: usize) -> std::collections::BTreeSet<usize> {
        let p = &self.principals[i];
        let groups = p.groups.iter().map(|&g| &self.groups[g]);
        (p.attached.iter())
            .chain(groups.clone().flat_map(|g| g.attached.iter()))
            .flat_map(|&j| self.policy_services(j))
            .chain(p.inline.iter().flatten().map(|&k| service_of(k)))
            .chain(groups.flat_map(|g| g.inline.iter().flatten().map(|&k| service_of(k))))
            .collect()
    }

    /// Whether principal `i` used service `s` (at action level: some
    /// tracked action, or an untracked one as the service says).
    fn used(&self, i: usize, s: usize) -> bool {
        self.used[i][s]
            || (s == 0
                && self.principals[i]
                    .tracked
                    .is_some_and(|t| t.contains(&true)))
    }

    /// Principal `i`'s report, when loaded.
    fn evidence(&self, i: usize) -> Option<Evidence> {
        let p = &self.principals[i];
        if !p.report {
            return None;
        }
        let status = |used: bool| if used { Status::Recent } else { Status::Never };
        let granted = self.granted(i);
        let rows: Vec<(&str, Status)> = granted
            .iter()
            .map(|&s| (SERVICES[s], status(self.used(i, s))))
            .collect();
        let actions: Vec<(&str, &str, Status)> = match p.tracked {
            Some(t) if granted.contains(&0) => TRACKED
                .iter()
                .zip(t)
                .map(|(a, u)| ("s3", *a, status(u)))
                .collect(),
            _ => Vec::new(),
        };
        let evidence = Evidence::new(&rows, &actions, 90);
        if !p.young {
            return Some(evidence);
        }
        // Created 20 days before its report: what it did not use in any
        // service (threshold 90 days) proves nothing yet.
        let services: Vec<String> = granted.iter().map(|&s| SERVICES[s].to_string()).collect();
        let unused = (granted.iter())
            .filter(|&&s| !self.used(i, s))
            .map(|&s| SERVICES[s].to_string())
            .collect();
        Some(evidence.young(&Young {
            days: 20,
            services,
            unused,
        }))
    }

    /// The permission set principal `i` is a role of.
    fn set_of(&self, i: usize) -> Option<usize> {
        match self.principals[i].role {
            RoleKind::PermissionSet(k) if !self.principals[i].user => Some(k),
            _ => None,
        }
    }

    /// Whether principal `i` may lose `action` (of service `s`): its own
    /// report proves it unused; or, a role of a permission set without a
    /// loaded report, the reports of its permission set's roles that have
    /// one (at least one) all prove it unused (the permission set is
    /// rewritten with what they used, and says which roles had no report).
    fn may_lose(&self, i: usize, s: usize, action: &str) -> bool {
        if self.proven_unused(i, s, action) {
            return true;
        }
        let Some(k) = self.set_of(i).filter(|_| !self.principals[i].report) else {
            return false;
        };
        let read: Vec<usize> = (0..self.principals.len())
            .filter(|&x| self.set_of(x) == Some(k) && self.principals[x].report)
            .collect();
        !read.is_empty() && read.iter().all(|&x| self.proven_unused(x, s, action))
    }

    /// Whether principal `i`'s report proves `action` (of service `s`)
    /// unused: its service went unused, or it is a tracked action that did.
    fn proven_unused(&self, i: usize, s: usize, action: &str) -> bool {
        let p = &self.principals[i];
        if !p.report || p.young || !self.granted(i).contains(&s) {
            return false;
        }
        !self.used(i, s)
            || (s == 0
                && p.tracked.is_some_and(|t| {
                    TRACKED
                        .iter()
                        .zip(t)
                        .any(|(a, u)| !u && action.eq_ignore_ascii_case(&format!("s3:{a}")))
                }))
    }
}

/// Where a plan's change applies: a principal (by index) or a group (its
/// account's index, then its name).
type Holder = (Option<usize>, Option<String>);

/// What every principal's plan does, applied: each managed policy's new
/// version (the same in every plan that edits it), each detach, each AWS
/// managed policy replaced by a new policy of what was used, each inline
/// policy rewritten or deleted; a group's on the group (the same in every
/// member's plan).
#[derive(Default)]
struct Applied {
    edited: std::collections::BTreeMap<String, Value>,
    detached: std::collections::BTreeSet<(Holder, String)>,
    replaced: std::collections::BTreeMap<(Holder, String), Value>,
    /// Inline policies by holder and name: the new document, or `None` when deleted.
    inline: std::collections::BTreeMap<(Holder, String), Option<Value>>,
}

/// Put `v` at `k`: a change reached through several plans must be the same
/// in each.
fn once<K: Ord + std::fmt::Debug, V: PartialEq>(
    map: &mut std::collections::BTreeMap<K, V>,
    k: K,
    v: V,
) -> Result<(), String> {
    match map.get(&k) {
        Some(old) if *old != v => Err(format!("{k:?} changed two ways")),
        _ => {
            map.insert(k, v);
            Ok(())
        }
    }
}

impl Applied {
    fn of(a: &Account) -> Result<Applied, String> {
        let authz = a.details();
        let evidence = |arn: &str| {
            (0..a.principals.len())
                .find(|&i| a.arn(i) == arn)
                .and_then(|i| a.evidence(i))
        };
        let mut out = Applied::default();
        for i in 0..a.principals.len() {
            let Some(plan) = plan_principal(catalog(), &authz, &a.arn(i), &evidence) else {
                continue;
            };
            for p in &plan.policies {
                let holder: Holder = match (&p.group, p.action) {
                    (Some(g), _) => (None, Some(format!("{}/{g}", a.principals[i].account))),
                    // The permission set's, in every account: not the role's.
                    (None, Action::PermissionSet) => match a.set_of(i) {
                        Some(k) => (None, Some(format!("set/{k}"))),
                        None => {
                            return Err(format!(
                                "{} of {} is no permission set's",
                                p.name,
                                a.arn(i)
                            ))
                        }
                    },
                    (None, _) => (Some(i), None),
                };
                // IAM lets nobody change a service-linked role.
                if a.principals[i].role == RoleKind::ServiceLinked
                    && !matches!(p.action, Action::Keep | Action::Skip)
                {
                    return Err(format!("{:?} of {} on {}", p.action, p.name, a.arn(i)));
                }
                let after = || {
                    serde_json::from_str::<Value>(p.after.as_deref().unwrap_or("null"))
                        .map_err(|e| e.to_string())
                };
                match (p.action, &p.arn) {
                    (Action::Keep | Action::Skip, _) => {}
                    (Action::Edit, Some(arn)) => once(&mut out.edited, arn.clone(), after()?)?,
                    (Action::Detach, Some(arn)) => {
                        out.detached.insert((holder, arn.clone()));
                    }
                    (Action::Replace, Some(arn)) => {
                        once(&mut out.replaced, (holder, arn.clone()), after()?)?
                    }
                    (Action::Edit | Action::Delete, None) => {
                        let v = (p.action == Action::Edit).then(after).transpose()?;
                        once(&mut out.inline, (holder, p.name.clone()), v)?
                    }
                    // The permission set's inline policy, rewritten or gone.
                    (Action::PermissionSet, None) => {
                        let v = p.after.is_some().then(after).transpose()?;
                        once(&mut out.inline, (holder, p.name.clone()), v)?
                    }
                    // Its AWS managed policy taken out, and what was used
                    // of it given to the permission set instead.
                    (Action::PermissionSet, Some(arn)) => match &p.after {
                        Some(_) => once(&mut out.replaced, (holder, arn.clone()), after()?)?,
                        None => {
                            out.detached.insert((holder, arn.clone()));
                        }
                    },
                    (other, arn) => return Err(format!("{other:?} for {} ({arn:?})", p.name)),
                }
            }
        }
        Ok(out)
    }

    /// Every change is to a policy its holder has: a detach or a
    /// replacement of one attached to it, a rewrite or a deletion of one of
    /// its inline policies (`put-…-policy` of a name it does not have would
    /// add a policy).
    fn targets_exist(&self, a: &Account) -> Result<(), String> {
        // What each holder has: attached ARNs and inline names.
        let mut has: std::collections::BTreeSet<(Holder, String)> = Default::default();
        for (i, p) in a.principals.iter().enumerate() {
            let me = a.holder(i);
            // A permission set attaches customer managed policies by name:
            // only its AWS managed ones are changed in it.
            has.extend(
                (p.attached.iter())
                    .filter(|&&j| me.0.is_some() || a.policies[j].1)
                    .map(|&j| (me.clone(), a.policy_arn(j, p.account))),
            );
            has.extend(p.inline.iter().map(|_| (me.clone(), a.inline_name(i))));
        }
        for (g, group) in a.groups.iter().enumerate() {
            let me: Holder = (None, Some(format!("{}/{}", g % 2, Account::group_name(g))));
            has.extend(
                group
                    .attached
                    .iter()
                    .map(|&j| (me.clone(), a.policy_arn(j, g % 2))),
            );
            has.extend(group.inline.iter().map(|_| (me.clone(), format!("gi{g}"))));
        }
        let changed = (self.detached.iter())
            .chain(self.replaced.keys())
            .chain(self.inline.keys());
        match changed.into_iter().find(|k| !has.contains(*k)) {
            Some((holder, what)) => {
                Err(format!("{holder:?} changes {what}, which it does not have"))
            }
            None => Ok(()),
        }
    }

    /// Principal `i`'s permissions policies (its own and its groups') and
    /// its boundary, before or after.
    fn principal(&self, a: &Account, i: usize, after: bool) -> (Vec<Value>, Option<Value>) {
        let p = &a.principals[i];
        // (Every policy here is of the principal's account, or AWS's.)
        let arn = |j: usize| a.policy_arn(j, p.account);
        let doc = |j: usize| match self.edited.get(&arn(j)) {
            Some(d) if after => d.clone(),
            _ => a.policy_doc(j),
        };
        let held = |holder: Holder,
                    list: &[usize],
                    inline: &Option<Vec<usize>>,
                    name: String|
         -> Vec<Value> {
            let mut out: Vec<Value> = list
                .iter()
                .filter(|&&j| !(after && self.detached.contains(&(holder.clone(), arn(j)))))
                .map(|&j| match self.replaced.get(&(holder.clone(), arn(j))) {
                    Some(new) if after => new.clone(),
                    _ => doc(j),
                })
                .collect();
            if let Some(services) = inline {
                match self.inline.get(&(holder, name)) {
                    Some(new) if after => out.extend(new.clone()),
                    _ => out.push(allow(services)),
                }
            }
            out
        };
        let mut policies = held(a.holder(i), &p.attached, &p.inline, a.inline_name(i));
        for &g in &p.groups {
            let group = &a.groups[g];
            policies.extend(held(
                (None, Some(format!("{}/{}", g % 2, Account::group_name(g)))),
                &group.attached,
                &group.inline,
                format!("gi{g}"),
            ));
        }
        (policies, p.boundary.map(doc))
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Every loaded principal's plan applied: no user or role can do
    /// anything it could not before, through its policies, its groups' and
    /// its permissions boundary together, and each can still do all its
    /// report does not prove unused (all it used; everything, for one
    /// without a loaded report). A policy that is a
    /// boundary is one of them; a group's policies are judged with every
    /// member; an AWS managed policy is never edited.
    #[test]
    fn an_accounts_plans_never_grant_more_and_keep_what_each_principal_used(a in account()) {
        use lastaccessed::report::iam::{allowed, Request};
        let applied = Applied::of(&a).map_err(proptest::test_runner::TestCaseError::fail)?;
        proptest::prop_assert!(applied.edited.keys().all(|arn| !arn.starts_with("arn:aws:iam::aws:")));
        applied.targets_exist(&a).map_err(proptest::test_runner::TestCaseError::fail)?;
        for i in 0..a.principals.len() {
            let arn = a.arn(i);
            let (before, b_before) = applied.principal(&a, i, false);
            let (after, b_after) = applied.principal(&a, i, true);
            for (s, service) in SERVICES.iter().enumerate() {
                for x in catalog().expand(&format!("{service}:*")) {
                    let action = format!("{}:{}", x.service, x.action);
                    let req = Request { action: &action, principal_arn: &arn };
                    let was = allowed(&before.iter().collect::<Vec<_>>(), b_before.as_ref(), &[], &req);
                    let is = allowed(&after.iter().collect::<Vec<_>>(), b_after.as_ref(), &[], &req);
                    proptest::prop_assert!(!is || was, "{arn} gains {action}: {a:?}");
                    // What its report does not prove unused stays (what it
                    // used, and what it has no word of).
                    if was && !a.may_lose(i, s, &action) {
                        proptest::prop_assert!(is, "{arn} lost {action}, not proven unused: {a:?}");
                    }
                }
            }
        }
    }
}

/// An AWS managed policy a group attaches is never edited (AWS refuses a
/// new version of it): it is replaced on the group, like one attached to
/// a principal directly.
#[test]
fn an_aws_managed_policy_of_a_group_is_replaced_not_edited() {
    let a = Account {
        policies: vec![(vec![0, 7], true, false)],
        groups: vec![Group {
            attached: vec![0],
            inline: None,
        }],
        principals: vec![Member {
            user: true,
            groups: vec![0],
            report: true,
            ..Member::default()
        }],
        used: vec![[true, false, false, false]],
    };
    let plan = plan_principal(catalog(), &a.details(), &a.arn(0), &|_| a.evidence(0)).unwrap();
    let p = &plan.policies[0];
    assert_eq!(
        (p.kind, p.group.as_deref()),
        (
            lastaccessed::report::granted::PolicyKind::GroupManaged,
            Some("g0")
        )
    );
    assert_eq!(p.action, Action::Replace, "{}", p.reason);
    let script = apply_script(std::slice::from_ref(&plan));
    assert!(!script.contains("create-policy-version"), "{script}");
    // On the group: the new policy (named for the group) attached first,
    // then the AWS managed one detached; every command one the CLI takes.
    check_against_cli(&script);
    let calls: Vec<String> = commands(&script).iter().map(|c| c[2].clone()).collect();
    assert_eq!(
        calls,
        [
            "create-policy",
            "attach-group-policy",
            "detach-group-policy"
        ]
    );
    let calls = commands(&script);
    assert_eq!(arg(&calls[0], "--policy-name"), "lastaccessed-p0-g0");
    assert!(calls[1..].iter().all(|c| arg(c, "--group-name") == "g0"));
    assert_eq!(arg(&calls[2], "--policy-arn"), "arn:aws:iam::aws:policy/p0");
    let undo = rollback_script(std::slice::from_ref(&plan));
    check_against_cli(&undo);
    let calls: Vec<String> = commands(&undo).iter().map(|c| c[2].clone()).collect();
    assert_eq!(
        calls,
        [
            "attach-group-policy",
            "detach-group-policy",
            "delete-policy"
        ]
    );
}

/// Two accounts' details loaded together, each with a group `devs`: a
/// user's groups are its own account's. (Group names are unique in an
/// account only.)
#[test]
fn a_users_group_is_the_one_of_its_own_account() {
    let doc = |s: &str| serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": format!("{s}:*"), "Resource": "*"}]});
    let account = |id: &str, service: &str, user: &str| {
        serde_json::json!({
            "UserDetailList": [{"UserName": user, "Path": "/", "Arn": format!("arn:aws:iam::{id}:user/{user}"),
                "CreateDate": "2020-01-01T00:00:00Z", "UserPolicyList": [], "GroupList": ["devs"], "AttachedManagedPolicies": []}],
            "GroupDetailList": [{"GroupName": "devs", "Path": "/", "Arn": format!("arn:aws:iam::{id}:group/devs"),
                "GroupPolicyList": [{"PolicyName": "devs-inline", "PolicyDocument": doc(service)}], "AttachedManagedPolicies": []}],
            "RoleDetailList": [], "Policies": []
        })
    };
    let pages: Vec<_> = [
        account("111111111111", "glue", "bea"),
        account("222222222222", "s3", "alice"),
    ]
    .iter()
    .map(|v| parse_authz(v.to_string().as_bytes()).unwrap().unwrap())
    .collect();
    let authz = Authz::merge(&pages);
    let alice = "arn:aws:iam::222222222222:user/alice";
    let (policies, missing) = lastaccessed::report::granted::policies_of(&authz, alice).unwrap();
    assert!(missing.is_empty());
    assert_eq!(policies.len(), 1);
    assert_eq!(
        policies[0].document,
        doc("s3"),
        "alice's devs is account 222222222222's"
    );
    // Her plan changes her account's group, judged with her account's members only.
    let ev = Evidence::new(&[("s3", Status::Never)], &[], 90);
    let plan = plan_principal(catalog(), &authz, alice, &|arn| {
        (arn == alice).then(|| ev.clone())
    })
    .unwrap();
    let p = &plan.policies[0];
    assert_eq!(p.action, Action::Delete, "{}", p.reason);
    let script = apply_script(std::slice::from_ref(&plan));
    let calls = commands(&script);
    assert_eq!(calls.len(), 1, "{script}");
    assert_eq!(arg(&calls[0], "--group-name"), "devs");
    // With bea's plan too, one script for both accounts: each change is
    // made only with its account's credentials (IAM names the group by
    // name alone), none in another account.
    let bea = "arn:aws:iam::111111111111:user/bea";
    let ev_bea = Evidence::new(&[("glue", Status::Never)], &[], 90);
    let plan_bea = plan_principal(catalog(), &authz, bea, &|arn| {
        (arn == bea).then(|| ev_bea.clone())
    })
    .unwrap();
    let both = [plan, plan_bea];
    for script in [apply_script(&both), rollback_script(&both)] {
        assert_eq!(
            commands(&script).len(),
            2,
            "one change in each account: {script}"
        );
        let dir = std::env::temp_dir().join(format!(
            "lastaccessed-accounts-{}-{}",
            std::process::id(),
            script.len()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (i, account) in ["111111111111", "222222222222"].iter().enumerate() {
            let calls = run_in(account, &script, &dir.join(format!("as-{i}")))
                .expect("runs in its accounts");
            assert_eq!(calls.len(), 1, "{account}: {calls:?}");
            assert_eq!(arg(&calls[0], "--group-name"), "devs");
        }
        assert_eq!(
            run_in("333333333333", &script, &dir.join("other")),
            None,
            "refused elsewhere"
        );
        assert!(
            !dir.join("other/calls.jsonl").exists(),
            "nothing ran elsewhere"
        );
    }
}
