//! The run's two bounds. The critical path: the longest chain of cases
//! that had to follow one another under the run's locks (`locks`: a case
//! waits for every earlier case whose footprint conflicts with its own),
//! each a chain of requests (a case sends one at a time), measured by each
//! case's time under its lock. The capacity bound: the time the cases of
//! one product held its slots, divided by the slots (its requests over the
//! requests in flight at once, times the mean time one took); the busiest
//! product's, or the run's under `--test-threads`. No order of the cases
//! makes a run shorter than the larger of the two: the distance between a
//! run's wall time and it is what a better schedule could still win, and
//! which of the two is larger says what would shorten the run (finer locks
//! and shorter chains, or fewer requests and more at once).

use std::collections::BTreeMap;
use std::time::Duration;

use super::locks::Slots;
pub use crate::report::{Capacity, CriticalPath};
use crate::suite::touch::{Access, Footprint};
use crate::suite::Product;

/// One case that ran: its id, what it locked, its time under it, its
/// requests.
pub struct Ran {
    pub id: String,
    pub footprint: Footprint,
    pub took: Duration,
    pub requests: u64,
}

/// The critical path of the cases that ran, in `order` (the order a run
/// takes them, which is the order their locks were granted in), with the
/// capacity bound of `slots`. A case starts when the last earlier case
/// whose footprint conflicts with its own has ended. The products' slots
/// are left out of the path: it is the bound with any number at once.
pub fn critical_path(order: &[Ran], slots: &Slots) -> CriticalPath {
    // Each case's end and the case it waited for last.
    let mut ends: Vec<End> = Vec::new();
    let mut queues: BTreeMap<Product, Queue> = BTreeMap::new();
    for (i, ran) in order.iter().enumerate() {
        let q = queues.entry(ran.footprint.product).or_default();
        let start = q.start(&ran.footprint);
        let end = End {
            at: start.at + ran.took,
            case: Some(i),
        };
        q.join(&ran.footprint, end);
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
        capacity: capacity(order, slots),
    }
}

/// The capacity bound (module doc).
fn capacity(order: &[Ran], slots: &Slots) -> Capacity {
    let mut busy: BTreeMap<Product, (Duration, u64)> = BTreeMap::new();
    for ran in order {
        let b = busy.entry(ran.footprint.product).or_default();
        b.0 += ran.took;
        b.1 += ran.requests;
    }
    let mut best = Capacity::default();
    for (product, (took, requests)) in &busy {
        let n = slots.per_product.get(product).copied().unwrap_or(1).max(1);
        let duration = *took / n as u32;
        if duration > best.duration {
            best = Capacity {
                duration,
                product: Some(product.key().to_string()),
                requests: *requests,
                slots: n,
            };
        }
    }
    if let Some(n) = slots.total {
        let n = n.max(1);
        let took: Duration = busy.values().map(|b| b.0).sum();
        let duration = took / n as u32;
        if duration > best.duration {
            best = Capacity {
                duration,
                product: None,
                requests: busy.values().map(|b| b.1).sum(),
                slots: n,
            };
        }
    }
    best
}

/// When the holders of one listing (or of the whole product) end: the
/// last writer, and the latest reader and owner (a case on its own
/// objects) since.
#[derive(Clone, Copy, Default)]
struct Holders {
    written: End,
    read: End,
    owned: End,
}

impl Holders {
    fn start(&self, access: Access) -> End {
        match access {
            Access::Write => later(later(self.written, self.read), self.owned),
            Access::Read => later(self.written, self.owned),
            Access::Own => later(self.written, self.read),
        }
    }

    fn join(&mut self, access: Access, end: End) {
        match access {
            Access::Write => {
                *self = Holders {
                    written: end,
                    read: end,
                    owned: end,
                }
            }
            Access::Read => self.read = later(self.read, end),
            Access::Own => self.owned = later(self.owned, end),
        }
    }
}

/// One product's holders, as `locks::Queue` keeps them: the whole
/// product's, each listing's, and the latest end of the cases on listings
/// (all, and those that write) since the last writer of the whole product.
#[derive(Default)]
struct Queue {
    whole: Holders,
    listings: BTreeMap<String, Holders>,
    on_listings: End,
    writing_listings: End,
}

impl Queue {
    fn start(&self, fp: &Footprint) -> End {
        match fp.whole {
            Some(Access::Write | Access::Own) => {
                later(self.whole.start(Access::Write), self.on_listings)
            }
            Some(Access::Read) => later(self.whole.start(Access::Read), self.writing_listings),
            None => {
                let access = if fp.writes() {
                    Access::Write
                } else {
                    Access::Read
                };
                let mut start = self.whole.start(access);
                for (listing, access) in &fp.listings {
                    if let Some(h) = self.listings.get(listing) {
                        start = later(start, h.start(*access));
                    }
                }
                start
            }
        }
    }

