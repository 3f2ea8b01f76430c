//! The account's policies in every form `get-account-authorization-details`
//! is saved in, and granted vs used per principal. Fixtures:
//! `tests/fixtures/authz/` (made by botocore from the IAM wire format,
//! `make_authz_fixtures.py`), the report `xml/report.xml` of the same account.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::bytes;
use lastaccessed::report::authz::{parse_authz, statements, Authz, AuthzPage};
use lastaccessed::report::catalog::{catalog, Level};
use lastaccessed::report::granted::{
    boundary_reach, granted, policies_of, GrantedRow, GrantedView, PolicyKind, PolicyRisk,
    RiskyGrants,
};
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;
use lastaccessed::report::staleness::{reference_time, ReferenceMode, Status};
use lastaccessed::report::table::{service_rows, Staleness};

const ROLE: &str = "arn:aws:iam::444455556666:role/data-pipeline";
const BOB: &str = "arn:aws:iam::444455556666:user/bob";

fn page(rel: &str) -> AuthzPage {
    parse_authz(&bytes(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .unwrap_or_else(|| panic!("{rel}: not authorization details"))
}

fn whole() -> Authz {
    Authz::merge([&page("authz/boto3.json")])
}

#[test]
fn every_serialisation_reads_the_same() {
    let boto3 = whole();
    let raw = Authz::merge([&page("authz/raw-api.json")]);
    let cli = Authz::merge([
        &page("authz/cli-v2-page-1.json"),
        &page("authz/cli-v2-page-2.json"),
    ]);
    for (name, other) in [
        ("raw API (URL-encoded documents)", &raw),
        ("CLI v2, two pages", &cli),
    ] {
        assert_eq!(other.users, boto3.users, "{name}");
        assert_eq!(other.groups, boto3.groups, "{name}");
        assert_eq!(other.roles, boto3.roles, "{name}");
        assert_eq!(other.policies, boto3.policies, "{name}");
    }
    assert_eq!((cli.pages, cli.truncated), (2, false));
    assert_eq!(
        (
            boto3.users.len(),
            boto3.groups.len(),
            boto3.roles.len(),
            boto3.policies.len()
        ),
        (1, 1, 2, 3)
    );
    // nightly-etl's permissions boundary, and IAM's counts of the policy.
    for (name, a) in [("boto3", &boto3), ("raw API", &raw), ("CLI v2", &cli)] {
        let etl = "arn:aws:iam::444455556666:role/nightly-etl";
        let power = "arn:aws:iam::aws:policy/PowerUserAccess";
        assert_eq!(a.boundary_of(etl), Some(power), "{name}");
        assert_eq!(a.boundary_of(ROLE), None, "{name}");
        assert_eq!(a.bounded_by(power), [etl], "{name}");
        let p = a.policy(power).unwrap();
        assert_eq!(
            (p.attachment_count, p.permissions_boundary_usage_count),
            (Some(0), Some(1)),
            "{name}"
        );
        assert!(p.document().is_some(), "{name}");
    }
    // Granted vs used says so above its rows (data-pipeline has none).
    let view = |arn: &str| granted_view(&boto3, arn, &[]).notes;
    let notes = view("arn:aws:iam::444455556666:role/nightly-etl");
    assert_eq!(notes.len(), 1);
    assert!(notes[0]
        .starts_with("It has a permissions boundary, arn:aws:iam::aws:policy/PowerUserAccess"));
    assert!(view(ROLE).is_empty());
    // Page 1 alone says more exist.
    assert!(Authz::merge([&page("authz/cli-v2-page-1.json")]).truncated);
    // The same page twice keeps each principal once.
    let twice = Authz::merge([&page("authz/boto3.json"), &page("authz/boto3.json")]);
    assert_eq!(twice.roles.len(), 2);
    // The managed policy's default version is read, not the older one.
    let glue = boto3
        .policy("arn:aws:iam::444455556666:policy/GlueAccess")
        .unwrap();
    let doc = &glue.document().unwrap().0;
    assert_eq!(
        statements(doc)[0].action.as_deref().unwrap(),
        ["glue:*", "s3:List*"]
    );
    assert!(glue.update_date.is_some());
}

#[test]
fn other_json_is_not_authorization_details() {
    assert_eq!(parse_authz(&bytes("cli-v1/page-1.json")).unwrap(), None);
    assert!(parse_authz(b"{\"RoleDetailList\": [{\"RoleName\": 1}]}").is_err());
}

/// The report of the same account, its services aged from the report's date.
fn report_rows() -> Vec<lastaccessed::report::table::ServiceRow> {
    let loaded = parse_file("xml/report.xml", &bytes("xml/report.xml")).unwrap();
    let reports = merge_all([&loaded]);
    let r = &reports[0];
    assert_eq!(r.principal.as_deref(), Some(ROLE));
    let st = Staleness {
        reference: reference_time(r, ReferenceMode::ReportDate, chrono::Utc::now()),
        threshold_days: 90,
    };
    service_rows(r, st)
}

fn row<'a>(rows: &'a [GrantedRow], policy: &str, ns: &str) -> &'a GrantedRow {
    rows.iter()
        .find(|r| r.policy == policy && r.namespace == ns)
        .unwrap_or_else(|| panic!("no row for {policy} / {ns}: {rows:#?}"))
}

