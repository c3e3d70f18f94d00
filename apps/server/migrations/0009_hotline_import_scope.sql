-- A 12345 import belongs to the place of the person (or machine) who ran it, so the import list is
-- scoped like everything else: a subdistrict dispatcher sees the imports made for its subdistrict.
ALTER TABLE hotline_import ADD COLUMN unit_path ltree;
CREATE INDEX hotline_import_path ON hotline_import USING gist (unit_path);
CREATE INDEX hotline_import_created ON hotline_import (created_at DESC, id DESC);
