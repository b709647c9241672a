#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/stats.h"
#include "vox/store.h"

static char *dir;
static vox_catalog *cat;

static void
rm_rf(const char *path)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", path);

	cr_assert_eq(system(cmd), 0);
	g_free(cmd);
}

static void
setup(void)
{
	dir = g_dir_make_tmp("vox-catalog-XXXXXX", NULL);
	cr_assert_not_null(dir);
	char *coll = g_build_filename(dir, "c", NULL);
	cr_assert_eq(vox_catalog_create(coll), 0, "%s", vox_error_message());
	cat = vox_catalog_open(coll);
	cr_assert_not_null(cat, "%s", vox_error_message());
	g_free(coll);
	cr_assert_eq(vox_catalog_pair_add(cat, "cornwall", "Cornwall"), 0);
	cr_assert_eq(vox_catalog_site_add(cat, "truro-foodbank", NULL, "cornwall", "urban"), 0);
	cr_assert_eq(vox_catalog_site_add(cat, "cornwall-farm", NULL, "cornwall", "rural"), 0);
}

static void
teardown(void)
{
	vox_catalog_close(cat);
	rm_rf(dir);
	g_free(dir);
}

/* Adds a photo of made-up bytes; returns the new photo (caller frees). */
static struct vox_photo *
add(const char *bytes, const char *participant, const char *site, int *existed)
{
	struct vox_photo *p = vox_photo_new();
	int ex = 0;

	p->ext = g_strdup("jpg");
	p->participant = g_strdup(participant);
	p->site = g_strdup(site);
	p->source_name = g_strdup("IMG_0001.JPG");
	cr_assert_eq(vox_catalog_add_photo(cat, bytes, strlen(bytes), p, VOX_KEEP_REF, &ex), 0,
	    "%s", vox_error_message());
	if (existed)
		*existed = ex;
	return p;
}

TestSuite(catalog, .init = setup, .fini = teardown);

Test(catalog, create_refuses_an_existing_collection)
{
	char *coll = g_build_filename(dir, "c", NULL);

	cr_assert_eq(vox_catalog_create(coll), -1);
	cr_assert(strstr(vox_error_message(), "already a collection"));
	g_free(coll);
}

Test(catalog, new_collection_has_showed_prompts_and_default_themes)
{
	GPtrArray *pr = vox_catalog_prompts(cat);
	GPtrArray *th = vox_catalog_themes(cat);
	static const char *const keys[] = { "see", "happening", "our-lives", "why", "do" };

	cr_assert_eq(pr->len, 5);
	for (guint i = 0; i < 5; i++)
		cr_assert_str_eq(((struct vox_prompt *)pr->pdata[i])->key, keys[i]);
	cr_assert_str_eq(((struct vox_prompt *)pr->pdata[0])->question, "What do you See here?");
	cr_assert_geq(th->len, 8);
	g_ptr_array_unref(pr);
	g_ptr_array_unref(th);
}

/* A second connection to vox.db, read-only: the catalog's own handle is not shared. */
static sqlite3 *
second_reader(void)
{
	char *db = g_build_filename(vox_catalog_dir(cat), "vox.db", NULL);
	sqlite3 *h = NULL;

	cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	g_free(db);
	return h;
}

