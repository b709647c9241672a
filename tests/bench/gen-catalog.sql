-- A 100,000-photo catalog for bench-ls.sh, made in the schema `vox init` created (run with
-- sqlite3 on that vox.db after the pairs, sites and themes were declared with the tools).
-- Photos only: vox ls reads the catalog, never the stored files.
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE s AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM site;
CREATE TEMP TABLE t AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM theme;
-- 300 participants spread over the sites; 60 sessions.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO participant (code, site_id, next_seq)
SELECT printf('P%03d', i), s.id, 1 FROM n JOIN s ON s.k = i % (SELECT count(*) FROM s);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO session (slug, site_id, date)
SELECT printf('2026-%02d-%02d-s%d', 1 + i % 12, 1 + i % 28, i), s.id,
  printf('2026-%02d-%02d', 1 + i % 12, 1 + i % 28)
FROM n JOIN s ON s.k = i % (SELECT count(*) FROM s);
CREATE TEMP TABLE se AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM session;
-- 100,000 photos: each participant's photos at their home site, running numbers per
-- participant, consent and people spread over every value.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
INSERT INTO photo (sha256, ext, ref, participant_id, seq, site_id, session_id, width, height,
  orientation, audience, people, sensitive, minor, source_name, added, changed)
SELECT lower(hex(randomblob(32))), 'jpg',
  printf('P%03d-%02d', 1 + i % 300, 1 + i / 300), p.id, 1 + i / 300, p.site_id, se.id,
  4032, 3024, 1, 1 + abs(random()) % 4, abs(random()) % 4, (abs(random()) % 20 = 0), 0,
  printf('IMG_%04d.JPG', i % 10000), '2026-05-12T10:00:00Z', '2026-05-12T10:00:00Z'
FROM n JOIN participant p ON p.code = printf('P%03d', 1 + i % 300)
  JOIN se ON se.k = i % 60;
UPDATE participant SET next_seq = 1 + (SELECT max(seq) FROM photo
  WHERE participant_id = participant.id);
-- Captions on seven photos in ten, alt text on half, a SHOWeD answer on a third.
INSERT INTO caption (photo_id, title, story, alt, lang)
SELECT id, 'Title of photo ' || id, 'The story behind photo ' || id || '.',
  CASE WHEN id % 2 = 0 THEN 'What is visible in photo ' || id END, 'en'
FROM photo WHERE id % 10 < 7;
INSERT INTO caption_prompt (photo_id, translation, key, answer)
SELECT id, 0, 'see', 'What I see in ' || id FROM photo WHERE id % 3 = 0;
-- One or two themes per photo, one in ten untagged.
INSERT INTO photo_theme (photo_id, theme_id, position)
SELECT p.id, t.id, 0 FROM photo p JOIN t ON t.k = p.id % (SELECT count(*) FROM t)
WHERE p.id % 10 <> 9;
INSERT OR IGNORE INTO photo_theme (photo_id, theme_id, position)
SELECT p.id, t.id, 1 FROM photo p JOIN t ON t.k = (p.id / 7) % (SELECT count(*) FROM t)
WHERE p.id % 2 = 0;
COMMIT;
ANALYZE;
