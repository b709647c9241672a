/*
 * vox caption — sets a photo's caption from options, or opens it in $EDITOR in the sidecar
 * form (the form vox ingest reads) and stores what comes back once it is valid. With
 * neither, prints the caption in sidecar form.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vox/audio.h"
#include "vox/caption.h"
#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/file.h"

#include "lib/cli.h"
#include "lib/outputs.h"

static const char usage[] =
    "usage: vox caption [-q] [-C DIR] ID [--title TEXT] [--story TEXT] [--alt TEXT]\n"
    "                   [--lang TAG] [--prompt KEY=TEXT]... [--translation-lang TAG]\n"
    "                   [--translation-title TEXT] [--translation TEXT]\n"
    "                   [--translation-alt TEXT] [--transcript TEXT]\n"
    "                   [--translation-transcript TEXT] [--audio FILE]\n"
    "       vox caption [-q] [-C DIR] --edit ID\n";

enum {
	OPT_TITLE = 256, OPT_STORY, OPT_ALT, OPT_LANG, OPT_PROMPT, OPT_TR_LANG, OPT_TR_TITLE,
	OPT_TR_STORY, OPT_TR_ALT, OPT_TR_TRANSCRIPT, OPT_TRANSCRIPT, OPT_EDIT, OPT_AUDIO,
};

/* An empty value clears the field. */
static void
set(char **field, const char *v)
{
	g_free(*field);
	*field = *v ? g_strdup(v) : NULL;
}

/* Runs the editor on path and waits for it; 0 when it exited 0. */
static int
run_editor(const char *path)
{
	const char *editor = g_getenv("VISUAL");
	char *argv[] = { "sh", "-c", NULL, "sh", (char *)path, NULL };
	char *cmd;
	int status = -1;
	GError *err = NULL;

	if (!editor || !*editor)
		editor = g_getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	/* Through the shell, as git does, so "EDITOR='code --wait'" works. */
	cmd = g_strdup_printf("%s \"$1\"", editor);
	argv[2] = cmd;
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN,
	    NULL, NULL, NULL, NULL, &status, &err)) {
		vox_error("caption", "'%s': %s", editor, err->message);
		g_error_free(err);
		g_free(cmd);
		return -1;
	}
	g_free(cmd);
	if (!g_spawn_check_wait_status(status, NULL))
		return vox_error("caption", "'%s': the editor failed; caption unchanged", editor);
	return 0;
}

/* Whether two theme lists hold the same slugs in the same order. */
static int
same_list(GPtrArray *a, GPtrArray *b)
{
	if (a->len != b->len)
		return 0;
	for (guint i = 0; i < a->len; i++)
		if (strcmp(a->pdata[i], b->pdata[i]) != 0)
			return 0;
	return 1;
}

/* Applies an edited sidecar: caption text, themes and consent as written. */
static int
apply_edit(vox_catalog *cat, struct vox_photo *p, struct vox_caption *e)
{
	GPtrArray *remove = g_ptr_array_new();
	int audience = -1, people = -1, ret = -1;

	if (e->consent) {
		audience = vox_audience_parse(e->consent);
		if (audience <= 0) {
			vox_error("caption", "Consent: '%s': not an audience (private, group, "
			    "report, public)", e->consent);
			goto out;
		}
	}
	if (e->people && (people = vox_people_parse(e->people)) < 0) {
		vox_error("caption", "People: '%s': none, consented, unconsented or unknown",
		    e->people);
		goto out;
	}
	if (vox_catalog_resolve_themes(cat, e) != 0)
		goto out;
	if (vox_catalog_set_caption(cat, p->sha256, e) != 0)
		goto out;
	if (!same_list(e->themes, p->caption->themes)) {
		for (guint i = 0; i < p->caption->themes->len; i++)
			g_ptr_array_add(remove, p->caption->themes->pdata[i]);
		if (vox_catalog_tag(cat, p->sha256, NULL, remove) < 0 ||
		    vox_catalog_tag(cat, p->sha256, e->themes, NULL) < 0)
			goto out;
	}
	if ((audience >= 0 && audience != (int)p->audience) ||
	    (people >= 0 && people != (int)p->people) ||
	    (e->sensitive != VOX_FLAG_UNSET && e->sensitive != p->sensitive) ||
	    (e->minor != VOX_FLAG_UNSET && e->minor != p->minor)) {
		if (vox_catalog_set_consent(cat, p->sha256, audience, people, e->sensitive,
		    e->minor) != 0)
			goto out;
	}
	ret = 0;
out:
	g_ptr_array_unref(remove);
	return ret;
}

