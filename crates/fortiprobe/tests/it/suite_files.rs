//! The suite's own files: every schema conforms to the 2020-12 meta-schema
//! and resolves offline, every case file loads, and broken case files are
//! reported with file, line and a hint, all at once.

use crate::support;

use std::path::Path;

use support::suite_dir;

use fortiprobe::suite::{Source, Suite};

use support::project;

#[test]
fn every_schema_file_conforms_to_the_2020_12_meta_schema() {
    let mut count = 0;
    let mut stack = vec![project().join("schemas")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("schemas/ readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            // Resource descriptions (YAML) give schemas; the suite's load checks them.
            if path.extension().is_some_and(|e| e == "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            let doc: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(
                doc["$schema"],
                "https://json-schema.org/draft/2020-12/schema",
                "{}",
                path.display()
            );
            assert!(doc["$id"].is_string(), "{} has no $id", path.display());
            if let Err(e) = jsonschema::draft202012::meta::validate(&doc) {
                panic!("{} breaks the meta-schema: {e}", path.display());
            }
            count += 1;
        }
    }
    assert!(count >= 14, "only {count} schemas");
}

#[test]
fn the_source_tree_and_the_embedded_copy_agree() {
    let from_dir =
        Suite::load(Source::Dir(project()), &[]).expect("suite loads from the source tree");
    let embedded = support::suite();
    let a: Vec<String> = from_dir.cases.iter().map(|c| c.id()).collect();
    let b: Vec<String> = embedded.cases.iter().map(|c| c.id()).collect();
    assert_eq!(a, b);
}

#[test]
fn every_documented_code_has_a_case() {
    let s = support::suite();
    let ids: Vec<String> = s.cases.iter().map(|c| c.id()).collect();
    for needle in [
        "fortiauthenticator/fortitokens/list_format_json",
        "fortiauthenticator/fortitokens/list_accept_json",
        "fortiauthenticator/fortitokens/no_credentials_is_401",
        "fortiauthenticator/fortitokens/wrong_api_key_is_401",
        "fortiauthenticator/fortitokens_delete/delete_unknown_id_is_rejected",
        "fortitoken_cloud/token_temp/disabled_user_is_400",
        "fortitoken_cloud/token_temp/sms_disallowed_is_400",
        "fortitoken_cloud/token_temp/non_token_user_is_400",
        "fortitoken_cloud/token_temp/invalid_mobile_sms_is_400",
        "fortitoken_cloud/token_temp/invalid_expired_at_is_400",
        "fortitoken_cloud/token_temp/missing_user_id_is_400",
        "fortitoken_cloud/token_temp/unknown_user_is_404",
        "fortitoken_cloud/token_temp/no_bearer_is_401",
        "fortitoken_cloud/login/login_wrong_secret_is_401",
        "fortiportal/tokens/second_login_is_403",
        "fortiportal/tokens/ttl_days_above_max_rejected",
        "fortiportal/tokens/ttl_hours_max_accepted",
        "fortiportal/tokens/login_logout_with_ttl",
    ] {
        assert!(ids.iter().any(|i| i == needle), "no case {needle}");
    }
}

fn load_errors(dir: &Path) -> Vec<String> {
    match Suite::load(Source::Dir(dir), &[]) {
        Ok(_) => vec![],
        Err(e) => e.iter().map(|x| x.to_string()).collect(),
    }
}

#[test]
fn an_empty_cases_folder_is_an_error() {
    let dir = suite_dir("empty", &[]);
    let errors = load_errors(&dir);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("no case found"), "{errors:?}");
}

#[test]
fn broken_case_files_report_every_problem_with_file_and_line() {
    let good_head = "product: fortiportal\nendpoint: e\ncases:\n";
    let a = format!(
        "{good_head}  - name: one\n    summary: s\n    stpes: []\n  - name: two\n    summary: s\n    steps:\n      - request: {{path: /x}}\n        expect: {{status: 200, schema: fortiportal/nope.json}}\n"
    );
    let b = format!(
        "{good_head}  - name: three\n    summary: s\n    steps:\n      - request: {{path: /x, json: {{a: \"${{pasword}}\"}}}}\n        expect: {{status: 200}}\n"
    );
    let c = "product: fortiportl\nendpoint: e\ncases: []\n";
    let d = "product: fortiportal\nendpoint: e\ncases:\n  - name: x\n    summary: [unclosed\n";
    let dir = suite_dir(
        "broken",
        &[("a.yaml", &a), ("b.yaml", &b), ("c.yaml", c), ("d.yaml", d)],
    );
    let errors = load_errors(&dir);
    let all = errors.join("\n");
    assert!(
        all.contains("a.yaml:6:") && all.contains("did you mean `steps`"),
        "{all}"
    );
    assert!(
        all.contains("a.yaml:11:") && all.contains("fortiportal/tokenlogin-request.json"),
        "{all}"
    );
    assert!(
        all.contains("b.yaml:7:") && all.contains("did you mean `password`"),
        "{all}"
    );
    assert!(
        all.contains("c.yaml:1:") && all.contains("fortiportal"),
        "{all}"
    );
    assert!(
        all.contains("d.yaml:") && all.contains("not valid YAML"),
        "{all}"
    );
}

