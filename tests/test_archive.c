/*
 * Bags (RFC 8493): writing, verifying and reading them safely.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>

#include <turbojpeg.h>

#include "vox/archive.h"
#include "vox/bag.h"
#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/file.h"

#include "helpers/collection.h"

static char *tmp;

static void
setup(void)
{
	tmp = g_dir_make_tmp("vox-bag-XXXXXX", NULL);
	cr_assert(tmp);
}

static void
teardown(void)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", tmp);

	/* VOX_TEST_KEEP=1 keeps the folder to look at what a test made. */
	if (getenv("VOX_TEST_KEEP")) {
		fprintf(stderr, "kept %s\n", tmp);
		g_free(cmd);
		g_free(tmp);
		return;
	}
	cr_assert_eq(system(cmd), 0);
	g_free(cmd);
	g_free(tmp);
}

static char *
tpath(const char *name)
{
	return g_build_filename(tmp, name, NULL);
}

static void
put(const char *path, const char *text)
{
	cr_assert(g_file_set_contents(path, text, -1, NULL));
}

/* A small bag: two files from disk, one from memory, with a tricky name. */
static vox_bag_writer *
sample_writer(int64_t mtime)
{
	vox_bag_writer *w = vox_bag_writer_new(mtime);
	g_autofree char *a = tpath("src-a.jpg"), *b = tpath("src-b.jpg");

	put(a, "not really a jpeg, but bytes");
	put(b, "");
	cr_assert_eq(vox_bag_add_file(w, "photos/cornwall/truro-foodbank/P07-01.jpg", a), 0);
	cr_assert_eq(vox_bag_add_file(w, "photos/cornwall/cornwall-farm/P07-02.jpg", b), 0);
	cr_assert_eq(vox_bag_add_data(w, "captions.csv", "ref\r\nP07-01\r\n", 13), 0);
	cr_assert_eq(vox_bag_add_data(w, "Ysgol Gymraeg – côr.txt", "Bore da", 7), 0);
	cr_assert_eq(vox_bag_info(w, "Source-Organization", "Cornwall photovoice"), 0);
	cr_assert_eq(vox_bag_info(w, "Photovox-Audience", "report"), 0);
	return w;
}

static char *
slurp(const char *path, gsize *len)
{
	char *data;

	cr_assert(g_file_get_contents(path, &data, len, NULL), "cannot read %s", path);
	return data;
}

static int
verify_path(const char *path, GPtrArray *problems)
{
	vox_bag_reader *r = vox_bag_open(path);
	int rc;

	if (!r)
		return -2;
	rc = vox_bag_verify(r, problems, NULL);
	vox_bag_close(r);
	return rc;
}

static int
has_problem(GPtrArray *problems, const char *needle)
{
	for (guint i = 0; i < problems->len; i++)
		if (strstr(g_ptr_array_index(problems, i), needle))
			return 1;
	return 0;
}

TestSuite(bag, .init = setup, .fini = teardown);

Test(bag, every_format_verifies_as_written)
{
	static const enum vox_bag_format formats[] = {
		VOX_BAG_ZIP, VOX_BAG_TAR, VOX_BAG_TGZ, VOX_BAG_DIR,
	};
	static const char *const names[] = { "b.zip", "b.tar", "b.tar.gz", "b" };

	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
		vox_bag_writer *w = sample_writer(1700000000);
		g_autofree char *out = tpath(names[i]);
		g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(
		    (GDestroyNotify)vox_bag_file_free);
		vox_bag_reader *r;

		cr_assert_eq(vox_bag_write(w, out, formats[i], NULL), 0, "%s: %s", names[i],
		    vox_error_message());
		vox_bag_writer_free(w);
		r = vox_bag_open(out);
		cr_assert(r, "%s", vox_error_message());
		cr_assert_eq(vox_bag_verify(r, problems, files), 0, "%s: %s", names[i],
		    problems->len ? (char *)g_ptr_array_index(problems, 0) : vox_error_message());
		cr_assert_str_eq(vox_bag_top(r), "b");
		cr_assert_eq(files->len, 4);
		cr_assert_str_eq(((struct vox_bag_file *)g_ptr_array_index(files, 0))->name,
		    "data/Ysgol Gymraeg – côr.txt");
		vox_bag_close(r);
	}
}

Test(bag, writes_the_tag_files_rfc8493_asks_for)
{
	vox_bag_writer *w = sample_writer(1700000000);
	g_autofree char *out = tpath("b");
	g_autofree char *bagit = tpath("b/bagit.txt"), *info = tpath("b/bag-info.txt");
	g_autofree char *text = NULL, *itext = NULL;
	gsize len;

	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_DIR, NULL), 0, "%s", vox_error_message());
	vox_bag_writer_free(w);
	text = slurp(bagit, &len);
	cr_assert_str_eq(text, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	itext = slurp(info, &len);
	cr_assert(strstr(itext, "Source-Organization: Cornwall photovoice\n"));
	cr_assert(strstr(itext, "Bagging-Date: 2023-11-14\n"), "%s", itext);
	cr_assert(strstr(itext, "Payload-Oxum: 48.4\n"), "%s", itext);
	cr_assert(strstr(itext, "Bag-Count: 1 of 1\n"));
	cr_assert(strstr(itext, "Photovox-Audience: report\n"));
}