/* Opens the caption in $EDITOR in sidecar form; prompts are the collection's keys. */
/* The edit form of p's caption, its comments listing the collection's themes and the
 * questions of its prompts. NULL with an error when the catalog cannot be read. */
static char *
edit_form(vox_catalog *cat, const struct vox_photo *p, const char *const *prompts)
{
	GPtrArray *themes = vox_catalog_themes(cat), *qs = vox_catalog_prompts(cat);
	GPtrArray *names = g_ptr_array_new(), *questions = g_ptr_array_new();
	char *form = NULL;

	if (!themes || !qs)
		goto out;
	for (guint i = 0; i < themes->len; i++) {
		const struct vox_theme *t = g_ptr_array_index(themes, i);

		g_ptr_array_add(names, t->name && *t->name ? t->name : t->slug);
	}
	g_ptr_array_add(names, NULL);
	/* The questions in the order of prompts, which the catalog gives in the same. */
	for (size_t i = 0; prompts[i]; i++) {
		const char *q = NULL;

		for (guint j = 0; j < qs->len; j++) {
			const struct vox_prompt *pr = g_ptr_array_index(qs, j);

			if (strcmp(pr->key, prompts[i]) == 0)
				q = pr->question;
		}
		g_ptr_array_add(questions, (char *)q);
	}
	form = vox_caption_form(p->caption, prompts, (const char *const *)questions->pdata,
	    (const char *const *)names->pdata);
out:
	if (themes)
		g_ptr_array_unref(themes);
	if (qs)
		g_ptr_array_unref(qs);
	g_ptr_array_unref(names);
	g_ptr_array_unref(questions);
	return form;
}

static int
edit(vox_catalog *cat, struct vox_photo *p, const char *const *prompts)
{
	char *form = edit_form(cat, p, prompts);
	char *tmp = NULL, *name = NULL, *data = NULL;
	gsize len;
	int fd = -1, ret = -1;
	GError *err = NULL;
	struct vox_caption *e = NULL;

	if (!form)
		return -1;
	name = g_strdup_printf("%s.txt", p->ref);
	fd = g_file_open_tmp("vox-caption-XXXXXX.txt", &tmp, &err);
	if (fd < 0) {
		vox_error("caption", "temporary file: %s", err->message);
		g_error_free(err);
		goto out;
	}
	if (vox_write_all(fd, form, strlen(form)) != 0 || close(fd) != 0) {
		fd = -1;
		vox_error_system("caption", "'%s'", tmp);
		goto out;
	}
	fd = -1;
	if (run_editor(tmp) != 0)
		goto out;
	if (!g_file_get_contents(tmp, &data, &len, &err)) {
		vox_error("caption", "'%s': %s", tmp, err->message);
		g_error_free(err);
		goto out;
	}
	e = vox_caption_form_parse(name, data, len, prompts);
	if (!e || apply_edit(cat, p, e) != 0) {
		/* Keep the user's work: say where it is rather than delete it. */
		char *msg = g_strdup(vox_error_message());
		enum vox_error_kind kind = vox_error_kind();

		vox_error_k(kind, "caption", "%s (your edit is kept in '%s')", msg, tmp);
		g_free(msg);
		g_free(tmp);
		tmp = NULL;
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp)
		g_unlink(tmp);
	vox_caption_free(e);
	g_free(tmp);
	g_free(name);
	g_free(form);
	g_free(data);
	return ret;
}