#[test]
fn an_invalid_request_marked_valid_and_a_valid_one_marked_invalid_are_both_caught() {
    // The request schema check runs before sending: see run.rs; here the
    // case loader refuses `invalid` without the schema it breaks.
    let text = "product: fortiportal\nendpoint: e\ncases:\n  - name: x\n    summary: s\n    steps:\n      - request: {path: /x, invalid: because}\n        expect: {status: 400}\n";
    let dir = suite_dir("invalid", &[("a.yaml", text)]);
    let all = load_errors(&dir).join("\n");
    assert!(
        all.contains("a.yaml:7:") && all.contains("needs the `schema`"),
        "{all}"
    );
}

/// The mock is an independent reading of the docs: a crate of its own, it
/// cannot import the suite (Cargo sees to that); it never reads the suite's
/// files and names no case (which cases catch a fault is `catchers.yaml`,
/// on the suite's side).
#[test]
fn the_mock_shares_no_code_with_the_checks() {
    let suite = fortiprobe::suite::Suite::load(fortiprobe::suite::Source::Embedded, &[])
        .expect("the embedded suite loads");
    let case_ids: Vec<String> = suite.cases.iter().map(|c| c.id()).collect();
    let mut stack = vec![project().join("crates/fortiprobe-mock/src")];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("the mock's src readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).expect("read");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                assert!(
                    !(code.contains("\"schemas")
                        || code.contains("\"cases")
                        || code.contains("include_str!")),
                    "{}:{}: the mock reads the suite's files: {line}",
                    path.display(),
                    n + 1
                );
                for name in &case_ids {
                    assert!(
                        !code.contains(name.as_str()),
                        "{}:{}: the mock names the case `{name}`: {line}",
                        path.display(),
                        n + 1
                    );
                }
            }
        }
    }
    assert!(files >= 5);
}

#[test]
fn two_wrong_credential_cases_for_one_configured_user_are_refused_at_load() {
    let case = |name: &str| {
        format!(
            "  - name: {name}\n    summary: \"wrong key\"\n    steps:\n      - request:\n          path: /api/v1/fortitokens/\n          auth: wrong_key\n        expect:\n          status: 401\n"
        )
    };
    let file = format!(
        "product: fortiauthenticator\nendpoint: lockout\ncases:\n{}{}",
        case("first_wrong_key"),
        case("second_wrong_key")
    );
    let dir = suite_dir("lockout", &[("lockout.yaml", &file)]);
    let errors = match Suite::load(Source::Dir(&dir), &[]) {
        Ok(_) => panic!("a second failed attempt with the configured admin must be refused"),
        Err(e) => e,
    };
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(text[0].contains("second_wrong_key"), "{text:?}");
    assert!(text[0].contains("lockout risk"), "{text:?}");
    assert!(text[0].contains("first_wrong_key"), "{text:?}");
}

/// `Suite::load` in a thread, so that a load that blocks (a FIFO read
/// before its type was checked) fails the test instead of hanging it.
fn load_within(dir: &Path, extra: &[&Path]) -> Result<Vec<String>, String> {
    let (dir, extra): (std::path::PathBuf, Vec<std::path::PathBuf>) = (
        dir.to_path_buf(),
        extra.iter().map(|p| p.to_path_buf()).collect(),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let extra: Vec<&Path> = extra.iter().map(|p| p.as_path()).collect();
        let r = match Suite::load(Source::Dir(&dir), &extra) {
            Ok(_) => vec![],
            Err(e) => e.iter().map(|x| x.to_string()).collect(),
        };
        let _ = tx.send(r);
    });
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .map_err(|_| "loading did not finish in 20 s (blocked on a special file?)".to_string())
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A FIFO, a device or a symlink to one, in the suite's folders or in a
/// `--cases` folder, is refused by its type, never read (forever).
#[cfg(unix)]
#[test]
fn special_files_in_case_and_schema_folders_are_refused() {
    let dir = suite_dir("special", &[]);
    let fifo = dir.join("cases").join("pipe.yaml");
    mkfifo(&fifo);
    let errors = load_within(&dir, &[]).expect("no hang");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("pipe.yaml") && e.contains("FIFO")),
        "{errors:?}"
    );

    let dir = suite_dir("special-schema", &[]);
    std::os::unix::fs::symlink("/dev/null", dir.join("schemas").join("null.json"))
        .expect("symlink");
    let errors = load_within(&dir, &[]).expect("no hang");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("null.json") && e.contains("a symlink to a character device")),
        "{errors:?}"
    );

    let extra = std::env::temp_dir().join(format!("fortiprobe-extra-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&extra);
    std::fs::create_dir_all(&extra).expect("mkdir");
    mkfifo(&extra.join("real-pipe"));
    std::os::unix::fs::symlink(extra.join("real-pipe"), extra.join("mine.yaml")).expect("symlink");
    let errors = load_within(project(), &[&extra]).expect("no hang");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("a symlink to a FIFO") || e.contains("real-pipe")),
        "{errors:?}"
    );
}

