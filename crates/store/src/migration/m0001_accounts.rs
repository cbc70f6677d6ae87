//! Accounts: users, sessions with rotating refresh tokens, single-use e-mail tokens and
//! the security audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(pk_uuid("id"))
                    .col(string("email"))
                    .col(timestamp_with_time_zone_null("email_verified_at"))
                    .col(string("password_hash"))
                    .col(string("first_name"))
                    .col(string("last_name"))
                    .col(string("username"))
                    .col(string("username_key"))
                    .col(text_null("bio"))
                    .col(string_null("avatar_url"))
                    .col(string_null("github_username"))
                    .col(string_null("linkedin_url"))
                    .col(string("skill_level"))
                    .col(json_null("learning_preferences"))
                    .col(string("timezone"))
                    .col(string("role"))
                    .col(string("plan"))
                    .col(boolean("is_public"))
                    .col(integer("failed_login_count"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .col(timestamp_with_time_zone_null("last_login_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("deleted_at"))
                    .to_owned(),
            )
            .await?;
        // Index names carry the API field they protect: StoreError::from_write maps a
        // violation back to that field on both dialects.
        unique_index(manager, "users", "idx_users_email", "email").await?;
        unique_index(manager, "users", "idx_users_username_key", "username_key").await?;

        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(string_null("user_agent"))
                    .col(string_null("ip"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut cascade(
                        "fk_sessions_user",
                        "sessions",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        plain_index(manager, "sessions", "idx_sessions_user", "user_id").await?;

        manager
            .create_table(
                Table::create()
                    .table("refresh_tokens")
                    .col(pk_uuid("id"))
                    .col(uuid("session_id"))
                    .col(string("token_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("spent_at"))
                    .foreign_key(&mut cascade(
                        "fk_refresh_tokens_session",
                        "refresh_tokens",
                        "session_id",
                        "sessions",
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "refresh_tokens",
            "idx_refresh_tokens_hash",
            "token_hash",
        )
        .await?;
        plain_index(
            manager,
            "refresh_tokens",
            "idx_refresh_tokens_session",
            "session_id",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("email_tokens")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string("purpose"))
                    .col(string("token_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(&mut cascade(
                        "fk_email_tokens_user",
                        "email_tokens",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "email_tokens",
            "idx_email_tokens_hash",
            "token_hash",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(pk_uuid("id"))
                    .col(uuid_null("user_id"))
                    .col(string("event"))
                    .col(string_null("ip"))
                    .col(string_null("user_agent"))
                    .col(json_null("detail"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_audit_events_user")
                            .from("audit_events", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        plain_index(manager, "audit_events", "idx_audit_events_user", "user_id").await?;
        Ok(())
    }
}

fn cascade(
    name: &'static str,
    table: &'static str,
    column: &'static str,
    parent: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(parent, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

async fn unique_index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    name: &'static str,
    column: &'static str,
) -> Result<(), DbErr> {
    manager
        .create_index(
            Index::create()
                .name(name)
                .table(table)
                .col(column)
                .unique()
                .to_owned(),
        )
        .await
}

async fn plain_index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    name: &'static str,
    column: &'static str,
) -> Result<(), DbErr> {
    manager
        .create_index(
            Index::create()
                .name(name)
                .table(table)
                .col(column)
                .to_owned(),
        )
        .await
}
