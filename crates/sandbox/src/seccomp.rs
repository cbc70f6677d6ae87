//! The seccomp filters bubblewrap loads right before it executes a sandboxed program (and in its
//! PID-1 reaper).
//!
//! An **allow-list per language and phase** (what python3, node, java, javac, g++/cc1plus/as/ld
//! and a compiled C++ program were traced calling, plus margin for glibc variants; see
//! `docs/sandbox.md`, "Seccomp", for how the lists were made and how to regenerate them).
//! Anything else kills the process (`SECCOMP_RET_KILL_PROCESS`): a learner's program has no
//! business with the rest of the kernel, and a kill cannot be probed quietly the way an error
//! code can.
//!
//! The filter is a stack of classic-BPF programs, because seccompiler gives one action per
//! program and the kernel applies the most severe action any loaded program returns:
//!
//! 1. the allow-list, default kill, with two hand-written instructions in front that kill any
//!    syscall number ≥ `0x4000_0000` (the x32 ABI: seccompiler checks only the architecture
//!    field, which x32 calls share with x86-64, so `nr | 0x4000_0000` would otherwise reach
//!    whatever a rule allowed or denied by number); `clone` is allowed only without namespace
//!    flags;
//! 2. `ENOSYS` for the calls a runtime probes and falls back from: `clone3` (its flags sit behind
//!    a pointer BPF cannot read; glibc falls back to `clone`, which (1) inspects) and
//!    `io_uring_setup` (libuv probes it and falls back to its thread pool);
//! 3. `EAFNOSUPPORT` for `socket`/`socketpair` of any family but `AF_UNIX` (glibc's resolver and
//!    the JVM's IPv6 check open inet and netlink sockets and handle the failure, and a learner
//!    trying the network gets an ordinary error);
//! 4. `ENOTTY` for every `ioctl` but a few read-only terminal and descriptor queries (`isatty`,
//!    window size, `FIONREAD`, `FIONBIO`, `FIOCLEX`): no `TIOCSTI`, `TIOCLINUX` & co.
//!
//! Programs (1)–(4) are shared by every sandboxed process; only (1)'s list differs by
//! [`Language`] and [`Phase`]. [`filter_for`] builds them; the zygotes load the same programs.

use std::collections::{BTreeMap, BTreeSet};

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch, sock_filter,
};

use crate::Language;

/// Which step of a run a filter is for: a compiler (javac, g++ and its helpers) or the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    Compile,
    Run,
}

/// Every syscall number at or above this is x32 (or garbage): refused before any rule.
pub(crate) const X32_SYSCALL_BIT: u32 = 0x4000_0000;

