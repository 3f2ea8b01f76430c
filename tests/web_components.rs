//! Components in a real browser (headless Chromium via wasm-bindgen-test-runner).
//! Expected values come from the core, run on the same input, never typed in.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::future::TimeoutFuture;
use lastaccessed::report::guide::{fetch_job, Guide};
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge;
use lastaccessed::report::staleness::{reference_time, ReferenceMode};
use lastaccessed::report::table::{service_rows, ServiceColumn, Sort, Staleness, Tally};
use lastaccessed::report::{sample, Error, ErrorKind, Notice, NoticeKind};
use lastaccessed::session::engine::Engine;
use lastaccessed::session::protocol::{ErrorView, NoticeView};
use lastaccessed::session::Parsed;
use lastaccessed::ui::app::{App, AppProps};
use lastaccessed::ui::engine::EngineKind;
use lastaccessed::ui::help_panel::{HelpPanel, HelpPanelProps};
use lastaccessed::ui::loader::Parser;
use lastaccessed::ui::messages::{Messages, MessagesProps};
use lastaccessed::ui::roving::{next_row, Pending};
use lastaccessed::ui::sort_header::{aria, sort_by, SortHeader, SortHeaderProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container attached to the body.
fn mount_point() -> Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// Let Yew render: yield to the event loop until `ready` holds (bounded).
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..500 {
        if ready() {
            return;
        }
        TimeoutFuture::new(0).await;
    }
    panic!("timed out waiting for: {what}");
}

/// A key pressed, as the browser dispatches it (bubbling, cancelable).
fn key_down(key: &str) -> web_sys::KeyboardEvent {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
}

