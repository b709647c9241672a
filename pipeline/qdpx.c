/*
 * REFI-QDA projects (vox/qdpx.h): project.qde written as text with the XML escapes of
 * pipeline/html.c, zipped with libarchive beside the photos and caption texts.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "vox/deposit.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/html.h"
#include "vox/qdpx.h"

#define DOMAIN "qdpx"

/* A GUID for one thing of the project, from what it is: the same thing, the same GUID. */
static void
guid(char out[VOX_UUID_LEN], const char *kind, const char *key)
{
	g_autofree char *s = g_strconcat("photovox-qdpx:", kind, ":", key ? key : "", NULL);

	vox_deposit_uuid(s, strlen(s), out);
}

static const char *
ext_of(const struct vox_photo *p)
{
	return p->ext && *p->ext ? p->ext : "jpg";
}

/* The caption as the plain text of its TextSource. */
static char *
caption_text(const struct vox_photo *p, const struct vox_catalog_names *n)
{
	const struct vox_caption *c = p->caption, *t = c->translation;
	GString *s = g_string_new(NULL);

	if (c->title && *c->title)
		g_string_append_printf(s, "%s\n\n", c->title);
	if (c->story && *c->story)
		g_string_append_printf(s, "%s\n\n", c->story);
	for (guint i = 0; n->prompts && i < n->prompts->len; i++) {
		const struct vox_prompt *q = n->prompts->pdata[i];
		const char *a = vox_caption_prompt(c, q->key);

		if (a && *a)
			g_string_append_printf(s, "%s\n%s\n\n", q->question, a);
	}
	if (t && ((t->title && *t->title) || (t->story && *t->story))) {
		g_string_append_printf(s, "[%s]\n", t->lang ? t->lang : "translation");
		if (t->title && *t->title)
			g_string_append_printf(s, "%s\n\n", t->title);
		if (t->story && *t->story)
			g_string_append_printf(s, "%s\n\n", t->story);
	}
	while (s->len && s->str[s->len - 1] == '\n')
		g_string_truncate(s, s->len - 1);
	return g_string_free(s, FALSE);
}

/* Photo p's voice story in q, or NULL. */
static const struct vox_audio *
story_of(const struct vox_qdpx *q, const struct vox_photo *p)
{
	return q->stories ? g_hash_table_lookup(q->stories, p) : NULL;
}

/* The transcript of p's voice story, or NULL when it has none. */
static const char *
transcript_of(const struct vox_photo *p)
{
	const char *t = p->caption->transcript;

	return t && *t ? t : NULL;
}

static void
codings(GString *x, const struct vox_photo *p, const char *what, const char *indent)
{
	for (guint k = 0; k < p->caption->themes->len; k++) {
		const char *t = p->caption->themes->pdata[k];
		g_autofree char *key = g_strconcat(what, ":", p->sha256, ":", t, NULL);
		char g[VOX_UUID_LEN], code[VOX_UUID_LEN];

		guid(g, "coding", key);
		guid(code, "code", t);
		g_string_append_printf(x, "%s<Coding guid=\"%s\"><CodeRef targetGUID=\"%s\"/>"
		    "</Coding>\n", indent, g, code);
	}
}

static const char *const variables[] = { "pair", "site", "setting", "session",
	"session date" };

static void
variable_values(GString *x, const struct vox_photo *p, const struct vox_catalog_names *n)
{
	const char *v[G_N_ELEMENTS(variables)] = {
		p->pair ? vox_catalog_pair_name(n, p->pair) : NULL,
		p->site ? vox_catalog_site_name(n, p->site) : NULL,
		p->setting, p->session, p->session_date,
	};

	for (size_t i = 0; i < G_N_ELEMENTS(variables); i++) {
		char g[VOX_UUID_LEN];

		if (!v[i] || !*v[i])
			continue;
		guid(g, "variable", variables[i]);
		vox_html_printf(x, "      <VariableValue><VariableRef targetGUID=\"%s\"/>", g);
		if (i == G_N_ELEMENTS(variables) - 1)
			vox_html_printf(x, "<DateValue>%s</DateValue>", v[i]);
		else
			vox_html_printf(x, "<TextValue>%s</TextValue>", v[i]);
		g_string_append(x, "</VariableValue>\n");
	}
}

