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

#include <glib.h>

#include "vox/catalog.h"

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

#endif
