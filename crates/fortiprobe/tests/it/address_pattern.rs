//! The `address` of RADIUS and TACACS+ clients: 'IP address or subnet' in
//! the guide (RADIUS clients 6.6.1, TACACS+ clients 6.4.3), read plainly in
//! the descriptions' pattern. Here the pattern is compared with a reading
//! of its own, on the standard library's address parsers: an IPv4 or IPv6
//! address, with a `/prefix` of decimal digits (no sign, no leading zero)
//! up to the address's bits, or an IPv4 address with a `/netmask` of
//! contiguous ones. The two must agree on every text, so the pattern takes
//! neither more (what Schemathesis would send as valid and get refused)
//! nor less than an address.

use std::net::{IpAddr, Ipv4Addr};

use fortiprobe::suite::{Source, Suite};
use proptest::prelude::*;

/// Whether `text` is an IP address or subnet, by the standard library.
fn address_or_subnet(text: &str) -> bool {
    let (address, suffix) = match text.split_once('/') {
        Some((a, s)) => (a, Some(s)),
        None => (text, None),
    };
    let Ok(ip) = address.parse::<IpAddr>() else {
        return false;
    };
    let Some(suffix) = suffix else {
        return true;
    };
    let bits = if ip.is_ipv4() { 32 } else { 128 };
    let decimal = !suffix.is_empty()
        && suffix.bytes().all(|b| b.is_ascii_digit())
        && (suffix == "0" || !suffix.starts_with('0'));
    if decimal {
        return suffix.parse::<u32>().is_ok_and(|p| p <= bits);
    }
    ip.is_ipv4()
        && suffix.parse::<Ipv4Addr>().is_ok_and(|m| {
            let m = u32::from(m);
            m.leading_ones() + m.trailing_zeros() == 32
        })
}

/// The `address` pattern of both descriptions (they must be the same).
fn pattern() -> regex::Regex {
    let suite = Suite::load(Source::Embedded, &[]).unwrap();
    let mut found = Vec::new();
    for d in &suite.descriptions {
        if ["radiusclients", "tacplusclients"].contains(&d.head.resource.as_str()) {
            let (_, f) = d.body.fields.iter().find(|(n, _)| n == "address").unwrap();
            found.push(f.pattern.clone().unwrap());
        }
    }
    assert_eq!(found.len(), 2, "both descriptions hold the field");
    assert_eq!(found[0], found[1], "one reading of the same words");
    regex::Regex::new(&found[0]).unwrap()
}

const PIECES: &[&str] = &[
    "0",
    "1",
    "7",
    "00",
    "08",
    "12",
    "32",
    "33",
    "128",
    "129",
    "255",
    "256",
    "1234",
    "12345",
    "ff",
    "FFFF",
    "abcd",
    "g",
    ":",
    "::",
    ".",
    "/",
    "+",
    " ",
    "192.0.2.1",
    "255.255.255.0",
    "255.0.255.0",
    "0.0.0.0",
    "fe80",
    "%eth0",
    "2001:db8",
];

#[test]
fn the_pattern_agrees_with_the_address_parsers_on_known_texts() {
    let re = pattern();
    for text in [
        "192.0.2.1",
        "10.0.0.0/8",
        "10.0.0.0/255.0.0.0",
        "0.0.0.0/0",
        "::",
        "::1",
        "1::",
        "fe80::/10",
        "2001:db8::1/128",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "::ffff:192.0.2.1",
        "1:2:3:4:5:6:192.0.2.1/96",
        "2001:0db8:0000:0000:0000:0000:203.113.100.200/96",
    ] {
        assert!(address_or_subnet(text), "{text}");
        assert!(re.is_match(text), "{text}");
    }
    for text in [
        "",
        ":",
        ":::",
        "::::/999",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::",
        "010.0.0.1",
        "10.0.0.0/33",
        "10.0.0.0/08",
        "10.0.0.0/+8",
        "10.0.0.0/255.0.255.0",
        "::/129",
        "::/255.255.0.0",
        "fe80::1%eth0",
        "host.example",
        "fortiprobe not an address",
    ] {
        assert!(!address_or_subnet(text), "{text}");
        assert!(!re.is_match(text), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn the_pattern_takes_exactly_an_address_or_subnet(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 1..10)
    ) {
        let text = pieces.concat();
        prop_assert_eq!(pattern_once().is_match(&text), address_or_subnet(&text), "{}", text);
    }
}

/// The pattern, compiled once for the property test.
fn pattern_once() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(pattern)
}