/// What a program may use (the run phase of every language): the dynamic loader, glibc,
/// libstdc++, a shell and coreutils, because every language can start `/bin/sh` (Python's
/// `subprocess`, Node's `child_process`, Java's `ProcessBuilder`, C++'s `system`), which
/// inherits the filter. The traces (see `docs/sandbox.md`) show 87 distinct calls; the rest is
/// margin for other glibc versions and ordinary learner programs (files in /tmp, threads,
/// timers, pipes, AF_UNIX sockets), never a call that reaches a new kernel subsystem.
fn base() -> Vec<i64> {
    use libc::*;
    let mut v = vec![
        // files and descriptors
        SYS_read,
        SYS_write,
        SYS_readv,
        SYS_writev,
        SYS_pread64,
        SYS_pwrite64,
        SYS_preadv,
        SYS_pwritev,
        SYS_preadv2,
        SYS_pwritev2,
        SYS_lseek,
        SYS_openat,
        SYS_close,
        SYS_close_range,
        SYS_fstat,
        SYS_newfstatat,
        SYS_statx,
        SYS_statfs,
        SYS_fstatfs,
        SYS_faccessat,
        SYS_faccessat2,
        SYS_readlinkat,
        SYS_getdents64,
        SYS_getcwd,
        SYS_chdir,
        SYS_fchdir,
        SYS_mkdirat,
        SYS_unlinkat,
        SYS_renameat,
        SYS_renameat2,
        SYS_linkat,
        SYS_symlinkat,
        SYS_fchmod,
        SYS_fchmodat,
        SYS_fchown,
        SYS_fchownat,
        SYS_umask,
        SYS_truncate,
        SYS_ftruncate,
        SYS_fallocate,
        SYS_fsync,
        SYS_fdatasync,
        SYS_fadvise64,
        SYS_utimensat,
        SYS_getxattr,
        SYS_lgetxattr,
        SYS_fgetxattr,
        SYS_listxattr,
        SYS_llistxattr,
        SYS_flistxattr,
        SYS_sendfile,
        SYS_copy_file_range,
        SYS_dup,
        SYS_dup3,
        SYS_fcntl,
        SYS_flock,
        SYS_pipe2,
        SYS_ioctl, // narrowed by the ENOTTY program
        // memory
        SYS_brk,
        SYS_mmap,
        SYS_munmap,
        SYS_mprotect,
        SYS_mremap,
        SYS_madvise,
        SYS_msync,
        SYS_mincore,
        SYS_mlock,
        SYS_munlock,
        SYS_membarrier,
        SYS_memfd_create,
        // signals
        SYS_rt_sigaction,
        SYS_rt_sigprocmask,
        SYS_rt_sigreturn,
        SYS_rt_sigsuspend,
        SYS_rt_sigpending,
        SYS_rt_sigtimedwait,
        SYS_rt_sigqueueinfo,
        SYS_sigaltstack,
        SYS_signalfd4,
        SYS_kill,
        SYS_tgkill,
        SYS_tkill,
        SYS_getitimer,
        SYS_setitimer,
        SYS_timer_create,
        SYS_timer_settime,
        SYS_timer_gettime,
        SYS_timer_getoverrun,
        SYS_timer_delete,
        // threads, processes (clone is added with its flag rule)
        SYS_clone3,         // answered ENOSYS by its own program
        SYS_io_uring_setup, // likewise (libuv probes it)
        SYS_execve,
        SYS_wait4,
        SYS_waitid,
        SYS_exit,
        SYS_exit_group,
        SYS_futex,
        SYS_set_robust_list,
        SYS_get_robust_list,
        SYS_set_tid_address,
        SYS_rseq,
        SYS_arch_prctl,
        SYS_prctl,
        SYS_sched_yield,
        SYS_sched_getaffinity,
        SYS_sched_getparam,
        SYS_sched_getscheduler,
        SYS_sched_get_priority_max,
        SYS_sched_get_priority_min,
        SYS_getpriority,
        SYS_setpriority,
        SYS_getcpu,
        // identity (the set* calls fail with EPERM: no capabilities)
        SYS_getpid,
        SYS_getppid,
        SYS_gettid,
        SYS_getuid,
        SYS_geteuid,
        SYS_getgid,
        SYS_getegid,
        SYS_getresuid,
        SYS_getresgid,
        SYS_getgroups,
        SYS_getpgid,
        SYS_getsid,
        SYS_setpgid,
        SYS_setsid,
        SYS_setuid,
        SYS_setgid,
        SYS_setreuid,
        SYS_setregid,
        SYS_setresuid,
        SYS_setresgid,
        SYS_setgroups,
        SYS_capget,
        // limits, time, system information
        SYS_getrlimit,
        SYS_setrlimit,
        SYS_prlimit64,
        SYS_getrusage,
        SYS_times,
        SYS_uname,
        SYS_sysinfo,
        SYS_clock_gettime,
        SYS_clock_getres,
        SYS_clock_nanosleep,
        SYS_nanosleep,
        SYS_gettimeofday,
        SYS_getrandom,
        // waiting on descriptors
        SYS_ppoll,
        SYS_pselect6,
        SYS_epoll_create1,
        SYS_epoll_ctl,
        SYS_epoll_pwait,
        SYS_epoll_pwait2,
        SYS_eventfd2,
        SYS_timerfd_create,
        SYS_timerfd_settime,
        SYS_timerfd_gettime,
        // sockets: AF_UNIX only (the EAFNOSUPPORT program refuses other families)
        SYS_socket,
        SYS_socketpair,
        SYS_connect,
        SYS_bind,
        SYS_listen,
        SYS_accept,
        SYS_accept4,
        SYS_sendto,
        SYS_recvfrom,
        SYS_sendmsg,
        SYS_recvmsg,
        SYS_sendmmsg,
        SYS_recvmmsg,
        SYS_shutdown,
        SYS_getsockname,
        SYS_getpeername,
        SYS_setsockopt,
        SYS_getsockopt,
    ];
    v.extend(legacy());
    v
}

