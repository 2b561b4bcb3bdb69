//! Which cases may overlap, in what order, and how many run at once. Each
//! case has a footprint (`suite::touch::Footprint`): the listings it
//! reads, and, for a case that changes what others see (`Case::exclusive`:
//! it creates or deletes, or has cleanup), the listings it writes, widened
//! by the relations the resource descriptions state (a membership shows in
//! its user's and its group's fields); the whole product where nothing is
//! known (a path the case does not explain, a write to an action or to a
//! listing no description covers, a write carrying a fixture of the target
//! file, every FortiPortal case: an admin has one live token). Two cases
//! of a product may overlap unless one writes what the other reads or
//! writes: readers of a listing share it, and writers of unrelated
//! listings run side by side. Writers of one listing do not overlap each
//! other when one judges the listing as a whole (its `total_count` before
//! and after, "creates nothing" by count); two cases that each keep to
//! objects of their own (`Access::Own`, `suite::own`: they make, name and
//! read only their own objects, and find them by their names under the
//! exact naming filter) overlap, while a reader of the listing waits for
//! both (it compares the whole listing).
//!
//! Locks are granted in the order they are asked for (`issue`, which the
//! run's scheduler calls for each case in the run's order before any case
//! starts; `order`: the destructive cases that take the whole product come
//! after the other destructive ones, still last of all): a case waits only for the cases before it whose footprint
//! conflicts with its own, never for a later one, so the same order gives
//! the same interleaving on every run, and no two cases wait on each
//! other (a wait always points to an earlier ticket, so the waits form no
//! cycle). Once its lock is granted a case takes one of its product's
//! slots (the requests in flight to one target: a case sends one request
//! at a time) and, when the run has one (`--test-threads`), a slot of the
//! run's. Both kinds of slot are only waited for with every lock granted,
//! so a case holding a slot never waits for another case.
//!
//! Each case's time under its lock is kept, so that the run knows its
//! critical path (`run::critical`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

use crate::lock::Lock;
use crate::suite::touch::{Access, Footprint, Relations};
use crate::suite::{Case, Product, Suite};

/// How many cases run at once: per product (its requests in flight), and
/// in all when the run says so.
#[derive(Debug, Clone, Default)]
pub struct Slots {
    pub per_product: BTreeMap<Product, usize>,
    pub total: Option<usize>,
}

/// A ticket's signal, set when it is done.
type Done = watch::Receiver<bool>;

/// The holders of one listing, or of a whole product, asked for so far:
/// the last writer, and the readers and the cases on their own objects
/// asked for since it.
#[derive(Default)]
struct Holders {
    writer: Option<Done>,
    readers: Vec<Done>,
    owners: Vec<Done>,
}

impl Holders {
    /// What a ticket that uses this with `access` waits for: the last
    /// writer; a writer also the readers and owners since, a reader the
    /// owners since, an owner the readers since.
    fn waits(&self, access: Access, out: &mut Vec<Done>) {
        out.extend(self.writer.iter().cloned());
        if access != Access::Own {
            out.extend(self.owners.iter().cloned());
        }
        if access != Access::Read {
            out.extend(self.readers.iter().cloned());
        }
    }

    /// The ticket whose signal is `done` joins, using this with `access`.
    fn join(&mut self, access: Access, done: &Done) {
        let add = |list: &mut Vec<Done>| {
            list.retain(|r| !*r.borrow());
            list.push(done.clone());
        };
        match access {
            Access::Write => {
                self.writer = Some(done.clone());
                self.readers.clear();
                self.owners.clear();
            }
            Access::Read => add(&mut self.readers),
            Access::Own => add(&mut self.owners),
        }
    }
}

/// One product's queue: the holders of the whole product and of each
/// listing, and the tickets on listings since the last writer of the whole
/// product (all of them, and those that write), which a ticket on the
/// whole product waits for.
#[derive(Default)]
struct Queue {
    whole: Holders,
    listings: BTreeMap<String, Holders>,
    on_listings: Vec<Done>,
    writing_listings: Vec<Done>,
}

