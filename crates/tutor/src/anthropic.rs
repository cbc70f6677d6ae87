//! Client for the Anthropic Messages API: `POST {base}/v1/messages` with `stream: true`, decoding
//! `message_start`, `content_block_delta`, `message_delta`, `message_stop`, `ping` and `error`.

use async_trait::async_trait;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use crate::{
    ChatRequest, Chunk, ChunkStream, Provider, TutorConfig, TutorError,
    wire::{self, Verdict, WireParser},
};

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";
pub const API_VERSION: &str = "2023-06-01";

pub struct AnthropicProvider {
    client: reqwest::Client,
    url: String,
    api_key: SecretString,
    model: String,
    config: TutorConfig,
}

impl AnthropicProvider {
    pub fn new(config: &TutorConfig) -> Result<Self, TutorError> {
        let api_key = config.api_key.clone().ok_or_else(|| {
            TutorError::Config("the anthropic provider needs CODESTEAD_LLM_API_KEY".into())
        })?;
        let client = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| TutorError::Config(format!("http client: {e}")))?;
        let base = config
            .base_url
            .as_deref()
            .unwrap_or(DEFAULT_BASE_URL)
            .trim_end_matches('/');
        let url = if base.ends_with("/v1") {
            wire::join_url(base, "messages")
        } else {
            wire::join_url(base, "v1/messages")
        };
        Ok(Self {
            client,
            url,
            api_key,
            model: config.model_or_default(),
            config: config.clone(),
        })
    }

    fn body(&self, req: &ChatRequest) -> Value {
        let messages: Vec<Value> = req
            .messages
            .iter()
            .map(|m| json!({"role": m.role.as_str(), "content": m.content}))
            .collect();
        let mut body = json!({
            "model": self.model,
            "system": req.system,
            "messages": messages,
            "max_tokens": req.max_tokens,
            "stream": true,
        });
        if let Some(t) = req.temperature {
            body["temperature"] = json!(t);
        }
        body
    }
}

#[async_trait]
impl Provider for AnthropicProvider {
    fn name(&self) -> &'static str {
        "anthropic"
    }

    async fn stream(
        &self,
        req: ChatRequest,
        cancel: CancellationToken,
    ) -> Result<ChunkStream, TutorError> {
        let body = self.body(&req);
        let build = || {
            self.client
                .post(&self.url)
                .header("x-api-key", self.api_key.expose_secret())
                .header("anthropic-version", API_VERSION)
                .header("accept", "text/event-stream")
                .json(&body)
        };
        let response = wire::send_with_retry(
            build,
            &self.config.retry,
            self.config.first_byte_timeout,
            &cancel,
            classify,
        )
        .await?;
        let chunks = wire::decode_sse(response.bytes_stream(), AnthropicParser::default());
        Ok(wire::guard_stream(chunks, self.config.idle_timeout, cancel))
    }
}

/// Billing errors (credit balance, spend limit) are never retried; `rate_limit_error` (429) and
/// `overloaded_error` (529) are.
pub fn classify(status: StatusCode, body: &str) -> Verdict {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let kind = v["error"]["type"].as_str().unwrap_or_default();
    let message = v["error"]["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| wire::excerpt(body));
    let lower = message.to_ascii_lowercase();
    let billing = kind == "billing_error"
        || status == StatusCode::PAYMENT_REQUIRED
        || lower.contains("credit balance")
        || lower.contains("spend limit")
        || lower.contains("usage limit");
    if billing {
        return Verdict::Quota(message);
    }
    if wire::is_retryable_status(status) {
        Verdict::Retry
    } else {
        Verdict::Fail(message)
    }
}

/// Anthropic's named events. Output tokens in `message_delta` are cumulative, so the last one wins.
#[derive(Default)]
pub struct AnthropicParser {
    input_tokens: u64,
    output_tokens: u64,
    done: bool,
}

impl WireParser for AnthropicParser {
    fn on_event(&mut self, event: &str, data: &str) -> Result<Vec<Chunk>, TutorError> {
        let parse = || -> Result<Value, TutorError> {
            serde_json::from_str(data)
                .map_err(|e| TutorError::Protocol(format!("{event} JSON: {e}")))
        };
        match event {
            "message_start" => {
                let v = parse()?;
                let u = &v["message"]["usage"];
                self.input_tokens = u["input_tokens"].as_u64().unwrap_or(0)
                    + u["cache_read_input_tokens"].as_u64().unwrap_or(0)
                    + u["cache_creation_input_tokens"].as_u64().unwrap_or(0);
                self.output_tokens = u["output_tokens"].as_u64().unwrap_or(0);
                Ok(vec![])
            }
            "content_block_delta" => {
                let v = parse()?;
                match v["delta"]["type"].as_str() {
                    Some("text_delta") => Ok(v["delta"]["text"]
                        .as_str()
                        .filter(|t| !t.is_empty())
                        .map(|t| vec![Chunk::Delta(t.to_string())])
                        .unwrap_or_default()),
                    // Thinking, signatures and tool input are not shown to the learner.
                    _ => Ok(vec![]),
                }
            }
            "message_delta" => {
                let v = parse()?;
                if let Some(out) = v["usage"]["output_tokens"].as_u64() {
                    self.output_tokens = out;
                }
                if let Some(inp) = v["usage"]["input_tokens"].as_u64() {
                    self.input_tokens = self.input_tokens.max(inp);
                }
                Ok(vec![])
            }
            "message_stop" => {
                self.done = true;
                Ok(vec![
                    Chunk::Usage {
                        input_tokens: self.input_tokens,
                        output_tokens: self.output_tokens,
                    },
                    Chunk::Done,
                ])
            }
            "error" => {
                let v = parse()?;
                Err(TutorError::Stream {
                    kind: v["error"]["type"].as_str().unwrap_or("error").to_string(),
                    message: v["error"]["message"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                })
            }
            // ping, content_block_start/stop and event types added later are ignored, as the
            // API's versioning policy asks.
            _ => Ok(vec![]),
        }
    }

    fn on_end(&mut self) -> Result<Vec<Chunk>, TutorError> {
        Err(TutorError::Transport(
            "stream ended before message_stop".into(),
        ))
    }

    fn finished(&self) -> bool {
        self.done
    }
}