/// The pre-`*at` and other x86-64-only calls glibc and older binaries still make there.
#[cfg(target_arch = "x86_64")]
fn legacy() -> Vec<i64> {
    use libc::*;
    vec![
        SYS_open,
        SYS_creat,
        SYS_stat,
        SYS_lstat,
        SYS_access,
        SYS_readlink,
        SYS_mkdir,
        SYS_rmdir,
        SYS_unlink,
        SYS_rename,
        SYS_link,
        SYS_symlink,
        SYS_chmod,
        SYS_chown,
        SYS_lchown,
        SYS_pipe,
        SYS_dup2,
        SYS_fork,
        SYS_vfork,
        SYS_poll,
        SYS_select,
        SYS_epoll_create,
        SYS_epoll_wait,
        SYS_eventfd,
        SYS_time,
        SYS_alarm,
        SYS_pause,
        SYS_getpgrp,
    ]
}

#[cfg(not(target_arch = "x86_64"))]
fn legacy() -> Vec<i64> {
    Vec::new()
}

/// What the compilers need (javac, or g++ with cc1plus, as, collect2 and ld): far less than a
/// program, because the compiler reads learner input but is not written by the learner. A
/// crafted source that took over a compiler would find no sockets but `AF_UNIX` (for glibc's
/// nscd probe), no `kill`, no directory or link games beyond its output directory.
fn compile_base() -> Vec<i64> {
    use libc::*;
    let mut v = vec![
        SYS_read,
        SYS_write,
        SYS_readv,
        SYS_writev,
        SYS_pread64,
        SYS_pwrite64,
        SYS_lseek,
        SYS_openat,
        SYS_close,
        SYS_close_range,
        SYS_fstat,
        SYS_newfstatat,
        SYS_statx,
        SYS_statfs,
        SYS_fstatfs,
        SYS_faccessat,
        SYS_faccessat2,
        SYS_readlinkat,
        SYS_getdents64,
        SYS_getcwd,
        SYS_mkdirat,
        SYS_unlinkat,
        SYS_renameat,
        SYS_renameat2,
        SYS_fchmod,
        SYS_fchmodat,
        SYS_umask,
        SYS_ftruncate,
        SYS_fallocate,
        SYS_fsync,
        SYS_fdatasync,
        SYS_dup,
        SYS_dup3,
        SYS_fcntl,
        SYS_pipe2,
        SYS_ioctl, // narrowed by the ENOTTY program
        SYS_brk,
        SYS_mmap,
        SYS_munmap,
        SYS_mprotect,
        SYS_mremap,
        SYS_madvise,
        SYS_mincore,
        SYS_membarrier,
        SYS_rt_sigaction,
        SYS_rt_sigprocmask,
        SYS_rt_sigreturn,
        SYS_sigaltstack,
        SYS_tgkill,         // the JVM signals its own threads
        SYS_clone3,         // answered ENOSYS by its own program
        SYS_io_uring_setup, // likewise (libuv probes it)
        SYS_execve,
        SYS_wait4,
        SYS_waitid,
        SYS_exit,
        SYS_exit_group,
        SYS_futex,
        SYS_set_robust_list,
        SYS_set_tid_address,
        SYS_rseq,
        SYS_arch_prctl,
        SYS_prctl,
        SYS_sched_yield,
        SYS_sched_getaffinity,
        SYS_getcpu,
        SYS_getpid,
        SYS_getppid,
        SYS_gettid,
        SYS_getuid,
        SYS_geteuid,
        SYS_getgid,
        SYS_getegid,
        SYS_getrlimit,
        SYS_prlimit64,
        SYS_getrusage,
        SYS_times,
        SYS_uname,
        SYS_sysinfo,
        SYS_clock_gettime,
        SYS_clock_getres,
        SYS_clock_nanosleep,
        SYS_nanosleep,
        SYS_gettimeofday,
        SYS_getrandom,
        SYS_ppoll,
        SYS_socket, // AF_UNIX only (EAFNOSUPPORT program)
        SYS_socketpair,
        SYS_connect,
        SYS_getsockname,
        SYS_getsockopt,
        SYS_setsockopt,
    ];
    #[cfg(target_arch = "x86_64")]
    v.extend([
        SYS_open,
        SYS_stat,
        SYS_lstat,
        SYS_access,
        SYS_readlink,
        SYS_mkdir,
        SYS_unlink,
        SYS_rename,
        SYS_chmod,
        SYS_pipe,
        SYS_dup2,
        SYS_vfork, // the g++ driver starts cc1plus, as and collect2 with vfork
        SYS_fork,
        SYS_poll,
    ]);
    v
}