impl Queue {
    /// What a ticket of footprint `fp` waits for; it joins the queue.
    fn enter(&mut self, fp: &Footprint, done: &Done) -> Vec<Done> {
        let mut wait = Vec::new();
        match fp.whole {
            Some(Access::Write | Access::Own) => {
                self.whole.waits(Access::Write, &mut wait);
                wait.append(&mut self.on_listings);
                self.writing_listings.clear();
                self.listings.clear();
                self.whole.join(Access::Write, done);
            }
            Some(Access::Read) => {
                self.whole.waits(Access::Read, &mut wait);
                self.writing_listings.retain(|r| !*r.borrow());
                wait.extend(self.writing_listings.iter().cloned());
                self.whole.join(Access::Read, done);
            }
            None => {
                let writes = fp.writes();
                let access = if writes { Access::Write } else { Access::Read };
                self.whole.waits(access, &mut wait);
                for (listing, access) in &fp.listings {
                    let holders = self.listings.entry(listing.clone()).or_default();
                    holders.waits(*access, &mut wait);
                    holders.join(*access, done);
                }
                self.on_listings.retain(|r| !*r.borrow());
                self.on_listings.push(done.clone());
                if writes {
                    self.writing_listings.retain(|r| !*r.borrow());
                    self.writing_listings.push(done.clone());
                }
            }
        }
        wait
    }
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
    relations: Relations,
    config: Slots,
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
    pub fn new(slots: &Slots, relations: Relations) -> Locks {
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
            relations,
            config: slots.clone(),
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
        let fp = self.footprint(case);
        let wait = self
            .queues
            .lock()
            .entry(case.product)
            .or_default()
            .enter(&fp, &signal);
        Ticket { wait, done }
    }

    /// `cases` (indexes into `suite`'s cases, in the run's order) in the
    /// order their locks are asked for: the run's, but the destructive
    /// cases that take the whole product after the other destructive
    /// ones, so that they do not split the writers of unrelated listings
    /// into turns (each waits for every case of its product before it,
    /// and every later one for it).
    /// One case at a time in all (`--test-threads 1`, a baseline) keeps
    /// the run's order: nothing overlaps anyway.
    pub fn order(&self, suite: &Suite, cases: &[usize]) -> Vec<usize> {
        if self.config.total == Some(1) {
            return cases.to_vec();
        }
        let whole = |i: &usize| {
            let case = &suite.cases[*i];
            case.spec.destructive && self.footprint(case).whole == Some(Access::Write)
        };
        let (last, first): (Vec<usize>, Vec<usize>) = cases.iter().partition(|i| whole(i));
        first.into_iter().chain(last).collect()
    }

    /// What `case` reads and writes, as the locks see it.
    pub fn footprint(&self, case: &Case) -> Footprint {
        case.footprint(&self.relations)
    }

    /// How many cases run at once, per product and in all.
    pub fn slots(&self) -> &Slots {
        &self.config
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

    fn locks(suite: &Suite, n: usize) -> Locks {
        let slots = Slots {
            per_product: [(Product::Fortiportal, n), (Product::Fortiauthenticator, n)].into(),
            total: None,
        };
        Locks::new(&slots, Relations::of(&suite.descriptions))
    }

    fn case<'a>(suite: &'a Suite, id: &str) -> &'a Case {
        suite.case(id).unwrap_or_else(|| panic!("no case {id}"))
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
        let locks = locks(&suite, 6);
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
    async fn readers_share_a_writer_of_their_listing_waits_for_them_and_readers_after_wait_for_it()
    {
        let suite = suite();
        let walks: Vec<&Case> = suite
            .cases
            .iter()
            .filter(|c| c.endpoint == "localusers" && !c.exclusive())
            .take(3)
            .collect();
        // A membership's write shows in its user: a related listing.
        let writer = case(
            &suite,
            "fortiauthenticator/localgroup_memberships/create_read_update_delete",
        );
        let locks = locks(&suite, 6);
        locks.issue(walks[0]);
        locks.issue(walks[1]);
        locks.issue(writer);
        locks.issue(walks[2]);
        let (a, b) = (locks.hold(walks[0]).await, locks.hold(walks[1]).await);
        let mut w = Box::pin(locks.hold(writer));
        assert!(waits(&mut w).await, "the writer ran beside readers");
        drop((a, b));
        let w = w.await;
        let mut after = Box::pin(locks.hold(walks[2]));
        assert!(
            waits(&mut after).await,
            "a later reader ran beside the writer"
        );
        drop(w);
        drop(after.await);
    }

