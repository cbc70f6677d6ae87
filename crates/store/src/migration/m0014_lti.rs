//! LTI 1.3: the platforms an administrator registered, the OIDC logins in flight (state
//! and nonce, single use, expiring), the nonces already spent, the Codestead account
//! each (issuer, subject) is linked to, the resource links a learner launched from (with
//! their AGS line item) and the durable outbox of scores still to send.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn cascade(name: &str, from: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.to_owned(), column.to_owned())
        .to(to.to_owned(), "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("lti_platforms")
                    .col(pk_uuid("id"))
                    .col(string("name"))
                    .col(text("issuer"))
                    .col(string("client_id"))
                    // A JSON array of strings: a platform may have several deployments.
                    .col(json("deployment_ids"))
                    .col(text("jwks_url"))
                    .col(text("auth_url"))
                    .col(text("token_url"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        // Index names carry the field they guard (see `StoreError::from_write`).
        manager
            .create_index(
                Index::create()
                    .name("idx_lti_platforms_client_id")
                    .table("lti_platforms")
                    .col("issuer")
                    .col("client_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("lti_login_states")
                    // SHA-256 of the state sent to the platform: the value itself is a
                    // one-time credential and is not kept.
                    .col(string_len("state_hash", 64).primary_key())
                    .col(uuid("platform_id"))
                    .col(string("nonce"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut cascade(
                        "fk_lti_login_states_platform",
                        "lti_login_states",
                        "platform_id",
                        "lti_platforms",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("lti_used_nonces")
                    .col(uuid("platform_id"))
                    .col(string("nonce"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .primary_key(Index::create().col("platform_id").col("nonce"))
                    .foreign_key(&mut cascade(
                        "fk_lti_used_nonces_platform",
                        "lti_used_nonces",
                        "platform_id",
                        "lti_platforms",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("lti_accounts")
                    .col(pk_uuid("id"))
                    .col(uuid("platform_id"))
                    .col(text("issuer"))
                    .col(string("subject"))
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut cascade(
                        "fk_lti_accounts_platform",
                        "lti_accounts",
                        "platform_id",
                        "lti_platforms",
                    ))
                    .foreign_key(&mut cascade(
                        "fk_lti_accounts_user",
                        "lti_accounts",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lti_accounts_subject")
                    .table("lti_accounts")
                    .col("issuer")
                    .col("subject")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("lti_resource_links")
                    .col(pk_uuid("id"))
                    .col(uuid("platform_id"))
                    .col(uuid("user_id"))
                    .col(string("resource_link_id"))
                    .col(uuid("content_id"))
                    .col(string("subject"))
                    // The AGS line item to post scores to; none when the platform did
                    // not grant the score scope for this link.
                    .col(text_null("lineitem_url"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut cascade(
                        "fk_lti_resource_links_platform",
                        "lti_resource_links",
                        "platform_id",
                        "lti_platforms",
                    ))
                    .foreign_key(&mut cascade(
                        "fk_lti_resource_links_user",
                        "lti_resource_links",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lti_resource_links_resource_link_id")
                    .table("lti_resource_links")
                    .col("platform_id")
                    .col("resource_link_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lti_resource_links_user_content")
                    .table("lti_resource_links")
                    .col("user_id")
                    .col("content_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("lti_score_outbox")
                    .col(pk_uuid("id"))
                    .col(uuid("platform_id"))
                    .col(uuid("user_id"))
                    .col(text("lineitem_url"))
                    .col(string("subject"))
                    .col(double("score_given"))
                    .col(double("score_maximum"))
                    // When the learner passed: the score's `timestamp`, so a late retry
                    // never overwrites a newer score on the platform.
                    .col(timestamp_with_time_zone("scored_at"))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    // A server delivering the row holds it until then; another server
                    // (or a restart) takes it over after.
                    .col(timestamp_with_time_zone_null("claimed_until"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .col(timestamp_with_time_zone_null("given_up_at"))
                    .col(text_null("last_error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut cascade(
                        "fk_lti_score_outbox_platform",
                        "lti_score_outbox",
                        "platform_id",
                        "lti_platforms",
                    ))
                    .foreign_key(&mut cascade(
                        "fk_lti_score_outbox_user",
                        "lti_score_outbox",
                        "user_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lti_score_outbox_due")
                    .table("lti_score_outbox")
                    .col("delivered_at")
                    .col("next_attempt_at")
                    .to_owned(),
            )
            .await
    }
}
