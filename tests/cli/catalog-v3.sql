-- A version-3 catalog (PRAGMA user_version = 3) made by photovox before the report was an
-- output kind, with an archive and a gallery recorded and the photos each holds: the fixture
-- of tests/cli/0701-migrate-report.t. The output of sqlite3 vox.db .dump, unedited below.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('created','2026-12-01T20:22:42Z');
INSERT INTO meta VALUES('title','Migration fixture');
CREATE TABLE pair (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT, cover_photo_id INTEGER REFERENCES photo(id)
  ON DELETE SET NULL);
INSERT INTO pair VALUES(1,'cornwall',NULL,NULL);
CREATE TABLE site (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT,
  pair_id INTEGER NOT NULL REFERENCES pair(id),
  setting TEXT NOT NULL CHECK (setting IN ('rural', 'urban', 'other')), cover_photo_id INTEGER REFERENCES photo(id)
  ON DELETE SET NULL);
INSERT INTO site VALUES(1,'truro-foodbank',NULL,1,'urban',NULL);
CREATE TABLE participant (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
  site_id INTEGER REFERENCES site(id) ON DELETE SET NULL, name TEXT,
  minor INTEGER NOT NULL DEFAULT 0,
  next_seq INTEGER NOT NULL DEFAULT 1);
INSERT INTO participant VALUES(1,'P01',1,NULL,0,3);
CREATE TABLE session (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,
  site_id INTEGER REFERENCES site(id) ON DELETE SET NULL, date TEXT);
CREATE TABLE photo (id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  ext TEXT NOT NULL, ref TEXT NOT NULL UNIQUE,
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  seq INTEGER NOT NULL,
  site_id INTEGER REFERENCES site(id), session_id INTEGER REFERENCES session(id),
  width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0,
  orientation INTEGER NOT NULL DEFAULT 1,
  audience INTEGER NOT NULL DEFAULT 1 CHECK (audience BETWEEN 0 AND 4),
  people INTEGER NOT NULL DEFAULT 3 CHECK (people BETWEEN 0 AND 3),
  sensitive INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0,
  source_name TEXT, added TEXT NOT NULL, changed TEXT NOT NULL, edited TEXT NOT NULL DEFAULT '', scrubbed TEXT, converted TEXT);
INSERT INTO photo VALUES(1,'8bf758488bcc79ed0c184c4b1e41b16f86e7957a975d31c9c8c4e092decddb6c','jpg','P01-01',1,1,1,NULL,100,68,1,3,0,0,0,'a.jpg','2026-12-01T20:22:43Z','2026-12-01T20:22:43Z','','',NULL);
INSERT INTO photo VALUES(2,'a9d1b5ee687a2da755cbb8ff0d9dedfc9fbc9c09b6051d9b6f1a5f1a1ec88965','jpg','P01-02',1,2,1,NULL,100,66,1,3,0,0,0,'b.jpg','2026-12-01T20:22:43Z','2026-12-01T20:22:43Z','','',NULL);
CREATE TABLE caption (photo_id INTEGER PRIMARY KEY REFERENCES photo(id)
  ON DELETE CASCADE,
  title TEXT, story TEXT, alt TEXT, lang TEXT,
  tr_lang TEXT, tr_title TEXT, tr_story TEXT, tr_alt TEXT, transcript TEXT, tr_transcript TEXT);
