//! A walk step asking exactly the reference listing's request is answered
//! from the run's reference (it sends nothing of its own), and its checks
//! on every object still judge every object of every page, located by the
//! page's number (the reference keeps no page's URL) as a walked step's are.

use crate::support;

use std::sync::Arc;

use fortiprobe::run::{Runner, Verdict};
use fortiprobe::suite::{Source, Suite};
use fortiprobe_mock::MockOptions;
use support::{everything, mock_target, project, start_mock, suite_dir};

/// A case whose one step walks the full listing at limit 1000 and requires
/// that no object has `uri` as its `resource_uri`.
fn walk_case(name: &str, uri: &str) -> String {
    format!(
        "  - name: {name}\n    summary: s\n    source: test\n    steps:\n      - request:\n          path: /api/v1/fortitokens/\n          query: [format: json, limit: 1000]\n          walk: true\n        expect:\n          status: 200\n          schema: fortiauthenticator/fortitokens-list.json\n          fields:\n            - {{at: /objects/*/resource_uri, not_equals: \"{uri}\"}}\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_step_answered_from_the_reference_judges_every_page() {
    // The pagination cases make /api/v1/fortitokens/ a listing with a
    // reference; the walks below ask exactly its request.
    let pagination = std::fs::read_to_string(
        project().join("cases/fortiauthenticator/fortitokens_pagination.yaml"),
    )
    .expect("pagination cases");
    // The mock lists tokens 1..=3000 in order: token 2501 is on the third
    // page of 1000.
    let walks = format!(
        "product: fortiauthenticator\nendpoint: walks\ncases:\n{}{}",
        walk_case("absent_uri_passes", "/api/v1/fortitokens/999999/"),
        walk_case("listed_uri_fails_on_its_page", "/api/v1/fortitokens/2501/"),
    );
    let dir = suite_dir(
        "shared-walk",
        &[("pagination.yaml", &pagination), ("walks.yaml", &walks)],
    );
    let suite = Arc::new(Suite::load(Source::Dir(&dir), &[]).expect("suite loads"));
    let m = start_mock(MockOptions {
        tokens: 3000,
        ..MockOptions::default()
    })
    .await;
    let runner = Runner::new(suite, &mock_target(&m), everything()).expect("runner");
    let case = |name: &str| {
        runner
            .suite
            .cases
            .iter()
            .find(|c| c.id() == format!("fortiauthenticator/walks/{name}"))
            .expect("case")
    };

    // The first walk fetches the reference (3 pages); the second sends nothing.
    let before = m.requests();
    let pass = runner.run_case_report(case("absent_uri_passes")).await;
    assert!(matches!(pass.verdict, Verdict::Pass), "{:?}", pass.verdict);
    assert_eq!(
        m.requests() - before,
        3,
        "the reference: three pages of 1000"
    );
    let fail = runner
        .run_case_report(case("listed_uri_fails_on_its_page"))
        .await;
    assert_eq!(fail.requests, 0, "answered from the reference");
    let Verdict::Fail(f) = fail.verdict else {
        panic!("a listed uri must fail: {:?}", fail.verdict);
    };
    let on_page_3 = f.findings().find(|x| {
        x.page.as_ref().is_some_and(|p| {
            p.number == 3
                && p.request == "/api/v1/fortitokens/?format=json&limit=1000 and on by next"
        }) && x.at == "/objects/500/resource_uri"
    });
    assert!(
        on_page_3.is_some_and(|x| x.actual.contains("2501")),
        "{f:?}"
    );
    m.shutdown().await;
}
