//! Per-run cgroup slots: detection of cgroup v1 vs v2 at start-up, and for each run a fresh
//! cgroup with the memory and PID limits, CPU/memory accounting, OOM detection, a kill of the
//! whole tree, and removal afterwards.
//!
//! Layout: `<mount>/<name>/run-<pid>-<n>` (v2) or `<mount of controller>/<name>/run-<pid>-<n>`
//! for each of the memory, pids and (if mounted) cpuacct v1 controllers. The slots sit under
//! the hierarchy root rather than under the server's own cgroup: under v2 a cgroup holding
//! processes cannot delegate controllers to children, and under v1 a supervisor (systemd,
//! a container runtime) may want to remove the server's cgroup without tripping over ours.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Which cgroup interface the sandbox drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CgroupVersion {
    V1,
    V2,
}

#[derive(Debug)]
enum Layout {
    V1 {
        memory: PathBuf,
        pids: PathBuf,
        cpuacct: Option<PathBuf>,
        /// Under the `cpu` controller's mount (often the same directory as `cpuacct`).
        cpu: Option<PathBuf>,
    },
    V2 {
        base: PathBuf,
    },
}

/// Who answers reads and writes under the hierarchy: the kernel's cgroupfs, or (in this
/// module's tests) a plain directory tree standing in for it, so the v2 path can be checked
/// file by file on a host whose v2 hierarchy has no memory or pids controller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fs {
    Kernel,
    #[cfg(test)]
    Fake,
}

impl Fs {
    /// Writes a control file. The fake applies `cgroup.subtree_control` edits the way the
    /// kernel does (`+c`/`-c` against the controllers the parent offers; reads show the set).
    fn write(self, path: &Path, value: &str) -> io::Result<()> {
        match self {
            Fs::Kernel => write_file(path, value),
            #[cfg(test)]
            Fs::Fake => fake::write(path, value),
        }
    }

    /// Creates a cgroup directory; `Ok(false)` if it existed (only for `existing_ok`).
    fn mkdir(self, path: &Path, existing_ok: bool) -> io::Result<bool> {
        match fs::create_dir(path) {
            Ok(()) => {
                #[cfg(test)]
                if self == Fs::Fake {
                    fake::populate(path)?;
                }
                Ok(true)
            }
            Err(e) if existing_ok && e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }

    /// Removes an (empty) cgroup directory; cgroupfs removes the interface files with it.
    fn rmdir(self, path: &Path) -> io::Result<()> {
        match self {
            Fs::Kernel => fs::remove_dir(path),
            #[cfg(test)]
            Fs::Fake => fs::remove_dir_all(path),
        }
    }
}

/// The detected hierarchy and our base cgroup(s) in it.
#[derive(Debug)]
pub(crate) struct Cgroups {
    fs: Fs,
    layout: Layout,
    /// Always true outside this module's tests, which drive a controller-less v2 hierarchy.
    enforce_limits: bool,
    /// Slots get a one-CPU quota (`cpu.max` / `cpu.cfs_quota_us`).
    cpu_quota: bool,
}

/// The CFS period and quota of a slot: one CPU's worth of time per period.
const CPU_PERIOD_US: u64 = 100_000;
const CPU_QUOTA_US: u64 = 100_000;

/// One mount of a cgroup filesystem, from `/proc/self/mountinfo`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CgroupMount {
    pub path: PathBuf,
    /// `None` for cgroup2; the v1 controllers otherwise (`memory`, `pids`, `cpu`, ...).
    pub v1_controllers: Option<Vec<String>>,
}

/// Parses `/proc/self/mountinfo` for cgroup mounts.
pub(crate) fn parse_mountinfo(text: &str) -> Vec<CgroupMount> {
    let mut mounts = Vec::new();
    for line in text.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let Some(mount_point) = left.split(' ').nth(4) else {
            continue;
        };
        let mut right = right.split(' ');
        let fstype = right.next().unwrap_or("");
        let _source = right.next();
        let super_opts = right.next().unwrap_or("");
        // Mount points with spaces are octal-escaped in mountinfo; cgroup mounts never have them.
        let path = PathBuf::from(mount_point);
        match fstype {
            "cgroup2" => mounts.push(CgroupMount {
                path,
                v1_controllers: None,
            }),
            "cgroup" => mounts.push(CgroupMount {
                path,
                v1_controllers: Some(
                    super_opts
                        .split(',')
                        .filter(|o| !matches!(*o, "rw" | "ro") && !o.contains('='))
                        .map(str::to_owned)
                        .collect(),
                ),
            }),
            _ => {}
        }
    }
    mounts
}

/// What detection decided, before touching the filesystem.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    V2(PathBuf),
    V1 {
        memory: PathBuf,
        pids: PathBuf,
        cpuacct: Option<PathBuf>,
        cpu: Option<PathBuf>,
    },
}