#[test]
fn a_roles_policies_against_its_report() {
    let authz = whole();
    let (policies, missing) = policies_of(&authz, ROLE).expect("the role is in the details");
    assert!(missing.is_empty(), "{missing:?}");
    let kinds: Vec<(PolicyKind, &str)> =
        policies.iter().map(|p| (p.kind, p.name.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (PolicyKind::Inline, "pipeline-inline"),
            (PolicyKind::Managed, "GlueAccess"),
            (PolicyKind::AwsManaged, "AmazonS3ReadOnlyAccess")
        ]
    );
    let rows = granted(catalog(), &policies, &report_rows(), None);
    // athena:* in the inline policy; the report says never used: unused write access.
    let athena = row(&rows, "pipeline-inline", "athena");
    assert_eq!(
        (athena.status, athena.sid.as_deref(), athena.statement),
        (Some(Status::Never), Some("Query"), 2)
    );
    assert!(athena.levels.contains(&Level::Write) && athena.risky());
    assert_eq!(
        athena.actions,
        catalog().service("athena").unwrap().actions.len()
    );
    // glue:* through the customer managed policy: stale (last used in March).
    let glue = row(&rows, "GlueAccess", "glue");
    assert_eq!(glue.status, Some(Status::Stale));
    assert!(glue.risky());
    // Two S3 object actions in a service used recently (the report lists
    // S3's tracked bucket actions; object actions are never tracked).
    let s3 = row(&rows, "pipeline-inline", "s3");
    assert_eq!(s3.sid.as_deref(), Some("Objects"));
    assert_eq!((s3.actions, s3.status), (2, Some(Status::Recent)));
    assert_eq!(
        s3.levels.iter().copied().collect::<Vec<_>>(),
        [Level::Read, Level::Write]
    );
    assert!(!s3.risky());
    // Services the report does not list are no data, never unused.
    let lambda = row(&rows, "AmazonS3ReadOnlyAccess", "s3-object-lambda");
    assert_eq!(lambda.status, None);
    assert!(!lambda.risky());
    let pass = row(&rows, "pipeline-inline", "iam");
    assert_eq!(
        (pass.actions, pass.status, pass.sid.as_deref()),
        (1, None, Some("NOREPOPassRole"))
    );
    // Two bucket actions beside them, one a Permissions management action.
    let bucket = rows
        .iter()
        .find(|r| r.policy == "pipeline-inline" && r.sid.as_deref() == Some("Bucket"))
        .unwrap();
    assert_eq!((bucket.namespace.as_str(), bucket.actions), ("s3", 2));
    assert!(bucket.levels.contains(&Level::PermissionsManagement));
    // The Deny statement grants nothing.
    assert!(!rows
        .iter()
        .any(|r| r.policy == "pipeline-inline" && r.statement == 3));
    // The AWS managed read-only policy grants S3 reads and lists only.
    let ro = row(&rows, "AmazonS3ReadOnlyAccess", "s3");
    assert!(
        ro.levels
            .iter()
            .all(|l| matches!(l, Level::Read | Level::List)),
        "{:?}",
        ro.levels
    );
}

