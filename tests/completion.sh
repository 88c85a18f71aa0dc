#!/usr/bin/env bash
# Shell completions move with the options: every long option in --help is
# in completions/smtpcli.bash and completions/_smtpcli and the reverse;
# both files parse; and driving them (bash through COMP_WORDS, zsh in a
# pseudo-terminal) completes options, subcommands and fixed values.
set -u
smtpcli=$(command -v "$1") || { echo "no $1"; exit 1; }
case $smtpcli in /*) ;; *) smtpcli=$PWD/$smtpcli ;; esac
dir=$(cd "$(dirname "$0")" && pwd)
comps=$dir/../completions
bashf=$comps/smtpcli.bash
zshf=$comps/_smtpcli
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
same() {	# what, got, want
	if [ "$2" = "$3" ]; then ok
	else bad "$1: got '$2', want '$3'"; fi
}

# Options of branches not merged yet: allowed in the completions before
# --help has them.  Drop each once --help prints it.
pending=''

help_opts=$("$smtpcli" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)
for f in "$bashf" "$zshf"; do
	name=completions/${f##*/}
	file_opts=$(grep -v '^[[:space:]]*#' "$f" |
		grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)
	for o in $help_opts; do
		if echo "$file_opts" | grep -qx -- "$o"; then ok
		else bad "$o is in --help but not in $name"; fi
	done
	for o in $file_opts; do
		if echo "$help_opts" | grep -qx -- "$o"; then ok
		elif [[ " $pending " == *" $o "* ]]; then ok
		else bad "$o is in $name but not in --help"; fi
	done
done

if out=$(bash -n "$bashf" 2>&1); then ok; else bad "bash -n: $out"; fi
if ! command -v zsh >/dev/null; then
	bad "zsh not found (apt-get install zsh)"
elif out=$(zsh -n "$zshf" 2>&1); then ok
else bad "zsh -n: $out"; fi

# Files and directories for the file arguments.
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cwd/certs"
: >"$work/cwd/ca.pem"
cd "$work/cwd" || exit 1
# known host names, whatever /etc/hosts holds
echo '192.0.2.25 mail.example' >"$work/hosts"
export HOSTFILE=$work/hosts ZC_HOSTS=mail.example

# bash: the function is registered and answers.
# shellcheck source=/dev/null
source "$bashf"
same "complete -p" "$(complete -p smtpcli)" "complete -F _smtpcli smtpcli"
bcomp() {	# words, the last one being completed
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_smtpcli smtpcli "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort -u | paste -sd ' '
}
verbs='ATRN AUTH BDAT DATA EHLO ETRN EXPN HELO HELP LHLO MAIL NOOP QUIT RCPT'
verbs+=' RSET SAML SEND SOML STARTTLS TURN VRFY'
long=$({ echo "$help_opts"; tr ' ' '\n' <<<"$pending"; } |
	grep -vx -e --after -e --list -e --log -e --summary -e --all-lines \
	    -e --all-replies -e "" | sort -u |
	paste -sd ' ')
same "bash: smtpcli --tls-m" "$(bcomp smtpcli --tls-m)" "--tls-max --tls-min"
# "=" is a word of its own with the default COMP_WORDBREAKS
same "bash: smtpcli --starttls=" "$(bcomp smtpcli --starttls =)" \
    "opportunistic required"
same "bash: smtpcli --starttls=o" "$(bcomp smtpcli --starttls = o)" \
    "opportunistic"
same "bash: smtpcli --starttls=o (one word)" "$(bcomp smtpcli --starttls=o)" \
    "--starttls=opportunistic"
same "bash: smtpcli --tls-min" "$(bcomp smtpcli --tls-min '')" \
    "1.0 1.1 1.2 1.3"
same "bash: smtpcli --tls-max=" "$(bcomp smtpcli --tls-max = '')" \
    "1.0 1.1 1.2 1.3"
same "bash: explain --after" "$(bcomp smtpcli explain --after '')" \
    "$(tr ' ' '\n' <<<"$verbs DATA-END" | sort | paste -sd ' ')"
same "bash: explain --after rc" "$(bcomp smtpcli explain --after rc)" "RCPT"
same "bash: smtpcli ex" "$(bcomp smtpcli ex)" "explain"
same "bash: smtpcli -q m" "$(bcomp smtpcli -q m)" "mail.example mx"
same "bash: smtpcli -4 e (explain is first only)" "$(bcomp smtpcli -4 e)" ""
same "bash: --ca-path" "$(bcomp smtpcli --ca-path '')" "certs"
same "bash: --cert" "$(bcomp smtpcli --cert '')" "ca.pem certs"
same "bash: -qf" "$(bcomp smtpcli -qf c)" "ca.pem certs"
same "bash: explain --log" "$(bcomp smtpcli explain --log c)" "ca.pem certs"
same "bash: smtpcli --" "$(bcomp smtpcli --)" "$long"
same "bash: explain --" "$(bcomp smtpcli explain --)" \
    "--after --all-lines --all-replies --help --json --list --log --summary"
same "bash: after mx" "$(bcomp smtpcli -p 25 mx m)" "mail.example"
same "bash: after a target" "$(bcomp smtpcli -p 25 mail.example m)" ""
same "bash: --helo" "$(bcomp smtpcli --helo m)" "mail.example"

# What is offered is accepted.
for v in $verbs DATA-END; do
	if "$smtpcli" explain --after "$v" 250 >/dev/null 2>&1; then ok
	else bad "explain --after $v is refused"; fi
done
for v in 1.0 1.1 1.2 1.3; do
	for o in --tls-min --tls-max; do
		if "$smtpcli" "$o" "$v" --help >/dev/null 2>&1; then ok
		else bad "$o $v is refused"; fi
	done
done
for m in required opportunistic; do
	if "$smtpcli" --starttls="$m" --help >/dev/null 2>&1; then ok
	else bad "--starttls=$m is refused"; fi
done

# zsh: the same through its completion system.  Pairs: line, matches.
zcases=(
	'smtpcli --tls-m'		'--tls-max --tls-min'
	'smtpcli --starttls='		'opportunistic required'
	'smtpcli --tls-min '		'1.0 1.1 1.2 1.3'
	'smtpcli explain --after '	"$(tr ' ' '\n' <<<"$verbs DATA-END" |
	    sort | paste -sd ' ')"
	'smtpcli explain --after=r'	'RCPT RSET'
	'smtpcli explain s'		'SAML SEND SOML STARTTLS'
	'smtpcli ex'			'explain'
	'smtpcli -q m'			'mail.example mx'
	'smtpcli -p 25 mx m'		'mail.example'
	'smtpcli mail.example m'	''
	'smtpcli --ca-path '		'certs'
	'smtpcli --cert '		'ca.pem certs'
	'smtpcli explain --log '	'ca.pem certs'
	'smtpcli --'			"$long"
	'smtpcli explain --'		'--after --all-lines --all-replies --help --json --list --log --summary'
)
if command -v zsh >/dev/null; then
	lines=()
	for ((i = 0; i < ${#zcases[@]}; i += 2)); do
		lines+=("${zcases[i]}")
	done
	if got=$(zsh "$dir/zcomplete.zsh" "$comps" "${lines[@]}"); then
		mapfile -t got <<<"$got"
		for ((i = 0; i < ${#lines[@]}; i++)); do
			same "zsh: ${lines[i]}" "${got[i]-}" "${zcases[2 * i + 1]}"
		done
	else
		bad "zsh completion did not run"
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
