//! Blob storage for content too big for a database row (large project files, avatars,
//! exports). A thin wrapper over `object_store`, so the backend is a start-up choice:
//! a directory under the data dir by default, S3 (or any S3-compatible service such as
//! MinIO) when `CODESTEAD_S3_BUCKET` is set.

use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::Config;

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("invalid blob key {0:?}")]
    InvalidKey(String),
    #[error("no blob at {0:?}")]
    NotFound(String),
    #[error("blob storage: {0}")]
    Backend(#[from] object_store::Error),
}

/// Cheap to clone; every clone talks to the same backend.
#[derive(Clone, Debug)]
pub struct BlobStore {
    inner: Arc<dyn ObjectStore>,
    /// The directory of a local store: files written there are made 0600.
    local_dir: Option<std::path::PathBuf>,
}

impl BlobStore {
    pub fn new(inner: Arc<dyn ObjectStore>) -> Self {
        Self {
            inner,
            local_dir: None,
        }
    }

    /// The backend `config` asks for: S3 when a bucket is configured, else
    /// `<data_dir>/blobs` on the local disk (created if missing).
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        if let Some(bucket) = &config.s3_bucket {
            use secrecy::ExposeSecret;
            let mut builder = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .with_region(config.s3_region.as_deref().unwrap_or("us-east-1"));
            // Every call has a deadline: a storage outage answers 503 on the routes that
            // need files within seconds, instead of holding requests for the default
            // ten retries. Set key by key: `with_client_options` would replace the whole
            // set, dropping the plain-HTTP permission below and what `from_env` read.
            use object_store::ClientConfigKey;
            use object_store::aws::AmazonS3ConfigKey;
            builder = builder
                .with_config(
                    AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout),
                    "2s",
                )
                .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::Timeout), "10s")
                .with_retry(object_store::RetryConfig {
                    max_retries: 2,
                    retry_timeout: std::time::Duration::from_secs(5),
                    ..object_store::RetryConfig::default()
                });
            if let Some(endpoint) = &config.s3_endpoint {
                // Self-hosted S3 (MinIO, Garage) usually lives on plain HTTP and only
                // supports path-style addressing.
                builder = builder
                    .with_endpoint(endpoint)
                    .with_allow_http(endpoint.starts_with("http://"))
                    .with_virtual_hosted_style_request(false);
            }
            if let Some(key) = &config.s3_access_key_id {
                builder = builder.with_access_key_id(key);
            }
            if let Some(secret) = &config.s3_secret_access_key {
                builder = builder.with_secret_access_key(secret.expose_secret());
            }
            let s3 = builder.build().context("configuring S3 blob storage")?;
            tracing::info!(bucket = %bucket, "blob storage: S3");
            return Ok(Self::new(Arc::new(s3)));
        }
        let dir = config.data_dir.join("blobs");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating blob dir {}", dir.display()))?;
        // Learners' files and avatars: only this server's user may read them.
        crate::platform::private::restrict_dir(&dir)?;
        let local = object_store::local::LocalFileSystem::new_with_prefix(&dir)
            .with_context(|| format!("opening blob dir {}", dir.display()))?
            // Deleting the last blob of a project also removes its now-empty directory.
            .with_automatic_cleanup(true);
        Ok(Self {
            inner: Arc::new(local),
            local_dir: Some(dir),
        })
    }

    fn path(key: &str) -> Result<ObjectPath, BlobError> {
        // `parse` refuses `..`, empty segments and the like instead of escaping them, so
        // a key can never address anything outside the store's root.
        if key.is_empty() {
            return Err(BlobError::InvalidKey(key.to_owned()));
        }
        ObjectPath::parse(key).map_err(|_| BlobError::InvalidKey(key.to_owned()))
    }

    /// Stores `bytes` under `key`, replacing what was there.
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), BlobError> {
        let path = Self::path(key)?;
        self.inner.put(&path, PutPayload::from(bytes)).await?;
        if let Some(dir) = &self.local_dir {
            // object_store creates files with the process umask (0644 usually).
            let relative: &str = path.as_ref();
            let file = dir.join(relative);
            tokio::task::spawn_blocking(move || crate::platform::private::restrict_file(&file))
                .await
                .map_err(|e| {
                    BlobError::Backend(object_store::Error::Generic {
                        store: "local",
                        source: Box::new(e),
                    })
                })?
                .map_err(|e| {
                    BlobError::Backend(object_store::Error::Generic {
                        store: "local",
                        source: e.into(),
                    })
                })?;
        }
        Ok(())
    }

    pub async fn get(&self, key: &str) -> Result<Bytes, BlobError> {
        let path = Self::path(key)?;
        match self.inner.get(&path).await {
            Ok(result) => Ok(result.bytes().await?),
            Err(object_store::Error::NotFound { .. }) => Err(BlobError::NotFound(key.to_owned())),
            Err(err) => Err(err.into()),
        }
    }

    /// Removes `key`; removing a missing blob is not an error, so purges can be retried.
    pub async fn delete(&self, key: &str) -> Result<(), BlobError> {
        let path = Self::path(key)?;
        match self.inner.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn put_get_delete_round_trip_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::for_data_dir(dir.path().to_path_buf());
        let blobs = BlobStore::from_config(&config).unwrap();
        blobs
            .put("projects/p1/f1", Bytes::from_static(b"hello"))
            .await
            .unwrap();
        assert_eq!(blobs.get("projects/p1/f1").await.unwrap(), &b"hello"[..]);
        assert!(dir.path().join("blobs/projects/p1/f1").exists());
        blobs.delete("projects/p1/f1").await.unwrap();
        assert!(matches!(
            blobs.get("projects/p1/f1").await,
            Err(BlobError::NotFound(_))
        ));
        blobs.delete("projects/p1/f1").await.unwrap();
    }

    #[test]
    fn a_bucket_selects_s3_and_leaves_the_disk_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_data_dir(dir.path().to_path_buf());
        config.s3_bucket = Some("codestead".into());
        config.s3_endpoint = Some("http://127.0.0.1:9000".into());
        config.s3_access_key_id = Some("key".into());
        config.s3_secret_access_key = Some("secret".to_owned().into());
        let blobs = BlobStore::from_config(&config).unwrap();
        assert!(
            blobs.inner.to_string().contains("codestead"),
            "{}",
            blobs.inner
        );
        assert!(!dir.path().join("blobs").exists());
    }

    #[tokio::test]
    async fn keys_cannot_escape_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let blobs =
            BlobStore::from_config(&Config::for_data_dir(dir.path().to_path_buf())).unwrap();
        for key in ["../x", "a/../../x", "", "a//b"] {
            assert!(
                matches!(
                    blobs.put(key, Bytes::from_static(b"x")).await,
                    Err(BlobError::InvalidKey(_))
                ),
                "{key}"
            );
        }
    }
}
