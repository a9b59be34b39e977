#!/usr/bin/env python3
"""Sends N wrong Web Console logins as fast as it can and prints what came back.

    login_flood.py URL USER ATTEMPTS PARALLEL [--insecure]

Each of PARALLEL threads keeps one connection and sends GET URL with Basic credentials USER:<wrong password>
(a different password each time), never waiting for Retry-After: the guesser an operator fears. Prints one
"FIGURE attack ..." line: wall time, answers per status code and the Retry-After values seen.
Used by runtime/bench/measure-login-flood.sh.
"""
import base64
import collections
import http.client
import ssl
import sys
import threading
import time
import urllib.parse


def main():
    url, user, attempts, parallel = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    insecure = "--insecure" in sys.argv[5:]
    target = urllib.parse.urlsplit(url)
    statuses = collections.Counter()
    retry_after = collections.Counter()
    lock = threading.Lock()
    next_attempt = [0]

    def connect():
        if target.scheme == "https":
            context = ssl._create_unverified_context() if insecure else ssl.create_default_context()
            return http.client.HTTPSConnection(target.hostname, target.port, timeout=60, context=context)
        return http.client.HTTPConnection(target.hostname, target.port, timeout=60)

    def worker():
        conn = connect()
        while True:
            with lock:
                n = next_attempt[0]
                if n >= attempts:
                    break
                next_attempt[0] += 1
            token = base64.b64encode(f"{user}:wrong-password-{n:06d}".encode()).decode()
            try:
                conn.request("GET", target.path, headers={"Authorization": "Basic " + token})
                response = conn.getresponse()
                response.read()
                status = str(response.status)
                ra = response.getheader("Retry-After")
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                conn = connect()
                status, ra = type(e).__name__, None
            with lock:
                statuses[status] += 1
                if ra is not None:
                    retry_after[ra] += 1
        conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    answers = " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))
    ra = " ".join(f"{k}s:{v}" for k, v in sorted(retry_after.items(), key=lambda kv: int(kv[0]))) or "none"
    print(f"FIGURE attack {attempts} wrong logins, {parallel} connections: wall {wall:.2f} s; "
          f"answers {answers}; Retry-After {ra}")


if __name__ == "__main__":
    main()
