//! Every input format, through the same detection: no format picker.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{bytes, pages};
use lastaccessed::report::input::{parse_file, Loaded};
use lastaccessed::report::merge::{merge, merge_all};
use lastaccessed::report::model::{JobType, Kind};
use lastaccessed::report::NoticeKind;

fn load(rels: &[&str]) -> Loaded {
    let mut all = Loaded::default();
    for r in rels {
        all.extend(parse_file(r, &bytes(r)).unwrap_or_else(|e| panic!("{e}")));
    }
    all
}

#[test]
fn xml_wire_response_equals_what_boto3_printed() {
    let xml = load(&["xml/report.xml"]);
    for repr in [
        "repr/print-response-tzutc.txt",
        "repr/print-response.txt",
        "repr/pprint-response.txt",
    ] {
        let py = load(&[repr]);
        assert_eq!(py.pages.len(), 1, "{repr}");
        assert_eq!(
            xml.pages[0].page, py.pages[0].page,
            "{repr} differs from the XML"
        );
    }
    let p = &xml.pages[0].page;
    assert_eq!(p.job_type, Some(JobType::ActionLevel));
    assert_eq!(p.services_last_accessed.len(), 3);
    assert_eq!(
        p.services_last_accessed[2].service_name,
        "Amazon Simple Storage Service & S3 Glacier"
    );
    let s3_actions = p.services_last_accessed[2]
        .tracked_actions_last_accessed
        .as_ref()
        .unwrap();
    assert_eq!(s3_actions.len(), 2);
}

#[test]
fn the_cli_v2_yaml_output_reads_as_its_json() {
    // `--output yaml`: the XML wire response as the CLI v2 writes it.
    let xml = load(&["xml/report.xml"]);
    let yaml = load(&["yaml/report.yaml"]);
    assert_eq!(yaml.pages.len(), 1);
    assert_eq!(yaml.pages[0].page, xml.pages[0].page);
    // `--output yaml-stream`: a list of the pages, read as the JSON pages.
    let json = pages(&["cli-v2/page-1.json", "cli-v2/page-2.json"]);
    let stream = load(&["yaml/alice-stream.yaml"]);
    assert_eq!(
        stream.pages.iter().map(|p| &p.page).collect::<Vec<_>>(),
        json.iter().map(|p| &p.page).collect::<Vec<_>>()
    );
    assert_eq!(stream.pages[1].index, 2, "the second page is named page 2");
}

#[test]
fn yaml_with_a_wrong_value_or_broken_syntax_is_named() {
    use lastaccessed::report::ErrorKind;
    let text = String::from_utf8(bytes("yaml/report.yaml")).unwrap();
    // A field of the wrong type: its path, as in JSON.
    let wrong = text.replacen(
        "TotalAuthenticatedEntities: 0",
        "TotalAuthenticatedEntities: many",
        1,
    );
    let e = parse_file("wrong.yaml", wrong.as_bytes()).unwrap_err();
    assert_eq!(e.file.as_deref(), Some("wrong.yaml"));
    assert!(
        e.path
            .as_deref()
            .is_some_and(|p| p.contains("TotalAuthenticatedEntities")),
        "{e:?}"
    );
    assert_eq!(e.line, None, "a line of the JSON it became would mislead");
    // Broken YAML: its own line.
    let broken = text.replacen("ServiceName: AWS Glue", "ServiceName: [AWS Glue", 1);
    let e = parse_file("broken.yaml", broken.as_bytes()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::InvalidYaml { .. }), "{e:?}");
    let line = text
        .lines()
        .position(|l| l.contains("ServiceName: AWS Glue"))
        .unwrap()
        + 1;
    assert!(
        e.line.is_some_and(|l| l >= line),
        "{e:?} (the bracket opens on line {line})"
    );
}

#[test]
fn the_cli_text_and_table_outputs_are_explained_not_guessed() {
    use lastaccessed::report::error::CliFormat;
    use lastaccessed::report::ErrorKind;
    for (rel, format, flag) in [
        ("cli-text/report.txt", CliFormat::Text, "--output text"),
        (
            "cli-text/report-table.txt",
            CliFormat::Table,
            "--output table",
        ),
    ] {
        let e = parse_file(rel, &bytes(rel)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::CliOutput { format }, "{rel}");
        let text = e.to_string();
        assert!(
            text.contains(flag) && text.contains("--output json"),
            "{text}"
        );
    }
}

#[test]
fn tzlocal_output_gets_a_notice() {
    assert!(matches!(
        load(&["repr/print-response.txt"]).notices[0].kind,
        NoticeKind::LocalTimes { .. }
    ));
    assert!(load(&["repr/print-response-tzutc.txt"]).notices.is_empty());
}

#[test]
fn gzip_utf16_bom_crlf_read_like_plain_utf8() {
    let plain = pages(&["cli-v1/page-1.json", "cli-v1/page-2.json"]);
    let gz = load(&["encodings/page-1.json.gz", "encodings/page-2.json.gz"]);
    assert_eq!(
        gz.pages.iter().map(|p| &p.page).collect::<Vec<_>>(),
        plain.iter().map(|p| &p.page).collect::<Vec<_>>()
    );
    for f in [
        "encodings/page-2-utf16le.json",
        "encodings/page-2-utf16be.json",
    ] {
        assert_eq!(load(&[f]).pages[0].page, plain[1].page, "{f}");
    }
    assert_eq!(
        load(&["encodings/page-1-crlf-bom.json"]).pages[0].page,
        plain[0].page
    );
}