Test(bag, same_input_gives_the_same_bytes_in_every_format)
{
	static const char *const names[] = { "x.zip", "x.tar", "x.tar.gz" };

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *one = tpath("one"), *two = tpath("two");
		g_autofree char *p1 = NULL, *p2 = NULL, *d1 = NULL, *d2 = NULL;
		gsize l1, l2;
		vox_bag_writer *w;

		g_mkdir(one, 0755);
		g_mkdir(two, 0755);
		p1 = g_build_filename(one, names[i], NULL);
		p2 = g_build_filename(two, names[i], NULL);
		w = sample_writer(1700000000);
		cr_assert_eq(vox_bag_write(w, p1, vox_bag_format_guess(p1), NULL), 0);
		vox_bag_writer_free(w);
		/* Another time zone and a later wall clock must change nothing. */
		setenv("TZ", "America/New_York", 1);
		tzset();
		sleep(1);
		w = sample_writer(1700000000);
		cr_assert_eq(vox_bag_write(w, p2, vox_bag_format_guess(p2), NULL), 0);
		vox_bag_writer_free(w);
		unsetenv("TZ");
		tzset();
		d1 = slurp(p1, &l1);
		d2 = slurp(p2, &l2);
		cr_assert(l1 == l2 && memcmp(d1, d2, l1) == 0, "%s differs between runs", names[i]);
	}
}

Test(bag, zip_times_are_utc_and_the_time_zone_is_left_alone)
{
	g_autofree char *p = tpath("utc.zip");
	g_autofree char *d = NULL;
	vox_bag_writer *w;
	gsize len;

	setenv("TZ", "Australia/Adelaide", 1);
	tzset();
	w = sample_writer(1700000000);
	cr_assert_eq(vox_bag_write(w, p, VOX_BAG_ZIP, NULL), 0);
	vox_bag_writer_free(w);
	cr_assert_str_eq(getenv("TZ"), "Australia/Adelaide");
	unsetenv("TZ");
	tzset();
	d = slurp(p, &len);
	/* 2023-11-14 22:13:20 UTC as a DOS time, then date: 0xb1aa, 0x576e. */
	cr_assert(len > 14 && memcmp(d, "PK\3\4", 4) == 0);
	cr_assert(memcmp(d + 10, "\xaa\xb1\x6e\x57", 4) == 0, "the first entry's time is not UTC");
}

Test(bag, verify_names_every_bad_or_missing_file)
{
	vox_bag_writer *w = sample_writer(1700000000);
	g_autofree char *out = tpath("b");
	g_autofree char *a = tpath("b/data/photos/cornwall/truro-foodbank/P07-01.jpg");
	g_autofree char *c = tpath("b/data/captions.csv");
	g_autofree char *y = tpath("b/data/Ysgol Gymraeg – côr.txt");
	g_autofree char *extra = tpath("b/data/stray.txt");
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);

	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_DIR, NULL), 0);
	vox_bag_writer_free(w);
	put(a, "changed bytes, same folder");
	put(c, "ref\r\nP07-99\r\n");
	cr_assert_eq(unlink(y), 0);
	put(extra, "x");
	cr_assert_eq(verify_path(out, problems), 1);
	cr_assert(has_problem(problems, "P07-01.jpg: sha256 does not match"));
	cr_assert(has_problem(problems, "P07-01.jpg: sha512 does not match"));
	cr_assert(has_problem(problems, "data/captions.csv: sha256 does not match"));
	cr_assert(has_problem(problems, "côr.txt: listed in manifest-sha256.txt but missing"));
	cr_assert(has_problem(problems, "data/stray.txt: not listed in manifest-sha256.txt"));
	cr_assert(has_problem(problems, "Payload-Oxum"));
}

Test(bag, verify_checks_the_tag_manifest_and_bagit_txt)
{
	vox_bag_writer *w = sample_writer(1700000000);
	g_autofree char *out = tpath("b");
	g_autofree char *info = tpath("b/bag-info.txt"), *bagit = tpath("b/bagit.txt");
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);

	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_DIR, NULL), 0);
	vox_bag_writer_free(w);
	put(info, "Source-Organization: someone else\n");
	put(bagit, "\xef\xbb\xbf" "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	cr_assert_eq(verify_path(out, problems), 1);
	cr_assert(has_problem(problems, "bag-info.txt: sha256 does not match"));
	cr_assert(has_problem(problems, "bagit.txt: starts with a byte order mark"));
}

