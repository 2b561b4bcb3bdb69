//! Which cases may overlap, in what order, and how many run at once. A
//! case that changes what others of its product see (`Case::exclusive`:
//! it creates or deletes, has cleanup, or is a FortiPortal case, where an
//! admin has one live token) runs alone among its product's cases; the
//! others of a product share it. A write to one listing can show in
//! another (a user created with a FortiToken changes the token's status;
//! a membership, its group's and its user's fields), so a writer holds its
//! whole product, not only the listings it requests.
//!
//! Locks are granted in the order they are asked for (`issue`, which the
//! run's scheduler calls for each case in the run's order before any case
//! starts): a case waits for the cases before it that hold what it needs,
//! never for a later one, so the same order gives the same interleaving of
//! readers and writers on every run, and no two cases wait on each other.
//! Once its lock is granted a case takes one of its product's slots (the
//! requests in flight to one target: a case sends one request at a time)
//! and, when the run has one (`--test-threads`), a slot of the run's.
//! Both kinds of slot are only waited for with every lock granted, so a
//! case holding a slot never waits for another case.
//!
//! Each case's time under its lock is kept, so that the run knows its
//! critical path (`run::critical`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

use crate::lock::Lock;
use crate::suite::{Case, Product};

/// How many cases run at once: per product (its requests in flight), and
/// in all when the run says so.
#[derive(Debug, Clone, Default)]
pub struct Slots {
    pub per_product: BTreeMap<Product, usize>,
    pub total: Option<usize>,
}

/// One product's queue: the last exclusive holder asked for, and the
/// shared holders asked for since (each a signal set when it is done).
#[derive(Default)]
struct Queue {
    writer: Option<watch::Receiver<bool>>,
    readers: Vec<watch::Receiver<bool>>,
}

/// A case's place in its product's queue: what it waits for, and the
/// signal that tells the later cases it is done (sent when dropped).
pub struct Ticket {
    wait: Vec<watch::Receiver<bool>>,
    done: watch::Sender<bool>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let _ = self.done.send(true);
    }
}

/// The run's locks and slots, and how long each case held its lock.
pub struct Locks {
    queues: Lock<BTreeMap<Product, Queue>>,
    /// Tickets asked for ahead (by the scheduler), by case.
    issued: Lock<BTreeMap<String, Ticket>>,
    /// Locks granted ahead (`admit`), until the case takes them (`hold`).
    admitted: Lock<BTreeMap<String, Held>>,
    slots: BTreeMap<Product, Arc<Semaphore>>,
    total: Option<Arc<Semaphore>>,
    held: Arc<Lock<BTreeMap<String, Duration>>>,
}

/// A case's lock and slots, held until dropped; its time is kept.
pub struct Held {
    _ticket: Ticket,
    _slots: Vec<OwnedSemaphorePermit>,
    case: String,
    since: Instant,
    log: Arc<Lock<BTreeMap<String, Duration>>>,
}

impl Drop for Held {
    fn drop(&mut self) {
        let took = self.since.elapsed();
        self.log.lock().insert(std::mem::take(&mut self.case), took);
    }
}

impl Locks {
    pub fn new(slots: &Slots) -> Locks {
        let semaphore = |n: usize| Arc::new(Semaphore::new(n.max(1)));
        Locks {
            queues: Lock::default(),
            issued: Lock::default(),
            admitted: Lock::default(),
            slots: slots
                .per_product
                .iter()
                .map(|(p, n)| (*p, semaphore(*n)))
                .collect(),
            total: slots.total.map(semaphore),
            held: Arc::default(),
        }
    }

    /// Puts `case` in its product's queue now, behind every case asked for
    /// before it; its `hold` then waits for those only.
    pub fn issue(&self, case: &Case) {
        let ticket = self.ticket(case);
        self.issued.lock().insert(case.id(), ticket);
    }

    /// Gives up `case`'s place: a lock granted ahead that it did not take
    /// (it was ignored once it could run), or a ticket never waited on. A
    /// ticket is done only once the cases it waits for are: a case behind
    /// it may wait for it alone (a writer waits for the last writer only).
    pub async fn release(&self, case: &Case) {
        let id = case.id();
        let ticket = self.issued.lock().remove(&id);
        let held = self.admitted.lock().remove(&id);
        drop(held);
        if let Some(ticket) = ticket {
            for mut w in ticket.wait.iter().cloned() {
                let _ = w.wait_for(|done| *done).await;
            }
        }
    }

    fn ticket(&self, case: &Case) -> Ticket {
        let (done, signal) = watch::channel(false);
        let mut queues = self.queues.lock();
        let q = queues.entry(case.product).or_default();
        let mut wait: Vec<_> = q.writer.iter().cloned().collect();
        if case.exclusive() {
            wait.append(&mut q.readers);
            q.writer = Some(signal);
        } else {
            q.readers.retain(|r| !*r.borrow());
            q.readers.push(signal);
        }
        Ticket { wait, done }
    }