INSERT INTO caption VALUES(1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO caption VALUES(2,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE caption_prompt (photo_id INTEGER NOT NULL REFERENCES photo(id)
  ON DELETE CASCADE,
  translation INTEGER NOT NULL DEFAULT 0, key TEXT NOT NULL, answer TEXT NOT NULL,
  PRIMARY KEY (photo_id, translation, key));
CREATE TABLE theme (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT);
INSERT INTO theme VALUES(1,'meeting-new-people','Meeting new people');
INSERT INTO theme VALUES(2,'feeling-welcome','Feeling welcome');
INSERT INTO theme VALUES(3,'confidence-in-new-places','Confidence in new places');
INSERT INTO theme VALUES(4,'food-and-growing','Food and growing');
INSERT INTO theme VALUES(5,'nature-and-outdoors','Nature and the outdoors');
INSERT INTO theme VALUES(6,'community','Community');
INSERT INTO theme VALUES(7,'barriers-and-access','Barriers and access');
INSERT INTO theme VALUES(8,'making-and-doing','Making and doing');
INSERT INTO theme VALUES(9,'work-and-skills','Work and skills');
INSERT INTO theme VALUES(10,'home-and-belonging','Home and belonging');
CREATE TABLE photo_theme (photo_id INTEGER NOT NULL REFERENCES photo(id)
  ON DELETE CASCADE,
  theme_id INTEGER NOT NULL REFERENCES theme(id), position INTEGER NOT NULL,
  PRIMARY KEY (photo_id, theme_id));
CREATE TABLE prompt (key TEXT PRIMARY KEY, question TEXT NOT NULL,
  position INTEGER NOT NULL);
INSERT INTO prompt VALUES('see','What do you See here?',0);
INSERT INTO prompt VALUES('happening','What is really Happening here?',1);
INSERT INTO prompt VALUES('our-lives','How does this relate to Our lives?',2);
INSERT INTO prompt VALUES('why','Why does this situation (concern, or strength) exist?',3);
INSERT INTO prompt VALUES('do','What can we Do about it?',4);
CREATE TABLE tombstone (sha256 TEXT PRIMARY KEY, date TEXT NOT NULL);
CREATE TABLE event (id INTEGER PRIMARY KEY, time TEXT NOT NULL, tool TEXT NOT NULL,
  action TEXT NOT NULL, ref TEXT, detail TEXT);
INSERT INTO event VALUES(1,'2026-12-01T20:22:42Z','init','create',NULL,NULL);
INSERT INTO event VALUES(2,'2026-12-01T20:22:42Z','pair','add',NULL,'pair cornwall');
INSERT INTO event VALUES(3,'2026-12-01T20:22:42Z','site','add',NULL,'site truro-foodbank');
INSERT INTO event VALUES(4,'2026-12-01T20:22:43Z','ingest','add','P01-01','8bf758488bcc79ed0c184c4b1e41b16f86e7957a975d31c9c8c4e092decddb6c');
INSERT INTO event VALUES(5,'2026-12-01T20:22:43Z','ingest','add','P01-02','a9d1b5ee687a2da755cbb8ff0d9dedfc9fbc9c09b6051d9b6f1a5f1a1ec88965');
INSERT INTO event VALUES(6,'2026-12-01T20:22:43Z','ingest','ingest',NULL,'added 2, already present 0, refused 0');
CREATE TABLE output (id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('gallery', 'booklet', 'archive')),
  path TEXT NOT NULL UNIQUE,
  audience INTEGER NOT NULL CHECK (audience BETWEEN 1 AND 4),
  allow_sensitive_public INTEGER NOT NULL DEFAULT 0,
  options TEXT NOT NULL DEFAULT '{}', built TEXT NOT NULL);
INSERT INTO output VALUES(1,'archive','/tmp/fixture-bag.zip',3,0,'{"format":"zip","with_gallery":false}','2026-12-01T20:22:43Z');
INSERT INTO output VALUES(2,'gallery','/tmp/fixture-gallery',2,0,'{"lang":"en","strict":false}','2026-12-01T20:22:50Z');
CREATE TABLE output_photo (output_id INTEGER NOT NULL REFERENCES output(id)
  ON DELETE CASCADE,
  photo_id INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  PRIMARY KEY (output_id, photo_id));
INSERT INTO output_photo VALUES(1,1,'8bf758488bcc79ed0c184c4b1e41b16f86e7957a975d31c9c8c4e092decddb6c');
INSERT INTO output_photo VALUES(1,2,'a9d1b5ee687a2da755cbb8ff0d9dedfc9fbc9c09b6051d9b6f1a5f1a1ec88965');
INSERT INTO output_photo VALUES(2,1,'8bf758488bcc79ed0c184c4b1e41b16f86e7957a975d31c9c8c4e092decddb6c');
INSERT INTO output_photo VALUES(2,2,'a9d1b5ee687a2da755cbb8ff0d9dedfc9fbc9c09b6051d9b6f1a5f1a1ec88965');
CREATE TABLE name_lang (
  kind TEXT NOT NULL CHECK (kind IN ('pair', 'site', 'theme', 'prompt')),
  key TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (kind, key, lang));
CREATE TABLE audio (photo_id INTEGER PRIMARY KEY REFERENCES photo(id)
  ON DELETE CASCADE,
  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  ext TEXT NOT NULL, duration_ms INTEGER NOT NULL DEFAULT 0,
  source_name TEXT, added TEXT NOT NULL);
CREATE INDEX site_pair ON site(pair_id);
CREATE INDEX photo_site ON photo(site_id, audience);
CREATE INDEX photo_participant ON photo(participant_id, seq);
CREATE INDEX photo_session ON photo(session_id);
CREATE INDEX photo_audience ON photo(audience);
CREATE INDEX photo_theme_theme ON photo_theme(theme_id, photo_id);
CREATE INDEX output_photo_photo ON output_photo(photo_id);
COMMIT;