Test(bag, payload_names_must_be_nfc_and_safe)
{
	cr_assert(vox_bag_name_ok("photos/cornwall/P07-01.jpg"));
	cr_assert(vox_bag_name_ok("caf\xc3\xa9.txt"));          /* é composed */
	cr_assert_not(vox_bag_name_ok("cafe\xcc\x81.txt"));     /* e + combining acute */
	cr_assert_not(vox_bag_name_ok("../etc/passwd"));
	cr_assert_not(vox_bag_name_ok("a/../b"));
	cr_assert_not(vox_bag_name_ok("/abs"));
	cr_assert_not(vox_bag_name_ok("a//b"));
	cr_assert_not(vox_bag_name_ok("100%.txt"));
	cr_assert_not(vox_bag_name_ok("line\nbreak"));
	cr_assert_not(vox_bag_name_ok("cr\rhere"));
	cr_assert_not(vox_bag_name_ok("back\\slash"));
	cr_assert_not(vox_bag_name_ok("\xff\xfe"));
}

Test(bag, writer_refuses_duplicate_and_clashing_names)
{
	vox_bag_writer *w = vox_bag_writer_new(0);

	cr_assert_eq(vox_bag_add_data(w, "a/b", "x", 1), 0);
	cr_assert_eq(vox_bag_add_data(w, "a/b", "y", 1), -1);
	cr_assert_eq(vox_bag_add_data(w, "a", "y", 1), -1);
	cr_assert_eq(vox_bag_add_data(w, "a/b/c", "y", 1), -1);
	cr_assert_eq(vox_bag_info(w, "Payload-Oxum", "1.1"), -1);
	cr_assert_eq(vox_bag_info(w, "Bad Label", "x"), -1);
	vox_bag_writer_free(w);
}

Test(bag, a_folder_bag_replaces_a_bag_but_never_another_folder)
{
	g_autofree char *out = tpath("b");
	vox_bag_writer *w = sample_writer(1700000000);

	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_DIR, NULL), 0);
	vox_bag_writer_free(w);
	w = sample_writer(1700000001);
	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_DIR, NULL), 0, "%s", vox_error_message());
	vox_bag_writer_free(w);
	g_autofree char *other = tpath("docs"), *doc = tpath("docs/letter.txt");
	g_mkdir(other, 0755);
	put(doc, "keep me");
	w = sample_writer(1700000000);
	cr_assert_eq(vox_bag_write(w, other, VOX_BAG_DIR, NULL), -1);
	vox_bag_writer_free(w);
	cr_assert_eq(access(doc, F_OK), 0, "a folder that was not a bag was replaced");
}

Test(bag, failed_write_leaves_nothing_behind)
{
	vox_bag_writer *w = vox_bag_writer_new(0);
	g_autofree char *out = tpath("out.zip");
	g_autofree char *gone = tpath("gone.jpg");
	GDir *d;
	int n = 0;

	cr_assert_eq(vox_bag_add_file(w, "gone.jpg", gone), 0);
	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_ZIP, NULL), -1);
	vox_bag_writer_free(w);
	d = g_dir_open(tmp, 0, NULL);
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	cr_assert_eq(n, 0, "the failed write left %d files", n);
}

Test(bag, manifest_parser_reads_crlf_and_percent_encoding)
{
	const char text[] = "ABCDEF01  data/a%0Ab.txt\r\n0123  data/100%25 sure.txt\r\n\r\n";
	GHashTable *m = vox_bag_parse_manifest("m", text, sizeof(text) - 1,
	    VOX_PAYLOAD_MANIFEST);

	cr_assert(m, "%s", vox_error_message());
	cr_assert_str_eq(g_hash_table_lookup(m, "data/a\nb.txt"), "abcdef01");
	cr_assert_str_eq(g_hash_table_lookup(m, "data/100% sure.txt"), "0123");
	g_hash_table_destroy(m);
}

Test(bag, manifest_parser_refuses_climbing_duplicate_and_odd_lines)
{
	static const char *const bad[] = {
		"abcd  data/../../etc/passwd\n",
		"abcd  /etc/passwd\n",
		"abcd  data/a\nabcd  data/a\n",
		"xyz!  data/a\n",
		"abcd\n",
		"abcd  bagit.txt\n",   /* a payload manifest lists only data/ */
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		GHashTable *m = vox_bag_parse_manifest("m", bad[i], strlen(bad[i]),
		    VOX_PAYLOAD_MANIFEST);

		cr_assert_null(m, "accepted: %s", bad[i]);
	}
}

Test(bag, info_parser_joins_continuation_lines)
{
	const char text[] = "External-Description: one\n  two\nBag-Count: 1 of 1\n";
	GPtrArray *kv = vox_bag_parse_info("i", text, sizeof(text) - 1);

	cr_assert(kv);
	cr_assert_eq(kv->len, 4);
	cr_assert_str_eq(g_ptr_array_index(kv, 1), "one two");
	cr_assert_str_eq(g_ptr_array_index(kv, 2), "Bag-Count");
	g_ptr_array_unref(kv);
}

