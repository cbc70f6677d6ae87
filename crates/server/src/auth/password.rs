//! argon2id password hashing with OWASP parameters, rehash-on-login when parameters
//! change, and a dummy verification for unknown e-mails so timing does not reveal them.

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};

use crate::config::PasswordHashing;

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// A hash of a random password with the current parameters: verifying against it
    /// costs what a real verification costs.
    dummy_hash: String,
}

pub struct Verification {
    pub valid: bool,
    /// The stored hash used other parameters than the current ones.
    pub needs_rehash: bool,
}

impl PasswordHasher {
    pub fn new(cost: PasswordHashing) -> Self {
        let params = match cost {
            // OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
            PasswordHashing::Owasp => Params::new(19 * 1024, 2, 1, None),
            PasswordHashing::Test => Params::new(Params::MIN_M_COST, 1, 1, None),
        }
        .expect("static argon2 parameters are valid");
        let mut hasher = Self {
            params,
            dummy_hash: String::new(),
        };
        let random: [u8; 16] = rand::random();
        hasher.dummy_hash = hasher
            .hash(&hex(&random))
            .expect("hashing a random password");
        hasher
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// CPU-heavy: call from `spawn_blocking`.
    pub fn hash(&self, password: &str) -> Result<String, argon2::password_hash::Error> {
        Ok(self
            .argon2()
            .hash_password(password.as_bytes())?
            .to_string())
    }

    /// CPU-heavy: call from `spawn_blocking`. `stored = None` burns the same time.
    pub fn verify(&self, password: &str, stored: Option<&str>) -> Verification {
        let target = stored.unwrap_or(&self.dummy_hash);
        let Ok(parsed) = PasswordHash::new(target) else {
            return Verification {
                valid: false,
                needs_rehash: false,
            };
        };
        let valid = self
            .argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        let needs_rehash = match Params::try_from(&parsed) {
            Ok(p) => {
                p.m_cost() != self.params.m_cost()
                    || p.t_cost() != self.params.t_cost()
                    || p.p_cost() != self.params.p_cost()
            }
            Err(_) => true,
        };
        Verification {
            valid: valid && stored.is_some(),
            needs_rehash,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let hasher = PasswordHasher::new(PasswordHashing::Test);
        let hash = hasher.hash("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(hasher.verify("correct horse battery", Some(&hash)).valid);
        assert!(!hasher.verify("correct horse batterY", Some(&hash)).valid);
    }

    #[test]
    fn an_unknown_user_never_verifies() {
        let hasher = PasswordHasher::new(PasswordHashing::Test);
        assert!(!hasher.verify("anything at all", None).valid);
    }

    #[test]
    fn hashes_made_with_other_parameters_ask_for_a_rehash() {
        let cheap = PasswordHasher::new(PasswordHashing::Test);
        let strong = PasswordHasher::new(PasswordHashing::Owasp);
        let old = cheap.hash("long enough password").unwrap();
        let result = strong.verify("long enough password", Some(&old));
        assert!(result.valid);
        assert!(result.needs_rehash);
        assert!(
            !cheap
                .verify("long enough password", Some(&old))
                .needs_rehash
        );
    }
}
