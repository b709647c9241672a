/*
 * vox participant — declares participants by pseudonymous code; sets a home site or a
 * private name later, and renames a code with the refs of its photos.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/error.h"

#include "lib/cli.h"
#include "lib/named.h"

static const char usage[] =
    "usage: vox participant [-q] [-C DIR] add CODE [--site SITE] [--name NAME] [--minor]\n"
    "       vox participant [-q] [-C DIR] set CODE [--site SITE] [--name NAME]\n"
    "       vox participant [-q] [-C DIR] ls [--json]\n"
    "       vox participant [-q] [-C DIR] rm CODE...\n"
    "       vox participant [-q] [-C DIR] rename OLD NEW\n";

/* How long the purge of a replaced name waits for another program reading the catalog. */
#define WAIT_MS 10000

/* The verb: the first argument that is neither an option nor an option's value. */
static const char *
verb_of(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "-C") == 0 || strcmp(argv[i], "--site") == 0 ||
		    strcmp(argv[i], "--name") == 0 || strcmp(argv[i], "--pair") == 0 ||
		    strcmp(argv[i], "--setting") == 0 || strcmp(argv[i], "--date") == 0) {
			i++;
			continue;
		}
		if (argv[i][0] != '-')
			return argv[i];
	}
	return NULL;
}

/* The galleries, booklets and archives built before that hold a photo of the participant,
 * named once each: they still show the old refs until they are built again. */
static void
outputs_with_old_refs(vox_catalog *cat, const char *code)
{
	GPtrArray *photos = vox_catalog_participant_all_photos(cat, code);
	GHashTable *named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; photos && i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];
		GPtrArray *outs = vox_catalog_outputs(cat, p->rowid);

		for (guint k = 0; outs && k < outs->len; k++) {
			const struct vox_output *o = outs->pdata[k];

			if (o->state == VOX_OUTPUT_MISSING ||
			    !g_hash_table_add(named, g_strdup(o->path)))
				continue;
			vox_warn("%s %s (built %s) still shows the old refs until it is built again",
			    vox_output_kind_name(o->kind), o->path, o->built);
		}
		if (outs)
			g_ptr_array_unref(outs);
	}
	vox_error_clear();
	if (photos)
		g_ptr_array_unref(photos);
	g_hash_table_unref(named);
}

static int
fix(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "name", required_argument, NULL, 'n' },
		{ "site", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *site = NULL, *name = NULL, *verb;
	int c, status = VOX_EXIT_OK;
	vox_catalog *cat;

	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'n': name = optarg; break;
		case 'q': vox_cli_set_quiet(1); break;
		case 's': site = optarg; break;
		default: vox_usage(usage);
		}
	}
	argc -= optind;
	argv += optind;
	verb = argv[0];
	if (strcmp(verb, "set") == 0 && (argc != 2 || (!site && !name)))
		vox_usage(usage);
	if (strcmp(verb, "rename") == 0 && (argc != 3 || site || name))
		vox_usage(usage);
	cat = vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (strcmp(verb, "set") == 0) {
		if (vox_catalog_participant_set(cat, argv[1], site, name) != 0) {
			vox_warn_error();
			status = vox_error_kind() == VOX_ERR_IO ? VOX_EXIT_IO : VOX_EXIT_REFUSED;
		} else {
			if (site)
				vox_note("%s: home site %s", argv[1], site);
			if (name)
				vox_note("%s: private name %s", argv[1], *name ? "set" : "forgotten");
			/* The name it replaced leaves vox.db and vox.db-wal (privacy rule 5). */
			if (name && vox_catalog_purge(cat, WAIT_MS, NULL, NULL) != 0) {
				vox_warn_error();
				status = VOX_EXIT_IO;
			}
		}
	} else {
		GPtrArray *refs = g_ptr_array_new_with_free_func(g_free);

		if (vox_catalog_participant_rename(cat, argv[1], argv[2], refs) != 0) {
			vox_warn_error();
			status = vox_error_kind() == VOX_ERR_IO ? VOX_EXIT_IO : VOX_EXIT_REFUSED;
		} else {
			/* Each ref that changed, on stdout, "OLD<tab>NEW": a list to keep beside
			 * sheets already printed. */
			for (guint i = 0; i < refs->len; i++)
				printf("%s\n", (char *)refs->pdata[i]);
			vox_note("renamed participant '%s' to '%s'%s", argv[1], argv[2],
			    refs->len ? "; the old refs still find the same photos" : "");
			outputs_with_old_refs(cat, argv[2]);
		}
		g_ptr_array_unref(refs);
	}
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}

int
main(int argc, char **argv)
{
	const char *verb = verb_of(argc, argv);

	if (verb && (strcmp(verb, "set") == 0 || strcmp(verb, "rename") == 0)) {
		vox_cli_init("participant");
		return fix(argc, argv);
	}
	return vox_named_main(VOX_KIND_PARTICIPANT, usage, argc, argv);
}
