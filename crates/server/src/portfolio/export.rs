//! The parts of a learner's data export (GDPR art. 20: a portable, machine-readable
//! copy). JSON documents use the API's camelCase names.

use std::collections::HashSet;
use std::io::{Cursor, Seek, SeekFrom, Write};

use serde::Serialize;
use serde_json::{Value, json};

use codestead_curriculum::Curriculum;
use codestead_store::accounts::User;
use codestead_store::executions::Execution;
use codestead_store::learning::{Progress, Submission};
use codestead_store::tutor::{Conversation, TutorMessage};

use crate::domain::CommonError;

/// Writing an export fails only for internal reasons (a full disk, a dead task).
type ExportResult<T> = Result<T, CommonError>;

/// Runs kept in an export (newest first); the history page shows far fewer.
pub const MAX_EXECUTIONS: u64 = 10_000;

/// A zip being written, with unique entry names. In memory by default (tests); the
/// export writes it to a temporary file through [`ZipSink`].
pub struct ZipBuilder<W: Write + Seek = Cursor<Vec<u8>>> {
    zip: zip::ZipWriter<W>,
    names: HashSet<String>,
}

impl ZipBuilder {
    pub fn new() -> Self {
        Self::over(Cursor::new(Vec::new()))
    }

    pub fn finish(self) -> ExportResult<Vec<u8>> {
        Ok(self.finish_into()?.into_inner())
    }
}

impl<W: Write + Seek> ZipBuilder<W> {
    pub fn over(out: W) -> Self {
        Self {
            zip: zip::ZipWriter::new(out),
            names: HashSet::new(),
        }
    }

    /// Adds `bytes` as `name`; a name already used gets a numbered twin instead of
    /// overwriting (two projects may slug to the same folder).
    pub fn file(&mut self, name: &str, bytes: &[u8]) -> ExportResult<()> {
        let mut unique = name.to_owned();
        let mut n = 2;
        while !self.names.insert(unique.clone()) {
            unique = match name.rsplit_once('.') {
                Some((stem, ext)) if !ext.contains('/') => format!("{stem}-{n}.{ext}"),
                _ => format!("{name}-{n}"),
            };
            n += 1;
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        self.zip
            .start_file(unique, options)
            .map_err(CommonError::internal)?;
        self.zip.write_all(bytes).map_err(CommonError::internal)
    }

    pub fn json<T: Serialize>(&mut self, name: &str, value: &T) -> ExportResult<()> {
        let bytes = serde_json::to_vec_pretty(value).map_err(CommonError::internal)?;
        self.file(name, &bytes)
    }

    pub fn finish_into(self) -> ExportResult<W> {
        self.zip.finish().map_err(CommonError::internal)
    }
}

impl Default for ZipBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// The export's zip, written entry by entry on a blocking thread into a temporary file,
/// so an export never sits whole in memory (only the entry being added does). The file
/// is created 0600 and unlinked at once: it vanishes when the download ends or the
/// process dies, and no other user can open it meanwhile.
pub struct ZipSink {
    tx: tokio::sync::mpsc::Sender<(String, Vec<u8>)>,
    writer: tokio::task::JoinHandle<ExportResult<std::fs::File>>,
}

/// A finished export: the open file, rewound, and its length.
pub struct ExportFile {
    pub file: tokio::fs::File,
    pub len: u64,
}

impl ZipSink {
    pub fn start() -> ExportResult<Self> {
        let file = private_temp_file().map_err(CommonError::internal)?;
        // Two entries in flight at most: the producer waits for the writer.
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(String, Vec<u8>)>(2);
        let writer = tokio::task::spawn_blocking(move || {
            let mut zip = ZipBuilder::over(std::io::BufWriter::new(file));
            while let Some((name, bytes)) = rx.blocking_recv() {
                zip.file(&name, &bytes)?;
            }
            zip.finish_into()?
                .into_inner()
                .map_err(|e| CommonError::internal(e.into_error()))
        });
        Ok(Self { tx, writer })
    }

    pub async fn file(&mut self, name: &str, bytes: Vec<u8>) -> ExportResult<()> {
        if self.tx.send((name.to_owned(), bytes)).await.is_err() {
            // The writer stopped on an error; `finish` reports it.
            return Err(CommonError::internal("export writer stopped"));
        }
        Ok(())
    }

    pub async fn json<T: Serialize>(&mut self, name: &str, value: &T) -> ExportResult<()> {
        let bytes = serde_json::to_vec_pretty(value).map_err(CommonError::internal)?;
        self.file(name, bytes).await
    }

    pub async fn finish(self) -> ExportResult<ExportFile> {
        drop(self.tx);
        let mut file = self.writer.await.map_err(CommonError::internal)??;
        let len = tokio::task::spawn_blocking(move || -> std::io::Result<_> {
            file.flush()?;
            let len = file.seek(SeekFrom::End(0))?;
            file.seek(SeekFrom::Start(0))?;
            Ok((file, len))
        })
        .await
        .map_err(CommonError::internal)?
        .map_err(CommonError::internal)?;
        Ok(ExportFile {
            file: tokio::fs::File::from_std(len.0),
            len: len.1,
        })
    }
}

fn private_temp_file() -> std::io::Result<std::fs::File> {
    let path = std::env::temp_dir().join(format!("codestead-export-{}.zip", uuid::Uuid::now_v7()));
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path)?;
    // Unlinked now, the open handle keeps it readable until dropped.
    std::fs::remove_file(&path)?;
    Ok(file)
}

