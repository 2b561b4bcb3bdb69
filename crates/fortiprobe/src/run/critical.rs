//! The run's critical path: the longest chain of cases that had to follow
//! one another under the run's locks (`locks`), each a chain of requests
//! (a case sends one at a time), measured by each case's time under its
//! lock. No number of cases at once makes a run shorter than it: the
//! distance between a run's wall time and it is what more concurrency
//! could still win, the rest is the target's answer time.

use std::collections::BTreeMap;
use std::time::Duration;

pub use crate::report::CriticalPath;
use crate::suite::Product;

/// One case that ran: its id, its lock, its time under it, its requests.
pub struct Ran {
    pub id: String,
    pub product: Product,
    pub exclusive: bool,
    pub took: Duration,
    pub requests: u64,
}

/// The critical path of the cases that ran, in `order` (the order a run
/// takes them, which is the order their locks were granted in). A case
/// waits for the last exclusive case of its product before it; an
/// exclusive case also for every case of its product since that one. The
/// products' slots are left out: this is the bound with any number at once.
pub fn critical_path(order: &[Ran]) -> CriticalPath {
    // Per product: when the last exclusive holder ends (and which case it
    // is), and when the last of the shared holders since then ends.
    #[derive(Clone, Copy, Default)]
    struct Queue {
        written: End,
        read: End,
    }
    let mut queues: BTreeMap<Product, Queue> = BTreeMap::new();
    // Each case's end and the case it waited for last.
    let mut ends: Vec<End> = Vec::new();
    for (i, ran) in order.iter().enumerate() {
        let q = queues.entry(ran.product).or_default();
        let mut start = q.written;
        if ran.exclusive {
            start = later(start, q.read);
        }
        let end = End {
            at: start.at + ran.took,
            case: Some(i),
        };
        if ran.exclusive {
            *q = Queue {
                written: end,
                read: end,
            };
        } else {
            q.read = later(q.read, end);
        }
        ends.push(End {
            at: end.at,
            case: start.case,
        });
    }
    let Some(last) = (0..ends.len()).max_by_key(|&i| ends[i].at) else {
        return CriticalPath::default();
    };
    let mut chain = vec![last];
    while let Some(before) = chain.last().and_then(|&i| ends[i].case) {
        chain.push(before);
    }
    chain.reverse();
    CriticalPath {
        duration: ends[last].at,
        requests: chain.iter().map(|&i| order[i].requests).sum(),
        cases: chain.iter().map(|&i| order[i].id.clone()).collect(),
    }
}

/// When a case ends and which case it is (`ends`: which it waited for).
#[derive(Clone, Copy, Default)]
struct End {
    at: Duration,
    case: Option<usize>,
}

fn later(a: End, b: End) -> End {
    if b.at > a.at {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ran(id: &str, product: Product, exclusive: bool, ms: u64) -> Ran {
        Ran {
            id: id.into(),
            product,
            exclusive,
            took: Duration::from_millis(ms),
            requests: ms / 10,
        }
    }

    const FAC: Product = Product::Fortiauthenticator;
    const FPC: Product = Product::Fortiportal;

    #[test]
    fn readers_overlap_a_writer_waits_for_them_and_readers_after_wait_for_it() {
        let path = critical_path(&[
            ran("walk", FAC, false, 400),
            ran("filter", FAC, false, 100),
            ran("create", FAC, true, 200),
            ran("list", FAC, false, 50),
            ran("list-2", FAC, false, 30),
        ]);
        // walk (400) then create (200) then list (50).
        assert_eq!(path.duration, Duration::from_millis(650));
        assert_eq!(path.cases, ["walk", "create", "list"]);
        assert_eq!(path.requests, 40 + 20 + 5);
    }

    #[test]
    fn products_do_not_wait_for_each_other() {
        let path = critical_path(&[
            ran("fac-walk", FAC, false, 300),
            ran("login-1", FPC, true, 100),
            ran("login-2", FPC, true, 100),
            ran("login-3", FPC, true, 150),
            ran("fac-create", FAC, true, 20),
        ]);
        assert_eq!(path.duration, Duration::from_millis(350));
        assert_eq!(path.cases, ["login-1", "login-2", "login-3"]);
        assert_eq!(critical_path(&[]), CriticalPath::default());
    }
}