/* The first column of the first row of sql, as a new string. */
static char *
second_query(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	char *s;

	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s: no row", sql);
	s = g_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

Test(catalog, wal_and_schema_version)
{
	sqlite3 *h = second_reader();
	char *mode = second_query(h, "PRAGMA journal_mode");
	char *version = second_query(h, "PRAGMA user_version");

	cr_assert_str_eq(mode, "wal");
	cr_assert_geq(atoi(version), 1);
	g_free(mode);
	g_free(version);
	sqlite3_close(h);
}

Test(catalog, foreign_keys_are_enforced_so_removing_a_site_leaves_no_dangling_ids)
{
	sqlite3 *h;
	char *dangling, *site;

	/* ON DELETE SET NULL acts only when the catalog's connection has foreign keys on. */
	cr_assert_eq(vox_catalog_site_add(cat, "st-ives-gallery", NULL, "cornwall", "urban"), 0);
	cr_assert_eq(vox_catalog_participant_add(cat, "P50", "st-ives-gallery", NULL, 0), 0);
	cr_assert_eq(vox_catalog_session_add(cat, "2026-05-12-st-ives", "st-ives-gallery",
	    "2026-05-12"), 0, "%s", vox_error_message());
	cr_assert_eq(vox_catalog_remove(cat, VOX_KIND_SITE, "st-ives-gallery"), 0, "%s",
	    vox_error_message());
	h = second_reader();
	dangling = second_query(h, "SELECT count(*) FROM pragma_foreign_key_check");
	site = second_query(h, "SELECT coalesce(site_id, 'none') FROM participant "
	    "WHERE code = 'P50'");
	cr_assert_str_eq(dangling, "0");
	cr_assert_str_eq(site, "none");
	g_free(dangling);
	g_free(site);
	sqlite3_close(h);
}

Test(catalog, add_photo_stores_the_bytes_under_their_hash_and_assigns_refs)
{
	struct vox_photo *a = add("first photo bytes", "P07", "truro-foodbank", NULL);
	struct vox_photo *b = add("second photo bytes", "P07", "truro-foodbank", NULL);
	char hex[VOX_SHA256_HEX];
	gchar *data = NULL;
	gsize len;

	vox_sha256_hex("first photo bytes", 17, hex);
	cr_assert_str_eq(a->sha256, hex);
	cr_assert_str_eq(a->ref, "P07-01");
	cr_assert_str_eq(b->ref, "P07-02");
	{
		char *want = g_strdup_printf("/store/%.2s/%s.jpg", hex, hex);

		cr_assert(g_str_has_suffix(a->path, want), "%s", a->path);
		g_free(want);
	}
	cr_assert(g_file_get_contents(a->path, &data, &len, NULL));
	cr_assert_eq(len, 17);
	cr_assert_eq(memcmp(data, "first photo bytes", 17), 0);
	g_free(data);
	vox_photo_free(a);
	vox_photo_free(b);
}

Test(catalog, same_bytes_twice_report_the_existing_photo)
{
	int existed = 0;
	struct vox_photo *a = add("same bytes", "P01", NULL, &existed);
	struct vox_photo *b;

	cr_assert_eq(existed, 0);
	b = add("same bytes", "P02", NULL, &existed);
	cr_assert_eq(existed, 1);
	cr_assert_str_eq(b->ref, a->ref);
	cr_assert_eq(b->rowid, a->rowid);
	vox_photo_free(a);
	vox_photo_free(b);
}

Test(catalog, photo_is_found_by_prefix_and_by_ref)
{
	struct vox_photo *a = add("prefix bytes", "P03", NULL, NULL);
	char prefix[7];
	struct vox_photo *x, *y;

	g_strlcpy(prefix, a->sha256, sizeof(prefix));
	x = vox_catalog_photo(cat, prefix);
	cr_assert_not_null(x, "%s", vox_error_message());
	cr_assert_str_eq(x->sha256, a->sha256);
	y = vox_catalog_photo(cat, "p03-01");
	cr_assert_not_null(y, "%s", vox_error_message());
	cr_assert_str_eq(y->sha256, a->sha256);
	cr_assert_null(vox_catalog_photo(cat, "P03-99"));
	cr_assert(strstr(vox_error_message(), "no such photo"));
	cr_assert_null(vox_catalog_photo(cat, "abc"));
	vox_photo_free(a);
	vox_photo_free(x);
	vox_photo_free(y);
}

Test(catalog, ambiguous_prefix_is_an_error)
{
	/* Find two byte strings whose hashes share 4 hex digits. */
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	char *first = NULL, *second = NULL;

	for (int i = 0; !second; i++) {
		char buf[32], hex[VOX_SHA256_HEX];

		g_snprintf(buf, sizeof(buf), "bytes %d", i);
		vox_sha256_hex(buf, strlen(buf), hex);
		hex[4] = 0;
		if ((first = g_hash_table_lookup(seen, hex))) {
			second = g_strdup(buf);
			first = g_strdup(first);
		} else {
			g_hash_table_insert(seen, g_strdup(hex), g_strdup(buf));
		}
	}
	struct vox_photo *a = add(first, "P01", NULL, NULL);
	struct vox_photo *b = add(second, "P01", NULL, NULL);
	char prefix[5];

	g_strlcpy(prefix, a->sha256, sizeof(prefix));
	cr_assert_null(vox_catalog_photo(cat, prefix));
	cr_assert(strstr(vox_error_message(), "ambiguous"), "%s", vox_error_message());
	vox_photo_free(a);
	vox_photo_free(b);
	g_free(first);
	g_free(second);
	g_hash_table_unref(seen);
}

Test(catalog, tombstoned_bytes_are_refused_with_the_date)
{
	char hex[VOX_SHA256_HEX];
	struct vox_photo *p = vox_photo_new();
	int existed;

	vox_sha256_hex("gone", 4, hex);
	cr_assert_eq(vox_catalog_add_tombstone(cat, hex, "2026-05-12"), 0);
	cr_assert_eq(vox_catalog_is_tombstoned(cat, hex), 1);
	p->ext = g_strdup("jpg");
	p->participant = g_strdup("P01");
	cr_assert_eq(vox_catalog_add_photo(cat, "gone", 4, p, VOX_KEEP_REF, &existed), -1);
	cr_assert(strstr(vox_error_message(), "withdrawn on 2026-05-12"), "%s",
	    vox_error_message());
	vox_photo_free(p);
}

Test(catalog, unknown_site_is_refused_with_the_nearest_name_and_stores_nothing)
{
	struct vox_photo *p = vox_photo_new();
	int existed;
	char *store;
	GDir *d;
	const char *n;
	int entries = 0;

	p->ext = g_strdup("jpg");
	p->participant = g_strdup("P01");
	p->site = g_strdup("truro-fodbank");
	cr_assert_eq(vox_catalog_add_photo(cat, "x", 1, p, VOX_KEEP_REF, &existed), -1);
	cr_assert(strstr(vox_error_message(), "did you mean 'truro-foodbank'"), "%s",
	    vox_error_message());
	store = g_build_filename(vox_catalog_dir(cat), "store", NULL);
	d = g_dir_open(store, 0, NULL);
	while ((n = g_dir_read_name(d)))
		if (strcmp(n, "tmp") != 0 && strcmp(n, VOX_STORE_ID) != 0)
			entries++;
	g_dir_close(d);
	cr_assert_eq(entries, 0);
	g_free(store);
	vox_photo_free(p);
}

Test(catalog, unknown_theme_is_refused_with_the_nearest_name)
{
	struct vox_photo *p = vox_photo_new();
	int existed;

	p->ext = g_strdup("jpg");
	p->participant = g_strdup("P01");
	g_ptr_array_add(p->caption->themes, g_strdup("feeling-welcom"));
	cr_assert_eq(vox_catalog_add_photo(cat, "y", 1, p, VOX_KEEP_REF, &existed), -1);
	cr_assert(strstr(vox_error_message(), "did you mean 'feeling-welcome'"), "%s",
	    vox_error_message());
	vox_photo_free(p);
}

Test(catalog, unknown_prompt_in_a_translation_alone_is_refused_and_stores_nothing)
{
	struct vox_photo *p = vox_photo_new();
	char hex[VOX_SHA256_HEX];
	char *path;
	int existed;

	p->ext = g_strdup("jpg");
	p->participant = g_strdup("P01");
	p->caption->translation = vox_caption_new();
	p->caption->translation->lang = g_strdup("en");
	vox_caption_set_prompt(p->caption->translation, "sea", "A typo of see");
	cr_assert_eq(vox_catalog_add_photo(cat, "tr", 2, p, VOX_KEEP_REF, &existed), -1);
	cr_assert(strstr(vox_error_message(), "'sea': no such prompt"), "%s",
	    vox_error_message());
	vox_sha256_hex("tr", 2, hex);
	path = vox_store_path(vox_catalog_dir(cat), hex, "jpg");
	cr_assert(!g_file_test(path, G_FILE_TEST_EXISTS), "refused bytes were stored");
	g_free(path);
	vox_photo_free(p);
}

Test(catalog, caption_themes_and_consent_round_trip)
{
	struct vox_photo *p = vox_photo_new(), *q;
	const char *story = "Line one\n\tline two <script>alert(\"x\")</script> 🌱 שלום";
	int existed;

	p->ext = g_strdup("png");
	p->participant = g_strdup("P09");
	p->site = g_strdup("cornwall-farm");
	p->session = g_strdup("2026-05-12-farm");
	p->caption->title = g_strdup("Yr ardd");
	p->caption->story = g_strdup(story);
	p->caption->alt = g_strdup("A raised bed of leeks");
	p->caption->lang = g_strdup("cy");
	p->caption->consent = g_strdup("group");
	p->caption->people = g_strdup("none");
	vox_caption_set_prompt(p->caption, "see", "Leeks");
	g_ptr_array_add(p->caption->themes, g_strdup("food-and-growing"));
	g_ptr_array_add(p->caption->themes, g_strdup("community"));
	p->caption->translation = vox_caption_new();
	p->caption->translation->lang = g_strdup("en");
	p->caption->translation->title = g_strdup("The garden");
	cr_assert_eq(vox_catalog_add_photo(cat, "z", 1, p, VOX_KEEP_REF, &existed), 0, "%s",
	    vox_error_message());
	q = vox_catalog_photo(cat, p->ref);
	cr_assert_not_null(q);
	cr_assert_str_eq(q->caption->story, story);
	cr_assert_str_eq(q->caption->title, "Yr ardd");
	cr_assert_str_eq(q->caption->lang, "cy");
	cr_assert_str_eq(vox_caption_prompt(q->caption, "see"), "Leeks");
	cr_assert_eq(q->caption->themes->len, 2);
	cr_assert_str_eq(g_ptr_array_index(q->caption->themes, 0), "food-and-growing");
	cr_assert_str_eq(g_ptr_array_index(q->caption->themes, 1), "community");
	cr_assert_not_null(q->caption->translation);
	cr_assert_str_eq(q->caption->translation->title, "The garden");
	cr_assert_eq(q->audience, VOX_AUDIENCE_GROUP);
	cr_assert_eq(q->people, VOX_PEOPLE_NONE);
	cr_assert_str_eq(q->pair, "cornwall");
	cr_assert_str_eq(q->setting, "rural");
	cr_assert_str_eq(q->session, "2026-05-12-farm");
	cr_assert_str_eq(q->session_date, "2026-05-12");
	cr_assert_str_eq(q->source_name ? q->source_name : "", "");
	vox_photo_free(p);
	vox_photo_free(q);
}

Test(catalog, select_filters_by_site_theme_and_audience)
{
	struct vox_filter f = VOX_FILTER_INIT;
	GPtrArray *a;
	int existed;
	const char *sites[] = { "truro-foodbank", "cornwall-farm" };

	for (int i = 0; i < 8; i++) {
		struct vox_photo *p = vox_photo_new();
		char bytes[16];

		g_snprintf(bytes, sizeof(bytes), "photo %d", i);
		p->ext = g_strdup("jpg");
		p->participant = g_strdup(i % 2 ? "P01" : "P02");
		p->site = g_strdup(sites[i % 2]);
		p->audience = i < 4 ? VOX_AUDIENCE_REPORT : VOX_AUDIENCE_PRIVATE;
		p->people = VOX_PEOPLE_NONE;
		if (i % 4 == 1)
			g_ptr_array_add(p->caption->themes, g_strdup("community"));
		cr_assert_eq(vox_catalog_add_photo(cat, bytes, strlen(bytes), p, VOX_KEEP_REF,
		    &existed), 0);
		vox_photo_free(p);
	}
	a = vox_catalog_select(cat, NULL);
	cr_assert_eq(a->len, 8);
	g_ptr_array_unref(a);
	f.site = "cornwall-farm";
	f.theme = "community";
	a = vox_catalog_select(cat, &f);
	cr_assert_eq(a->len, 2);
	g_ptr_array_unref(a);
	f.audience = VOX_AUDIENCE_GROUP;
	a = vox_catalog_select(cat, &f);
	cr_assert_eq(a->len, 1);
	cr_assert_str_eq(((struct vox_photo *)a->pdata[0])->ref, "P01-01");
	g_ptr_array_unref(a);
	f.site = "cornwall-frm";
	cr_assert_null(vox_catalog_select(cat, &f));
	cr_assert(strstr(vox_error_message(), "did you mean 'cornwall-farm'"));
}

Test(catalog, lists_are_sorted_and_complete)
{
	GPtrArray *s = vox_catalog_sites(cat, NULL);

	cr_assert_eq(s->len, 2);
	cr_assert_str_eq(((struct vox_site *)s->pdata[0])->slug, "cornwall-farm");
	cr_assert_str_eq(((struct vox_site *)s->pdata[0])->setting, "rural");
	cr_assert_str_eq(((struct vox_site *)s->pdata[1])->pair, "cornwall");
	g_ptr_array_unref(s);
}

Test(catalog, reopening_keeps_the_schema_and_data)
{
	char *coll = g_strdup(vox_catalog_dir(cat));
	struct vox_photo *a = add("kept", "P05", NULL, NULL);

	vox_catalog_close(cat);
	cat = vox_catalog_open(coll);
	cr_assert_not_null(cat);
	struct vox_photo *b = vox_catalog_photo(cat, a->ref);
	cr_assert_not_null(b);
	vox_photo_free(a);
	vox_photo_free(b);
	g_free(coll);
}

Test(catalog, tag_adds_and_removes_and_counts_changes)
{
	struct vox_photo *a = add("tag me", "P01", NULL, NULL), *q;
	GPtrArray *plus = g_ptr_array_new(), *minus = g_ptr_array_new();

	g_ptr_array_add(plus, "community");
	g_ptr_array_add(plus, "feeling-welcome");
	cr_assert_eq(vox_catalog_tag(cat, a->sha256, plus, NULL), 2);
	cr_assert_eq(vox_catalog_tag(cat, a->sha256, plus, NULL), 0);
	g_ptr_array_add(minus, "community");
	cr_assert_eq(vox_catalog_tag(cat, a->sha256, NULL, minus), 1);
	q = vox_catalog_photo(cat, a->ref);
	cr_assert_eq(q->caption->themes->len, 1);
	cr_assert_str_eq(g_ptr_array_index(q->caption->themes, 0), "feeling-welcome");
	g_ptr_array_add(minus, "comunity");
	cr_assert_eq(vox_catalog_tag(cat, a->sha256, NULL, minus), -1);
	cr_assert(strstr(vox_error_message(), "did you mean 'community'"));
	vox_photo_free(a);
	vox_photo_free(q);
	g_ptr_array_unref(plus);
	g_ptr_array_unref(minus);
}

Test(catalog, set_caption_refuses_invalid_utf8_and_changes_nothing)
{
	struct vox_photo *a = add("caption me", "P01", NULL, NULL), *q;
	struct vox_caption *c = vox_caption_new();

	c->title = g_strdup("Good");
	cr_assert_eq(vox_catalog_set_caption(cat, a->sha256, c), 0);
	g_free(c->title);
	c->title = g_strdup("Bad \xff\xfe");
	cr_assert_eq(vox_catalog_set_caption(cat, a->sha256, c), -1);
	cr_assert(strstr(vox_error_message(), "UTF-8"));
	q = vox_catalog_photo(cat, a->ref);
	cr_assert_str_eq(q->caption->title, "Good");
	vox_caption_free(c);
	vox_photo_free(a);
	vox_photo_free(q);
}

Test(catalog, consent_changes_only_the_fields_given)
{
	struct vox_photo *a = add("consent me", "P01", NULL, NULL), *q;

	cr_assert_eq(vox_catalog_set_consent(cat, a->sha256, VOX_AUDIENCE_REPORT, -1, 1, -1), 0);
	q = vox_catalog_photo(cat, a->ref);
	cr_assert_eq(q->audience, VOX_AUDIENCE_REPORT);
	cr_assert_eq(q->people, VOX_PEOPLE_UNKNOWN);
	cr_assert_eq(q->sensitive, 1);
	cr_assert_eq(q->minor, 0);
	cr_assert_eq(vox_catalog_set_consent(cat, a->sha256, VOX_AUDIENCE_WITHDRAWN, -1, -1, -1),
	    -1);
	vox_photo_free(a);
	vox_photo_free(q);
}

Test(catalog, withdraw_deletes_file_derivatives_and_caption_keeps_the_ref)
{
	struct vox_photo *p = vox_photo_new(), *q, *n;
	GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);
	char *deriv;
	int existed;

	p->ext = g_strdup("jpg");
	p->participant = g_strdup("P04");
	p->caption->story = g_strdup("a private story");
	cr_assert_eq(vox_catalog_add_photo(cat, "withdraw me", 11, p, VOX_KEEP_REF, &existed), 0);
	deriv = g_strdup_printf("%s/cache/%s-320.webp", vox_catalog_dir(cat), p->sha256);
	cr_assert(g_file_set_contents(deriv, "x", 1, NULL));
	cr_assert_eq(vox_catalog_withdraw(cat, p->sha256, VOX_DRY_RUN, removed), 0);
	cr_assert_eq(removed->len, 3); /* caption, stored file, derivative */
	cr_assert(g_file_test(p->path, G_FILE_TEST_EXISTS), "a dry run removed the file");
	g_ptr_array_set_size(removed, 0);
	cr_assert_eq(vox_catalog_withdraw(cat, p->sha256, VOX_APPLY, removed), 0);
	cr_assert_eq(removed->len, 3);
	cr_assert(!g_file_test(p->path, G_FILE_TEST_EXISTS));
	cr_assert(!g_file_test(deriv, G_FILE_TEST_EXISTS));
	cr_assert_eq(vox_catalog_is_tombstoned(cat, p->sha256), 1);
	q = vox_catalog_photo(cat, "P04-01");
	cr_assert_not_null(q);
	cr_assert_eq(q->audience, VOX_AUDIENCE_WITHDRAWN);
	cr_assert_null(q->caption->story);
	cr_assert_null(q->source_name);
	n = add("a later photo", "P04", NULL, NULL);
	cr_assert_str_eq(n->ref, "P04-02");
	cr_assert_eq(vox_catalog_set_consent(cat, p->sha256, VOX_AUDIENCE_GROUP, -1, -1, -1), -1,
	    "a withdrawn photo's consent was changed");
	g_free(deriv);
	g_ptr_array_unref(removed);
	vox_photo_free(p);
	vox_photo_free(q);
	vox_photo_free(n);
}

