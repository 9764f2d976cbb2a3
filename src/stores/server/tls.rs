//! TLS for connections to a team's server, with libpq's `sslmode` meanings:
//!
//! - `disable`: no TLS.
//! - `prefer` (the default) and `require`: encrypted (`prefer` falls back to a plain
//!   connection when the server offers no TLS); the certificate is not checked, unless a
//!   root certificate is given, then as with `verify-ca`, as libpq does.
//! - `verify-ca`: the certificate must chain to the root certificate (`sslrootcert=FILE`,
//!   `PGSSLROOTCERT`, `~/.postgresql/root.crt`, or the public roots with
//!   `sslrootcert=system` or when none is given).
//! - `verify-full`: that, and the certificate must name the host.
//!
//! The PostgreSQL driver knows only `disable`, `prefer` and `require`; [`split`] takes the
//! verification settings out of the address and hands the driver the rest.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::verify_server_cert_signed_by_trust_anchor;
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use std::path::PathBuf;
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How much of the server's certificate is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verify {
    /// Encrypted, whoever the server is.
    Nothing,
    /// The certificate chains to a trusted root.
    Chain,
    /// That, and it names the host connected to.
    Full,
}

/// Where the trusted roots come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Roots {
    /// The public roots (Mozilla's, built in).
    System,
    File(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tls {
    pub verify: Verify,
    pub roots: Roots,
}

/// The address as the driver reads it (`verify-ca` and `verify-full` become `require`,
/// `sslrootcert` goes) and the TLS settings taken from it and the environment.
pub(super) fn split(url: &str) -> (String, Tls) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut kept = Vec::new();
    let mut mode = None;
    let mut root = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslrootcert" => root = Some(percent_decode(value)),
            "sslmode" if matches!(value, "verify-ca" | "verify-full") => {
                mode = Some(value.to_string());
                kept.push("sslmode=require".to_string());
            }
            _ => kept.push(pair.to_string()),
        }
    }
    let root = root
        .or_else(|| std::env::var("PGSSLROOTCERT").ok())
        .or_else(|| {
            let default = PathBuf::from(std::env::var_os("HOME")?).join(".postgresql/root.crt");
            default
                .exists()
                .then(|| default.to_string_lossy().into_owned())
        });
    let verify = match mode.as_deref() {
        Some("verify-full") => Verify::Full,
        Some(_) => Verify::Chain,
        None if root.as_deref().is_some_and(|r| r != "system") => Verify::Chain,
        None => Verify::Nothing,
    };
    let roots = match root {
        Some(file) if file != "system" => Roots::File(PathBuf::from(file)),
        _ => Roots::System,
    };
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, Tls { verify, roots })
}

/// `text` with every byte but letters, digits and `-._~/` written `%XX`, for a URL's query.
pub(super) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The driver's TLS connector for these settings.
pub(super) fn connector(tls: &Tls) -> Result<MakeRustlsConnect, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    match &tls.roots {
        Roots::System => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Roots::File(path) => {
            let certificates = CertificateDer::pem_file_iter(path)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| {
                    format!(
                        "the root certificate {} cannot be read: {e}",
                        path.display()
                    )
                })?;
            let (added, _) = roots.add_parsable_certificates(certificates);
            if added == 0 {
                return Err(format!(
                    "the root certificate {} holds no usable certificate",
                    path.display()
                ));
            }
        }
    }
    let roots = Arc::new(roots);
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let config = match tls.verify {
        Verify::Full => builder.with_root_certificates(roots).with_no_client_auth(),
        Verify::Chain | Verify::Nothing => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Lenient {
                roots: (tls.verify == Verify::Chain).then_some(roots),
                provider,
            }))
            .with_no_client_auth(),
    };
    Ok(MakeRustlsConnect::new(config))
}

/// Checks the handshake's signatures always, the certificate's chain when given roots, and
/// never the host name (`require` and `verify-ca`).
#[derive(Debug)]
struct Lenient {
    roots: Option<Arc<RootCertStore>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Lenient {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let Some(roots) = &self.roots else {
            return Ok(ServerCertVerified::assertion());
        };
        let certificate = rustls::server::ParsedCertificate::try_from(end_entity)?;
        verify_server_cert_signed_by_trust_anchor(
            &certificate,
            roots,
            intermediates,
            now,
            self.provider.signature_verification_algorithms.all,
        )?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_settings_leave_the_address_and_the_rest_stays() {
        let (url, tls) =
            split("postgres://anna@db/news?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt");
        assert_eq!(url, "postgres://anna@db/news?sslmode=require");
        assert_eq!(tls.verify, Verify::Full);
        assert_eq!(tls.roots, Roots::File(PathBuf::from("/etc/ca.crt")));
        let (url, tls) =
            split("postgres://anna@db/news?sslmode=verify-ca&sslrootcert=system&connect_timeout=3");
        assert_eq!(
            url,
            "postgres://anna@db/news?sslmode=require&connect_timeout=3"
        );
        assert_eq!((tls.verify, tls.roots), (Verify::Chain, Roots::System));
    }
}
