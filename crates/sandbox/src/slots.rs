//! Execution slots: the concurrency bound and who a run is on the host.
//!
//! A run (a compile and its program runs) holds one [`Lease`] from start to end. Slot `i` runs
//! as host uid/gid `uid_base + i` when the server is root, so no two runs at once share a uid:
//! the kernel's per-user budgets (`RLIMIT_NPROC`, pending signals, inotify instances, user
//! namespaces, POSIX message queues) are each run's own, and a run's files (its work directory
//! is mode 0700, owned by the slot's uid) are closed to every other run. Long-lived sandboxed
//! services (the warm javac, the zygotes) get uids past the slots, from
//! [`UidPlan::service_ids`].

use std::sync::Mutex;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::UidScheme;

/// How slot indices map to host ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UidPlan {
    pub scheme: UidScheme,
    /// Number of run slots (services are numbered after them).
    pub slots: usize,
}

impl UidPlan {
    /// Host uid/gid of run slot `index`; `None` keeps the server's own.
    pub(crate) fn slot_ids(&self, index: usize) -> Option<(u32, u32)> {
        match &self.scheme {
            UidScheme::PerSlot { base, .. } => {
                let id = base + index as u32;
                Some((id, id))
            }
            UidScheme::Shared { uid, gid } => Some((*uid, *gid)),
            UidScheme::ServerUid => None,
        }
    }

    /// Host uid/gid of long-lived service `n` (0: the warm javac), past every run slot.
    pub(crate) fn service_ids(&self, n: usize) -> Option<(u32, u32)> {
        self.slot_ids(self.slots + n)
    }
}

/// The pool of slots.
pub(crate) struct SlotPool {
    permits: Semaphore,
    free: Mutex<Vec<usize>>,
    plan: UidPlan,
}

/// One slot, held for a whole run; returned to the pool on drop (also when the run's future is
/// dropped mid-way).
pub(crate) struct Lease<'a> {
    pool: &'a SlotPool,
    index: usize,
    _permit: SemaphorePermit<'a>,
}

impl Lease<'_> {
    /// Host uid/gid this slot's processes run as (`None`: the server's own).
    pub(crate) fn ids(&self) -> Option<(u32, u32)> {
        self.pool.plan.slot_ids(self.index)
    }

    /// Which slot: `0..slots` (a slot's zygote is picked by it).
    pub(crate) fn index(&self) -> usize {
        self.index
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        self.pool
            .free
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.index);
    }
}

impl SlotPool {
    pub(crate) fn new(plan: UidPlan) -> SlotPool {
        let n = plan.slots.max(1);
        SlotPool {
            permits: Semaphore::new(n),
            // Popped from the end: slot 0 first, so a quiet server reuses the same few uids.
            free: Mutex::new((0..n).rev().collect()),
            plan,
        }
    }

    pub(crate) fn plan(&self) -> &UidPlan {
        &self.plan
    }

    /// Waits for a free slot; `None` once the pool is closed.
    pub(crate) async fn acquire(&self) -> Option<Lease<'_>> {
        let permit = self.permits.acquire().await.ok()?;
        // A permit guarantees a free index: indices and permits are returned together.
        let index = self.free.lock().unwrap_or_else(|e| e.into_inner()).pop()?;
        Some(Lease {
            pool: self,
            index,
            _permit: permit,
        })
    }
}

/// Runs at once such that every slot (each `per_slot` bytes: its memory limit plus its
/// zygote's) and the long-lived sandboxes beside them (`fixed` bytes: the warm javac) can use
/// their whole memory limits without the sum passing the host's memory.
pub(crate) fn cap_concurrency(
    requested: usize,
    per_slot: u64,
    fixed: u64,
    host_memory: u64,
) -> usize {
    let fit = (host_memory.saturating_sub(fixed) / per_slot.max(1)) as usize;
    requested.min(fit).max(1)
}

/// `MemTotal` from `/proc/meminfo`, in bytes.
pub(crate) fn host_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// Host uids and gids already in use (`/etc/passwd`, `/etc/group`) or delegated to containers
/// (`/etc/subuid`, `/etc/subgid`) that `[first, first + count)` would collide with.
pub(crate) fn uid_collisions(first: u32, count: u32) -> Vec<String> {
    let end = first as u64 + count as u64;
    let overlaps = |lo: u64, n: u64| lo < end && lo + n > first as u64;
    let mut found = Vec::new();
    for file in ["/etc/passwd", "/etc/group"] {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for line in text.lines() {
            let mut parts = line.split(':');
            let (Some(name), Some(id)) = (parts.next(), parts.nth(1)) else {
                continue;
            };
            if let Ok(id) = id.parse::<u64>()
                && overlaps(id, 1)
            {
                found.push(format!("{file}: {name} ({id})"));
            }
        }
    }
    for file in ["/etc/subuid", "/etc/subgid"] {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for line in text.lines() {
            let parts: Vec<&str> = line.split(':').collect();
            if let [name, lo, n] = parts[..]
                && let (Ok(lo), Ok(n)) = (lo.parse::<u64>(), n.parse::<u64>())
                && overlaps(lo, n)
            {
                found.push(format!("{file}: {name} ({lo}+{n})"));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrency_is_capped_so_slot_memory_fits_the_host() {
        let gib = 1 << 30;
        assert_eq!(cap_concurrency(4, gib / 2, gib / 2, 24 * gib), 4);
        // 2 GiB host, 512 MiB slots, the warm javac's 512 MiB: three runs at once, not eight.
        assert_eq!(cap_concurrency(8, gib / 2, gib / 2, 2 * gib), 3);
        // With a 128 MiB zygote per slot, two.
        assert_eq!(cap_concurrency(8, gib / 2 + gib / 8, gib / 2, 2 * gib), 2);
        // Never below one, even when a single slot does not fit.
        assert_eq!(cap_concurrency(8, 4 * gib, gib / 2, gib), 1);
    }

    #[test]
    fn each_slot_and_service_has_its_own_ids() {
        let plan = UidPlan {
            scheme: UidScheme::PerSlot {
                base: 200_000,
                count: 3,
            },
            slots: 2,
        };
        assert_eq!(plan.slot_ids(0), Some((200_000, 200_000)));
        assert_eq!(plan.slot_ids(1), Some((200_001, 200_001)));
        assert_eq!(plan.service_ids(0), Some((200_002, 200_002)));
        let server = UidPlan {
            scheme: UidScheme::ServerUid,
            slots: 2,
        };
        assert_eq!(server.slot_ids(1), None);
    }

    #[tokio::test]
    async fn runs_at_once_hold_distinct_slots_and_return_them() {
        let pool = SlotPool::new(UidPlan {
            scheme: UidScheme::PerSlot {
                base: 300_000,
                count: 2,
            },
            slots: 2,
        });
        let a = pool.acquire().await.unwrap();
        let b = pool.acquire().await.unwrap();
        assert_ne!(a.ids(), b.ids());
        assert!(pool.permits.try_acquire().is_err(), "both slots are taken");
        let freed = a.index();
        drop(a);
        let c = pool.acquire().await.unwrap();
        assert_eq!(c.index(), freed);
        drop((b, c));
    }

    #[test]
    fn uid_collisions_are_found_in_passwd() {
        // nobody (65534) exists on every Debian machine.
        assert!(!uid_collisions(65_534, 1).is_empty());
    }
}
