# kafka-python (PyPI) in the same group as a kwire consumer, for consumer_test:
#   python3 consumer_python_peer.py BOOTSTRAP TOPIC GROUP SECONDS
# Polls for SECONDS, then prints one JSON line: its assignment then, and every record it read.
import json
import sys
import time

from kafka import KafkaConsumer

bootstrap, topic, group, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
c = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                  heartbeat_interval_ms=300, session_timeout_ms=10000)
records = []
end = time.time() + seconds
while time.time() < end:
    for tp, recs in c.poll(timeout_ms=200).items():
        records += [[tp.partition, r.offset] for r in recs]
assigned = sorted(tp.partition for tp in c.assignment())
print(json.dumps({"assigned": assigned, "records": records}), flush=True)
c.close()