    /// Waits for `case`'s lock and slots now, and keeps them for its
    /// `hold` (the scheduler: a case is begun once it can run).
    pub async fn admit(&self, case: &Case) {
        let held = self.wait(case).await;
        self.admitted.lock().insert(case.id(), held);
    }

    /// `case`'s lock and slots: those granted ahead (`admit`), or waited
    /// for now (in the order they were asked for: its ticket from
    /// `issue`, or one asked for now).
    pub async fn hold(&self, case: &Case) -> Held {
        let ahead = self.admitted.lock().remove(&case.id());
        match ahead {
            Some(held) => held,
            None => self.wait(case).await,
        }
    }

    async fn wait(&self, case: &Case) -> Held {
        let id = case.id();
        let issued = self.issued.lock().remove(&id);
        let ticket = issued.unwrap_or_else(|| self.ticket(case));
        for mut w in ticket.wait.iter().cloned() {
            // A holder dropped without a word is done as well.
            let _ = w.wait_for(|done| *done).await;
        }
        let mut slots = Vec::new();
        for s in self.slots.get(&case.product).into_iter().chain(&self.total) {
            if let Ok(p) = Arc::clone(s).acquire_owned().await {
                slots.push(p);
            }
        }
        Held {
            _ticket: ticket,
            _slots: slots,
            case: id,
            since: Instant::now(),
            log: Arc::clone(&self.held),
        }
    }

    /// How long each case that ran held its lock.
    pub fn held(&self) -> BTreeMap<String, Duration> {
        self.held.lock().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{Source, Suite};
    use std::time::Duration;

    fn suite() -> Suite {
        Suite::load(Source::Embedded, &[]).expect("suite")
    }

    fn slots(n: usize) -> Slots {
        Slots {
            per_product: [(Product::Fortiportal, n), (Product::Fortiauthenticator, n)].into(),
            total: None,
        }
    }

    /// Whether `f` is still waiting after a while.
    async fn waits<F: std::future::Future>(f: &mut std::pin::Pin<Box<F>>) -> bool {
        tokio::time::timeout(Duration::from_millis(50), f.as_mut())
            .await
            .is_err()
    }

    #[tokio::test]
    async fn a_writer_waits_for_the_writer_before_even_through_a_case_given_up() {
        let suite = suite();
        let fpc: Vec<&Case> = suite
            .cases
            .iter()
            .filter(|c| c.product == Product::Fortiportal)
            .collect();
        assert!(fpc.len() >= 3 && fpc.iter().all(|c| c.exclusive()));
        let locks = Locks::new(&slots(6));
        for c in &fpc[..3] {
            locks.issue(c);
        }
        let first = locks.hold(fpc[0]).await;
        // The second is given up before it waited (ignored): its place is
        // done only once the first is.
        let mut given_up = Box::pin(locks.release(fpc[1]));
        let mut third = Box::pin(locks.hold(fpc[2]));
        assert!(waits(&mut given_up).await);
        assert!(waits(&mut third).await, "the third ran beside the first");
        drop(first);
        given_up.await;
        drop(third.await);
        assert_eq!(locks.held().len(), 2);
    }

    #[tokio::test]
    async fn readers_share_a_writer_waits_for_them_and_readers_after_wait_for_it() {
        let suite = suite();
        let fac = |exclusive: bool| {
            suite.cases.iter().filter(move |c| {
                c.product == Product::Fortiauthenticator && c.exclusive() == exclusive
            })
        };
        let readers: Vec<&Case> = fac(false).take(3).collect();
        let writer = fac(true)
            .next()
            .expect("a FortiAuthenticator case that writes");
        let locks = Locks::new(&slots(6));
        locks.issue(readers[0]);
        locks.issue(readers[1]);
        locks.issue(writer);
        locks.issue(readers[2]);
        let (a, b) = (locks.hold(readers[0]).await, locks.hold(readers[1]).await);
        let mut w = Box::pin(locks.hold(writer));
        assert!(waits(&mut w).await, "the writer ran beside readers");
        drop((a, b));
        let w = w.await;
        let mut after = Box::pin(locks.hold(readers[2]));
        assert!(
            waits(&mut after).await,
            "a later reader ran beside the writer"
        );
        drop(w);
        drop(after.await);
    }

    #[tokio::test]
    async fn a_product_s_slots_bound_its_cases_at_once() {
        let suite = suite();
        let readers: Vec<&Case> = suite
            .cases
            .iter()
            .filter(|c| c.product == Product::Fortiauthenticator && !c.exclusive())
            .take(3)
            .collect();
        let locks = Locks::new(&slots(2));
        let (a, _b) = (locks.hold(readers[0]).await, locks.hold(readers[1]).await);
        let mut third = Box::pin(locks.hold(readers[2]));
        assert!(waits(&mut third).await, "a third case ran with two slots");
        drop(a);
        drop(third.await);
    }
}
