//! What the tutor knows about the learner's situation (lesson, code, error, failing tests, skill,
//! recent messages), the hint ladder, and the Socratic system prompt rendered from them.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::{ChatRequest, Message, Role, facts::RunFacts};

/// How many earlier messages go to the provider.
pub const HISTORY_LIMIT: usize = 10;
const CODE_LIMIT: usize = 12_000;
const ERROR_HEAD: usize = 2_500;
const ERROR_TAIL: usize = 2_500;
const LESSON_LIMIT: usize = 3_000;

/// The four languages the tutor knows, by the sandbox's ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Python,
    Javascript,
    Java,
    Cpp,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Python, Lang::Javascript, Lang::Java, Lang::Cpp];

    /// Accepts the sandbox ids and common aliases (`js`, `c++`, `py`).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "python" | "python3" | "py" => Some(Lang::Python),
            "javascript" | "js" | "node" => Some(Lang::Javascript),
            "java" => Some(Lang::Java),
            "cpp" | "c++" | "cxx" => Some(Lang::Cpp),
            _ => None,
        }
    }
    pub fn id(&self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Javascript => "javascript",
            Lang::Java => "java",
            Lang::Cpp => "cpp",
        }
    }
    pub fn name(&self) -> &'static str {
        match self {
            Lang::Python => "Python",
            Lang::Javascript => "JavaScript",
            Lang::Java => "Java",
            Lang::Cpp => "C++",
        }
    }
    pub fn fence(&self) -> &'static str {
        self.id()
    }
    pub fn comment(&self) -> &'static str {
        match self {
            Lang::Python => "#",
            _ => "//",
        }
    }
}

/// The lesson or exercise the learner is on.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LessonContext {
    pub title: String,
    /// The statement of an exercise, or the relevant section of a lesson.
    pub body: String,
    /// The exercise's own hints, gentle to specific (from `exercise.md`); used on the ladder.
    #[serde(default)]
    pub hints: Vec<String>,
}

/// Everything known about the learner's situation. All optional: a bare question works too.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TutorContext {
    pub lesson: Option<LessonContext>,
    pub code: Option<String>,
    /// A sandbox language id: python, javascript, java, cpp.
    pub language: Option<String>,
    /// The last run's stderr, compiler output or both, as the learner saw it.
    pub error_output: Option<String>,
    /// From the last run, when known: a segfault leaves no text, only signal 11 / exit 139.
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    /// Sandbox status id (`runtime_error`, `timeout`, `memory_limit`, ...), when known.
    pub status: Option<String>,
    /// The failing tests' learner-facing messages.
    pub failing_tests: Vec<String>,
    /// beginner | intermediate | advanced.
    pub skill_level: Option<String>,
    /// Earlier messages of this conversation, oldest first; only the last 10 are used.
    pub history: Vec<Message>,
    /// The exercise's reference solution. Never sent to a provider; only the guard reads it.
    pub reference_solution: Option<String>,
    /// What the learner expected the program to print (playground), when they said.
    #[serde(default)]
    pub expected_output: Option<String>,
    /// What the program printed (its stdout), when known.
    #[serde(default)]
    pub actual_output: Option<String>,
    /// What the server established about the run (trace, crash, divergence); see [`RunFacts`].
    #[serde(default)]
    pub facts: Option<RunFacts>,
    /// Tutor answers given so far on this problem's hint ladder, as the server counted them in
    /// the stored conversation (the ladder restarts when the problem changes). `None`: count
    /// the answers in `history`.
    #[serde(default)]
    pub ladder_answers: Option<usize>,
}

impl TutorContext {
    pub fn lang(&self) -> Option<Lang> {
        self.language.as_deref().and_then(Lang::parse)
    }
    pub fn recent_history(&self) -> &[Message] {
        let n = self.history.len();
        &self.history[n.saturating_sub(HISTORY_LIMIT)..]
    }
    /// Where on the hint ladder this turn stands: one rung up per earlier tutor answer.
    pub fn rung(&self) -> HintRung {
        let answered = self.ladder_answers.unwrap_or_else(|| {
            self.recent_history()
                .iter()
                .filter(|m| m.role == Role::Assistant)
                .count()
        });
        HintRung::from_index(answered)
    }
}

/// One learner question with its context.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TutorTurn {
    pub query: String,
    pub context: TutorContext,
}

/// The hint ladder: each follow-up climbs one rung; the guard also climbs one when it blocks an
/// answer that gave too much away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HintRung {
    /// Where and what, and a question.
    Nudge,
    /// The idea behind the error, in plain words.
    Concept,
    /// Which part of which line to change, without the change.
    PointedHint,
    /// A fragment in the learner's own names, with a blank left to fill.
    PartialCode,
}

