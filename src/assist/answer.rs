//! Reading a chat-completions answer: from the HTTP body to the JSON the model wrote, with every way it can go
//! wrong named ([`AnswerError`]). What the JSON must contain is each task's business (see `detect_model`).
//!
//! The body must be a chat-completions response (`choices[0].message.content`); a `refusal`, a
//! `finish_reason` of `length` (cut off), an empty content or a body over [`MAX_ANSWER_BYTES`] are errors that
//! no repair can fix. The content may be bare JSON or JSON inside prose or a Markdown code fence (servers
//! without structured output): the first balanced `{…}` that parses is taken.

use serde::Serialize;

/// Largest answer body read (a model stuck in a loop can send megabytes).
pub const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// Why an answer cannot be used. `repairable` ones are worth one repair request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum AnswerError {
    /// The body is not JSON at all.
    #[error("The model server's answer is not JSON (it starts with “{start}”).")]
    NotJson {
        /// The first characters of the body.
        start: String,
    },
    /// The body is JSON but not a chat-completions response.
    #[error("The model server's answer has no message: {detail}.")]
    NotChatCompletion {
        /// What is missing.
        detail: String,
    },
    /// The server reports an error in the body.
    #[error("The model server reports an error: {message}")]
    ServerError {
        /// Its message.
        message: String,
    },
    /// The model refused.
    #[error("The model refused: {text}")]
    Refusal {
        /// The refusal text.
        text: String,
    },
    /// The answer was cut off at the token limit.
    #[error(
        "The model's answer was cut off at its length limit (finish_reason “length”); nothing was used. Try a shorter selection or a larger context window."
    )]
    Truncated,
    /// The body is larger than [`MAX_ANSWER_BYTES`].
    #[error("The model's answer is too large ({bytes} bytes, at most {max}); nothing was used.", max = MAX_ANSWER_BYTES)]
    TooLarge {
        /// The body's size.
        bytes: usize,
    },
    /// The message is empty.
    #[error("The model's answer is empty.")]
    Empty,
    /// The message holds no JSON object.
    #[error("The model's answer holds no JSON object.")]
    NoJson,
    /// The JSON does not match the task's schema.
    #[error("The model's answer does not match the expected shape: {detail}.")]
    Schema {
        /// What does not match.
        detail: String,
    },
}

impl AnswerError {
    /// Whether one repair request may help (the model answered, but not in the asked shape).
    pub fn repairable(&self) -> bool {
        matches!(self, Self::NoJson | Self::Schema { .. })
    }
}

#[derive()]
struct Completion {
    choices: Option<Vec<Choice>>,
    error: Option<ServerError>,
}

crate::json_objects::json_object!(Completion { choices: "choices" = default, error: "error" = default });

#[derive()]
struct ServerError {
    message: Option<String>,
}

crate::json_objects::json_object!(ServerError { message: "message" = default });

#[derive()]
struct Choice {
    message: Option<Message>,
    finish_reason: Option<String>,
}

crate::json_objects::json_object!(Choice { message: "message" = default, finish_reason: "finish_reason" = default });

#[derive()]
struct Message {
    content: Option<String>,
    refusal: Option<String>,
}

crate::json_objects::json_object!(Message { content: "content" = default, refusal: "refusal" = default });

/// The message text of a chat-completions response body.
pub fn message_content(body: &str) -> Result<String, AnswerError> {
    if body.len() > MAX_ANSWER_BYTES {
        return Err(AnswerError::TooLarge { bytes: body.len() });
    }
    let completion: Completion = crate::json_objects::from_str(body).map_err(|_| {
        if serde_json::from_str::<serde_json::Value>(body).is_ok() {
            AnswerError::NotChatCompletion { detail: "it is not a chat-completions response".to_owned() }
        } else {
            AnswerError::NotJson { start: body.trim().chars().take(40).collect() }
        }
    })?;
    if let Some(error) = completion.error {
        return Err(AnswerError::ServerError { message: error.message.unwrap_or_else(|| "no message".to_owned()) });
    }
    let choice = completion
        .choices
        .and_then(|c| c.into_iter().next())
        .ok_or_else(|| AnswerError::NotChatCompletion { detail: "no choices".to_owned() })?;
    let message = choice
        .message
        .ok_or_else(|| AnswerError::NotChatCompletion { detail: "no message in the choice".to_owned() })?;
    if let Some(text) = message.refusal.filter(|r| !r.trim().is_empty()) {
        return Err(AnswerError::Refusal { text });
    }
    if choice.finish_reason.as_deref() == Some("length") {
        return Err(AnswerError::Truncated);
    }
    let content = message.content.unwrap_or_default();
    if content.trim().is_empty() {
        return Err(AnswerError::Empty);
    }
    Ok(content)
}

/// The first JSON object in `content` that parses: the whole text, else each balanced `{…}` from the left
/// (strings and escapes respected), so prose and code fences around it are skipped.
pub fn extract_json(content: &str) -> Result<serde_json::Value, AnswerError> {
    let trimmed = content.trim();
    if let Ok(v @ serde_json::Value::Object(_)) = serde_json::from_str(trimmed) {
        return Ok(v);
    }
    let bytes = content.as_bytes();
    let mut from = 0;
    while let Some(i) = content[from..].find('{') {
        let start = from + i;
        if let Some(end) = balanced_end(bytes, start)
            && let Ok(v @ serde_json::Value::Object(_)) = serde_json::from_str(&content[start..end])
        {
            return Ok(v);
        }
        from = start + 1;
    }
    Err(AnswerError::NoJson)
}

/// One past the `}` closing the `{` at `start`, or None when it is not closed.
fn balanced_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(content: &str, finish: &str) -> String {
        serde_json::json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}]})
            .to_string()
    }

    #[test]
    fn content_is_read_and_each_failure_named() {
        assert_eq!(message_content(&body("{\"tasks\":[]}", "stop")), Ok("{\"tasks\":[]}".to_owned()));
        assert!(matches!(message_content("<html>502 Bad Gateway</html>"), Err(AnswerError::NotJson { .. })));
        assert!(matches!(message_content("{\"object\":\"list\"}"), Err(AnswerError::NotChatCompletion { .. })));
        assert_eq!(message_content(&body("{\"tasks\":[", "length")), Err(AnswerError::Truncated));
        assert_eq!(message_content(&body("  ", "stop")), Err(AnswerError::Empty));
        let refusal =
            serde_json::json!({"choices": [{"message": {"content": null, "refusal": "I can't help with that."}}]});
        assert!(matches!(message_content(&refusal.to_string()), Err(AnswerError::Refusal { .. })));
        let error = serde_json::json!({"error": {"message": "model 'x' not found"}});
        assert!(matches!(message_content(&error.to_string()), Err(AnswerError::ServerError { .. })));
        let huge = body(&"x".repeat(MAX_ANSWER_BYTES), "stop");
        assert!(matches!(message_content(&huge), Err(AnswerError::TooLarge { .. })));
    }

    #[test]
    fn json_is_found_inside_prose_and_fences() {
        let v = extract_json("Sure! Here it is:\n```json\n{\"tasks\": [{\"summary\": \"a } b\"}]}\n```").expect("json");
        assert_eq!(v["tasks"][0]["summary"], "a } b");
        assert_eq!(extract_json("no json {here"), Err(AnswerError::NoJson));
        assert!(AnswerError::NoJson.repairable() && !AnswerError::Truncated.repairable());
    }
}