#[test]
fn a_user_gets_its_groups_policies_and_not_action_grants_the_rest() {
    let authz = whole();
    let (policies, missing) = policies_of(&authz, BOB).unwrap();
    assert!(missing.is_empty());
    let kinds: Vec<(PolicyKind, Option<&str>)> = policies
        .iter()
        .map(|p| (p.kind, p.group.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (PolicyKind::Inline, None),
            (PolicyKind::AwsManaged, None),
            (PolicyKind::GroupInline, Some("devs")),
            (PolicyKind::GroupManaged, Some("devs"))
        ]
    );
    // No report for bob: every row is no data.
    let rows = granted(catalog(), &policies, &[], None);
    assert!(rows.iter().all(|r| r.status.is_none() && !r.risky()));
    // NotAction ["iam:*", "organizations:*"] grants every other service.
    let not_action: Vec<&str> = rows
        .iter()
        .filter(|r| r.policy == "bob-everything-but-iam")
        .map(|r| r.namespace.as_str())
        .collect();
    assert!(not_action.contains(&"ec2") && not_action.contains(&"s3"));
    assert!(!not_action.contains(&"iam") && !not_action.contains(&"organizations"));
    assert_eq!(not_action.len(), catalog().services().len() - 2);
    // Unknown principals are not in the details.
    assert!(policies_of(&authz, "arn:aws:iam::444455556666:role/other").is_none());
}

/// Granted vs used for `principal` as the session makes it: capped by what
/// its permissions boundary lets through when `details` hold the
/// boundary's document.
fn granted_view(
    details: &Authz,
    principal: &str,
    services: &[lastaccessed::report::table::ServiceRow],
) -> GrantedView {
    let cap = (details.boundary_of(principal))
        .and_then(|b| details.policy(b)?.document())
        .map(|doc| boundary_reach(catalog(), &doc.0));
    GrantedView::of(catalog(), details, principal, cap.as_ref(), None, services)
}

/// The report's rows and one more: the service `ns`, never used.
fn with_never_used(ns: &str) -> Vec<lastaccessed::report::table::ServiceRow> {
    let mut services = report_rows();
    let mut never = services
        .iter()
        .find(|r| r.status == Status::Never)
        .unwrap()
        .clone();
    never.namespace = ns.into();
    services.push(never);
    services
}

#[test]
fn granting_only_iam_pass_role_is_no_unused_write_access() {
    // The role's report with IAM never used: its NOREPOPassRole statement
    // grants iam:PassRole alone, which last-accessed data never records.
    let services = with_never_used("iam");
    let (policies, _) = policies_of(&whole(), ROLE).unwrap();
    let rows = granted(catalog(), &policies, &services, None);
    let pass = row(&rows, "pipeline-inline", "iam");
    assert_eq!((pass.status, pass.actions), (Some(Status::Never), 1));
    assert!(pass.levels.contains(&Level::Write), "shown as granted");
    assert!(!pass.risky(), "not unused write access");
    let inline = policies
        .iter()
        .find(|p| p.name == "pipeline-inline")
        .unwrap();
    let risky = RiskyGrants::of_policies(&[PolicyRisk::of(catalog(), inline)], None);
    assert_eq!(risky.in_service("iam"), 0);
    // Any other IAM Write action is.
    let mut other = inline.clone();
    other.document = serde_json::json!({"Statement": [
        {"Effect": "Allow", "Action": ["iam:PassRole", "iam:CreateUser"], "Resource": "*"}]});
    let rows = granted(catalog(), &[other.clone()], &services, None);
    assert!(row(&rows, "pipeline-inline", "iam").risky());
    let risky = RiskyGrants::of_policies(&[PolicyRisk::of(catalog(), &other)], None);
    assert_eq!(risky.in_service("iam"), 1);
    // Unless another of its policies denies it everywhere: granted by none.
    let mut guard = inline.clone();
    guard.name = "guard".into();
    guard.document = serde_json::json!({"Statement": [
        {"Effect": "Deny", "Action": "iam:Create*", "Resource": "*"}]});
    let rows = granted(catalog(), &[other.clone(), guard.clone()], &services, None);
    assert!(!row(&rows, "pipeline-inline", "iam").risky());
    let both = [
        PolicyRisk::of(catalog(), &other),
        PolicyRisk::of(catalog(), &guard),
    ];
    assert_eq!(RiskyGrants::of_policies(&both, None).in_service("iam"), 0);
}

