#!/usr/bin/env bash
# The planner is a pure function of a snapshot and the time: nothing in lib/policy (or the model it
# builds on) may reach for sockets, clocks, threads, the spool or the file system.
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
forbidden='#include *[<"](boost/|asio|sqlite3|sys/socket|netinet/|chrono|thread|mutex|fstream|filesystem|random|ctime|unistd|store/|net/|wire/)'
calls='\b(std::chrono::[a-z_]+_clock|time\(|gettimeofday|clock_gettime|rand\(|srand\(|getenv\()'
status=0
for dir in lib/policy lib/model; do
    if grep -rnE "$forbidden" "$root/$dir" --include='*.cpp' --include='*.hpp'; then status=1; fi
    if grep -rnE "$calls" "$root/$dir" --include='*.cpp' --include='*.hpp'; then status=1; fi
done
if [ "$status" -ne 0 ]; then
    echo "lib/policy and lib/model must stay pure: the lines above bring in I/O, clocks or randomness." >&2
    exit 1
fi
echo "lib/policy and lib/model are pure"
