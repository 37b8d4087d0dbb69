//! The fetcher's safety: a moderator's link must not make the bot read its own
//! machine or network (server-side request forgery). A host is fetched only
//! when every address it is connected to is public, unless config lists it in
//! `ingest.allow_hosts`.
//!
//! Two checks, because reqwest resolves names and takes IP literals apart:
//! [`GuardedResolver`] wraps the resolver and hands the connector only vetted
//! addresses, so the connection can only go where the check looked; and
//! [`Guard::check_url`] refuses IP-literal hosts (which reach no resolver)
//! before the first request and on every redirect hop.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::Refusal;

/// What is allowed: the hosts config lists, as written in URLs.
#[derive(Debug, Default)]
pub struct Guard {
    allow_hosts: HashSet<String>,
}

impl Guard {
    pub fn new(allow_hosts: &[String]) -> Guard {
        Guard {
            allow_hosts: allow_hosts.iter().map(|h| normal_host(h)).collect(),
        }
    }

    /// Whether config lists `host` (a name or an IP literal, as the URL writes it).
    pub fn allows(&self, host: &str) -> bool {
        self.allow_hosts.contains(&normal_host(host))
    }

    /// Refuses a URL dealbot must not request: a scheme other than http(s), no
    /// host, or an IP-literal host that is not public and not allowed. Names
    /// are vetted when they are resolved ([`GuardedResolver`]).
    pub fn check_url(&self, url: &Url) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::Scheme(url.scheme().to_owned()));
        }
        let Some(host) = url.host_str() else {
            return Err(Refusal::BadUrl(url.to_string()));
        };
        // The URL parser writes every IP literal in its usual form ("2130706433" → 127.0.0.1).
        let Ok(ip) = normal_host(host).parse::<IpAddr>() else {
            return Ok(());
        };
        if self.allows(host) {
            return Ok(());
        }
        match not_public(ip) {
            Some(kind) => Err(Refusal::Blocked {
                host: host.to_owned(),
                address: ip,
                kind,
            }),
            None => Ok(()),
        }
    }

    /// The addresses `host` resolved to that may be connected to: all of them
    /// for an allowed host, else the public ones; none public is a refusal.
    pub fn vet(&self, host: &str, addrs: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, Refusal> {
        if self.allows(host) {
            return Ok(addrs);
        }
        let mut refused = None;
        let public: Vec<SocketAddr> = addrs
            .into_iter()
            .filter(|a| match not_public(a.ip()) {
                Some(kind) => {
                    refused.get_or_insert((a.ip(), kind));
                    false
                }
                None => true,
            })
            .collect();
        match (public.is_empty(), refused) {
            (true, Some((address, kind))) => Err(Refusal::Blocked {
                host: host.to_owned(),
                address,
                kind,
            }),
            (true, None) => Err(Refusal::Unresolved(host.to_owned())),
            (false, _) => Ok(public),
        }
    }
}

/// A host as config and URLs may write it: lowercase, no IPv6 brackets, no final dot.
fn normal_host(host: &str) -> String {
    host.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// What kind of address `ip` is when it is not a public one, for the refusal.
pub fn not_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => not_public_v4(ip),
        IpAddr::V6(ip) => not_public_v6(ip),
    }
}

fn not_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip == Ipv4Addr::new(169, 254, 169, 254) => "cloud metadata",
        _ if ip.is_broadcast() => "broadcast",
        (0, _, _) => "unspecified",
        (127, _, _) => "loopback",
        (10, _, _) | (192, 168, _) | (172, 16..=31, _) => "private",
        (169, 254, _) => "link-local",
        (100, 64..=127, _) => "shared (carrier-grade NAT)",
        (224..=239, _, _) => "multicast",
        // Future use, protocol assignments, documentation and benchmarking: never a news site.
        (240..=255, _, _) | (192, 0, 0 | 2) | (198, 51, 100) | (203, 0, 113) | (198, 18 | 19, _) => "reserved",
        _ => return None,
    })
}

fn not_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if ip == Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254) {
        return Some("cloud metadata");
    }
    // An IPv4 address inside IPv6 (mapped, compatible, NAT64, 6to4) is as
    // public as the IPv4 address it carries.
    if let Some(v4) = embedded_v4(ip) {
        return not_public_v4(v4);
    }
    let s = ip.segments();
    Some(match s[0] {
        _ if ip.is_unspecified() => "unspecified",
        _ if ip.is_loopback() => "loopback",
        0xfc00..=0xfdff => "private",
        0xfe80..=0xfebf => "link-local",
        0xfec0..=0xfeff => "site-local",
        0xff00..=0xffff => "multicast",
        0x2001 if s[1] == 0x0db8 => "reserved",
        _ => return None,
    })
}

/// The IPv4 address an IPv6 address carries: `::ffff:a.b.c.d`, `::a.b.c.d`,
/// `64:ff9b::a.b.c.d` (NAT64), `2002:AABB:CCDD::` (6to4).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let v4 = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    if s[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified() {
        return Some(v4(s[6], s[7]));
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(v4(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return Some(v4(s[1], s[2]));
    }
    None
}

