//! Field rules shared by the account endpoints (garde custom validators) and the
//! normalisation applied once a value has passed them.

/// Passwords: at least 10 characters, at most 256, and not guessable. zxcvbn's
/// dictionaries include the common-password lists; a score of 0–1 means "in them or
/// trivially derived from them".
pub fn strong_password(value: &str, _ctx: &()) -> garde::Result {
    let chars = value.chars().count();
    if chars < 10 {
        return Err(garde::Error::new("must be at least 10 characters"));
    }
    if chars > 256 {
        return Err(garde::Error::new("must be at most 256 characters"));
    }
    let estimate = zxcvbn::zxcvbn(value, &[]);
    if (estimate.score() as u8) < 2 {
        return Err(garde::Error::new(
            "is too common or easy to guess; try a longer phrase of unrelated words",
        ));
    }
    Ok(())
}

const RESERVED_USERNAMES: &[&str] = &[
    "admin",
    "api",
    "root",
    "login",
    "logout",
    "register",
    "settings",
    "u",
    "me",
    "static",
    "assets",
    "playground",
    "learn",
    "projects",
    "tutor",
    "support",
    "codestead",
];

/// Usernames appear in public URLs (`/u/:username`): 3–30 of `a-z A-Z 0-9 _ -`,
/// starting with a letter or digit, not a reserved route name.
pub fn username(value: &str, _ctx: &()) -> garde::Result {
    let len = value.chars().count();
    if !(3..=30).contains(&len) {
        return Err(garde::Error::new("must be 3 to 30 characters"));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(garde::Error::new(
            "may contain only letters, digits, '_' and '-'",
        ));
    }
    if !value.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(garde::Error::new("must start with a letter or digit"));
    }
    if RESERVED_USERNAMES.contains(&value.to_ascii_lowercase().as_str()) {
        return Err(garde::Error::new("is reserved"));
    }
    Ok(())
}

/// A display name: 1–100 characters after trimming, no control characters.
pub fn name(value: &str, _ctx: &()) -> garde::Result {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(garde::Error::new("must not be empty"));
    }
    if trimmed.chars().count() > 100 {
        return Err(garde::Error::new("must be at most 100 characters"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(garde::Error::new("must not contain control characters"));
    }
    Ok(())
}

/// E-mail addresses compare case-insensitively and without surrounding spaces.
pub fn normalize_email(value: &str) -> String {
    value.trim().to_lowercase()
}

/// A username derived from an e-mail's local part when the learner gave none.
pub fn username_from_email(email: &str) -> String {
    let local: String = email
        .split('@')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(20)
        .collect();
    let local = local.trim_start_matches(['_', '-']);
    let base = if local.len() < 3 { "learner" } else { local };
    if RESERVED_USERNAMES.contains(&base.to_ascii_lowercase().as_str()) {
        "learner".to_owned()
    } else {
        base.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_common_passwords_are_refused() {
        assert!(strong_password("short", &()).is_err());
        assert!(strong_password("password123", &()).is_err());
        assert!(strong_password("1234567890", &()).is_err());
        assert!(strong_password("qwertyuiop", &()).is_err());
        assert!(strong_password("violet-otter-canyon-42", &()).is_ok());
    }

    #[test]
    fn usernames_follow_the_url_rules() {
        assert!(username("ada_l", &()).is_ok());
        assert!(username("ab", &()).is_err());
        assert!(username("-ada", &()).is_err());
        assert!(username("ada lovelace", &()).is_err());
        assert!(username("Admin", &()).is_err());
    }

    #[test]
    fn derived_usernames_are_valid() {
        for email in [
            "ada.lovelace@example.org",
            "x@y.z",
            "admin@example.org",
            "__a__b@c.d",
        ] {
            let derived = username_from_email(email);
            assert!(username(&derived, &()).is_ok(), "{email} -> {derived}");
        }
    }
}