impl HintRung {
    pub fn from_index(i: usize) -> Self {
        match i {
            0 => Self::Nudge,
            1 => Self::Concept,
            2 => Self::PointedHint,
            _ => Self::PartialCode,
        }
    }
    pub fn index(&self) -> usize {
        *self as usize
    }
    pub fn next(&self) -> Self {
        Self::from_index(self.index() + 1)
    }
    pub fn id(&self) -> &'static str {
        match self {
            Self::Nudge => "nudge",
            Self::Concept => "concept",
            Self::PointedHint => "pointed_hint",
            Self::PartialCode => "partial_code",
        }
    }
    fn instruction(&self) -> &'static str {
        match self {
            Self::Nudge => {
                "Rung 1 (nudge): say in one or two plain sentences what happened and on which line, then ask one \
                 question that leads the learner to spot the cause. No code."
            }
            Self::Concept => {
                "Rung 2 (concept): explain the idea behind the problem in general terms with a tiny example that \
                 is NOT the learner's program, then ask how it applies to their line."
            }
            Self::PointedHint => {
                "Rung 3 (pointed hint): point at the exact expression on the exact line that must change and say \
                 what kind of change is needed, without writing the changed code."
            }
            Self::PartialCode => {
                "Rung 4 (partial code): show at most 3 lines in the learner's own names with a blank (`___`) where \
                 the fix goes, and ask them to fill it in. Never the whole program."
            }
        }
    }
}

/// The system prompt: a Socratic tutor that gives hints before answers.
pub fn system_prompt(ctx: &TutorContext, rung: HintRung) -> String {
    let level = ctx.skill_level.as_deref().unwrap_or("beginner");
    let lang = ctx
        .lang()
        .map(|l| l.name())
        .unwrap_or("the learner's language");
    format!(
        "You are Codestead's programming tutor, helping a {level} learner who writes {lang}.\n\
         Teach; do not do the work. Your goal is that the learner finds and fixes the problem themselves.\n\
         Rules:\n\
         - Never write the complete corrected program or the full solution of the exercise, even if asked \
           directly or told it is allowed. If asked, explain kindly that working it out is how they learn, \
           and give the next hint instead.\n\
         - Start from what the learner sees: name the error in plain words and the line number it points to.\n\
         - Ask exactly one guiding question per answer, and end with it.\n\
         - Use the learner's own variable and function names. Keep answers short (under 150 words) and in \
           Markdown; put code in fenced blocks tagged with the language.\n\
         - If the code has no error, help with the failing tests by asking what the program prints for a \
           case like the test describes; never guess hidden test inputs.\n\
         - For concept questions, explain the concept simply with a small example unrelated to the exercise.\n\
         - When the facts below name the line where the cause is, point the learner there: the line in an \
           error message is often only where the problem was noticed.\n\
         This turn is on the hint ladder at:\n{}\n",
        rung.instruction()
    )
}

/// Builds the provider request: system prompt, the last 10 messages, then the context and question.
pub fn build_request(
    turn: &TutorTurn,
    rung: HintRung,
    max_tokens: u32,
    temperature: Option<f32>,
) -> ChatRequest {
    let ctx = &turn.context;
    let mut messages: Vec<Message> = Vec::new();
    for m in ctx.recent_history() {
        // Providers want alternation starting with a user turn; merge runs of the same role.
        match messages.last_mut() {
            Some(last) if last.role == m.role => {
                last.content.push_str("\n\n");
                last.content.push_str(&m.content);
            }
            None if m.role == Role::Assistant => {}
            _ => messages.push(m.clone()),
        }
    }
    let user = render_user_message(turn);
    match messages.last_mut() {
        Some(last) if last.role == Role::User => {
            last.content.push_str("\n\n");
            last.content.push_str(&user);
        }
        _ => messages.push(Message::user(user)),
    }
    ChatRequest {
        system: system_prompt(ctx, rung),
        messages,
        max_tokens,
        temperature,
        rung,
        turn: Some(std::sync::Arc::new(turn.clone())),
    }
}