Test(catalog, a_withdrawal_owes_a_purge_until_the_log_is_checkpointed)
{
	struct vox_photo *p = add("purge me", "P04", NULL, NULL);
	GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);
	char *db = g_build_filename(vox_catalog_dir(cat), "vox.db", NULL);
	sqlite3 *reader;
	sqlite3_stmt *st;

	cr_assert_eq(vox_catalog_purge_owed(cat), 0);
	cr_assert_eq(vox_catalog_withdraw(cat, p->sha256, VOX_APPLY, removed), 0);
	cr_assert_eq(vox_catalog_purge_owed(cat), 1, "the withdrawal recorded no debt");
	/* Another connection reading an older snapshot holds the checkpoint back. */
	cr_assert_eq(sqlite3_open(db, &reader), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(reader, "SELECT count(*) FROM photo", -1, &st, NULL),
	    SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	sqlite3_finalize(st);
	cr_assert_eq(vox_catalog_participant_forget(cat, "P04"), 0);
	cr_assert_eq(vox_catalog_purge(cat, 200, NULL, NULL), -1);
	cr_assert(strstr(vox_error_message(), "still reading"), "%s", vox_error_message());
	cr_assert_eq(vox_error_kind(), VOX_ERR_IO);
	cr_assert_eq(vox_catalog_purge_owed(cat), 1, "a failed purge forgot the debt");
	sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(reader);
	cr_assert_eq(vox_catalog_purge(cat, 200, NULL, NULL), 0, "%s", vox_error_message());
	cr_assert_eq(vox_catalog_purge_owed(cat), 0);
	g_free(db);
	g_ptr_array_unref(removed);
	vox_photo_free(p);
}

