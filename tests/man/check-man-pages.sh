#!/usr/bin/env bash
# Every tool and daemon has a man page that names every option its -help lists, and every page
# formats without a warning. Run by CTest (man_pages); a new option or tool without documentation
# fails the suite.
#   tests/man/check-man-pages.sh BIN_DIR SOURCE_DIR
set -uo pipefail

bin="${1:?usage: check-man-pages.sh BIN_DIR SOURCE_DIR}"
src="${2:?usage: check-man-pages.sh BIN_DIR SOURCE_DIR}"
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

if ! command -v groff >/dev/null; then
    echo "check-man-pages.sh: groff is not installed (etc/install-deps.sh installs groff-base)" >&2
    exit 1
fi

# The pages of the source tree: <module>/man/<name>.<section>.
mapfile -t pages < <(find "$src" -path "$src/build" -prune -o -path '*/man/*.[1-8]' -type f -print |
    sort)
if [[ ${#pages[@]} -eq 0 ]]; then
    echo "check-man-pages.sh: no man pages under $src" >&2
    exit 1
fi

page_of() {
    local name="$1" page
    for page in "${pages[@]}"; do
        [[ $(basename "$page") == "$name".[1-8] ]] && { echo "$page"; return 0; }
    done
    return 1
}

# The page's text with groff's escapes for the characters options are written with undone.
page_words() {
    sed -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\[&%]//g' -e 's/\\f[BIRP]//g' "$1"
}

# Options as -help shows them: a dash or two and a letter (or @), at a word's start.
help_options() {
    grep -oE '(^|[][ {|,(])--?[A-Za-z@][A-Za-z0-9_@-]*' | sed -E 's/^[][ {|,(]//' | sort -u
}

check_tool() {
    local tool="$1" help_flag="$2" page_name="$3" page help option text
    page=$(page_of "$page_name") || { fail "$tool has no man page $page_name.N under */man/"; return; }
    # qrsh has no -help of its own: it names the options it takes when refusing it.
    help=$(timeout 10 "$bin/$tool" "$help_flag" 2>&1)
    [[ -n "$help" ]] || { fail "$tool $help_flag printed nothing"; return; }
    text=$(page_words "$page")
    while read -r option; do
        # The option as a whole word: not the start of a longer option (-h in -hold_jid).
        if ! grep -qE -- "(^|[^A-Za-z0-9_-])${option}([^A-Za-z0-9_@-]|\$)" <<<"$text"; then
            fail "$tool: $help_flag lists $option, which $(basename "$page") does not document"
        fi
    done < <(help_options <<<"$help")
}

# Every q* tool of the build; qrls shares qhold's page.
found_tool=0
for path in "$bin"/q*; do
    [[ -x "$path" && -f "$path" ]] || continue
    tool=$(basename "$path")
    found_tool=1
    case "$tool" in
        qrls) check_tool qrls -help qhold ;;
        *) check_tool "$tool" -help "$tool" ;;
    esac
done
[[ $found_tool -eq 1 ]] || fail "no q* tool in $bin (build first)"

for daemon in bramble-scheduler bramble-execd; do
    if [[ -x "$bin/$daemon" ]]; then
        check_tool "$daemon" --help "$daemon"
    else
        fail "$bin/$daemon is missing (build first)"
    fi
done
# The execd's helpers, which nobody runs by hand, are described in its page.
for helper in bramble-shepherd bramble-inventory; do
    if execd_page=$(page_of bramble-execd) && ! grep -q "^bramble\\\\-execd.*${helper//-/\\\\-}" \
        "$execd_page"; then
        fail "bramble-execd.8's NAME line does not name $helper"
    fi
done

# Each page formats without a warning (-ww: all of them), and says which page it is.
for page in "${pages[@]}"; do
    warnings=$(groff -man -ww -z "$page" 2>&1)
    [[ -z "$warnings" ]] || fail "groff warns about $page: $warnings"
    name=$(basename "$page")
    title=$(grep -m1 '^\.TH ' "$page" | awk '{print $2 "." $3}' | sed 's/\\-/-/g')
    [[ "${title,,}" == "${name,,}" ]] || fail "$page: .TH says ${title}, the file is $name"
done

if [[ $failures -gt 0 ]]; then
    echo "check-man-pages.sh: $failures problem(s) in ${#pages[@]} man pages"
    exit 1
fi
echo "check-man-pages.sh: ${#pages[@]} man pages document every option and format cleanly"
