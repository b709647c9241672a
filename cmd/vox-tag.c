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

/* Whether list (of theme slugs) holds slug, as the catalog matches it. */
static int
has(GPtrArray *list, const char *slug)
{
	for (guint i = 0; i < list->len; i++)
		if (g_ascii_strcasecmp(list->pdata[i], slug) == 0)
			return 1;
	return 0;
}

/*
 * What tagging changed of photo p (as it was before): "P07-01: +food-and-growing
 * -community", or "P07-01: unchanged (food-and-growing)". Newly allocated.
 */
static char *
change(vox_catalog *cat, const struct vox_photo *p, GPtrArray *add, GPtrArray *remove)
{
	GPtrArray *was = p->caption->themes;
	GString *s = g_string_new(NULL);
	g_autoptr(vox_photo) now = vox_catalog_photo(cat, p->sha256);

	g_string_printf(s, "%s:", p->ref);
	for (guint i = 0; i < add->len; i++)
		if (!has(was, add->pdata[i]))
			g_string_append_printf(s, " +%s", (char *)add->pdata[i]);
	for (guint i = 0; i < remove->len; i++)
		if (has(was, remove->pdata[i]))
			g_string_append_printf(s, " -%s", (char *)remove->pdata[i]);
	if (!strchr(s->str, ' ')) {
		GPtrArray *themes = now ? now->caption->themes : was;
		g_autofree char *list = NULL;

		g_ptr_array_add(themes, NULL);
		list = g_strjoinv(", ", (char **)themes->pdata);
		g_ptr_array_remove_index(themes, themes->len - 1);
		g_string_append_printf(s, " unchanged (%s)", *list ? list : "no theme");
	}
	vox_error_clear();
	return g_string_free(s, FALSE);
}

int
main(int argc, char **argv)
{
	GPtrArray *add = g_ptr_array_new(), *remove = g_ptr_array_new(), *ids = NULL;
	GPtrArray *given = g_ptr_array_new();
	GPtrArray *changes;
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
	changes = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < ids->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, ids->pdata[i]);

		if (!p || vox_catalog_tag(cat, p->sha256, add, remove) < 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			g_ptr_array_add(changes, change(cat, p, add, remove));
		}
		vox_photo_free(p);
	}
	vox_note_photos(changes, "photos changed");
	g_ptr_array_unref(changes);
out:
	if (ids)
		g_ptr_array_unref(ids);
	g_ptr_array_unref(add);
	g_ptr_array_unref(remove);
	g_ptr_array_unref(given);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
