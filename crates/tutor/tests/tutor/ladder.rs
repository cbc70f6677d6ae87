//! The offline tutor's teaching behaviour: it climbs the hint ladder on follow-ups, links lessons,
//! answers concept questions from the curriculum, and streams like any provider.

use std::sync::Arc;

use codestead_tutor::{
    LessonHit, LessonSearch, Message, NoLessons, Tutor, TutorConfig, TutorContext, TutorEvent,
    TutorTurn,
};
use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

struct Curriculum;

impl LessonSearch for Curriculum {
    fn search(&self, query: &str, language: Option<&str>) -> Vec<LessonHit> {
        let lessons = [
            (
                "python-for-loops",
                "For loops",
                "for loop range",
                "A `for` loop repeats a block once for each item: `for name in names:`.",
            ),
            (
                "python-lists",
                "Lists",
                "lists indexing off by one",
                "List positions start at 0; the last is `len(items) - 1`.",
            ),
        ];
        lessons
            .iter()
            .filter(|(slug, _, keys, _)| {
                language.is_none_or(|l| slug.starts_with(l))
                    && query.split_whitespace().any(|w| keys.contains(w))
            })
            .map(|(slug, title, _, snippet)| LessonHit {
                slug: slug.to_string(),
                title: title.to_string(),
                snippet: snippet.to_string(),
            })
            .collect()
    }
}

fn index_error_turn(history: Vec<Message>) -> TutorTurn {
    TutorTurn {
        query: "I still don't get it".into(),
        context: TutorContext {
            code: Some("scores = [90, 85, 77]\ntotal = 0\nfor i in range(len(scores) + 1):\n    total += scores[i]\nprint(total)\n".into()),
            language: Some("python".into()),
            error_output: Some("Traceback (most recent call last):\n  File \"/sandbox/main.py\", line 4, in <module>\n    total += scores[i]\n             ~~~~~~^^^\nIndexError: list index out of range\n".into()),
            history,
            ..Default::default()
        },
    }
}

async fn answer(tutor: &Tutor, turn: TutorTurn) -> String {
    tutor
        .respond_text(turn, CancellationToken::new())
        .await
        .text
}

#[tokio::test]
async fn each_follow_up_climbs_one_rung_from_the_idea_to_the_learners_own_line_with_a_blank() {
    let tutor = Tutor::new(TutorConfig::default(), Arc::new(Curriculum)).unwrap();
    let mut history = Vec::new();
    let mut answers = Vec::new();
    for _ in 0..4 {
        let a = answer(&tutor, index_error_turn(history.clone())).await;
        history.push(Message::user("help"));
        history.push(Message::assistant(a.clone()));
        answers.push(a);
    }
    for a in &answers {
        assert!(a.contains("IndexError") && a.contains("line 4"), "{a}");
        assert!(
            a.contains("**Question:**"),
            "every rung asks a question: {a}"
        );
    }
    // The first answer already gives the idea (a next step, not only a question); each
    // follow-up climbs one rung from there.
    assert!(answers[0].contains("The idea") && !answers[0].contains("**Hint:**"));
    assert!(answers[1].contains("**Hint:**") && !answers[1].contains("```"));
    assert!(
        // The third rung blanks the bug line (the loop bound), not the line that crashed.
        answers[2].contains("```python\nfor i in range(___):"),
        "{}",
        answers[2]
    );
    assert!(
        answers[3].contains("```python\nfor i in range(___):")
            && answers[3].contains("After the change")
            && answers[3] != answers[2],
        "the last rung says what to do after the change: {}",
        answers[3]
    );
    assert!(
        answers[0].contains("[Lists](/learn/python-lists)"),
        "links the lesson: {}",
        answers[0]
    );
}

#[tokio::test]
async fn a_concept_question_is_answered_from_the_curriculum() {
    let tutor = Tutor::new(TutorConfig::default(), Arc::new(Curriculum)).unwrap();
    let turn = TutorTurn {
        query: "What is a for loop?".into(),
        context: TutorContext {
            language: Some("python".into()),
            ..Default::default()
        },
    };
    let a = answer(&tutor, turn).await;
    assert!(
        a.contains("A `for` loop repeats a block") && a.contains("/learn/python-for-loops"),
        "{a}"
    );
}

#[tokio::test]
async fn with_no_curriculum_match_a_concept_question_gets_the_built_in_explanation() {
    let tutor = Tutor::new(TutorConfig::default(), Arc::new(NoLessons)).unwrap();
    let turn = TutorTurn {
        query: "what's recursion?".into(),
        context: TutorContext::default(),
    };
    let a = answer(&tutor, turn).await;
    assert!(
        a.contains("**Recursion**") && a.contains("base case"),
        "{a}"
    );
}

#[tokio::test]
async fn the_offline_answer_streams_in_several_chunks_and_names_itself() {
    let tutor = Tutor::new(TutorConfig::default(), Arc::new(NoLessons)).unwrap();
    assert_eq!(tutor.provider_name(), "offline");
    let mut events = tutor.respond(index_error_turn(vec![]), CancellationToken::new());
    let mut deltas = 0;
    let mut summary = None;
    while let Some(e) = events.next().await {
        match e {
            TutorEvent::Delta(_) => deltas += 1,
            TutorEvent::Done(s) => summary = Some(s),
        }
    }
    assert!(deltas > 2, "{deltas} chunks");
    let s = summary.unwrap();
    assert_eq!(
        (s.provider, s.fallback_from, s.guarded),
        ("offline", None, false)
    );
}

#[test]
fn the_config_reads_the_documented_environment_variables() {
    use codestead_tutor::{ProviderKind, TutorConfig};
    use secrecy::ExposeSecret;
    let env = |k: &str| match k {
        "CODESTEAD_LLM_PROVIDER" => Some("anthropic".to_string()),
        "CODESTEAD_LLM_BASE_URL" => Some("http://127.0.0.1:9/".to_string()),
        "CODESTEAD_LLM_API_KEY" => Some("sk-secret".to_string()),
        "CODESTEAD_LLM_MODEL" => Some("claude-x".to_string()),
        "CODESTEAD_LLM_MAX_TOKENS" => Some("160".to_string()),
        "CODESTEAD_LLM_TEMPERATURE" => Some("0".to_string()),
        _ => None,
    };
    let c = TutorConfig::from_lookup(env).unwrap();
    assert_eq!(c.provider, ProviderKind::Anthropic);
    assert_eq!((c.max_tokens, c.temperature), (160, Some(0.0)));
    let defaults = TutorConfig::from_lookup(|_| None).unwrap();
    assert_eq!(
        (defaults.max_tokens, defaults.temperature),
        (700, Some(0.3))
    );
    for (key, bad) in [
        ("CODESTEAD_LLM_MAX_TOKENS", "0"),
        ("CODESTEAD_LLM_MAX_TOKENS", "lots"),
        ("CODESTEAD_LLM_TEMPERATURE", "3"),
    ] {
        let err = TutorConfig::from_lookup(|k| (k == key).then(|| bad.to_string())).unwrap_err();
        assert!(err.to_string().contains(key), "{err}");
    }
    assert_eq!(c.api_key.as_ref().unwrap().expose_secret(), "sk-secret");
    assert!(
        !format!("{c:?}").contains("sk-secret"),
        "Debug must not print the key"
    );
    assert_eq!(
        TutorConfig::from_lookup(|_| None).unwrap().provider,
        ProviderKind::Offline
    );
    assert!(
        TutorConfig::from_lookup(|k| (k == "CODESTEAD_LLM_PROVIDER").then(|| "gpt".to_string()))
            .is_err()
    );
}
