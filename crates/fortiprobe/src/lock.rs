//! A mutex that cannot poison. A `std::sync::Mutex` whose holder panicked
//! refuses every later `lock()`; code that then skips its work (`if let
//! Ok(..)`) silently loses what it was to record (a known deviation met, a
//! cleanup owed, a secret). The data behind these locks is changed only by
//! whole operations (an insert, a push, a take), so what a panicking
//! holder leaves is consistent: `Lock::lock` takes it over and goes on, and
//! the panic itself is reported where it happened (a trial fails saying
//! fortiprobe panicked).

use std::sync::{Mutex, MutexGuard, PoisonError};

/// A mutex whose `lock` always succeeds.
#[derive(Debug, Default)]
pub struct Lock<T>(Mutex<T>);

impl<T> Lock<T> {
    pub fn new(value: T) -> Lock<T> {
        Lock(Mutex::new(value))
    }

    /// The value, even after a holder panicked.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_holder_loses_nothing_for_the_next() {
        let lock = std::sync::Arc::new(Lock::new(vec![1]));
        let held = std::sync::Arc::clone(&lock);
        let panicked = std::thread::spawn(move || {
            let mut v = held.lock();
            v.push(2);
            panic!("while holding the lock");
        })
        .join();
        assert!(panicked.is_err());
        lock.lock().push(3);
        assert_eq!(*lock.lock(), [1, 2, 3]);
    }
}
