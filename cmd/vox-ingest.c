/*
 * vox ingest — adds photos from files, folders and zip files to the collection, scrubbed,
 * with their captions from sidecars or a manifest.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/error.h"
#include "vox/ingest.h"

#include "lib/cli.h"
#include "lib/outputs.h"

static const char usage_text[] =
    "usage: vox ingest [-q] [-C DIR] [-p CODE] [-s SITE] [-S SESSION] [--by-folder]\n"
    "                  [--manifest FILE] [--consent LEVEL] [--people VALUE] [--strict]\n"
    "                  PATH...\n"
    "       vox ingest [options] --manifest FILE\n"
    "       vox ingest -h\n";

struct report {
	GPtrArray *present;   /* lines for the summary: already present, converted */
	GPtrArray *refused;
	GPtrArray *updated;   /* photos already present whose caption was brought up to date */
	GPtrArray *updated_refs; /* their refs */
	GPtrArray *kept;      /* caption fields a caption file changed but an edit keeps */
	int quiet;
};

/* The signal that asked the run to stop (Ctrl-C, a hang-up, kill), or 0. */
static volatile sig_atomic_t stop_signal;

static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* The first Ctrl-C (or TERM, HUP) stops the run cleanly after the photo being recorded;
 * the handler is then reset, so a second one ends it at once (still safely). */
static void
catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal, .sa_flags = SA_RESETHAND };
	const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* A photo already here: whether its caption followed its file, and what was not taken. */
static void
present(struct report *rep, const struct vox_ingest_result *r)
{
	if (r->updated) {
		g_ptr_array_add(rep->updated, g_strdup_printf("'%s': already present as %s; "
		    "its caption updated: %s", r->source, r->ref, r->updated));
		g_ptr_array_add(rep->updated_refs, g_strdup(r->ref));
	} else
		g_ptr_array_add(rep->present, g_strdup_printf("'%s': already present as "
		    "%s (%.12s)", r->source, r->ref, r->id));
	/* Not silenced by -q: what the caption file says was not taken. */
	if (r->consent)
		g_ptr_array_add(rep->kept, g_strdup_printf("'%s': %s: its caption file gives "
		    "another consent than the one recorded, which ingest does not change; "
		    "if it is right: vox consent %s %s", r->source, r->ref, r->consent,
		    r->ref));
	if (r->kept)
		g_ptr_array_add(rep->kept, g_strdup_printf("'%s': %s: %s edited in photovox "
		    "since ingest, left as it is; change it with vox caption --edit %s",
		    r->source, r->ref, r->kept, r->ref));
}

static void
report(const struct vox_ingest_result *r, void *data)
{
	struct report *rep = data;
	char *shown;

	switch (r->outcome) {
	case VOX_INGEST_ADDED:
		vox_progress_done();
		shown = vox_cli_text(stdout, r->source, 0);
		printf("%s\t%s\t%s\n", r->id, r->ref, shown);
		g_free(shown);
		if (r->lossy)
			g_ptr_array_add(rep->present, g_strdup_printf("'%s': converted to JPEG "
			    "(lossy), as %s", r->source, r->ref));
		/* a voice story is told of a photo added or present alike */
		/* fall through */
	case VOX_INGEST_PRESENT:
		if (r->outcome == VOX_INGEST_PRESENT)
			present(rep, r);
		if (r->story)
			g_ptr_array_add(rep->present, g_strdup_printf("'%s': voice story %s kept "
			    "with %s", r->source, r->story, r->ref));
		if (r->warning)
			g_ptr_array_add(rep->present, g_strdup_printf("'%s': %s", r->source,
			    r->warning));
		if (r->reason)
			g_ptr_array_add(rep->refused, g_strdup(r->reason));
		break;
	case VOX_INGEST_REFUSED:
		g_ptr_array_add(rep->refused, g_strdup(r->reason));
		break;
	}
	vox_progress("ingest: %zu of %zu", r->done, r->total);
}

