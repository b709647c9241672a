#!/bin/sh
# Every catalog tool: -h prints its usage on stdout and exits 0; a bad option prints the
# usage on stderr and exits 2; each has a man page whose SYNOPSIS names it.
. tests/cli/lib.sh
tools="init pair site participant session theme prompts ls show tag caption consent withdraw check stats outputs todo report"
plan 72
for t in $tools; do
	check "vox $t -h prints usage and exits 0" "vox $t -h | grep -q '^usage: vox $t'"
	status "vox $t with a bad option exits 2" 2 vox $t --no-such-option
	check "vox $t's bad usage goes to stderr only" "[ -z \"\$(vox $t --no-such-option 2>/dev/null)\" ]"
	check "vox-$t.1 is a man page for vox $t" \
		"grep -q '^.Nm vox $t' '$VOX_TOP/cmd/vox-$t.1' && grep -q '^.Sh EXIT STATUS' '$VOX_TOP/cmd/vox-$t.1'"
done
done_testing