/// What each runtime adds to its phase's base, from its traces.
fn extras(language: Language, phase: Phase) -> Vec<i64> {
    use libc::*;
    match (language, phase) {
        // V8 asks for memory protection keys and falls back without them.
        (Language::Javascript, _) => vec![SYS_pkey_alloc, SYS_pkey_free, SYS_pkey_mprotect],
        // HotSpot, CPython and a compiled program need nothing beyond their phase's base.
        (Language::Java, _) | (Language::Python, _) | (Language::Cpp, _) => vec![],
    }
}

/// The syscall numbers (1) allows for `language` in `phase` (sorted, no duplicates).
pub(crate) fn allowed(language: Language, phase: Phase) -> BTreeSet<i64> {
    let base = match phase {
        Phase::Compile => compile_base(),
        Phase::Run => base(),
    };
    base.into_iter()
        .chain(extras(language, phase))
        .chain([libc::SYS_clone])
        .collect()
}

/// Namespace-creating clone flags: a `clone` carrying any of them is killed.
const CLONE_NS_FLAGS: u64 = (libc::CLONE_NEWUSER
    | libc::CLONE_NEWNS
    | libc::CLONE_NEWPID
    | libc::CLONE_NEWNET
    | libc::CLONE_NEWIPC
    | libc::CLONE_NEWUTS
    | libc::CLONE_NEWCGROUP) as u64;

/// ioctl requests left alone: read-only terminal queries (`isatty`, window size, foreground
/// group) and descriptor flags. Compared on the low 32 bits, as the kernel does.
const ALLOWED_IOCTLS: [u64; 7] = [
    libc::TCGETS,
    libc::TIOCGWINSZ,
    libc::TIOCGPGRP,
    libc::FIONREAD,
    libc::FIONBIO,
    libc::FIOCLEX,
    libc::FIONCLEX,
];

/// Why a filter could not be built (a bug or an unsupported architecture, never input).
#[derive(Debug, thiserror::Error)]
#[error("seccomp filter: {0}")]
pub struct SeccompBuildError(String);

fn err(e: impl std::fmt::Display) -> SeccompBuildError {
    SeccompBuildError(e.to_string())
}

fn target_arch() -> Result<TargetArch, SeccompBuildError> {
    TargetArch::try_from(std::env::consts::ARCH).map_err(|e| err(format!("{e:?}")))
}

fn cond(
    arg: u8,
    len: SeccompCmpArgLen,
    op: SeccompCmpOp,
    value: u64,
) -> Result<SeccompCondition, SeccompBuildError> {
    SeccompCondition::new(arg, len, op, value).map_err(err)
}

fn compile(
    rules: BTreeMap<i64, Vec<SeccompRule>>,
    default: SeccompAction,
    on_match: SeccompAction,
) -> Result<BpfProgram, SeccompBuildError> {
    let filter = SeccompFilter::new(rules, default, on_match, target_arch()?).map_err(err)?;
    filter.try_into().map_err(err)
}

