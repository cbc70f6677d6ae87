# Runs many edited versions ("mutants") of a learner's Python program in one interpreter, inside
# the sandbox like any run, and reports what each printed. The payload comes on stdin as JSON:
#   {"mutants": [src, ...], "stdins": [str, ...], "driver": src | null, "module": name | null,
#    "per_run_ms": int, "total_ms": int, "nonce": str}
# With a driver (an exercise whose tests call the learner's functions), each mutant is loaded as
# the module the driver imports, then the driver runs as __main__. Output goes back on stdout as
# one line "<nonce><json>": {"outputs": [distinct stdout, ...], "runs": [[index | code, ...], ...]}
# where code is -1 an exception, -2 over the time budget, -3 not run (the total budget ran out).
# Only the first stdin is run for a mutant whose output there equals the original's.
import builtins
import io
import json
import signal
import sys
import time
import types

payload = json.loads(sys.stdin.read())
real_stdout = sys.stdout
real_stderr = sys.stderr
per_run = payload["per_run_ms"] / 1000.0
deadline = time.monotonic() + payload["total_ms"] / 1000.0
module_name = payload.get("module")
driver_code = compile(payload["driver"], "main.py", "exec") if payload.get("driver") else None
stdins = payload["stdins"]
keep = set(sys.modules)


class OverBudget(BaseException):
    pass


def on_alarm(signum, frame):
    raise OverBudget()


signal.signal(signal.SIGALRM, on_alarm)

outputs = []
index_of = {}
room = 40 * 1024


def record(text):
    global room
    text = text[:1024]
    if text in index_of:
        return index_of[text]
    if room < len(text):
        return -3
    room -= len(text)
    index_of[text] = len(outputs)
    outputs.append(text)
    return index_of[text]


def run_once(code, stdin):
    out = io.StringIO()
    sys.stdin = io.StringIO(stdin)
    sys.stdout = out
    sys.stderr = io.StringIO()
    failed = None
    signal.setitimer(signal.ITIMER_REAL, per_run)
    try:
        if driver_code is not None:
            module = types.ModuleType(module_name)
            module.__file__ = module_name + ".py"
            sys.modules[module_name] = module
            exec(code, module.__dict__)
            exec(driver_code, {"__name__": "__main__", "__builtins__": builtins})
        else:
            exec(code, {"__name__": "__main__", "__builtins__": builtins})
    except SystemExit:
        pass
    except OverBudget:
        failed = -2
    except BaseException:
        failed = -1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdin = sys.__stdin__
        sys.stdout = real_stdout
        sys.stderr = real_stderr
        for name in list(sys.modules):
            if name not in keep:
                del sys.modules[name]
    return failed if failed is not None else record(out.getvalue())


runs = []
first = None
for i, src in enumerate(payload["mutants"]):
    row = []
    try:
        code = compile(src, module_name + ".py" if module_name else "main.py", "exec")
    except BaseException:
        runs.append([-1])
        continue
    for k, stdin in enumerate(stdins):
        if time.monotonic() > deadline:
            row.append(-3)
            continue
        result = run_once(code, stdin)
        row.append(result)
        # The first program is the learner's own: a mutant that prints the same on the first
        # input as the original is not worth the other inputs.
        if i == 0 and k == 0:
            first = result
        elif k == 0 and result == first:
            break
    runs.append(row)

real_stdout.write(payload["nonce"] + json.dumps({"outputs": outputs, "runs": runs}) + "\n")
