//! The run as the reports need it, collected from the event stream: a
//! `TrialRecord` per case that finished (its verdict, time, requests and
//! bytes counted from its events, its exchanges), the requests and bytes of
//! the whole run and those outside any case, the known deviations met, and
//! what the cases' own cleanups left behind. The summary and the JUnit,
//! JSON and HTML writers are written from what it holds, and from nothing
//! else.

use std::collections::{BTreeMap, BTreeSet};

use super::event::{CaseKey, Cleaned, Event, Listener, Sighting};
use super::{TrialRecord, Verdict};
use crate::lock::Lock;

/// A `Listener` that keeps what the reports need.
#[derive(Default)]
pub struct Collector {
    state: Lock<State>,
}

#[derive(Default)]
struct State {
    /// Cases started and not finished.
    open: BTreeMap<CaseKey, TrialRecord>,
    done: Vec<TrialRecord>,
    requests: u64,
    bytes: u64,
    /// Known deviation id -> the cases that met it.
    deviations: BTreeMap<String, BTreeSet<String>>,
    /// Known deviation id -> the first case that met it and where.
    sightings: BTreeMap<String, (String, Sighting)>,
    /// `LEFT BEHIND` and `NOT CHECKED` lines of the cases' own cleanups.
    left_behind: Vec<String>,
}

impl Listener for Collector {
    fn event(&self, event: &Event) {
        let mut s = self.state.lock();
        match event {
            Event::CaseStarted { key, case } => {
                s.open
                    .insert(*key, TrialRecord::new(case.clone(), Verdict::Pass));
            }
            Event::RequestSent { case } => {
                s.requests += 1;
                if let Some(r) = case.and_then(|k| s.open.get_mut(&k)) {
                    r.requests += 1;
                }
            }
            Event::BytesReceived { case, bytes } => {
                s.bytes += bytes;
                if let Some(r) = case.and_then(|k| s.open.get_mut(&k)) {
                    r.bytes += bytes;
                }
            }
            Event::ExchangeRecorded { case, record } => {
                if let Some(r) = s.open.get_mut(case) {
                    r.exchanges.push(record.clone());
                }
            }
            Event::DeviationMet { case, id, seen } => {
                s.deviations
                    .entry(id.clone())
                    .or_default()
                    .insert(case.clone());
                s.sightings
                    .entry(id.clone())
                    .or_insert_with(|| (case.clone(), seen.clone()));
            }
            Event::Cleanup {
                case: Some(_),
                line,
                outcome: Cleaned::LeftBehind | Cleaned::NotChecked,
            } => s.left_behind.push(line.clone()),
            Event::CaseFinished {
                key,
                verdict,
                duration,
                changes,
            } => {
                if let Some(mut r) = s.open.remove(key) {
                    r.verdict = verdict.clone();
                    r.duration = *duration;
                    r.changes = changes.clone();
                    s.done.push(r);
                }
            }
            Event::Cleanup { .. } | Event::Finding { .. } => {}
        }
    }
}

impl Collector {
    /// The cases that finished, by name, their exchanges scrubbed once more
    /// with `scrub` (every secret the run knows by now).
    pub fn records(&self, scrub: &dyn Fn(&str) -> String) -> Vec<TrialRecord> {
        let mut records = self.state.lock().done.clone();
        for r in &mut records {
            r.exchanges.rescrub(scrub);
        }
        records.sort_by(|a, b| a.case.name.cmp(&b.case.name));
        records
    }

    /// Requests the run sent (every attempt) and body bytes received.
    pub fn requests(&self) -> (u64, u64) {
        let s = self.state.lock();
        (s.requests, s.bytes)
    }

    /// The first sighting of each known deviation met: the case, and where
    /// in its answer and what the target sent.
    pub fn sightings(&self) -> BTreeMap<String, (String, Sighting)> {
        self.state.lock().sightings.clone()
    }

    /// The known deviations met, each with the cases that met it.
    pub fn deviations(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.state.lock().deviations.clone()
    }

    /// What the cases' own cleanups left behind or could not check, one
    /// line each.
    pub fn left_behind(&self) -> Vec<String> {
        self.state.lock().left_behind.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{case, failed};
    use std::time::Duration;

    #[test]
    fn records_and_counts_come_from_the_events() {
        let c = Collector::default();
        let (a, b) = (CaseKey(1), CaseKey(2));
        c.event(&Event::RequestSent { case: None });
        c.event(&Event::CaseStarted {
            key: b,
            case: case("p/e/b"),
        });
        c.event(&Event::CaseStarted {
            key: a,
            case: case("p/e/a"),
        });
        for k in [a, b, b] {
            c.event(&Event::RequestSent { case: Some(k) });
            c.event(&Event::BytesReceived {
                case: Some(k),
                bytes: 10,
            });
        }
        c.event(&Event::DeviationMet {
            case: "p/e/b".into(),
            id: "dev".into(),
            seen: Sighting {
                at: "/objects/0/x".into(),
                value: "\"N/A\"".into(),
                request: "GET /x".into(),
                exchange: Some(1),
            },
        });
        for (case, line, outcome) in [
            (Some(b), "LEFT BEHIND x", Cleaned::LeftBehind),
            (Some(a), "cleaned up z", Cleaned::Done),
            (Some(a), "NOT CHECKED w", Cleaned::NotChecked),
            (None, "LEFT BEHIND y", Cleaned::LeftBehind),
        ] {
            c.event(&Event::Cleanup {
                case,
                line: line.into(),
                outcome,
            });
        }
        let finish = |key, verdict| Event::CaseFinished {
            key,
            verdict,
            duration: Duration::from_millis(5),
            changes: None,
        };
        c.event(&finish(b, failed(&[("/x", "1", "2")])));
        c.event(&finish(a, Verdict::Pass));
        let records = c.records(&|t: &str| t.to_string());
        let names: Vec<&str> = records.iter().map(TrialRecord::name).collect();
        assert_eq!(names, ["p/e/a", "p/e/b"]);
        assert_eq!((records[0].requests, records[1].requests), (1, 2));
        assert_eq!(records[1].bytes, 20);
        assert!(matches!(records[1].verdict, Verdict::Fail(_)));
        assert_eq!(c.requests(), (4, 30));
        assert_eq!(c.deviations()["dev"], BTreeSet::from(["p/e/b".to_string()]));
        assert_eq!(
            format!("{}", c.sightings()["dev"].1),
            "\"N/A\" at /objects/0/x in exchange 2 (GET /x)"
        );
        assert_eq!(c.left_behind(), ["LEFT BEHIND x", "NOT CHECKED w"]);
    }
}