/// v2 wins when its root offers both memory and pids (pure v2, or hybrid with the controllers
/// moved to v2); otherwise v1 when both controllers are mounted there.
pub(crate) fn plan(
    mounts: &[CgroupMount],
    v2_controllers: impl Fn(&Path) -> String,
) -> Option<Plan> {
    for m in mounts.iter().filter(|m| m.v1_controllers.is_none()) {
        let controllers = v2_controllers(&m.path);
        let has = |c: &str| controllers.split_whitespace().any(|x| x == c);
        if has("memory") && has("pids") {
            return Some(Plan::V2(m.path.clone()));
        }
    }
    let v1 = |c: &str| {
        mounts
            .iter()
            .find(|m| {
                m.v1_controllers
                    .as_ref()
                    .is_some_and(|cs| cs.iter().any(|x| x == c))
            })
            .map(|m| m.path.clone())
    };
    Some(Plan::V1 {
        memory: v1("memory")?,
        pids: v1("pids")?,
        cpuacct: v1("cpuacct"),
        cpu: v1("cpu"),
    })
}

fn write_file(path: &Path, value: &str) -> io::Result<()> {
    fs::write(path, value).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

impl Cgroups {
    /// Finds a writable hierarchy with memory and pids and creates `<name>` in it. Nothing is
    /// assumed about the host: the mount table says which hierarchies exist (v2 only, v1
    /// only, or hybrid), and each v2 root's `cgroup.controllers` whether it can hold limits.
    pub(crate) fn detect(name: &str) -> Result<Cgroups, String> {
        let mountinfo = fs::read_to_string("/proc/self/mountinfo")
            .map_err(|e| format!("reading /proc/self/mountinfo: {e}"))?;
        Self::detect_in(&mountinfo, name, Fs::Kernel)
    }

    /// [`Self::detect`] on a given mount table, whose paths `fs` answers for.
    fn detect_in(mountinfo: &str, name: &str, cgfs: Fs) -> Result<Cgroups, String> {
        let mounts = parse_mountinfo(mountinfo);
        let plan = plan(&mounts, |p| {
            fs::read_to_string(p.join("cgroup.controllers")).unwrap_or_default()
        })
        .ok_or("no cgroup hierarchy offers both the memory and pids controllers")?;
        let layout = match plan {
            Plan::V2(root) => {
                // The root cgroup may hold processes and still delegate; our base holds none.
                // `cpu` (the one-CPU quota) is asked for but optional: without it the slots
                // still get their memory and PID limits.
                let want = "+memory +pids +cpu";
                if cgfs
                    .write(&root.join("cgroup.subtree_control"), want)
                    .is_err()
                {
                    cgfs.write(&root.join("cgroup.subtree_control"), "+memory +pids")
                        .map_err(|e| format!("enabling controllers at the v2 root: {e}"))?;
                }
                let base = root.join(name);
                cgfs.mkdir(&base, true).map_err(|e| e.to_string())?;
                if cgfs
                    .write(&base.join("cgroup.subtree_control"), want)
                    .is_err()
                {
                    cgfs.write(&base.join("cgroup.subtree_control"), "+memory +pids")
                        .map_err(|e| format!("enabling controllers for the slots: {e}"))?;
                }
                Layout::V2 { base }
            }
            Plan::V1 {
                memory,
                pids,
                cpuacct,
                cpu,
            } => {
                let memory = memory.join(name);
                let pids = pids.join(name);
                cgfs.mkdir(&memory, true).map_err(|e| e.to_string())?;
                cgfs.mkdir(&pids, true).map_err(|e| e.to_string())?;
                let cpuacct = cpuacct
                    .map(|c| c.join(name))
                    .filter(|c| cgfs.mkdir(c, true).is_ok());
                let cpu = cpu
                    .map(|c| c.join(name))
                    .filter(|c| cgfs.mkdir(c, true).is_ok());
                Layout::V1 {
                    memory,
                    pids,
                    cpuacct,
                    cpu,
                }
            }
        };
        let cpu_quota = match &layout {
            Layout::V1 { cpu, .. } => cpu
                .as_ref()
                .is_some_and(|c| c.join("cpu.cfs_quota_us").exists()),
            Layout::V2 { base } => fs::read_to_string(base.join("cgroup.subtree_control"))
                .unwrap_or_default()
                .split_whitespace()
                .any(|c| c == "cpu"),
        };
        let cgroups = Cgroups {
            fs: cgfs,
            layout,
            enforce_limits: true,
            cpu_quota,
        };
        cgroups.reap_stale_slots();
        Ok(cgroups)
    }

    pub(crate) fn version(&self) -> CgroupVersion {
        match self.layout {
            Layout::V1 { .. } => CgroupVersion::V1,
            Layout::V2 { .. } => CgroupVersion::V2,
        }
    }

    /// Whether slots are held to one CPU.
    pub(crate) fn cpu_quota(&self) -> bool {
        self.cpu_quota
    }

    /// Gives the group holding the slots the CPU weight of `busy` ordinary processes (v1
    /// `cpu.shares` 1024 each, v2 `cpu.weight` 100 each). Joining the cpu controller for the
    /// quota puts every run into this one group, and the scheduler weighs a group like a single
    /// process of default weight: on a host busy with other work, all runs together would get
    /// one process's share of the CPU, several times less than the same programs got before as
    /// plain processes: at load 20 on 2 cores the curriculum's content check took 304 s with
    /// the default weight and 137 s with this one, and at load 8 five of its exercises had
    /// timed out. With this weight each busy slot competes like the one process it was.
    pub(crate) fn weigh_as(&self, busy: usize) {
        let busy = busy.max(1) as u64;
        let (file, value) = match &self.layout {
            Layout::V1 { cpu: Some(cpu), .. } if self.cpu_quota => {
                (cpu.join("cpu.shares"), (1024 * busy).min(262_144))
            }
            Layout::V2 { base } if self.cpu_quota => {
                (base.join("cpu.weight"), (100 * busy).min(10_000))
            }
            _ => return,
        };
        if let Err(e) = self.fs.write(&file, &value.to_string()) {
            tracing::warn!(error = %e, "could not weigh the sandbox's cgroup for the CPU");
        }
    }

    /// Makes a slot and reads its limits back: a hierarchy that accepts the writes but does not
    /// keep them (a read-only or foreign delegation) must not pass for working limits.
    pub(crate) fn check_limits(&self, memory_bytes: u64, max_pids: u32) -> Result<(), String> {
        let slot = self
            .create_slot(memory_bytes, max_pids)
            .map_err(|e| format!("creating a test slot: {e}"))?;
        let (memory_file, pids_file) = match &self.layout {
            Layout::V1 { .. } => (
                slot.memory_dir.join("memory.limit_in_bytes"),
                slot.dirs[1].join("pids.max"),
            ),
            Layout::V2 { .. } => (
                slot.memory_dir.join("memory.max"),
                slot.memory_dir.join("pids.max"),
            ),
        };
        let page = 4096;
        let memory = read_u64(&memory_file);
        let pids = read_u64(&pids_file);
        drop(slot);
        if memory != Some(memory_bytes / page * page) {
            return Err(format!(
                "{} reads {memory:?} after writing {memory_bytes}",
                memory_file.display()
            ));
        }
        if pids != Some(max_pids as u64) {
            return Err(format!(
                "{} reads {pids:?} after writing {max_pids}",
                pids_file.display()
            ));
        }
        Ok(())
    }

    fn bases(&self) -> Vec<&Path> {
        match &self.layout {
            Layout::V1 {
                memory,
                pids,
                cpuacct,
                cpu,
            } => {
                let mut v = vec![memory.as_path(), pids.as_path()];
                v.extend(cpuacct.as_deref());
                if cpu != cpuacct {
                    v.extend(cpu.as_deref());
                }
                v
            }
            Layout::V2 { base } => vec![base.as_path()],
        }
    }

    /// Removes slots left by a server process that died mid-run (its processes are killed).
    fn reap_stale_slots(&self) {
        for base in self.bases() {
            let Ok(entries) = fs::read_dir(base) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(pid) = name
                    .to_str()
                    .and_then(|n| n.strip_prefix("run-"))
                    .and_then(|n| n.split('-').next())
                    .and_then(|p| p.parse::<u32>().ok())
                else {
                    continue;
                };
                if Path::new(&format!("/proc/{pid}")).exists() {
                    continue;
                }
                let dir = entry.path();
                kill_procs(&dir);
                let _ = self.fs.rmdir(&dir);
            }
        }
    }

    /// Creates a fresh slot with the given limits.
    pub(crate) fn create_slot(&self, memory_bytes: u64, max_pids: u32) -> io::Result<Slot> {
        let id = crate::next_run_id();
        let cgfs = self.fs;
        let mut slot = Slot {
            fs: cgfs,
            dirs: Vec::new(),
            procs: Vec::new(),
            version: self.version(),
            memory_dir: PathBuf::new(),
            cpu_dir: None,
            removed: false,
        };
        match &self.layout {
            Layout::V2 { base } => {
                let dir = base.join(&id);
                cgfs.mkdir(&dir, false)?;
                slot.dirs.push(dir.clone());
                if self.enforce_limits {
                    cgfs.write(&dir.join("memory.max"), &memory_bytes.to_string())?;
                    // No swap: a program over its limit is killed, not slowed to a crawl.
                    let _ = cgfs.write(&dir.join("memory.swap.max"), "0");
                    cgfs.write(&dir.join("pids.max"), &max_pids.to_string())?;
                    if self.cpu_quota {
                        cgfs.write(
                            &dir.join("cpu.max"),
                            &format!("{CPU_QUOTA_US} {CPU_PERIOD_US}"),
                        )?;
                    }
                }
                slot.procs
                    .push(File::options().write(true).open(dir.join("cgroup.procs"))?);
                slot.memory_dir = dir.clone();
                slot.cpu_dir = Some(dir);
            }
            Layout::V1 {
                memory,
                pids,
                cpuacct,
                cpu,
            } => {
                let mem = memory.join(&id);
                cgfs.mkdir(&mem, false)?;
                slot.dirs.push(mem.clone());
                cgfs.write(
                    &mem.join("memory.limit_in_bytes"),
                    &memory_bytes.to_string(),
                )?;
                let memsw = mem.join("memory.memsw.limit_in_bytes");
                if memsw.exists() {
                    cgfs.write(&memsw, &memory_bytes.to_string())?;
                }
                let pid_dir = pids.join(&id);
                cgfs.mkdir(&pid_dir, false)?;
                slot.dirs.push(pid_dir.clone());
                cgfs.write(&pid_dir.join("pids.max"), &max_pids.to_string())?;
                // v1 joins go through `tasks`, not `cgroup.procs`: writing "0" there moves only
                // the calling thread (the whole process, as the forked child is single-threaded)
                // and so skips the global threadgroup lock, whose RCU grace period cost ~10 ms
                // per run here (measured: 11.6 ms vs 0.45 ms p50).
                slot.procs.push(join_file(&mem)?);
                slot.procs.push(join_file(&pid_dir)?);
                if let Some(cpuacct) = cpuacct {
                    let acct = cpuacct.join(&id);
                    if cgfs.mkdir(&acct, false).is_ok() {
                        slot.dirs.push(acct.clone());
                        slot.procs.push(join_file(&acct)?);
                        slot.cpu_dir = Some(acct);
                    }
                }
                if self.cpu_quota
                    && let Some(cpu) = cpu
                {
                    // Usually co-mounted with cpuacct (`cpu,cpuacct`): then it is the same slot
                    // directory, already joined.
                    let quota_dir = cpu.join(&id);
                    if cpu != cpuacct.as_ref().unwrap_or(&PathBuf::new()) {
                        cgfs.mkdir(&quota_dir, false)?;
                        slot.dirs.push(quota_dir.clone());
                        slot.procs.push(join_file(&quota_dir)?);
                    }
                    cgfs.write(
                        &quota_dir.join("cpu.cfs_period_us"),
                        &CPU_PERIOD_US.to_string(),
                    )?;
                    cgfs.write(
                        &quota_dir.join("cpu.cfs_quota_us"),
                        &CPU_QUOTA_US.to_string(),
                    )?;
                }
                slot.memory_dir = mem;
            }
        }
        Ok(slot)
    }
}