Test(catalog, remove_refuses_what_photos_use_and_rename_follows)
{
	struct vox_photo *a = add("site photo", "P01", "cornwall-farm", NULL), *q;

	cr_assert_eq(vox_catalog_remove(cat, VOX_KIND_SITE, "cornwall-farm"), -1);
	cr_assert(strstr(vox_error_message(), "1 photo still use"), "%s", vox_error_message());
	cr_assert_eq(vox_catalog_remove(cat, VOX_KIND_PAIR, "cornwall"), -1);
	cr_assert_eq(vox_catalog_rename(cat, VOX_KIND_SITE, "cornwall-farm", "the-farm"), 0);
	cr_assert_eq(vox_catalog_rename(cat, VOX_KIND_SITE, "the-farm", "truro-foodbank"), -1);
	q = vox_catalog_photo(cat, a->ref);
	cr_assert_str_eq(q->site, "the-farm");
	cr_assert_eq(vox_catalog_remove(cat, VOX_KIND_THEME, "making-and-doing"), 0);
	cr_assert_lt(vox_catalog_lookup(cat, VOX_KIND_THEME, "making-and-doing"), 0);
	vox_photo_free(a);
	vox_photo_free(q);
}

Test(catalog, stats_count_by_site_and_withdrawn_separately)
{
	struct vox_photo *a = add("s1", "P01", "cornwall-farm", NULL);
	struct vox_photo *b = add("s2", "P01", "cornwall-farm", NULL);
	struct vox_photo *c = add("s3", "P02", "truro-foodbank", NULL);
	GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);
	struct vox_filter f = VOX_FILTER_INIT;
	enum vox_stats_by by = VOX_BY_SITE;
	GPtrArray *s, *sel;

	cr_assert_eq(vox_catalog_withdraw(cat, b->sha256, VOX_APPLY, removed), 0);
	sel = vox_stats_select(cat, NULL);
	cr_assert_eq(sel->len, 3, "the withdrawn photo's row is counted too");
	s = vox_stats_count(sel, NULL, &by, 1);
	cr_assert_eq(s->len, 2);
	cr_assert_str_eq(((struct vox_stats_row *)s->pdata[0])->key[0], "cornwall-farm");
	cr_assert_eq(((struct vox_stats_row *)s->pdata[0])->photos, 1);
	cr_assert_eq(((struct vox_stats_row *)s->pdata[0])->recorded[VOX_AUDIENCE_WITHDRAWN], 1);
	cr_assert_eq(((struct vox_stats_row *)s->pdata[1])->recorded[VOX_AUDIENCE_PRIVATE], 1);
	g_ptr_array_unref(s);
	g_ptr_array_unref(sel);
	f.audience = VOX_AUDIENCE_PRIVATE;
	sel = vox_stats_select(cat, &f);
	cr_assert_eq(sel->len, 2, "a consent filter leaves withdrawn photos out");
	g_ptr_array_unref(sel);
	g_ptr_array_unref(removed);
	vox_photo_free(a);
	vox_photo_free(b);
	vox_photo_free(c);
}

Test(catalog, check_finds_orphans_and_leftovers_and_repair_moves_orphans_to_lost_found)
{
	struct vox_photo *a = add("committed", "P01", NULL, NULL);
	GPtrArray *f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_check_finding_free);
	char hex[VOX_SHA256_HEX], *orphan, *tmp, *lost, *data = NULL;
	gsize len;

	/* The made-up bytes are no image, so the stored photo itself is one problem. */
	cr_assert_eq(vox_catalog_check(cat, VOX_CHECK_REPORT, f), 1);
	cr_assert_eq(f->len, 1);
	cr_assert(strstr(((struct vox_check_finding *)f->pdata[0])->problem,
	    "cannot be audited"));
	g_ptr_array_set_size(f, 0);
	vox_sha256_hex("orphan", 6, hex);
	cr_assert_eq(vox_store_put(vox_catalog_dir(cat), hex, "jpg", "orphan", 6), 0);
	orphan = vox_store_path(vox_catalog_dir(cat), hex, "jpg");
	tmp = g_build_filename(vox_catalog_dir(cat), "store", "tmp", ".vox-zzz", NULL);
	cr_assert(g_file_set_contents(tmp, "half", 4, NULL));
	/* A dry run counts the orphan and the leftover as repairable and touches nothing. */
	cr_assert_eq(vox_catalog_check(cat, VOX_CHECK_REPAIR | VOX_CHECK_DRY_RUN, f), 1);
	cr_assert_eq(f->len, 3);
	cr_assert(g_file_test(orphan, G_FILE_TEST_EXISTS));
	g_ptr_array_set_size(f, 0);
	cr_assert_eq(vox_catalog_check(cat, VOX_CHECK_REPAIR, f), 1);
	cr_assert(!g_file_test(orphan, G_FILE_TEST_EXISTS));
	cr_assert(!g_file_test(tmp, G_FILE_TEST_EXISTS));
	cr_assert(g_file_test(a->path, G_FILE_TEST_EXISTS));
	/* Privacy rule 10: the orphan is moved, never deleted. */
	lost = g_strdup_printf("%s/lost+found/%s.jpg", vox_catalog_dir(cat), hex);
	cr_assert(g_file_get_contents(lost, &data, &len, NULL), "the orphan is not in lost+found");
	cr_assert_eq(len, 6);
	cr_assert_eq(memcmp(data, "orphan", 6), 0);
	/* It stays a problem (something to adopt) until someone decides. */
	g_ptr_array_set_size(f, 0);
	cr_assert_eq(vox_catalog_check(cat, VOX_CHECK_REPAIR, f), 2);
	g_free(lost);
	g_free(data);
	g_free(orphan);
	g_free(tmp);
	g_ptr_array_unref(f);
	vox_photo_free(a);
}

