//! The subcommands other than `run`: each loads what it needs, does one
//! thing, prints to stdout, and returns what ended it as an `Error`.

use std::sync::Arc;

use super::args::{
    CasesArgs, CheckArgs, CompletionsArgs, DiffArgs, ExplainArgs, KillMatrixArgs, ManArgs,
    MockArgs, OpenapiArgs,
};
use super::{err, out};
use crate::error::Error;
use crate::suite::{Source, Suite};
use fortiprobe_mock as mock;

/// `fortiprobe diff`: two baselines compared.
pub(super) fn diff(args: DiffArgs) -> Result<(), Error> {
    match crate::baseline::diff_dirs(&args.before, &args.after) {
        Err(e) => Err(Error::Usage(vec![e])),
        Ok(None) => {
            out(&format!(
                "no change between {} and {}\n",
                args.before.display(),
                args.after.display()
            ));
            Ok(())
        }
        Ok(Some(diff)) => {
            out(&diff.render(args.format()));
            Err(Error::Changed)
        }
    }
}

/// `fortiprobe kill-matrix`: every fault against the suite (or the part
/// `--scope` says), each case on its own.
pub(super) fn kill_matrix(args: KillMatrixArgs, rt: &tokio::runtime::Runtime) -> Result<(), Error> {
    use crate::killmatrix::{Plan, Scope};
    for name in &args.faults {
        mock::faults::Fault::from_name(name)
            .map_err(|e| Error::Usage(vec![format!("--fault: {e}")]))?;
    }
    let scope = match args.scope.as_str() {
        "reach" => Scope::Reach,
        "catchers" => Scope::Catchers,
        _ => Scope::All,
    };
    if args.markdown && (scope != Scope::All || !args.faults.is_empty() || args.sample > 0) {
        return Err(Error::Usage(vec![
            "--markdown writes the whole matrix (KILL-MATRIX.md): use it without --scope, --fault and --sample".into(),
        ]));
    }
    let suite = Arc::new(Suite::load(Source::Embedded, &[])?);
    let table = crate::killmatrix::catchers().map_err(Error::Usage)?;
    let plan = Plan {
        scope,
        sample: args.sample,
        seed: args.seed.unwrap_or_else(rand::random),
        tokens: args.tokens,
        only: args.faults.clone(),
    };
    if args.sample > 0 {
        eprintln!(
            "fortiprobe: sample seed {} (--seed {} draws the same cases)",
            plan.seed, plan.seed
        );
    }
    let runs = rt.block_on(crate::killmatrix::run_faults(
        Arc::clone(&suite),
        &table,
        &plan,
    ));
    let cases: Vec<String> = suite.cases.iter().map(|c| c.id()).collect();
    out(&crate::killmatrix::render(&runs, &cases, args.markdown));
    let missed = runs.iter().filter(|r| !r.caught()).count() as u64;
    if missed == 0 {
        Ok(())
    } else {
        Err(Error::Failed {
            trials: missed,
            also: Vec::new(),
        })
    }
}

/// `fortiprobe cases`: the catalogue of cases.
pub(super) fn cases(args: CasesArgs) -> Result<(), Error> {
    let suite = args.suite.load()?;
    out(&crate::catalogue::render(&suite, args.markdown));
    Ok(())
}

/// `fortiprobe explain`: one case or fault, offline.
pub(super) fn explain(args: ExplainArgs) -> Result<(), Error> {
    let suite = args.suite.load()?;
    let catchers = crate::killmatrix::every_catcher().map_err(Error::Usage)?;
    let text = crate::catalogue::explain::explain(&suite, &args.name, &catchers)
        .map_err(|e| Error::Usage(vec![e]))?;
    out(&text);
    Ok(())
}

/// `fortiprobe check`: the suite's files validated, no target needed.
pub(super) fn check(args: CheckArgs) -> Result<(), Error> {
    match args.suite.load() {
        Ok(s) => {
            out(&format!("{}\n", check_summary(&s)));
            Ok(())
        }
        Err(errors) => {
            for e in &errors {
                err(&format!("{e}\n"));
            }
            eprintln!(
                "fortiprobe check: {} error{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            // Reported above, in the form `check` promises.
            Err(Error::Usage(Vec::new()))
        }
    }
}

/// `ok: 15 schemas, 73 cases in 7 case files`.
pub fn check_summary(suite: &Suite) -> String {
    let files: std::collections::BTreeSet<&str> = suite
        .cases
        .iter()
        .map(|c| {
            c.origin
                .rsplit_once(':')
                .map_or(c.origin.as_str(), |(f, _)| f)
        })
        .collect();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "ok: {}, {} in {}",
        plural(suite.schemas.names().count(), "schema"),
        plural(suite.cases.len(), "case"),
        plural(files.len(), "case file")
    )
}

/// `fortiprobe openapi`: the OpenAPI 3.1 document of the suite.
pub(super) fn openapi(args: OpenapiArgs) -> Result<(), Error> {
    let suite = args.suite.load()?;
    let text = crate::openapi::render(&suite);
    match &args.output {
        None => {
            out(&text);
            Ok(())
        }
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Error::Usage(vec![format!("cannot write {}: {e}", path.display())])),
    }
}

/// `fortiprobe completions SHELL`: the shell's completion script.
pub(super) fn completions(args: CompletionsArgs) {
    use clap::CommandFactory as _;
    let mut text = Vec::new();
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "fortiprobe", &mut text);
    out(&String::from_utf8_lossy(&text));
}

/// `fortiprobe man`: the manual page, or one page per subcommand in a folder.
pub(super) fn man(args: ManArgs) -> Result<(), Error> {
    use clap::CommandFactory as _;
    let cmd = super::Cli::command();
    match &args.dir {
        None => {
            let mut text = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut text)
                .map_err(|e| Error::Usage(vec![format!("cannot render the manual page: {e}")]))?;
            out(&String::from_utf8_lossy(&text));
            Ok(())
        }
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(cmd, dir))
            .map_err(|e| {
                Error::Usage(vec![format!(
                    "cannot write the manual pages to {}: {e}",
                    dir.display()
                )])
            }),
    }
}

/// `fortiprobe mock`: serves the reference mock until Ctrl-C.
pub(super) fn serve_mock(args: MockArgs, rt: &tokio::runtime::Runtime) -> Result<(), Error> {
    let opts = args.data.options().map_err(|e| Error::Usage(vec![e]))?;
    rt.block_on(async {
        let m = mock::spawn(opts, args.port).await.map_err(|e| {
            Error::Usage(vec![format!(
                "cannot serve the reference mock on 127.0.0.1:{}: {e}",
                args.port
            )])
        })?;
        let ca = match m
            .ca_cert_pem()
            .map(|pem| crate::embedded::write_ca_cert(&pem))
            .transpose()
        {
            Ok(ca) => ca,
            Err(e) => {
                m.shutdown().await;
                return Err(Error::Usage(vec![format!(
                    "cannot write the reference mock's certificate: {e}"
                )]));
            }
        };
        let ca_path = ca.as_ref().map(|(_, path)| path.as_path());
        let mut text = format!("fortiprobe reference mock listening on {}\n", m.url());
        if let Some(path) = ca_path {
            text.push_str(&format!(
                "its certificate (self-signed): {}\n",
                path.display()
            ));
        }
        text.push_str(&format!(
            "press Ctrl-C to stop; a target file for it:\n\n{}\n",
            crate::embedded::mock_target_yaml(&m.url(), m.credentials(), ca_path)
        ));
        out(&text);
        let _ = tokio::signal::ctrl_c().await;
        m.shutdown().await;
        Ok(())
    })
}
