//! The bundled sample report: action-level, two pages, for role
//! `ci-deployer`, with recent, stale and never-used services, and its
//! account's authorization details (an inline policy, a customer managed
//! and an AWS managed one), so granted vs used and the rewrite show too.
//! Shipped inside the wasm so it works offline: in the engine's, which
//! reads it when asked (the page's holds only [`COUNT`]).

/// How many files the sample has.
pub const COUNT: usize = 3;

/// (file name, bytes) for each file, in order.
pub const FILES: [(&str, &[u8]); COUNT] = [
    (
        "sample-page-1.json",
        include_bytes!("../../assets/sample/sample-page-1.json"),
    ),
    (
        "sample-page-2.json",
        include_bytes!("../../assets/sample/sample-page-2.json"),
    ),
    (
        "sample-authorization-details.json",
        include_bytes!("../../assets/sample/sample-authorization-details.json"),
    ),
];

/// A report page as large as asked, of the API's shape: `services`
/// services with `actions` tracked actions each; about a third of the
/// actions and a tenth of the services never used, times spread over a
/// year, a few roles and Regions. The workers warm up on it
/// (`worker::warm_up`): the browser optimizes a WebAssembly function only
/// once it has run a while, and the bundled sample is too small for that.
///
/// ```
/// let page = lastaccessed::report::sample::synthetic(3, 4);
/// let loaded = lastaccessed::report::input::parse_file("warm.json", page.as_bytes()).unwrap();
/// let services = &loaded.pages[0].page.services_last_accessed;
/// assert_eq!(services.len(), 3);
/// assert_eq!(services[2].tracked_actions_last_accessed.as_ref().map(Vec::len), Some(4));
/// assert!(loaded.errors.is_empty() && loaded.notices.is_empty());
/// ```
pub fn synthetic(services: usize, actions: usize) -> String {
    use std::fmt::Write;
    const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
    let time = |n: usize| {
        format!(
            "2026-{:02}-{:02}T{:02}:{:02}:11.000Z",
            1 + n % 11,
            1 + n % 28,
            n % 24,
            n % 60
        )
    };
    let mut out = String::with_capacity(services * (300 + actions * 190));
    out.push_str(
        "{\"JobStatus\":\"COMPLETED\",\"JobType\":\"ACTION_LEVEL\",\
         \"JobCreationDate\":\"2026-11-30T10:00:00.000Z\",\
         \"JobCompletionDate\":\"2026-11-30T10:00:05.000Z\",\"ServicesLastAccessed\":[",
    );
    for s in 0..services {
        let entity = format!("arn:aws:iam::123456789012:role/role-{}", s % 5);
        let region = REGIONS[s % REGIONS.len()];
        if s > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"ServiceName\":\"Service {s}\",\"ServiceNamespace\":\"svc{s}\""
        );
        if s % 10 != 9 {
            let _ = write!(
                out,
                ",\"LastAuthenticated\":\"{}\",\"LastAuthenticatedEntity\":\"{entity}\",\
                 \"LastAuthenticatedRegion\":\"{region}\",\"TotalAuthenticatedEntities\":{}",
                time(s),
                1 + s % 3
            );
        } else {
            out.push_str(",\"TotalAuthenticatedEntities\":0");
        }
        out.push_str(",\"TrackedActionsLastAccessed\":[");
        for a in 0..actions {
            if a > 0 {
                out.push(',');
            }
            let _ = write!(out, "{{\"ActionName\":\"Action{a}\"");
            if s % 10 != 9 && a % 3 != 2 {
                let _ = write!(
                    out,
                    ",\"LastAccessedEntity\":\"{entity}\",\"LastAccessedTime\":\"{}\",\
                     \"LastAccessedRegion\":\"{}\"",
                    time(s + a),
                    REGIONS[(s + a) % REGIONS.len()]
                );
            }
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push_str("],\"IsTruncated\":false}");
    out
}
