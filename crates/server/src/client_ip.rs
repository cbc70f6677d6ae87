//! Who the client is, as far as a rate limit can tell.
//!
//! Behind reverse proxies the TCP peer is the proxy, and the client's address is in
//! `X-Forwarded-For`. Each proxy *appends* the address it received from, so only the
//! right end of the list is trustworthy: the leftmost entries are whatever the client
//! wrote. The client is therefore the rightmost address that is not one of our own
//! proxies (`--trusted-proxies`). A peer that is not a trusted proxy is the client,
//! whatever headers it sends.
//!
//! IPv6 clients usually hold a whole /64 (often far more), so one address per request
//! costs them nothing: rate-limit keys use the /64 prefix.

use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

/// An address range, `10.0.0.0/8` or `fd00::/8` (a bare address is a /32 or /128).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not an address range (like 10.0.0.0/8 or fd00::/8)")]
pub struct CidrError(String);

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CidrError(s.to_owned());
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let network: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().map_err(|_| bad())?,
            None => max,
        };
        if prefix > max {
            return Err(bad());
        }
        Ok(Self { network, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (canonical(self.network), ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack socket reports) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Which peers are our own reverse proxies.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies {
    ranges: Vec<Cidr>,
    /// The deprecated `--trust-proxy`: the peer is trusted, whatever it is (one hop).
    any_peer: bool,
}

impl TrustedProxies {
    pub fn new(ranges: Vec<Cidr>, any_peer: bool) -> Self {
        Self { ranges, any_peer }
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.ranges.iter().any(|r| r.contains(ip))
    }

    /// The client's address: the peer, unless the peer is a trusted proxy; then the
    /// rightmost `X-Forwarded-For` entry that is not a trusted proxy. Entries that do not
    /// parse stop the walk (a proxy never writes them; the client may).
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: &[&str]) -> Option<IpAddr> {
        let peer_trusted = match peer {
            Some(p) => self.any_peer || self.trusts(p),
            None => self.any_peer,
        };
        if !peer_trusted {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .collect();
        let one_hop = self.any_peer && self.ranges.is_empty();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else { break };
            client = Some(ip);
            // With only `--trust-proxy`, the peer is the one proxy: its entry is the client.
            if one_hop || !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// An `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    hop.rsplit_once(':')?.0.parse().ok()
}

/// The rate-limit key for an address: IPv4 as is, IPv6 by its /64.
pub fn rate_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", Ipv6Addr::from(prefix))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(ranges: &[&str]) -> TrustedProxies {
        TrustedProxies::new(ranges.iter().map(|r| r.parse().unwrap()).collect(), false)
    }

    #[test]
    fn ranges_contain_their_addresses_only() {
        let net: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(net.contains(ip("10.1.200.3")));
        assert!(!net.contains(ip("10.2.0.1")));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")));
        assert!(!v6.contains(ip("2001:db8::1")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")));
        assert!("10.0.0.0/33".parse::<Cidr>().is_err());
        assert!("proxy".parse::<Cidr>().is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let p = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            p.client(Some(ip("203.0.113.7")), &["1.1.1.1"]),
            Some(ip("203.0.113.7"))
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client_not_the_spoofed_leftmost() {
        let p = proxies(&["10.0.0.0/8"]);
        // The client wrote "6.6.6.6"; our proxy appended the address it saw.
        assert_eq!(
            p.client(Some(ip("10.0.0.2")), &["6.6.6.6, 198.51.100.4"]),
            Some(ip("198.51.100.4"))
        );
        // Two proxies of ours in a row are both skipped.
        assert_eq!(
            p.client(Some(ip("10.0.0.2")), &["6.6.6.6, 198.51.100.4, 10.0.0.9"]),
            Some(ip("198.51.100.4"))
        );
        // Several header lines are one list.
        assert_eq!(
            p.client(Some(ip("10.0.0.2")), &["6.6.6.6", "198.51.100.4:5000"]),
            Some(ip("198.51.100.4"))
        );
    }

    #[test]
    fn the_deprecated_flag_trusts_one_hop() {
        let p = TrustedProxies::new(Vec::new(), true);
        assert_eq!(
            p.client(Some(ip("192.0.2.1")), &["6.6.6.6, 198.51.100.4"]),
            Some(ip("198.51.100.4"))
        );
    }

    #[test]
    fn ipv6_clients_share_a_key_per_64() {
        assert_eq!(
            rate_key(ip("2001:db8:1:2:aaaa::1")),
            rate_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            rate_key(ip("2001:db8:1:2::1")),
            rate_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(rate_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
    }
}
