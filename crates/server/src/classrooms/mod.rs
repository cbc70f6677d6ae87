//! Classrooms: classes with a join code, their teachers and students, assignments, the
//! teacher's progress grid and the students' view of what is due.
//!
//! Who sees what: a class's teachers see its members, its assignments and, for its
//! students, only what the class needs — progress, attempts and time on the assigned
//! items, and a count of tutor questions (never the conversations, never playground
//! code or projects). A student sees the class's name, its teachers and the assignments
//! that have opened. Anyone else is told the class does not exist (404), whatever the id.
//!
//! The service never speaks HTTP: it returns [`ClassroomError`], whose `code()` is stable;
//! `http::classrooms` maps it to statuses.

pub mod grid;
pub mod regrade;
pub mod review;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::Rng;
use uuid::Uuid;

use codestead_curriculum::{Curriculum, ItemKind};
use codestead_store::accounts::Role;
use codestead_store::classrooms::{
    Assignment, AssignmentPatch, Class, ClassMembership, ClassPatch, Member, MemberRole,
    NewAssignment,
};
use codestead_store::{Store, StoreError};

use crate::auth::service::Principal;
use crate::domain::ErrorCode;
use crate::exec::queue::JobQueue;
use crate::platform::clock::Clock;

/// Why a classroom request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ClassroomError {
    /// No such class, assignment, student or submission — or not one the caller may see.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Creating classes needs the `teacher` role.
    #[error("only teachers may create classes")]
    NotATeacher,
    /// The caller is a student of the class, and this is for its teachers.
    #[error("only the class's teachers may do this")]
    NotClassTeacher,
    /// Self-service teacher accounts are switched off on this server.
    #[error("self-service teacher accounts are off")]
    SelfServiceOff,
    /// A bad value; `field` is its camelCase name in the request.
    #[error("{field}: {message}")]
    Field {
        field: &'static str,
        message: String,
    },
    #[error("no class has this join code")]
    JoinCodeUnknown,
    #[error("this join code has expired")]
    JoinCodeExpired,
    #[error("a class keeps at least one teacher")]
    LastTeacher,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ClassroomError {
    /// The stable code a client may match on.
    pub fn code(&self) -> ErrorCode {
        match self {
            ClassroomError::NotFound(_) => ErrorCode::NotFound,
            ClassroomError::NotATeacher => ErrorCode::TeacherOnly,
            ClassroomError::NotClassTeacher => ErrorCode::ClassTeacherOnly,
            ClassroomError::SelfServiceOff => ErrorCode::TeacherSelfServiceOff,
            ClassroomError::Field { .. } => ErrorCode::ValidationFailed,
            ClassroomError::JoinCodeUnknown => ErrorCode::JoinCodeInvalid,
            ClassroomError::JoinCodeExpired => ErrorCode::JoinCodeExpired,
            ClassroomError::LastTeacher => ErrorCode::LastTeacher,
            ClassroomError::Store(e) => crate::domain::store_code(e),
        }
    }

    fn field(field: &'static str, message: impl Into<String>) -> Self {
        ClassroomError::Field {
            field,
            message: message.into(),
        }
    }
}

pub type ClassroomResult<T> = Result<T, ClassroomError>;

impl crate::domain::DomainError for ClassroomError {
    fn code(&self) -> ErrorCode {
        ClassroomError::code(self)
    }
}

/// Join codes: 8 letters and digits without look-alikes (no 0/O, 1/I/L), shown in
/// upper case and read case-insensitively. 31^8 ≈ 8.5e11 codes: with the per-user rate
/// limit, guessing one is hopeless; a teacher can rotate a code that leaked.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 8;
/// Programming languages an assignment may allow.
pub const LANGUAGES: [&str; 4] = ["python", "javascript", "java", "cpp"];

fn new_join_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// A code as typed by a student: spaces and dashes dropped, upper-cased.
pub fn normalise_join_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// What a new assignment asks for (the HTTP layer has checked shapes).
#[derive(Clone, Debug)]
pub struct AssignmentSpec {
    /// `item` or `module`.
    pub kind: String,
    /// An item's id or slug, or a module's slug.
    pub target: String,
    pub title: Option<String>,
    pub opens_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub allow_late: bool,
    pub allowed_languages: Vec<String>,
}

