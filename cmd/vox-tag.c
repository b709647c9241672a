/*
 * vox tag — adds (+theme) and removes (-theme) themes of photos given as arguments or one
 * a line on stdin: vox ls --site truro-foodbank | vox tag +food-and-growing
 */
#include <stdio.h>
#include <string.h>

#include "vox/catalog.h"
#include "vox/error.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox tag [-q] [-C DIR] [+THEME...] [-THEME...] [ID...]\n";

int
main(int argc, char **argv)
{
	GPtrArray *add = g_ptr_array_new(), *remove = g_ptr_array_new(), *ids = NULL;
	GPtrArray *given = g_ptr_array_new();
	const char *dir = NULL;
	vox_catalog *cat = NULL;
	int status = VOX_EXIT_OK, only_ids = 0;

	vox_cli_init("tag");
	/* By hand, not getopt: "-theme" is a removal, not an option. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (only_ids) {
			g_ptr_array_add(given, argv[i]);
		} else if (strcmp(a, "--") == 0) {
			only_ids = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return VOX_EXIT_OK;
		} else if (strcmp(a, "-q") == 0) {
			vox_cli_set_quiet(1);
		} else if (strcmp(a, "-C") == 0) {
			if (++i >= argc)
				vox_usage(usage);
			dir = argv[i];
		} else if (a[0] == '+' && a[1]) {
			g_ptr_array_add(add, (char *)a + 1);
		} else if (a[0] == '-' && a[1] && a[1] != '-') {
			g_ptr_array_add(remove, (char *)a + 1);
		} else if (a[0] == '-' || a[0] == '+') {
			vox_usage(usage);
		} else {
			g_ptr_array_add(given, argv[i]);
		}
	}
	if (add->len == 0 && remove->len == 0)
		vox_usage(usage);
	cat = vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		status = VOX_EXIT_IO;
		goto out;
	}
	/* A misspelt theme is refused once, before any photo changes. */
	for (int pass = 0; pass < 2; pass++) {
		GPtrArray *list = pass ? remove : add;

		for (guint i = 0; i < list->len; i++) {
			if (vox_catalog_lookup(cat, VOX_KIND_THEME, list->pdata[i]) < 0) {
				vox_warn_error();
				status = VOX_EXIT_USAGE;
				goto out;
			}
		}
	}
	ids = vox_cli_ids((int)given->len, (char **)given->pdata);
	for (guint i = 0; i < ids->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, ids->pdata[i]);

		if (!p || vox_catalog_tag(cat, p->sha256, add, remove) < 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		}
		vox_photo_free(p);
	}
out:
	if (ids)
		g_ptr_array_unref(ids);
	g_ptr_array_unref(add);
	g_ptr_array_unref(remove);
	g_ptr_array_unref(given);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
