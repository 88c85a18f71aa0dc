# zcomplete.zsh DIR LINE...: zsh's completion of each LINE, as Tab at its
# end would do it in an interactive zsh (in a pseudo-terminal, with the
# completion function from DIR): the matches, sorted, on one line.
# Host names are those in $ZC_HOSTS.
# Exit 1 when zsh does not answer within 10 seconds.
emulate -R zsh
zmodload zsh/zpty || exit 1
dir=${1:A}
shift
tmp=$(mktemp -d) || exit 1
out=$tmp/matches
trap 'zpty -d sh 2>/dev/null; rm -rf $tmp' EXIT

# Every word really added is written to $out; the widget marks the end.
cat >$tmp/rc <<EOF
PS1='' PS2='' RPS1=''
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' hosts \${(s: :)ZC_HOSTS}
compadd() {
	if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
		builtin compadd "\$@"
		return
	fi
	local -a hits
	builtin compadd -A hits "\$@"
	(( \$#hits )) && print -rl -- \$hits >>${(q)out}
	builtin compadd "\$@"
}
_zc_complete() {
	_main_complete
	local r=\$?
	print -r -- '<done>' >>${(q)out}
	return r
}
zle -C zc-complete complete-word _zc_complete
bindkey '^I' zc-complete
print -r -- '<done>' >>${(q)out}
EOF

waitdone() {
	local i
	for i in {1..200}; do
		[[ -f $out ]] && grep -q '^<done>$' $out && return 0
		sleep 0.05
	done
	return 1
}
drain() {
	local chunk
	while zpty -rt sh chunk 2>/dev/null; do :; done
}

zpty sh zsh -f -i || exit 1
zpty -w sh "source ${(q)tmp}/rc"
waitdone || { print -u2 "zcomplete: zsh did not start"; exit 1 }
for l in "$@"; do
	drain
	: >| $out
	zpty -w -n sh "$l"$'\t'
	waitdone || { print -u2 "zcomplete: no answer for: $l"; exit 1 }
	print -r -- ${(j: :)${(ou)${(f)"$(grep -v '^<done>$' $out)"}}}
	zpty -w -n sh $'\C-e\C-u'
done