/* vox caption ID --audio FILE: the photo's voice story, scrubbed, added or replaced. */
static int
add_audio(vox_catalog *cat, const struct vox_photo *p, const char *file)
{
	int64_t ms = 0;
	char *len;

	if (vox_audio_add_file(cat, p, file, "caption", &ms) != 0) {
		vox_warn_error();
		return vox_cli_exit_status(vox_error_kind());
	}
	len = vox_audio_length(ms);
	vox_warn("%s: voice story kept (%s)", p->ref, len);
	g_free(len);
	if (!p->caption->transcript)
		vox_warn("%s: the voice story has no transcript; add one with --transcript",
		    p->ref);
	return VOX_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "story", required_argument, NULL, OPT_STORY },
		{ "alt", required_argument, NULL, OPT_ALT },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "prompt", required_argument, NULL, OPT_PROMPT },
		{ "translation-lang", required_argument, NULL, OPT_TR_LANG },
		{ "translation-title", required_argument, NULL, OPT_TR_TITLE },
		{ "translation", required_argument, NULL, OPT_TR_STORY },
		{ "translation-alt", required_argument, NULL, OPT_TR_ALT },
		{ "edit", no_argument, NULL, OPT_EDIT },
		{ "transcript", required_argument, NULL, OPT_TRANSCRIPT },
		{ "translation-transcript", required_argument, NULL, OPT_TR_TRANSCRIPT },
		{ "audio", required_argument, NULL, OPT_AUDIO },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	int c, status = VOX_EXIT_OK, do_edit = 0, changes = 0;
	vox_catalog *cat;
	struct vox_photo *p = NULL;
	char **prompts = NULL;
	struct vox_caption *n = vox_caption_new();
	struct vox_caption *tr = vox_caption_new();
	int set_title = 0, set_story = 0, set_alt = 0, set_lang = 0;
	int tr_lang = 0, tr_title = 0, tr_story = 0, tr_alt = 0, tr_transcript = 0;
	int set_transcript = 0;
	const char *audio = NULL;

	vox_cli_init("caption");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h':
			fputs(usage, stdout);
			vox_caption_free(n);
			vox_caption_free(tr);
			return VOX_EXIT_OK;
		case 'q': vox_cli_set_quiet(1); break;
		case OPT_TITLE: set(&n->title, optarg); set_title = 1; break;
		case OPT_STORY: set(&n->story, optarg); set_story = 1; break;
		case OPT_ALT: set(&n->alt, optarg); set_alt = 1; break;
		case OPT_LANG: set(&n->lang, optarg); set_lang = 1; break;
		case OPT_PROMPT: {
			const char *eq = strchr(optarg, '=');
			char *key;

			if (!eq || eq == optarg)
				vox_die(VOX_EXIT_USAGE, "'%s': --prompt is KEY=TEXT", optarg);
			key = g_strndup(optarg, (gsize)(eq - optarg));
			vox_caption_set_prompt(n, key, eq + 1);
			g_free(key);
			break;
		}
		case OPT_TR_LANG: set(&tr->lang, optarg); tr_lang = 1; break;
		case OPT_TR_TITLE: set(&tr->title, optarg); tr_title = 1; break;
		case OPT_TR_STORY: set(&tr->story, optarg); tr_story = 1; break;
		case OPT_TR_ALT: set(&tr->alt, optarg); tr_alt = 1; break;
		case OPT_TR_TRANSCRIPT: set(&tr->transcript, optarg); tr_transcript = 1; break;
		case OPT_TRANSCRIPT: set(&n->transcript, optarg); set_transcript = 1; break;
		case OPT_AUDIO: audio = optarg; break;
		case OPT_EDIT: do_edit = 1; break;
		default: vox_usage(usage);
		}
		changes += c >= OPT_TITLE && c <= OPT_TRANSCRIPT;
	}
	if (argc - optind != 1 || (do_edit && (changes || audio)))
		vox_usage(usage);
	cat = vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		vox_caption_free(n);
		vox_caption_free(tr);
		return VOX_EXIT_IO;
	}
	prompts = vox_catalog_prompt_keys(cat);
	if (!prompts) {
		vox_warn_error();
		status = VOX_EXIT_IO;
		goto out;
	}
	p = vox_catalog_photo(cat, argv[optind]);
	if (!p) {
		vox_warn_error();
		status = VOX_EXIT_REFUSED;
		goto out;
	}
	if (do_edit) {
		if (edit(cat, p, (const char *const *)prompts) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			vox_note("%s: caption saved", p->ref);
		}
	} else if (changes) {
		struct vox_caption *cur = p->caption;

		/* Options change only the fields they name; the rest stays. */
		if (set_title)
			set(&cur->title, n->title ? n->title : "");
		if (set_story)
			set(&cur->story, n->story ? n->story : "");
		if (set_alt)
			set(&cur->alt, n->alt ? n->alt : "");
		if (set_lang)
			set(&cur->lang, n->lang ? n->lang : "");
		if (set_transcript)
			set(&cur->transcript, n->transcript ? n->transcript : "");
		for (guint i = 0; i < n->prompt_keys->len; i++)
			vox_caption_set_prompt(cur, n->prompt_keys->pdata[i],
			    n->prompt_answers->pdata[i]);
		if (tr_lang || tr_title || tr_story || tr_alt || tr_transcript) {
			if (!cur->translation)
				cur->translation = vox_caption_new();
			if (tr_lang)
				set(&cur->translation->lang, tr->lang ? tr->lang : "");
			if (tr_title)
				set(&cur->translation->title, tr->title ? tr->title : "");
			if (tr_story)
				set(&cur->translation->story, tr->story ? tr->story : "");
			if (tr_alt)
				set(&cur->translation->alt, tr->alt ? tr->alt : "");
			if (tr_transcript)
				set(&cur->translation->transcript,
				    tr->transcript ? tr->transcript : "");
		}
		if (vox_catalog_set_caption(cat, p->sha256, cur) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			/* The fields given, as the options name them. */
			GString *f = g_string_new(NULL);

			g_string_append(f, set_title ? ", title" : "");
			g_string_append(f, set_story ? ", story" : "");
			g_string_append(f, set_alt ? ", alt text" : "");
			g_string_append(f, set_lang ? ", lang" : "");
			g_string_append(f, set_transcript ? ", transcript" : "");
			for (guint i = 0; i < n->prompt_keys->len; i++)
				g_string_append_printf(f, ", %s", (char *)n->prompt_keys->pdata[i]);
			g_string_append(f, tr_lang || tr_title || tr_story || tr_alt || tr_transcript ?
			    ", translation" : "");
			vox_note("%s: %s set", p->ref, f->str + 2);
			g_string_free(f, TRUE);
		}
	}
	if (audio && status == VOX_EXIT_OK)
		status = add_audio(cat, p, audio);
	/* An output built with the old caption is stale now (a name taken out of a story is
	 * still there): it is named, as withdraw names the outputs that hold a photo. */
	if ((do_edit || changes || audio) && status == VOX_EXIT_OK)
		vox_cli_stale_outputs(cat, p->rowid, "the old caption is still in");
	if (!do_edit && !changes && !audio) {
		g_autofree char *form = vox_sidecar_format(p->caption,
		    (const char *const *)prompts);
		/* The caption's own words: escaped on a terminal, exact into a file to edit. */
		g_autofree char *shown = vox_cli_text(stdout, form, 1);

		fputs(shown, stdout);
	}
out:
	vox_photo_free(p);
	g_strfreev(prompts);
	vox_caption_free(n);
	vox_caption_free(tr);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
