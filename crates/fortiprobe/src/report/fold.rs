//! A step's findings as people read them: a finding repeated over the pages
//! of a walk (the same field, expectation and value) is one line with the
//! pages it was seen on, and the findings of the pages a walk reached
//! through a wrong `next` link are grouped under the finding about that
//! link, since the walk only saw those pages because it followed it. No
//! finding is dropped: a group counts and holds every one. Every writer
//! (text, HTML, JSON) shows the same grouping.

use crate::check::Finding;

use super::outcome::StepReport;

/// One line of a step's findings: a finding, the other findings equal to
/// it on other pages or exchanges, and the findings that follow from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// Every occurrence, the first first (one for a finding seen once).
    pub seen: Vec<&'a Finding>,
    /// The findings on the pages the walk reached through this finding's
    /// link (a `next` that lost the filter, skipped, pointed past the end),
    /// folded the same way; empty for most findings.
    pub following: Vec<Line<'a>>,
}

impl<'a> Line<'a> {
    /// The first occurrence.
    pub fn finding(&self) -> &'a Finding {
        self.seen[0]
    }

    /// Findings this line stands for, with those that follow from it.
    pub fn count(&self) -> usize {
        self.seen.len() + self.following.iter().map(Line::count).sum::<usize>()
    }

    /// What was found, without where: `/meta/total_count: expected 32, got
    /// 60` for a repeated finding, the whole finding for a single one.
    pub fn text(&self) -> String {
        let f = self.finding();
        if self.seen.len() == 1 {
            return f.to_string();
        }
        let pages: Vec<usize> = self
            .seen
            .iter()
            .filter_map(|s| s.page.as_ref().map(|p| p.number))
            .collect();
        let place = if pages.len() == self.seen.len() {
            format!("on {} pages ({})", pages.len(), ranges(&pages))
        } else {
            format!("{} times", self.seen.len())
        };
        format!(
            "at {}: expected {}, got {}, {place}",
            f.at, f.expected, f.actual
        )
    }

    /// The exchanges (their `number`) the occurrences were judged on.
    pub fn exchanges(&self) -> Vec<usize> {
        let mut n: Vec<usize> = self.seen.iter().filter_map(|f| f.exchange).collect();
        n.dedup();
        n
    }
}

/// `2-12, 14, 17-18` of sorted numbers.
pub fn ranges(numbers: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        out.push(if j == i {
            numbers[i].to_string()
        } else {
            format!("{}-{}", numbers[i], numbers[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// Whether the walk went on through a link this finding says is wrong: a
/// `next` of a page that was a link (a quoted path), not null or absent.
fn leads_the_walk(f: &Finding) -> bool {
    f.at == "/meta/next" && f.page.is_some() && f.actual.starts_with('"')
}

/// For each finding of `step`, the index of the finding it follows from:
/// the first finding about a wrong `next` link of page p, for every later
/// finding on a page after p.
pub fn follows(step: &StepReport) -> Vec<Option<usize>> {
    let root = step
        .findings
        .iter()
        .enumerate()
        .find(|(_, f)| leads_the_walk(f))
        .and_then(|(i, f)| f.page.as_ref().map(|p| (i, p.number)));
    step.findings
        .iter()
        .enumerate()
        .map(|(i, f)| match (root, &f.page) {
            (Some((r, p)), Some(on)) if i > r && on.number > p => Some(r),
            _ => None,
        })
        .collect()
}

/// The findings of `step` as lines: repeats folded, consequences grouped
/// under their cause, in the order first seen.
pub fn lines(step: &StepReport) -> Vec<Line<'_>> {
    let follows = follows(step);
    let top: Vec<&Finding> = step
        .findings
        .iter()
        .zip(&follows)
        .filter(|(_, f)| f.is_none())
        .map(|(x, _)| x)
        .collect();
    let mut out = folded(&top);
    for line in &mut out {
        let root = line.finding();
        let under: Vec<&Finding> = step
            .findings
            .iter()
            .zip(&follows)
            .filter(|(_, f)| f.is_some_and(|r| std::ptr::eq(&step.findings[r], root)))
            .map(|(x, _)| x)
            .collect();
        line.following = folded(&under);
    }
    out
}

/// Findings with the same place (`at`), expectation and value as one line.
fn folded<'a>(findings: &[&'a Finding]) -> Vec<Line<'a>> {
    let mut out: Vec<Line<'a>> = Vec::new();
    for f in findings {
        let same = out.iter_mut().find(|l| {
            let g = l.finding();
            g.at == f.at && g.expected == f.expected && g.actual == f.actual
        });
        match same {
            Some(l) => l.seen.push(f),
            None => out.push(Line {
                seen: vec![f],
                following: Vec::new(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk() -> StepReport {
        let mut s = StepReport::new("check pagination", "GET /x?status=a&limit=2 and on");
        s.add(Finding::new("/objects/0/type", "a string", "5").on_page(1, "/x?status=a"));
        s.add(
            Finding::new(
                "/meta/next",
                "a link that keeps status=a",
                "\"/x?offset=2\"",
            )
            .on_page(1, "/x?status=a"),
        );
        for p in 2..=12 {
            s.add(
                Finding::new("/meta/total_count", "32", "60").on_page(p, format!("/x?offset={p}")),
            );
        }
        s.add(
            Finding::new("/meta/next", "null: the last page", "\"/x?offset=26\"")
                .on_page(13, "/x?offset=26"),
        );
        s.add(Finding::new(
            "/objects",
            "every matching object once",
            "4 missing",
        ));
        s
    }

    #[test]
    fn pages_reached_through_a_wrong_link_group_under_it_and_repeats_fold() {
        let step = walk();
        let f = follows(&step);
        assert_eq!(f[0], None, "a finding on the same page is its own");
        assert_eq!(f[1], None);
        assert!(f[2..13].iter().all(|x| *x == Some(1)), "{f:?}");
        assert_eq!(f[14], None, "a finding of no page stays on its own");
        let lines = lines(&step);
        assert_eq!(lines.len(), 3, "{lines:#?}");
        let cause = &lines[1];
        assert_eq!(cause.seen.len(), 1);
        assert_eq!(cause.following.len(), 2);
        assert_eq!(
            cause.following[0].text(),
            "at /meta/total_count: expected 32, got 60, on 11 pages (2-12)"
        );
        assert_eq!(cause.count(), 13);
        let all: usize = lines.iter().map(Line::count).sum();
        assert_eq!(all, step.findings.len(), "no finding is lost");
    }

    #[test]
    fn null_next_leads_nowhere_and_ranges_read_short() {
        let mut s = StepReport::new("check pagination", "GET /x");
        s.add(Finding::new("/meta/next", "a link", "null").on_page(1, "/x"));
        s.add(Finding::new("/meta/total_count", "3", "4").on_page(2, "/x?o=2"));
        assert_eq!(follows(&s), [None, None]);
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
        assert_eq!(ranges(&[]), "");
    }
}
