//! What one case runs with: the run's parts (the `Runner`), the case, its
//! product's session, and its tap on the event stream. Steps, walks,
//! judgements and baseline records are methods of it, so each knows its
//! case without looking it up, and every request it sends names its part
//! of the case and its observer.

use super::tap::Tap;
use super::{ProductRun, Runner};
use crate::client::observe::Part;
use crate::suite::case::Auth;
use crate::suite::Case;

pub(crate) struct Context<'a> {
    pub(crate) runner: &'a Runner,
    pub(crate) case: &'a Case,
    pub(crate) run: &'a ProductRun,
    pub(crate) tap: &'a Tap<'a>,
}

impl Context<'_> {
    /// What a request of the part `label` of the case, sent with `auth`, is sent for.
    pub(crate) fn part<'b>(&'b self, label: &'b str, auth: Auth) -> Part<'b> {
        Part {
            label,
            auth,
            observer: self.tap,
        }
    }
}
