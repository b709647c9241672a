/*
 * vox init — creates a collection: vox.db with the schema, the default themes and the
 * SHOWeD prompts, store/ and cache/; with --lang and --ui-lang, its languages. On an
 * existing collection, --lang and --ui-lang alone change its languages and nothing else.
 */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/ui.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox init [-q] [--title TITLE] [--lang LANG] [--ui-lang LANGS] [DIR]\n";

enum { OPT_LANG = 256, OPT_UI_LANG };

/* Sets the languages of the collection in dir; says what they are now. */
static int quiet;

static int
set_langs(const char *dir, const char *lang, const char *ui)
{
	vox_catalog *cat;
	g_autofree char *l = NULL, *u = NULL;
	int status = VOX_EXIT_OK;

	/* Interface languages are those the interface table is written in. */
	if (ui) {
		g_auto(GStrv) each = g_strsplit(ui, "+", -1);

		for (int i = 0; each[i]; i++)
			if (!vox_ui_lang_valid(each[i]))
				vox_die(VOX_EXIT_USAGE, "'%s': no interface words in this language "
				    "(en, cy)", each[i]);
	}
	cat = vox_catalog_open(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (vox_catalog_set_langs(cat, lang, ui) != 0) {
		vox_warn_error();
		status = vox_cli_exit_status(vox_error_kind());
	} else {
		l = vox_catalog_lang(cat);
		u = vox_catalog_ui_langs(cat);
		if (!quiet)
			vox_warn("'%s': main language %s, interface %s", dir, l, u);
	}
	vox_catalog_close(cat);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "title", required_argument, NULL, 't' },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "ui-lang", required_argument, NULL, OPT_UI_LANG },
		{ NULL, 0, NULL, 0 },
	};
	const char *title = NULL, *dir = ".", *lang = NULL, *ui = NULL;
	vox_catalog *cat;
	int c, status = VOX_EXIT_OK;

	vox_cli_init("init");
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'q': quiet = 1; vox_cli_set_quiet(1); break;
		case 't': title = optarg; break;
		case OPT_LANG: lang = optarg; break;
		case OPT_UI_LANG: ui = optarg; break;
		default: vox_usage(usage);
		}
	}
	if (argc - optind > 1)
		vox_usage(usage);
	if (argc - optind == 1)
		dir = argv[optind];
	char *db = g_build_filename(dir, "vox.db", NULL);
	struct stat sb;

	/* Languages are chosen at the start and changed later the same way. */
	if ((lang || ui) && !title && lstat(db, &sb) == 0) {
		g_free(db);
		return vox_cli_finish(set_langs(dir, lang, ui));
	}
	g_free(db);
	if ((lang && !vox_catalog_lang_valid(lang)) || (ui && !*ui))
		vox_die(VOX_EXIT_USAGE, "'%s': not a language tag (en, cy, pl …)", lang ? lang : ui);
	/* What was there before decides the status: an existing collection, or what is left
	 * of one, is refused; anything else that fails is an I/O failure. */
	if (vox_catalog_create(dir) != 0) {
		int failed = vox_cli_exit_status(vox_error_kind());

		vox_warn_error();
		return vox_cli_finish(failed);
	}
	if (title) {
		cat = vox_catalog_open(dir);
		if (!cat || vox_catalog_set_title(cat, title) != 0) {
			vox_warn_error();
			status = VOX_EXIT_IO;
		}
		vox_catalog_close(cat);
	}
	if (status == VOX_EXIT_OK && (lang || ui))
		status = set_langs(dir, lang, ui);
	if (status == VOX_EXIT_OK) {
		g_autofree char *abs = g_canonicalize_filename(dir, NULL);

		vox_note("made a new collection in '%s'%s%s%s", abs, title ? " titled '" : "",
		    title ? title : "", title ? "'" : "");
	}
	return vox_cli_finish(status);
}