Test(catalog, a_catalog_of_another_store_is_refused_and_repair_moves_nothing_on_its_word)
{
	GPtrArray *f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_check_finding_free);
	char hex[VOX_SHA256_HEX], *orphan, *old = g_build_filename(dir, "old", NULL);
	char *other = g_build_filename(dir, "other", NULL), *db, *new_db, *bytes;
	gsize len;
	vox_catalog *c;

	/* The collection's own catalog: an orphan, what a first ingest killed before its
	 * commit leaves, is repaired (moved to lost+found/) though the catalog lists nothing. */
	vox_sha256_hex("first", 5, hex);
	cr_assert_eq(vox_store_put(vox_catalog_dir(cat), hex, "jpg", "first", 5), 0);
	orphan = vox_store_path(vox_catalog_dir(cat), hex, "jpg");
	cr_assert_eq(vox_catalog_check(cat, VOX_CHECK_REPAIR, f), 0, "%s",
	    f->len ? ((struct vox_check_finding *)f->pdata[0])->problem : "");
	cr_assert(!g_file_test(orphan, G_FILE_TEST_EXISTS));
	g_free(orphan);
	/* Another collection's catalog (a new one) put in the place of this one's. */
	g_ptr_array_set_size(f, 0);
	cr_assert_eq(vox_catalog_create(old), 0);
	vox_sha256_hex("older", 5, hex);
	cr_assert_eq(vox_store_put(old, hex, "jpg", "older", 5), 0);
	orphan = vox_store_path(old, hex, "jpg");
	cr_assert_eq(vox_catalog_create(other), 0);
	db = g_build_filename(old, "vox.db", NULL);
	new_db = g_build_filename(other, "vox.db", NULL);
	cr_assert(g_file_get_contents(new_db, &bytes, &len, NULL));
	cr_assert(g_file_set_contents(db, bytes, (gssize)len, NULL));
	cr_assert_null(vox_catalog_open(old), "a writer opened another store's catalog");
	cr_assert(strstr(vox_error_message(), "vox.db does not belong to this store"), "%s",
	    vox_error_message());
	cr_assert_not_null(c = vox_catalog_find_check(old, 1), "%s", vox_error_message());
	cr_assert_gt(vox_catalog_check(c, VOX_CHECK_REPAIR, f), 0);
	cr_assert(g_file_test(orphan, G_FILE_TEST_EXISTS), "repair moved a photo on the word "
	    "of a replaced catalog");
	cr_assert(strstr(((struct vox_check_finding *)f->pdata[0])->problem,
	    "does not belong to this store"), "%s",
	    ((struct vox_check_finding *)f->pdata[0])->problem);
	vox_catalog_close(c);
	g_free(bytes);
	g_free(db);
	g_free(new_db);
	g_free(old);
	g_free(other);
	g_free(orphan);
	g_ptr_array_unref(f);
}

Test(catalog, an_empty_catalog_is_refused_not_given_a_fresh_schema)
{
	char *coll = g_build_filename(dir, "old", NULL);
	char *db = g_build_filename(coll, "vox.db", NULL);
	struct stat sb;

	/* ": > vox.db": a 0-byte file, which SQLite would happily fill with a new schema. */
	g_mkdir_with_parents(coll, 0755);
	cr_assert(g_file_set_contents(db, "", 0, NULL));
	cr_assert_null(vox_catalog_open(coll));
	cr_assert(strstr(vox_error_message(), "empty, or not a photovox catalog"), "%s",
	    vox_error_message());
	cr_assert_eq(vox_error_kind(), VOX_ERR_IO, "a damaged catalog is a collection error");
	cr_assert_eq(stat(db, &sb), 0);
	cr_assert_eq(sb.st_size, 0, "opening wrote a schema into the damaged catalog");
	g_free(coll);
	g_free(db);
}

Test(catalog, newer_schema_is_refused)
{
	char *coll = g_build_filename(dir, "new", NULL);
	char *db = g_build_filename(coll, "vox.db", NULL);
	sqlite3 *h;

	cr_assert_eq(vox_catalog_create(coll), 0, "%s", vox_error_message());
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	cr_assert_null(vox_catalog_open(coll));
	cr_assert(strstr(vox_error_message(), "newer"), "%s", vox_error_message());
	g_free(coll);
	g_free(db);
}

Test(catalog, create_refuses_a_folder_that_holds_a_store)
{
	char *coll = g_build_filename(dir, "lost", NULL);
	char hex[VOX_SHA256_HEX];

	vox_sha256_hex("a photo", 7, hex);
	cr_assert_eq(vox_store_put(coll, hex, "jpg", "a photo", 7), 0, "%s", vox_error_message());
	cr_assert_eq(vox_catalog_create(coll), -1);
	cr_assert(strstr(vox_error_message(), "holds a store of photos but no vox.db"), "%s",
	    vox_error_message());
	g_free(coll);
}

Test(catalog, participant_codes_match_regardless_of_case)
{
	struct vox_photo *a = add("upper", "P07", NULL, NULL);
	struct vox_photo *b = add("lower", "p07", NULL, NULL);
	GPtrArray *parts = vox_catalog_participants(cat);

	cr_assert_str_eq(b->ref, "P07-02");
	cr_assert_eq(parts->len, 1);
	cr_assert_eq(vox_catalog_participant_add(cat, "p07", NULL, NULL, 0), -1);
	g_ptr_array_unref(parts);
	vox_photo_free(a);
	vox_photo_free(b);
}

/* A photo's bytes written to store/tmp/ the way vox ingest's scrubbing threads write them. */
static void
stage(struct vox_store_tmp *t, const char *bytes, struct vox_photo *p)
{
	cr_assert_eq(vox_store_tmp_open(vox_catalog_dir(cat), t), 0, "%s", vox_error_message());
	cr_assert_eq(vox_write_all(t->fd, bytes, strlen(bytes)), 0);
	vox_sha256_hex(bytes, strlen(bytes), p->sha256);
	p->ext = g_strdup("jpg");
	p->participant = g_strdup("P01");
	p->site = g_strdup("cornwall-farm");
}

static int
tmp_entries(void)
{
	char *tmp = g_build_filename(vox_catalog_dir(cat), "store", "tmp", NULL);
	GDir *d = g_dir_open(tmp, 0, NULL);
	int n = 0;

	while (d && g_dir_read_name(d))
		n++;
	if (d)
		g_dir_close(d);
	g_free(tmp);
	return n;
}

Test(catalog, a_staged_photo_is_moved_into_the_store_or_removed_when_not_added)
{
	struct vox_store_tmp t;
	struct vox_photo *p = vox_photo_new(), *q = vox_photo_new(), *w = vox_photo_new();
	char *data = NULL;
	gsize len;
	int existed = -1;

	/* New bytes: stored under their hash, with a row. */
	stage(&t, "staged photo", p);
	cr_assert_eq(vox_catalog_knows_bytes(cat, p->sha256), 0);
	cr_assert_eq(vox_catalog_add_tmp(cat, &t, p, VOX_KEEP_REF, &existed), 0, "%s",
	    vox_error_message());
	cr_assert_eq(existed, 0);
	cr_assert_str_eq(p->ref, "P01-01");
	cr_assert(g_file_get_contents(p->path, &data, &len, NULL));
	cr_assert(len == 12 && memcmp(data, "staged photo", 12) == 0);
	cr_assert_eq(vox_catalog_knows_bytes(cat, p->sha256), 1);
	cr_assert_eq(tmp_entries(), 0);

	/* The same bytes again: the existing photo, and the second copy is gone. */
	stage(&t, "staged photo", q);
	cr_assert_eq(vox_catalog_add_tmp(cat, &t, q, VOX_KEEP_REF, &existed), 0, "%s",
	    vox_error_message());
	cr_assert_eq(existed, 1);
	cr_assert_str_eq(q->ref, "P01-01");
	cr_assert_eq(tmp_entries(), 0, "the duplicate's temporary file was left");

	/* Withdrawn bytes: refused, and their temporary file removed. */
	stage(&t, "withdrawn photo", w);
	cr_assert_eq(vox_catalog_add_tombstone(cat, w->sha256, "2026-05-12"), 0);
	cr_assert_eq(vox_catalog_knows_bytes(cat, w->sha256), 1);
	cr_assert_eq(vox_catalog_add_tmp(cat, &t, w, VOX_KEEP_REF, &existed), -1);
	cr_assert(strstr(vox_error_message(), "withdrawn on 2026-05-12"), "%s",
	    vox_error_message());
	cr_assert_eq(tmp_entries(), 0, "withdrawn bytes were left in store/tmp");
	cr_assert_null(vox_catalog_photo(cat, w->sha256));
	vox_error_clear();
	g_free(data);
	vox_photo_free(p);
	vox_photo_free(q);
	vox_photo_free(w);
}