    fn join(&mut self, fp: &Footprint, end: End) {
        match fp.whole {
            Some(Access::Write | Access::Own) => {
                *self = Queue {
                    on_listings: end,
                    writing_listings: end,
                    ..Queue::default()
                };
                self.whole.join(Access::Write, end);
            }
            Some(Access::Read) => self.whole.join(Access::Read, end),
            None => {
                for (listing, access) in &fp.listings {
                    self.listings
                        .entry(listing.clone())
                        .or_default()
                        .join(*access, end);
                }
                self.on_listings = later(self.on_listings, end);
                if fp.writes() {
                    self.writing_listings = later(self.writing_listings, end);
                }
            }
        }
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

    const FAC: Product = Product::Fortiauthenticator;
    const FPC: Product = Product::Fortiportal;

    fn on(product: Product, whole: Option<Access>, listings: &[(&str, Access)]) -> Footprint {
        Footprint {
            product,
            whole,
            listings: listings.iter().map(|(l, a)| (l.to_string(), *a)).collect(),
        }
    }

    fn ran(id: &str, footprint: Footprint, ms: u64) -> Ran {
        Ran {
            id: id.into(),
            footprint,
            took: Duration::from_millis(ms),
            requests: ms / 10,
        }
    }

    fn slots(n: usize) -> Slots {
        Slots {
            per_product: [(FAC, n), (FPC, n)].into(),
            total: None,
        }
    }

    const READ: Access = Access::Read;
    const WRITE: Access = Access::Write;

    #[test]
    fn readers_overlap_a_writer_waits_for_them_and_readers_after_wait_for_it() {
        let tokens = |a| on(FAC, None, &[("/api/v1/fortitokens", a)]);
        let path = critical_path(
            &[
                ran("walk", tokens(READ), 400),
                ran("filter", tokens(READ), 100),
                ran("create", tokens(WRITE), 200),
                ran("list", tokens(READ), 50),
                ran("list-2", tokens(READ), 30),
            ],
            &slots(6),
        );
        // walk (400) then create (200) then list (50).
        assert_eq!(path.duration, Duration::from_millis(650));
        assert_eq!(path.cases, ["walk", "create", "list"]);
        assert_eq!(path.requests, 40 + 20 + 5);
        // 78 requests' time over 6 slots.
        assert_eq!(path.capacity.duration, Duration::from_millis(780 / 6));
        assert_eq!(path.capacity.requests, 78);
    }

    #[test]
    fn writers_of_unrelated_listings_overlap_and_the_whole_product_waits_for_all() {
        let path = critical_path(
            &[
                ran(
                    "users",
                    on(FAC, None, &[("/api/v1/localusers", WRITE)]),
                    300,
                ),
                ran("macs", on(FAC, None, &[("/api/v1/macdevices", WRITE)]), 200),
                ran(
                    "users-read",
                    on(FAC, None, &[("/api/v1/localusers", READ)]),
                    10,
                ),
                ran("auth", on(FAC, Some(WRITE), &[]), 100),
            ],
            &slots(6),
        );
        // users (300) then its reader (10), and the whole product after both.
        assert_eq!(path.duration, Duration::from_millis(410));
        assert_eq!(path.cases, ["users", "users-read", "auth"]);
    }

    #[test]
    fn cases_on_their_own_objects_overlap_a_reader_and_a_writer_wait_for_them() {
        const OWN: Access = Access::Own;
        let groups = |a| on(FAC, None, &[("/api/v1/usergroups", a)]);
        let path = critical_path(
            &[
                ran("own-1", groups(OWN), 300),
                ran("own-2", groups(OWN), 200),
                ran("walk", groups(READ), 100),
                ran("own-3", groups(OWN), 50),
                ran("count", groups(WRITE), 40),
            ],
            &slots(6),
        );
        // own-1 and own-2 overlap; the walk waits for both, own-3 for the
        // walk, the counting writer for own-3.
        assert_eq!(path.duration, Duration::from_millis(300 + 100 + 50 + 40));
        assert_eq!(path.cases, ["own-1", "walk", "own-3", "count"]);
    }

    #[test]
    fn products_do_not_wait_for_each_other() {
        let whole = |p| on(p, Some(WRITE), &[]);
        let path = critical_path(
            &[
                ran(
                    "fac-walk",
                    on(FAC, None, &[("/api/v1/fortitokens", READ)]),
                    300,
                ),
                ran("login-1", whole(FPC), 100),
                ran("login-2", whole(FPC), 100),
                ran("login-3", whole(FPC), 150),
                ran(
                    "fac-create",
                    on(FAC, None, &[("/api/v1/usergroups", WRITE)]),
                    20,
                ),
            ],
            &slots(6),
        );
        assert_eq!(path.duration, Duration::from_millis(350));
        assert_eq!(path.cases, ["login-1", "login-2", "login-3"]);
        assert_eq!(critical_path(&[], &slots(6)), CriticalPath::default());
    }

    #[test]
    fn the_capacity_bound_is_the_busiest_product_s_or_the_run_s() {
        let order = [
            ran("a", on(FAC, None, &[("/api/v1/fortitokens", READ)]), 600),
            ran("b", on(FAC, None, &[("/api/v1/localusers", READ)]), 600),
            ran("c", on(FPC, Some(WRITE), &[]), 300),
        ];
        let by_product = critical_path(&order, &slots(2)).capacity;
        assert_eq!(by_product.duration, Duration::from_millis(600));
        assert_eq!(by_product.product.as_deref(), Some("fortiauthenticator"));
        assert_eq!((by_product.requests, by_product.slots), (120, 2));
        let total = Slots {
            total: Some(1),
            ..slots(2)
        };
        let all = critical_path(&order, &total).capacity;
        assert_eq!(all.duration, Duration::from_millis(1500));
        assert_eq!((all.product, all.requests, all.slots), (None, 150, 1));
    }
}
