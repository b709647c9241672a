/*
 * vox redact — covers regions of a photo with solid boxes (a face, a street sign, a house
 * number), stores the result as a new version of the photo and purges the old bytes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/redact.h"
#include "vox/store.h"

#include "lib/cli.h"
#include "lib/outputs.h"

static const char usage_text[] =
    "usage: vox redact [-q] [-C DIR] [--colour COLOUR] [--preview OUT.jpg]\n"
    "                  --box X,Y,W,H [--box X,Y,W,H ...] ID\n";

#define MAX_BOXES 1000

/* The format a preview is written in, from its name. */
static const char *
preview_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && (g_ascii_strcasecmp(dot, ".png") == 0))
		return "png";
	if (dot && (g_ascii_strcasecmp(dot, ".webp") == 0))
		return "webp";
	return "jpg";
}

/* Box problems are the user's to fix: usage (2); a photo that cannot be covered is
 * refused (1); a collection or a file that cannot be written is an I/O failure (3). */
static int
failed(void)
{
	vox_warn_error();
	return vox_cli_exit_status(vox_error_kind());
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "box", required_argument, NULL, 'b' },
		{ "colour", required_argument, NULL, 'c' },
		{ "color", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "preview", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_redact_box *boxes = g_new0(struct vox_redact_box, MAX_BOXES);
	struct vox_redact_colour colour = { 0, 0, 0 };
	const char *coll_opt = NULL, *preview = NULL;
	size_t n_boxes = 0;
	vox_catalog *cat = NULL;
	struct vox_photo *p = NULL;
	int c, quiet = 0, status = VOX_EXIT_OK;

	vox_cli_init("redact");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			coll_opt = optarg;
			break;
		case 'b':
			if (n_boxes == MAX_BOXES)
				vox_die(VOX_EXIT_USAGE, "at most %d boxes", MAX_BOXES);
			if (vox_redact_box_parse(optarg, &boxes[n_boxes]) != 0) {
				vox_warn_error();
				vox_usage(usage_text);
			}
			n_boxes++;
			break;
		case 'c':
			if (vox_redact_colour_parse(optarg, &colour) != 0) {
				vox_warn_error();
				vox_usage(usage_text);
			}
			break;
		case 'h':
			fputs(usage_text, stdout);
			return VOX_EXIT_OK;
		case 'p':
			preview = optarg;
			break;
		case 'q':
			quiet = 1;
			vox_cli_set_quiet(1);
			break;
		default:
			vox_usage(usage_text);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1) {
		vox_warn("give one photo (an id or a ref)");
		vox_usage(usage_text);
	}
	if (n_boxes == 0) {
		vox_warn("no box: give --box X,Y,W,H (pixels, or percentages like 10%%,20%%,30%%,15%%)");
		vox_usage(usage_text);
	}
	if (preview && !*preview) {
		vox_warn("--preview needs a file name");
		vox_usage(usage_text);
	}
	if (preview)
		vox_cli_output_path(preview);
	cat = vox_catalog_find(coll_opt);
	if (!cat) {
		vox_warn_error();
		status = VOX_EXIT_IO;
		goto out;
	}
	p = vox_catalog_photo(cat, argv[0]);
	if (!p) {
		vox_warn_error();
		status = VOX_EXIT_REFUSED;
		goto out;
	}
	if (p->audience == VOX_AUDIENCE_WITHDRAWN) {
		vox_warn("'%s': withdrawn; nothing to redact", p->ref);
		status = VOX_EXIT_REFUSED;
		goto out;
	}
	if (preview) {
		g_autofree char *folder = g_path_get_dirname(preview);
		g_autofree char *tmp = NULL;
		int in, out;

		/* The stored file is hashed as it is read (privacy rule 8), then redacted as it
		 * streams into a file beside the preview, renamed over it when whole. */
		in = vox_store_open_verified(p->path, p->sha256);
		if (in < 0) {
			vox_warn("'%s': %s", p->ref, vox_error_message());
			status = vox_cli_exit_status(vox_error_kind());
			goto out;
		}
		if (vox_replaceable(preview) != 0 || (out = vox_tmpfile(folder, &tmp)) < 0) {
			vox_warn_error();
			status = VOX_EXIT_IO;
			close(in);
			goto out;
		}
		if (vox_redact_fd(in, preview_format(preview), boxes, n_boxes, &colour, out) != 0) {
			vox_warn("'%s': %s", p->ref, vox_error_message());
			status = vox_cli_exit_status(vox_error_kind());
			vox_tmpfile_abort(out, tmp);
		} else if (vox_tmpfile_commit(out, tmp, preview) != 0) {
			vox_warn_error();
			status = VOX_EXIT_IO;
		}
		close(in);
		goto out;
	}
	{
		char sha[VOX_SHA256_HEX];

		if (vox_redact_photo(cat, p, boxes, n_boxes, &colour, sha) != 0) {
			status = failed();
			goto out;
		}
		printf("%s\t%s\n", p->ref, sha);
		if (!quiet)
			vox_warn("%s: %zu region%s covered; new version %.12s, old bytes %.12s and "
			    "their derivatives removed", p->ref, n_boxes, n_boxes == 1 ? "" : "s",
			    sha, p->sha256);
		if (vox_cli_stale_outputs(cat, p->rowid, NULL) < 0)
			status = VOX_EXIT_IO;
	}
out:
	vox_photo_free(p);
	if (cat)
		vox_catalog_close(cat);
	g_free(boxes);
	return vox_cli_finish(status);
}
