//! Which pages a sampled walk fetches. The first `edge` pages and the
//! last `edge` (and one past them, where the listing must end) are always
//! fetched; between them, `windows` runs of `window` consecutive pages sit
//! at equal spacing around the middle of the listing, turned by a phase
//! drawn from the run's seed. Every middle page is in a window for exactly
//! `windows × window` of the `middle` possible phases, so a run fetches it
//! with probability `q = windows × window / middle` whatever its place, and
//! runs with different seeds visit every page in the end (`runs_to_cover`).
//! A window that would run past the middle's end goes on at its start.

/// One run of consecutive pages: (index of its first page, pages).
pub type Span = (u64, u64);

/// How a sample is laid out: pages at each end, and the windows between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub edge: u64,
    pub windows: u64,
    pub window: u64,
}

impl Layout {
    /// The most pages the sample fetches: both ends and every window.
    pub fn pages(&self) -> u64 {
        self.edge * 2 + self.windows * self.window
    }

    /// The middle windows of a listing of `pages` pages (0-based page
    /// indexes, in order), turned by `seed`; `None` when the listing is no
    /// longer than the sample (every page is fetched).
    pub fn middle(&self, pages: u64, seed: u64) -> Option<Vec<Span>> {
        if pages <= self.pages() {
            return None;
        }
        let middle = pages - 2 * self.edge;
        let phase = seed % middle;
        let mut spans = Vec::new();
        for i in 0..self.windows {
            let start = (phase + middle * i / self.windows.max(1)) % middle;
            let first = self.window.min(middle - start);
            spans.push((self.edge + start, first));
            if first < self.window {
                spans.push((self.edge, self.window - first));
            }
        }
        spans.sort_unstable();
        Some(merged(spans))
    }
}

/// Spans in order with the touching ones joined.
fn merged(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (start, len) in spans {
        match out.last_mut() {
            Some((s, l)) if *s + *l >= start => *l = (*l).max(start + len - *s),
            _ => out.push((start, len)),
        }
    }
    out
}

/// The chance that one run fetches a given middle page of a listing of
/// `pages` pages (1 when the sample walks every page).
pub fn chance(layout: Layout, pages: u64) -> f64 {
    if pages <= layout.pages() {
        return 1.0;
    }
    let middle = pages - 2 * layout.edge;
    ((layout.windows * layout.window) as f64 / middle as f64).min(1.0)
}

/// How many runs, each with its own seed, fetch every page of a listing
/// of `pages` pages with probability at least `p` (a union bound over the
/// middle pages: `middle × (1 − q)^runs ≤ 1 − p`).
pub fn runs_to_cover(layout: Layout, pages: u64, p: f64) -> u64 {
    let q = chance(layout, pages);
    if q >= 1.0 {
        return 1;
    }
    let middle = (pages - 2 * layout.edge) as f64;
    let runs = (((1.0 - p) / middle).ln() / (1.0 - q).ln()).ceil();
    (runs as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Layout = Layout {
        edge: 5,
        windows: 3,
        window: 3,
    };

    fn covered(spans: &[Span]) -> Vec<u64> {
        spans.iter().flat_map(|&(s, l)| s..s + l).collect()
    }

    #[test]
    fn windows_stay_in_the_middle_and_never_overlap() {
        for pages in [20, 21, 60, 714, 5000] {
            for seed in 0..200 {
                let spans = SMALL.middle(pages, seed).expect("sampled");
                let pages_of = covered(&spans);
                assert_eq!(pages_of.len() as u64, 9, "{pages} {seed}: {spans:?}");
                let mut sorted = pages_of.clone();
                sorted.dedup();
                assert_eq!(sorted, pages_of, "in order, no page twice");
                assert!(pages_of.iter().all(|&p| (5..pages - 5).contains(&p)));
            }
        }
        assert_eq!(
            SMALL.middle(19, 3),
            None,
            "a listing no longer than the sample"
        );
    }

    #[test]
    fn every_middle_page_is_fetched_for_the_same_share_of_seeds() {
        let pages = 60;
        let middle = pages - 10;
        let mut times = vec![0u64; pages as usize];
        for seed in 0..middle {
            for p in covered(&SMALL.middle(pages, seed).expect("sampled")) {
                times[p as usize] += 1;
            }
        }
        // Each middle page, for 9 of the 50 phases: q = 9/50.
        assert!(times[5..55].iter().all(|&t| t == 9), "{times:?}");
        assert!((chance(SMALL, pages) - 9.0 / 50.0).abs() < 1e-12);
    }

    #[test]
    fn the_runs_that_cover_a_listing_follow_from_the_chance() {
        assert_eq!(runs_to_cover(SMALL, 19, 0.99), 1);
        // 60 tokens at limit 1: 50 middle pages, q = 0.18.
        let r = runs_to_cover(SMALL, 60, 0.99);
        let miss = 50.0 * (1.0_f64 - 0.18).powi(r as i32);
        assert!(miss <= 0.01, "{r} runs leave {miss}");
        let fewer = 50.0 * (1.0_f64 - 0.18).powi(r as i32 - 1);
        assert!(fewer > 0.01, "{} runs would do", r - 1);
        assert_eq!(r, 43);
    }
}
