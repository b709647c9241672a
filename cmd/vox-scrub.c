/*
 * vox scrub — writes copies of photos with everything identifying removed from the file:
 * JPEG losslessly, PNG and WebP chunk by chunk, HEIC/HEIF converted to JPEG.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vox/error.h"
#include "vox/scrub.h"

#include "lib/cli.h"

static const char usage_text[] =
    "usage: vox scrub [-qS] -o OUT FILE\n"
    "       vox scrub [-qS] -d DIR FILE...\n"
    "       vox scrub [-q] FILE | -\n"
    "       vox scrub -h\n";

static int quiet;
static unsigned flags;

/* The exit status a failed scrub calls for: a refused input (1), or an output not
 * written (3). */
static int
failure_status(void)
{
	return vox_cli_exit_status(vox_error_kind());
}

static void
note(const char *name, const struct vox_scrub_info *info)
{
	if (info->lossy && !quiet)
		vox_warn("'%s': converted to JPEG (lossy)", name);
}

/* Scrubs one file (or stdin for "-") to out_path. Returns an exit status. */
static int
scrub_to_path(const char *in, const char *out_path)
{
	struct vox_scrub_info info = { 0 };
	int r;

	if (strcmp(in, "-") == 0) {
		r = vox_scrub_fd("stdin", STDIN_FILENO, out_path, flags, &info);
	} else {
		int fd = open(in, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			vox_warn("'%s': %s", in, g_strerror(errno));
			return VOX_EXIT_REFUSED;
		}
		r = vox_scrub_fd(in, fd, out_path, flags, &info);
		close(fd);
	}
	if (r != 0) {
		vox_warn_error();
		return failure_status();
	}
	note(in, &info);
	return VOX_EXIT_OK;
}

/*
 * To stdout: scrubbed into an anonymous temporary file first, so that a refused input
 * writes nothing at all on stdout.
 */
static int
scrub_to_stdout(const char *in)
{
	struct vox_scrub_info info = { 0 };
	FILE *src = stdin, *spool = NULL;
	const char *name = strcmp(in, "-") == 0 ? "stdin" : in;
	char *buf = NULL;
	size_t n;
	int ret = VOX_EXIT_IO;

	if (isatty(STDOUT_FILENO))
		vox_die(VOX_EXIT_USAGE, "will not write image data to a terminal; use -o OUT");
	if (strcmp(in, "-") != 0) {
		src = fopen(in, "rb");
		if (!src) {
			vox_warn("'%s': %s", in, g_strerror(errno));
			return VOX_EXIT_REFUSED;
		}
	}
	spool = tmpfile();
	if (!spool) {
		vox_warn("cannot create a temporary file: %s", g_strerror(errno));
		goto out;
	}
	if (vox_scrub_stream(name, src, spool, &info) != 0) {
		vox_warn_error();
		ret = failure_status();
		goto out;
	}
	buf = g_malloc(1u << 20);
	rewind(spool);
	while ((n = fread(buf, 1, 1u << 20, spool)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	if (ferror(spool) || ferror(stdout)) {
		vox_warn("cannot write the output: %s", g_strerror(errno));
		goto out;
	}
	note(name, &info);
	ret = VOX_EXIT_OK;
out:
	g_free(buf);
	if (spool)
		fclose(spool);
	if (src != stdin)
		fclose(src);
	return ret;
}

static int
scrub_to_dir(const char *dir, char **files, int n)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	int status = VOX_EXIT_OK;

	for (int i = 0; i < n; i++) {
		g_autofree char *base = g_path_get_basename(files[i]);
		g_autofree char *out = NULL;
		enum vox_format f;
		const char *first;
		int r;

		vox_progress("%d/%d %s", i + 1, n, base);
		if (!strcmp(files[i], "-") || !strcmp(base, "/") || !strcmp(base, ".")) {
			vox_warn("'%s': not a file name to keep in '%s'", files[i], dir);
			status = MAX(status, VOX_EXIT_REFUSED);
			continue;
		}
		f = vox_scrub_detect_path(files[i]);
		if (f == VOX_FORMAT_HEIF) {
			char *dot = strrchr(base, '.');

			if (dot && dot != base)
				*dot = '\0';
			out = g_strdup_printf("%s/%s.%s", dir, base,
			    vox_format_ext(vox_scrub_output_format(f)));
		} else {
			out = g_build_filename(dir, base, NULL);
		}
		first = g_hash_table_lookup(seen, out);
		if (first) {
			vox_warn("'%s': same output name '%s' as '%s'; not written", files[i], out,
			    first);
			status = MAX(status, VOX_EXIT_REFUSED);
			continue;
		}
		r = scrub_to_path(files[i], out);
		if (r == VOX_EXIT_OK)
			g_hash_table_insert(seen, g_strdup(out), g_strdup(files[i]));
		status = MAX(status, r);
	}
	vox_progress_done();
	g_hash_table_unref(seen);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "sync", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *dir = NULL;
	int c, status;

	vox_cli_init("scrub");
	while ((c = getopt_long(argc, argv, "d:ho:qS", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return VOX_EXIT_OK;
		case 'o':
			out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'S':
			flags |= VOX_SCRUB_SYNC;
			break;
		default:
			vox_usage(usage_text);
		}
	}
	argc -= optind;
	argv += optind;
	vox_cli_set_quiet(quiet);
	if ((out && dir) || argc < 1 || (!dir && argc != 1) || (out && !*out) || (dir && !*dir))
		vox_usage(usage_text);
	if (out || dir)
		vox_cli_output_path(out ? out : dir);

	if (dir) {
		if (g_mkdir_with_parents(dir, 0755) != 0)
			vox_die(VOX_EXIT_IO, "'%s': %s", dir, g_strerror(errno));
		status = scrub_to_dir(dir, argv, argc);
	} else if (out) {
		status = scrub_to_path(argv[0], out);
	} else {
		status = scrub_to_stdout(argv[0]);
	}
	return vox_cli_finish(status);
}