/// What a slot measured.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SlotStats {
    pub cpu_ns: u64,
    pub memory_peak: u64,
    pub oom_kills: u64,
}

/// One run's cgroup(s). Dropping it kills whatever is left and removes the directories.
#[derive(Debug)]
pub(crate) struct Slot {
    fs: Fs,
    dirs: Vec<PathBuf>,
    procs: Vec<File>,
    version: CgroupVersion,
    memory_dir: PathBuf,
    cpu_dir: Option<PathBuf>,
    removed: bool,
}

fn join_file(v1_dir: &Path) -> io::Result<File> {
    File::options().write(true).open(v1_dir.join("tasks"))
}

fn read_u64(path: &Path) -> Option<u64> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

fn read_key(path: &Path, key: &str) -> Option<u64> {
    fs::read_to_string(path).ok()?.lines().find_map(|l| {
        let (k, v) = l.split_once(' ')?;
        (k == key).then(|| v.trim().parse().ok())?
    })
}

/// SIGKILLs every process listed in `dir/cgroup.procs`; returns how many were listed.
fn kill_procs(dir: &Path) -> usize {
    let Ok(text) = fs::read_to_string(dir.join("cgroup.procs")) else {
        return 0;
    };
    let mut n = 0;
    for pid in text.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
        n += 1;
        // SAFETY: kill(2) has no memory-safety preconditions.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
    n
}

