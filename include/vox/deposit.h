#ifndef VOX_DEPOSIT_H
#define VOX_DEPOSIT_H

/*
 * What a bag carries for a data service and an analysis tool beside its photos
 * (vox/archive.h): the readable columns of captions.csv, themes.csv, the anonymisation
 * log, the consent record and the RO-Crate metadata. Each is built from photos that the
 * caller has already selected by the consent rule (vox_consent_allows()) for the bag's
 * audience; nothing here selects, and no private field (a participant's real name, a
 * photo's source file name) is read. CSVs are RFC 4180 with CRLF, UTF-8 with a BOM,
 * every cell quoted (vox_csv_cell()).
 */

#include <stddef.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"

/*
 * The columns captions.csv gains after its own: pair_name, site_name, theme_names (the
 * themes' names, "; " between them), a 0/1 column theme_<slug> per declared theme, and a
 * column per prompt headed by its short label ("Our lives" for our-lives). The head
 * appends ",…" cells to a header row, the row the same for photo p.
 */
void vox_deposit_captions_head(GString *s, const struct vox_catalog_names *n);
void vox_deposit_captions_row(GString *s, const struct vox_catalog_names *n,
    const struct vox_photo *p);

/* A prompt's short label: its key with hyphens as spaces and a capital first letter
 * ("our-lives" gives "Our lives"). Newly allocated. */
char *vox_deposit_prompt_label(const char *key);

/* themes.csv: ref, theme, theme_name, one row per photo and theme. */
GString *vox_deposit_themes_csv(GPtrArray *photos, const struct vox_catalog_names *n);

/*
 * anonymisation-log.csv: per photo, what ingest removed by the audit's categories
 * (scrub_recorded "no" and empty counts for a photo whose record predates it or came in a
 * bag), the conversion ("HEIC to JPEG"), and its redactions from the catalog's events
 * (how many, the boxes drawn, their dates). Categories and counts only, never the values.
 * events: vox_catalog_photo_events().
 */
GString *vox_deposit_anonymisation_csv(GPtrArray *photos, GPtrArray *events);

/*
 * consent.csv: per photo its consent now (audience, people, sensitive, minor, and whose
 * consent it is: the participant's, or a guardian's for a minor), the date it was given
 * (the first vox consent, else the day the photo was added with it), the date it last
 * changed and how many times it changed, from the catalog's events.
 */
GString *vox_deposit_consent_csv(GPtrArray *photos, GPtrArray *events);

/* A file of the bag's payload other than a photo, as the RO-Crate describes it. */
struct vox_crate_part {
	const char *name;        /* under data/: "captions.csv" */
	const char *format;      /* media type: "text/csv" */
	const char *description; /* a sentence for the preview */
	const GString *data;     /* its bytes */
	const char *dataset;     /* the folder it belongs to, "report/", or NULL: the folder
	                          * is a Dataset of its own, part of the root, with the file
	                          * as its part */
};

/* What the RO-Crate metadata of a bag describes. */
struct vox_crate {
	const char *title;       /* the collection's */
	const char *identifier;  /* vox_deposit_identifier() */
	int64_t time;            /* the bag's time: datePublished is its date (UTC) */
	enum vox_audience audience;
	int allow_sensitive_public;
	GPtrArray *photos;       /* struct vox_photo *, as in the bag, selected by consent */
	GPtrArray *files;        /* their names under data/ (char *), in the same order */
	GPtrArray *stories;      /* their voice stories in the bag (struct vox_audio *, or
	                          * NULL), in the same order; NULL: none */
	GPtrArray *story_files;  /* those stories' names under data/ (char *, or NULL) */
	const struct vox_catalog_names *names;
	const struct vox_crate_part *parts;
	size_t n_parts;
};

/* A UUID as text: 36 characters and a NUL. */
#define VOX_UUID_LEN 37

/*
 * A UUID derived from data (version 8 of RFC 9562: the first 128 bits of its SHA-256 with
 * the version and variant bits set), lowercase, into out: the same data, the same UUID.
 */
void vox_deposit_uuid(const void *data, size_t len, char out[VOX_UUID_LEN]);

/*
 * An identifier derived from the content alone, so that the same selection gives the same
 * bag: "urn:uuid:" and a UUID (version 8, RFC 9562) made of the first 128 bits of the
 * SHA-256 of every photo's name and hash and every part's name and bytes. Newly
 * allocated.
 */
char *vox_deposit_identifier(const struct vox_crate *c);

/*
 * data/ro-crate-metadata.json (RO-Crate 1.1): the dataset (name, description,
 * datePublished, temporalCoverage from the sessions' dates, licence and audience as the
 * consent given, keywords = the themes' names, spatialCoverage = the sites' names only,
 * identifier), each photo a File (encodingFormat, contentSize, sha256, about = its themes,
 * dateCreated = its session's date only), each voice story a File the same way (about = its
 * photo and its photo's themes) and each part a File. No participant, no caption
 * text, no place finer than a site's name.
 */
GString *vox_deposit_crate_json(const struct vox_crate *c);

/* data/ro-crate-preview.html: the same for people, with the JSON-LD inside. */
GString *vox_deposit_crate_preview(const struct vox_crate *c, const GString *json);

#endif
