-- While storage is full, Ethos checks every second whether there is room
-- again by writing a few pages of random bytes here and deleting them
-- (src/storage/space.rs). The table is empty between probes.
CREATE TABLE storage_probe (
    id BIGSERIAL PRIMARY KEY,
    filler BYTEA NOT NULL
);
