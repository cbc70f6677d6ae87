# Codestead's Python tracer, run as `python3 -B -E -s -c <this> FD MAX_STEPS VALUE_CHARS MAX_MS ENTRY`
# inside the sandbox. It runs ENTRY as `__main__` under sys.settrace and writes one JSON object per
# line to the file descriptor FD (never to stdout/stderr): steps, then an `end` record. The server
# re-checks and re-caps everything it reads, so nothing here is trusted for safety.
#
# Rules it keeps: only frames of the learner's own files (under the entry's directory) are
# recorded; what the program prints is unchanged (output written while a value's repr runs is
# dropped, as it would not exist without the tracer); when a cap is reached tracing stops and the
# program runs on untraced; steps are flushed in batches so a program killed by the wall clock
# still leaves its trace.


def _codestead_main():
    import json
    import os
    import reprlib
    import sys
    import time
    import types

    fd = int(sys.argv[1])
    max_steps = int(sys.argv[2])
    cap = int(sys.argv[3])
    deadline = time.perf_counter_ns() + int(sys.argv[4]) * 1_000_000
    entry = sys.argv[5]
    root = os.path.dirname(entry) + "/"
    max_bytes = 4 * 1024 * 1024
    max_stdout = 64 * 1024
    max_locals = 40

    skip_types = (
        types.ModuleType,
        types.FunctionType,
        types.BuiltinFunctionType,
        types.MethodType,
        type,
    )
    rep = reprlib.Repr()
    rep.maxlevel = 3
    rep.maxstring = cap
    rep.maxother = cap
    rep.maxlong = cap
    for attr in ("maxlist", "maxtuple", "maxdict", "maxset", "maxfrozenset", "maxdeque", "maxarray"):
        setattr(rep, attr, 20)

    state = {"steps": 0, "bytes": 0, "stdout": 0, "stopped": False, "truncated": False, "quiet": False}
    pending = []
    buf = []

    def emit(obj):
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"
        state["bytes"] += len(line)
        buf.append(line)

    def flush():
        if not buf:
            return
        data = "".join(buf).encode("utf-8", "replace")
        buf.clear()
        try:
            while data:
                n = os.write(fd, data)
                data = data[n:]
        except OSError:
            pass

    class Stdout:
        """Forwards everything to the real stream and remembers what was printed."""

        def __init__(self, real):
            object.__setattr__(self, "_real", real)

        def write(self, s):
            if state["quiet"]:
                return len(s) if isinstance(s, str) else 0
            if not state["stopped"] and isinstance(s, str) and state["stdout"] < max_stdout:
                s2 = s[: max_stdout - state["stdout"]]
                state["stdout"] += len(s2)
                pending.append(s2)
            return self._real.write(s)

        def __getattr__(self, name):
            return getattr(self._real, name)

        def __setattr__(self, name, value):
            setattr(self._real, name, value)

    def short(text):
        return text if len(text) <= cap else text[: cap - 1] + "\u2026"

    def describe(exc):
        name = type(exc).__name__
        try:
            msg = str(exc)
        except BaseException:
            msg = ""
        return short(f"{name}: {msg}" if msg else name)

    def learner(code):
        return code.co_filename.startswith(root)

    def stop(truncated):
        if state["stopped"]:
            return
        state["stopped"] = True
        state["truncated"] = state["truncated"] or truncated
        sys.settrace(None)
        f = sys._getframe()
        while f is not None:
            f.f_trace = None
            f = f.f_back
        if truncated:
            emit({"truncated": True, "steps": state["steps"]})
        flush()

    def record(frame, event, arg):
        if state["steps"] >= max_steps or state["bytes"] >= max_bytes or time.perf_counter_ns() > deadline:
            stop(True)
            return
        state["steps"] += 1
        locs = {}
        state["quiet"] = True
        try:
            for k, v in frame.f_locals.items():
                if k.startswith("__") or isinstance(v, skip_types):
                    continue
                try:
                    r = rep.repr(v)
                except BaseException:
                    r = "<unrepresentable>"
                locs[k] = short(r)
                if len(locs) >= max_locals:
                    break
        finally:
            state["quiet"] = False
        code = frame.f_code
        step = {"line": frame.f_lineno, "locals": locs, "stdout": "".join(pending), "event": event}
        pending.clear()
        if code.co_name != "<module>":
            step["function"] = getattr(code, "co_qualname", code.co_name)
        if code.co_filename != entry:
            step["file"] = code.co_filename[len(root):]
        if event == "exception":
            step["exception"] = describe(arg[1])
        elif event == "return" and arg is not None:
            try:
                step["returnValue"] = short(rep.repr(arg))
            except BaseException:
                step["returnValue"] = "<unrepresentable>"
        emit(step)
        if len(buf) >= 64:
            flush()

    def local_trace(frame, event, arg):
        if state["stopped"]:
            return None
        if event in ("line", "return", "exception"):
            record(frame, event, arg)
        return None if state["stopped"] else local_trace

    def global_trace(frame, event, arg):
        if state["stopped"] or not learner(frame.f_code):
            return None
        return local_trace

    def finish(exc):
        stop(False)
        end = {"end": True, "truncated": state["truncated"], "steps": state["steps"]}
        if exc is not None:
            end["exception"] = describe(exc)
            tb, line = exc.__traceback__, None
            while tb is not None:
                if learner(tb.tb_frame.f_code):
                    line = tb.tb_lineno
                tb = tb.tb_next
            if line is not None:
                end["line"] = line
        emit(end)
        flush()

    with open(entry, "rb") as f:
        source = f.read()
    code = compile(source, entry, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__file__ = entry
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    sys.argv = [entry]
    sys.path[0] = os.path.dirname(entry)
    sys.stdout = Stdout(sys.stdout)
    sys.settrace(global_trace)
    try:
        exec(code, main.__dict__)
    except SystemExit:
        finish(None)
        raise
    except BaseException as e:
        finish(e)
        # The traceback Python would print for `python3 ENTRY`: this wrapper's frame dropped.
        tb = e.__traceback__.tb_next
        e.__traceback__ = tb
        sys.excepthook(type(e), e, tb)
        sys.exit(1)
    finish(None)


_codestead_main()