#[test]
fn gzip_detected_by_magic_not_name() {
    let gz = bytes("encodings/page-1.json.gz");
    assert_eq!(parse_file("download", &gz).unwrap().pages.len(), 1);
    let mut broken = gz.clone();
    broken.truncate(gz.len() / 2);
    let e = parse_file("half.json.gz", &broken).unwrap_err();
    assert!(e.to_string().contains("gzip"), "{e}");
}

#[test]
fn camel_case_and_epoch_timestamps() {
    let r = &merge(&load(&["collector/camel-epoch.json"]).pages)[0];
    assert_eq!(
        r.created.map(|t| t.to_rfc3339()),
        Some("2025-11-01T12:26:40+00:00".into())
    );
    assert_eq!(
        r.completed.map(|t| t.to_rfc3339()),
        Some("2025-11-01T12:26:44+00:00".into())
    );
    assert_eq!(
        r.services[0].last_authenticated.map(|t| t.timestamp()),
        Some(1_761_900_000)
    );
    assert_eq!(r.services[1].last_authenticated, None);
}

#[test]
fn aardvark_one_report_per_arn_with_zero_as_never() {
    let reports = merge(&load(&["aardvark/advisors.json"]).pages);
    assert_eq!(reports.len(), 2);
    let batch = reports
        .iter()
        .find(|r| r.principal.as_deref() == Some("arn:aws:iam::777788889999:role/legacy-batch"))
        .unwrap();
    assert_eq!(batch.services.len(), 2);
    assert_eq!(
        batch.services[0]
            .last_authenticated
            .map(|t| t.timestamp_millis()),
        Some(1_761_000_000_000)
    );
    assert_eq!(batch.services[1].last_authenticated, None, "0 means never");
    assert_eq!(
        batch.completed.map(|t| t.to_rfc3339()),
        Some("2026-11-01T06:00:00+00:00".into())
    );
    assert_eq!(batch.default_label(), "role/legacy-batch (777788889999)");
}

#[test]
fn organizations_report_reads_access_details_as_services() {
    let mut from_json = merge(&load(&["org/org-report.json"]).pages);
    let mut from_xml = merge(&load(&["org/org-report.xml"]).pages);
    from_json[0].files.clear();
    from_xml[0].files.clear();
    assert_eq!(from_json, from_xml);
    let r = &from_json[0];
    assert_eq!(r.kind(), Kind::Organizations);
    assert_eq!(r.org_counts, Some((Some(3), Some(1))));
    assert_eq!(r.services.len(), 3);
    let ec2 = &r.services[0];
    assert_eq!(ec2.total_authenticated_entities, Some(12));
    assert_eq!(ec2.last_authenticated_region.as_deref(), Some("us-east-1"));
    assert!(ec2
        .last_authenticated_entity
        .as_deref()
        .unwrap()
        .starts_with("o-a1b2c3d4e5/"));
    // Labelled by the organization entity it is about, never as a principal.
    assert_eq!(r.principal, None);
    assert_eq!(
        r.org_target,
        Some(lastaccessed::report::merge::OrgTarget::Shared(
            "o-a1b2c3d4e5/r-f6g7".into()
        ))
    );
    assert_eq!(
        r.default_label(),
        "organizations report: o-a1b2c3d4e5/r-f6g7"
    );
}

#[test]
fn an_organizations_report_with_one_accessing_account_is_not_a_principal() {
    // Only one account used anything: its path (down to the role) is the
    // same everywhere, which used to make it the report's "principal".
    let text = String::from_utf8(bytes("org/org-report.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let path = "o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111/333333333333/role/ops";
    for d in doc["AccessDetails"].as_array_mut().unwrap() {
        if d.get("EntityPath").is_some() {
            d["EntityPath"] = path.into();
        }
    }
    let r = merge(
        &parse_file("org.json", doc.to_string().as_bytes())
            .unwrap()
            .pages,
    )
    .remove(0);
    assert_eq!(r.principal, None);
    assert_eq!(
        r.default_label(),
        "organizations report: o-a1b2c3d4e5/r-f6g7/ou-f6g7-11111111/333333333333"
    );
}

#[test]
fn entities_attach_to_their_service_in_the_same_job() {
    let all = load(&[
        "entities/entities-s3.json",
        "cli-v1/page-1.json",
        "cli-v1/page-2.json",
    ]);
    let reports = merge_all([&all]);
    assert_eq!(reports.len(), 1, "same job: no separate report");
    let r = &reports[0];
    let g = r
        .entities_of("s3")
        .expect("named by the file: entities-s3.json");
    assert_eq!(g.entities.len(), 1);
    assert_eq!(g.entities[0].entity_info.name, "alice");
    assert!(g.complete);
}

#[test]
fn entities_service_inferred_from_last_access_when_the_name_does_not_say() {
    let all = load(&["boto3/group-report.json", "entities/group-s3-entities.json"]);
    let r = &merge_all([&all])[0];
    // The file is named group-s3-…: by name. Rename it and it is found by data.
    assert!(r.entities_of("s3").is_some());
    let mut renamed = Loaded::default();
    renamed.extend(parse_file("g.json", &bytes("boto3/group-report.json")).unwrap());
    renamed.extend(
        parse_file(
            "download (3).json",
            &bytes("entities/group-s3-entities.json"),
        )
        .unwrap(),
    );
    let r = &merge_all([&renamed])[0];
    let g = r
        .entities_of("s3")
        .expect("s3 is the only service last used at the newest entity's time");
    assert_eq!(g.entities.len(), 6);
}

#[test]
fn entities_without_their_report_are_a_report_of_their_own() {
    let reports = merge_all([&load(&["entities/entities-s3.json"])]);
    assert_eq!(reports.len(), 1);
    assert!(reports[0].services.is_empty());
    assert_eq!(reports[0].entity_groups.len(), 1);
    assert!(reports[0]
        .default_label()
        .starts_with("entities report created"));
}
