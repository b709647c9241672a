/* Ingest: photos and captions from folders, zips and manifests into a temporary collection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <turbojpeg.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/ingest.h"

static char *top;         /* the temporary folder of one test */
static char *coll;        /* the collection inside it */
static vox_catalog *cat;

struct outcome {
	enum vox_ingest_outcome outcome;
	char *source, *ref, *reason;
};

static GPtrArray *results;

static void
outcome_free(struct outcome *o)
{
	g_free(o->source);
	g_free(o->ref);
	g_free(o->reason);
	g_free(o);
}

static void
setup(void)
{
	top = g_dir_make_tmp("vox-ingest-XXXXXX", NULL);
	cr_assert_not_null(top);
	coll = g_build_filename(top, "coll", NULL);
	cr_assert_eq(vox_catalog_create(coll), 0, "%s", vox_error_message());
	cat = vox_catalog_open(coll);
	cr_assert_not_null(cat, "%s", vox_error_message());
	cr_assert_eq(vox_catalog_pair_add(cat, "cornwall", "Cornwall"), 0);
	cr_assert_eq(vox_catalog_site_add(cat, "truro-foodbank", NULL, "cornwall", "urban"), 0);
	cr_assert_eq(vox_catalog_site_add(cat, "cornwall-farm", NULL, "cornwall", "rural"), 0,
	    "%s", vox_error_message());
	results = g_ptr_array_new_with_free_func((GDestroyNotify)outcome_free);
}

static void
teardown(void)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", top);

	vox_catalog_close(cat);
	cr_assert_eq(system(cmd), 0);
	g_free(cmd);
	g_free(coll);
	g_free(top);
	g_ptr_array_unref(results);
}

/* A small JPEG whose pixels depend on seed, so that every seed gives other bytes. */
static void
make_jpeg_bytes(int seed, unsigned char **jpeg, unsigned long *len)
{
	enum { W = 64, H = 48 };
	unsigned char px[W * H * 3];
	tjhandle tj = tjInitCompress();

	for (int i = 0; i < W * H * 3; i++)
		px[i] = (unsigned char)((i * 7 + seed * 131) & 0xff);
	*jpeg = NULL;
	*len = 0;
	cr_assert_eq(tjCompress2(tj, px, W, 0, H, TJPF_RGB, jpeg, len, TJSAMP_420, 80, 0), 0);
	tjDestroy(tj);
}

static char *
path_in(const char *rel)
{
	return g_build_filename(top, rel, NULL);
}

static void
write_file(const char *rel, const void *data, size_t len)
{
	char *p = path_in(rel), *d = g_path_get_dirname(p);

	cr_assert_eq(g_mkdir_with_parents(d, 0755), 0);
	cr_assert(g_file_set_contents(p, data, (gssize)len, NULL));
	g_free(d);
	g_free(p);
}

static void
write_text(const char *rel, const char *text)
{
	write_file(rel, text, strlen(text));
}

static void
write_jpeg(const char *rel, int seed)
{
	unsigned char *j;
	unsigned long len;

	make_jpeg_bytes(seed, &j, &len);
	write_file(rel, j, len);
	tjFree(j);
}

static void
collect(const struct vox_ingest_result *r, void *data)
{
	struct outcome *o = g_new0(struct outcome, 1);

	(void)data;
	o->outcome = r->outcome;
	o->source = g_strdup(r->source);
	o->ref = g_strdup(r->ref);
	o->reason = g_strdup(r->reason);
	g_ptr_array_add(results, o);
}

static struct vox_ingest_summary
run(struct vox_ingest_options *opt, const char *rel)
{
	struct vox_ingest_summary sum;
	char *p = path_in(rel);
	const char *paths[] = { p };

	g_ptr_array_set_size(results, 0);
	cr_assert_eq(vox_ingest(cat, opt, paths, 1, collect, NULL, &sum), 0, "%s",
	    vox_error_message());
	g_free(p);
	return sum;
}

#define RES(i) ((struct outcome *)g_ptr_array_index(results, i))