/* A TextSource of photo p (its caption, its story's transcript): the whole text coded
 * with p's themes. */
static void
text_source(GString *x, const struct vox_photo *p, const char *what, const char *name,
    const char *text)
{
	char txt[VOX_UUID_LEN], sel[VOX_UUID_LEN];
	/* The caption's selection keeps the GUID it always had. */
	g_autofree char *key = strcmp(what, "caption") == 0 ? g_strdup(p->sha256) :
	    g_strconcat(what, ":", p->sha256, NULL);

	guid(txt, what, p->sha256);
	guid(sel, "selection", key);
	vox_html_printf(x, "    <TextSource guid=\"%s\" name=\"%s\" "
	    "plainTextPath=\"internal://%s.txt\">\n", txt, name, txt);
	if (p->caption->themes->len && *text) {
		vox_html_printf(x, "      <PlainTextSelection guid=\"%s\" "
		    "startPosition=\"0\" endPosition=\"%ld\">\n", sel,
		    (long)g_utf8_strlen(text, -1));
		codings(x, p, what, "        ");
		g_string_append(x, "      </PlainTextSelection>\n");
	}
	g_string_append(x, "    </TextSource>\n");
}

/* A link from photo p's picture to its source of kind what, named "NAME of REF". */
static void
link_from_picture(GString *x, const struct vox_photo *p, const char *what, const char *name)
{
	char g[VOX_UUID_LEN], pic[VOX_UUID_LEN], to[VOX_UUID_LEN];
	g_autofree char *lname = g_strdup_printf("%s of %s", name, p->ref);
	/* The caption's link keeps the GUID it always had. */
	g_autofree char *key = strcmp(what, "caption") == 0 ? g_strdup(p->sha256) :
	    g_strconcat(what, ":", p->sha256, NULL);

	guid(g, "link", key);
	guid(pic, "picture", p->sha256);
	guid(to, what, p->sha256);
	vox_html_printf(x, "    <Link guid=\"%s\" name=\"%s\" direction=\"OneWay\" "
	    "originGUID=\"%s\" targetGUID=\"%s\"/>\n", g, lname, pic, to);
}