/// A folder name for a project title: lower-case ASCII words joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "project".into()
    } else {
        out.chars().take(60).collect()
    }
}

pub fn profile(user: &User) -> Value {
    json!({
        "id": user.id,
        "email": user.email,
        "emailVerified": user.email_verified,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "username": user.username,
        "bio": user.bio,
        "avatarUrl": user.avatar_url,
        "githubUsername": user.github_username,
        "linkedinUrl": user.linkedin_url,
        "skillLevel": user.skill_level,
        "learningPreferences": user.learning_preferences,
        "timezone": user.timezone,
        "role": user.role.as_str(),
        "isPublic": user.is_public,
        "createdAt": user.created_at,
        "updatedAt": user.updated_at,
        "lastLoginAt": user.last_login_at,
    })
}

fn slug_of(curriculum: &Curriculum, id: uuid::Uuid) -> Option<String> {
    curriculum.item_by_id(id).map(|i| i.slug.clone())
}

pub fn progress(progress: &[Progress], curriculum: &Curriculum) -> Vec<Value> {
    progress
        .iter()
        .map(|p| {
            json!({
                "contentId": p.content_id,
                "slug": slug_of(curriculum, p.content_id),
                "progressPercentage": p.progress_percentage,
                "timeSpentSeconds": p.time_spent_seconds,
                "completedAt": p.completed_at,
                "startedAt": p.started_at,
                "updatedAt": p.updated_at,
            })
        })
        .collect()
}

pub fn submissions(submissions: &[Submission], curriculum: &Curriculum) -> Vec<Value> {
    submissions
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "contentId": s.content_id,
                "slug": slug_of(curriculum, s.content_id),
                "language": s.language,
                "code": s.code,
                "passed": s.passed,
                "results": s.results,
                "createdAt": s.created_at,
            })
        })
        .collect()
}

pub fn executions(executions: &[Execution]) -> Vec<Value> {
    executions
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "projectId": e.project_id,
                "language": e.language,
                "files": e.files,
                "entry": e.entry,
                "stdin": e.stdin,
                "status": e.status,
                "stdout": e.stdout,
                "stderr": e.stderr,
                "compileOutput": e.compile_output,
                "exitCode": e.exit_code,
                "executionTimeMs": e.execution_time_ms,
                "createdAt": e.created_at,
            })
        })
        .collect()
}

/// Drafts: the code the learner was still writing, by what it was for.
pub fn drafts(drafts: &[codestead_store::drafts::Draft]) -> Vec<Value> {
    drafts
        .iter()
        .map(|d| {
            json!({
                "key": d.key,
                "language": d.language,
                "code": d.code,
                "updatedAt": d.updated_at,
            })
        })
        .collect()
}

/// Ratings of lessons and exercises, with the item's slug while it is in the curriculum.
pub fn ratings(
    ratings: &[codestead_store::ratings::Rating],
    curriculum: &codestead_curriculum::Curriculum,
) -> Vec<Value> {
    ratings
        .iter()
        .map(|r| {
            json!({
                "contentId": r.content_id,
                "slug": curriculum.item_by_id(r.content_id).map(|i| i.slug.clone()),
                "rating": r.rating,
                "createdAt": r.created_at,
                "updatedAt": r.updated_at,
            })
        })
        .collect()
}

/// Certificates, each with its verification code.
pub fn certificates(certificates: &[codestead_store::certificates::Certificate]) -> Vec<Value> {
    certificates
        .iter()
        .map(|c| {
            json!({
                "code": c.code,
                "url": format!("/certificates/{}", c.code),
                "track": c.track,
                "trackTitle": c.track_title,
                "learnerName": c.learner_name,
                "completedAt": c.completed_at,
                "issuedAt": c.issued_at,
            })
        })
        .collect()
}

pub fn conversation(conversation: &Conversation, messages: &[TutorMessage]) -> Value {
    json!({
        "id": conversation.id,
        "title": conversation.title,
        "contentId": conversation.content_id,
        "language": conversation.language,
        "createdAt": conversation.created_at,
        "updatedAt": conversation.updated_at,
        "messages": messages.iter().map(|m| json!({
            "id": m.id,
            "role": m.role,
            "content": m.content,
            "provider": m.provider,
            "tokensUsed": m.tokens_used,
            "rating": m.rating,
            "feedback": m.feedback,
            "createdAt": m.created_at,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_folder_names() {
        assert_eq!(slug("My First Game!"), "my-first-game");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("Привет"), "project");
    }

    #[test]
    fn a_repeated_name_gets_a_twin() {
        let mut zip = ZipBuilder::new();
        zip.file("a/readme.md", b"1").unwrap();
        zip.file("a/readme.md", b"2").unwrap();
        let bytes = zip.finish().unwrap();
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        assert!(names.contains(&"a/readme.md".into()) && names.contains(&"a/readme-2.md".into()));
    }
}