/* The outcome whose source ends with suffix. */
static struct outcome *
find(const char *suffix)
{
	for (guint i = 0; i < results->len; i++)
		if (g_str_has_suffix(RES(i)->source, suffix))
			return RES(i);
	cr_assert_fail("no result for %s", suffix);
	return NULL;
}

static int
count_rows(const char *table)
{
	sqlite3_stmt *st;
	char *sql = g_strdup_printf("SELECT count(*) FROM %s", table);
	int n;

	char *db = g_build_filename(vox_catalog_dir(cat), "vox.db", NULL);
	sqlite3 *h = NULL;

	/* A second reader: what ingest committed, not what its own handle sees. */
	cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	g_free(sql);
	g_free(db);
	return n;
}

TestSuite(ingest, .init = setup, .fini = teardown);

Test(ingest, folder_by_folder_with_sidecar_and_welsh_translation)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	struct vox_photo *p;

	write_jpeg("in/P07/IMG_1.jpg", 1);
	write_text("in/P07/IMG_1.txt", "Title: Y giât\nLang: cy\nConsent: group\n\n"
	    "Daethon ni drwy'r giât.\n");
	write_text("in/P07/IMG_1.en.txt", "Title: The gate\n\nWe came through the gate.\n");
	write_jpeg("in/P07/IMG_2.JPG", 2);
	write_jpeg("in/P08/IMG_1.jpg", 3);
	write_text("in/P08/notes.pdf", "not a photo");
	opt.by_folder = 1;
	opt.site = "cornwall-farm";
	opt.session = "2026-06-02-farm";
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 3, "refused %zu: %s", sum.refused,
	    results->len ? RES(0)->reason : "");
	cr_assert_eq(sum.refused, 0);
	cr_assert_eq(sum.skipped, 1);
	/* In input order: folders and names sorted. */
	cr_assert(g_str_has_suffix(RES(0)->source, "in/P07/IMG_1.jpg"));
	cr_assert(g_str_has_suffix(RES(1)->source, "in/P07/IMG_2.JPG"));
	cr_assert(g_str_has_suffix(RES(2)->source, "in/P08/IMG_1.jpg"));
	cr_assert_str_eq(RES(0)->ref, "P07-01");
	cr_assert_str_eq(RES(1)->ref, "P07-02");
	cr_assert_str_eq(RES(2)->ref, "P08-01");

	p = vox_catalog_photo(cat, "P07-01");
	cr_assert_not_null(p, "%s", vox_error_message());
	cr_assert_str_eq(p->caption->title, "Y giât");
	cr_assert_str_eq(p->caption->lang, "cy");
	cr_assert_str_eq(p->caption->story, "Daethon ni drwy'r giât.");
	cr_assert_not_null(p->caption->translation);
	cr_assert_str_eq(p->caption->translation->lang, "en");
	cr_assert_str_eq(p->caption->translation->story, "We came through the gate.");
	cr_assert_eq(p->audience, VOX_AUDIENCE_GROUP);
	cr_assert_eq(p->people, VOX_PEOPLE_UNKNOWN);
	cr_assert_str_eq(p->site, "cornwall-farm");
	cr_assert_str_eq(p->session, "2026-06-02-farm");
	cr_assert_str_eq(p->source_name, "IMG_1.jpg");
	cr_assert_eq(p->width, 64);
	vox_photo_free(p);
	p = vox_catalog_photo(cat, "P07-02");
	cr_assert_eq(p->audience, VOX_AUDIENCE_PRIVATE, "consent defaults to private");
	vox_photo_free(p);
}

Test(ingest, same_bytes_twice_is_already_present)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;

	write_jpeg("in/a.jpg", 1);
	write_jpeg("in/b.jpg", 1);
	opt.participant = "P01";
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 1);
	cr_assert_eq(sum.present, 1);
	cr_assert_eq(RES(1)->outcome, VOX_INGEST_PRESENT);
	cr_assert_str_eq(RES(1)->ref, "P01-01");
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 0);
	cr_assert_eq(sum.present, 2);
	cr_assert_eq(count_rows("photo"), 1);
}