Test(catalog, a_staged_photo_needs_its_hash)
{
	struct vox_store_tmp t;
	struct vox_photo *p = vox_photo_new();
	int existed;

	stage(&t, "no hash given", p);
	p->sha256[0] = '\0';
	cr_assert_eq(vox_catalog_add_tmp(cat, &t, p, VOX_KEEP_REF, &existed), -1);
	cr_assert(strstr(vox_error_message(), "no SHA-256"), "%s", vox_error_message());
	cr_assert_eq(tmp_entries(), 0);
	vox_photo_free(p);
}

/* Whether another process could take the store lock exclusive (as vox check --repair). */
static int
exclusive_free(void)
{
	char *path = g_build_filename(vox_catalog_dir(cat), "store.lock", NULL);
	int fd = open(path, O_RDWR | O_CREAT, 0644), free_now;

	cr_assert_geq(fd, 0);
	free_now = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	g_free(path);
	return free_now;
}

Test(catalog, holding_the_store_keeps_check_out_until_the_outermost_release)
{
	char *path = g_build_filename(vox_catalog_dir(cat), "store.lock", NULL);
	int other = open(path, O_RDWR | O_CREAT, 0644);

	/* Another holder (as a running vox ingest) makes the store busy for vox check. */
	cr_assert_eq(vox_catalog_store_busy(cat, VOX_LOCK_EXCLUSIVE), 0);
	cr_assert_eq(flock(other, LOCK_SH), 0);
	cr_assert_eq(vox_catalog_store_busy(cat, VOX_LOCK_EXCLUSIVE), 1);
	/* Shared with shared: another ingest does not make an ingest wait; a check does. */
	cr_assert_eq(vox_catalog_store_busy(cat, VOX_LOCK_SHARED), 0);
	cr_assert_eq(flock(other, LOCK_EX), 0);
	cr_assert_eq(vox_catalog_store_busy(cat, VOX_LOCK_SHARED), 1);
	close(other);
	g_free(path);
	cr_assert_eq(vox_catalog_store_busy(cat, VOX_LOCK_EXCLUSIVE), 0);
	cr_assert(exclusive_free());
	cr_assert_eq(vox_catalog_store_lock(cat, VOX_LOCK_SHARED), 0, "%s", vox_error_message());
	cr_assert(!exclusive_free(), "the store lock is not held");
	/* An add in between takes and lets go of the lock itself: the hold outlasts it. */
	vox_photo_free(add("added while held", "P01", NULL, NULL));
	cr_assert_eq(vox_catalog_store_lock(cat, VOX_LOCK_SHARED), 0);
	vox_catalog_store_unlock(cat);
	cr_assert(!exclusive_free(), "a nested release let the lock go");
	vox_catalog_store_unlock(cat);
	cr_assert(exclusive_free(), "the outermost release kept the lock");
}

Test(catalog, replace_photo_moves_the_row_and_purges_the_old_bytes)
{
	struct vox_photo *p = add("before the boxes", "P05", "truro-foodbank", NULL), *q;
	const char *bytes = "after the boxes";
	char sha[VOX_SHA256_HEX];
	char *deriv, *stored;

	vox_sha256_hex(bytes, strlen(bytes), sha);
	deriv = g_strdup_printf("%s/cache/%s-320.webp", vox_catalog_dir(cat), p->sha256);
	cr_assert(g_file_set_contents(deriv, "x", 1, NULL));
	cr_assert_eq(vox_catalog_replace_photo(cat, p, bytes, strlen(bytes), sha, 30, 20, "redact",
	    "1 box"), 0, "%s", vox_error_message());
	stored = vox_store_path(vox_catalog_dir(cat), sha, "jpg");
	cr_assert(g_file_test(stored, G_FILE_TEST_IS_REGULAR), "the new file is not stored");
	cr_assert(!g_file_test(p->path, G_FILE_TEST_EXISTS), "the old file is left");
	cr_assert(!g_file_test(deriv, G_FILE_TEST_EXISTS), "a derivative of the old is left");
	cr_assert_eq(vox_catalog_is_tombstoned(cat, p->sha256), 1);
	q = vox_catalog_photo(cat, "P05-01");
	cr_assert_not_null(q);
	cr_assert_str_eq(q->sha256, sha);
	cr_assert_eq(q->width, 30);
	cr_assert_eq(q->height, 20);
	cr_assert_eq(q->orientation, 1);
	cr_assert_str_eq(q->site, "truro-foodbank");
	g_free(deriv);
	g_free(stored);
	vox_photo_free(p);
	vox_photo_free(q);
}

Test(catalog, replace_photo_refuses_a_photo_changed_meanwhile_and_stores_nothing)
{
	struct vox_photo *p = add("first version", "P05", NULL, NULL), *q, *o;
	const char *second = "second version", *third = "third version";
	char sha2[VOX_SHA256_HEX], sha3[VOX_SHA256_HEX];
	char *stored;

	vox_sha256_hex(second, strlen(second), sha2);
	vox_sha256_hex(third, strlen(third), sha3);
	cr_assert_eq(vox_catalog_replace_photo(cat, p, second, strlen(second), sha2, 1, 1, "redact",
	    "1 box"), 0, "%s", vox_error_message());
	/* p still says "first version": another tool changed the photo since it was read. */
	cr_assert_eq(vox_catalog_replace_photo(cat, p, third, strlen(third), sha3, 1, 1, "redact",
	    "1 box"), -1);
	cr_assert(strstr(vox_error_message(), "changed or withdrawn meanwhile"), "%s",
	    vox_error_message());
	stored = vox_store_path(vox_catalog_dir(cat), sha3, "jpg");
	cr_assert(!g_file_test(stored, G_FILE_TEST_EXISTS), "a refused version left its file");
	q = vox_catalog_photo(cat, "P05-01");
	cr_assert_str_eq(q->sha256, sha2);
	/* Bytes another photo has are refused, and its file stays. */
	o = add("someone else's", "P06", NULL, NULL);
	cr_assert_eq(vox_catalog_replace_photo(cat, q, "someone else's", 14, o->sha256, 1, 1,
	    "redact", "1 box"), -1);
	cr_assert(strstr(vox_error_message(), "already in the collection, as P06-01"), "%s",
	    vox_error_message());
	cr_assert(g_file_test(o->path, G_FILE_TEST_IS_REGULAR), "the other photo's file is gone");
	g_free(stored);
	vox_photo_free(p);
	vox_photo_free(q);
	vox_photo_free(o);
}

