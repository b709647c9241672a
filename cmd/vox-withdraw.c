/*
 * vox withdraw — a participant takes photos back: their stored bytes, derivatives and
 * caption text are deleted and a tombstone keeps them from coming back by accident.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vox/catalog.h"
#include "vox/error.h"

#include "lib/cli.h"
#include "lib/outputs.h"

static const char usage[] =
    "usage: vox withdraw [-nqy] [-C DIR] [-w SECONDS] [ID...]\n"
    "       vox withdraw [-nqy] [-C DIR] [-w SECONDS] --participant CODE\n";

/* How long the purge waits by default for another program reading the collection. */
#define WAIT_SECONDS 60

/* The value of -w: whole seconds, up to a day. */
static int
seconds(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0 || n > 86400)
		vox_usage(usage);
	return (int)n;
}

static void
waiting(void *data)
{
	(void)data;
	vox_progress("waiting for another program reading the collection to finish, to purge "
	    "the withdrawn text...");
}

/*
 * Withdrawal cannot be undone: shows what would go (ref, title, participant) on standard
 * error and asks. Returns 1 when the answer is yes. Asked only with a terminal on standard
 * input and standard error; without one (ids from a pipe, a script) there is nobody to
 * answer, so it refuses and says to add -y.
 */
static int
confirm(GPtrArray *photos, const char *participant)
{
	char *line = NULL;
	size_t cap = 0;
	int yes = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		vox_die(VOX_EXIT_USAGE, "withdrawing cannot be undone, and there is no terminal to "
		    "ask on: add -y to withdraw without asking (-n shows what would go)");
	fflush(stdout);
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];
		const char *title = p->caption && p->caption->title ? p->caption->title : "";
		g_autofree char *t = vox_cli_text(stderr, title, 0);

		if (p->audience == VOX_AUDIENCE_WITHDRAWN)
			fprintf(stderr, "  %s  (already withdrawn)\n", p->ref);
		else if (*t)
			fprintf(stderr, "  %s  \"%s\"  participant %s\n", p->ref, t, p->participant);
		else
			fprintf(stderr, "  %s  (no title)  participant %s\n", p->ref, p->participant);
	}
	if (participant)
		fprintf(stderr, "  and %s's private name\n", participant);
	if (photos->len == 0)
		fprintf(stderr, "Forget %s's private name for good? [y/N] ", participant);
	else
		fprintf(stderr, "Withdraw %s%u photo%s? The stored files and captions are deleted "
		    "for good. [y/N] ", photos->len == 1 ? "this " : "these ", photos->len,
		    photos->len == 1 ? "" : "s");
	fflush(stderr);
	if (getline(&line, &cap, stdin) > 0) {
		g_strstrip(line);
		yes = g_ascii_strcasecmp(line, "y") == 0 || g_ascii_strcasecmp(line, "yes") == 0;
	} else {
		fputc('\n', stderr);
	}
	free(line);
	return yes;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "participant", required_argument, NULL, 'p' },
		{ "wait", required_argument, NULL, 'w' },
		{ "yes", no_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *participant = NULL;
	int c, dry = 0, status = VOX_EXIT_OK, wait = WAIT_SECONDS, withdrew = 0, yes = 0;
	vox_catalog *cat;
	GPtrArray *ids, *photos;

	vox_cli_init("withdraw");
	while ((c = getopt_long(argc, argv, "C:hnqw:y", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'n': dry = 1; break;
		case 'p': participant = optarg; break;
		case 'q': vox_cli_set_quiet(1); break;
		case 'w': wait = seconds(optarg); break;
		case 'y': yes = 1; break;
		default: vox_usage(usage);
		}
	}
	if (participant && optind != argc)
		vox_usage(usage);
	cat = vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (participant) {
		ids = vox_catalog_participant_photos(cat, participant);
		if (!ids) {
			vox_warn_error();
			vox_catalog_close(cat);
			return VOX_EXIT_REFUSED;
		}
	} else {
		ids = vox_cli_ids(argc - optind, argv + optind);
	}
	/* Every photo is found before anything is asked or changed. */
	photos = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);
	for (guint i = 0; i < ids->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, ids->pdata[i]);

		if (!p) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			g_ptr_array_add(photos, p);
		}
	}
	if (!dry && !yes && (photos->len > 0 || participant) && !confirm(photos, participant)) {
		vox_warn("nothing withdrawn");
		g_ptr_array_unref(photos);
		g_ptr_array_unref(ids);
		vox_catalog_close(cat);
		return vox_cli_finish(VOX_EXIT_REFUSED);
	}
	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = photos->pdata[i];
		GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);

		if (vox_catalog_withdraw(cat, p->sha256, dry ? VOX_DRY_RUN : VOX_APPLY,
		    removed) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			/* Says what it removed, one thing a line, on stdout. */
			for (guint j = 0; j < removed->len; j++)
				vox_line("%s%s", dry ? "would remove " : "removed ",
				    (char *)removed->pdata[j]);
			vox_line("%s %s: tombstone %s", dry ? "would withdraw" : "withdrew",
			    p->ref, p->sha256);
			withdrew = 1;
			/* The catalog cannot reach into a gallery on a stick: name them. */
			if (!dry && vox_cli_stale_outputs(cat, p->rowid, NULL) < 0)
				status = VOX_EXIT_IO;
		}
		g_ptr_array_unref(removed);
	}
	g_ptr_array_unref(photos);
	if (participant && !dry && vox_catalog_participant_forget(cat, participant) != 0) {
		vox_warn_error();
		status = VOX_EXIT_IO;
	} else if (participant && !dry) {
		printf("removed %s: private name\n", participant);
		withdrew = 1;
	}
	/* Privacy rule 6 holds only once the deleted text has left vox.db and vox.db-wal. */
	if (withdrew && !dry && vox_catalog_purge(cat, wait * 1000, waiting, NULL) != 0) {
		vox_warn_error();
		status = VOX_EXIT_IO;
	}
	g_ptr_array_unref(ids);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
