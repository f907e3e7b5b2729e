//! The chat-completions request the shell sends, as data: OpenAI's `POST {base}/chat/completions` body, which
//! Ollama, the llama.cpp server, LM Studio, vLLM and compatible services accept.
//!
//! Structured output comes two ways ([`OutputMode`]): `response_format: {type: "json_schema", json_schema: {name,
//! strict, schema}}` for servers that constrain the answer to the schema, or the schema written into the system
//! message for servers without it (the answer is then extracted from the text and validated all the same). Streaming
//! is always off and the temperature 0, so the same prompt gives the same answer where the server allows it.

use serde::Serialize;

/// One chat message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatMessage {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// The message text.
    pub content: String,
}

crate::json_objects::json_object!(ChatMessage { role: "role", content: "content" });

impl ChatMessage {
    /// A message with this role and text.
    pub fn new(role: &str, content: impl Into<String>) -> Self {
        Self { role: role.to_owned(), content: content.into() }
    }
}

/// `response_format.json_schema`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonSchemaFormat {
    /// The schema's name (letters, digits, `_`, `-`).
    pub name: String,
    /// Ask the server to follow the schema exactly.
    pub strict: bool,
    /// The JSON schema of the answer.
    pub schema: serde_json::Value,
}

crate::json_objects::json_object!(JsonSchemaFormat { name: "name", strict: "strict", schema: "schema" });

/// `response_format`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseFormat {
    /// Always `json_schema`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The schema.
    pub json_schema: JsonSchemaFormat,
}

crate::json_objects::json_object!(ResponseFormat { kind: "type", json_schema: "json_schema" });

/// A chat-completions request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatRequest {
    /// The model name as the server knows it.
    pub model: String,
    /// The conversation.
    pub messages: Vec<ChatMessage>,
    /// 0: the most likely answer.
    pub temperature: f32,
    /// Always false: the shell reads one whole answer.
    pub stream: bool,
    /// The most tokens the answer may take.
    pub max_tokens: u32,
    /// The answer's schema, in [`OutputMode::JsonSchema`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_format: Option<ResponseFormat>,
}

crate::json_objects::json_object!(ChatRequest {
    model: "model",
    messages: "messages",
    temperature: "temperature",
    stream: "stream",
    max_tokens: "max_tokens",
    response_format: "response_format" = default,
});

/// How the answer's shape is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OutputMode {
    /// `response_format: {type: "json_schema", …}` (OpenAI, Ollama ≥ 0.5, llama.cpp, LM Studio, vLLM).
    #[default]
    JsonSchema,
    /// The schema is written into the system message; for servers that reject `response_format`.
    SchemaInPrompt,
}

crate::json_objects::json_enum!(OutputMode { JsonSchema: "jsonSchema", SchemaInPrompt: "schemaInPrompt" });

/// Builds a request: the system and user messages, with the schema attached as `mode` says.
pub fn chat_request(
    model: &str,
    system: &str,
    user: &str,
    schema_name: &str,
    schema: &serde_json::Value,
    mode: OutputMode,
    max_tokens: u32,
) -> ChatRequest {
    let (system, response_format) = match mode {
        OutputMode::JsonSchema => (
            system.to_owned(),
            Some(ResponseFormat {
                kind: "json_schema".to_owned(),
                json_schema: JsonSchemaFormat { name: schema_name.to_owned(), strict: true, schema: schema.clone() },
            }),
        ),
        OutputMode::SchemaInPrompt => (format!("{system}\n\n{}", schema_instruction(schema)), None),
    };
    ChatRequest {
        model: model.to_owned(),
        messages: vec![ChatMessage::new("system", system), ChatMessage::new("user", user)],
        temperature: 0.0,
        stream: false,
        max_tokens,
        response_format,
    }
}

/// The sentence and schema added to the system message in [`OutputMode::SchemaInPrompt`].
pub fn schema_instruction(schema: &serde_json::Value) -> String {
    format!(
        "Answer with one JSON object and nothing else (no prose, no code fence). It must match this JSON schema:\n{}",
        crate::json_text::to_string(schema).unwrap_or_default()
    )
}

/// Longest part of a rejected answer quoted back in a repair request.
const REPAIR_QUOTE_CHARS: usize = 4000;

/// The one repair request after an invalid answer: the original conversation, the model's answer (cut to
/// 4,000 characters), and a user message naming the problem and asking for JSON matching the schema only.
pub fn repair_request(original: &ChatRequest, answer: &str, problem: &str) -> ChatRequest {
    let mut request = original.clone();
    let quoted: String = answer.chars().take(REPAIR_QUOTE_CHARS).collect();
    request.messages.push(ChatMessage::new("assistant", quoted));
    request.messages.push(ChatMessage::new(
        "user",
        format!(
            "That answer cannot be used: {problem}. Answer again with only the JSON object, matching the schema exactly."
        ),
    ));
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_schema_mode_attaches_response_format_and_schema_mode_writes_it_into_the_prompt() {
        let schema = serde_json::json!({"type": "object"});
        let a = chat_request("llama3.1", "sys", "usr", "tasks", &schema, OutputMode::JsonSchema, 500);
        let v = serde_json::to_value(&a).expect("json");
        assert_eq!(v["response_format"]["type"], "json_schema");
        assert_eq!(v["response_format"]["json_schema"]["name"], "tasks");
        assert_eq!(v["stream"], false);
        assert_eq!(v["messages"][0]["content"], "sys");
        let b = chat_request("m", "sys", "usr", "tasks", &schema, OutputMode::SchemaInPrompt, 500);
        let v = serde_json::to_value(&b).expect("json");
        assert!(v.get("response_format").is_none());
        assert!(v["messages"][0]["content"].as_str().is_some_and(|s| s.contains("{\"type\":\"object\"}")));
    }

    #[test]
    fn repair_appends_the_answer_and_the_problem() {
        let schema = serde_json::json!({"type": "object"});
        let a = chat_request("m", "sys", "usr", "tasks", &schema, OutputMode::JsonSchema, 500);
        let r = repair_request(&a, "not json", "it is not JSON");
        assert_eq!(r.messages.len(), 4);
        assert_eq!(r.messages[2].role, "assistant");
        assert!(r.messages[3].content.contains("it is not JSON"));
    }
}