Test(catalog, names_give_display_names_and_fall_back_to_the_slug)
{
	struct vox_catalog_names n;

	cr_assert_eq(vox_catalog_site_add(cat, "st-ives", "St Ives Gallery", "cornwall", "other"),
	    0);
	cr_assert_eq(vox_catalog_names_load(cat, &n), 0, "%s", vox_error_message());
	cr_assert_str_eq(n.title, "c photovoice");
	cr_assert_str_eq(vox_catalog_site_name(&n, "st-ives"), "St Ives Gallery");
	cr_assert_str_eq(vox_catalog_site_name(&n, "truro-foodbank"), "truro-foodbank",
	    "a site without a name is shown by its slug");
	cr_assert_str_eq(vox_catalog_find_site(&n, "st-ives")->setting, "other");
	cr_assert_null(vox_catalog_find_site(&n, "nowhere"));
	cr_assert_str_eq(vox_catalog_pair_name(&n, "cornwall"), "Cornwall");
	cr_assert_str_eq(vox_catalog_theme_name(&n, "community"), "Community");
	cr_assert_str_eq(vox_catalog_theme_name(&n, "not-a-theme"), "not-a-theme");
	cr_assert_str_eq(vox_catalog_question(&n, "See"), "What do you See here?");
	cr_assert_str_eq(vox_catalog_question(&n, "unknown"), "unknown");
	cr_assert_null(vox_catalog_site_name(&n, NULL));
	cr_assert_str_eq(vox_catalog_pair_name(NULL, "cornwall"), "cornwall");
	vox_catalog_names_release(&n);
	cr_assert_null(n.title);
}

/* A batch as vox import writes one: bytes stored first, then rows in one transaction. */
static struct vox_photo *
batch_photo(const char *bytes, const char *participant, const char *theme)
{
	struct vox_photo *p = vox_photo_new();

	p->ext = g_strdup("jpg");
	p->participant = g_strdup(participant);
	p->site = g_strdup("truro-foodbank");
	vox_sha256_hex(bytes, strlen(bytes), p->sha256);
	if (theme)
		g_ptr_array_add(p->caption->themes, g_strdup(theme));
	cr_assert_eq(vox_catalog_batch_store(cat, bytes, strlen(bytes), p->sha256, p->ext), 0,
	    "%s", vox_error_message());
	return p;
}

Test(catalog, a_failed_batch_leaves_no_row_and_removes_the_files_it_stored)
{
	g_autoptr(vox_photo) kept = add("already here", "P01", "truro-foodbank", NULL);
	g_autoptr(vox_photo) a = NULL, b = NULL;
	g_autoptr(GPtrArray) all = NULL;
	int existed;

	cr_assert_eq(vox_catalog_batch_begin(cat), 0);
	a = batch_photo("first photo", "P02", NULL);
	b = batch_photo("second photo", "P02", "no-such-theme");
	{
		g_autofree char *path = vox_store_path(vox_catalog_dir(cat), a->sha256, "jpg");

		cr_assert(g_file_test(path, G_FILE_TEST_EXISTS), "stored before any row");
	}
	cr_assert_eq(vox_catalog_batch_rows(cat), 0);
	cr_assert_eq(vox_catalog_theme_add(cat, "new-theme", "New"), 0);
	cr_assert_eq(vox_catalog_add_photo(cat, NULL, 0, a, VOX_KEEP_REF, &existed), 0, "%s",
	    vox_error_message());
	/* The second photo's theme is unknown: its own savepoint is rolled back ... */
	cr_assert_eq(vox_catalog_add_photo(cat, NULL, 0, b, VOX_KEEP_REF, &existed), -1);
	cr_assert(strstr(vox_error_message(), "no-such-theme"), "%s", vox_error_message());
	/* ... and the caller gives the whole batch up: nothing of it remains. */
	vox_catalog_batch_abort(cat);
	cr_assert(strstr(vox_error_message(), "no-such-theme"), "the first error is kept");
	all = vox_catalog_select(cat, NULL);
	cr_assert_eq(all->len, 1);
	cr_assert_eq(vox_catalog_lookup(cat, VOX_KIND_THEME, "new-theme"), -1);
	cr_assert(g_file_test(kept->path, G_FILE_TEST_EXISTS));
	for (int i = 0; i < 2; i++) {
		g_autofree char *path = vox_store_path(vox_catalog_dir(cat),
		    (i ? b : a)->sha256, "jpg");

		cr_assert(!g_file_test(path, G_FILE_TEST_EXISTS), "%s was left behind", path);
	}
	/* The store lock was released with the batch. */
	cr_assert_eq(vox_catalog_store_busy(cat, VOX_LOCK_EXCLUSIVE), 0);
}

Test(catalog, a_committed_batch_keeps_every_row_and_file)
{
	g_autoptr(vox_photo) a = NULL, b = NULL;
	g_autoptr(GPtrArray) all = NULL;
	int existed;

	cr_assert_eq(vox_catalog_batch_begin(cat), 0);
	a = batch_photo("first photo", "P02", NULL);
	b = batch_photo("second photo", "P02", NULL);
	cr_assert_eq(vox_catalog_batch_rows(cat), 0);
	cr_assert_eq(vox_catalog_add_photo(cat, NULL, 0, a, VOX_KEEP_REF, &existed), 0);
	cr_assert_eq(vox_catalog_add_photo(cat, NULL, 0, b, VOX_KEEP_REF, &existed), 0);
	/* Bytes the batch did not store cannot be added in it without them. */
	{
		g_autoptr(vox_photo) c = vox_photo_new();

		c->ext = g_strdup("jpg");
		c->participant = g_strdup("P02");
		vox_sha256_hex("third", 5, c->sha256);
		cr_assert_eq(vox_catalog_add_photo(cat, NULL, 0, c, VOX_KEEP_REF, &existed), -1);
	}
	cr_assert_eq(vox_catalog_batch_commit(cat), 0, "%s", vox_error_message());
	all = vox_catalog_select(cat, NULL);
	cr_assert_eq(all->len, 2);
	cr_assert_str_eq(a->ref, "P02-01");
	cr_assert_str_eq(b->ref, "P02-02");
	cr_assert(g_file_test(b->path, G_FILE_TEST_EXISTS));
	cr_assert_eq(vox_catalog_store_busy(cat, VOX_LOCK_EXCLUSIVE), 0);
}

Test(catalog, one_text_rule_refuses_control_characters_but_keeps_line_breaks)
{
	cr_assert_eq(vox_catalog_check_text("title", "Tab\tand\r\nlines"), 0);
	cr_assert_eq(vox_catalog_check_text("title", "Escape \033[2J"), -1);
	cr_assert(strstr(vox_error_message(), "U+001B"), "%s", vox_error_message());
	cr_assert_eq(vox_catalog_check_text("title", "Delete \177"), -1);
	cr_assert_eq(vox_catalog_check_text("title", "not \xc3 UTF-8"), -1);
	cr_assert_eq(vox_catalog_pair_add(cat, "bell", "Bell \007"), -1);
	cr_assert_eq(vox_catalog_lookup(cat, VOX_KIND_PAIR, "bell"), -1);
}

/* The one output of outs at path, or NULL. */
static const struct vox_output *
output_at(GPtrArray *outs, const char *path)
{
	for (guint i = 0; i < outs->len; i++) {
		const struct vox_output *o = outs->pdata[i];

		if (g_str_has_suffix(o->path, path))
			return o;
	}
	return NULL;
}