/// A class as its members see it.
#[derive(Clone, Debug)]
pub struct ClassView {
    pub class: Class,
    pub role: MemberRole,
    pub teachers: Vec<Member>,
    pub students: i64,
}

/// An assignment as a student sees it, with where they stand.
#[derive(Clone, Debug)]
pub struct StudentAssignment {
    pub assignment: Assignment,
    pub class_name: String,
    pub status: grid::CellStatus,
    pub late: bool,
    pub completed_items: usize,
}

pub struct ClassroomService {
    store: Store,
    curriculum: Arc<Curriculum>,
    clock: Arc<dyn Clock>,
    /// `--teacher-self-service`: any signed-in user may make themself a teacher.
    self_service: bool,
    /// Re-grades run through the execution queue's bulk lane; none: they cannot grade.
    queue: Option<Arc<dyn JobQueue>>,
}

impl ClassroomService {
    pub fn new(
        store: Store,
        curriculum: Arc<Curriculum>,
        clock: Arc<dyn Clock>,
        self_service: bool,
    ) -> Self {
        Self {
            store,
            curriculum,
            clock,
            self_service,
            queue: None,
        }
    }

    /// The execution queue re-grades go through (see `regrade`).
    pub fn with_queue(mut self, queue: Arc<dyn JobQueue>) -> Self {
        self.queue = Some(queue);
        self
    }

