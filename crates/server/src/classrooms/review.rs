//! Review on code: line comments on a student's attempt at an assigned item, in threads
//! with replies, resolvable; the author is notified in the app.
//!
//! Who may read a thread, and the attempt under it: the attempt's author; a teacher of a
//! class the author is a student of whose assignments cover the item; and a student that
//! class's teacher paired to review the author. Those reviewers may start threads; the
//! author may reply. Anyone else gets the 404 of an attempt that does not exist.
//! An attempt never changes after it is graded, so a comment stays anchored to the code
//! it was written on; a new attempt is a new target with threads of its own.

use uuid::Uuid;

use codestead_store::classrooms::MemberRole;
use codestead_store::learning::Submission;
use codestead_store::review::{Comment, NewComment, Notification, ReviewPair};

use super::{ClassroomError, ClassroomResult, ClassroomService};

/// What a comment is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Submission(Uuid),
}

impl Target {
    /// `submission:<id>`. `file-version:<id>` is recognised and refused for now: a project
    /// file version is only the class's business once projects can be assigned.
    pub fn parse(value: &str) -> ClassroomResult<Self> {
        let bad = |m: &str| ClassroomError::Field {
            field: "target",
            message: m.to_owned(),
        };
        let (kind, id) = value
            .split_once(':')
            .ok_or_else(|| bad("must be `submission:<id>`"))?;
        let id = Uuid::parse_str(id).map_err(|_| bad("the id is not a UUID"))?;
        match kind {
            "submission" => Ok(Target::Submission(id)),
            "file-version" => Err(bad(
                "comments on project file versions come with project assignments, not available yet",
            )),
            _ => Err(bad("must be `submission:<id>`")),
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            Target::Submission(_) => "submission",
        }
    }

    pub fn id(self) -> Uuid {
        match self {
            Target::Submission(id) => id,
        }
    }

    pub fn to_wire(self) -> String {
        format!("{}:{}", self.kind(), self.id())
    }
}

/// The caller's standing on a target.
#[derive(Clone, Debug)]
pub struct Access {
    pub submission: Submission,
    /// The code's author.
    pub subject: Uuid,
    /// A teacher or paired peer (may start threads); otherwise the author (may reply).
    pub reviewer: bool,
}

/// A root comment with its replies, oldest first.
#[derive(Clone, Debug)]
pub struct Thread {
    pub root: Comment,
    pub replies: Vec<Comment>,
}

const MAX_BODY: usize = 5000;