Test(catalog, outputs_turn_stale_when_a_photo_is_withdrawn_or_loses_consent)
{
	struct vox_photo *a = add("output photo a", "P07", "truro-foodbank", NULL);
	struct vox_photo *b = add("output photo b", "P07", "truro-foodbank", NULL);
	g_autofree char *g = g_build_filename(dir, "gallery", NULL);
	g_autofree char *r = g_build_filename(dir, "report", NULL);
	GPtrArray *held = g_ptr_array_new(), *outs;
	g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func(g_free);
	const struct vox_output *o;

	cr_assert_eq(vox_catalog_set_consent(cat, a->sha256, VOX_AUDIENCE_REPORT,
	    VOX_PEOPLE_NONE, -1, -1), 0);
	cr_assert_eq(vox_catalog_set_consent(cat, b->sha256, VOX_AUDIENCE_REPORT,
	    VOX_PEOPLE_NONE, -1, -1), 0);
	g_ptr_array_add(held, a);
	g_ptr_array_add(held, b);
	cr_assert_eq(g_mkdir(g, 0755), 0);
	cr_assert_eq(g_mkdir(r, 0755), 0);
	cr_assert_eq(vox_catalog_output_record(cat, VOX_OUTPUT_GALLERY, g, VOX_AUDIENCE_GROUP,
	    0, "{\"lang\": \"en\"}", held), 0, "%s", vox_error_message());
	/* Recorded twice: the second replaces the first. */
	cr_assert_eq(vox_catalog_output_record(cat, VOX_OUTPUT_GALLERY, r, VOX_AUDIENCE_REPORT,
	    0, NULL, held), 0);
	cr_assert_eq(vox_catalog_output_record(cat, VOX_OUTPUT_GALLERY, r, VOX_AUDIENCE_REPORT,
	    0, NULL, held), 0);
	outs = vox_catalog_outputs(cat, 0);
	cr_assert_not_null(outs, "%s", vox_error_message());
	cr_assert_eq(outs->len, 2);
	o = output_at(outs, "/gallery");
	cr_assert_not_null(o);
	cr_assert_eq(o->state, VOX_OUTPUT_OK);
	cr_assert_eq(o->photos, 2);
	cr_assert_str_eq(o->options, "{\"lang\": \"en\"}");
	g_ptr_array_unref(outs);

	/* Consent lowered to group: the report gallery only. */
	cr_assert_eq(vox_catalog_set_consent(cat, b->sha256, VOX_AUDIENCE_GROUP, -1, -1, -1), 0);
	outs = vox_catalog_outputs(cat, b->rowid);
	cr_assert_eq(outs->len, 2);
	cr_assert_eq(output_at(outs, "/gallery")->state, VOX_OUTPUT_OK);
	o = output_at(outs, "/report");
	cr_assert_eq(o->state, VOX_OUTPUT_STALE);
	cr_assert_str_eq(o->reason, "P07-02 no longer consented");
	g_ptr_array_unref(outs);

	/* Withdrawn: both, and a gone folder is missing, not stale. */
	cr_assert_eq(vox_catalog_withdraw(cat, a->sha256, VOX_APPLY, removed), 0);
	cr_assert_eq(g_rmdir(r), 0);
	outs = vox_catalog_outputs(cat, a->rowid);
	o = output_at(outs, "/gallery");
	cr_assert_eq(o->state, VOX_OUTPUT_STALE);
	cr_assert_str_eq(o->reason, "P07-01 withdrawn");
	o = output_at(outs, "/report");
	cr_assert_eq(o->state, VOX_OUTPUT_MISSING);
	cr_assert_null(o->reason);
	g_ptr_array_unref(outs);
	g_ptr_array_unref(held);
	vox_photo_free(a);
	vox_photo_free(b);
}

Test(catalog, names_per_language_are_found_by_any_name_follow_renames_and_go_with_removal)
{
	struct vox_catalog_names n;
	char *slug;

	cr_assert_eq(vox_catalog_theme_add(cat, "food", "Growing food together"), 0);
	cr_assert_eq(vox_catalog_name_set(cat, "theme", "food", "cy", "Bwyd a thyfu"), 0,
	    "%s", vox_error_message());
	/* Slug, main name and Welsh name, any case, spaces around: one look-up for all. */
	const char *ways[] = { "food", "GROWING food Together", "  bwyd a thyfu " };
	for (size_t i = 0; i < G_N_ELEMENTS(ways); i++) {
		slug = vox_catalog_find_named(cat, "theme", ways[i]);
		cr_assert_str_eq(slug, "food", "'%s'", ways[i]);
		g_free(slug);
	}
	cr_assert_null(vox_catalog_find_named(cat, "theme", "Bwyd"));
	cr_assert_eq(vox_error_kind(), VOX_ERR_NOT_FOUND);
	cr_assert_neq(vox_catalog_name_set(cat, "theme", "no-such", "cy", "Dim"), 0);
	cr_assert_neq(vox_catalog_name_set(cat, "theme", "food", "not a tag", "Dim"), 0);
	cr_assert_neq(vox_catalog_name_set(cat, "session", "food", "cy", "Dim"), 0);

	cr_assert_eq(vox_catalog_rename(cat, VOX_KIND_THEME, "food", "food-and-growing-2"), 0);
	cr_assert_eq(vox_catalog_names_load(cat, &n), 0, "%s", vox_error_message());
	cr_assert_str_eq(vox_catalog_name_in(&n, "theme", "food-and-growing-2", "cy"),
	    "Bwyd a thyfu");
	cr_assert_null(vox_catalog_name_in(&n, "theme", "food", "cy"));
	cr_assert_null(vox_catalog_name_in(&n, "theme", "food-and-growing-2", "pl"));
	cr_assert_str_eq(n.lang, "en");
	vox_catalog_names_release(&n);

	cr_assert_eq(vox_catalog_remove(cat, VOX_KIND_THEME, "food-and-growing-2"), 0);
	cr_assert_eq(vox_catalog_theme_add(cat, "food-and-growing-2", NULL), 0);
	cr_assert_eq(vox_catalog_names_load(cat, &n), 0);
	cr_assert_null(vox_catalog_name_in(&n, "theme", "food-and-growing-2", "cy"),
	    "a removed theme's Welsh name came back with a new theme of its slug");
	vox_catalog_names_release(&n);
}

Test(catalog, languages_default_to_english_and_refuse_what_is_not_a_tag)
{
	char *l = vox_catalog_lang(cat), *u = vox_catalog_ui_langs(cat);

	cr_assert_str_eq(l, "en");
	cr_assert_str_eq(u, "en");
	g_free(l);
	g_free(u);
	cr_assert_eq(vox_catalog_set_langs(cat, "cy", NULL), 0);
	u = vox_catalog_ui_langs(cat);
	cr_assert_str_eq(u, "cy", "the interface follows the main language until set");
	g_free(u);
	cr_assert_eq(vox_catalog_set_langs(cat, NULL, "cy+en"), 0);
	l = vox_catalog_lang(cat);
	u = vox_catalog_ui_langs(cat);
	cr_assert_str_eq(l, "cy");
	cr_assert_str_eq(u, "cy+en");
	g_free(l);
	g_free(u);
	cr_assert_neq(vox_catalog_set_langs(cat, "x", NULL), 0);
	cr_assert_neq(vox_catalog_set_langs(cat, NULL, "cy+cy"), 0);
	cr_assert_neq(vox_catalog_set_langs(cat, NULL, "cy+en+pl"), 0);
	cr_assert_neq(vox_catalog_set_langs(cat, NULL, "cy+\"><"), 0);
	cr_assert_eq(vox_error_kind(), VOX_ERR_USAGE);
}