GString *
vox_qdpx_project(const struct vox_qdpx *q)
{
	GString *x = g_string_new("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	const struct vox_catalog_names *n = q->names;
	GHashTable *used = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *cases = g_ptr_array_new();
	GHashTable *case_sources = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_ptr_array_unref);
	GDateTime *d = g_date_time_new_from_unix_utc(q->time);
	g_autofree char *when = d ? g_date_time_format(d, "%Y-%m-%dT%H:%M:%SZ") :
	    g_strdup("1970-01-01T00:00:00Z");
	int any_code = 0;

	if (d)
		g_date_time_unref(d);
	for (guint i = 0; i < q->photos->len; i++) {
		const struct vox_photo *p = q->photos->pdata[i];
		GPtrArray *mine;

		for (guint k = 0; k < p->caption->themes->len; k++)
			g_hash_table_add(used, p->caption->themes->pdata[k]);
		if (!p->participant)
			continue;
		mine = g_hash_table_lookup(case_sources, p->participant);
		if (!mine) {
			mine = g_ptr_array_new();
			g_hash_table_insert(case_sources, p->participant, mine);
			g_ptr_array_add(cases, p->participant);
		}
		g_ptr_array_add(mine, (gpointer)p);
	}
	vox_html_printf(x, "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"%s\" "
	    "origin=\"photovox\" creationDateTime=\"%s\">\n", q->title, when);

	for (guint i = 0; n->themes && i < n->themes->len; i++)
		any_code |= g_hash_table_contains(used,
		    ((struct vox_theme *)n->themes->pdata[i])->slug);
	if (any_code) {
		g_string_append(x, "  <CodeBook>\n    <Codes>\n");
		for (guint i = 0; i < n->themes->len; i++) {
			const struct vox_theme *t = n->themes->pdata[i];
			char g[VOX_UUID_LEN];

			if (!g_hash_table_contains(used, t->slug))
				continue;
			guid(g, "code", t->slug);
			vox_html_printf(x, "      <Code guid=\"%s\" name=\"%s\" isCodable=\"true\">"
			    "<Description>%s</Description></Code>\n", g,
			    vox_catalog_theme_name(n, t->slug), t->slug);
		}
		g_string_append(x, "    </Codes>\n  </CodeBook>\n");
	}

	if (q->photos->len) {
		g_string_append(x, "  <Variables>\n");
		for (size_t i = 0; i < G_N_ELEMENTS(variables); i++) {
			char g[VOX_UUID_LEN];

			guid(g, "variable", variables[i]);
			vox_html_printf(x, "    <Variable guid=\"%s\" name=\"%s\" "
			    "typeOfVariable=\"%s\"/>\n", g, variables[i],
			    i == G_N_ELEMENTS(variables) - 1 ? "Date" : "Text");
		}
		g_string_append(x, "  </Variables>\n");
	}

	/* Participants by code only (privacy rule 5): a case holds their sources. */
	if (cases->len) {
		g_string_append(x, "  <Cases>\n");
		for (guint i = 0; i < cases->len; i++) {
			const char *code = cases->pdata[i];
			GPtrArray *mine = g_hash_table_lookup(case_sources, code);
			char g[VOX_UUID_LEN];

			guid(g, "case", code);
			vox_html_printf(x, "    <Case guid=\"%s\" name=\"%s\">\n", g, code);
			for (guint k = 0; k < mine->len; k++) {
				const struct vox_photo *p = mine->pdata[k];
				char pic[VOX_UUID_LEN], txt[VOX_UUID_LEN];

				guid(pic, "picture", p->sha256);
				guid(txt, "caption", p->sha256);
				g_string_append_printf(x, "      <SourceRef targetGUID=\"%s\"/>\n"
				    "      <SourceRef targetGUID=\"%s\"/>\n", pic, txt);
				if (transcript_of(p)) {
					guid(txt, "transcript", p->sha256);
					g_string_append_printf(x, "      <SourceRef "
					    "targetGUID=\"%s\"/>\n", txt);
				}
				if (story_of(q, p)) {
					guid(txt, "audio", p->sha256);
					g_string_append_printf(x, "      <SourceRef "
					    "targetGUID=\"%s\"/>\n", txt);
				}
			}
			g_string_append(x, "    </Case>\n");
		}
		g_string_append(x, "  </Cases>\n");
	}

	if (q->photos->len) {
		g_string_append(x, "  <Sources>\n");
		for (guint i = 0; i < q->photos->len; i++) {
			const struct vox_photo *p = q->photos->pdata[i];
			char pic[VOX_UUID_LEN];
			g_autofree char *text = caption_text(p, n);
			g_autofree char *tname = g_strdup_printf("%s caption", p->ref);

			guid(pic, "picture", p->sha256);
			vox_html_printf(x, "    <PictureSource guid=\"%s\" name=\"%s\" "
			    "path=\"internal://%s.%s\">\n", pic, p->ref, pic, ext_of(p));
			if (p->caption->alt && *p->caption->alt)
				vox_html_printf(x, "      <Description>%s</Description>\n",
				    p->caption->alt);
			codings(x, p, "picture", "      ");
			variable_values(x, p, n);
			g_string_append(x, "    </PictureSource>\n");
			text_source(x, p, "caption", tname, text);
			if (transcript_of(p)) {
				g_autofree char *name = g_strdup_printf("%s transcript", p->ref);

				text_source(x, p, "transcript", name, transcript_of(p));
			}
			if (story_of(q, p)) {
				char au[VOX_UUID_LEN];

				guid(au, "audio", p->sha256);
				vox_html_printf(x, "    <AudioSource guid=\"%s\" name=\"%s voice "
				    "story\" path=\"internal://%s.%s\">\n", au, p->ref, au,
				    story_of(q, p)->ext);
				codings(x, p, "audio", "      ");
				variable_values(x, p, n);
				g_string_append(x, "    </AudioSource>\n");
			}
		}
		g_string_append(x, "  </Sources>\n");
		g_string_append(x, "  <Links>\n");
		for (guint i = 0; i < q->photos->len; i++) {
			const struct vox_photo *p = q->photos->pdata[i];

			link_from_picture(x, p, "caption", "caption");
			if (transcript_of(p))
				link_from_picture(x, p, "transcript", "transcript");
			if (story_of(q, p))
				link_from_picture(x, p, "audio", "voice story");
		}
		g_string_append(x, "  </Links>\n");
	}
	vox_html_printf(x, "  <Description>Photos and captions from %s shared with the "
	    "audience '%s' (%s). Participants are known by their codes only.</Description>\n",
	    q->title, vox_audience_name(q->audience), vox_audience_phrase(q->audience));
	g_string_append(x, "</Project>\n");
	g_hash_table_unref(used);
	g_hash_table_unref(case_sources);
	g_ptr_array_unref(cases);
	return x;
}