impl ClassroomService {
    /// Whether `user` reviews `student`'s attempt at `content`: a teacher, or a paired
    /// peer, in a class that assigned the item.
    async fn reviews(&self, user: Uuid, student: Uuid, content: Uuid) -> ClassroomResult<bool> {
        let mut classes = self.store.classes_teaching(user, student).await?;
        classes.extend(self.store.review_pair_classes(user, student).await?);
        for class in classes {
            if self.store.member_role(class, student).await? != Some(MemberRole::Student) {
                continue;
            }
            if self
                .store
                .list_assignments(class)
                .await?
                .iter()
                .any(|a| a.content_ids.contains(&content))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub async fn access(&self, user: Uuid, target: Target) -> ClassroomResult<Access> {
        let not_found = ClassroomError::NotFound("submission");
        let Target::Submission(id) = target;
        let Some((owner, submission)) = self.store.find_submission(id).await? else {
            return Err(not_found);
        };
        if owner == user {
            return Ok(Access {
                submission,
                subject: owner,
                reviewer: false,
            });
        }
        if self.reviews(user, owner, submission.content_id).await? {
            return Ok(Access {
                submission,
                subject: owner,
                reviewer: true,
            });
        }
        Err(not_found)
    }

    pub async fn threads(&self, user: Uuid, target: Target) -> ClassroomResult<Vec<Thread>> {
        self.access(user, target).await?;
        let all = self.store.list_comments(target.kind(), target.id()).await?;
        let mut threads: Vec<Thread> = all
            .iter()
            .filter(|c| c.parent_id.is_none())
            .map(|c| Thread {
                root: c.clone(),
                replies: Vec::new(),
            })
            .collect();
        for c in all.into_iter().filter(|c| c.parent_id.is_some()) {
            if let Some(t) = threads.iter_mut().find(|t| Some(t.root.id) == c.parent_id) {
                t.replies.push(c);
            }
        }
        Ok(threads)
    }

    /// Starts a thread on lines `start..=end` (reviewers), or replies to one (`parent`;
    /// reviewers and the author). The other side is notified.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn comment(
        &self,
        user: Uuid,
        username: &str,
        target: Target,
        lines: (i32, i32),
        body: &str,
        parent: Option<Uuid>,
    ) -> ClassroomResult<Comment> {
        let access = self.access(user, target).await?;
        let body = body.trim();
        if body.is_empty() || body.chars().count() > MAX_BODY {
            return Err(ClassroomError::field(
                "body",
                format!("must be 1 to {MAX_BODY} characters"),
            ));
        }
        let (start, end, root) = match parent {
            Some(parent_id) => {
                let root = self
                    .store
                    .find_comment(parent_id)
                    .await?
                    .filter(|c| c.target_kind == target.kind() && c.target_id == target.id())
                    .ok_or_else(|| {
                        ClassroomError::field("parentId", "no comment on this target has this id")
                    })?;
                if root.parent_id.is_some() {
                    return Err(ClassroomError::field(
                        "parentId",
                        "reply to the thread's first comment",
                    ));
                }
                // A reply sits on its thread's lines.
                (root.start_line, root.end_line, Some(root))
            }
            None => {
                if !access.reviewer {
                    return Err(ClassroomError::field(
                        "parentId",
                        "on your own code you reply to a reviewer's comment",
                    ));
                }
                let count = access.submission.code.lines().count().max(1) as i32;
                let (start, end) = lines;
                if start < 1 || start > count {
                    return Err(ClassroomError::field(
                        "startLine",
                        format!("must be a line of the code, 1 to {count}"),
                    ));
                }
                if end < start || end > count {
                    return Err(ClassroomError::field(
                        "endLine",
                        format!("must be from startLine to {count}"),
                    ));
                }
                (start, end, None)
            }
        };
        let link = format!("/review/{}", target.to_wire());
        let notify = if user != access.subject {
            Some((
                access.subject,
                format!("{username} commented on your code (line {start})"),
            ))
        } else {
            root.as_ref().filter(|r| r.author_id != user).map(|r| {
                (
                    r.author_id,
                    format!("{username} replied to your comment (line {start})"),
                )
            })
        };
        let comment = self
            .store
            .insert_comment(
                NewComment {
                    target_kind: target.kind(),
                    target_id: target.id(),
                    subject_id: access.subject,
                    author_id: user,
                    parent_id: parent,
                    start_line: start,
                    end_line: end,
                    body,
                },
                notify
                    .as_ref()
                    .map(|(to, m)| (*to, m.as_str(), link.as_str())),
                self.now(),
            )
            .await?;
        metrics::counter!("review_comments_total").increment(1);
        Ok(comment)
    }

    /// Resolves or reopens a thread (anyone who may read it), or edits a comment's body
    /// (its author only).
    pub async fn update_comment(
        &self,
        user: Uuid,
        id: Uuid,
        body: Option<&str>,
        resolved: Option<bool>,
    ) -> ClassroomResult<Comment> {
        let not_found = || ClassroomError::NotFound("comment");
        let comment = self.store.find_comment(id).await?.ok_or_else(not_found)?;
        let target = match comment.target_kind.as_str() {
            "submission" => Target::Submission(comment.target_id),
            _ => return Err(not_found()),
        };
        // Reading it is the precondition for everything: otherwise it does not exist.
        self.access(user, target).await.map_err(|_| not_found())?;
        let body = match body {
            Some(b) => {
                if comment.author_id != user {
                    return Err(ClassroomError::field(
                        "body",
                        "only its author edits a comment",
                    ));
                }
                let b = b.trim();
                if b.is_empty() || b.chars().count() > MAX_BODY {
                    return Err(ClassroomError::field(
                        "body",
                        format!("must be 1 to {MAX_BODY} characters"),
                    ));
                }
                Some(b)
            }
            None => None,
        };
        if resolved.is_some() && comment.parent_id.is_some() {
            return Err(ClassroomError::field(
                "resolved",
                "resolve the thread's first comment",
            ));
        }
        Ok(self
            .store
            .update_comment(id, body, resolved, self.now())
            .await?)
    }

    /// A teacher pairs two students of the class: `reviewer` may then read and comment on
    /// `reviewee`'s attempts at the class's assignments.
    pub async fn pair(
        &self,
        class_id: Uuid,
        user: Uuid,
        reviewer: Uuid,
        reviewee: Uuid,
    ) -> ClassroomResult<()> {
        self.as_teacher(class_id, user).await?;
        for (who, field) in [(reviewer, "reviewerId"), (reviewee, "revieweeId")] {
            if self.store.member_role(class_id, who).await? != Some(MemberRole::Student) {
                return Err(ClassroomError::field(
                    field,
                    "must be a student of this class",
                ));
            }
        }
        if reviewer == reviewee {
            return Err(ClassroomError::field(
                "revieweeId",
                "a student does not review themself",
            ));
        }
        self.store
            .add_review_pair(class_id, reviewer, reviewee, self.now())
            .await?;
        Ok(())
    }

    pub async fn unpair(
        &self,
        class_id: Uuid,
        user: Uuid,
        reviewer: Uuid,
        reviewee: Uuid,
    ) -> ClassroomResult<()> {
        self.as_teacher(class_id, user).await?;
        if !self
            .store
            .remove_review_pair(class_id, reviewer, reviewee)
            .await?
        {
            return Err(ClassroomError::NotFound("review pair"));
        }
        Ok(())
    }

    pub async fn pairs(&self, class_id: Uuid, user: Uuid) -> ClassroomResult<Vec<ReviewPair>> {
        self.as_teacher(class_id, user).await?;
        Ok(self.store.list_review_pairs(class_id).await?)
    }

    pub async fn notifications(&self, user: Uuid) -> ClassroomResult<(Vec<Notification>, i64)> {
        let list = self.store.list_notifications(user, 50).await?;
        let unread = self.store.unread_notifications(user).await?;
        Ok((list, unread))
    }

    pub async fn unread(&self, user: Uuid) -> ClassroomResult<i64> {
        Ok(self.store.unread_notifications(user).await?)
    }

    pub async fn mark_read(&self, user: Uuid, ids: Option<&[Uuid]>) -> ClassroomResult<u64> {
        Ok(self
            .store
            .mark_notifications_read(user, ids, self.now())
            .await?)
    }
}