    #[tokio::test]
    async fn writers_of_unrelated_listings_overlap_and_an_unknown_path_waits_for_them() {
        let suite = suite();
        let macs = case(
            &suite,
            "fortiauthenticator/macdevices/create_read_update_delete",
        );
        let radius = case(
            &suite,
            "fortiauthenticator/radiusclients/create_read_update_delete",
        );
        let walk = case(
            &suite,
            "fortiauthenticator/fortitokens_pagination/walk_limit_7",
        );
        let mut unknown = case(
            &suite,
            "fortiauthenticator/ssogroup/unlisted_methods_are_refused",
        )
        .clone();
        unknown.spec.cleanup[0].request.path = "${nowhere}".into();
        let locks = locks(&suite, 6);
        for c in [macs, radius, &unknown, walk] {
            locks.issue(c);
        }
        let m = locks.hold(macs).await;
        let r = tokio::time::timeout(Duration::from_secs(5), locks.hold(radius))
            .await
            .expect("two unrelated writers did not overlap");
        // Its path is unknown: it takes the whole product, after both,
        // and the token walk (after it) waits for it.
        let mut u = Box::pin(locks.hold(&unknown));
        assert!(waits(&mut u).await, "an unknown path ran beside writers");
        drop((m, r));
        let u = u.await;
        let mut after = Box::pin(locks.hold(walk));
        assert!(
            waits(&mut after).await,
            "a reader ran beside the whole product's writer"
        );
        drop(u);
        drop(after.await);
    }

    #[tokio::test]
    async fn cases_on_their_own_objects_overlap_and_a_reader_or_a_counting_writer_waits() {
        let suite = suite();
        let own_1 = case(
            &suite,
            "fortiauthenticator/usergroups/unlisted_methods_are_refused",
        );
        let own_2 = case(
            &suite,
            "fortiauthenticator/usergroups/create_read_update_delete",
        );
        let reader = suite
            .cases
            .iter()
            .find(|c| c.endpoint == "usergroups" && !c.exclusive())
            .expect("a reader of the user groups");
        let counting = case(
            &suite,
            "fortiauthenticator/usergroups/invalid_without_name_is_400",
        );
        let locks = locks(&suite, 6);
        for c in [own_1, own_2, reader, counting] {
            locks.issue(c);
        }
        let a = locks.hold(own_1).await;
        let b = tokio::time::timeout(Duration::from_secs(5), locks.hold(own_2))
            .await
            .expect("two cases on their own objects did not overlap");
        let mut r = Box::pin(locks.hold(reader));
        assert!(waits(&mut r).await, "a reader ran beside an own writer");
        drop((a, b));
        let r = r.await;
        let mut w = Box::pin(locks.hold(counting));
        assert!(waits(&mut w).await, "a counting writer ran beside a reader");
        drop(r);
        drop(w.await);
    }

    #[tokio::test]
    async fn the_destructive_cases_that_take_the_whole_product_are_asked_last() {
        let suite = suite();
        let locks = locks(&suite, 6);
        let order: Vec<usize> = suite.in_run_order().map(|(i, _)| i).collect();
        let asked = locks.order(&suite, &order);
        assert_eq!(asked.len(), order.len());
        let whole = |i: &usize| {
            let c = &suite.cases[*i];
            c.spec.destructive && locks.footprint(c).whole == Some(Access::Write)
        };
        let first_whole = asked.iter().position(whole).expect("one");
        assert!(asked[first_whole..].iter().all(whole));
        // Destructive cases still come after every other.
        let first_destructive = asked
            .iter()
            .position(|i| suite.cases[*i].spec.destructive)
            .expect("one");
        assert!(asked[first_destructive..]
            .iter()
            .all(|i| suite.cases[*i].spec.destructive));
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
        let locks = locks(&suite, 2);
        let (a, _b) = (locks.hold(readers[0]).await, locks.hold(readers[1]).await);
        let mut third = Box::pin(locks.hold(readers[2]));
        assert!(waits(&mut third).await, "a third case ran with two slots");
        drop(a);
        drop(third.await);
    }
}
