// The C++ repair search's driver (see repair_compiled.rs). The server pastes the learner's
// `#include`s above this file and every mutant, each in its own namespace with its `main`
// renamed `codestead_main`, between it and `codestead_driver`; `CODESTEAD_ENTRIES` lists those
// functions. Each mutant then runs in a forked child (a crash or an endless loop ends only that
// child) with the test's input on its stdin and its stdout read back through a pipe.
//
// Payload on stdin: "<nonce>\n<per_run_ms> <total_ms> <count>\n" then, per input,
// "<bytes>\n<bytes of input>". Report on stdout: one line "<nonce><json>", json =
// {"outputs": [hex of distinct stdout, ...], "runs": [[index | code, ...], ...]} where code is
// -1 a crash or a non-zero exit, -2 over the time budget, -3 not run (total budget spent).
// Only the first input is run for a mutant whose output there equals the original's.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <iostream>
#include <map>
#include <string>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace codestead_driver {

typedef int (*Entry)();

static std::string read_all(int fd) {
    std::string out;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

static long now_ms() {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

// One run of `entry` on `input`: its stdout (capped at 1 KiB) or a failure code.
static int run_once(Entry entry, const std::string &input, long per_run_ms, std::string &out) {
    int in_pipe[2], out_pipe[2];
    if (pipe(in_pipe) != 0) return -1;
    if (pipe(out_pipe) != 0) return -1;
    std::fflush(stdout);
    std::cout.flush();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        int null_fd = open("/dev/null", O_WRONLY);
        if (null_fd >= 0) dup2(null_fd, 2);
        close(in_pipe[0]);
        close(in_pipe[1]);
        close(out_pipe[0]);
        close(out_pipe[1]);
        struct itimerval timer;
        std::memset(&timer, 0, sizeof timer);
        timer.it_value.tv_sec = per_run_ms / 1000;
        timer.it_value.tv_usec = (per_run_ms % 1000) * 1000;
        setitimer(ITIMER_REAL, &timer, nullptr);
        // The renamed `main` may end without a `return` (only `main` itself returns 0 then):
        // its value is not read.
        entry();
        std::cout.flush();
        std::fflush(stdout);
        _exit(0);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    size_t written = 0;
    while (written < input.size()) {
        ssize_t n = write(in_pipe[1], input.data() + written, input.size() - written);
        if (n <= 0) break;
        written += static_cast<size_t>(n);
    }
    close(in_pipe[1]);
    char buf[4096];
    out.clear();
    for (;;) {
        ssize_t n = read(out_pipe[0], buf, sizeof buf);
        if (n <= 0) break;
        if (out.size() < 1024) out.append(buf, static_cast<size_t>(n));
    }
    close(out_pipe[0]);
    if (out.size() > 1024) out.resize(1024);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGALRM ? -2 : -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    return 0;
}

static std::string hex(const std::string &s) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

static int drive(const Entry *entries, size_t count) {
    signal(SIGPIPE, SIG_IGN);
    std::string payload = read_all(0);
    size_t at = payload.find('\n');
    if (at == std::string::npos) return 2;
    std::string nonce = payload.substr(0, at);
    size_t head_end = payload.find('\n', at + 1);
    if (head_end == std::string::npos) return 2;
    long per_run = 0, total = 0, inputs = 0;
    if (std::sscanf(payload.substr(at + 1, head_end - at - 1).c_str(), "%ld %ld %ld", &per_run,
                    &total, &inputs) != 3)
        return 2;
    std::vector<std::string> stdins;
    size_t pos = head_end + 1;
    for (long i = 0; i < inputs; i++) {
        size_t nl = payload.find('\n', pos);
        if (nl == std::string::npos) return 2;
        size_t len = std::strtoul(payload.substr(pos, nl - pos).c_str(), nullptr, 10);
        if (nl + 1 + len > payload.size()) return 2;
        stdins.push_back(payload.substr(nl + 1, len));
        pos = nl + 1 + len;
    }
    long deadline = now_ms() + total;
    std::vector<std::string> outputs;
    std::map<std::string, int> index_of;
    std::string runs = "[";
    std::string first_output;
    for (size_t k = 0; k < count; k++) {
        runs += k ? ",[" : "[";
        for (size_t j = 0; j < stdins.size(); j++) {
            int code = -3;
            std::string out;
            if (now_ms() < deadline) {
                code = run_once(entries[k], stdins[j], per_run, out);
            }
            if (code == 0) {
                std::map<std::string, int>::iterator found = index_of.find(out);
                if (found == index_of.end()) {
                    index_of[out] = static_cast<int>(outputs.size());
                    outputs.push_back(out);
                    code = static_cast<int>(outputs.size()) - 1;
                } else {
                    code = found->second;
                }
            }
            if (j) runs += ",";
            runs += std::to_string(code);
            if (j == 0) {
                if (k == 0) first_output = code >= 0 ? out : std::string("\x01");
                // A mutant that prints what the original printed on the first input changes
                // nothing there: not run further.
                if (k > 0 && code >= 0 && out == first_output) break;
            }
        }
        runs += "]";
    }
    runs += "]";
    std::string report = nonce + "{\"outputs\":[";
    for (size_t i = 0; i < outputs.size(); i++) {
        if (i) report += ",";
        report += "\"" + hex(outputs[i]) + "\"";
    }
    report += "],\"runs\":" + runs + "}\n";
    std::fflush(stdout);
    ssize_t ignored = write(1, report.data(), report.size());
    (void)ignored;
    return 0;
}

}  // namespace codestead_driver

#pragma GCC optimize("O0")