/*
 * libarchive failed while name (NULL: the zip as a whole) was written to path: the file
 * and the entry, libarchive's message and the system's reason when it has one ("No space
 * left on device"). The file system failed: an I/O error.
 */
static int
zip_error(struct archive *a, const char *path, const char *name)
{
	const char *msg = archive_error_string(a);
	int err = archive_errno(a);
	g_autofree char *reason = NULL;

	if (err > 0 && (!msg || !strstr(msg, g_strerror(err))))
		reason = g_strdup_printf("%s: %s", msg ? msg : "cannot write", g_strerror(err));
	else
		reason = g_strdup(msg ? msg : "cannot write");
	if (name)
		return vox_error_k(VOX_ERR_IO, DOMAIN, "'%s': writing '%s': %s", path, name,
		    reason);
	return vox_error_k(VOX_ERR_IO, DOMAIN, "'%s': %s", path, reason);
}

/* Starts an entry: a regular file of size bytes, owner 0, a fixed time. */
static int
entry(struct archive *a, const char *name, int64_t size, const char *path)
{
	struct archive_entry *e = archive_entry_new();
	int rc;

	archive_entry_set_pathname_utf8(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, size);
	/* No time: every entry gets zip's earliest date whatever the time zone, so the
	 * same project gives the same bytes (the project's own date is in project.qde). */
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (g_str_has_suffix(name, ".qde") || g_str_has_suffix(name, ".txt"))
		archive_write_zip_set_compression_deflate(a);
	else
		archive_write_zip_set_compression_store(a);
	rc = archive_write_header(a, e);
	archive_entry_free(e);
	if (rc != ARCHIVE_OK)
		return zip_error(a, path, name);
	return 0;
}

/* Writes the entry name holding data; its line goes to listed (the marker's). */
static int
add_data(struct archive *a, const char *name, const void *data, size_t len, const char *path,
    GPtrArray *listed)
{
	char hex[VOX_SHA256_HEX];

	if (entry(a, name, (int64_t)len, path) != 0)
		return -1;
	if (len && archive_write_data(a, data, len) != (la_ssize_t)len)
		return zip_error(a, path, name);
	vox_sha256_hex(data, len, hex);
	g_ptr_array_add(listed, g_strdup_printf("%s  %s", hex, name));
	return 0;
}

/* Copies a stored file of photo p (the photo, or its voice story when story is not NULL)
 * into the zip, hashing it as it goes (privacy rule 8); its line goes to listed. */
static int
add_stored(struct archive *a, const char *name, const struct vox_photo *p,
    const struct vox_audio *story, const char *path, GPtrArray *listed)
{
	const char *src = story ? story->path : p->path;
	const char *sha = story ? story->sha256 : p->sha256;
	int fd = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	vox_hash *h = NULL;
	struct stat st;
	char buf[1 << 16];
	ssize_t got;
	int ret = -1;

	if (fd < 0 || fstat(fd, &st) != 0) {
		vox_error_system_k(VOX_ERR_IO, DOMAIN, "'%s'", p->ref);
		goto out;
	}
	if (entry(a, name, st.st_size, path) != 0)
		goto out;
	h = vox_hash_new(VOX_HASH_SHA256);
	while ((got = read(fd, buf, sizeof buf)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			vox_error_system_k(VOX_ERR_IO, DOMAIN, "'%s'", p->ref);
			goto out;
		}
		vox_hash_update(h, buf, (size_t)got);
		if (archive_write_data(a, buf, (size_t)got) != got) {
			zip_error(a, path, name);
			goto out;
		}
	}
	if (strcmp(vox_hash_hex(h), sha) != 0) {
		vox_error(DOMAIN, "'%s': its stored %s changed while it was copied", p->ref,
		    story ? "voice story" : "file");
		goto out;
	}
	g_ptr_array_add(listed, g_strdup_printf("%s  %s", sha, name));
	ret = 0;
out:
	vox_hash_free(h);
	if (fd >= 0)
		close(fd);
	return ret;
}

