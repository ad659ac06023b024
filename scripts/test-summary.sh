# Sourced by ./run-tests: totals the surefire/failsafe reports one run wrote, over every module.

gantry_test_summary() {
    # Prints "Tests: N passed, N failed, N skipped" for the reports under $1 newer than the file $2
    # (made before the run, so reports left by an earlier run of other modules are not counted).
    # "failed" counts failures and errors, as Maven does when it decides the build failed.
    local root="$1" since="$2" report
    local reports=()
    for report in "$root"/*/target/surefire-reports/TEST-*.xml "$root"/*/target/failsafe-reports/TEST-*.xml; do
        [ -f "$report" ] && [ "$report" -nt "$since" ] && reports+=("$report")
    done
    if [ "${#reports[@]}" -eq 0 ]; then
        echo "Tests: 0 passed, 0 failed, 0 skipped"
        return 0
    fi
    awk '
        function count(line, name) {
            if (match(line, "[ \t]" name "=\"[0-9]+\"")) {
                line = substr(line, RSTART, RLENGTH)
                gsub(/[^0-9]/, "", line)
                return line + 0
            }
            return 0
        }
        FNR == 1 { counted = 0 }
        !counted && /<testsuite[ \t]/ {
            tests += count($0, "tests")
            failed += count($0, "failures") + count($0, "errors")
            skipped += count($0, "skipped")
            counted = 1
        }
        END { printf "Tests: %d passed, %d failed, %d skipped\n", tests - failed - skipped, failed, skipped }
    ' "${reports[@]}"
}