impl Slot {
    /// Descriptors of the files the child writes "0" to before exec to join the slot
    /// (`tasks` in v1, `cgroup.procs` in v2).
    pub(crate) fn procs_fds(&self) -> Vec<RawFd> {
        self.procs.iter().map(|f| f.as_raw_fd()).collect()
    }

    /// Kills every process in the slot (the whole sandboxed tree).
    pub(crate) fn kill_all(&self) {
        if self.version == CgroupVersion::V2 {
            let kill = self.memory_dir.join("cgroup.kill");
            if File::options()
                .write(true)
                .open(&kill)
                .and_then(|mut f| f.write_all(b"1"))
                .is_ok()
            {
                return;
            }
        }
        // v1 (or a v2 kernel before 5.14): a fork bomb cannot outrun this loop for long,
        // because the PID limit caps what there is to kill and killed processes cannot fork.
        for _ in 0..100 {
            if kill_procs(&self.memory_dir) == 0 {
                break;
            }
        }
    }

    pub(crate) fn stats(&self) -> SlotStats {
        let (cpu_ns, memory_peak, oom_kills) = match self.version {
            CgroupVersion::V1 => (
                self.cpu_dir
                    .as_ref()
                    .and_then(|d| read_u64(&d.join("cpuacct.usage"))),
                read_u64(&self.memory_dir.join("memory.max_usage_in_bytes")),
                read_key(&self.memory_dir.join("memory.oom_control"), "oom_kill"),
            ),
            CgroupVersion::V2 => (
                read_key(&self.memory_dir.join("cpu.stat"), "usage_usec").map(|us| us * 1000),
                read_u64(&self.memory_dir.join("memory.peak"))
                    .or_else(|| read_u64(&self.memory_dir.join("memory.current"))),
                read_key(&self.memory_dir.join("memory.events"), "oom_kill"),
            ),
        };
        SlotStats {
            cpu_ns: cpu_ns.unwrap_or(0),
            memory_peak: memory_peak.unwrap_or(0),
            oom_kills: oom_kills.unwrap_or(0),
        }
    }

