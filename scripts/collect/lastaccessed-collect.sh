#!/usr/bin/env bash
# IAM last-accessed data for every role, user and group of one AWS account,
# saved where lastaccessed reads it (choose or drop the folder, or a zip of it):
#
#   OUT/<account-id>/roles/<name>/page-1.json, page-2.json, …
#   OUT/<account-id>/users/<name>/…   OUT/<account-id>/groups/<name>/…
#   OUT/<account-id>/authorization-details.json   (the account's policies)
#   OUT/<account-id>/errors.txt                   (principals that failed)
#
# Usage: lastaccessed-collect.sh [--service-level] [--only roles,users,groups]
#          [--path-prefix /team/] [--name REGEX] [--no-policies] [--out DIR]
#
# - Starts one job per principal (action level unless --service-level), waits
#   for each, and follows every Marker until IsTruncated is false.
# - Throttling ("Rate exceeded") is retried with exponential backoff and full
#   jitter, on top of the CLI's own retries (AWS_RETRY_MODE=adaptive).
# - A principal that fails is written to errors.txt and the rest go on; run
#   the script again to resume: finished principals are skipped.
# - Needs the AWS CLI and: iam:ListRoles, iam:ListUsers, iam:ListGroups,
#   iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails,
#   iam:GetAccountAuthorizationDetails, sts:GetCallerIdentity.
set -uo pipefail

GRANULARITY=ACTION_LEVEL
KINDS="roles users groups"
PATH_PREFIX=/
NAME_RE=
POLICIES=yes
OUT=.
usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --service-level) GRANULARITY=SERVICE_LEVEL ;;
    --only) KINDS=$(printf '%s' "${2:?--only needs roles,users,groups}" | tr ',' ' '); shift ;;
    --path-prefix) PATH_PREFIX=${2:?--path-prefix needs a path such as /team/}; shift ;;
    --name) NAME_RE=${2:?--name needs a regular expression}; shift ;;
    --no-policies) POLICIES=no ;;
    --out) OUT=${2:?--out needs a folder}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for k in $KINDS; do
  case $k in roles | users | groups) ;; *) echo "--only: $k is not roles, users or groups" >&2; exit 2 ;; esac
done

export AWS_RETRY_MODE=${AWS_RETRY_MODE:-adaptive} AWS_MAX_ATTEMPTS=${AWS_MAX_ATTEMPTS:-10}
BACKOFF=${LASTACCESSED_BACKOFF_SECONDS:-1}   # first retry waits up to this, doubling, at most 60 s
TRIES=${LASTACCESSED_TRIES:-8}
POLL=${LASTACCESSED_POLL_SECONDS:-3}
ERR=$(mktemp)
trap 'rm -f "$ERR"' EXIT

# aws "$@", retried while it is throttled; its error text is left in $ERR.
call() {
  local try=0 delay
  while :; do
    if aws "$@" </dev/null 2>"$ERR"; then return 0; fi
    if [ "$try" -lt "$TRIES" ] && grep -qE 'Throttling|TooManyRequests|RequestLimitExceeded|Rate exceeded' "$ERR"; then
      try=$((try + 1))
      delay=$(awk -v b="$BACKOFF" -v t="$try" -v r="$RANDOM" 'BEGIN { m = b * 2 ^ (t - 1); if (m > 60) m = 60; printf "%.3f", m * r / 32767 }')
      sleep "$delay"
      continue
    fi
    return 1
  done
}
# The last error in one line.
last_error() { tr '\n' ' ' <"$ERR" | sed 's/  */ /g; s/^ //; s/ $//'; }

ACCOUNT=$(call sts get-caller-identity --query Account --output text) || {
  echo "cannot tell the account: $(last_error)" >&2
  exit 1
}
BASE=$OUT/$ACCOUNT
mkdir -p "$BASE" || exit 1
: >"$BASE/errors.txt"
failed=0
fail() { # kind name arn message
  printf '%s/%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$BASE/errors.txt"
  echo "  $1/$2 failed: $4" >&2
  failed=$((failed + 1))
}

