use chrono::{Duration, Utc};
use uuid::Uuid;

use codestead_store::accounts::{NewUser, Role};
use codestead_store::projects::{
    Content, LIMIT_BYTES, LIMIT_FILES, NewFile, NewProject, ProjectLimits, ProjectPatch,
};
use codestead_store::{Store, StoreError};

use crate::on_every_backend;

const LIMITS: ProjectLimits = ProjectLimits {
    max_files: 3,
    max_bytes: 100,
    max_user_bytes: i64::MAX,
    versions_kept: 3,
};

async fn user(store: &Store) -> (Uuid, String) {
    let id = Uuid::now_v7().simple().to_string();
    let username = format!("U{}", &id[20..]);
    let user = store
        .create_user(
            NewUser {
                email: format!("{id}@example.org"),
                password_hash: "x".into(),
                first_name: "A".into(),
                last_name: "B".into(),
                username: username.clone(),
                role: Role::User,
                email_verified: true,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    (user.id, username)
}

fn project(user_id: Uuid, title: &str) -> NewProject {
    NewProject {
        user_id,
        title: title.into(),
        description: None,
        technology_stack: vec!["python".into()],
        language: Some("python".into()),
        entry_path: None,
        template_id: None,
        is_public: false,
    }
}

fn blob(key: &str, size: i64) -> Content {
    Content {
        inline: String::new(),
        blob_key: Some(key.into()),
        size_bytes: size,
        line_count: 1,
    }
}

#[tokio::test]
async fn saves_number_versions_prune_the_oldest_and_keep_totals() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let (ada, _) = user(&store).await;
        let p = store
            .create_project(project(ada, "P"), Vec::new(), LIMITS, now)
            .await
            .unwrap();
        let f = store
            .create_file(ada, p.id, "a.py", blob("k1", 10), LIMITS, now)
            .await
            .unwrap();
        assert_eq!(f.version, 1);
        let mut orphaned = Vec::new();
        for n in 2..=5 {
            let saved = store
                .save_file(
                    ada,
                    p.id,
                    f.id,
                    blob(&format!("k{n}"), 10 + n),
                    Some(format!("save {n}")),
                    LIMITS,
                    now,
                )
                .await
                .unwrap();
            assert_eq!(saved.file.version, n as i32);
            orphaned.extend(saved.orphaned_blobs);
        }
        assert_eq!(
            orphaned,
            ["k1", "k2"],
            "pruned versions hand back their blobs"
        );
        let versions = store.list_versions(ada, p.id, f.id).await.unwrap();
        let numbers: Vec<i32> = versions.iter().map(|v| v.version_number).collect();
        assert_eq!(numbers, [5, 4, 3]);
        assert_eq!(versions[0].change_description.as_deref(), Some("save 5"));
        let p = store.get_project(ada, p.id).await.unwrap();
        assert_eq!((p.file_count, p.total_bytes, p.line_count), (1, 15, 1));
    })
    .await;
}

