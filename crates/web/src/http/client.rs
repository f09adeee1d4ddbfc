//! The client's address, for the audit log and rate limits (issue 19, item 10).
//!
//! Behind a TLS proxy every request comes from the proxy: the address that counts is the one
//! the proxy saw, which it writes in a header. That header is believed only when the request
//! comes from a proxy the installation names as trusted, and then only as far back as the
//! chain runs through trusted proxies: a client can write anything it likes at the start of
//! the header, so the client is the nearest address that is not a trusted proxy.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use forwarded_header_value::ForwardedStanza;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};

/// The client's IP address, when the server knows it.
#[derive(Clone, Debug, Default)]
pub struct ClientAddress(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress
where
    Proxies: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let proxies = Proxies::from_ref(state);
        Ok(ClientAddress(peer.map(|peer| {
            proxies.client(peer, &parts.headers).to_string()
        })))
    }
}

/// The header in which the trusted proxies write the address they received a request from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1, …`, what most proxies write.
    #[default]
    #[serde(rename = "x-forwarded-for")]
    XForwardedFor,
    /// `Forwarded: for=client, for=proxy1, …` (RFC 7239).
    #[serde(rename = "forwarded")]
    Forwarded,
}

impl FromStr for ProxyHeader {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ProxyHeader::XForwardedFor),
            "forwarded" => Ok(ProxyHeader::Forwarded),
            _ => Err(format!(
                "{s:?} is not a proxy header: write x-forwarded-for or forwarded"
            )),
        }
    }
}

/// A network of trusted proxies: an address (`10.0.0.5`) or a network (`10.0.0.0/24`).
pub fn network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| {
            format!("{text:?} is not an IP address or network, such as 10.0.0.5 or 10.0.0.0/24")
        })
}

/// The proxies whose word on the client's address is believed. None by default: then the
/// address is the TCP peer's, whatever the headers say. Cheap to clone, once a request.
#[derive(Clone, Debug, Default)]
pub struct Proxies {
    trusted: Arc<[IpNet]>,
    header: ProxyHeader,
}

impl Proxies {
    pub fn new(trusted: Vec<IpNet>, header: ProxyHeader) -> Self {
        let trusted = trusted.into();
        Proxies { trusted, header }
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.trusted.iter().any(|net| net.contains(&address))
    }

    /// The client of a request that came from `peer` with `headers`: walking the header's
    /// addresses from the nearest, the first that is not a trusted proxy. An entry that is
    /// not an address ends the walk at the last address known.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        for hop in self.hops(headers).into_iter().rev() {
            let Some(address) = hop else { break };
            client = address.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }

    /// The addresses the chosen header lists, farthest first, every instance of it in order;
    /// `None` for an entry that is not an address (`unknown`, `_hidden`, anything else).
    fn hops(&self, headers: &HeaderMap) -> Vec<Option<IpAddr>> {
        let name = match self.header {
            ProxyHeader::XForwardedFor => "x-forwarded-for",
            ProxyHeader::Forwarded => "forwarded",
        };
        let entries = headers
            .get_all(name)
            .iter()
            .flat_map(|value| value.to_str().unwrap_or("\u{0}").split(','))
            .map(str::trim)
            .filter(|entry| !entry.is_empty());
        match self.header {
            ProxyHeader::XForwardedFor => entries.map(|entry| entry.parse().ok()).collect(),
            ProxyHeader::Forwarded => entries
                .map(|entry| {
                    entry
                        .parse::<ForwardedStanza>()
                        .ok()
                        .and_then(|stanza| stanza.forwarded_for_ip())
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies(trusted: &[&str], header: ProxyHeader) -> Proxies {
        let trusted = trusted.iter().map(|t| network(t).expect("network"));
        Proxies::new(trusted.collect(), header)
    }

    fn headers(name: &'static str, values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(name, HeaderValue::from_static(value));
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn without_trusted_proxies_the_peer_stands_whatever_the_headers_say() {
        let none = Proxies::default();
        let forged = headers("x-forwarded-for", &["203.0.113.7"]);
        assert_eq!(none.client(ip("10.0.0.5"), &forged), ip("10.0.0.5"));
    }

    #[test]
    fn a_peer_that_is_not_trusted_is_the_client_even_with_a_header() {
        let proxies = proxies(&["10.0.0.5"], ProxyHeader::XForwardedFor);
        let forged = headers("x-forwarded-for", &["203.0.113.7"]);
        assert_eq!(
            proxies.client(ip("198.51.100.2"), &forged),
            ip("198.51.100.2")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_address_is_the_client() {
        let proxies = proxies(&["10.0.0.0/24", "192.168.1.1"], ProxyHeader::XForwardedFor);
        // The client wrote 1.1.1.1 itself; 203.0.113.7 is what the first trusted proxy saw.
        let chain = headers("x-forwarded-for", &["1.1.1.1, 203.0.113.7", "192.168.1.1"]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &chain), ip("203.0.113.7"));
    }

    #[test]
    fn garbage_a_client_writes_does_not_hide_the_address_a_proxy_saw() {
        let proxies = proxies(&["10.0.0.5"], ProxyHeader::XForwardedFor);
        let chain = headers("x-forwarded-for", &["nonsense, 203.0.113.7"]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &chain), ip("203.0.113.7"));
        let broken = headers("x-forwarded-for", &["203.0.113.7, nonsense"]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &broken), ip("10.0.0.5"));
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &HeaderMap::new()),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn the_forwarded_header_is_read_only_when_it_is_the_one_chosen() {
        let forwarded = proxies(&["10.0.0.5"], ProxyHeader::Forwarded);
        let both = {
            let mut h = headers("forwarded", &["for=\"[2001:db8::1]:4711\";proto=https"]);
            h.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
            h
        };
        assert_eq!(forwarded.client(ip("10.0.0.5"), &both), ip("2001:db8::1"));
        let xff = proxies(&["10.0.0.5"], ProxyHeader::XForwardedFor);
        assert_eq!(xff.client(ip("10.0.0.5"), &both), ip("203.0.113.9"));
    }

    #[test]
    fn an_ipv4_peer_seen_through_ipv6_is_matched_as_ipv4() {
        let proxies = proxies(&["10.0.0.5"], ProxyHeader::XForwardedFor);
        let chain = headers("x-forwarded-for", &["203.0.113.7"]);
        assert_eq!(
            proxies.client(ip("::ffff:10.0.0.5"), &chain),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_network_is_an_address_or_a_prefix_and_anything_else_is_named() {
        assert_eq!(network("10.0.0.5").expect("ip").to_string(), "10.0.0.5/32");
        assert_eq!(network("fd00::/8").expect("net").to_string(), "fd00::/8");
        let refused = network("proxy.local").expect_err("refused");
        assert!(refused.contains("\"proxy.local\""), "{refused}");
    }
}