/// The system's resolver (getaddrinfo, through tokio).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemResolver;

impl Resolve for SystemResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// A resolver that returns only the addresses [`Guard::vet`] lets through, and
/// a [`Refusal`] when there are none: what reqwest connects to is what was checked.
pub struct GuardedResolver {
    guard: Arc<Guard>,
    inner: Arc<dyn Resolve>,
}

impl GuardedResolver {
    pub fn new(guard: Arc<Guard>, inner: Arc<dyn Resolve>) -> GuardedResolver {
        GuardedResolver { guard, inner }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = Arc::clone(&self.guard);
        let host = name.as_str().to_owned();
        let resolving = self.inner.resolve(name);
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = resolving
                .await
                .map_err(|e| {
                    tracing::info!(host, error = %e, "cannot resolve");
                    Box::new(Refusal::Unresolved(host.clone()))
                })?
                .collect();
            let vetted = guard.vet(&host, addrs).map_err(|refusal| {
                tracing::warn!(host, %refusal, "refused a host that is not public");
                Box::new(refusal)
            })?;
            Ok(Box::new(vetted.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(ip: &str) -> Option<&'static str> {
        not_public(ip.parse().unwrap())
    }

    #[test]
    fn loopback_private_link_local_and_metadata_addresses_are_not_public() {
        assert_eq!(kind("127.0.0.2"), Some("loopback"));
        assert_eq!(kind("10.0.0.1"), Some("private"));
        assert_eq!(kind("172.31.255.1"), Some("private"));
        assert_eq!(kind("192.168.1.1"), Some("private"));
        assert_eq!(kind("169.254.169.254"), Some("cloud metadata"));
        assert_eq!(kind("169.254.1.1"), Some("link-local"));
        assert_eq!(kind("100.64.0.1"), Some("shared (carrier-grade NAT)"));
        assert_eq!(kind("224.0.0.1"), Some("multicast"));
        assert_eq!(kind("0.0.0.0"), Some("unspecified"));
        assert_eq!(kind("255.255.255.255"), Some("broadcast"));
        assert_eq!(kind("::1"), Some("loopback"));
        assert_eq!(kind("::"), Some("unspecified"));
        assert_eq!(kind("fc00::1"), Some("private"));
        assert_eq!(kind("fd00:ec2::254"), Some("cloud metadata"));
        assert_eq!(kind("fe80::1"), Some("link-local"));
        assert_eq!(kind("ff02::1"), Some("multicast"));
    }

    #[test]
    fn an_ipv4_address_inside_ipv6_is_judged_as_ipv4() {
        assert_eq!(kind("::ffff:127.0.0.1"), Some("loopback"));
        assert_eq!(kind("::ffff:169.254.169.254"), Some("cloud metadata"));
        assert_eq!(kind("64:ff9b::10.0.0.1"), Some("private"));
        assert_eq!(kind("2002:c0a8:0101::1"), Some("private"));
        assert_eq!(kind("::ffff:93.184.216.34"), None);
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
        ] {
            assert_eq!(kind(ip), None, "{ip}");
        }
    }

    #[test]
    fn ip_literal_urls_are_checked_and_allowed_hosts_pass() {
        let guard = Guard::new(&["127.0.0.1".to_owned()]);
        let check = |u: &str| guard.check_url(&Url::parse(u).unwrap());
        assert!(check("http://127.0.0.1:8080/a").is_ok());
        assert!(matches!(check("http://127.0.0.2/a"), Err(Refusal::Blocked { .. })));
        assert!(matches!(check("http://[::1]/a"), Err(Refusal::Blocked { .. })));
        assert!(
            matches!(check("http://2130706434/"), Err(Refusal::Blocked { .. })),
            "127.0.0.2 in decimal"
        );
        assert!(matches!(check("file:///etc/passwd"), Err(Refusal::Scheme(_))));
        assert!(check("https://example.org/").is_ok(), "names are vetted on resolution");
    }

    #[test]
    fn vetting_keeps_public_addresses_and_refuses_a_name_with_none() {
        let guard = Guard::new(&[]);
        let addr = |s: &str| SocketAddr::new(s.parse().unwrap(), 80);
        let kept = guard
            .vet("news.example", vec![addr("10.0.0.1"), addr("93.184.216.34")])
            .unwrap();
        assert_eq!(kept, [addr("93.184.216.34")]);
        let err = guard
            .vet("localhost", vec![addr("127.0.0.1"), addr("::1")])
            .unwrap_err();
        assert!(err.to_string().contains("localhost"), "{err}");
        let allowed = Guard::new(&["Intranet.Example.".to_owned()]);
        assert_eq!(
            allowed.vet("intranet.example", vec![addr("10.0.0.1")]).unwrap().len(),
            1
        );
    }
}
