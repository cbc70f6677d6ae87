//! Schema migrations, append-only: a shipped migration is never edited; changes come
//! as new files. They run at start-up (`Store::connect`) and via `codestead migrate`.

mod m0001_accounts;
mod m0002_executions;
mod m0003_learning;
mod m0004_tutor;
mod m0005_learning_insights;
mod m0006_projects;
mod m0007_portfolio;
mod m0008_tutor_context;
mod m0009_usage_counters;
mod m0010_drafts;
mod m0011_ratings_views;
mod m0012_certificates;
mod m0013_classrooms;
mod m0014_lti;
mod m0015_collab;
mod m0017_regrades;
mod m0019_session_epoch;

use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_accounts::Migration),
            Box::new(m0002_executions::Migration),
            Box::new(m0003_learning::Migration),
            Box::new(m0004_tutor::Migration),
            Box::new(m0005_learning_insights::Migration),
            Box::new(m0006_projects::Migration),
            Box::new(m0007_portfolio::Migration),
            Box::new(m0008_tutor_context::Migration),
            Box::new(m0009_usage_counters::Migration),
            Box::new(m0010_drafts::Migration),
            Box::new(m0011_ratings_views::Migration),
            Box::new(m0012_certificates::Migration),
            Box::new(m0013_classrooms::Migration),
            Box::new(m0014_lti::Migration),
            Box::new(m0015_collab::Migration),
            Box::new(m0017_regrades::Migration),
            Box::new(m0019_session_epoch::Migration),
        ]
    }
}