/// BPF opcodes for the hand-written x32 prefix (`linux/bpf_common.h`): `BPF_LD|BPF_W|BPF_ABS`,
/// `BPF_JMP|BPF_JGE|BPF_K`, `BPF_JMP|BPF_JEQ|BPF_K`, `BPF_RET|BPF_K`.
const BPF_LD_W_ABS: u16 = 0x20;
const BPF_JMP_JGE_K: u16 = 0x35;
const BPF_JMP_JEQ_K: u16 = 0x15;
const BPF_RET_K: u16 = 0x06;
/// `offsetof(struct seccomp_data, nr)` and `arch`.
const SECCOMP_DATA_NR: u32 = 0;
const SECCOMP_DATA_ARCH: u32 = 4;

/// Puts "kill if nr ≥ 0x4000_0000" right after seccompiler's architecture check (which is
/// three instructions: load arch, compare, kill). Jumps in classic BPF are relative and none
/// crosses that point, so inserting there leaves every other jump intact.
fn with_x32_guard(mut prog: BpfProgram) -> Result<BpfProgram, SeccompBuildError> {
    let arch_check = prog.len() > 3
        && prog[0].code == BPF_LD_W_ABS
        && prog[0].k == SECCOMP_DATA_ARCH
        && prog[1].code == BPF_JMP_JEQ_K
        && (prog[1].jt, prog[1].jf) == (1, 0)
        && prog[2].code == BPF_RET_K;
    if !arch_check {
        return Err(err(
            "seccompiler's program does not start with its arch check",
        ));
    }
    let guard = [
        sock_filter {
            code: BPF_LD_W_ABS,
            jt: 0,
            jf: 0,
            k: SECCOMP_DATA_NR,
        },
        sock_filter {
            code: BPF_JMP_JGE_K,
            jt: 0,
            jf: 1,
            k: X32_SYSCALL_BIT,
        },
        sock_filter {
            code: BPF_RET_K,
            jt: 0,
            jf: 0,
            k: libc::SECCOMP_RET_KILL_PROCESS,
        },
    ];
    prog.splice(3..3, guard);
    Ok(prog)
}

/// The stack of programs for `language` in `phase`, in load order (see the module header).
pub(crate) fn filter_for(
    language: Language,
    phase: Phase,
) -> Result<Vec<BpfProgram>, SeccompBuildError> {
    use SeccompAction::{Allow, Errno, KillProcess};
    use SeccompCmpArgLen::{Dword, Qword};

    let mut allow: BTreeMap<i64, Vec<SeccompRule>> = allowed(language, phase)
        .into_iter()
        .map(|nr| (nr, Vec::new()))
        .collect();
    allow.insert(
        libc::SYS_clone,
        vec![
            SeccompRule::new(vec![cond(
                0,
                Qword,
                SeccompCmpOp::MaskedEq(CLONE_NS_FLAGS),
                0,
            )?])
            .map_err(err)?,
        ],
    );
    let allow = with_x32_guard(compile(allow, KillProcess, Allow)?)?;

    let mut enosys = BTreeMap::new();
    enosys.insert(libc::SYS_clone3, vec![]);
    enosys.insert(libc::SYS_io_uring_setup, vec![]);
    let enosys = compile(enosys, Allow, Errno(libc::ENOSYS as u32))?;

    let not_unix = || -> Result<Vec<SeccompRule>, SeccompBuildError> {
        Ok(vec![
            SeccompRule::new(vec![cond(
                0,
                Dword,
                SeccompCmpOp::Ne,
                libc::AF_UNIX as u64,
            )?])
            .map_err(err)?,
        ])
    };
    let mut sockets = BTreeMap::new();
    sockets.insert(libc::SYS_socket, not_unix()?);
    sockets.insert(libc::SYS_socketpair, not_unix()?);
    let sockets = compile(sockets, Allow, Errno(libc::EAFNOSUPPORT as u32))?;

    let mut ioctl = BTreeMap::new();
    ioctl.insert(
        libc::SYS_ioctl,
        vec![
            SeccompRule::new(
                ALLOWED_IOCTLS
                    .iter()
                    .map(|&req| cond(1, Dword, SeccompCmpOp::Ne, req))
                    .collect::<Result<_, _>>()?,
            )
            .map_err(err)?,
        ],
    );
    let ioctl = compile(ioctl, Allow, Errno(libc::ENOTTY as u32))?;

    Ok(vec![allow, enosys, sockets, ioctl])
}