Test(ingest, refuses_bad_inputs_and_keeps_the_rest)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	unsigned char *j;
	unsigned long len;
	char *link, *target;

	write_jpeg("in/good.jpg", 1);
	make_jpeg_bytes(2, &j, &len);
	write_file("in/truncated.jpg", j, len / 2);
	tjFree(j);
	write_jpeg("in/latin1.jpg", 3);
	write_text("in/latin1.txt", "Title: Caf\xe9\n\nGood coffee.\n");
	write_jpeg("in/theme.jpg", 4);
	write_text("in/theme.txt", "Themes: feeling-welcom\n");
	write_jpeg("in/sub/deeper/ok.jpg", 5);
	link = path_in("in/sub/deeper/loop");
	target = path_in("in/sub");
	cr_assert_eq(symlink(target, link), 0);
	opt.participant = "P02";
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 2, "%zu added", sum.added);
	cr_assert_eq(sum.refused, 4, "%zu refused", sum.refused);
	cr_assert_eq(find("good.jpg")->outcome, VOX_INGEST_ADDED);
	cr_assert_eq(find("ok.jpg")->outcome, VOX_INGEST_ADDED);
	cr_assert(strstr(find("truncated.jpg")->reason, "truncated.jpg'"), "%s",
	    find("truncated.jpg")->reason);
	cr_assert(strstr(find("latin1.jpg")->reason, "latin1.txt': line 1"), "%s",
	    find("latin1.jpg")->reason);
	cr_assert(strstr(find("theme.jpg")->reason, "feeling-welcome"), "%s",
	    find("theme.jpg")->reason);
	cr_assert(strstr(find("deeper/loop")->reason, "loop"), "%s", find("deeper/loop")->reason);
	cr_assert_eq(count_rows("photo"), 2);
	g_free(link);
	g_free(target);
}

Test(ingest, unknown_site_flag_is_refused_once_before_any_photo_is_read)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	char *p;
	const char *paths[1];

	write_jpeg("in/a.jpg", 1);
	opt.participant = "P01";
	opt.site = "truro-fodbank";
	p = path_in("in");
	paths[0] = p;
	g_ptr_array_set_size(results, 0);
	cr_assert_eq(vox_ingest(cat, &opt, paths, 1, collect, NULL, &sum), -1);
	cr_assert(strstr(vox_error_message(), "did you mean 'truro-foodbank'"), "%s",
	    vox_error_message());
	cr_assert_eq(results->len, 0, "no photo is reported one by one");
	cr_assert_eq(count_rows("photo"), 0);
	cr_assert_eq(count_rows("participant"), 0, "nothing is created");
	g_free(p);
}

static void
write_zip(const char *rel, const char *const *names, int n)
{
	char *p = path_in(rel);
	struct archive *a = archive_write_new();

	archive_write_set_format_zip(a);
	cr_assert_eq(archive_write_open_filename(a, p), ARCHIVE_OK);
	for (int i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		unsigned char *j;
		unsigned long len;
		int link = g_str_has_prefix(names[i], "link:");

		make_jpeg_bytes(100 + i, &j, &len);
		archive_entry_set_pathname(e, link ? names[i] + 5 : names[i]);
		if (link) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, "/etc/passwd");
			len = 0;
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)len);
		}
		archive_entry_set_perm(e, 0644);
		cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
		if (len)
			cr_assert_eq(archive_write_data(a, j, len), (la_ssize_t)len);
		archive_entry_free(e);
		tjFree(j);
	}
	cr_assert_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	g_free(p);
}

