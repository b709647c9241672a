/*
 * vox audit — finds identifying metadata in image files, folders and zip/tar archives.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/json.h"

#include "lib/cli.h"

static const char usage_text[] =
    "usage: vox audit [-qv] [--json] PATH...\n"
    "       vox audit [-qv] [--json] -\n"
    "\n"
    "  --json         one JSON object a file (JSON Lines)\n"
    "  -q, --quiet    no summary on stderr\n"
    "  -v, --verbose  also list clean files and skipped ones\n"
    "  -h, --help     this help\n"
    "  PATH is an image, a folder or a zip/tar archive; - reads standard input\n";

struct state {
	int json, verbose, quiet;
	unsigned long files, found, skipped, errors;
};

/* Plain output is one record a line, tab-separated: control characters in a name would
 * break the line, so they are shown as '?'; on a terminal, vox_line() escapes the rest (C1
 * controls, bidi overrides, bytes that are not UTF-8). */
static void
put_plain(GString *line, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		g_string_append_c(line, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
}

static void
print_json(const struct vox_audit_result *r)
{
	GString *s = g_string_new(NULL);
	struct vox_json j;

	vox_json_init(&j, s, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "path", r->path);
	if (r->status == VOX_AUDIT_SKIPPED) {
		vox_json_key_string(&j, "skipped", r->error);
	} else {
		vox_json_key_bool(&j, "clean", r->status == VOX_AUDIT_CLEAN);
		vox_json_key(&j, "findings");
		vox_json_array_begin(&j, VOX_JSON_LINES);
		for (guint i = 0; r->findings && i < r->findings->len; i++) {
			const struct vox_finding *f = r->findings->pdata[i];

			vox_json_object_begin(&j);
			vox_json_key_string(&j, "category", vox_audit_category_name(f->category));
			vox_json_key_string(&j, "what", f->what);
			vox_json_object_end(&j);
		}
		vox_json_array_end(&j);
		if (r->status == VOX_AUDIT_ERROR)
			vox_json_key_string(&j, "error", r->error);
	}
	vox_json_object_end(&j);
	vox_line("%s", s->str);
	g_string_free(s, TRUE);
}

static void
print_plain(const struct vox_audit_result *r, int verbose)
{
	GString *line = g_string_new(NULL);

	switch (r->status) {
	case VOX_AUDIT_CLEAN:
		if (verbose) {
			put_plain(line, r->path);
			vox_line("%s\tclean", line->str);
		}
		break;
	case VOX_AUDIT_SKIPPED:
		if (verbose) {
			put_plain(line, r->path);
			g_string_append(line, "\tskipped\t");
			put_plain(line, r->error);
			vox_line("%s", line->str);
		}
		break;
	case VOX_AUDIT_FOUND:
	case VOX_AUDIT_ERROR:
		for (guint i = 0; r->findings && i < r->findings->len; i++) {
			const struct vox_finding *f = r->findings->pdata[i];

			g_string_truncate(line, 0);
			put_plain(line, r->path);
			g_string_append_printf(line, "\t%s\t", vox_audit_category_name(f->category));
			put_plain(line, f->what);
			vox_line("%s", line->str);
		}
		break;
	}
	g_string_free(line, TRUE);
}

static void
on_result(const struct vox_audit_result *r, void *ctx)
{
	struct state *s = ctx;

	switch (r->status) {
	case VOX_AUDIT_CLEAN:
		s->files++;
		break;
	case VOX_AUDIT_FOUND:
		s->files++;
		s->found++;
		break;
	case VOX_AUDIT_SKIPPED:
		s->skipped++;
		break;
	case VOX_AUDIT_ERROR:
		s->errors++;
		if (r->findings && r->findings->len)
			s->found++;
		break;
	}
	if (s->json && (r->status != VOX_AUDIT_SKIPPED || s->verbose))
		print_json(r);
	else if (!s->json)
		print_plain(r, s->verbose);
	if (r->status == VOX_AUDIT_ERROR)
		vox_warn("%s", r->error ? r->error : "cannot be audited");
	vox_progress("%lu files audited", s->files + s->errors);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'J' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct state s = { 0 };
	int c, status;

	vox_cli_init("audit");
	while ((c = getopt_long(argc, argv, "hqv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'J':
			s.json = 1;
			break;
		case 'q':
			s.quiet = 1;
			break;
		case 'v':
			s.verbose = 1;
			break;
		default:
			vox_usage(usage_text);
		}
	}
	if (optind >= argc)
		vox_usage(usage_text);
	vox_cli_set_quiet(s.quiet);

	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			vox_audit_stream("-", stdin, on_result, &s);
		else
			vox_audit_path(argv[i], on_result, &s);
	}
	vox_progress_done();

	if (!s.quiet) {
		GString *m = g_string_new(NULL);

		g_string_append_printf(m, "%lu file%s, %lu with identifying metadata",
		    s.files + s.errors, s.files + s.errors == 1 ? "" : "s", s.found);
		if (s.skipped)
			g_string_append_printf(m, ", %lu skipped (not images)", s.skipped);
		if (s.errors)
			g_string_append_printf(m, ", %lu could not be read", s.errors);
		fprintf(stderr, "%s\n", m->str);
		g_string_free(m, TRUE);
	}
	/* An audit that could not read everything is not a clean bill: I/O errors win. */
	status = s.errors ? VOX_EXIT_IO : s.found ? VOX_EXIT_REFUSED : VOX_EXIT_OK;
	return vox_cli_finish(status);
}