fn q(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn attr(root: &Element, sel: &str, name: &str) -> Option<String> {
    q(root, sel).and_then(|e| e.get_attribute(name))
}

/// The text of the element `sel` (which must exist).
fn text(root: &Element, sel: &str) -> String {
    q(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .text_content()
        .unwrap_or_default()
}

/// Set the value of a text input or text area and fire `input`, as typing does.
fn type_into(root: &Element, sel: &str, value: &str) {
    let el = q(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    match el.dyn_into::<HtmlInputElement>() {
        Ok(input) => input.set_value(value),
        Err(el) => el
            .dyn_into::<HtmlTextAreaElement>()
            .unwrap()
            .set_value(value),
    }
    let event = web_sys::InputEvent::new("input").unwrap();
    q(root, sel).unwrap().dispatch_event(&event).unwrap();
}

fn click(root: &Element, sel: &str) {
    q(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn row_namespaces(root: &Element, table: &str) -> Vec<String> {
    let rows = root
        .query_selector_all(&format!("[data-testid={table}] tbody tr"))
        .unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-namespace"))
        .collect()
}

/// The sample report's service rows as the core makes them, with a threshold.
fn sample_service_rows(threshold_days: u32) -> Vec<lastaccessed::report::table::ServiceRow> {
    let pages: Vec<_> = sample::FILES
        .iter()
        .flat_map(|(n, b)| parse_file(n, b).unwrap().pages)
        .collect();
    let report = merge(&pages).remove(0);
    let st = Staleness {
        reference: reference_time(&report, ReferenceMode::ReportDate, chrono::Utc::now()),
        threshold_days,
    };
    service_rows(&report, st)
}

/// The sample report as the core sees it, with a threshold.
fn expected_sample(threshold_days: u32) -> (Tally, Vec<String>) {
    let mut rows = sample_service_rows(threshold_days);
    let tally = Tally::of(rows.iter().map(|r| r.status));
    lastaccessed::report::table::sort_services(
        &mut rows,
        Sort::ascending(ServiceColumn::LastAccessed),
    );
    (tally, rows.into_iter().map(|r| r.namespace).collect())
}

#[wasm_bindgen_test]
async fn app_loads_sample_sorts_and_filters() {
    // The app reads a share link from the fragment at start: begin without one.
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
    let root = mount_point();
    // The runner cannot start workers: the app gets a same-thread parser
    // and engine.
    let parser = Parser::SameThread(Rc::new(|id: u64, name: &str, bytes: &[u8]| {
        let result = lastaccessed::report::input::parse_file(name, bytes);
        let name = name.to_string();
        bincode::serialize(&Parsed { id, name, result }).unwrap()
    }));
    let engine = Rc::new(RefCell::new(Engine::new(chrono::Utc::now())));
    // As the worker does between messages: what a command left for later
    // follows its answer (work ahead, which sends nothing, runs too).
    let engine = EngineKind::SameThread(Rc::new(move |input| {
        let mut e = engine.borrow_mut();
        let mut replies = e.input(input);
        while let Some(more) = e.idle() {
            replies.extend(more);
        }
        replies
    }));
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { parser, engine }).render();
    until("sample button", || {
        q(&root, "[data-testid=sample-load]").is_some()
    })
    .await;
    assert!(q(&root, "[data-testid=summary]").is_none());

    click(&root, "[data-testid=sample-load]");
    // Both sample pages are read like files, one after the other.
    until("summary of both pages", || {
        attr(&root, "[data-testid=summary]", "data-pages").as_deref() == Some("2")
    })
    .await;
    // The sample's third file (its account's policies) is read too.
    until("the whole sample", || {
        q(&root, "[data-testid=pending]").is_none()
            && q(&root, "[data-testid=granted-panel]").is_some()
    })
    .await;

    let (tally, order) = expected_sample(90);
    let s = |a: &str| attr(&root, "[data-testid=summary]", a).unwrap();
    assert_eq!(s("data-services"), tally.total.to_string());
    assert_eq!(s("data-never"), tally.never.to_string());
    assert_eq!(s("data-stale"), tally.stale.to_string());
    assert_eq!(s("data-recent"), tally.recent.to_string());
    assert_eq!(s("data-pages"), "2");
    assert_eq!(s("data-complete"), "true");

    // Default sort: last accessed, ascending (never first).
    let th = "[data-testid=services-table] th[data-column=last-accessed]";
    assert_eq!(attr(&root, th, "aria-sort").as_deref(), Some("ascending"));
    assert_eq!(row_namespaces(&root, "services-table"), order);

    // Click the header: descending, the exact reverse of ascending for this data
    // (all times distinct except the never-used ones, which keep their order).
    click(&root, &format!("{th} button"));
    until("descending", || {
        attr(&root, th, "aria-sort").as_deref() == Some("descending")
    })
    .await;
    let desc = row_namespaces(&root, "services-table");
    assert_eq!(desc.first(), order.last());
    assert_ne!(desc, order);

    // Threshold: everything used becomes recent.
    let input: HtmlInputElement = q(&root, "[data-testid=threshold-days]")
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("10000");
    let ev = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
    let (wide, _) = expected_sample(10000);
    until("threshold applied", || {
        attr(&root, "[data-testid=summary]", "data-stale").as_deref() == Some("0")
    })
    .await;
    assert_eq!(s("data-recent"), wide.recent.to_string());

    // Selecting a service filters the actions table to it.
    let with_actions = "[data-testid=services-table] tr[data-namespace=ec2]";
    click(&root, with_actions);
    until("actions filtered", || {
        q(&root, "[data-testid=actions-filter]").is_some()
    })
    .await;
    let actions = row_namespaces(&root, "actions-table");
    assert!(!actions.is_empty());
    assert!(actions.iter().all(|ns| ns == "ec2"), "{actions:?}");
    click(&root, "[data-testid=show-all-actions]");
    until("all actions", || {
        q(&root, "[data-testid=actions-filter]").is_none()
    })
    .await;
    let all = row_namespaces(&root, "actions-table");
    assert!(all.iter().any(|ns| ns != "ec2"));

    // Keys pressed before the page has drawn the last one's move (a held
    // arrow key, a busy machine) all count: three ArrowDowns dispatched at
    // once on the focused row reach the third row below it, not the first.
    let stop = "[data-testid=services-table] tbody tr[tabindex=\"0\"]";
    let row: HtmlElement = q(&root, stop).unwrap().dyn_into().unwrap();
    row.focus().unwrap();
    let from: usize = row.get_attribute("data-pos").unwrap().parse().unwrap();
    let rows = root
        .query_selector_all("[data-testid=services-table] tbody tr[data-pos]")
        .unwrap()
        .length() as usize;
    for _ in 0..3 {
        row.dispatch_event(&key_down("ArrowDown")).unwrap();
    }
    let focused_at = |want: usize| {
        document()
            .active_element()
            .and_then(|e| e.get_attribute("data-pos"))
            .as_deref()
            == Some(want.to_string().as_str())
    };
    until("focus three rows down", || focused_at(from + 3)).await;
    // A long jump in a windowed table can drop focus on the body before it
    // reaches the target: the next key, pressed there, still counts.
    assert!(from + 5 < rows, "{from} of {rows} rows");
    let row: HtmlElement = document().active_element().unwrap().dyn_into().unwrap();
    row.dispatch_event(&key_down("ArrowDown")).unwrap();
    row.blur().unwrap();
    let body = document().body().unwrap();
    assert_eq!(document().active_element(), Some(body.clone().into()));
    body.dispatch_event(&key_down("ArrowDown")).unwrap();
    until("focus two more rows down", || focused_at(from + 5)).await;

    // Bad pasted text: an error naming the source and place; data stays.
    type_into(
        &root,
        "[data-testid=paste-input]",
        "{\"JobStatus\": \"COMPLETED\",\n  oops}",
    );
    until("paste enabled", || {
        attr(&root, "[data-testid=paste-load]", "disabled").is_none()
    })
    .await;
    click(&root, "[data-testid=paste-load]");
    until("error", || {
        q(&root, "[data-testid=messages] [role=alert]").is_some()
    })
    .await;
    let alert = text(&root, "[data-testid=messages] [role=alert]");
    assert!(
        alert.contains("pasted text") && alert.contains("line 2"),
        "{alert}"
    );
    assert_eq!(s("data-pages"), "2");

    // Clear empties everything.
    click(&root, "[data-testid=clear]");
    // Yew's scheduler yields to the browser every ~16 ms (yewstack/yew#4033):
    // on a slow machine the app and its messages are drawn in two turns of
    // the event loop. Wait for both (a message left for good still fails).
    until("cleared", || {
        q(&root, "[data-testid=summary]").is_none()
            && q(&root, "[data-testid=messages] [role=alert]").is_none()
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
async fn messages_render_each_error_as_an_alert_and_dismiss() {
    let root = mount_point();
    let dismissed = Rc::new(RefCell::new(Vec::new()));
    let d = dismissed.clone();
    let props = MessagesProps {
        errors: [
            Error::new(ErrorKind::Empty).in_file("a.json"),
            Error::new(ErrorKind::InvalidJson {
                message: "<script>alert(1)</script>".into(),
            })
            .in_file("b.json")
            .at(3, 4),
        ]
        .iter()
        .map(ErrorView::of)
        .collect(),
        notices: vec![NoticeView::of(&Notice::new(NoticeKind::Incomplete {
            marker: None,
        }))],
        ondismiss: Callback::from(move |i| d.borrow_mut().push(i)),
        onhelp: Callback::noop(),
        others: vec![],
        ondismissnotice: Callback::noop(),
        ondismissall: Callback::noop(),
    };
    yew::Renderer::<Messages>::with_root_and_props(root.clone(), props).render();
    until("messages", || q(&root, "[role=alert]").is_some()).await;
    let alerts = root.query_selector_all("[role=alert]").unwrap();
    assert_eq!(alerts.length(), 2);
    let second = alerts.item(1).unwrap().text_content().unwrap();
    assert!(second.contains("b.json, line 3, column 4"), "{second}");
    // Rendered as text, never as markup.
    assert!(second.contains("<script>"));
    assert!(root.query_selector("script").unwrap().is_none());
    assert_eq!(
        root.query_selector_all("[role=status]").unwrap().length(),
        1
    );
    click(&root, "[role=alert]:nth-child(2) button.dismiss");
    until("dismiss callback", || !dismissed.borrow().is_empty()).await;
    assert_eq!(*dismissed.borrow(), vec![1]);
    root.remove();
}

#[wasm_bindgen_test]
async fn notices_name_their_report_group_repeats_and_dismiss_all() {
    let root = mount_point();
    let all = Rc::new(RefCell::new(0));
    let one = Rc::new(RefCell::new(Vec::new()));
    let (a, o) = (all.clone(), one.clone());
    let old = Notice::new(NoticeKind::OlderThanTracking {
        count: 2,
        services: "iam, s3".into(),
    });
    let props = MessagesProps {
        errors: vec![],
        // A file's note, then the report on screen's (twice).
        notices: vec![
            NoticeView::of(&Notice::new(NoticeKind::LoadedTwice {
                page: "page 1 of a.json".into(),
            })),
            NoticeView::of(&old).about("role/ci-deployer (123456789012)"),
            NoticeView::of(&old).about("role/ci-deployer (123456789012)"),
        ],
        others: vec![
            NoticeView::of(&Notice::new(NoticeKind::Incomplete { marker: None }))
                .about("user/alice"),
        ],
        ondismiss: Callback::noop(),
        onhelp: Callback::noop(),
        ondismissnotice: Callback::from(move |t| o.borrow_mut().push(t)),
        ondismissall: Callback::from(move |()| *a.borrow_mut() += 1),
    };
    yew::Renderer::<Messages>::with_root_and_props(root.clone(), props).render();
    until("messages", || q(&root, "[data-testid=notice]").is_some()).await;
    // The current report's notes: named, repeats once with a count.
    let shown = root
        .query_selector_all(".messages > [data-testid=notice]")
        .unwrap();
    assert_eq!(shown.length(), 2);
    // The file's note names no report.
    let file = shown.item(0).unwrap().text_content().unwrap();
    assert!(
        file.contains("page 1 of a.json was loaded twice") && !file.contains("ci-deployer"),
        "{file}"
    );
    let report = shown.item(1).unwrap().text_content().unwrap();
    assert!(
        report.starts_with("Warningrole/ci-deployer (123456789012): 2 last-access"),
        "{report}"
    );
    assert!(report.contains("(×2)"), "{report}");
    // The others' behind a count, named too.
    let others = text(&root, "[data-testid=other-notices] summary");
    assert_eq!(others, "1 note about other reports");
    assert!(
        text(&root, "[data-testid=other-notices]").contains("user/alice: The report is incomplete")
    );
    click(&root, "[data-testid=dismiss-all]");
    until("dismiss all", || *all.borrow() == 1).await;
    click(&root, ".messages > [data-testid=notice] button.dismiss");
    until("dismiss one", || !one.borrow().is_empty()).await;
    assert_eq!(
        one.borrow()[0],
        "page 1 of a.json was loaded twice; counted once."
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn sort_header_reports_aria_sort_and_column() {
    let root = mount_point();
    let table = document().create_element("table").unwrap();
    let tr = document().create_element("tr").unwrap();
    table.append_child(&tr).unwrap();
    root.append_child(&table).unwrap();
    let clicked = Rc::new(RefCell::new(None));
    let c = clicked.clone();
    // The header of Region in a table sorted by Name: not the sorted one,
    // and a click sorts by Region.
    let sort = Sort::ascending(ServiceColumn::Name);
    let onsort = Callback::from(move |col| *c.borrow_mut() = Some(col));
    let props = SortHeaderProps {
        label: "Region".into(),
        aria: aria(sort, ServiceColumn::Region),
        onsort: sort_by(&onsort, ServiceColumn::Region),
        key_name: "region".into(),
        class: yew::Classes::new(),
        title: None,
        pos: None,
        tabbable: true,
    };
    yew::Renderer::<SortHeader>::with_root_and_props(tr.clone(), props).render();
    until("header", || q(&root, "th").is_some()).await;
    assert_eq!(attr(&root, "th", "aria-sort").as_deref(), Some("none"));
    click(&root, "th button");
    until("sort callback", || clicked.borrow().is_some()).await;
    assert_eq!(*clicked.borrow(), Some(ServiceColumn::Region));
    root.remove();
}

#[wasm_bindgen_test]
async fn entities_table_shows_status_per_entity() {
    use lastaccessed::report::merge::merge_all;
    use lastaccessed::report::table::Staleness;
    use lastaccessed::ui::entities_table::{EntitiesTable, EntitiesTableProps};

    let report = include_bytes!("fixtures/boto3/group-report.json");
    let entities = include_bytes!("fixtures/entities/group-s3-entities.json");
    let a = parse_file("group-report.json", report).unwrap();
    let b = parse_file("group-s3-entities.json", entities).unwrap();
    let merged = merge_all([&a, &b]).remove(0);
    let group = merged.entities_of("s3").unwrap().clone();
    let st = Staleness {
        reference: merged.completed.unwrap(),
        threshold_days: 90,
    };
    let view = lastaccessed::report::table::entity_view(&group, st);
    let want = view.rows.clone();

    let root = mount_point();
    let props = EntitiesTableProps {
        group: view,
        reference: ReferenceMode::ReportDate,
        focus: true,
    };
    yew::Renderer::<EntitiesTable>::with_root_and_props(root.clone(), props).render();
    until("entities", || {
        q(&root, "[data-testid=entities-table] tbody tr").is_some()
    })
    .await;
    // Opened by choosing a service, it takes focus (not left on <body>).
    until("focus", || {
        document()
            .active_element()
            .is_some_and(|a| a.get_attribute("data-testid").as_deref() == Some("entities-heading"))
    })
    .await;
    let rows = root
        .query_selector_all("[data-testid=entities-table] tbody tr")
        .unwrap();
    assert_eq!(rows.length() as usize, want.len());
    for (i, w) in want.iter().enumerate() {
        let row: Element = rows.item(i as u32).unwrap().dyn_into().unwrap();
        assert_eq!(
            row.get_attribute("data-arn").as_deref(),
            Some(w.arn.as_str())
        );
        assert_eq!(
            row.get_attribute("data-status").as_deref(),
            Some(w.status.as_str())
        );
    }
    assert!(want
        .iter()
        .any(|w| w.status == lastaccessed::report::Status::Never));
    root.remove();
}

#[wasm_bindgen_test]
async fn aws_errors_are_explained_and_offer_the_commands() {
    let root = mount_point();
    let helped = Rc::new(RefCell::new(0));
    let h = helped.clone();
    let pasted = "\nAn error occurred (NoSuchEntity) when calling the GetServiceLastAccessedDetails operation: gone\n";
    let aws = parse_file("pasted text", pasted.as_bytes()).unwrap_err();
    let job = parse_file(
        "gen.json",
        br#"{"JobId": "examplef-1305-c245-eba4-71fe298bcda7"}"#,
    )
    .unwrap_err();
    let ErrorKind::Aws(failure) = &aws.kind else {
        panic!("{aws}");
    };
    let advice = failure.advice();
    let props = MessagesProps {
        errors: vec![ErrorView::of(&aws), ErrorView::of(&job)],
        notices: vec![],
        ondismiss: Callback::noop(),
        onhelp: Callback::from(move |()| *h.borrow_mut() += 1),
        others: vec![],
        ondismissnotice: Callback::noop(),
        ondismissall: Callback::noop(),
    };
    yew::Renderer::<Messages>::with_root_and_props(root.clone(), props).render();
    until("messages", || q(&root, "[role=alert]").is_some()).await;
    let explained = text(&root, "[data-code=NoSuchEntity]");
    assert!(explained.contains(&advice.meaning), "{explained}");
    assert!(explained.contains(&advice.todo), "{explained}");
    assert!(
        explained.starts_with("pasted text: AWS CLI error NoSuchEntity"),
        "{explained}"
    );
    click(&root, "[data-testid=show-help]");
    until("onhelp", || *helped.borrow() == 1).await;
    let code = text(&root, "[data-code=JobId] pre");
    assert_eq!(code, fetch_job("examplef-1305-c245-eba4-71fe298bcda7"));
    root.remove();
}

#[wasm_bindgen_test]
async fn help_panel_fills_the_typed_arn_into_every_command() {
    let root = mount_point();
    yew::Renderer::<HelpPanel>::with_root_and_props(
        root.clone(),
        HelpPanelProps {
            arn: None,
            onclose: None,
            scripts: None,
            onscripts: Callback::noop(),
            scripts_failed: false,
        },
    )
    .render();
    until("help panel", || {
        q(&root, "[data-testid=help-cli] pre").is_some()
    })
    .await;
    let codes = |root: &Element| {
        let list = root
            .query_selector_all("[data-testid=help-panel] pre")
            .unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    let expected = |arn: &str| {
        Guide::new(arn, true)
            .cli()
            .into_iter()
            .map(|s| s.text)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&root), expected(""), "placeholder before typing");

    let arn = "arn:aws:iam::123456789012:role/ops/Deploy";
    type_into(&root, "[data-testid=help-arn]", arn);
    until("commands follow the ARN", || codes(&root) == expected(arn)).await;
    let check = text(&root, "[data-testid=help-arn-check]");
    assert!(
        check.contains("role ARN in account 123456789012"),
        "{check}"
    );

    click(&root, "[data-testid=help-tab-boto3]");
    until("boto3 tab", || {
        q(&root, "[data-testid=help-boto3]").is_some()
    })
    .await;
    assert_eq!(codes(&root), vec![Guide::new(arn, true).boto3()]);

    type_into(
        &root,
        "[data-testid=help-arn]",
        "arn:aws:sts::123456789012:assumed-role/Admin/me",
    );
    until("bad ARN flagged", || {
        attr(&root, "[data-testid=help-arn]", "aria-invalid").as_deref() == Some("true")
    })
    .await;
    let check = text(&root, "[data-testid=help-arn-check]");
    assert!(
        check.contains("arn:aws:iam::123456789012:role/Admin"),
        "{check}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn policies_still_being_written_say_so() {
    use lastaccessed::ui::policy_panel::{PolicyPanel, PolicyPanelProps};
    let root = mount_point();
    let props = PolicyPanelProps {
        suggestions: None,
        threshold_days: 90,
        org: false,
    };
    yew::Renderer::<PolicyPanel>::with_root_and_props(root.clone(), props).render();
    until("pending line", || {
        q(&root, "[data-testid=policy-pending]").is_some()
    })
    .await;
    let panel = q(&root, "[data-testid=policy-panel]").unwrap();
    assert_eq!(panel.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(q(&root, "[data-testid=policy-shape]").is_none());
    // The caveats do not wait for the documents.
    assert!(q(&root, "[data-testid=caveats]").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_huge_policy_document_is_previewed_not_drawn_whole() {
    use lastaccessed::report::policy::{Shape, Suggestion, Suggestions};
    use lastaccessed::ui::policy_panel::{PolicyPanel, PolicyPanelProps};
    let root = mount_point();
    let lines: Vec<String> = (0..5000).map(|i| format!("  \"svc:Action{i}\",")).collect();
    let huge = format!("{{\n{}\n}}", lines.join("\n"));
    let small = "{\n  \"Version\": \"2012-10-17\"\n}".to_string();
    let suggestion = |shape, doc: &str| Suggestion {
        shape,
        title: format!("{shape:?}"),
        placement: "here".into(),
        document: Some(doc.to_string()),
        notes: vec![format!("only {shape:?}")],
    };
    let props = PolicyPanelProps {
        suggestions: Some(Rc::new(Suggestions {
            notes: vec!["said once".into()],
            shapes: vec![
                suggestion(Shape::DenyOnPrincipal, &small),
                suggestion(Shape::AllowUsed, &huge),
            ],
        })),
        threshold_days: 90,
        org: false,
    };
    yew::Renderer::<PolicyPanel>::with_root_and_props(root.clone(), props).render();
    until("panel", || {
        q(&root, "[data-testid=policy-actions]").is_some()
    })
    .await;
    // A small document is drawn whole; a huge one only its first lines.
    assert_eq!(text(&root, "[data-testid=policy-output]"), small);
    let shown = text(&root, "[data-testid=policy-actions]");
    assert!(huge.starts_with(shown.trim_end_matches('…').trim_end()));
    assert!(
        shown.lines().count() < 1000,
        "{} lines drawn",
        shown.lines().count()
    );
    assert!(text(&root, "[data-testid=policy-preview-note]")
        .contains(&format!("of {} lines", huge.lines().count())));
    assert!(q(&root, "[data-testid=policy-download]").is_some());
    // What every document says, once above them; each one's own under it.
    assert_eq!(text(&root, "[data-testid=policy-notes]"), "said once");
    let panel = text(&root, "[data-testid=policy-panel]");
    assert_eq!(panel.matches("said once").count(), 1);
    assert_eq!(panel.matches("only DenyOnPrincipal").count(), 1);
    assert_eq!(panel.matches("only AllowUsed").count(), 1);
    root.remove();
}

// The roving tab stop's keys (pure; run here because `ui` is wasm32-only).
#[wasm_bindgen_test]
fn a_key_before_focus_follows_moves_on_from_the_pending_target() {
    // Nothing pending: from the focused row.
    assert_eq!(Pending::start(None, 4), 4);
    // Focus still where the move began: from its target.
    let p = Pending { from: 0, to: 1 };
    assert_eq!(Pending::start(Some(p), 0), 1);
    // Focus elsewhere since: from there.
    assert_eq!(Pending::start(Some(p), 7), 7);
    // Three ArrowDowns before one render (all at row 0, where focus stays)
    // reach the third row; the move still begins at row 0.
    let mut pending = None;
    for _ in 0..3 {
        let from = Pending::start(pending, 0);
        pending = Some(Pending {
            from: 0,
            to: next_row("ArrowDown", from, 10).unwrap_or(from),
        });
    }
    assert_eq!(pending, Some(Pending { from: 0, to: 3 }));
}

#[wasm_bindgen_test]
fn keys_move_within_the_rows() {
    assert_eq!(next_row("ArrowDown", 0, 3), Some(1));
    assert_eq!(next_row("ArrowDown", 2, 3), Some(2));
    assert_eq!(next_row("ArrowUp", 0, 3), Some(0));
    assert_eq!(next_row("End", 0, 300), Some(299));
    assert_eq!(next_row("PageDown", 295, 300), Some(299));
    assert_eq!(next_row("PageUp", 5, 300), Some(0));
    assert_eq!(next_row("Tab", 1, 3), None);
    assert_eq!(next_row("ArrowDown", 0, 0), None);
}

/// The sample's service rows, repeated to `n` (each with a namespace of its own).
fn many_services(n: usize) -> Rc<Vec<lastaccessed::report::table::ServiceRow>> {
    let one = sample_service_rows(90);
    Rc::new(
        (0..n)
            .map(|i| {
                let mut r = one[i % one.len()].clone();
                r.namespace = format!("{}{i}", r.namespace);
                r
            })
            .collect(),
    )
}

/// A services table of `all`, showing the rows `shown`; its root.
async fn services_table(
    all: Rc<Vec<lastaccessed::report::table::ServiceRow>>,
    shown: Vec<u32>,
) -> Element {
    use lastaccessed::ui::services_table::{ServicesTable, ServicesTableProps};
    let root = mount_point();
    let total = all.len();
    let props = ServicesTableProps {
        all,
        shown: Rc::new(shown),
        sort: Sort::ascending(ServiceColumn::Name),
        selected: None,
        reference: ReferenceMode::ReportDate,
        org: false,
        show_entity: true,
        onsort: Callback::noop(),
        total,
        onclearfilters: Callback::noop(),
        onselect: Callback::noop(),
    };
    yew::Renderer::<ServicesTable>::with_root_and_props(root.clone(), props).render();
    until("services table", || {
        q(&root, "[data-testid=services-table] tbody tr").is_some()
    })
    .await;
    root
}

fn count(root: &Element, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

// Whether a table is windowed follows from its rows before filtering: a
// search that leaves a few rows of a big report keeps the table's layout
// (fixed columns, rows of 52 px), so typing never makes the browser lay the
// whole table out again. The spacer rows' heights are their cells' height
// attributes, set in the same render as the rows.
#[wasm_bindgen_test]
async fn a_big_table_stays_windowed_under_a_search_and_its_spacers_hold_the_rest() {
    let rows = "[data-testid=services-table] tbody tr[data-namespace]";
    // 300 services, all shown: only those in view and a buffer are drawn.
    let all = many_services(300);
    let root = services_table(all.clone(), (0..300).collect()).await;
    assert!(q(&root, ".table-wrap.virtual").is_some());
    let drawn = count(&root, rows);
    assert!(drawn > 5 && drawn < 100, "{drawn} rows drawn");
    assert_eq!(
        attr(&root, "tr.spacer:last-child td", "height"),
        Some(((300 - drawn) * 52).to_string())
    );
    let below = web_sys::window()
        .unwrap()
        .get_computed_style(&q(&root, "tr.spacer:last-child td").unwrap())
        .unwrap()
        .unwrap()
        .get_property_value("height")
        .unwrap();
    assert_eq!(below, format!("{}px", (300 - drawn) * 52), "as laid out");
    root.remove();
    // A search leaves five of them: still windowed, the five drawn.
    let root = services_table(all, vec![7, 8, 9, 10, 11]).await;
    assert!(q(&root, ".table-wrap.virtual").is_some());
    assert_eq!(count(&root, rows), 5);
    assert_eq!(count(&root, "tr.spacer"), 2);
    assert_eq!(
        attr(&root, "[data-testid=services-table]", "aria-rowcount").as_deref(),
        Some("6")
    );
    root.remove();
    // A report of 30 services is drawn whole, sized to its text.
    let root = services_table(many_services(30), (0..30).collect()).await;
    assert!(q(&root, ".table-wrap.virtual").is_none());
    assert_eq!(count(&root, rows), 30);
    assert_eq!(count(&root, "tr.spacer"), 0);
    root.remove();
}
