//! What a run leaves on a target when a cleanup cannot do its work (issue
//! 24): a FortiAuthenticator whose every DELETE fails, or hangs. Each
//! provisioning resource the suite creates is then named in a `LEFT
//! BEHIND` line that says what to delete by hand, once, and the report of
//! an interrupted run does not contradict itself.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::hostile::{self, Reply};

/// What the target does with a DELETE.
#[derive(Clone, Copy)]
enum Delete {
    Fails,
    Hangs,
}

/// A FortiAuthenticator that creates whatever is POSTed (201 with a
/// `Location`) and lists nothing, and fails every DELETE, or hangs on
/// every request but a POST; `hung` counts the requests it failed or
/// hung on.
fn provisioning_fac(
    rt: &tokio::runtime::Runtime,
    delete: Delete,
    hung: Arc<AtomicUsize>,
) -> String {
    rt.block_on(hostile::serve(move |req| {
        let first = req.lines().next().unwrap_or_default().to_string();
        let json = |status: &str, body: &str| hostile::http(status, "application/json", body.as_bytes());
        if first.starts_with("GET / ") {
            return json("200 OK", "");
        }
        if first.starts_with("GET /api/v1/ ") || first.starts_with("GET /api/v1/?") {
            return json(
                "200 OK",
                r#"{"fortitokens": {}, "localusers": {}, "usergroups": {}, "localgroup-memberships": {}}"#,
            );
        }
        if first.starts_with("POST /api/v1/") {
            let kind = first.split('/').nth(3).unwrap_or("x").to_string();
            return hostile::http(
                &format!("201 Created\r\nLocation: /api/v1/{kind}/7/"),
                "text/html",
                b"",
            );
        }
        if first.starts_with("DELETE ") || matches!(delete, Delete::Hangs) {
            hung.fetch_add(1, Ordering::SeqCst);
            return match delete {
                Delete::Fails => json("500 Internal Server Error", r#"{"error": "cannot delete"}"#),
                Delete::Hangs => Reply::Hang,
            };
        }
        if first.starts_with("PATCH ") {
            return json("500 Internal Server Error", r#"{"error": "cannot patch"}"#);
        }
        if first.contains("/?") || first.contains("/ ") && first.matches('/').count() <= 5 {
            return json(
                "200 OK",
                r#"{"meta": {"limit": 1000, "next": null, "offset": 0, "previous": null, "total_count": 0}, "objects": []}"#,
            );
        }
        json("404 Not Found", "")
    }))
}

fn target_file(dir: &Path, url: &str, fixtures: &str) -> PathBuf {
    let path = dir.join("target.yaml");
    std::fs::write(
        &path,
        format!("fortiauthenticator:\n  url: {url}\n  username: admin\n  api_key: a-long-api-key-0123\n{fixtures}"),
    )
    .unwrap();
    path
}

fn fortiprobe(target: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fortiprobe"));
    c.args([
        "run",
        "--config",
        target.to_str().unwrap(),
        "--allow-destructive",
    ])
    .args(args)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    c
}

/// Every resource a provisioning case creates, its DELETE refused: one
/// `LEFT BEHIND` line each, naming the case, the object at its URI, and the
/// request that deletes it by hand.
#[test]
fn a_failed_cleanup_names_what_to_delete_by_hand() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let deletes = Arc::new(AtomicUsize::new(0));
    let url = provisioning_fac(&rt, Delete::Fails, Arc::clone(&deletes));
    let dir = tempfile::tempdir().unwrap();
    let target = target_file(dir.path(), &url, "");
    let o = fortiprobe(
        &target,
        &[
            "--exact",
            "fortiauthenticator/localgroup_memberships/create_and_delete_membership",
        ],
    )
    .output()
    .unwrap();
    let _ = o;
    for (case, what) in [
        (
            "fortiauthenticator/localusers/create_get_patch_user",
            vec!["the local user `fortiprobe-create_get_patch_user` at /api/v1/localusers/7/"],
        ),
        (
            "fortiauthenticator/usergroups/create_get_delete_group",
            vec!["the user group"],
        ),
    ] {
        let o = fortiprobe(&target, &["--exact", case]).output().unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(101), "{out}{err}");
        let left: Vec<&str> = err.lines().filter(|l| l.contains("LEFT BEHIND")).collect();
        for w in what {
            assert_eq!(
                left.iter().filter(|l| l.contains(w)).count(),
                1,
                "{case}: {w}\n{err}"
            );
        }
        assert!(
            left.iter().all(|l| l.contains("delete it by hand")),
            "{case}:\n{err}"
        );
    }
}

/// An interruption while a step hangs, then a cleanup DELETE that hangs:
/// the report says the cleanup is still under way (not that nothing is
/// left), and the `LEFT BEHIND` line comes once, when the DELETE has
/// timed out.
#[test]
fn an_interrupted_run_reports_a_hanging_cleanup_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let hung = Arc::new(AtomicUsize::new(0));
    let url = provisioning_fac(&rt, Delete::Hangs, Arc::clone(&hung));
    let dir = tempfile::tempdir().unwrap();
    let target = target_file(dir.path(), &url, "");
    let child = fortiprobe(
        &target,
        &[
            "--timeout",
            "3",
            "--exact",
            "fortiauthenticator/usergroups/create_get_delete_group",
        ],
    )
    .spawn()
    .unwrap();
    let started = Instant::now();
    while hung.load(Ordering::SeqCst) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no request hung"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(!err.contains("nothing left to clean up"), "{err}");
    assert!(
        err.contains(
            "still cleaning up after itself: fortiauthenticator/usergroups/create_get_delete_group"
        ),
        "{err}"
    );
    assert_eq!(err.matches("LEFT BEHIND").count(), 1, "{err}");
    assert!(err.contains("LEFT BEHIND fortiauthenticator/usergroups/create_get_delete_group: DELETE /api/v1/usergroups/7/"), "{err}");
    // The lookup for a group left by its name timed out too: not checked.
    assert!(err.contains("NOT CHECKED fortiauthenticator/usergroups/create_get_delete_group: GET /api/v1/usergroups/"), "{err}");
}
