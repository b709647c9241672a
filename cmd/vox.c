/*
 * vox — runs vox-TOOL, found beside this program first and then on PATH, like git.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "lib/cli.h"

static const char usage_text[] =
    "usage: vox TOOL [ARG...]\n"
    "       vox -h | --help | --version\n"
    "\n"
    "Collection:  init pair site participant session theme prompts\n"
    "Photos:      ingest ls show todo tag caption consent withdraw check stats\n"
    "Outputs:     gallery report archive import review redact\n"
    "Files:       scrub audit\n"
    "\n"
    "Run vox TOOL -h for a tool's options, man vox-TOOL for its manual.\n";

static int
valid_tool(const char *name)
{
	if (!*name || strlen(name) > 32)
		return 0;
	for (const char *p = name; *p; p++)
		if (!g_ascii_islower(*p) && *p != '-')
			return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	char *self, *dir, *prog, *path;

	vox_cli_init("");
	if (argc < 2) {
		fputs(usage_text, stderr);
		return VOX_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("photovox 0.1");
		return 0;
	}
	if (!valid_tool(argv[1])) {
		/* What was typed may be anything (pasted from a file name): escaped. */
		g_autofree char *shown = vox_cli_text(stderr, argv[1], 0);

		fprintf(stderr, "vox: '%s': not a vox tool\n%s", shown, usage_text);
		return VOX_EXIT_USAGE;
	}
	prog = g_strconcat("vox-", argv[1], NULL);

	/* The tool beside us comes first, so a build tree runs its own tools. */
	self = g_file_read_link("/proc/self/exe", NULL);
	if (self) {
		dir = g_path_get_dirname(self);
		path = g_build_filename(dir, prog, NULL);
		if (access(path, X_OK) == 0) {
			argv[1] = prog;
			execv(path, argv + 1);
		}
		g_free(path);
		g_free(dir);
		g_free(self);
	}
	argv[1] = prog;
	execvp(prog, argv + 1);
	if (errno == ENOENT)
		fprintf(stderr, "vox: '%s': not a vox tool (see vox --help)\n", prog + 4);
	else
		fprintf(stderr, "vox: '%s': %s\n", prog, strerror(errno));
	return errno == ENOENT ? VOX_EXIT_USAGE : 126;
}