/* Writes a tar with one entry shaped by the caller. */
static char *
hostile_tar(const char *name, const char *entry, mode_t type, const char *link)
{
	char *path = tpath(name);
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	archive_write_set_format_pax_restricted(a);
	cr_assert_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	archive_entry_set_pathname(e, "bag/bagit.txt");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_size(e, 0);
	archive_entry_set_perm(e, 0644);
	archive_write_header(a, e);
	archive_entry_clear(e);
	archive_entry_set_pathname(e, entry);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 0);
	if (type == AE_IFLNK)
		archive_entry_set_symlink(e, link);
	else if (link)
		archive_entry_set_hardlink(e, link);
	if (type == AE_IFCHR)
		archive_entry_set_rdev(e, makedev(1, 3));
	cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK, "%s", archive_error_string(a));
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	return path;
}

static void
assert_refused(const char *path, const char *needle)
{
	vox_bag_reader *r = vox_bag_open(path);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);

	cr_assert(r, "%s", vox_error_message());
	cr_assert_eq(vox_bag_verify(r, problems, NULL), -1, "%s was not refused", path);
	cr_assert(strstr(vox_error_message(), needle), "message: %s", vox_error_message());
	vox_bag_close(r);
}

Test(bag, reader_refuses_links_devices_and_climbing_paths)
{
	g_autofree char *a = hostile_tar("a.tar", "bag/data/x", AE_IFLNK, "/etc/passwd");
	g_autofree char *b = hostile_tar("b.tar", "bag/data/y", AE_IFREG, "bag/bagit.txt");
	g_autofree char *c = hostile_tar("c.tar", "bag/data/z", AE_IFCHR, NULL);
	g_autofree char *d = hostile_tar("d.tar", "bag/../../evil", AE_IFREG, NULL);
	g_autofree char *e = hostile_tar("e.tar", "/bag/data/abs", AE_IFREG, NULL);
	g_autofree char *f = hostile_tar("f.tar", "other/data/x", AE_IFREG, NULL);

	assert_refused(a, "is a link");
	assert_refused(b, "is a link");
	assert_refused(c, "not a regular file");
	assert_refused(d, "unsafe path");
	assert_refused(e, "unsafe path");
	assert_refused(f, "outside the top-level folder");
}

Test(bag, reader_refuses_a_truncated_archive)
{
	vox_bag_writer *w = sample_writer(1700000000);
	g_autofree char *out = tpath("b.zip");
	g_autofree char *data = NULL;
	gsize len;
	vox_bag_reader *r;
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);

	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_ZIP, NULL), 0);
	vox_bag_writer_free(w);
	data = slurp(out, &len);
	cr_assert(g_file_set_contents(out, data, (gssize)(len / 2), NULL));
	r = vox_bag_open(out);
	if (r) {
		cr_assert_neq(vox_bag_verify(r, problems, NULL), 0);
		vox_bag_close(r);
	}
}

Test(bag, read_file_finds_one_entry)
{
	vox_bag_writer *w = sample_writer(1700000000);
	g_autofree char *out = tpath("b.tar.gz");
	vox_bag_reader *r;
	GByteArray *b;

	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_TGZ, NULL), 0);
	vox_bag_writer_free(w);
	r = vox_bag_open(out);
	cr_assert(r);
	b = vox_bag_read_file(r, "data/captions.csv", 1024);
	cr_assert(b, "%s", vox_error_message());
	cr_assert_eq(b->len, 13);
	cr_assert_eq(memcmp(b->data, "ref\r\nP07-01\r\n", 13), 0);
	g_byte_array_unref(b);
	cr_assert_null(vox_bag_read_file(r, "data/nothing", 1024));
	cr_assert_null(vox_bag_read_file(r, "data/captions.csv", 4));
	vox_bag_close(r);
}

Test(bag, stem_and_format_follow_the_file_name)
{
	g_autofree char *a = vox_bag_stem("out/report.tar.gz");
	g_autofree char *b = vox_bag_stem("report.zip");
	g_autofree char *c = vox_bag_stem("dir/bag/");

	cr_assert_str_eq(a, "report");
	cr_assert_str_eq(b, "report");
	cr_assert_str_eq(c, "bag");
	cr_assert_eq(vox_bag_format_guess("a.tgz"), VOX_BAG_TGZ);
	cr_assert_eq(vox_bag_format_guess("a.tar"), VOX_BAG_TAR);
	cr_assert_eq(vox_bag_format_guess("a.bag"), VOX_BAG_ZIP);
	cr_assert_eq(vox_bag_format_parse("dir"), VOX_BAG_DIR);
	cr_assert_eq(vox_bag_format_parse("rar"), -1);
}

/* ---- archives of a collection ---- */

/* Captions that must survive CSV and JSON: quotes, commas, line breaks, emoji, Arabic
 * (right to left), Welsh, a leading '=' a spreadsheet would run. */
