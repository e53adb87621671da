"""A bench-test agent speaking the JSON-lines protocol: waits $BENCH_AGENT_SLEEP seconds, submits
y = SLOPE * x + INTERCEPT (from the command line; default 2.2 and 0), then finishes. While the file
$BENCH_AGENT_HOLD exists it waits too (up to a minute), so a test can hold an episode mid-run."""
import json
import os
import select
import sys
import time

slope = float(sys.argv[1]) if len(sys.argv) > 1 else 2.2
intercept = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
CODE = f"""
import csv, os
rows = list(csv.DictReader(open(os.path.join(os.environ['TATAMI_INPUT'], 'test.csv'))))
with open(os.environ['TATAMI_SUBMISSION'], 'w') as out:
    out.write('id,y\\n')
    for row in rows:
        out.write(row['id'] + ',' + str({slope} * float(row['x']) + {intercept}) + '\\n')
"""
sys.stdin.readline()  # the task
time.sleep(float(os.environ.get("BENCH_AGENT_SLEEP", "0")))
hold, start = os.environ.get("BENCH_AGENT_HOLD"), time.time()
while hold and os.path.exists(hold) and time.time() - start < 60:
    if select.select([sys.stdin], [], [], 0.1)[0] and not sys.stdin.readline():
        sys.exit(0)  # tatami run is gone: its end of the pipe closed
print(json.dumps({"action": "submit", "code": CODE}), flush=True)
sys.stdin.readline()  # its feedback
print(json.dumps({"action": "finish"}), flush=True)
sys.stdin.readline()  # the end
