# Shared by the bench scripts (sourced first thing): strict mode, messages, and --help printed
# from the calling script's header comment.
set -euo pipefail
shopt -s inherit_errexit
export LC_ALL=C.UTF-8
umask 022

bench_name="$(basename "$0")"
say() { printf '\n== %s\n' "$*"; }
info() { printf '   %s\n' "$*"; }
die() { printf '%s: %s\n' "$bench_name" "$*" >&2; exit 2; }
# The header comment (after the #! line, up to the first non-comment line) is the usage text.
bench_help() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0; }
bench_unknown_argument() { printf "%s: unknown argument '%s' (try --help)\n" "$bench_name" "$1" >&2; exit 2; }
# The median of the numbers given (the mean of the middle two for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Refuses a work directory that is relative or / (the scripts delete below it).
bench_absolute_dir() {
    case "$2" in /?*) ;; *) die "$1 must be an absolute path other than / (got '$2')" ;; esac
}
