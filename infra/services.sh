#!/usr/bin/env bash
# Makes Redis and Elasticsearch available to newsmon: uses REDIS_URL / ELASTICSEARCH_URL when they answer,
# otherwise starts local ones on those (loopback) addresses:
#   Redis from Debian's redis-server package (installed with apt-get when missing and run as root);
#   Elasticsearch 9 from Maven Central's integ-test-zip (fetched with Maven once, cached under .cache/),
#   run with a JDK >= 21 as an unprivileged user, single node, small heap, data under .data/.
# Usage: bash infra/services.sh up|down|status      (idempotent; `down` stops only what it started)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
# Of a comma-separated node list, the first node is the one checked and started here.
es_url="${ELASTICSEARCH_URL:-http://127.0.0.1:9200}"
es_url="${es_url%%,*}"
es_version="${NEWSMON_ES_VERSION:-9.5.4}"
es_heap="${NEWSMON_ES_HEAP:-512m}"
es_user="${NEWSMON_ES_USER:-newsmon}"
cache_dir="${NEWSMON_ES_CACHE:-$root/.cache/elasticsearch}"
data_dir="${NEWSMON_DATA_DIR:-$root/.data}"
# Elasticsearch runs as an unprivileged user, who must be able to reach these folders. A checkout inside a
# private home folder (e.g. /root) is out of its reach: use machine-wide folders then.
if [[ $EUID -eq 0 && -z "${NEWSMON_ES_CACHE:-}${NEWSMON_DATA_DIR:-}" ]] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$root"; then
  cache_dir="/var/cache/newsmon/elasticsearch"
  data_dir="/var/lib/newsmon/$(printf '%s' "$root" | sha1sum | cut -c1-12)"
fi

say() { echo "newsmon services: $*" >&2; }
fail() { say "$*"; exit 1; }

# host and port of a URL such as redis://127.0.0.1:6379 or http://user:pw@localhost:9200/
url_host() { local rest="${1#*://}"; rest="${rest##*@}"; rest="${rest%%/*}"; echo "${rest%:*}"; }
url_port() { local rest="${1#*://}"; rest="${rest##*@}"; rest="${rest%%/*}"; [[ "$rest" == *:* ]] && echo "${rest##*:}" || echo "$2"; }
is_loopback() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

# ---------------------------------------------------------------- Redis
redis_host="$(url_host "$redis_url")"
redis_port="$(url_port "$redis_url" 6379)"
redis_pidfile="$data_dir/redis/redis.pid"

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [[ "$(timeout 3 redis-cli -u "$redis_url" ping 2>/dev/null)" == "PONG" ]]
  else
    (exec 3<>"/dev/tcp/$redis_host/$redis_port" && printf 'PING\r\n' >&3 && read -r -t 2 line <&3 && [[ "$line" == +PONG* ]]) 2>/dev/null
  fi
}

redis_up() {
  if redis_answers; then say "Redis answers at $redis_url"; return; fi
  is_loopback "$redis_host" || fail "Redis at $redis_url does not answer, and newsmon starts Redis only on this machine's loopback"
  if ! command -v redis-server >/dev/null 2>&1; then
    [[ $EUID -eq 0 ]] || fail "Redis at $redis_url does not answer and redis-server is not installed: install Debian's redis-server package (apt-get install redis-server)"
    say "installing Debian's redis-server package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null 2>&1 \
      || (apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null) \
      || fail "cannot install redis-server with apt-get"
  fi
  mkdir -p "$data_dir/redis"
  say "starting Redis on $redis_host:$redis_port"
  # Append-only persistence (fsync every second): a restart keeps the queues, schedules and seen items. BullMQ
  # needs noeviction: an evicted job key is a lost job.
  redis-server --daemonize yes --bind "$redis_host" --port "$redis_port" --save "" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --dir "$data_dir/redis" --pidfile "$redis_pidfile" --logfile "$data_dir/redis/redis.log" \
    || fail "Redis could not start on $redis_url (see $data_dir/redis/redis.log)"
  for _ in $(seq 1 50); do redis_answers && { say "Redis answers at $redis_url"; return; }; sleep 0.2; done
  fail "Redis started but does not answer at $redis_url: $(tail -n 5 "$data_dir/redis/redis.log" 2>/dev/null)"
}

# ---------------------------------------------------------------- Elasticsearch
es_host="$(url_host "$es_url")"
es_port="$(url_port "$es_url" 9200)"
es_home="$cache_dir/elasticsearch-$es_version"
es_state="$data_dir/elasticsearch"
es_pidfile="$es_state/elasticsearch.pid"
es_log="$es_state/logs/newsmon.log"

# 0: a cluster answers; 1: nothing listens; 2: something else listens there
es_probe() {
  local body
  body="$(curl -s -m 5 "$es_url/_cluster/health" 2>/dev/null)" || return 1
  [[ "$body" == *'"cluster_name"'* ]] && return 0
  return 2
}

find_jdk() {
  local candidate version best="" best_major=0
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if (( version >= 21 && version > best_major )); then best="$candidate"; best_major=$version; fi
  done
  echo "$best"
}

