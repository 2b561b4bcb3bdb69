//! The log settings, as "Log settings (/logsettings/)" declares them (6.4.6:
//! log auto-deletion and its age, sending logs to a FortiAnalyzer or
//! FortiManager and to remote syslog servers, remote backups to an FTP
//! server at a frequency and a time; GET, POST 'Set log fields.' and a
//! PATCH whose row is cut). One document of settings, served read-only:
//! the mock's reading takes the GET, the one method whose row could be read
//! whole; the writes, which would change where an appliance's logs and
//! backups go, are not served. Seeded as a new appliance might hold them.
//!
//! And the scheduled backup settings, as "Scheduled backup settings
//! (/scheduledbackupsettings/)" declares them (6.2.1: whether configuration
//! backups to an FTP server run, how often, when, to which primary and
//! secondary server and directory; GET, and writes that are not served).

use crate::engine::cell::Cell;
use crate::engine::declare::{Field, Method, Resource, Shape};
use crate::engine::{Declaration, Hooks, Seeds};

const LOGSETTINGS_MODEL: Resource = Resource {
    shape: Shape::Single,
    fields: &[
        Field::boolean("delete_enable").help("Enable log auto-deletion"),
        Field::integer("delete_age_n").help("Auto-delete logs older than number"),
        Field::text("delete_age_mult")
            .choices(&["days", "weeks", "months"])
            .help("Auo-delete logs older than multiplier"),
        Field::boolean("faz_enable").help("Enable sending logs to FortiManager/FortiAnalyzer"),
        Field::text("faz_server").help("IP Address or FQDN of the FortiManager/FortiAnalyzer"),
        Field::boolean("backup_enable").help("Enable remote backup"),
        Field::text("backup_frequency")
            .choices(&["hourly", "daily", "weekly", "monthly"])
            .help("How often the configuration is backup up"),
        Field::text("backup_directory")
            .help("Directory on the FTP server in which to store the configuration"),
        Field::text("backup_time").help("Time when the configuration is going to be backed up"),
        Field::text("backup_ftp").help("Name of the FTP server"),
        Field::boolean("remote_syslog_enable").help("Enable sending logs to remote syslog servers"),
        Field::text("remote_syslog_servers").help("Names of syslog servers"),
    ],
    list_methods: &[Method::Get],
    ..Resource::new("logsettings", "Log settings (/logsettings/), 6.4.6")
};

pub(crate) const LOGSETTINGS: Declaration = Declaration {
    resource: LOGSETTINGS_MODEL,
    hooks: Hooks {
        seed: seed_settings,
        ..Hooks::NONE
    },
};

fn seed_settings(_: &Seeds) -> Vec<Vec<Cell>> {
    vec![crate::engine::row(
        &LOGSETTINGS_MODEL,
        vec![
            ("delete_enable", Cell::Bool(true)),
            ("delete_age_n", Cell::Int(6)),
            ("delete_age_mult", Cell::Static("months")),
            ("faz_enable", Cell::Bool(false)),
            ("faz_server", Cell::Static("")),
            ("backup_enable", Cell::Bool(true)),
            ("backup_frequency", Cell::Static("daily")),
            ("backup_directory", Cell::Static("/backups/fac")),
            ("backup_time", Cell::Static("02:30:00")),
            ("backup_ftp", Cell::Static("backup-ftp")),
            ("remote_syslog_enable", Cell::Bool(false)),
            ("remote_syslog_servers", Cell::Static("")),
        ],
    )]
}

const SCHEDULEDBACKUP_MODEL: Resource = Resource {
    shape: Shape::Single,
    fields: &[
        Field::text("frequency")
            .choices(&["hourly", "daily", "weekly", "monthly"])
            .nullable()
            .help("How often the configuration file is backed up"),
        Field::text("directory")
            .nullable()
            .help("The directory on the FTP server in which to store the configuration file"),
        Field::text("time").help("The time when the configuration file is to be backed up"),
        Field::text("ftp").nullable().help("The primary FTP server"),
        Field::text("ftp_2")
            .nullable()
            .help("The secondary FTP server"),
        Field::boolean("enabled")
            .help("Whether or not the configuration file will be scheduled to backup"),
    ],
    list_methods: &[Method::Get],
    ..Resource::new(
        "scheduledbackupsettings",
        "Scheduled backup settings (/scheduledbackupsettings/), 6.2.1",
    )
};

pub(crate) const SCHEDULEDBACKUPSETTINGS: Declaration = Declaration {
    resource: SCHEDULEDBACKUP_MODEL,
    hooks: Hooks {
        seed: seed_backups,
        ..Hooks::NONE
    },
};

/// Weekly backups at a quarter past one to one server, no second one.
fn seed_backups(_: &Seeds) -> Vec<Vec<Cell>> {
    vec![crate::engine::row(
        &SCHEDULEDBACKUP_MODEL,
        vec![
            ("frequency", Cell::Static("weekly")),
            ("directory", Cell::Static("/fac/config")),
            ("time", Cell::Static("01:15")),
            ("ftp", Cell::Static("backup-ftp")),
            ("ftp_2", Cell::Null),
            ("enabled", Cell::Bool(true)),
        ],
    )]
}