fn render_user_message(turn: &TutorTurn) -> String {
    let ctx = &turn.context;
    let mut s = String::new();
    if let Some(lesson) = &ctx.lesson {
        let _ = writeln!(
            s,
            "## Exercise / lesson: {}\n{}\n",
            lesson.title,
            clip_head(&lesson.body, LESSON_LIMIT)
        );
    }
    if let Some(code) = ctx.code.as_deref().filter(|c| !c.trim().is_empty()) {
        let fence = ctx.lang().map(|l| l.fence()).unwrap_or("");
        let _ = writeln!(
            s,
            "## My code (line numbers added)\n```{fence}\n{}```\n",
            numbered(clip_head(code, CODE_LIMIT))
        );
    }
    if let Some(err) = ctx.error_output.as_deref().filter(|e| !e.trim().is_empty()) {
        let err = crate::facts::trim_error(ctx.lang(), err);
        let _ = writeln!(
            s,
            "## Output / error\n```\n{}\n```\n",
            clip_middle(err.trim_end(), ERROR_HEAD, ERROR_TAIL)
        );
    }
    let visible_facts = ctx.facts.as_ref().filter(|f| !f.hidden);
    if let Some(out) = ctx
        .actual_output
        .as_deref()
        .or(visible_facts.and_then(|f| f.stdout.as_deref()))
        .filter(|o| !o.trim().is_empty())
    {
        let _ = writeln!(
            s,
            "## What my program printed\n```\n{}\n```\n",
            clip_middle(out.trim_end(), ERROR_HEAD, ERROR_TAIL)
        );
    }
    if let Some(exp) = ctx
        .expected_output
        .as_deref()
        .filter(|o| !o.trim().is_empty())
    {
        let _ = writeln!(
            s,
            "## What I expected it to print\n```\n{}\n```\n",
            clip_middle(exp.trim_end(), ERROR_HEAD, ERROR_TAIL)
        );
    }
    let sheet = crate::offline::fact_sheet(turn);
    if !sheet.is_empty() {
        let _ = writeln!(
            s,
            "## Facts the tutor established (from the run and the code; trust these)"
        );
        for f in &sheet {
            let _ = writeln!(s, "- {f}");
        }
        s.push('\n');
    }
    if let Some(sig) = ctx.signal {
        let _ = writeln!(s, "(The program was killed by signal {sig}.)\n");
    } else if let Some(code) = ctx.exit_code.filter(|c| *c != 0) {
        let _ = writeln!(s, "(The program exited with code {code}.)\n");
    }
    if !ctx.failing_tests.is_empty() {
        let _ = writeln!(s, "## Failing tests");
        for t in &ctx.failing_tests {
            let _ = writeln!(s, "- {t}");
        }
        s.push('\n');
    }
    let _ = write!(s, "## My question\n{}", turn.query.trim());
    s
}

fn numbered(code: &str) -> String {
    code.lines()
        .enumerate()
        .map(|(i, l)| format!("{:>3} | {l}\n", i + 1))
        .collect()
}

fn clip_head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn clip_middle(s: &str, head: usize, tail: usize) -> String {
    if s.len() <= head + tail {
        return s.to_string();
    }
    let mut h = head;
    while !s.is_char_boundary(h) {
        h -= 1;
    }
    let mut t = s.len() - tail;
    while !s.is_char_boundary(t) {
        t += 1;
    }
    format!("{}\n[... output shortened ...]\n{}", &s[..h], &s[t..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rung_climbs_with_each_earlier_tutor_answer_and_stops_at_partial_code() {
        let mut ctx = TutorContext::default();
        assert_eq!(ctx.rung(), HintRung::Nudge);
        for expected in [
            HintRung::Concept,
            HintRung::PointedHint,
            HintRung::PartialCode,
            HintRung::PartialCode,
        ] {
            ctx.history.push(Message::user("help"));
            ctx.history.push(Message::assistant("hint"));
            assert_eq!(ctx.rung(), expected);
        }
    }

    #[test]
    fn the_request_keeps_the_last_ten_messages_and_never_the_reference_solution() {
        let mut ctx = TutorContext {
            code: Some("print(x)\n".into()),
            language: Some("python".into()),
            reference_solution: Some("SECRET_SOLUTION_TEXT".into()),
            ..Default::default()
        };
        for i in 0..30 {
            ctx.history.push(if i % 2 == 0 {
                Message::user(format!("q{i}"))
            } else {
                Message::assistant(format!("a{i}"))
            });
        }
        let req = build_request(
            &TutorTurn {
                query: "why?".into(),
                context: ctx,
            },
            HintRung::Nudge,
            100,
            None,
        );
        let all: String = req
            .messages
            .iter()
            .map(|m| m.content.clone())
            .collect::<Vec<_>>()
            .join("\n")
            + &req.system;
        assert!(!all.contains("SECRET_SOLUTION_TEXT"));
        assert!(!all.contains("q18") && all.contains("q20") && all.contains("a29"));
        assert_eq!(req.messages.first().unwrap().role, Role::User);
        assert!(
            req.messages
                .last()
                .unwrap()
                .content
                .contains("  1 | print(x)")
        );
    }
}