Test(ingest, zip_is_read_in_place_and_unsafe_entries_refused)
{
	static const char *const names[] = {
		"P03/IMG_1.jpg", "../evil.jpg", "/abs/evil.jpg", "link:P03/link.jpg",
		"P04/IMG_9.jpg", "__MACOSX/P03/._IMG_1.jpg",
	};
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	char *evil = g_build_filename(top, "evil.jpg", NULL);

	write_zip("card.zip", names, G_N_ELEMENTS(names));
	opt.by_folder = 1;
	sum = run(&opt, "card.zip");
	cr_assert_eq(sum.added, 2, "%zu added", sum.added);
	cr_assert_eq(sum.refused, 3);
	cr_assert_str_eq(find("card.zip:P03/IMG_1.jpg")->ref, "P03-01");
	cr_assert_str_eq(find("card.zip:P04/IMG_9.jpg")->ref, "P04-01");
	cr_assert(strstr(find("../evil.jpg")->reason, "outside"), "%s",
	    find("../evil.jpg")->reason);
	cr_assert(strstr(find("/abs/evil.jpg")->reason, "outside"));
	cr_assert(strstr(find("link.jpg")->reason, "link"));
	cr_assert(!g_file_test(evil, G_FILE_TEST_EXISTS), "nothing is extracted");
	g_free(evil);
}

Test(ingest, manifest_gives_captions_and_refuses_rows_naming_missing_files)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	struct vox_photo *p;
	char *m;

	write_jpeg("in/P05/IMG_1.jpg", 1);
	write_jpeg("in/P05/IMG_2.jpg", 2);
	write_text("in/P05/IMG_2.txt", "Title: from the sidecar\nAlt: kept\n\nsidecar story\n");
	write_text("in/captions.csv",
	    "file,participant,site,title,story,themes,consent,people\r\n"
	    "IMG_1.jpg,P05,truro-foodbank,\"Bread, warm\",\"Line one\r\nline \"\"two\"\"\","
	    "food-and-growing,report,none\r\n"
	    "P05/IMG_2.jpg,P05,,from the sheet,,,,\r\n"
	    "IMG_2231.jpg,P05,,gone,,,,\r\n");
	m = path_in("in/captions.csv");
	opt.manifest = m;
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 2, "%zu added; %s", sum.added, RES(0)->reason);
	cr_assert_eq(sum.refused, 1);
	cr_assert(strstr(find("captions.csv line 5")->reason, "'IMG_2231.jpg': no such photo"),
	    "%s", find("captions.csv line 5")->reason);
	p = vox_catalog_photo(cat, "P05-01");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->caption->title, "Bread, warm");
	cr_assert_str_eq(p->caption->story, "Line one\nline \"two\"");
	cr_assert_str_eq(p->site, "truro-foodbank");
	cr_assert_eq(p->audience, VOX_AUDIENCE_REPORT);
	cr_assert_eq(p->people, VOX_PEOPLE_NONE);
	cr_assert_eq(p->caption->themes->len, 1);
	vox_photo_free(p);
	/* The sheet's title wins over the sidecar's; what the sheet leaves empty is kept. */
	p = vox_catalog_photo(cat, "P05-02");
	cr_assert_str_eq(p->caption->title, "from the sheet");
	cr_assert_str_eq(p->caption->alt, "kept");
	cr_assert_str_eq(p->caption->story, "sidecar story");
	vox_photo_free(p);
	g_free(m);
}

Test(ingest, broken_manifest_ingests_nothing)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	char *p = path_in("in"), *m = path_in("c.csv");
	const char *paths[] = { p };

	write_jpeg("in/a.jpg", 1);
	write_text("c.csv", "file,colour\na.jpg,red\n");
	opt.participant = "P01";
	opt.manifest = m;
	cr_assert_eq(vox_ingest(cat, &opt, paths, 1, collect, NULL, &sum), -1);
	cr_assert(strstr(vox_error_message(), "unknown column 'colour'"), "%s",
	    vox_error_message());
	cr_assert_eq(count_rows("photo"), 0);
	g_free(p);
	g_free(m);
}

Test(ingest, withdrawn_photo_is_refused_again)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	struct vox_photo *p;
	GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);

	write_jpeg("in/a.jpg", 1);
	opt.participant = "P01";
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 1);
	p = vox_catalog_photo(cat, "P01-01");
	cr_assert_eq(vox_catalog_withdraw(cat, p->sha256, VOX_APPLY, removed), 0, "%s",
	    vox_error_message());
	sum = run(&opt, "in");
	cr_assert_eq(sum.refused, 1);
	cr_assert(strstr(RES(0)->reason, "withdrawn"), "%s", RES(0)->reason);
	cr_assert(strstr(RES(0)->reason, "in/a.jpg'"), "%s", RES(0)->reason);
	vox_photo_free(p);
	g_ptr_array_unref(removed);
}

