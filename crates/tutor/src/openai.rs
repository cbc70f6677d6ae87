//! Client for OpenAI-compatible Chat Completions endpoints (OpenAI, Ollama, vLLM, llama.cpp server,
//! LM Studio): `POST {base}/chat/completions` with `stream: true` and usage in the last chunk.

use async_trait::async_trait;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use crate::{
    ChatRequest, Chunk, ChunkStream, Provider, TutorConfig, TutorError,
    wire::{self, Verdict, WireParser},
};

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

pub struct OpenAiProvider {
    client: reqwest::Client,
    url: String,
    api_key: Option<SecretString>,
    model: String,
    config: TutorConfig,
}

impl OpenAiProvider {
    pub fn new(config: &TutorConfig) -> Result<Self, TutorError> {
        let client = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| TutorError::Config(format!("http client: {e}")))?;
        let base = config.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        Ok(Self {
            client,
            url: wire::join_url(base, "chat/completions"),
            api_key: config.api_key.clone(),
            model: config.model_or_default(),
            config: config.clone(),
        })
    }

    fn body(&self, req: &ChatRequest) -> Value {
        let mut messages = vec![json!({"role": "system", "content": req.system})];
        messages.extend(
            req.messages
                .iter()
                .map(|m| json!({"role": m.role.as_str(), "content": m.content})),
        );
        let mut body = json!({
            "model": self.model,
            "messages": messages,
            "stream": true,
            "stream_options": {"include_usage": true},
            "max_tokens": req.max_tokens,
        });
        if let Some(t) = req.temperature {
            body["temperature"] = json!(t);
        }
        body
    }
}

#[async_trait]
impl Provider for OpenAiProvider {
    fn name(&self) -> &'static str {
        "openai"
    }

    async fn stream(
        &self,
        req: ChatRequest,
        cancel: CancellationToken,
    ) -> Result<ChunkStream, TutorError> {
        let body = self.body(&req);
        let build = || {
            let rb = self
                .client
                .post(&self.url)
                .header("accept", "text/event-stream")
                .json(&body);
            // Local servers (Ollama, llama.cpp) need no key; send none rather than an empty bearer.
            match &self.api_key {
                Some(k) => rb.bearer_auth(k.expose_secret()),
                None => rb,
            }
        };
        let response = wire::send_with_retry(
            build,
            &self.config.retry,
            self.config.first_byte_timeout,
            &cancel,
            classify,
        )
        .await?;
        let chunks = wire::decode_sse(response.bytes_stream(), OpenAiParser::default());
        Ok(wire::guard_stream(chunks, self.config.idle_timeout, cancel))
    }
}

/// A 429 is retried unless it is the spend cap (`insufficient_quota`), which no wait can lift.
pub fn classify(status: StatusCode, body: &str) -> Verdict {
    let err: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let err = &err["error"];
    let code = err["code"].as_str().unwrap_or_default();
    let kind = err["type"].as_str().unwrap_or_default();
    let message = err["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| wire::excerpt(body));
    if code == "insufficient_quota"
        || kind == "insufficient_quota"
        || code == "billing_hard_limit_reached"
    {
        return Verdict::Quota(message);
    }
    if wire::is_retryable_status(status) {
        Verdict::Retry
    } else {
        Verdict::Fail(message)
    }
}

/// `chat.completion.chunk` objects, one per `data:` line, ending with `data: [DONE]`.
#[derive(Default)]
pub struct OpenAiParser {
    done: bool,
    finished_reason: bool,
    /// Any event at all arrived (SSE comments such as keep-alive pings do not count).
    answered: bool,
}

impl WireParser for OpenAiParser {
    fn on_event(&mut self, _event: &str, data: &str) -> Result<Vec<Chunk>, TutorError> {
        self.answered = true;
        let data = data.trim();
        if data == "[DONE]" {
            self.done = true;
            return Ok(vec![Chunk::Done]);
        }
        if data.is_empty() {
            return Ok(vec![]);
        }
        let v: Value = serde_json::from_str(data)
            .map_err(|e| TutorError::Protocol(format!("chunk JSON: {e}")))?;
        if let Some(err) = v.get("error").filter(|e| !e.is_null()) {
            return Err(TutorError::Stream {
                kind: err["type"]
                    .as_str()
                    .or(err["code"].as_str())
                    .unwrap_or("error")
                    .to_string(),
                message: err["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        let mut out = Vec::new();
        if let Some(choices) = v["choices"].as_array() {
            for choice in choices
                .iter()
                .filter(|c| c["index"].as_u64().unwrap_or(0) == 0)
            {
                if let Some(text) = choice["delta"]["content"]
                    .as_str()
                    .filter(|t| !t.is_empty())
                {
                    out.push(Chunk::Delta(text.to_string()));
                }
                if choice["finish_reason"].is_string() {
                    self.finished_reason = true;
                }
            }
        }
        if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
            out.push(Chunk::Usage {
                input_tokens: u["prompt_tokens"].as_u64().unwrap_or(0),
                output_tokens: u["completion_tokens"].as_u64().unwrap_or(0),
            });
        }
        Ok(out)
    }

    fn on_end(&mut self) -> Result<Vec<Chunk>, TutorError> {
        // Some compatible servers close after the finish_reason without `[DONE]`; that answer is
        // complete. Without either, the connection dropped mid-answer.
        if self.finished_reason {
            self.done = true;
            Ok(vec![Chunk::Done])
        } else if !self.answered {
            // A 200 that ends with no event: the server refused the request after it had
            // already sent the headers. llama-cpp-python's server does this for a prompt longer
            // than its context (it reads the prompt only once the stream has begun), so say
            // that nothing was answered rather than that an answer was cut.
            Err(TutorError::Transport(
                "stream ended before any answer arrived (the server closed it empty; \
                 llama-cpp-python's does so for a prompt longer than its context)"
                    .into(),
            ))
        } else {
            Err(TutorError::Transport(
                "stream ended before the answer was complete".into(),
            ))
        }
    }

    fn finished(&self) -> bool {
        self.done
    }
}