    pub fn curriculum(&self) -> &Curriculum {
        &self.curriculum
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Admins run classes too; everyone else needs the `teacher` role.
    fn may_teach(principal: &Principal) -> bool {
        matches!(principal.role, Role::Teacher | Role::Admin)
    }

    /// Refuses unless self-service is on; the caller then sets the role (which also drops
    /// the user's cached sessions).
    pub fn check_self_service(&self) -> ClassroomResult<()> {
        if self.self_service {
            Ok(())
        } else {
            Err(ClassroomError::SelfServiceOff)
        }
    }

    /// The class and the caller's role in it; a non-member gets the same 404 as a class
    /// that does not exist, so ids cannot be probed.
    async fn membership(&self, class_id: Uuid, user: Uuid) -> ClassroomResult<(Class, MemberRole)> {
        let role = self
            .store
            .member_role(class_id, user)
            .await?
            .ok_or(ClassroomError::NotFound("class"))?;
        let class = self
            .store
            .find_class(class_id)
            .await?
            .ok_or(ClassroomError::NotFound("class"))?;
        Ok((class, role))
    }

    /// The class, if the caller teaches it.
    pub async fn as_teacher(&self, class_id: Uuid, user: Uuid) -> ClassroomResult<Class> {
        match self.membership(class_id, user).await? {
            (class, MemberRole::Teacher) => Ok(class),
            (_, MemberRole::Student) => Err(ClassroomError::NotClassTeacher),
        }
    }

    fn check_name(name: &str) -> ClassroomResult<String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(ClassroomError::field("name", "must be 1 to 120 characters"));
        }
        Ok(name.to_owned())
    }

    fn check_expiry(&self, expires: Option<DateTime<Utc>>) -> ClassroomResult<()> {
        match expires {
            Some(at) if at <= self.now() => Err(ClassroomError::field(
                "joinCodeExpiresAt",
                "must be in the future",
            )),
            _ => Ok(()),
        }
    }

    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn create_class(
        &self,
        principal: &Principal,
        name: &str,
        join_code_expires_at: Option<DateTime<Utc>>,
    ) -> ClassroomResult<Class> {
        if !Self::may_teach(principal) {
            return Err(ClassroomError::NotATeacher);
        }
        let name = Self::check_name(name)?;
        self.check_expiry(join_code_expires_at)?;
        // A clash of random codes is rare; the unique index decides, and we draw again.
        for _ in 0..5 {
            match self
                .store
                .create_class(
                    &name,
                    &new_join_code(),
                    join_code_expires_at,
                    principal.user_id,
                    self.now(),
                )
                .await
            {
                Err(StoreError::Conflict { field: "join_code" }) => continue,
                other => {
                    if other.is_ok() {
                        metrics::counter!("classes_created_total").increment(1);
                    }
                    return Ok(other?);
                }
            }
        }
        Err(ClassroomError::Store(StoreError::Conflict {
            field: "join_code",
        }))
    }

    pub async fn my_classes(&self, user: Uuid) -> ClassroomResult<Vec<ClassMembership>> {
        Ok(self.store.classes_of(user).await?)
    }

    pub async fn class(&self, class_id: Uuid, user: Uuid) -> ClassroomResult<ClassView> {
        let (class, role) = self.membership(class_id, user).await?;
        let members = self.store.list_members(class_id).await?;
        let students = members
            .iter()
            .filter(|m| m.role == MemberRole::Student)
            .count() as i64;
        Ok(ClassView {
            class,
            role,
            teachers: members
                .into_iter()
                .filter(|m| m.role == MemberRole::Teacher)
                .collect(),
            students,
        })
    }

    /// Renames, rotates the join code (`rotate`), or sets/clears its expiry.
    pub async fn update_class(
        &self,
        class_id: Uuid,
        user: Uuid,
        name: Option<&str>,
        rotate: bool,
        expires: Option<Option<DateTime<Utc>>>,
    ) -> ClassroomResult<Class> {
        self.as_teacher(class_id, user).await?;
        let name = name.map(Self::check_name).transpose()?;
        if let Some(at) = expires {
            self.check_expiry(at)?;
        }
        for _ in 0..5 {
            let patch = ClassPatch {
                name: name.clone(),
                join_code: rotate.then(new_join_code),
                join_code_expires_at: expires,
            };
            match self.store.update_class(class_id, patch, self.now()).await {
                Err(StoreError::Conflict { field: "join_code" }) if rotate => continue,
                other => return Ok(other?),
            }
        }
        Err(ClassroomError::Store(StoreError::Conflict {
            field: "join_code",
        }))
    }

    pub async fn delete_class(&self, class_id: Uuid, user: Uuid) -> ClassroomResult<()> {
        self.as_teacher(class_id, user).await?;
        self.store.delete_class(class_id).await?;
        Ok(())
    }

    /// Joins the class whose code this is, as a student. Joining again changes nothing
    /// (a teacher of the class stays its teacher). `true` when the caller joined now.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn join(&self, user: Uuid, code: &str) -> ClassroomResult<(Class, bool)> {
        let code = normalise_join_code(code);
        if code.len() != CODE_LEN || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
            return Err(ClassroomError::JoinCodeUnknown);
        }
        let class = self
            .store
            .class_by_join_code(&code)
            .await?
            .ok_or(ClassroomError::JoinCodeUnknown)?;
        if class
            .join_code_expires_at
            .is_some_and(|at| at <= self.now())
        {
            return Err(ClassroomError::JoinCodeExpired);
        }
        let added = self
            .store
            .add_member(class.id, user, MemberRole::Student, self.now())
            .await?;
        Ok((class, added))
    }

    /// Teachers see every member; students may not list classmates.
    pub async fn members(&self, class_id: Uuid, user: Uuid) -> ClassroomResult<Vec<Member>> {
        self.as_teacher(class_id, user).await?;
        Ok(self.store.list_members(class_id).await?)
    }

    /// Adds a co-teacher by username; they must hold the teacher role.
    pub async fn add_teacher(
        &self,
        class_id: Uuid,
        user: Uuid,
        username: &str,
    ) -> ClassroomResult<Member> {
        self.as_teacher(class_id, user).await?;
        let Some(target) = self.store.find_user_by_username(username).await? else {
            return Err(ClassroomError::field("username", "there is no such user"));
        };
        if !matches!(target.role, Role::Teacher | Role::Admin) {
            return Err(ClassroomError::field(
                "username",
                "this user is not a teacher",
            ));
        }
        match self.store.member_role(class_id, target.id).await? {
            Some(MemberRole::Student) => {
                return Err(ClassroomError::field(
                    "username",
                    "this user is a student of the class; remove them first",
                ));
            }
            Some(MemberRole::Teacher) => {}
            None => {
                self.store
                    .add_member(class_id, target.id, MemberRole::Teacher, self.now())
                    .await?;
            }
        }
        self.store
            .list_members(class_id)
            .await?
            .into_iter()
            .find(|m| m.user_id == target.id)
            .ok_or(ClassroomError::NotFound("member"))
    }

    /// A teacher removes a student (or a co-teacher); anyone may remove themself (leave).
    /// The last teacher cannot leave: delete the class instead.
    pub async fn remove_member(
        &self,
        class_id: Uuid,
        user: Uuid,
        member: Uuid,
    ) -> ClassroomResult<()> {
        let (_, role) = self.membership(class_id, user).await?;
        if member != user && role != MemberRole::Teacher {
            return Err(ClassroomError::NotClassTeacher);
        }
        let Some(member_role) = self.store.member_role(class_id, member).await? else {
            return Err(ClassroomError::NotFound("member"));
        };
        if member_role == MemberRole::Teacher && self.store.teacher_count(class_id).await? <= 1 {
            return Err(ClassroomError::LastTeacher);
        }
        self.store.remove_member(class_id, member).await?;
        Ok(())
    }

    /// Resolves the target into the content ids the assignment covers, and its title.
    fn resolve_target(
        &self,
        kind: &str,
        target: &str,
    ) -> ClassroomResult<(String, Vec<Uuid>, String)> {
        match kind {
            "item" => {
                let item = Uuid::parse_str(target)
                    .ok()
                    .and_then(|id| self.curriculum.item_by_id(id))
                    .or_else(|| self.curriculum.item(target))
                    .ok_or_else(|| {
                        ClassroomError::field(
                            "target",
                            "there is no lesson or exercise with this id or slug",
                        )
                    })?;
                if !matches!(item.kind, ItemKind::Lesson | ItemKind::Exercise) {
                    return Err(ClassroomError::field(
                        "target",
                        "an item assignment is a lesson or an exercise",
                    ));
                }
                Ok((item.id.to_string(), vec![item.id], item.title.clone()))
            }
            "module" => {
                let module = self
                    .curriculum
                    .tracks
                    .iter()
                    .flat_map(|t| t.modules.iter())
                    .find(|m| m.slug == target)
                    .ok_or_else(|| {
                        ClassroomError::field("target", "there is no module with this slug")
                    })?;
                let ids: Vec<Uuid> = module
                    .items
                    .iter()
                    .filter_map(|slug| self.curriculum.item(slug))
                    .map(|i| i.id)
                    .collect();
                if ids.is_empty() {
                    return Err(ClassroomError::field("target", "this module has no items"));
                }
                Ok((module.slug.clone(), ids, module.title.clone()))
            }
            _ => Err(ClassroomError::field("kind", "must be `item` or `module`")),
        }
    }

    fn check_dates(
        opens: Option<DateTime<Utc>>,
        due: Option<DateTime<Utc>>,
    ) -> ClassroomResult<()> {
        match (opens, due) {
            (Some(o), Some(d)) if d <= o => {
                Err(ClassroomError::field("dueAt", "must be after opensAt"))
            }
            _ => Ok(()),
        }
    }

    fn check_languages(
        &self,
        languages: &[String],
        content: &[Uuid],
    ) -> ClassroomResult<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for l in languages {
            if !LANGUAGES.contains(&l.as_str()) {
                return Err(ClassroomError::field(
                    "allowedLanguages",
                    format!("`{l}` is not one of {}", LANGUAGES.join(", ")),
                ));
            }
            if !out.contains(l) {
                out.push(l.clone());
            }
        }
        // An exercise is solved in its own language: allowing only others makes it
        // impossible, which is certainly a mistake.
        if !out.is_empty() {
            for id in content {
                if let Some(ex) = self
                    .curriculum
                    .item_by_id(*id)
                    .and_then(|i| i.exercise.as_ref())
                    && !out.iter().any(|l| l == ex.language.id())
                {
                    return Err(ClassroomError::field(
                        "allowedLanguages",
                        format!("the exercise is solved in {}; allow it", ex.language.id()),
                    ));
                }
            }
        }
        Ok(out)
    }

    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn create_assignment(
        &self,
        class_id: Uuid,
        user: Uuid,
        spec: AssignmentSpec,
    ) -> ClassroomResult<Assignment> {
        self.as_teacher(class_id, user).await?;
        let (target, content_ids, default_title) = self.resolve_target(&spec.kind, &spec.target)?;
        Self::check_dates(spec.opens_at, spec.due_at)?;
        let languages = self.check_languages(&spec.allowed_languages, &content_ids)?;
        let title = match spec.title.as_deref().map(str::trim) {
            Some("") | None => default_title,
            Some(t) if t.chars().count() > 200 => {
                return Err(ClassroomError::field(
                    "title",
                    "must be at most 200 characters",
                ));
            }
            Some(t) => t.to_owned(),
        };
        Ok(self
            .store
            .create_assignment(
                NewAssignment {
                    class_id,
                    kind: spec.kind,
                    target,
                    title,
                    content_ids,
                    opens_at: spec.opens_at,
                    due_at: spec.due_at,
                    allow_late: spec.allow_late,
                    allowed_languages: languages,
                    created_by: user,
                },
                self.now(),
            )
            .await?)
    }

    /// Teachers see every assignment; students those that have opened.
    pub async fn assignments(
        &self,
        class_id: Uuid,
        user: Uuid,
    ) -> ClassroomResult<(MemberRole, Vec<Assignment>)> {
        let (_, role) = self.membership(class_id, user).await?;
        let now = self.now();
        let list = self
            .store
            .list_assignments(class_id)
            .await?
            .into_iter()
            .filter(|a| role == MemberRole::Teacher || a.opens_at.is_none_or(|o| o <= now))
            .collect();
        Ok((role, list))
    }

    /// An assignment the caller may see (a student only once it has opened).
    pub async fn assignment(
        &self,
        id: Uuid,
        user: Uuid,
    ) -> ClassroomResult<(Assignment, MemberRole)> {
        let assignment = self
            .store
            .find_assignment(id)
            .await?
            .ok_or(ClassroomError::NotFound("assignment"))?;
        let role = self
            .store
            .member_role(assignment.class_id, user)
            .await?
            .ok_or(ClassroomError::NotFound("assignment"))?;
        if role == MemberRole::Student && assignment.opens_at.is_some_and(|o| o > self.now()) {
            return Err(ClassroomError::NotFound("assignment"));
        }
        Ok((assignment, role))
    }

    async fn teacher_assignment(&self, id: Uuid, user: Uuid) -> ClassroomResult<Assignment> {
        match self.assignment(id, user).await? {
            (a, MemberRole::Teacher) => Ok(a),
            _ => Err(ClassroomError::NotClassTeacher),
        }
    }

    pub async fn update_assignment(
        &self,
        id: Uuid,
        user: Uuid,
        patch: AssignmentPatch,
    ) -> ClassroomResult<Assignment> {
        let existing = self.teacher_assignment(id, user).await?;
        let opens = patch.opens_at.unwrap_or(existing.opens_at);
        let due = patch.due_at.unwrap_or(existing.due_at);
        Self::check_dates(opens, due)?;
        let mut patch = patch;
        if let Some(title) = &patch.title {
            let t = title.trim();
            if t.is_empty() || t.chars().count() > 200 {
                return Err(ClassroomError::field(
                    "title",
                    "must be 1 to 200 characters",
                ));
            }
            patch.title = Some(t.to_owned());
        }
        if let Some(languages) = &patch.allowed_languages {
            patch.allowed_languages = Some(self.check_languages(languages, &existing.content_ids)?);
        }
        Ok(self.store.update_assignment(id, patch, self.now()).await?)
    }

    pub async fn delete_assignment(&self, id: Uuid, user: Uuid) -> ClassroomResult<()> {
        self.teacher_assignment(id, user).await?;
        self.store.delete_assignment(id).await?;
        Ok(())
    }

    /// The student's assignments across their classes (opened ones), with their state;
    /// the dashboard shows the ones still to do.
    #[tracing::instrument(skip_all, err(Debug))]
    pub async fn my_assignments(&self, user: Uuid) -> ClassroomResult<Vec<StudentAssignment>> {
        let now = self.now();
        let list: Vec<(Assignment, String)> = self
            .store
            .assignments_for_student(user)
            .await?
            .into_iter()
            .filter(|(a, _)| a.opens_at.is_none_or(|o| o <= now))
            .collect();
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids: Vec<Uuid> = list
            .iter()
            .flat_map(|(a, _)| a.content_ids.iter().copied())
            .collect();
        ids.sort();
        ids.dedup();
        let cells = grid::StudentCells::load(&self.store, user, &ids).await?;
        Ok(list
            .into_iter()
            .map(|(assignment, class_name)| {
                let cell = cells.cell(&assignment, now);
                StudentAssignment {
                    status: cell.status,
                    late: cell.late,
                    completed_items: cell.completed_items,
                    assignment,
                    class_name,
                }
            })
            .collect())
    }
}
