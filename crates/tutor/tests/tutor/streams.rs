//! Byte-exact recorded streams of both providers through the parsers, cut into every chunk size
//! from one byte up, in LF and CRLF.

use codestead_tutor::{
    Chunk, TutorError,
    anthropic::AnthropicParser,
    openai::OpenAiParser,
    wire::{WireParser, decode_sse},
};
use futures_util::{StreamExt, stream};

use crate::helpers::stream_fixture;

const ANSWER: &str = "Look at **line 3**: the name `greting` is never defined.\n\nWhich name did you create on line 2 — is it spelled the same? ✏️";

async fn decode<P: WireParser>(
    bytes: &[u8],
    chunk: usize,
    parser: P,
) -> Vec<Result<Chunk, String>> {
    let parts: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(chunk).map(|c| Ok(c.to_vec())).collect();
    decode_sse(stream::iter(parts), parser)
        .map(|r| r.map_err(|e: TutorError| e.to_string()))
        .collect()
        .await
}

fn text_of(chunks: &[Result<Chunk, String>]) -> String {
    chunks
        .iter()
        .filter_map(|c| match c {
            Ok(Chunk::Delta(t)) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_openai_stream_decodes_to_the_answer_and_usage_at_every_chunking() {
    for file in ["openai_chat.sse", "openai_chat_crlf.sse"] {
        let bytes = stream_fixture(file);
        for chunk in [1, 2, 3, 7, 64, bytes.len()] {
            let out = decode(&bytes, chunk, OpenAiParser::default()).await;
            assert_eq!(text_of(&out), ANSWER, "{file} in {chunk}-byte chunks");
            assert!(
                out.contains(&Ok(Chunk::Usage {
                    input_tokens: 412,
                    output_tokens: 38
                })),
                "{file}/{chunk}: {out:?}"
            );
            assert_eq!(out.last(), Some(&Ok(Chunk::Done)), "{file}/{chunk}");
        }
    }
}

#[tokio::test]
async fn the_anthropic_stream_decodes_to_the_answer_and_final_usage_at_every_chunking() {
    for file in ["anthropic_messages.sse", "anthropic_messages_crlf.sse"] {
        let bytes = stream_fixture(file);
        for chunk in [1, 2, 5, 13, bytes.len()] {
            let out = decode(&bytes, chunk, AnthropicParser::default()).await;
            assert_eq!(text_of(&out), ANSWER, "{file} in {chunk}-byte chunks");
            // Output tokens come from message_delta (cumulative), not message_start's placeholder 1.
            assert!(
                out.contains(&Ok(Chunk::Usage {
                    input_tokens: 472,
                    output_tokens: 41
                })),
                "{out:?}"
            );
            assert_eq!(out.last(), Some(&Ok(Chunk::Done)));
        }
    }
}

#[tokio::test]
async fn data_split_over_two_lines_and_comment_lines_are_handled() {
    let out = decode(
        &stream_fixture("openai_multiline.sse"),
        4,
        OpenAiParser::default(),
    )
    .await;
    assert_eq!(text_of(&out), "two lines");
    assert_eq!(out.last(), Some(&Ok(Chunk::Done)));
}

#[tokio::test]
async fn an_error_event_inside_the_stream_ends_it_with_that_error() {
    let out = decode(
        &stream_fixture("anthropic_error.sse"),
        9,
        AnthropicParser::default(),
    )
    .await;
    assert_eq!(text_of(&out), "Look at ");
    let last = out.last().unwrap().as_ref().unwrap_err();
    assert!(last.contains("overloaded_error"), "{last}");

    let out = decode(
        &stream_fixture("openai_error.sse"),
        9,
        OpenAiParser::default(),
    )
    .await;
    assert_eq!(text_of(&out), "Look at ");
    assert!(
        out.last()
            .unwrap()
            .as_ref()
            .unwrap_err()
            .contains("server_error")
    );
}

#[tokio::test]
async fn a_stream_cut_before_its_terminator_reports_a_dropped_connection() {
    for (bytes, anthropic) in [
        (stream_fixture("openai_chat.sse"), false),
        (stream_fixture("anthropic_messages.sse"), true),
    ] {
        let cut = &bytes[..bytes.len() / 2];
        let out = if anthropic {
            decode(cut, 16, AnthropicParser::default()).await
        } else {
            decode(cut, 16, OpenAiParser::default()).await
        };
        assert!(!text_of(&out).is_empty());
        let last = out.last().unwrap().as_ref().unwrap_err();
        assert!(last.contains("stream ended"), "{last}");
    }
}

#[tokio::test]
async fn an_openai_stream_that_closes_empty_says_no_answer_arrived() {
    // What llama-cpp-python's server sends for a prompt longer than its context: a 200 whose
    // body ends with no event (keep-alive comments aside).
    for body in ["", ": ping - 2026-12-03 14:00:00.000000+00:00\r\n\r\n"] {
        let out = decode(body.as_bytes(), 7, OpenAiParser::default()).await;
        match out.as_slice() {
            [Err(e)] => assert!(e.contains("before any answer arrived"), "{e}"),
            other => panic!("{body:?}: {other:?}"),
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// However the network splits the bytes, and whichever line ending the server uses, the
    /// decoded answer is the same.
    #[test]
    fn any_split_of_a_recorded_stream_decodes_to_the_same_answer(
        cuts in proptest::collection::vec(0usize..3000, 0..40),
        crlf in proptest::bool::ANY,
        anthropic in proptest::bool::ANY,
    ) {
        let name = match (anthropic, crlf) {
            (false, false) => "openai_chat.sse",
            (false, true) => "openai_chat_crlf.sse",
            (true, false) => "anthropic_messages.sse",
            (true, true) => "anthropic_messages_crlf.sse",
        };
        let bytes = stream_fixture(name);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % bytes.len()).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut parts = Vec::new();
        let mut last = 0;
        for c in cuts.into_iter().chain([bytes.len()]) {
            parts.push(Ok::<_, std::io::Error>(bytes[last..c].to_vec()));
            last = c;
        }
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let out: Vec<Result<Chunk, String>> = rt.block_on(async {
            let s = if anthropic {
                decode_sse(stream::iter(parts), AnthropicParser::default())
            } else {
                decode_sse(stream::iter(parts), OpenAiParser::default())
            };
            s.map(|r| r.map_err(|e| e.to_string())).collect().await
        });
        proptest::prop_assert_eq!(text_of(&out), ANSWER);
        proptest::prop_assert_eq!(out.last(), Some(&Ok(Chunk::Done)));
    }
}