Test(ingest, no_participant_is_refused_with_advice)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;

	write_jpeg("in/a.jpg", 1);
	sum = run(&opt, "in/a.jpg");
	cr_assert_eq(sum.refused, 1);
	cr_assert(strstr(RES(0)->reason, "--by-folder"), "%s", RES(0)->reason);
}

Test(ingest, many_photos_come_back_in_input_order)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;

	for (int i = 0; i < 30; i++) {
		char name[32];

		g_snprintf(name, sizeof(name), "in/IMG_%03d.jpg", i);
		write_jpeg(name, i);
	}
	opt.participant = "P09";
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 30);
	for (int i = 0; i < 30; i++) {
		char name[32], ref[16];

		g_snprintf(name, sizeof(name), "IMG_%03d.jpg", i);
		g_snprintf(ref, sizeof(ref), "P09-%02d", i + 1);
		cr_assert(g_str_has_suffix(RES(i)->source, name));
		cr_assert_str_eq(RES(i)->ref, ref);
	}
}

Test(ingest, manifest_row_matching_two_photos_refuses_both)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	char *m = path_in("c.csv");

	write_jpeg("in/P01/IMG_1.jpg", 1);
	write_jpeg("in/P02/IMG_1.jpg", 2);
	write_jpeg("in/P02/IMG_2.jpg", 3);
	write_text("c.csv", "file,title\nIMG_1.jpg,whose?\nP02/IMG_2.jpg,mine\n");
	opt.by_folder = 1;
	opt.manifest = m;
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 1);
	cr_assert_eq(sum.refused, 2);
	cr_assert(strstr(find("P01/IMG_1.jpg")->reason, "names 2 photos"), "%s",
	    find("P01/IMG_1.jpg")->reason);
	cr_assert(strstr(find("P02/IMG_1.jpg")->reason, "write its folder too"));
	cr_assert_eq(find("P02/IMG_2.jpg")->outcome, VOX_INGEST_ADDED);
	g_free(m);
}

Test(ingest, two_translations_refuse_the_photo)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;

	write_jpeg("in/IMG_1.jpg", 1);
	write_text("in/IMG_1.txt", "Lang: cy\n\nStori\n");
	write_text("in/IMG_1.en.txt", "Story\n");
	write_text("in/IMG_1.fr.txt", "Histoire\n");
	opt.participant = "P01";
	sum = run(&opt, "in");
	cr_assert_eq(sum.refused, 1);
	cr_assert(strstr(RES(0)->reason, "two translations"), "%s", RES(0)->reason);
	cr_assert_eq(count_rows("photo"), 0);
}

Test(ingest, non_photo_files_in_folders_are_skipped_but_named_ones_refused)
{
	struct vox_ingest_options opt = VOX_INGEST_OPTIONS_INIT;
	struct vox_ingest_summary sum;
	char *p = path_in("in/notes.pdf");
	const char *paths[] = { p };

	write_jpeg("in/IMG_1.jpg", 1);
	write_text("in/notes.pdf", "%PDF");
	write_text("in/.DS_Store", "junk");
	write_text("in/._IMG_1.jpg", "resource fork");
	opt.participant = "P01";
	sum = run(&opt, "in");
	cr_assert_eq(sum.added, 1);
	cr_assert_eq(sum.refused, 0);
	cr_assert_eq(sum.skipped, 1);
	g_ptr_array_set_size(results, 0);
	cr_assert_eq(vox_ingest(cat, &opt, paths, 1, collect, NULL, &sum), 0);
	cr_assert_eq(sum.refused, 1);
	cr_assert(strstr(RES(0)->reason, "not a photo"), "%s", RES(0)->reason);
	g_free(p);
}
