/*
 * Bags (RFC 8493): writing, verifying and reading them safely.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "vox/bag.h"
#include "vox/error.h"
#include "vox/file.h"

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
		sleep(1);
		w = sample_writer(1700000000);
		cr_assert_eq(vox_bag_write(w, p2, vox_bag_format_guess(p2), NULL), 0);
		vox_bag_writer_free(w);
		unsetenv("TZ");
		d1 = slurp(p1, &l1);
		d2 = slurp(p2, &l2);
		cr_assert(l1 == l2 && memcmp(d1, d2, l1) == 0, "%s differs between runs", names[i]);
	}
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
	GHashTable *m = vox_bag_parse_manifest("m", text, sizeof(text) - 1, 1);

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
		GHashTable *m = vox_bag_parse_manifest("m", bad[i], strlen(bad[i]), 1);

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