static const char tricky_story[] =
    "We said \"welcome\", and then, well\u2026\r\nNew line here.\nAnother \U0001F955\U0001F33B";
static const char rtl_title[] = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645";
static const char welsh_story[] = "Roedd y fferm yn hyfryd; cawsom groeso cynnes iawn.";

/* A small JPEG made here, so it carries no metadata at all: JFIF only. */
static GByteArray *
make_jpeg(int seed)
{
	unsigned char px[16 * 16 * 3];
	unsigned char *jpeg = NULL;
	unsigned long len = 0;
	tjhandle tj = tjInitCompress();
	GByteArray *b = g_byte_array_new();

	for (size_t i = 0; i < sizeof(px); i++)
		px[i] = (unsigned char)(i * 7 + (size_t)seed * 31);
	cr_assert_eq(tjCompress2(tj, px, 16, 0, 16, TJPF_RGB, &jpeg, &len, TJSAMP_444, 90, 0), 0);
	g_byte_array_append(b, jpeg, (guint)len);
	tjFree(jpeg);
	tjDestroy(tj);
	return b;
}

struct fixture_photo {
	const char *participant, *site, *session;
	enum vox_audience audience;
	enum vox_people people;
	int sensitive;
	const char *title, *story, *lang, *theme;
};

static const struct fixture_photo fixture[] = {
	{ "P07", "truro-foodbank", "2026-05-12-truro", VOX_AUDIENCE_REPORT, VOX_PEOPLE_NONE, 0,
	  "Bread, \"fresh\", shared", tricky_story, "en", "feeling-welcome" },
	{ "P07", "cornwall-farm", "2026-06-02-farm", VOX_AUDIENCE_PUBLIC, VOX_PEOPLE_CONSENTED,
	  0, rtl_title, "=HYPERLINK(\"x\")", "ar", "food-and-growing" },
	{ "P08", "truro-foodbank", NULL, VOX_AUDIENCE_GROUP, VOX_PEOPLE_NONE, 0,
	  "Group only", "for the group", "en", NULL },
	{ "P08", "truro-foodbank", NULL, VOX_AUDIENCE_REPORT, VOX_PEOPLE_UNKNOWN, 0,
	  "Faces, no answer yet", "people unknown", "en", NULL },
	{ "P09", "cornwall-farm", NULL, VOX_AUDIENCE_PRIVATE, VOX_PEOPLE_NONE, 0,
	  "Private", "keep it", "en", NULL },
	{ "P09", "cornwall-farm", "2026-06-02-farm", VOX_AUDIENCE_PUBLIC, VOX_PEOPLE_NONE, 1,
	  "Y fferm", welsh_story, "cy", "food-and-growing" },
};

static vox_catalog *
make_collection(const char *dir)
{
	vox_catalog *cat = tc_create(dir, "Cornwall photovoice");

	tc_pair(cat, "cornwall", "Cornwall twinning");
	tc_site(cat, "truro-foodbank", "Truro Food Bank", "cornwall", "urban");
	tc_site(cat, "cornwall-farm", "Cornwall Community Farm", "cornwall", "rural");
	tc_participant(cat, "P07", "truro-foodbank", "Jane Realname-Secret", 0);
	tc_session(cat, "2026-05-12-truro", "truro-foodbank", "2026-05-12");
	tc_session(cat, "2026-06-02-farm", "cornwall-farm", "2026-06-02");
	for (size_t i = 0; i < G_N_ELEMENTS(fixture); i++) {
		const struct fixture_photo *f = &fixture[i];
		g_autoptr(vox_photo) p = vox_photo_new();
		GByteArray *jpeg = make_jpeg((int)i);

		p->ext = g_strdup("jpg");
		p->participant = g_strdup(f->participant);
		p->site = g_strdup(f->site);
		p->session = g_strdup(f->session);
		p->width = p->height = 16;
		p->audience = f->audience;
		p->people = f->people;
		p->sensitive = f->sensitive;
		p->source_name = g_strdup_printf("IMG_SECRETNAME_%zu.jpg", i);
		p->caption->title = g_strdup(f->title);
		p->caption->story = g_strdup(f->story);
		p->caption->lang = g_strdup(f->lang);
		p->caption->alt = g_strdup("A plain description");
		if (f->theme)
			g_ptr_array_add(p->caption->themes, g_strdup(f->theme));
		if (i == 0) {
			vox_caption_set_prompt(p->caption, "see", "Loaves, \"many\"");
			vox_caption_set_prompt(p->caption, "happening", "Sharing\nfood");
		}
		if (i == 5) {
			p->caption->translation = vox_caption_new();
			p->caption->translation->lang = g_strdup("en");
			p->caption->translation->story = g_strdup("The farm was lovely.");
		}
		tc_add(cat, jpeg->data, jpeg->len, p);
		g_byte_array_unref(jpeg);
	}
	cr_assert_eq(vox_catalog_add_tombstone(cat, "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff", "2026-06-10"), 0);
	return cat;
}