/// A case or schema file over 16 MiB is refused, not read whole.
#[test]
fn files_over_16_mib_are_refused() {
    for (folder, name) in [("cases", "big.yaml"), ("schemas", "big.json")] {
        let dir = suite_dir(&format!("big-{folder}"), &[]);
        let f = std::fs::File::create(dir.join(folder).join(name)).expect("create");
        f.set_len(16 * 1024 * 1024 + 1).expect("grow");
        let errors = load_within(&dir, &[]).expect("no hang");
        assert!(
            errors
                .iter()
                .any(|e| e.contains(name) && e.contains("over the 16 MiB")),
            "{folder}: {errors:?}"
        );
    }
}

/// Durations and `${time:+N}` offsets too large for the clock are load
/// errors with file and line, not panics.
#[test]
fn overflowing_durations_and_offsets_are_load_errors_with_lines() {
    let case = "product: fortiportal\nendpoint: e\ncases:\n  - name: far\n    summary: s\n    steps:\n      - request: {path: /x, json: {t: \"${time:+99999999999999d}\"}}\n        expect:\n          status: 200\n          fields:\n            - {at: /expiry, after_request: 9223372036854775807d}\n            - {at: /expiry, after_request: 5m, tolerance: 99999999999999999999h}\n";
    let dir = suite_dir("overflow", &[("far.yaml", case)]);
    let errors = std::panic::catch_unwind(|| load_errors(&dir)).expect("no panic");
    let all = errors.join("\n");
    assert!(
        all.contains("far.yaml:7:")
            && all.contains("time:+99999999999999d")
            && all.contains("longer than"),
        "{all}"
    );
    assert!(
        all.contains("far.yaml:11:") && all.contains("9223372036854775807d"),
        "{all}"
    );
    assert!(
        all.contains("far.yaml:12:") && all.contains("99999999999999999999h"),
        "{all}"
    );
}

/// Every unknown key of a mapping is reported, each at its line.
#[test]
fn every_unknown_key_of_a_case_is_reported() {
    let case = "product: fortiportal\nendpoint: e\ncases:\n  - name: one\n    sumary: s\n    stpes: []\n    destrucive: true\n    steps:\n      - request: {path: /x, methd: GET, hedaers: {}}\n        expect: {status: 200}\n";
    let dir = suite_dir("unknown-keys", &[("keys.yaml", case)]);
    let errors = load_errors(&dir);
    let all = errors.join("\n");
    for (line, key) in [(5, "sumary"), (6, "stpes"), (7, "destrucive")] {
        assert!(
            all.contains(&format!("keys.yaml:{line}:"))
                && all.contains(&format!("unknown field `{key}`")),
            "{key}: {all}"
        );
    }
    assert!(all.contains("did you mean `summary`"), "{all}");
    assert!(all.contains("did you mean `destructive`"), "{all}");
}

/// An unresolvable `$ref` names the schema file that holds it.
#[test]
fn an_unresolvable_ref_names_its_schema_file() {
    let dir = suite_dir("dangling-ref", &[]);
    std::fs::write(
        dir.join("schemas")
            .join("fortiportal")
            .join("dangling.json"),
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://fortiprobe.invalid/schemas/fortiportal/dangling.json",
            "properties": {"x": {"$ref": "no-such-schema.json"}}}"#,
    )
    .expect("write");
    let errors = load_errors(&dir);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("fortiportal/dangling.json")
                && e.contains("no-such-schema.json")
                && e.contains("/properties/x/$ref")),
        "{errors:?}"
    );
}

#[test]
fn every_page_a_description_cites_is_a_row_of_the_vendor_pages() {
    let suite = Suite::load(Source::Embedded, &[]).expect("the embedded suite loads");
    let table = std::fs::read_to_string(project().join("docs/vendor-pages.md")).expect("read");
    let mut wrong = Vec::new();
    for d in &suite.descriptions {
        for (key, page) in &d.body.sources {
            let row = table
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", page.cite())));
            match row {
                Some(r) if r.contains(&format!("| {} |", page.url)) => {}
                Some(r) => wrong.push(format!(
                    "{} `{key}`: the row gives another address: {r}",
                    d.file
                )),
                None => wrong.push(format!("{} `{key}`: {} is not a row", d.file, page.cite())),
            }
        }
    }
    assert!(
        suite.descriptions.len() >= 20,
        "{}",
        suite.descriptions.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}
