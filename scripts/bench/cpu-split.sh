#!/bin/bash
# CPU seconds used by one server process and by the PostgreSQL backends of its database over a window, to
# see where a load run's time goes. Run it while `npm run bench -- save` is loading the server:
#   scripts/bench/cpu-split.sh <server pid> <database name pattern, e.g. cmfc_bench_%> [seconds, default 10]
# (the server is the `node .output/server/index.mjs` child of the bench; psql must reach DATABASE_URL's server).
set -euo pipefail
srv=$1; db=$2; secs=${3:-10}
url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
backends=$(psql "$url" -Atc "select pid from pg_stat_activity where datname like '$db'" | tr '\n' ' ')
ticks() { local t=0; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
machine() { awk '/^cpu /{print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
s1=$(ticks "$srv"); p1=$(ticks $backends); m1=$(machine)
sleep "$secs"
s2=$(ticks "$srv"); p2=$(ticks $backends); m2=$(machine)
hz=$(getconf CLK_TCK)
echo "over ${secs} s: server $(echo "scale=2; ($s2 - $s1) / $hz" | bc) s CPU; PostgreSQL backends ($(echo $backends | wc -w)) $(echo "scale=2; ($p2 - $p1) / $hz" | bc) s CPU; whole machine $(echo "scale=2; ($m2 - $m1) / $hz" | bc) s"