/* Every payload file name of a bag, sorted, one a line. */
static char *
bag_listing(const char *path)
{
	vox_bag_reader *r = vox_bag_open(path);
	GString *s = g_string_new(NULL);
	const char *name;
	int64_t size;

	cr_assert(r, "%s", vox_error_message());
	while (vox_bag_next(r, &name, &size) == 1)
		g_string_append_printf(s, "%s\n", name);
	vox_bag_close(r);
	return g_string_free(s, FALSE);
}

static char *
run_archive(vox_catalog *cat, const char *name, enum vox_audience a)
{
	struct vox_archive_options o = { .audience = a, .filter = VOX_FILTER_INIT, .mtime = -1 };
	char *out = tpath(name);
	int n;

	o.format = vox_bag_format_guess(out);
	cr_assert_eq(vox_archive_write(cat, out, &o, &n, NULL, NULL), 0, "%s", vox_error_message());
	return out;
}

static int
sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int
sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	cmd = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	rc = system(cmd);
	g_free(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static const char *
top_dir(void)
{
	const char *t = getenv("VOX_TOP");

	return t ? t : ".";
}

TestSuite(archive, .init = setup, .fini = teardown, .timeout = 60);

Test(archive, holds_only_photos_allowed_for_the_audience)
{
	g_autofree char *coll = tpath("coll");
	vox_catalog *cat = make_collection(coll);
	g_autofree char *rep = run_archive(cat, "report.zip", VOX_AUDIENCE_REPORT);
	g_autofree char *pub = run_archive(cat, "public.tar", VOX_AUDIENCE_PUBLIC);
	g_autofree char *grp = run_archive(cat, "group.tar.gz", VOX_AUDIENCE_GROUP);
	g_autofree char *lr = bag_listing(rep), *lp = bag_listing(pub), *lg = bag_listing(grp);

	cr_assert_str_eq(lr,
	    "bag-info.txt\nbagit.txt\ndata/README.txt\ndata/anonymisation-log.csv\n"
	    "data/captions.csv\ndata/catalog.json\ndata/consent.csv\n"
	    "data/photos/cornwall/cornwall-farm/P07-02.jpg\n"
	    "data/photos/cornwall/cornwall-farm/P09-02.jpg\n"
	    "data/photos/cornwall/truro-foodbank/P07-01.jpg\n"
	    "data/ro-crate-metadata.json\ndata/ro-crate-preview.html\ndata/themes.csv\n"
	    "manifest-sha256.txt\nmanifest-sha512.txt\ntagmanifest-sha256.txt\n"
	    ".vox-output\n");
	cr_assert(strstr(lp, "P07-02.jpg") && !strstr(lp, "P09-02") && !strstr(lp, "P07-01"),
	    "%s", lp);
	/* group: everything consented to group or wider, people or not; never private */
	cr_assert(strstr(lg, "P08-01") && strstr(lg, "P08-02") && !strstr(lg, "P09-01"),
	    "%s", lg);
	vox_catalog_close(cat);
}

Test(archive, no_private_field_reaches_any_file)
{
	g_autofree char *coll = tpath("coll");
	vox_catalog *cat = make_collection(coll);
	g_autofree char *out = run_archive(cat, "group.zip", VOX_AUDIENCE_GROUP);
	vox_bag_reader *r = vox_bag_open(out);
	const char *name;
	int64_t size;
	int files = 0;

	cr_assert(r);
	while (vox_bag_next(r, &name, &size) == 1) {
		GByteArray *b = vox_bag_slurp(r, 1 << 20);

		cr_assert(b);
		cr_assert_null(memmem(b->data, b->len, "Realname", 8), "real name in %s", name);
		cr_assert_null(memmem(b->data, b->len, "SECRETNAME", 10), "source name in %s",
		    name);
		g_byte_array_unref(b);
		files++;
	}
	cr_assert_gt(files, 8);
	vox_bag_close(r);
	/* and not in the names of the entries either */
	g_autofree char *list = bag_listing(out);
	cr_assert_null(strstr(list, "SECRET"));
	vox_catalog_close(cat);
}

Test(archive, two_runs_give_the_same_bytes_and_a_changed_caption_changes_them)
{
	g_autofree char *coll = tpath("coll");
	vox_catalog *cat = make_collection(coll);
	g_autofree char *one = tpath("one"), *two = tpath("two"), *three = tpath("three");
	g_autofree char *a = NULL, *b = NULL, *c = NULL, *da = NULL, *db = NULL, *dc = NULL;
	g_autoptr(vox_photo) p = NULL;
	gsize la, lb, lc;

	g_mkdir(one, 0755);
	g_mkdir(two, 0755);
	g_mkdir(three, 0755);
	a = run_archive(cat, "one/r.zip", VOX_AUDIENCE_REPORT);
	sleep(1);
	b = run_archive(cat, "two/r.zip", VOX_AUDIENCE_REPORT);
	da = slurp(a, &la);
	db = slurp(b, &lb);
	cr_assert(la == lb && memcmp(da, db, la) == 0, "two runs differ");
	/* Same time on purpose: only the caption differs. */
	setenv("SOURCE_DATE_EPOCH", "1780000000", 1);
	g_free(a);
	a = run_archive(cat, "one/r.zip", VOX_AUDIENCE_REPORT);
	g_free(da);
	da = slurp(a, &la);
	p = vox_catalog_photo(cat, "P07-01");
	cr_assert(p);
	/* One full stop more in one caption. */
	{
		char *title = g_strconcat(p->caption->title, ".", NULL);

		g_free(p->caption->title);
		p->caption->title = title;
	}
	cr_assert_eq(vox_catalog_set_caption(cat, p->sha256, p->caption), 0, "%s",
	    vox_error_message());
	c = run_archive(cat, "three/r.zip", VOX_AUDIENCE_REPORT);
	unsetenv("SOURCE_DATE_EPOCH");
	dc = slurp(c, &lc);
	cr_assert(la != lc || memcmp(da, dc, la) != 0, "a changed caption left the archive as it was");
	vox_catalog_close(cat);
}

Test(archive, independent_readers_accept_the_bag_and_the_csv_round_trips)
{
	g_autofree char *coll = tpath("coll");
	vox_catalog *cat = make_collection(coll);
	g_autofree char *zip = run_archive(cat, "r.zip", VOX_AUDIENCE_REPORT);
	g_autofree char *tgz = run_archive(cat, "r.tar.gz", VOX_AUDIENCE_REPORT);
	g_autofree char *tar = run_archive(cat, "r.tar", VOX_AUDIENCE_REPORT);
	g_autofree char *exp = tpath("expected.txt");
	g_autofree char *py = NULL;

	cr_assert_eq(sh("python3 '%s/tests/cli/bagcheck.py' '%s'", top_dir(), zip), 0);
	cr_assert_eq(sh("python3 '%s/tests/cli/bagcheck.py' '%s'", top_dir(), tgz), 0);
	cr_assert_eq(sh("python3 '%s/tests/cli/bagcheck.py' '%s'", top_dir(), tar), 0);
	cr_assert_eq(sh("unzip -tq '%s' >/dev/null", zip), 0);
	cr_assert_eq(sh("bsdtar -tf '%s' >/dev/null && bsdtar -tf '%s' >/dev/null", tgz, tar), 0);
	/* Python's csv module reads back exactly what was written. */
	put(exp, tricky_story);
	py = g_strdup_printf(
	    "import csv, io, json, sys, zipfile\n"
	    "z = zipfile.ZipFile(sys.argv[1])\n"
	    "raw = z.read('r/data/captions.csv')\n"
	    "assert raw.startswith(b'\\xef\\xbb\\xbf'), 'no BOM'\n"
	    "text = raw.decode('utf-8-sig')\n"
	    "assert '\\r\\n' in text\n"
	    "rows = list(csv.DictReader(io.StringIO(text, newline='')))\n"
	    "by = {r['ref']: r for r in rows}\n"
	    "want = open(sys.argv[2], encoding='utf-8', newline='').read()\n"
	    "assert by['P07-01']['story'] == want, repr(by['P07-01']['story'])\n"
	    "assert by['P07-01']['title'] == 'Bread, \"fresh\", shared'\n"
	    "assert by['P07-01']['see'] == 'Loaves, \"many\"'\n"
	    "assert by['P07-01']['happening'] == 'Sharing\\nfood'\n"
	    "assert by['P07-02']['title'] == '\\u0645\\u0631\\u062d\\u0628\\u0627 \\u0628\\u0643\\u0645'\n"
	    "assert by['P07-02']['story'] == \"'=HYPERLINK(\\\"x\\\")\", by['P07-02']['story']\n"
	    "assert by['P09-02']['translation'] == 'The farm was lovely.'\n"
	    "assert by['P09-02']['lang'] == 'cy' and by['P09-02']['translation_lang'] == 'en'\n"
	    "assert by['P07-01']['session_date'] == '2026-05-12'\n"
	    "assert by['P07-01']['setting'] == 'urban' and by['P07-02']['setting'] == 'rural'\n"
	    "assert by['P07-01']['themes'] == 'feeling-welcome'\n"
	    "assert by['P07-01']['consent'] == 'report' and by['P07-01']['people'] == 'none'\n"
	    "assert len(rows) == 3\n"
	    "j = json.loads(z.read('r/data/catalog.json'))\n"
	    "p = {x['ref']: x for x in j['photos']}\n"
	    "assert p['P07-01']['caption']['story'] == want\n"
	    "assert p['P07-02']['caption']['story'] == '=HYPERLINK(\"x\")'\n"
	    "assert [x['code'] for x in j['participants']] == ['P07', 'P09']\n"
	    "assert 'name' not in j['participants'][0]\n"
	    "assert len(j['tombstones']) == 1\n"
	    "info = z.read('r/bag-info.txt').decode()\n"
	    "assert 'Photovox-Audience: report' in info and 'Source-Organization: Cornwall photovoice' in info\n"
	    "readme = z.read('r/data/README.txt').decode()\n"
	    "assert 'sha256sum -c manifest-sha256.txt' in readme and 'report' in readme\n");
	g_autofree char *pyfile = tpath("check.py");
	put(pyfile, py);
	cr_assert_eq(sh("python3 '%s' '%s' '%s'", pyfile, zip, exp), 0);
	vox_catalog_close(cat);
}

Test(archive, verify_accepts_what_archive_wrote_in_every_format)
{
	g_autofree char *coll = tpath("coll");
	vox_catalog *cat = make_collection(coll);
	static const char *const names[] = { "v.zip", "v.tar", "v.tar.gz" };

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *out = run_archive(cat, names[i], VOX_AUDIENCE_REPORT);
		g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);

		cr_assert_eq(verify_path(out, problems), 0, "%s", names[i]);
	}
	vox_catalog_close(cat);
}