#[tokio::test]
async fn quotas_are_checked_inside_the_write() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let (ada, _) = user(&store).await;
        let p = store
            .create_project(project(ada, "P"), Vec::new(), LIMITS, now)
            .await
            .unwrap();
        let a = store
            .create_file(ada, p.id, "a", Content::inline("x".repeat(60)), LIMITS, now)
            .await
            .unwrap();
        let taken = store
            .create_file(ada, p.id, "a", Content::inline(""), LIMITS, now)
            .await;
        assert!(
            matches!(taken, Err(StoreError::Conflict { field: "path" })),
            "{taken:?}"
        );
        let over = store
            .create_file(ada, p.id, "b", Content::inline("x".repeat(41)), LIMITS, now)
            .await;
        assert!(matches!(over, Err(StoreError::Limit { limit }) if limit == LIMIT_BYTES));
        let over = store
            .save_file(
                ada,
                p.id,
                a.id,
                Content::inline("x".repeat(101)),
                None,
                LIMITS,
                now,
            )
            .await;
        assert!(matches!(over, Err(StoreError::Limit { limit }) if limit == LIMIT_BYTES));
        store
            .create_file(ada, p.id, "b", Content::inline(""), LIMITS, now)
            .await
            .unwrap();
        store
            .create_file(ada, p.id, "c", Content::inline(""), LIMITS, now)
            .await
            .unwrap();
        let over = store
            .create_file(ada, p.id, "d", Content::inline(""), LIMITS, now)
            .await;
        assert!(matches!(over, Err(StoreError::Limit { limit }) if limit == LIMIT_FILES));
        // Refused writes changed nothing.
        let p = store.get_project(ada, p.id).await.unwrap();
        assert_eq!((p.file_count, p.total_bytes), (3, 60));
        assert_eq!(store.get_file(ada, p.id, a.id).await.unwrap().version, 1);
        let too_many: Vec<NewFile> = (0..4)
            .map(|i| NewFile {
                path: format!("f{i}"),
                content: Content::inline(""),
            })
            .collect();
        let refused = store
            .create_project(project(ada, "Q"), too_many, LIMITS, now)
            .await;
        assert!(matches!(refused, Err(StoreError::Limit { .. })));
    })
    .await;
}

#[tokio::test]
async fn another_owner_sees_nothing() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let (ada, _) = user(&store).await;
        let (bob, _) = user(&store).await;
        let p = store
            .create_project(
                project(ada, "P"),
                vec![NewFile {
                    path: "a.py".into(),
                    content: Content::inline("1"),
                }],
                LIMITS,
                now,
            )
            .await
            .unwrap();
        let f = store.list_files(ada, p.id).await.unwrap().remove(0);
        let nf = |r: Result<_, StoreError>| matches!(r, Err(StoreError::NotFound));
        assert!(nf(store.get_project(bob, p.id).await.map(|_| ())));
        assert!(nf(store.list_files(bob, p.id).await.map(|_| ())));
        assert!(nf(store.get_file(bob, p.id, f.id).await.map(|_| ())));
        assert!(nf(store
            .save_file(bob, p.id, f.id, Content::inline("2"), None, LIMITS, now)
            .await
            .map(|_| ())));
        assert!(nf(store
            .rename_file(bob, p.id, f.id, "b.py", now)
            .await
            .map(|_| ())));
        assert!(nf(store
            .delete_file(bob, p.id, f.id, now)
            .await
            .map(|_| ())));
        assert!(nf(store
            .create_file(bob, p.id, "c.py", Content::inline(""), LIMITS, now)
            .await
            .map(|_| ())));
        assert!(nf(store.list_versions(bob, p.id, f.id).await.map(|_| ())));
        assert!(nf(store.get_version(bob, p.id, f.id, 1).await.map(|_| ())));
        assert!(nf(store
            .update_project(bob, p.id, ProjectPatch::default(), now)
            .await
            .map(|_| ())));
        assert!(nf(store.trash_project(bob, p.id, now).await));
        assert!(nf(store
            .set_share_token(bob, p.id, Some("t".into()), now)
            .await));
        let f2 = store.get_file(ada, p.id, f.id).await.unwrap();
        assert_eq!(
            (f2.version, f2.content.as_str(), f2.path.as_str()),
            (1, "1", "a.py")
        );
    })
    .await;
}