/// A program as the raw `struct sock_filter` array `bwrap --add-seccomp-fd` reads.
pub(crate) fn to_bytes(prog: &BpfProgram) -> Vec<u8> {
    let mut out = Vec::with_capacity(prog.len() * 8);
    for ins in prog {
        out.extend_from_slice(&ins.code.to_ne_bytes());
        out.push(ins.jt);
        out.push(ins.jf);
        out.extend_from_slice(&ins.k.to_ne_bytes());
    }
    out
}

/// Every (language, phase) a sandbox runs, with its programs as bytes, built once at start-up.
#[derive(Debug)]
pub(crate) struct Filters {
    by_profile: BTreeMap<(Language, Phase), Vec<Vec<u8>>>,
}

impl Filters {
    pub(crate) fn build() -> Result<Filters, SeccompBuildError> {
        let mut by_profile = BTreeMap::new();
        for language in Language::ALL {
            for phase in [Phase::Compile, Phase::Run] {
                let progs = filter_for(language, phase)?;
                by_profile.insert((language, phase), progs.iter().map(to_bytes).collect());
            }
        }
        Ok(Filters { by_profile })
    }

    pub(crate) fn get(&self, language: Language, phase: Phase) -> &[Vec<u8>] {
        self.by_profile
            .get(&(language, phase))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a classic-BPF seccomp program over one `seccomp_data` (nr, arch, args), as the
    /// kernel would, and returns the action. Only the opcodes seccompiler and the guard emit.
    fn eval(prog: &BpfProgram, nr: u32, arch: u32, args: [u64; 6]) -> u32 {
        let mut data = Vec::with_capacity(64);
        data.extend_from_slice(&nr.to_ne_bytes());
        data.extend_from_slice(&arch.to_ne_bytes());
        data.extend_from_slice(&0u64.to_ne_bytes());
        for a in args {
            data.extend_from_slice(&a.to_ne_bytes());
        }
        let word =
            |off: u32| u32::from_ne_bytes(data[off as usize..off as usize + 4].try_into().unwrap());
        let (mut acc, mut pc) = (0u32, 0usize);
        loop {
            let ins = &prog[pc];
            pc += 1;
            match ins.code {
                0x20 => acc = word(ins.k),
                0x54 => acc &= ins.k,
                0x05 => pc += ins.k as usize,
                0x15 | 0x25 | 0x35 | 0x45 => {
                    let taken = match ins.code {
                        0x15 => acc == ins.k,
                        0x25 => acc > ins.k,
                        0x35 => acc >= ins.k,
                        _ => acc & ins.k != 0,
                    };
                    pc += if taken { ins.jt } else { ins.jf } as usize;
                }
                0x06 => return ins.k,
                other => panic!("unexpected opcode {other:#x}"),
            }
        }
    }

    const ARCH: u32 = 62 | 0x8000_0000 | 0x4000_0000;
    const KILL: u32 = libc::SECCOMP_RET_KILL_PROCESS;
    const ALLOW: u32 = libc::SECCOMP_RET_ALLOW;

    /// The most severe action of the stack, as the kernel combines them.
    fn verdict(progs: &[BpfProgram], nr: i64, args: [u64; 6]) -> u32 {
        progs
            .iter()
            .map(|p| eval(p, nr as u32, ARCH, args))
            .min_by_key(|a| match a & libc::SECCOMP_RET_ACTION_FULL {
                libc::SECCOMP_RET_KILL_PROCESS => 0,
                libc::SECCOMP_RET_ERRNO => 3,
                libc::SECCOMP_RET_ALLOW => 7,
                _ => 1,
            })
            .unwrap()
    }

    fn errno(e: i32) -> u32 {
        libc::SECCOMP_RET_ERRNO | e as u32
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_stack_allows_listed_calls_kills_the_rest_and_answers_probes_with_errors() {
        for language in Language::ALL {
            for phase in [Phase::Compile, Phase::Run] {
                let p = filter_for(language, phase).unwrap();
                let none = [0; 6];
                assert_eq!(verdict(&p, libc::SYS_read, none), ALLOW);
                assert_eq!(verdict(&p, libc::SYS_ptrace, none), KILL);
                assert_eq!(verdict(&p, libc::SYS_mount, none), KILL);
                assert_eq!(verdict(&p, libc::SYS_bpf, none), KILL);
                assert_eq!(verdict(&p, libc::SYS_io_setup, none), KILL);
                assert_eq!(verdict(&p, libc::SYS_modify_ldt, none), KILL);
                assert_eq!(verdict(&p, libc::SYS_unshare, none), KILL);
                // x32: the same numbers with bit 30 set, allowed ones included.
                let x32 = |nr: i64| nr | X32_SYSCALL_BIT as i64;
                assert_eq!(verdict(&p, x32(libc::SYS_read), none), KILL);
                assert_eq!(verdict(&p, x32(libc::SYS_getpid), none), KILL);
                assert_eq!(verdict(&p, libc::SYS_clone3, none), errno(libc::ENOSYS));
                let thread = (libc::CLONE_VM | libc::CLONE_THREAD | libc::CLONE_SIGHAND) as u64;
                assert_eq!(verdict(&p, libc::SYS_clone, [thread, 0, 0, 0, 0, 0]), ALLOW);
                let newns = (libc::CLONE_NEWUSER as u64) | thread;
                assert_eq!(verdict(&p, libc::SYS_clone, [newns, 0, 0, 0, 0, 0]), KILL);
                let unix = libc::AF_UNIX as u64;
                assert_eq!(verdict(&p, libc::SYS_socket, [unix, 1, 0, 0, 0, 0]), ALLOW);
                for family in [
                    libc::AF_INET,
                    libc::AF_INET6,
                    libc::AF_NETLINK,
                    libc::AF_PACKET,
                ] {
                    let args = [family as u64, 1, 0, 0, 0, 0];
                    assert_eq!(
                        verdict(&p, libc::SYS_socket, args),
                        errno(libc::EAFNOSUPPORT)
                    );
                    assert_eq!(
                        verdict(&p, libc::SYS_socketpair, args),
                        errno(libc::EAFNOSUPPORT)
                    );
                }
                // High bits do not smuggle AF_INET past the check: the kernel reads an int.
                let sneaky = (1u64 << 32) | libc::AF_UNIX as u64;
                assert_eq!(
                    verdict(&p, libc::SYS_socket, [sneaky, 1, 0, 0, 0, 0]),
                    ALLOW
                );
                assert_eq!(
                    verdict(&p, libc::SYS_ioctl, [1, libc::TCGETS, 0, 0, 0, 0]),
                    ALLOW
                );
                assert_eq!(
                    verdict(&p, libc::SYS_ioctl, [1, libc::TIOCSTI, 0, 0, 0, 0]),
                    errno(libc::ENOTTY)
                );
                let foreign = eval(&p[0], libc::SYS_read as u32, 0x4000_0003, [0; 6]);
                assert_eq!(foreign, KILL, "a foreign architecture (i386)");
            }
        }
    }

    #[test]
    fn every_profile_builds_and_fits_the_kernels_size_limit() {
        let filters = Filters::build().unwrap();
        for language in Language::ALL {
            for phase in [Phase::Compile, Phase::Run] {
                let progs = filters.get(language, phase);
                assert_eq!(progs.len(), 4);
                for p in progs {
                    assert!(!p.is_empty() && p.len() % 8 == 0 && p.len() / 8 <= 4096);
                }
            }
        }
    }
}