es_fetch() {
  [[ -x "$es_home/bin/elasticsearch" ]] && return
  command -v mvn >/dev/null 2>&1 || fail "Maven (mvn) is needed once to fetch Elasticsearch $es_version from Maven Central"
  local zip="$cache_dir/elasticsearch-$es_version.zip"
  mkdir -p "$cache_dir"
  if [[ ! -s "$zip" ]]; then
    say "fetching Elasticsearch $es_version (integ-test-zip) from Maven Central"
    mvn -B -q dependency:copy "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$es_version:zip" \
      "-DoutputDirectory=$cache_dir" >&2 || fail "Maven could not fetch org.elasticsearch.distribution.integ-test-zip:elasticsearch:$es_version:zip"
  fi
  rm -rf "$es_home.partial" && mkdir -p "$es_home.partial"
  unzip -q "$zip" -d "$es_home.partial" || fail "cannot unpack $zip"
  mv "$es_home.partial/elasticsearch-$es_version" "$es_home" && rm -rf "$es_home.partial"
}

# Elasticsearch refuses to run as root: run it as an unprivileged system user.
es_run_as() {
  if [[ $EUID -ne 0 ]]; then "$@"; return; fi
  id -u "$es_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$es_user" \
    || fail "cannot create the system user $es_user to run Elasticsearch (Elasticsearch refuses to run as root)"
  setpriv --reuid="$es_user" --regid="$es_user" --init-groups env HOME=/tmp "$@"
}

es_up() {
  local probe=0
  es_probe || probe=$?
  if (( probe == 0 )); then say "Elasticsearch answers at $es_url"; return; fi
  (( probe == 2 )) && fail "something that is not Elasticsearch answers at $es_url; free the port or set ELASTICSEARCH_URL"
  is_loopback "$es_host" || fail "Elasticsearch at $es_url does not answer, and newsmon starts Elasticsearch only on this machine's loopback"
  local jdk
  jdk="$(find_jdk)"
  [[ -n "$jdk" ]] || fail "Elasticsearch $es_version needs a JDK >= 21: none in JAVA_HOME or /usr/lib/jvm"
  es_fetch
  mkdir -p "$es_state/data" "$es_state/logs"
  if [[ ! -d "$es_state/config" ]]; then cp -r "$es_home/config" "$es_state/config"; fi
  if [[ $EUID -eq 0 ]]; then
    es_run_as true
    chown -R "$es_user:" "$es_state"
    es_run_as test -r "$es_home/lib" -a -w "$es_state/data" \
      || fail "user $es_user cannot reach $es_home or $es_state (a parent folder is private?); set NEWSMON_DATA_DIR and NEWSMON_ES_CACHE to folders it can use"
  fi
  rm -f "$es_pidfile"
  say "starting Elasticsearch $es_version on $es_host:$es_port (JDK $jdk, heap $es_heap)"
  es_run_as env ES_JAVA_HOME="$jdk" ES_PATH_CONF="$es_state/config" ES_JAVA_OPTS="-Xms$es_heap -Xmx$es_heap" \
    "$es_home/bin/elasticsearch" -d -p "$es_pidfile" \
    -Ecluster.name=newsmon -Enode.name=newsmon-local -Ediscovery.type=single-node \
    -Enetwork.host="$es_host" -Ehttp.port="$es_port" -Etransport.port="$((es_port + 100))" \
    -Epath.data="$es_state/data" -Epath.logs="$es_state/logs" \
    -Expack.security.enabled=false -Ecluster.routing.allocation.disk.threshold_enabled=false \
    >"$es_state/logs/startup.out" 2>&1 \
    || fail "Elasticsearch could not start on $es_url: $(grep -m3 -E 'ERROR|Exception' "$es_state/logs/startup.out" "$es_log" 2>/dev/null | cut -c1-300)"
  for _ in $(seq 1 180); do
    if es_probe && curl -s -m 5 "$es_url/_cluster/health?wait_for_status=yellow&timeout=1s" | grep -q '"status":"\(yellow\|green\)"'; then
      say "Elasticsearch $es_version answers at $es_url"
      return
    fi
    if [[ -f "$es_pidfile" ]] && ! kill -0 "$(cat "$es_pidfile")" 2>/dev/null; then break; fi
    sleep 1
  done
  fail "Elasticsearch did not become ready at $es_url: $(grep -m3 -E 'ERROR|Exception' "$es_log" 2>/dev/null | cut -c1-300)"
}

# ---------------------------------------------------------------- down / status
stop_pidfile() {
  local name="$1" pidfile="$2" pid
  [[ -f "$pidfile" ]] || { say "$name: not started by newsmon, left alone"; return; }
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    say "$name (pid $pid) stopped"
  fi
  rm -f "$pidfile"
}

# Who serves the port: "started by newsmon" only when the process in newsmon's pid file is the one listening on
# it (a live pid file alone may belong to a server on another port, or to a reused pid).
owner() {
  local pidfile="$1" port="$2" pid
  if [[ -f "$pidfile" ]] && pid="$(cat "$pidfile")" && kill -0 "$pid" 2>/dev/null \
    && ss -Hltnp "sport = :$port" 2>/dev/null | grep -q "pid=$pid,"; then
    echo "started by newsmon, pid $pid"
  else
    echo "external"
  fi
}

status() {
  local ok=0 probe=0
  if redis_answers; then echo "redis          $redis_url  up    ($(owner "$redis_pidfile" "$redis_port"))"; else echo "redis          $redis_url  down"; ok=3; fi
  es_probe || probe=$?
  if (( probe == 0 )); then echo "elasticsearch  $es_url  up    ($(owner "$es_pidfile" "$es_port"))"; else echo "elasticsearch  $es_url  down"; ok=3; fi
  return $ok
}

case "${1:-}" in
  up) redis_up; es_up ;;
  down) stop_pidfile "Elasticsearch" "$es_pidfile"; stop_pidfile "Redis" "$redis_pidfile" ;;
  status) status ;;
  *) echo "usage: bash infra/services.sh up|down|status" >&2; exit 64 ;;
esac