Test(archive, damage_in_the_store_leaves_the_photo_out_instead_of_being_sealed)
{
	g_autofree char *coll = tpath("coll");
	vox_catalog *cat = make_collection(coll);
	g_autoptr(vox_photo) p = vox_catalog_photo(cat, "P07-01");
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	struct vox_archive_options o = { .audience = VOX_AUDIENCE_REPORT,
		.filter = VOX_FILTER_INIT, .mtime = -1, .format = VOX_BAG_ZIP };
	g_autofree char *out = tpath("d.zip"), *data = NULL;
	gsize len;
	int n, left_out;

	cr_assert(p);
	data = slurp(p->path, &len);
	data[len / 2] ^= 0x55;   /* one flipped byte, as a failing disk would */
	cr_assert_eq(chmod(p->path, 0644), 0);
	put(p->path, "");
	cr_assert(g_file_set_contents(p->path, data, (gssize)len, NULL));
	cr_assert_eq(vox_archive_write(cat, out, &o, &n, &left_out, warnings), 0, "%s",
	    vox_error_message());
	cr_assert_eq(left_out, 1);
	cr_assert_eq(warnings->len, 1);
	cr_assert(strstr(warnings->pdata[0], "'P07-01': left out"), "%s",
	    (char *)warnings->pdata[0]);
	cr_assert_eq(verify_path(out, problems), 0, "the bag holds only what matches its name");
	vox_catalog_close(cat);
}

