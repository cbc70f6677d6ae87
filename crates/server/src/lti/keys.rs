//! Codestead's own RSA key for LTI: it signs deep-linking responses and the client
//! assertions that buy AGS access tokens; platforms verify both against `/lti/jwks`.
//!
//! The private key is a PKCS#8 PEM file, by default `<data-dir>/lti-key.pem`, generated
//! (RSA 2048, aws-lc-rs) on first start and written 0600 like the JWT secret beside it.
//! Every server of a scale-out deployment must read the same file
//! (`CODESTEAD_LTI_KEY_FILE`). Rotation: move the file to `<file>.previous` and restart;
//! a new key is made, both are published (platforms cache JWKS for a while), and the
//! previous one can be deleted once every platform has fetched the new set.

use std::path::{Path, PathBuf};

use anyhow::Context;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{KeyPair as _, RsaKeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// One RSA key: its public JWK and, for the current key, what signs with it.
struct PublicJwk {
    kid: String,
    n: String,
    e: String,
}

/// The current signing key and the keys Codestead publishes.
pub struct ToolKeys {
    encoding: EncodingKey,
    /// The current key's public half, for tokens Codestead hands itself (deep-link forms).
    decoding: DecodingKey,
    kid: String,
    published: Vec<PublicJwk>,
}

impl std::fmt::Debug for ToolKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolKeys")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// Public parts and the key id of a PKCS#8 RSA key. The key id is the SHA-256 of the
/// modulus and exponent (stable across restarts, new with every key).
fn public_parts(pair: &RsaKeyPair) -> PublicJwk {
    let public = pair.public_key();
    let n = public.modulus().big_endian_without_leading_zero().to_vec();
    let e = public.exponent().big_endian_without_leading_zero().to_vec();
    let mut digest = Sha256::new();
    digest.update(&n);
    digest.update(&e);
    let kid = URL_SAFE_NO_PAD.encode(&digest.finalize()[..16]);
    PublicJwk {
        kid,
        n: URL_SAFE_NO_PAD.encode(n),
        e: URL_SAFE_NO_PAD.encode(e),
    }
}

fn read_pem(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn parse_pem(path: &Path, bytes: &[u8]) -> anyhow::Result<(RsaKeyPair, Vec<u8>)> {
    let text = std::str::from_utf8(bytes).context("the LTI key file is not PEM text")?;
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .with_context(|| format!("{} is not PEM", path.display()))?;
    let pair = RsaKeyPair::from_pkcs8(&der)
        .map_err(|e| anyhow::anyhow!("{} is not a PKCS#8 RSA key: {e}", path.display()))?;
    Ok((pair, der))
}

fn to_pem(der: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN PRIVATE KEY-----\n");
    for chunk in encoded.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        pem.push('\n');
    }
    pem.push_str("-----END PRIVATE KEY-----\n");
    pem
}

/// The PKCS#1 `RSAPrivateKey` inside a PKCS#8 `PrivateKeyInfo`, which is what
/// jsonwebtoken's aws-lc backend signs with. PrivateKeyInfo is
/// `SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING privateKey, … }`.
fn pkcs1_from_pkcs8(der: &[u8]) -> anyhow::Result<Vec<u8>> {
    fn element(input: &[u8]) -> anyhow::Result<(u8, &[u8], &[u8])> {
        anyhow::ensure!(input.len() >= 2, "truncated DER");
        let tag = input[0];
        let (len, header) = match input[1] {
            l if l < 0x80 => (usize::from(l), 2),
            0x81 => (usize::from(*input.get(2).context("truncated DER")?), 3),
            0x82 => (
                usize::from(*input.get(2).context("truncated DER")?) << 8
                    | usize::from(*input.get(3).context("truncated DER")?),
                4,
            ),
            _ => anyhow::bail!("unsupported DER length"),
        };
        let end = header + len;
        anyhow::ensure!(input.len() >= end, "truncated DER");
        Ok((tag, &input[header..end], &input[end..]))
    }
    let (tag, info, _) = element(der)?;
    anyhow::ensure!(tag == 0x30, "PKCS#8 is not a SEQUENCE");
    let (_, _version, rest) = element(info)?;
    let (_, _algorithm, rest) = element(rest)?;
    let (tag, key, _) = element(rest)?;
    anyhow::ensure!(tag == 0x04, "PKCS#8 private key is not an OCTET STRING");
    Ok(key.to_vec())
}

/// Writes a new key to `path` (0600, never over an existing file).
fn generate(path: &Path) -> anyhow::Result<Vec<u8>> {
    let pair = RsaKeyPair::generate(KeySize::Rsa2048)
        .map_err(|_| anyhow::anyhow!("generating the LTI RSA key failed"))?;
    let der = pair
        .as_der()
        .map_err(|_| anyhow::anyhow!("encoding the LTI RSA key failed"))?;
    let pem = to_pem(der.as_ref());
    match crate::platform::private::create_private(path, pem.as_bytes()) {
        Ok(()) => {
            tracing::info!(path = %path.display(), "generated the LTI signing key");
            Ok(pem.into_bytes())
        }
        // Another server of the deployment made it first: that one is the key.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_pem(path)?.context("the LTI key file vanished")
        }
        Err(e) => Err(e).with_context(|| format!("writing {}", path.display())),
    }
}