static gint
name_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
vox_qdpx_write(const char *path, const struct vox_qdpx *q)
{
	g_autofree char *dir = g_path_get_dirname(path), *tmp = NULL;
	GString *qde = vox_qdpx_project(q);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GHashTable *photo_of = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *story_of_name = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *text_of = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *marker = NULL;
	struct archive *a = NULL;
	int fd = -1, ret = -1;

	/* Only a project photovox made that nobody changed is replaced: never a catalog, a
	 * photo, or a project a QDA program saved its coding into. */
	if (vox_output_file_replaceable(path, "qdpx") != 1)
		goto out;
	/* Sources/ then project.qde, each sorted by name. */
	for (guint i = 0; i < q->photos->len; i++) {
		const struct vox_photo *p = q->photos->pdata[i];
		char pic[VOX_UUID_LEN], txt[VOX_UUID_LEN];
		char *pn, *tn;

		guid(pic, "picture", p->sha256);
		guid(txt, "caption", p->sha256);
		pn = g_strdup_printf("Sources/%s.%s", pic, ext_of(p));
		tn = g_strdup_printf("Sources/%s.txt", txt);
		g_ptr_array_add(names, pn);
		g_ptr_array_add(names, tn);
		g_hash_table_insert(photo_of, pn, (gpointer)p);
		g_hash_table_insert(text_of, tn, caption_text(p, q->names));
		if (transcript_of(p)) {
			guid(txt, "transcript", p->sha256);
			tn = g_strdup_printf("Sources/%s.txt", txt);
			g_ptr_array_add(names, tn);
			g_hash_table_insert(text_of, tn, g_strdup(transcript_of(p)));
		}
		if (story_of(q, p)) {
			guid(pic, "audio", p->sha256);
			pn = g_strdup_printf("Sources/%s.%s", pic, story_of(q, p)->ext);
			g_ptr_array_add(names, pn);
			g_hash_table_insert(photo_of, pn, (gpointer)p);
			g_hash_table_insert(story_of_name, pn, (gpointer)story_of(q, p));
		}
	}
	g_ptr_array_sort(names, name_cmp);
	fd = vox_tmpfile(dir, &tmp);
	if (fd < 0)
		goto out;
	a = archive_write_new();
	if (archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		zip_error(a, path, NULL);
		goto out;
	}
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		const struct vox_photo *p = g_hash_table_lookup(photo_of, name);
		const char *text = g_hash_table_lookup(text_of, name);

		if (p ? add_stored(a, name, p, g_hash_table_lookup(story_of_name, name),
		    path, listed) != 0 :
		    add_data(a, name, text, strlen(text), path, listed) != 0)
			goto out;
	}
	if (add_data(a, "project.qde", qde->str, qde->len, path, listed) != 0)
		goto out;
	/* The marker last, listing every entry before it: what lets a later project
	 * replace this one, and nothing else. */
	marker = vox_output_listing("qdpx", listed);
	if (add_data(a, VOX_OUTPUT_MARKER, marker, strlen(marker), path, listed) != 0)
		goto out;
	if (archive_write_close(a) != ARCHIVE_OK) {
		zip_error(a, path, VOX_OUTPUT_MARKER);
		goto out;
	}
	archive_write_free(a);
	a = NULL;
	if (fchmod(fd, 0644) != 0) {
		vox_error_system_k(VOX_ERR_IO, DOMAIN, "'%s'", path);
		goto out;
	}
	/* The commit closes fd and removes the temporary file on failure too. */
	ret = vox_tmpfile_commit(fd, tmp, path);
	fd = -1;
	g_clear_pointer(&tmp, g_free);
out:
	if (a)
		archive_write_free(a);
	if (tmp)
		vox_tmpfile_abort(fd, tmp);
	g_hash_table_unref(photo_of);
	g_hash_table_unref(story_of_name);
	g_hash_table_unref(text_of);
	g_ptr_array_unref(names);
	g_string_free(qde, TRUE);
	return ret;
}
