//! The run's event stream as a listener sees it: a case's events in order
//! (started, requests, exchanges numbered from 0, its findings, finished),
//! counts that add up to what the case reports, and findings that name the
//! exchange they were judged on, which the reports keep.

use crate::support::{self, mock_target, start_mock};

use std::sync::{Arc, Mutex};

use fortiprobe::report::{self, Collector, Event, Listener, Verdict};
use fortiprobe::run::{RunOptions, Runner};
use fortiprobe_mock::{faults::Fault, MockOptions};

/// Every event, in the order told.
#[derive(Default)]
struct Tape(Mutex<Vec<Event>>);

impl Listener for Tape {
    fn event(&self, e: &Event) {
        self.0.lock().unwrap().push(e.clone());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_case_tells_its_events_in_order_and_its_findings_name_their_exchange() {
    let m = start_mock(MockOptions {
        faults: [Fault::from_name("fac-next-skips").expect("fault")].into(),
        ..MockOptions::default()
    })
    .await;
    let tape = Arc::new(Tape::default());
    let collector = Arc::new(Collector::default());
    let both: Vec<Arc<dyn Listener>> = vec![tape.clone(), collector.clone()];
    let options = RunOptions {
        exchanges: true,
        ..RunOptions::default()
    };
    let runner = Runner::new(support::suite(), &mock_target(&m), options)
        .expect("runner")
        .listened_by(Arc::new(report::event::Fanout(both)));
    let case = runner
        .suite
        .cases
        .iter()
        .find(|c| c.id() == "fortiauthenticator/fortitokens_pagination/walk_limit_1")
        .expect("case");
    let done = runner.run_case_report(case).await;
    m.shutdown().await;
    let Verdict::Fail(failure) = &done.verdict else {
        panic!("{:?}", done.verdict);
    };
    let events = tape.0.lock().unwrap().clone();
    assert!(
        matches!(events.first(), Some(Event::CaseStarted { case, .. }) if case.name == case_name())
    );
    assert!(matches!(
        events.last(),
        Some(Event::CaseFinished {
            verdict: Verdict::Fail(_),
            ..
        })
    ));
    let sent = events
        .iter()
        .filter(|e| matches!(e, Event::RequestSent { case: Some(_) }))
        .count() as u64;
    assert_eq!(sent, done.requests);
    let numbers: Vec<usize> = events
        .iter()
        .filter_map(|e| match e {
            Event::ExchangeRecorded { record, .. } => Some(record.number),
            _ => None,
        })
        .collect();
    assert_eq!(
        numbers,
        (0..numbers.len()).collect::<Vec<_>>(),
        "numbered in order"
    );
    assert_eq!(
        numbers.len() as u64,
        done.requests,
        "one exchange a request"
    );
    let told: Vec<&fortiprobe::check::Finding> = events
        .iter()
        .filter_map(|e| match e {
            Event::Finding { finding, .. } => Some(finding),
            _ => None,
        })
        .collect();
    let kept: Vec<&fortiprobe::check::Finding> = failure.findings().collect();
    assert_eq!(told, kept, "every finding kept is told");
    // A link finding names the page and the exchange of that page.
    let on_page = kept
        .iter()
        .find(|f| f.at == "/meta/next" && f.page.is_some())
        .expect("a finding on a page");
    let n = on_page.exchange.expect("its exchange");
    let page = on_page.page.as_ref().unwrap();
    let records = collector.records(&|t: &str| t.to_string());
    let exchange = records[0]
        .exchanges
        .iter()
        .find(|x| x.number == n)
        .expect("the exchange is kept");
    assert_eq!(exchange.target, page.request, "{on_page:?}");
    assert_eq!(records[0].requests, done.requests);
}

fn case_name() -> String {
    "fortiauthenticator/fortitokens_pagination/walk_limit_1".into()
}