Test(bag, a_stored_file_that_does_not_match_its_hash_fails_the_bag)
{
	g_autofree char *src = tpath("stored.jpg"), *out = tpath("s.zip");
	vox_bag_writer *w = vox_bag_writer_new(1700000000);
	char hex[VOX_SHA256_HEX];

	vox_sha256_hex("the bytes it was stored with", 28, hex);
	put(src, "other bytes put in by hand");
	cr_assert_eq(vox_bag_add_stored(w, "photos/a.jpg", src, hex), 0);
	cr_assert_eq(vox_bag_write(w, out, VOX_BAG_ZIP, NULL), -1);
	cr_assert(strstr(vox_error_message(), "does not match"), "%s", vox_error_message());
	cr_assert_neq(access(out, F_OK), 0, "nothing is written");
	vox_bag_writer_free(w);
}

Test(archive, a_misspelt_site_is_an_error_not_an_empty_archive)
{
	g_autofree char *coll = tpath("coll");
	vox_catalog *cat = make_collection(coll);
	struct vox_archive_options o = { .audience = VOX_AUDIENCE_REPORT,
		.filter = VOX_FILTER_INIT, .mtime = -1 };
	g_autofree char *out = tpath("x.zip");
	int n;

	o.filter.site = "truro-fodbank";
	cr_assert_eq(vox_archive_write(cat, out, &o, &n, NULL, NULL), -1);
	cr_assert(strstr(vox_error_message(), "truro-foodbank"), "%s", vox_error_message());
	cr_assert_neq(access(out, F_OK), 0);
	vox_catalog_close(cat);
}

Test(archive, csv_and_json_escaping)
{
	GString *s = g_string_new(NULL);

	vox_csv_cell(s, "a \"b\", c\r\nd");
	cr_assert_str_eq(s->str, "\"a \"\"b\"\", c\r\nd\"");
	g_string_truncate(s, 0);
	vox_csv_cell(s, "@SUM(1)");
	cr_assert_str_eq(s->str, "\"'@SUM(1)\"");
	g_string_truncate(s, 0);
	vox_json_string(s, "q\"\\\n\t\x01</script>");
	cr_assert_str_eq(s->str, "\"q\\\"\\\\\\n\\t\\u0001\\u003c/script\\u003e\"");
	g_string_free(s, TRUE);
}
