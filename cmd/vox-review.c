/*
 * vox review — builds a participant's own booklet: every photo and word kept about them,
 * their consent in plain words, and a consent sheet to print and tick.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/review.h"
#include "vox/ui.h"

#include "lib/cli.h"

static const char usage_text[] =
    "usage: vox review [-q] [-C DIR] [--format easy|standard] [--ui-lang en|cy] [--zip]\n"
    "                  -o DIR CODE\n"
    "       vox review [-q] [-C DIR] [--format easy|standard] [--ui-lang en|cy] [--zip]\n"
    "                  -o DIR --all\n";

static int
build_one(vox_catalog *cat, const char *code, const char *dir,
    const struct vox_review_options *opt)
{
	struct vox_review_options o = *opt;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	int n, left_out = 0;

	o.warnings = warnings;
	o.n_left_out = &left_out;
	n = vox_review_build(cat, code, dir, &o);
	vox_warn_photos(warnings, NULL);
	if (n < 0) {
		enum vox_error_kind kind = vox_error_kind();

		vox_warn_error();
		/* A booklet refused (a photo too large, a participant not known) is 1; a
		 * place that cannot take it (an output not photovox's, a full disk) is 3, as
		 * for vox gallery, report and archive. */
		return vox_cli_exit_status(kind);
	}
	{
		g_autofree char *where = vox_cli_field(stdout, dir);

		vox_line("%s\t%s\t%d\n", code, where, n);
	}
	/* A photo left out (its stored file missing or changed): done, but not all of it. */
	return left_out > 0 ? VOX_EXIT_REFUSED : VOX_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "ui-lang", required_argument, NULL, 'L' },
		{ "zip", no_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_review_options opt = { 0 };
	const char *coll_opt = NULL, *out = NULL;
	vox_catalog *cat = NULL;
	int all = 0, c, status = VOX_EXIT_OK;

	vox_cli_init("review");
	while ((c = getopt_long(argc, argv, "C:ho:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			coll_opt = optarg;
			break;
		case 'L':
			if (!vox_ui_lang_valid(optarg)) {
				vox_warn("'%s': no booklet words in this language (en, cy)", optarg);
				vox_usage(usage_text);
			}
			opt.ui_lang = optarg;
			break;
		case 'a':
			all = 1;
			break;
		case 'f':
			if (strcmp(optarg, "easy") == 0) {
				opt.standard = 0;
			} else if (strcmp(optarg, "standard") == 0) {
				opt.standard = 1;
			} else {
				vox_warn("'%s': the format is easy (Easy Read) or standard", optarg);
				vox_usage(usage_text);
			}
			break;
		case 'h':
			fputs(usage_text, stdout);
			return VOX_EXIT_OK;
		case 'o':
			out = optarg;
			break;
		case 'q':
			vox_cli_set_quiet(1);
			break;
		case 'z':
			opt.zip = 1;
			break;
		default:
			vox_usage(usage_text);
		}
	}
	argc -= optind;
	argv += optind;
	if (!out || !*out) {
		vox_warn("no output folder: give -o DIR");
		vox_usage(usage_text);
	}
	if ((all && argc != 0) || (!all && argc != 1)) {
		vox_warn(all ? "--all takes no participant code" : "give one participant code");
		vox_usage(usage_text);
	}
	vox_cli_output_path(out);
	cat = vox_catalog_find_read(coll_opt);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (!all) {
		status = build_one(cat, argv[0], out, &opt);
	} else {
		GPtrArray *who = vox_catalog_participants(cat);

		if (!who) {
			vox_warn_error();
			status = VOX_EXIT_IO;
			goto done;
		}
		if (g_mkdir_with_parents(out, 0755) != 0) {
			vox_warn("'%s': cannot make the folder: %s", out, g_strerror(errno));
			g_ptr_array_unref(who);
			status = VOX_EXIT_IO;
			goto done;
		}
		for (guint i = 0; i < who->len; i++) {
			struct vox_participant *pa = g_ptr_array_index(who, i);
			g_autofree char *dir = g_build_filename(out, pa->code, NULL);

			int rc;

			vox_progress("booklet %u of %u: %s", i + 1, who->len, pa->code);
			/* The worst of the booklets: a full disk (3) outranks a refusal (1). */
			rc = build_one(cat, pa->code, dir, &opt);
			if (rc > status)
				status = rc;
		}
		vox_progress_done();
		g_ptr_array_unref(who);
	}
done:
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