#[tokio::test]
async fn the_trash_is_purged_by_age_with_its_blobs() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let (ada, username) = user(&store).await;
        let old = store
            .create_project(
                project(ada, "Old"),
                vec![NewFile {
                    path: "x".into(),
                    content: blob("old-1", 5),
                }],
                LIMITS,
                now,
            )
            .await
            .unwrap();
        let f = store.list_files(ada, old.id).await.unwrap().remove(0);
        store
            .save_file(ada, old.id, f.id, blob("old-2", 6), None, LIMITS, now)
            .await
            .unwrap();
        let recent = store
            .create_project(project(ada, "Recent"), Vec::new(), LIMITS, now)
            .await
            .unwrap();
        let live = store
            .create_project(project(ada, "Live"), Vec::new(), LIMITS, now)
            .await
            .unwrap();
        store
            .trash_project(ada, old.id, now - Duration::days(31))
            .await
            .unwrap();
        store
            .trash_project(ada, recent.id, now - Duration::days(1))
            .await
            .unwrap();
        assert_eq!(store.list_trash(ada).await.unwrap().len(), 2);
        let (ids, blobs) = store
            .purge_trashed_before(now - Duration::days(30))
            .await
            .unwrap();
        assert_eq!(ids, [old.id]);
        assert_eq!(blobs, ["old-1", "old-2"]);
        let trash = store.list_trash(ada).await.unwrap();
        assert_eq!(trash.len(), 1);
        assert_eq!(trash[0].id, recent.id);
        assert!(matches!(
            store.restore_project(ada, old.id, now).await,
            Err(StoreError::NotFound)
        ));
        store.restore_project(ada, recent.id, now).await.unwrap();
        assert_eq!(store.list_projects(ada).await.unwrap().len(), 2);

        // The public view: public, live projects only, by username in any case.
        store
            .update_project(
                ada,
                live.id,
                ProjectPatch {
                    is_public: Some(true),
                    ..ProjectPatch::default()
                },
                now,
            )
            .await
            .unwrap();
        let public = store.list_public_projects(ada).await.unwrap();
        assert_eq!(public.iter().map(|p| p.id).collect::<Vec<_>>(), [live.id]);
        assert!(
            store
                .public_project(&username.to_uppercase(), live.id)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .public_project(&username, recent.id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .public_project("nobody-here", live.id)
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn parallel_writes_get_distinct_versions_and_never_pass_a_quota() {
    on_every_backend(|store| async move {
        let now = Utc::now();
        let (ada, _) = user(&store).await;
        let limits = ProjectLimits {
            max_files: 5,
            max_bytes: 10_000,
            max_user_bytes: i64::MAX,
            versions_kept: 50,
        };
        let p = store
            .create_project(project(ada, "P"), Vec::new(), limits, now)
            .await
            .unwrap();
        let f = store
            .create_file(ada, p.id, "a", Content::inline("0"), limits, now)
            .await
            .unwrap();
        let saves = (1..=8).map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .save_file(
                        ada,
                        p.id,
                        f.id,
                        Content::inline(i.to_string()),
                        None,
                        limits,
                        now,
                    )
                    .await
                    .map(|s| s.file.version)
            })
        });
        let mut numbers: Vec<i32> = futures_join(saves).await;
        numbers.sort();
        assert_eq!(numbers, (2..=9).collect::<Vec<_>>());
        let versions = store.list_versions(ada, p.id, f.id).await.unwrap();
        assert_eq!(versions.len(), 9);
        assert_eq!(store.get_file(ada, p.id, f.id).await.unwrap().version, 9);

        // Ten files race for the four free places: exactly four win.
        let creates: Vec<_> = (0..10)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .create_file(
                            ada,
                            p.id,
                            &format!("f{i}"),
                            Content::inline("x"),
                            limits,
                            now,
                        )
                        .await
                        .map(|f| f.version)
                })
            })
            .collect();
        let mut won = 0;
        for handle in creates {
            match handle.await.unwrap() {
                Ok(_) => won += 1,
                Err(StoreError::Limit { limit }) => assert_eq!(limit, LIMIT_FILES),
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(won, 4);
        let p = store.get_project(ada, p.id).await.unwrap();
        assert_eq!(p.file_count, 5);
        assert_eq!(store.list_files(ada, p.id).await.unwrap().len(), 5);
    })
    .await;
}

async fn futures_join<T: std::fmt::Debug>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<Result<T, StoreError>>>,
) -> Vec<T> {
    let handles: Vec<_> = handles.collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap().unwrap());
    }
    out
}
