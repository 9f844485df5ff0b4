#!/usr/bin/env bash
# Check that the running OpenSearch node has the analysis features CyberSudoe needs:
# Wagtail/modelsearch index settings (asciifolding, ngram, edge_ngram), the language
# analyzers french/spanish/portuguese/english (analysis-common) and, unless
# REQUIRE_ICU=0, the ICU plugin. Creates a throwaway index, analyzes text, deletes it.
#
#   scripts/search-engine-check.sh [URL]     (default: $SEARCH_URL or http://127.0.0.1:59200)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -eq 0 && -z "${SEARCH_URL:-}" && -f "$REPO/.run/services.env" ]]; then
    . "$REPO/.run/services.env"
fi
URL="${1:-${SEARCH_URL:-http://127.0.0.1:59200}}"
REQUIRE_ICU="${REQUIRE_ICU:-1}"
INDEX="cybersudoe-analysis-check-$$"
PY="$(command -v python3 || echo "$REPO/.venv/bin/python")"

fail() { printf '[search-check] FAILED: %s\n' "$*" >&2; exit 1; }
req() {
    # req METHOD PATH [JSON]
    local out
    out="$(curl -sS --max-time 30 -X "$1" -H 'Content-Type: application/json' "$URL$2" ${3:+-d "$3"})" \
        || fail "$1 $URL$2: no answer"
    printf '%s' "$out"
}
cleanup() { curl -sS --max-time 10 -X DELETE "$URL/$INDEX" >/dev/null 2>&1 || true; }
trap cleanup EXIT

version="$(req GET / | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["version"]["number"])')" \
    || fail "$URL is not an OpenSearch node"
printf '[search-check] OpenSearch %s at %s\n' "$version" "$URL"

icu_analyzer=''
if [[ "$REQUIRE_ICU" == 1 ]]; then
    icu_analyzer=', "icu": {"type": "custom", "tokenizer": "icu_tokenizer", "filter": ["icu_folding"]}'
fi
settings='{
  "settings": {
    "number_of_shards": 1, "number_of_replicas": 0,
    "analysis": {
      "tokenizer": {
        "ngram_tok": {"type": "ngram", "min_gram": 3, "max_gram": 4},
        "edge_tok": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15}
      },
      "filter": {
        "ngram_f": {"type": "ngram", "min_gram": 3, "max_gram": 4},
        "edge_f": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15}
      },
      "analyzer": {
        "folding": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
        "ngram": {"type": "custom", "tokenizer": "ngram_tok", "filter": ["lowercase", "asciifolding"]},
        "edge": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding", "edge_f"]},
        "ngram_filter": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "ngram_f"]},
        "edge_tokenizer": {"type": "custom", "tokenizer": "edge_tok", "filter": ["lowercase"]}'"$icu_analyzer"'
      }
    }
  },
  "mappings": {"properties": {
    "fr": {"type": "text", "analyzer": "french"},
    "es": {"type": "text", "analyzer": "spanish"},
    "pt": {"type": "text", "analyzer": "portuguese"},
    "en": {"type": "text", "analyzer": "english"}
  }}
}'
out="$(req PUT "/$INDEX" "$settings")"
[[ "$out" == *'"acknowledged":true'* ]] || fail "cannot create an index with these analyzers: $out"

# analyzer | text | token that must appear
checks=(
  "french|Les élèves protègent leurs données|elev"
  "spanish|Las contraseñas seguras protegen|contraseñ"
  "portuguese|As senhas seguras protegem os usuários|usuari"
  "english|Running security trainings|secur"
  "folding|Cybersécurité Ação|cybersecurite"
  "ngram|Sécurité|secu"
  "edge|Cybersécurité|cyb"
  "ngram_filter|phishing|hish"
  "edge_tokenizer|Ransomware|ran"
)
[[ "$REQUIRE_ICU" == 1 ]] && checks+=("icu|Proteção de DADOS|protecao")

for c in "${checks[@]}"; do
    IFS='|' read -r analyzer text want <<<"$c"
    body="$("$PY" -c 'import json,sys; print(json.dumps({"analyzer": sys.argv[1], "text": sys.argv[2]}))' "$analyzer" "$text")"
    tokens="$(req POST "/$INDEX/_analyze" "$body" \
        | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(t["token"] for t in d["tokens"]) if "tokens" in d else "ERROR " + json.dumps(d))')"
    [[ " $tokens " == *" $want "* ]] || fail "analyzer $analyzer: '$text' -> [$tokens], expected token '$want'"
    printf '[search-check] %-15s %-42s -> %s\n' "$analyzer" "$text" "$tokens"
done
printf '[search-check] ok: analysis-common (asciifolding, ngram, edge_ngram, french, spanish, portuguese, english)%s\n' \
    "$([[ "$REQUIRE_ICU" == 1 ]] && echo ', analysis-icu')"
