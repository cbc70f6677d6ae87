//! Tutor configuration: which provider, where, with which key and model; read from
//! `CODESTEAD_LLM_*` environment variables or built by the binary's own CLI parser.

use std::{str::FromStr, time::Duration};

use secrecy::SecretString;

use crate::TutorError;

/// Which backend answers the learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProviderKind {
    /// The built-in offline tutor: no network, no key.
    #[default]
    Offline,
    /// Any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio).
    OpenAi,
    /// The Anthropic Messages API.
    Anthropic,
}

impl FromStr for ProviderKind {
    type Err = TutorError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "offline" | "none" => Ok(Self::Offline),
            "openai" | "openai-compatible" | "ollama" | "vllm" | "llamacpp" | "lmstudio" => {
                Ok(Self::OpenAi)
            }
            "anthropic" | "claude" => Ok(Self::Anthropic),
            other => Err(TutorError::Config(format!(
                "unknown provider {other:?}; expected offline, openai or anthropic"
            ))),
        }
    }
}

impl ProviderKind {
    pub fn id(&self) -> &'static str {
        match self {
            Self::Offline => "offline",
            Self::OpenAi => "openai",
            Self::Anthropic => "anthropic",
        }
    }
}

/// Retry policy for 429/5xx/529 answers that arrive before the stream starts.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    /// First back-off; doubled on each retry, with jitter.
    pub base_delay: Duration,
    /// No single wait is longer than this; a `retry-after` beyond it ends the retries.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
        }
    }
}

/// Everything a provider needs. `Debug` never prints the key (secrecy).
#[derive(Clone, Debug)]
pub struct TutorConfig {
    pub provider: ProviderKind,
    /// Root of the API. OpenAI-compatible: including `/v1` (default `https://api.openai.com/v1`);
    /// Anthropic: `https://api.anthropic.com` (a trailing `/v1` is accepted).
    pub base_url: Option<String>,
    pub api_key: Option<SecretString>,
    pub model: Option<String>,
    pub max_tokens: u32,
    pub temperature: Option<f32>,
    /// Connecting, and waiting for the response headers.
    pub connect_timeout: Duration,
    pub first_byte_timeout: Duration,
    /// Longest silence between two stream events once streaming.
    pub idle_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for TutorConfig {
    fn default() -> Self {
        Self {
            provider: ProviderKind::Offline,
            base_url: None,
            api_key: None,
            model: None,
            max_tokens: 700,
            temperature: Some(0.3),
            connect_timeout: Duration::from_secs(5),
            first_byte_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

pub const ENV_PROVIDER: &str = "CODESTEAD_LLM_PROVIDER";
pub const ENV_BASE_URL: &str = "CODESTEAD_LLM_BASE_URL";
pub const ENV_API_KEY: &str = "CODESTEAD_LLM_API_KEY";
pub const ENV_MODEL: &str = "CODESTEAD_LLM_MODEL";
pub const ENV_MAX_TOKENS: &str = "CODESTEAD_LLM_MAX_TOKENS";
pub const ENV_TEMPERATURE: &str = "CODESTEAD_LLM_TEMPERATURE";

impl TutorConfig {
    /// Reads `CODESTEAD_LLM_PROVIDER`, `_BASE_URL`, `_API_KEY`, `_MODEL`, `_MAX_TOKENS` and
    /// `_TEMPERATURE`. Unset means offline, with the default length and temperature.
    pub fn from_env() -> Result<Self, TutorError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Same as [`from_env`](Self::from_env) over any key lookup (tests, clap-parsed values).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, TutorError> {
        let nonempty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let provider = nonempty(ENV_PROVIDER)
            .map(|p| p.parse())
            .transpose()?
            .unwrap_or_default();
        let defaults = Self::default();
        let max_tokens = match nonempty(ENV_MAX_TOKENS) {
            None => defaults.max_tokens,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    TutorError::Config(format!(
                        "{ENV_MAX_TOKENS} must be a whole number above 0, not {v:?}"
                    ))
                })?,
        };
        // 0 is greedy decoding: on a local model the same question then gets the same answer.
        let temperature = match nonempty(ENV_TEMPERATURE) {
            None => defaults.temperature,
            Some(v) => Some(
                v.trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|t| (0.0..=2.0).contains(t))
                    .ok_or_else(|| {
                        TutorError::Config(format!(
                            "{ENV_TEMPERATURE} must be between 0 and 2, not {v:?}"
                        ))
                    })?,
            ),
        };
        Ok(Self {
            provider,
            base_url: nonempty(ENV_BASE_URL),
            api_key: nonempty(ENV_API_KEY).map(SecretString::from),
            model: nonempty(ENV_MODEL),
            max_tokens,
            temperature,
            ..defaults
        })
    }

    /// The model to request: the configured one or a sensible default for the provider.
    pub fn model_or_default(&self) -> String {
        self.model.clone().unwrap_or_else(|| {
            match self.provider {
                ProviderKind::Offline => "offline",
                ProviderKind::OpenAi => "gpt-4o-mini",
                ProviderKind::Anthropic => "claude-sonnet-4-5",
            }
            .to_string()
        })
    }
}