    fn is_empty(&self) -> bool {
        fs::read_to_string(self.memory_dir.join("cgroup.procs"))
            .map(|t| t.trim().is_empty())
            .unwrap_or(true)
    }

    /// Kills what is left, waits (bounded) for the slot to empty, and removes it.
    pub(crate) async fn remove(mut self) -> io::Result<()> {
        self.kill_all();
        // Dying processes leave the cgroup asynchronously and v1 has no fd to wait on. Usually
        // it takes well under a millisecond, less than one tick of tokio's timer, so yield first
        // and sleep only if that is not enough.
        let start = std::time::Instant::now();
        while !self.is_empty() {
            self.kill_all();
            let waited = start.elapsed();
            if waited > Duration::from_secs(2) {
                break;
            } else if waited < Duration::from_millis(3) {
                tokio::task::yield_now().await;
            } else {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        self.remove_dirs()
    }

    fn remove_dirs(&mut self) -> io::Result<()> {
        self.procs.clear();
        let mut result = Ok(());
        for dir in &self.dirs {
            let mut last = Ok(());
            for _ in 0..200 {
                last = self.fs.rmdir(dir);
                match &last {
                    Err(e) if e.raw_os_error() == Some(libc::EBUSY) => {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    _ => break,
                }
            }
            if let Err(e) = last
                && e.kind() != io::ErrorKind::NotFound
            {
                result = Err(io::Error::new(e.kind(), format!("{}: {e}", dir.display())));
            }
        }
        self.removed = true;
        result
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if !self.removed {
            self.kill_all();
            let _ = self.remove_dirs();
        }
    }
}

/// A plain directory tree that answers like cgroupfs for what this module touches, so the v2
/// path can be checked file by file where no v2 hierarchy with memory and pids exists (this
/// machine is hybrid: its v2 mount offers only `hugetlb`). It follows the kernel where the
/// code depends on it: a new cgroup gets its interface files, `cgroup.controllers` is what the
/// parent's `cgroup.subtree_control` enables, `+c`/`-c` edits apply atomically and only for
/// offered controllers (`ENOENT` otherwise), and no file can be created by writing to it.
#[cfg(test)]
mod fake {
    use std::fs;
    use std::io::{self, Write};
    use std::path::Path;

    /// The kernel lists controllers in this order.
    const ORDER: [&str; 8] = [
        "cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc",
    ];

    fn words(path: &Path) -> Vec<String> {
        fs::read_to_string(path)
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }

    pub(super) fn write(path: &Path, value: &str) -> io::Result<()> {
        if path.file_name() == Some("cgroup.subtree_control".as_ref()) {
            let dir = path.parent().expect("a cgroup directory");
            let offered = words(&dir.join("cgroup.controllers"));
            let mut enabled = words(path);
            for token in value.split_whitespace() {
                let (on, name) = match token.split_at(1) {
                    ("+", c) => (true, c),
                    ("-", c) => (false, c),
                    _ => return Err(io::Error::from_raw_os_error(libc::EINVAL)),
                };
                if !offered.iter().any(|o| o == name) {
                    return Err(io::Error::from_raw_os_error(libc::ENOENT));
                }
                enabled.retain(|e| e != name);
                if on {
                    enabled.push(name.to_owned());
                }
            }
            enabled.sort_by_key(|c| ORDER.iter().position(|o| o == c));
            return fs::write(path, enabled.join(" "));
        }
        fs::File::options()
            .write(true)
            .truncate(true)
            .open(path)?
            .write_all(value.as_bytes())
    }

    /// The interface files the kernel gives a new cgroup.
    pub(super) fn populate(dir: &Path) -> io::Result<()> {
        let parent = dir.parent().expect("a parent cgroup");
        let offered = words(&parent.join("cgroup.subtree_control"));
        let mut files = vec![
            ("cgroup.controllers", offered.join(" ")),
            ("cgroup.subtree_control", String::new()),
            ("cgroup.procs", String::new()),
            ("cgroup.kill", String::new()),
            (
                "cpu.stat",
                "usage_usec 0\nuser_usec 0\nsystem_usec 0\n".into(),
            ),
        ];
        let has = |c: &str| offered.iter().any(|o| o == c);
        if has("memory") {
            files.extend([
                ("memory.max", "max".into()),
                ("memory.swap.max", "max".into()),
                ("memory.current", "0".into()),
                ("memory.peak", "0".into()),
                (
                    "memory.events",
                    "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n".into(),
                ),
            ]);
        }
        if has("pids") {
            files.push(("pids.max", "max".into()));
        }
        if has("cpu") {
            files.extend([
                ("cpu.max", "max 100000".into()),
                ("cpu.weight", "100".into()),
            ]);
        }
        for (name, content) in files {
            fs::write(dir.join(name), content)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::CommandExt;

    /// The v2 mechanics (join via cgroup.procs, cgroup.kill, cpu.stat, removal) on a real v2
    /// hierarchy. On a hybrid machine the v2 mount has no controllers, so limits are skipped;
    /// skipped entirely where no writable v2 mount exists.
    #[tokio::test]
    async fn a_v2_slot_joins_kills_measures_and_disappears() {
        let mounts = parse_mountinfo(&fs::read_to_string("/proc/self/mountinfo").unwrap());
        let Some(v2) = mounts.iter().find(|m| m.v1_controllers.is_none()) else {
            eprintln!("SKIPPED: no cgroup2 mount");
            return;
        };
        exercise_a_real_v2_slot(&v2.path).await;
    }

    /// Makes a base under the v2 mount `root`, runs a process tree in a slot there, kills it
    /// through `cgroup.kill`, and removes both.
    async fn exercise_a_real_v2_slot(root: &Path) {
        let base = root.join(format!("codestead-v2-test-{}", std::process::id()));
        if fs::create_dir(&base).is_err() {
            eprintln!("SKIPPED: cgroup2 mount not writable");
            return;
        }
        let cgroups = Cgroups {
            fs: Fs::Kernel,
            layout: Layout::V2 { base: base.clone() },
            enforce_limits: false,
            cpu_quota: false,
        };
        let slot = cgroups.create_slot(64 << 20, 16).unwrap();
        let fds = slot.procs_fds();
        let mut cmd = std::process::Command::new("/bin/sh");
        cmd.args(["-c", "sleep 1000 & while :; do :; done"]);
        // SAFETY: only write(2) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                for &fd in &fds {
                    if libc::write(fd, b"0".as_ptr().cast(), 1) != 1 {
                        return Err(io::Error::last_os_error());
                    }
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn().unwrap();
        let dir = slot.dirs[0].clone();
        while fs::read_to_string(dir.join("cgroup.procs"))
            .unwrap()
            .lines()
            .count()
            < 2
        {
            tokio::task::yield_now().await;
        }
        while slot.stats().cpu_ns == 0 {
            tokio::task::yield_now().await;
        }
        slot.kill_all();
        let status = child.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(libc::SIGKILL)
        );
        slot.remove().await.unwrap();
        assert!(!dir.exists());
        fs::remove_dir(&base).unwrap();
    }

    /// A v2-only host for real: in a private mount namespace the v1 hierarchies are unmounted
    /// and a cgroup2 filesystem is mounted at /sys/fs/cgroup, as on a v2-only distribution;
    /// [`v2_only_view`] then runs detection and the slot mechanics inside it. The kernel
    /// keeps memory and pids bound to their v1 hierarchies here (other mount namespaces use
    /// them), so this v2 root offers neither: detection must say so rather than fall back to
    /// v1 mounts it cannot see or assume controllers it does not have. Needs root.
    #[test]
    fn a_v2_only_mount_table_is_detected_as_it_is() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("SKIPPED: needs root for a private cgroup2 mount");
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new("unshare")
            .args(["--mount", "--propagation", "private", "--", "/bin/sh", "-c"])
            .arg(
                "umount -l /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup && \
                 exec \"$0\" --exact cgroup::tests::v2_only_view --ignored --nocapture \
                 --test-threads 1",
            )
            .arg(&exe)
            .env("CODESTEAD_TEST_V2_ONLY_VIEW", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stdout}\n{stderr}");
        assert!(stdout.contains("1 passed"), "{stdout}\n{stderr}");
        assert!(stdout.contains("v2-only view:"), "{stdout}\n{stderr}");
    }

    /// The inside of [`a_v2_only_mount_table_is_detected_as_it_is`]; does nothing elsewhere.
    #[tokio::test]
    #[ignore = "run inside a private v2-only mount namespace by a_v2_only_mount_table_is_detected_as_it_is"]
    async fn v2_only_view() {
        if std::env::var_os("CODESTEAD_TEST_V2_ONLY_VIEW").is_none() {
            return;
        }
        let mounts = parse_mountinfo(&fs::read_to_string("/proc/self/mountinfo").unwrap());
        assert!(
            mounts.iter().all(|m| m.v1_controllers.is_none()),
            "{mounts:?}"
        );
        let root = Path::new("/sys/fs/cgroup");
        assert!(mounts.iter().any(|m| m.path == root), "{mounts:?}");
        let offered = fs::read_to_string(root.join("cgroup.controllers")).unwrap();
        let has = |c: &str| offered.split_whitespace().any(|o| o == c);
        let name = format!("codestead-v2-only-{}", std::process::id());
        match Cgroups::detect(&name) {
            Ok(cgroups) => {
                assert!(has("memory") && has("pids"), "{offered}");
                assert_eq!(cgroups.version(), CgroupVersion::V2);
                cgroups.check_limits(64 << 20, 16).unwrap();
                fs::remove_dir(root.join(&name)).unwrap();
                println!("v2-only view: detected v2 with limits ({offered})");
            }
            Err(e) => {
                assert!(!(has("memory") && has("pids")), "{offered}: {e}");
                assert!(e.contains("memory and pids"), "{e}");
                assert!(!root.join(&name).exists());
                println!("v2-only view: refused ({e}); controllers offered: {offered:?}");
            }
        }
        exercise_a_real_v2_slot(root).await;
    }

    fn fake_v2_root(offered: &str) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in [
            ("cgroup.controllers", offered),
            ("cgroup.subtree_control", ""),
            ("cgroup.procs", "1\n"),
        ] {
            fs::write(dir.path().join(name), content).unwrap();
        }
        let mountinfo = format!(
            "30 23 0:26 / {} rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
            dir.path().display()
        );
        (dir, mountinfo)
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    fn subdirs(dir: &Path) -> Vec<PathBuf> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_type().unwrap().is_dir())
            .map(|e| e.path())
            .collect()
    }

    #[tokio::test]
    async fn on_a_v2_only_host_every_limit_goes_to_its_v2_file() {
        let (root, mountinfo) = fake_v2_root("cpuset cpu io memory hugetlb pids rdma misc");
        let root = root.path();
        let cgroups = Cgroups::detect_in(&mountinfo, "codestead-sandbox", Fs::Fake).unwrap();
        assert_eq!(cgroups.version(), CgroupVersion::V2);
        assert!(cgroups.cpu_quota());
        let base = root.join("codestead-sandbox");
        assert_eq!(
            read(&root.join("cgroup.subtree_control")),
            "cpu memory pids"
        );
        assert_eq!(read(&base.join("cgroup.controllers")), "cpu memory pids");
        assert_eq!(
            read(&base.join("cgroup.subtree_control")),
            "cpu memory pids"
        );

        cgroups.weigh_as(3);
        assert_eq!(read(&base.join("cpu.weight")), "300");
        cgroups.weigh_as(1_000);
        assert_eq!(
            read(&base.join("cpu.weight")),
            "10000",
            "capped at the kernel's maximum"
        );

        cgroups.check_limits(512 << 20, 64).unwrap();
        assert!(subdirs(&base).is_empty(), "the test slot is removed");

        let slot = cgroups.create_slot(512 << 20, 64).unwrap();
        let [dir] = &subdirs(&base)[..] else {
            panic!("one slot: {:?}", subdirs(&base));
        };
        let id = dir.file_name().unwrap().to_str().unwrap();
        assert!(
            id.starts_with(&format!("run-{}-", std::process::id())),
            "{id}"
        );
        assert_eq!(read(&dir.join("memory.max")), "536870912");
        assert_eq!(read(&dir.join("memory.swap.max")), "0");
        assert_eq!(read(&dir.join("pids.max")), "64");
        assert_eq!(read(&dir.join("cpu.max")), "100000 100000");
        // The child joins through the slot's own cgroup.procs (no v1 `tasks` under v2).
        let fds = slot.procs_fds();
        assert_eq!(fds.len(), 1);
        assert_eq!(
            fs::read_link(format!("/proc/self/fd/{}", fds[0])).unwrap(),
            dir.join("cgroup.procs")
        );

        // What the kernel would account, read from the v2 files.
        fs::write(
            dir.join("cpu.stat"),
            "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n",
        )
        .unwrap();
        fs::write(dir.join("memory.peak"), "7340032\n").unwrap();
        fs::write(
            dir.join("memory.events"),
            "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n",
        )
        .unwrap();
        let stats = slot.stats();
        assert_eq!(
            (stats.cpu_ns, stats.memory_peak, stats.oom_kills),
            (1_500_000, 7_340_032, 1)
        );
        // Kernels before 5.19 have no memory.peak: the current usage stands in.
        fs::remove_file(dir.join("memory.peak")).unwrap();
        fs::write(dir.join("memory.current"), "4096\n").unwrap();
        assert_eq!(slot.stats().memory_peak, 4096);

        slot.kill_all();
        assert_eq!(read(&dir.join("cgroup.kill")), "1");
        let dir = dir.clone();
        slot.remove().await.unwrap();
        assert!(!dir.exists());
        assert!(base.exists(), "the base stays for the next slot");
    }

    #[test]
    fn a_v2_host_without_the_cpu_controller_still_limits_memory_and_pids() {
        let (root, mountinfo) = fake_v2_root("memory pids");
        let root = root.path();
        let cgroups = Cgroups::detect_in(&mountinfo, "codestead-sandbox", Fs::Fake).unwrap();
        assert_eq!(cgroups.version(), CgroupVersion::V2);
        assert!(!cgroups.cpu_quota());
        let base = root.join("codestead-sandbox");
        assert_eq!(read(&root.join("cgroup.subtree_control")), "memory pids");
        assert_eq!(read(&base.join("cgroup.subtree_control")), "memory pids");
        cgroups.weigh_as(3);
        assert!(!base.join("cpu.weight").exists());
        cgroups.check_limits(256 << 20, 32).unwrap();
        let slot = cgroups.create_slot(256 << 20, 32).unwrap();
        let [dir] = &subdirs(&base)[..] else {
            panic!("one slot");
        };
        assert_eq!(read(&dir.join("memory.max")), "268435456");
        assert_eq!(read(&dir.join("pids.max")), "32");
        assert!(!dir.join("cpu.max").exists());
        drop(slot);
        assert!(subdirs(&base).is_empty(), "dropping a slot removes it");
    }

    #[test]
    fn a_v2_only_host_without_memory_or_pids_is_refused_not_assumed() {
        for offered in ["", "cpu io hugetlb", "cpu memory", "cpu pids"] {
            let (root, mountinfo) = fake_v2_root(offered);
            let err = Cgroups::detect_in(&mountinfo, "codestead-sandbox", Fs::Fake).unwrap_err();
            assert!(err.contains("memory and pids"), "{offered}: {err}");
            assert_eq!(read(&root.path().join("cgroup.subtree_control")), "");
            assert!(subdirs(root.path()).is_empty());
        }
    }

    #[test]
    fn a_hybrid_machine_whose_v2_holds_the_controllers_uses_v2() {
        let mounts = parse_mountinfo(HYBRID);
        let plan = plan(&mounts, |p| {
            if p == Path::new("/sys/fs/cgroup/unified") {
                "memory pids".into()
            } else {
                String::new()
            }
        })
        .unwrap();
        assert_eq!(plan, Plan::V2("/sys/fs/cgroup/unified".into()));
    }

    const HYBRID: &str = "\
35 25 0:30 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
36 35 0:31 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw
38 35 0:33 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory
39 35 0:34 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,pids
40 35 0:35 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,cpu,cpuacct
41 35 0:36 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd
";

    const PURE_V2: &str = "\
30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
";

    #[test]
    fn a_hybrid_machine_with_empty_v2_uses_the_v1_controllers() {
        let mounts = parse_mountinfo(HYBRID);
        assert_eq!(mounts.len(), 5);
        let plan = plan(&mounts, |_| String::new()).unwrap();
        assert_eq!(
            plan,
            Plan::V1 {
                memory: "/sys/fs/cgroup/memory".into(),
                pids: "/sys/fs/cgroup/pids".into(),
                cpuacct: Some("/sys/fs/cgroup/cpu,cpuacct".into()),
                cpu: Some("/sys/fs/cgroup/cpu,cpuacct".into()),
            }
        );
    }

    #[test]
    fn a_pure_v2_machine_uses_v2() {
        let mounts = parse_mountinfo(PURE_V2);
        let plan = plan(&mounts, |_| "cpuset cpu io memory hugetlb pids rdma".into()).unwrap();
        assert_eq!(plan, Plan::V2("/sys/fs/cgroup".into()));
    }

    #[test]
    fn v2_without_the_memory_controller_is_not_usable_alone() {
        let mounts = parse_mountinfo(PURE_V2);
        assert_eq!(plan(&mounts, |_| "cpu pids".into()), None);
    }

    #[test]
    fn a_named_v1_hierarchy_is_not_mistaken_for_a_controller() {
        let mounts = parse_mountinfo(HYBRID);
        let systemd = mounts.iter().find(|m| m.path.ends_with("systemd")).unwrap();
        assert_eq!(systemd.v1_controllers, Some(vec!["xattr".to_owned()]));
    }
}