int
main(int argc, char **argv)
{
	enum { OPT_BY_FOLDER = 256, OPT_MANIFEST, OPT_CONSENT, OPT_PEOPLE, OPT_STRICT };
	static const struct option longopts[] = {
		{ "by-folder", no_argument, NULL, OPT_BY_FOLDER },
		{ "consent", required_argument, NULL, OPT_CONSENT },
		{ "help", no_argument, NULL, 'h' },
		{ "manifest", required_argument, NULL, OPT_MANIFEST },
		{ "people", required_argument, NULL, OPT_PEOPLE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	struct report rep = { 0 };
	const char *dir = NULL;
	vox_catalog *cat;
	int c, status = VOX_EXIT_OK;

	vox_cli_init("ingest");
	while ((c = getopt_long(argc, argv, "C:hp:qS:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return VOX_EXIT_OK;
		case 'p':
			opt.participant = optarg;
			break;
		case 'q':
			rep.quiet = 1;
			break;
		case 'S':
			opt.session = optarg;
			break;
		case 's':
			opt.site = optarg;
			break;
		case OPT_BY_FOLDER:
			opt.by_folder = 1;
			break;
		case OPT_CONSENT:
			opt.audience = vox_audience_parse(optarg);
			if (opt.audience < VOX_AUDIENCE_PRIVATE) {
				vox_warn("'%s': consent is private, group, report or public", optarg);
				vox_usage(usage_text);
			}
			break;
		case OPT_MANIFEST:
			opt.manifest = optarg;
			break;
		case OPT_STRICT:
			opt.strict = 1;
			break;
		case OPT_PEOPLE:
			opt.people = vox_people_parse(optarg);
			if (opt.people < 0) {
				vox_warn("'%s': people is none, consented, unconsented or unknown",
				    optarg);
				vox_usage(usage_text);
			}
			break;
		default:
			vox_usage(usage_text);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 && !opt.manifest)
		vox_usage(usage_text);
	if (opt.participant && opt.by_folder) {
		vox_warn("-p and --by-folder both name the participant; give one");
		vox_usage(usage_text);
	}
	vox_cli_set_quiet(rep.quiet);

	cat = vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	rep.present = g_ptr_array_new_with_free_func(g_free);
	rep.refused = g_ptr_array_new_with_free_func(g_free);
	rep.kept = g_ptr_array_new_with_free_func(g_free);
	rep.updated = g_ptr_array_new_with_free_func(g_free);
	rep.updated_refs = g_ptr_array_new_with_free_func(g_free);
	opt.cancel = &stop_signal;
	catch_stop_signals();
	/* vox check holds the store while it looks; say why nothing happens meanwhile. */
	if (vox_catalog_store_busy(cat, VOX_LOCK_SHARED) == 1)
		vox_progress("waiting for vox check to finish with the store...");
	vox_error_clear();
	if (vox_ingest(cat, &opt, (const char *const *)argv, (size_t)argc, report, &rep,
	    &sum) != 0) {
		vox_warn_error();
		vox_warn("nothing ingested");
		status = VOX_EXIT_REFUSED;
		goto out;
	}
	vox_progress_done();
	fflush(stdout);
	if (!rep.quiet) {
		if (sum.updated > 0)
			vox_warn("added %zu, already present %zu (captions updated %zu), refused %zu",
			    sum.added, sum.present, sum.updated, sum.refused);
		else
			vox_warn("added %zu, already present %zu, refused %zu", sum.added,
			    sum.present, sum.refused);
		vox_note_photos(rep.present, "already present");
		vox_note_photos(rep.updated, "captions updated");
	}
	/* Outputs built with a caption brought up to date here hold the old words. */
	for (guint i = 0; i < rep.updated_refs->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, rep.updated_refs->pdata[i]);

		if (p)
			vox_cli_stale_outputs(cat, p->rowid, "the old caption is still in");
		else
			vox_error_clear();
		vox_photo_free(p);
	}
	for (guint i = 0; i < rep.kept->len; i++)
		vox_warn("%s", (char *)g_ptr_array_index(rep.kept, i));
	for (guint i = 0; i < rep.refused->len; i++)
		vox_warn("refused: %s", (char *)g_ptr_array_index(rep.refused, i));
	if (sum.refused > 0)
		status = VOX_EXIT_REFUSED;
	if (sum.not_done > 0) {
		vox_warn("stopped (%s) with %zu input%s not yet added; the same command adds "
		    "them", strsignal(stop_signal), sum.not_done, sum.not_done == 1 ? "" : "s");
		status = 128 + stop_signal;
	}
out:
	g_ptr_array_unref(rep.present);
	g_ptr_array_unref(rep.refused);
	g_ptr_array_unref(rep.kept);
	g_ptr_array_unref(rep.updated);
	g_ptr_array_unref(rep.updated_refs);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
