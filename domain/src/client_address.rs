//! Which client a public write comes from, as the rate limit and vote deduplication see it: the connecting address,
//! IPv4 whole and IPv6 reduced to its /64 (one subscriber's network), never the user agent (the client chooses it).
//!
//! Pure: the edge passes the text of `CF-Connecting-IP`; anything that is not one address is the one `Unknown`
//! bucket, so a malformed header can never mint a fresh identity.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A client's network identity: one IPv4 address, one IPv6 /64 prefix, or the shared unknown bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientAddress {
    V4(Ipv4Addr),
    /// The first 64 bits of an IPv6 address (the rest zero): a subscriber is usually given a whole /64.
    V6Prefix(Ipv6Addr),
    Unknown,
}

impl ClientAddress {
    /// Reads the connecting address; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is the IPv4 address it carries.
    pub fn parse(text: &str) -> ClientAddress {
        match text.trim().parse::<IpAddr>() {
            Ok(IpAddr::V4(v4)) => ClientAddress::V4(v4),
            Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientAddress::V4(v4),
                None => {
                    let bits = u128::from(v6) & !((1u128 << 64) - 1);
                    ClientAddress::V6Prefix(Ipv6Addr::from(bits))
                }
            },
            Err(_) => ClientAddress::Unknown,
        }
    }
}

/// The canonical text the edge hashes: `v4:1.2.3.4`, `v6:2001:db8:1:2::/64` or `unknown`.
impl fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientAddress::V4(v4) => write!(f, "v4:{v4}"),
            ClientAddress::V6Prefix(v6) => write!(f, "v6:{v6}/64"),
            ClientAddress::Unknown => f.write_str("unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ClientAddress;

    #[test]
    fn addresses_normalise_to_one_key_per_client_network() {
        let cases = [
            ("203.0.113.7", "v4:203.0.113.7"),
            (" 127.0.0.2 ", "v4:127.0.0.2"),
            (
                "2001:0db8:0001:0002:0003:0004:0005:0006",
                "v6:2001:db8:1:2::/64",
            ),
            ("2001:db8:1:2::9", "v6:2001:db8:1:2::/64"),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", "v6:2001:db8:1:2::/64"),
            ("2001:db8:1:3::1", "v6:2001:db8:1:3::/64"),
            ("::1", "v6:::/64"),
            ("::ffff:203.0.113.7", "v4:203.0.113.7"),
            ("::ffff:cb00:7107", "v4:203.0.113.7"),
            ("", "unknown"),
            ("not an address", "unknown"),
            ("203.0.113.7, 10.0.0.1", "unknown"),
            ("[2001:db8::1]", "unknown"),
            ("fe80::1%eth0", "unknown"),
            ("203.0.113.256", "unknown"),
        ];
        for (header, key) in cases {
            assert_eq!(ClientAddress::parse(header).to_string(), key, "{header:?}");
        }
    }

    #[test]
    fn one_v6_subscriber_is_one_client_and_neighbours_are_not() {
        let a = ClientAddress::parse("2001:db8:aa:bb:1::1");
        assert_eq!(a, ClientAddress::parse("2001:db8:aa:bb:ffff::2"));
        assert_ne!(a, ClientAddress::parse("2001:db8:aa:bc::1"));
        assert_ne!(
            ClientAddress::parse("127.0.0.2"),
            ClientAddress::parse("127.0.0.3")
        );
    }
}