impl ToolKeys {
    /// The key at `path` (made on first start) and, if present, `<path>.previous`.
    pub fn load_or_generate(path: &Path) -> anyhow::Result<Self> {
        let pem = match read_pem(path)? {
            Some(pem) => pem,
            None => generate(path)?,
        };
        let (pair, der) = parse_pem(path, &pem)?;
        let current = public_parts(&pair);
        let decoding = DecodingKey::from_rsa_components(&current.n, &current.e)
            .context("the LTI key's public half")?;
        let encoding = EncodingKey::from_rsa_der(&pkcs1_from_pkcs8(&der)?);
        let mut published = vec![];
        let previous_path = previous_of(path);
        if let Some(previous) = read_pem(&previous_path)? {
            let (old, _) = parse_pem(&previous_path, &previous)?;
            let old = public_parts(&old);
            if old.kid != current.kid {
                published.push(old);
            }
        }
        let kid = current.kid.clone();
        published.insert(0, current);
        Ok(Self {
            encoding,
            decoding,
            kid,
            published,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The JWKS document served at `/lti/jwks`: the current key first.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .published
            .iter()
            .map(|k| {
                json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": k.kid, "n": k.n, "e": k.e})
            })
            .collect();
        json!({ "keys": keys })
    }

    /// An RS256 JWT of `claims`, with this key's `kid`.
    pub fn sign(&self, claims: &impl Serialize) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        header.typ = Some("JWT".into());
        jsonwebtoken::encode(&header, claims, &self.encoding)
    }
}

impl ToolKeys {
    /// Claims of a token this server signed for `audience`, unexpired by `now` (Unix
    /// seconds; the service's clock, not the OS's, so tests can move it).
    pub fn verify_own<T: DeserializeOwned>(
        &self,
        token: &str,
        audience: &str,
        now: i64,
    ) -> Option<T> {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_exp = false;
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "aud"]);
        let data = jsonwebtoken::decode::<Value>(token, &self.decoding, &validation).ok()?;
        let exp = data.claims.get("exp").and_then(Value::as_i64)?;
        if exp < now {
            return None;
        }
        serde_json::from_value(data.claims).ok()
    }
}

/// Where a rotated-out key is kept while platforms still cache it.
pub fn previous_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".previous");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_signs_tokens_its_published_jwk_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lti-key.pem");
        let keys = ToolKeys::load_or_generate(&path).unwrap();
        let token = keys
            .sign(&json!({"sub": "x", "exp": 4_000_000_000u64}))
            .unwrap();
        let jwks: jsonwebtoken::jwk::JwkSet = serde_json::from_value(keys.jwks()).unwrap();
        let jwk = jwks.find(keys.kid()).expect("current key published");
        let decoding = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap();
        let mut validation = jsonwebtoken::Validation::new(Algorithm::RS256);
        validation.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<Value>(&token, &decoding, &validation).unwrap();
        assert_eq!(data.claims["sub"], "x");
        // The file is reused on the next start: same key id.
        let again = ToolKeys::load_or_generate(&path).unwrap();
        assert_eq!(again.kid(), keys.kid());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the private key is readable by others");
        }
    }

    #[test]
    fn a_rotated_key_stays_published_beside_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lti-key.pem");
        let old = ToolKeys::load_or_generate(&path).unwrap();
        std::fs::rename(&path, previous_of(&path)).unwrap();
        let new = ToolKeys::load_or_generate(&path).unwrap();
        assert_ne!(old.kid(), new.kid());
        let kids: Vec<String> = new.jwks()["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(kids, vec![new.kid().to_owned(), old.kid().to_owned()]);
    }
}
