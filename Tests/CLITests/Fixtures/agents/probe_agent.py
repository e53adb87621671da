"""An external agent that tries to read the paths given as arguments, reports on standard error, then finishes."""

import json
import sys

sys.stdin.readline()  # the task
for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as f:
            f.read(16)
        print('READ', path, file=sys.stderr)
    except OSError as error:
        print('blocked', path, type(error).__name__, file=sys.stderr)
sys.stderr.flush()
print(json.dumps({'action': 'finish'}), flush=True)
sys.stdin.readline()