if [ "$POLICIES" = yes ]; then
  echo "authorization details…" >&2
  if call iam get-account-authorization-details --output json >"$BASE/authorization-details.json.part"; then
    mv "$BASE/authorization-details.json.part" "$BASE/authorization-details.json"
  else
    rm -f "$BASE/authorization-details.json.part"
    fail account policies - "get-account-authorization-details: $(last_error)"
  fi
fi

for kind in $KINDS; do
  case $kind in
    roles) list=list-roles query='Roles[].[RoleName,Arn]' ;;
    users) list=list-users query='Users[].[UserName,Arn]' ;;
    groups) list=list-groups query='Groups[].[GroupName,Arn]' ;;
  esac
  if ! call iam "$list" --path-prefix "$PATH_PREFIX" --query "$query" --output text >"$BASE/.$kind.txt"; then
    fail "$kind" - - "$list: $(last_error)"
    continue
  fi
  awk -F'\t' -v re="$NAME_RE" 'NF >= 2 && $1 != "None" && (re == "" || $1 ~ re)' "$BASE/.$kind.txt" >"$BASE/.$kind.todo"
  total=$(wc -l <"$BASE/.$kind.todo" | tr -d ' ')

  # 1. Start a job for every principal not finished in an earlier run.
  i=0
  while IFS=$'\t' read -r name arn; do
    i=$((i + 1))
    dir=$BASE/$kind/$name
    [ -e "$dir/.complete" ] && continue
    rm -rf "$dir" && mkdir -p "$dir"
    if job=$(call iam generate-service-last-accessed-details --arn "$arn" --granularity "$GRANULARITY" --query JobId --output text); then
      printf '%s\n' "$job" >"$dir/.job-id"
    else
      fail "$kind" "$name" "$arn" "generate-service-last-accessed-details: $(last_error)"
    fi
    [ -t 2 ] && printf '\rstarting jobs: %s/%s %s ' "$i" "$total" "$kind" >&2
  done <"$BASE/.$kind.todo"
  [ -t 2 ] && [ "$total" -gt 0 ] && printf '\n' >&2

  # 2. Wait for each job and save every page.
  i=0
  while IFS=$'\t' read -r name arn; do
    i=$((i + 1))
    dir=$BASE/$kind/$name
    if [ -e "$dir/.complete" ]; then
      echo "$i/$total $kind: $name (done before)" >&2
      continue
    fi
    [ -e "$dir/.job-id" ] || continue
    job=$(cat "$dir/.job-id")
    while status=$(call iam get-service-last-accessed-details --job-id "$job" --max-items 1 --query JobStatus --output text) && [ "$status" = IN_PROGRESS ]; do
      sleep "$POLL"
    done
    if [ "$status" != COMPLETED ]; then
      why=$(call iam get-service-last-accessed-details --job-id "$job" --max-items 1 --query Error.Message --output text 2>/dev/null || last_error)
      fail "$kind" "$name" "$arn" "job $job: ${status:-no status} ${why}"
      continue
    fi
    n=1
    ok=yes
    call iam get-service-last-accessed-details --job-id "$job" --output json >"$dir/page-1.json" || ok=no
    while [ "$ok" = yes ] && grep -q '"IsTruncated": true' "$dir/page-$n.json"; do
      marker=$(sed -n 's/^ *"Marker": "\(.*\)",*$/\1/p' "$dir/page-$n.json")
      n=$((n + 1))
      call iam get-service-last-accessed-details --job-id "$job" --marker "$marker" --output json >"$dir/page-$n.json" || ok=no
    done
    if [ "$ok" = yes ]; then
      : >"$dir/.complete"
      echo "$i/$total $kind: $name ($n page(s))" >&2
    else
      fail "$kind" "$name" "$arn" "page $n: $(last_error)"
    fi
  done <"$BASE/.$kind.todo"
  rm -f "$BASE/.$kind.txt" "$BASE/.$kind.todo"
done

if [ "$failed" -gt 0 ]; then
  echo "Done, $failed failed (see $BASE/errors.txt; run again to retry them). Load $BASE in lastaccessed." >&2
  exit 1
fi
echo "Done. Load $BASE in lastaccessed (choose the folder, or drop a zip of it)." >&2
