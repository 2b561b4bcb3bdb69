//! The forms a text may be restricted to, as the guide's "Other
//! restrictions" column words them, each read plainly: an e-mail address,
//! `+[country_code]-[number]`, an ISO 3166 country code, an IP address or
//! subnet, a MAC address, the username alphabet.

use super::declare::{Format, Pattern};

/// ISO 3166-1 alpha-2 codes (the mock's own copy of the list).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI \
BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE \
DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS \
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW \
KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW \
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO \
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM \
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `text` has the form.
pub(crate) fn fits(format: Format, text: &str) -> bool {
    match format {
        Format::Email => email(text),
        Format::Mobile => mobile(text),
        Format::Country => COUNTRIES.split_whitespace().any(|c| c == text),
        Format::IpOrSubnet => subnet(text),
        Format::Mac => mac(text),
    }
}

/// Whether `text` keeps to the pattern.
pub(crate) fn keeps(pattern: Pattern, text: &str) -> bool {
    match pattern {
        Pattern::Username => text
            .chars()
            .all(|c| c.is_alphanumeric() || "@.+-_".contains(c)),
    }
}

/// `+[country_code]-[number]`: `+`, one to three digits, `-`, digits.
fn mobile(text: &str) -> bool {
    let Some((code, number)) = text.strip_prefix('+').and_then(|t| t.split_once('-')) else {
        return false;
    };
    (1..=3).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// A plain reading of "a valid e-mail address": local@domain.tld, no spaces.
fn email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !text.contains(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

/// An address, or an address with `/prefix` or `/mask` ("IP address or
/// subnet", RADIUS clients 6.6.1, TACACS+ clients 6.4.3): an IPv4 or IPv6
/// address as the standard library reads it, a prefix in plain decimal (no
/// sign, no leading zero) up to the address's bits, an IPv4 mask of
/// contiguous ones.
fn subnet(text: &str) -> bool {
    let Some((address, suffix)) = text.split_once('/') else {
        return text.parse::<std::net::IpAddr>().is_ok();
    };
    let prefix = |bits: u32| {
        let plain = !suffix.is_empty()
            && suffix.bytes().all(|b| b.is_ascii_digit())
            && (suffix == "0" || !suffix.starts_with('0'));
        plain && suffix.parse::<u32>().is_ok_and(|p| p <= bits)
    };
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => {
            prefix(32)
                || suffix.parse::<std::net::Ipv4Addr>().is_ok_and(|m| {
                    let bits = u32::from(m);
                    bits.leading_ones() + bits.trailing_zeros() == 32
                })
        }
        Ok(std::net::IpAddr::V6(_)) => prefix(128),
        Err(_) => false,
    }
}

/// "11:22:33:44:aa:bb or 11223344aabb", or a vendor wildcard "11:22:33 or
/// 112233 or 11:22:33:xx:xx:xx or 112233xxxxxx" (MAC devices 6.4.5); either
/// case.
fn mac(text: &str) -> bool {
    let pairs: Vec<&str> = if text.contains(':') {
        text.split(':').collect()
    } else if text.len() % 2 == 0 && text.is_ascii() {
        (0..text.len())
            .step_by(2)
            .map(|i| &text[i..i + 2])
            .collect()
    } else {
        return false;
    };
    let hex = |p: &&str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit());
    let wild = |p: &&str| p.eq_ignore_ascii_case("xx");
    match pairs.len() {
        3 => pairs.iter().all(hex),
        6 => {
            pairs[..3].iter().all(hex)
                && (pairs[3..].iter().all(hex) || pairs[3..].iter().all(wild))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_takes_what_it_says_and_refuses_the_rest() {
        for ok in ["+46-701234567", "+1-5551234"] {
            assert!(fits(Format::Mobile, ok), "{ok}");
        }
        for bad in ["+46701234567", "070-1234567", "+1234-5", "+46-", "+4a-1"] {
            assert!(!fits(Format::Mobile, bad), "{bad}");
        }
        assert!(fits(Format::Email, "a.b@example.com"));
        for bad in ["not-an-address", "a@b", "a b@c.d", "@c.d", "a@.d"] {
            assert!(!fits(Format::Email, bad), "{bad}");
        }
        assert!(fits(Format::Country, "SE") && !fits(Format::Country, "XX"));
        for ok in [
            "10.0.0.1",
            "10.0.0.0/8",
            "10.0.0.0/255.0.0.0",
            "::1",
            "fe80::/10",
        ] {
            assert!(fits(Format::IpOrSubnet, ok), "{ok}");
        }
        for bad in [
            "10.0.0.0/33",
            "10.0.0.0/255.0.255.0",
            "host",
            "10.0.0/8",
            "10.0.0.0/+8",
            "10.0.0.0/08",
            "::/129",
            "::/+64",
            "::/255.255.0.0",
            "fe80::1%eth0",
            "::::",
        ] {
            assert!(!fits(Format::IpOrSubnet, bad), "{bad}");
        }
        for ok in [
            "00:1a:2B:3c:4d:5e",
            "001a2b3c4d5e",
            "11:22:33",
            "112233",
            "11:22:33:xx:xx:xx",
            "112233XXXXXX",
        ] {
            assert!(fits(Format::Mac, ok), "{ok}");
        }
        for bad in [
            "00:1a:2b:3c:4d",
            "00-1a-2b-3c-4d-5e",
            "11:22:33:44:xx:xx",
            "1122334",
            "zz:22:33",
        ] {
            assert!(!fits(Format::Mac, bad), "{bad}");
        }
        assert!(keeps(Pattern::Username, "a.b+c-d_e@f") && !keeps(Pattern::Username, "a b"));
    }
}
