-- A kept leaflet remembers how many pages it has, so that the values page
-- can say "2 pages, 61 KB" beside its link; 0 means not known.
ALTER TABLE pdf_cache ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