#[test]
fn unused_write_access_is_marked_only_where_the_permissions_boundary_may_let_it_through() {
    // nightly-etl's boundary is PowerUserAccess: no IAM but a few
    // service-linked role actions. Its inline policy grants it two IAM
    // Write actions, one on each side, and its report shows IAM never used.
    let etl = "arn:aws:iam::444455556666:role/nightly-etl";
    let services = with_never_used("iam");
    let mut details = whole();
    let role = details.roles.iter_mut().find(|r| r.arn == etl).unwrap();
    role.role_policy_list[0].policy_document.0 = serde_json::json!({"Statement": [
        {"Sid": "Outside", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"},
        {"Sid": "Within", "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}]});
    let marked = |details: &Authz| -> Vec<(Option<String>, bool)> {
        let view = granted_view(details, etl, &services);
        let mut iam: Vec<_> = (view.rows.iter())
            .filter(|r| r.policy == "etl-inline" && r.namespace == "iam")
            .map(|r| (r.sid.clone(), r.risky()))
            .collect();
        iam.sort();
        iam
    };
    let sid = |s: &str| Some(s.to_string());
    assert_eq!(
        marked(&details),
        [(sid("Outside"), false), (sid("Within"), true)],
        "counted within the boundary"
    );
    let notes = granted_view(&details, etl, &services).notes;
    assert!(notes[0].ends_with("only where the boundary may let it through."));
    // Without the boundary's document in the details, from the policies alone.
    details
        .policies
        .retain(|p| p.arn != "arn:aws:iam::aws:policy/PowerUserAccess");
    assert_eq!(
        marked(&details),
        [(sid("Outside"), true), (sid("Within"), true)]
    );
    let notes = granted_view(&details, etl, &services).notes;
    assert!(notes[0].contains("do not hold the boundary's document"));
}

#[test]
fn a_service_newer_than_the_catalog_is_shown_where_it_is_granted() {
    // A report made after the catalog was pinned lists a service it does
    // not know, never used.
    let services = with_never_used("newsvc");
    assert!(catalog().service("newsvc").is_none());
    let (policies, _) = policies_of(&whole(), BOB).unwrap();
    let rows = granted(catalog(), &policies, &services, None);
    // bob's NotAction ["iam:*", "organizations:*"] grants it: a row, with no
    // catalog actions or levels to count.
    let r = row(&rows, "bob-everything-but-iam", "newsvc");
    assert_eq!((r.status, r.actions), (Some(Status::Never), 0));
    assert!(r.levels.is_empty() && !r.risky());
    // A policy that names other services does not.
    assert!(!rows
        .iter()
        .any(|r| r.namespace == "newsvc" && r.policy != "bob-everything-but-iam"));
}

#[test]
fn single_policies_are_matched_by_name_and_a_policy_version_is_explained() {
    // get-role-policy output: no ARN, matched to the report's role by name.
    let single = Authz::merge([&page("authz/get-role-policy.json")]);
    let (policies, missing) = policies_of(&single, ROLE).expect("matched by name");
    assert!(missing.is_empty());
    assert_eq!(policies.len(), 1);
    assert_eq!(
        (policies[0].kind, policies[0].name.as_str()),
        (PolicyKind::Inline, "pipeline-inline")
    );
    let rows = granted(catalog(), &policies, &report_rows(), None);
    assert_eq!(
        row(&rows, "pipeline-inline", "athena").status,
        Some(Status::Never)
    );
    // Another role of the same name in another account would match too; a
    // role of another name does not.
    assert!(policies_of(&single, "arn:aws:iam::444455556666:role/other").is_none());
    // With the whole details loaded as well, they win (they hold every policy).
    let both = Authz::merge([
        &page("authz/get-role-policy.json"),
        &page("authz/boto3.json"),
    ]);
    assert_eq!(policies_of(&both, ROLE).unwrap().0.len(), 3);
    // A policy version names no policy: said plainly, with what to load instead.
    let e = parse_file(
        "authz/get-policy-version.json",
        &bytes("authz/get-policy-version.json"),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("get-policy-version")
            && e.to_string().contains("get-account-authorization-details"),
        "{e}"
    );
    // Loading a single policy file notes it like the details.
    let loaded = parse_file(
        "authz/get-role-policy.json",
        &bytes("authz/get-role-policy.json"),
    )
    .unwrap();
    assert_eq!(loaded.authz.len(), 1);
}
